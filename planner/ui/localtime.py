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
