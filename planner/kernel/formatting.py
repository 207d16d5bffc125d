"""How times read on screen, in one place.

The countdown in the browser formats its clock the same way (``clock`` in
planner/ui/run/countdown/countdown.js); ``CLOCK_CASES`` pins both: a unit test checks this
module against it and a browser test checks the JavaScript.
"""

from __future__ import annotations

import math
import re

# (seconds left, what the clock shows). A part second left counts as a whole one, so the
# clock reads 0:01 until the very end and 0:00 only when the time is up.
CLOCK_CASES: tuple[tuple[float, str], ...] = (
    (-3, "0:00"), (0, "0:00"), (0.0000001, "0:00"), (0.2, "0:01"), (1, "0:01"),
    (1.5, "0:02"), (59.2, "1:00"), (60, "1:00"), (61, "1:01"), (125, "2:05"),
    (599.9, "10:00"), (3600, "60:00"), (3725, "62:05"),
)


def whole_seconds(seconds: float) -> int:
    """Seconds done, as a whole number: one rounding for every "done" figure (the stop
    question, the session saved, the log)."""
    return max(0, round(seconds))


def format_clock(seconds: float) -> str:
    """Time left on a countdown: ``125`` -> ``"2:05"``; hours roll into minutes, as on a
    kitchen timer."""
    whole = max(0, math.ceil(seconds - 1e-6))
    return f"{whole // 60}:{whole % 60:02d}"


def format_total(seconds: int) -> str:
    """``750`` -> ``"12 min 30 s"``: for totals read at a glance."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


def format_ahead(minutes: int) -> str:
    """How long before something a reminder comes, in words: ``1440`` -> ``"1 day"``,
    ``120`` -> ``"2 h"``, ``90`` -> ``"1 h 30 min"``."""
    days, rest = divmod(max(0, int(minutes)), 24 * 60)
    hours, rest = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}" if days else "",
             f"{hours} h" if hours else "", f"{rest} min" if rest else ""]
    return " ".join(part for part in parts if part) or "0 min"


def format_long(seconds: int) -> str:
    """Totals that can run to many hours: ``37_860`` -> ``"10 h 31 min"``."""
    seconds = max(0, int(seconds))
    if seconds < 2 * 3600:
        return format_total(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours:,} h {rest // 60} min"


_DURATION = re.compile(
    r"^\s*(?:(?P<clock_m>\d+):(?P<clock_s>[0-5]?\d)"  # 2:30
    r"|(?P<minutes>\d+(?:[.,]\d+)?)\s*m(?:in(?:ute)?s?)?(?:\s*(?P<and_s>\d+)\s*s(?:ec(?:ond)?s?)?)?"
    r"|(?P<seconds>\d+)\s*(?:s(?:ec(?:ond)?s?)?)?)\s*$",  # 150, 150 s
    re.IGNORECASE,
)


def parse_duration(text: str) -> int | None:
    """A duration as a person types it, in whole seconds; None if it isn't one.

    ``2:30``, ``150``, ``150 s``, ``2 min``, ``2.5 min``, ``2m 30s``: a bare number is seconds.
    """
    found = _DURATION.match(text or "")
    if not found:
        return None
    parts = found.groupdict()
    if parts["clock_m"] is not None:
        return int(parts["clock_m"]) * 60 + int(parts["clock_s"])
    if parts["minutes"] is not None:
        seconds = float(parts["minutes"].replace(",", ".")) * 60 + int(parts["and_s"] or 0)
        return round(seconds)
    return int(parts["seconds"])
