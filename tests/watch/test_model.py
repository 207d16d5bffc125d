"""A watch's daily values: the bounds a person's body can reach, and one value a day when
several devices measured it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.watch.model import DailyMeasure, daily_measure, day_values, preview

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

DAY = date(2026, 3, 1)


def test_a_resting_pulse_of_400_is_refused_in_plain_words():
    with pytest.raises(ValueError) as refused:
        daily_measure(DAY, "resting_hr", 400, "Watch")
    assert str(refused.value) == ("A resting heart rate of 400 beats a minute isn't plausible: "
                                  "Solace takes 25 to 200.")
    assert daily_measure(DAY, "resting_hr", 48, "Watch").value == 48


@pytest.mark.parametrize("measure, value", [("steps", -5), ("steps", 400_000),
                                            ("sleep_minutes", 2000), ("hrv_sdnn", 0),
                                            ("hrv_sdnn", float("nan"))])
def test_values_no_body_produces_are_refused(measure, value):
    with pytest.raises(ValueError, match="plausible|is a number"):
        daily_measure(DAY, measure, value, "Watch")


def test_a_source_name_is_tidied_and_control_characters_refused():
    assert daily_measure(DAY, "steps", 10, "  Ann’s   Watch ").source == "Ann’s Watch"
    with pytest.raises(ValueError, match="control characters"):
        daily_measure(DAY, "steps", 10, "Watch\x00")


def test_the_watch_worn_all_day_counts_not_the_phone_left_on_the_desk():
    records = [daily_measure(DAY, "steps", 9000, "Watch"),
               daily_measure(DAY, "steps", 2500, "Phone"),
               daily_measure(DAY, "resting_hr", 60, "Watch"),
               daily_measure(DAY, "resting_hr", 56, "Ring")]
    found = day_values(records)
    assert found["steps"] == {DAY: 9000}
    assert found["resting_hr"] == {DAY: 58}
    assert found["sleep_minutes"] == {}


@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["steps", "resting_hr"]),
                          st.integers(30, 150), st.sampled_from(["Watch", "Phone"])),
                unique_by=lambda t: (t[0], t[1], t[3])))
def test_a_preview_against_its_own_values_finds_nothing_new(rows):
    records = [DailyMeasure(day=date(2026, 1, 1 + d), measure=m, value=v, source=s)
               for d, m, v, s in rows]
    fresh = preview(records, {})
    assert (fresh.new, fresh.changed, fresh.unchanged) == (len(records), 0, 0)
    again = preview(records, {r.key: r.value for r in records})
    assert (again.new, again.changed, again.unchanged) == (0, 0, len(records))
