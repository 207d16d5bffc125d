"""The person's own time: their browser's zone where it says, the server's otherwise."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

import streamlit as st

from planner.kernel import clock


def zone() -> tzinfo:
    return clock.zone_named(st.context.timezone)


def zone_name() -> str:
    return str(zone())


def today() -> date:
    return clock.today(zone())


def now() -> datetime:
    return clock.local_now(zone())


def shown(moment: datetime, pattern: str = "%a %d %b %Y, %H:%M") -> str:
    """A stored (UTC) moment as the person reads it on their own clock."""
    return moment.astimezone(zone()).strftime(pattern)


def shown_span(start: datetime, end: datetime) -> str:
    """From start to end on the person's clock: "Tue 01 Dec 2026, 21:31–21:46", the day said
    again only if it ends on another."""
    ends = end.astimezone(zone())
    same_day = ends.date() == start.astimezone(zone()).date()
    return f"{shown(start)}–{ends:%H:%M}" if same_day else (
        f"{shown(start)} – {ends:%a %d %b, %H:%M}")
