"""Shared test settings, and the one clock every test reads.

``PLANNER_TEST_NOW`` (an ISO date-time; without an offset it is read in ``TZ``) holds the app's
clock still at that moment for the whole run: tests/test_any_hour.py runs the page tests again
that way, near midnight and near 20:00, in zones far from UTC.
"""

import os
from datetime import date, datetime

import pytest
from hypothesis import settings

from planner.kernel import clock

# Speed is measured by the benchmark (python -m planner.bench), not by per-example deadlines,
# which fail at random on a busy 2-core CI machine.
settings.register_profile("solace", deadline=None)
settings.load_profile("solace")

TEST_NOW_VARIABLE = "PLANNER_TEST_NOW"


def _pinned_now() -> datetime | None:
    value = os.environ.get(TEST_NOW_VARIABLE, "").strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.astimezone()


@pytest.fixture(autouse=True)
def held_clock():
    """With PLANNER_TEST_NOW set, the clock stands still there in every test."""
    moment = _pinned_now()
    if moment is None:
        yield None
        return
    with clock.frozen(moment) as held:
        yield held


@pytest.fixture
def frozen_clock(held_clock):
    """A clock the test moves by hand (``advance``); it starts at now (or PLANNER_TEST_NOW)."""
    if held_clock is not None:
        yield held_clock
        return
    with clock.frozen(clock.now()) as held:
        yield held


@pytest.fixture
def today() -> date:
    """The day it is now for a visitor whose browser gives no zone (so: the server's)."""
    return clock.today(clock.server_zone())
