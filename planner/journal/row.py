"""A history row's line on the Log page, as one piece of HTML: the day or the routine, and
what was logged.

One escaped HTML element rather than Streamlit's markdown: the browser draws it in about half
the time, and the history shows ten rows at first (planner/tools/visits.py). Everything a
person typed (a routine's name) is escaped, so it reads as text and never runs as markup. The
look is in planner/ui/assets/solace.css.
"""

from __future__ import annotations

from html import escape

from planner.journal.model import CheckIn, Session
from planner.kernel.formatting import format_total

SAMPLE_BADGE = '<span class="solace-badge solace-badge-orange">Sample</span> '


def _rating(value: int | None) -> str:
    return "–" if value is None else str(value)


def _rated(value: int | None) -> str:
    return "not rated" if value is None else str(value)


def _line(parts: list[str], sample: bool, second: str | None = None) -> str:
    line = (SAMPLE_BADGE if sample else "") + " · ".join(parts)
    if second:
        line += f'<br><span class="solace-muted">{second}</span>'
    return f'<p class="solace-row">{line}</p>'


def checkin_html(checkin: CheckIn) -> str:
    """``Tue 01 Dec 2026 · stress 3 · swelling 2 · pain 1 · sleep 7 · socks 8 h``."""
    socks = "no socks"
    if checkin.socks:
        socks = "socks" + (f" {checkin.sock_hours:g} h" if checkin.sock_hours else "")
    parts = [f"<strong>{checkin.day:%a %d %b %Y}</strong>", f"stress {checkin.stress}",
             f"swelling {_rated(checkin.swelling)}", f"pain {_rated(checkin.pain)}",
             f"sleep {_rated(checkin.sleep)}", socks]
    if checkin.pulse is not None:
        parts.append(f"pulse {checkin.pulse}")
    if checkin.systolic is not None:
        parts.append(f"BP {checkin.systolic}/{checkin.diastolic}")
    return _line(parts, checkin.is_sample)


def stress_text(session: Session) -> str:
    if session.stress_before is None and session.stress_after is None:
        return "no stress rating"
    return f"stress {_rating(session.stress_before)} → {_rating(session.stress_after)}"


def session_html(session: Session, when: str) -> str:
    """``Evening calm · 12 min · stress 6 → 3``, and below it ``when`` it started."""
    parts = [f"<strong>{escape(session.routine_name)}</strong>",
             format_total(session.actual_seconds), stress_text(session)]
    if not session.completed:
        parts.append("stopped early")
    if session.source == "manual":
        parts.append("logged by hand")
    return _line(parts, session.is_sample, escape(when))
