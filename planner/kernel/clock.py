"""The one source of time for Solace.

Every "now" and "today" in the app comes from here, so tests can freeze time and so a day is
always a day in the person's own time zone. Nothing reads the clock at import time.

Set ``PLANNER_CLOCK_START`` to an ISO date-time (e.g. ``2026-11-24T23:59:30+14:00``; without an
offset it is read in the server's zone) to start the app's clock there: it then runs on at the
normal pace. Browser tests use this to try the app near midnight; people never need it.
``PLANNER_CLOCK_FILE`` names a file holding such a date-time instead: the clock starts there,
and again from the new moment each time the file is rewritten, so a test can move a running
app on to the next day (as a server left running overnight sees it).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

START_VARIABLE = "PLANNER_CLOCK_START"
FILE_VARIABLE = "PLANNER_CLOCK_FILE"


class _State:
    frozen_at: float | None = None  # epoch seconds while a test holds the clock still
    offset: float | None = None  # added to the real time: START_VARIABLE read once, or the file
    file_start: str | None = None  # what the clock file said when last read


def _offset_to(start: str) -> float:
    """What to add to the real time for the clock to read ``start`` now (none if empty)."""
    if not start:
        return 0.0
    moment = datetime.fromisoformat(start)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp() - time.time()


def _offset() -> float:
    path = os.environ.get(FILE_VARIABLE, "").strip()
    if path:
        try:  # read on every look (tests only): a rewrite within a tick keeps its mtime
            start = Path(path).read_text().strip()
        except OSError:
            start = ""
        if _State.offset is None or start != _State.file_start:
            _State.file_start = start
            _State.offset = _offset_to(start)
    elif _State.offset is None:
        _State.offset = _offset_to(os.environ.get(START_VARIABLE, "").strip())
    return _State.offset


def timestamp() -> float:
    """Seconds since the epoch, now."""
    if _State.frozen_at is not None:
        return _State.frozen_at
    return time.time() + _offset()


def now() -> datetime:
    """Now, as an aware UTC date-time."""
    return datetime.fromtimestamp(timestamp(), UTC)


def server_zone() -> tzinfo:
    """The zone of the machine Solace runs on (``TZ`` if set)."""
    return datetime.now().astimezone().tzinfo or UTC


def zone_named(name: str | None) -> tzinfo:
    """The IANA zone ``name`` (as a browser reports it), or the server's zone if unknown."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return server_zone()


def local_now(zone: tzinfo) -> datetime:
    return now().astimezone(zone)


def today(zone: tzinfo) -> date:
    """The calendar day it is now in ``zone``."""
    return local_now(zone).date()


def latest_day() -> date:
    """The latest day that has begun anywhere on Earth (UTC+14): no record may be later."""
    return (now() + timedelta(hours=14)).date()


class Frozen:
    """A held clock: ``advance`` moves it on by hand."""

    def advance(self, seconds: float) -> None:
        assert _State.frozen_at is not None
        _State.frozen_at += seconds

    def set(self, moment: datetime | float) -> None:
        _State.frozen_at = moment.timestamp() if isinstance(moment, datetime) else moment

    @property
    def now(self) -> float:
        assert _State.frozen_at is not None
        return _State.frozen_at


@contextmanager
def frozen(at: datetime | float) -> Iterator[Frozen]:
    """Hold the clock at ``at`` (an aware date-time or epoch seconds) until the block ends."""
    before = _State.frozen_at
    handle = Frozen()
    handle.set(at)
    try:
        yield handle
    finally:
        _State.frozen_at = before
