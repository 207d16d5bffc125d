"""How times read: one rule for the clock, pinned by a table the countdown's JavaScript shares."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.kernel.formatting import (
    CLOCK_CASES,
    format_clock,
    format_long,
    format_total,
    whole_seconds,
)

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere


@pytest.mark.parametrize(("seconds", "shown"), CLOCK_CASES)
def test_the_clock_follows_the_shared_table(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


@given(st.floats(0, 10**6, allow_nan=False))
def test_a_part_second_left_counts_as_a_whole_one(seconds: float) -> None:
    minutes, _, rest = format_clock(seconds).partition(":")
    shown = int(minutes) * 60 + int(rest)
    assert seconds - 1e-6 <= shown < seconds + 1


def test_done_times_round_to_the_nearest_second() -> None:
    assert [whole_seconds(s) for s in (20.4, 20.5, 20.6, -1)] == [20, 20, 21, 0]


@pytest.mark.parametrize(
    ("seconds", "clock"),
    [(0, "0:00"), (5, "0:05"), (59, "0:59"), (60, "1:00"), (125, "2:05"), (3725, "62:05"),
     (-3, "0:00")],
)
def test_format_clock(seconds: int, clock: str) -> None:
    assert format_clock(seconds) == clock


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (45, "45 s"), (60, "1 min"), (750, "12 min 30 s"), (3600, "60 min"),
     (61, "1 min 1 s"), (-10, "0 s")],
)
def test_format_total(seconds: int, text: str) -> None:
    assert format_total(seconds) == text




@given(st.integers(0, 10**7))
def test_format_clock_parses_back(seconds: int) -> None:
    minutes, _, rest = format_clock(seconds).partition(":")
    assert len(rest) == 2
    assert 0 <= int(rest) < 60
    assert int(minutes) * 60 + int(rest) == seconds


@pytest.mark.parametrize(("seconds", "text"), [(750, "12 min 30 s"), (7200, "2 h 0 min"),
                                               (378_660, "105 h 11 min")])
def test_format_long(seconds: int, text: str) -> None:
    assert format_long(seconds) == text
