"""The one source of time for Solace.

Every "now" and "today" in the app comes from here, so tests can freeze time and so a day is
always a day in the person's own time zone. Nothing reads the clock at import time.

Set ``PLANNER_CLOCK_START`` to an ISO date-time (e.g. ``2026-11-24T23:59:30+14:00``; without an
offset it is read in the server's zone) to start the app's clock there: it then runs on at the
normal pace. Browser tests use this to try the app near midnight; people never need it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

START_VARIABLE = "PLANNER_CLOCK_START"


class _State:
    frozen_at: float | None = None  # epoch seconds while a test holds the clock still
    offset: float | None = None  # added to the real time; read from START_VARIABLE once


def _offset() -> float:
    if _State.offset is None:
        start = os.environ.get(START_VARIABLE, "").strip()
        _State.offset = 0.0
        if start:
            moment = datetime.fromisoformat(start)
            if moment.tzinfo is None:
                moment = moment.astimezone()
            _State.offset = moment.timestamp() - time.time()
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
