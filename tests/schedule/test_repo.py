"""The weekly plan in the database: kept in order, no two sessions at one time, all or none."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.journal.model import Session
from planner.kernel.errors import Problem
from planner.schedule.model import Slot, suggested_slots

SINCE = date(2026, 1, 5)


def slot(weekday: int, hour: int, name: str = "Quick reset") -> Slot:
    return Slot(weekday=weekday, at=time(hour, 0), routine_name=name, since=SINCE)


def test_the_plan_is_kept_by_day_and_time_and_read_back_as_saved(store):
    store.schedule.add(suggested_slots("Bedtime wind-down", datetime(2026, 1, 5, 8, 0)))
    store.schedule.add([slot(0, 7, "Morning roll")])
    found = store.schedule.slots()
    assert [(s.label, s.routine_name) for s in found] == [
        ("Monday 07:00", "Morning roll"), ("Wednesday 21:30", "Bedtime wind-down"),
        ("Sunday 19:30", "Bedtime wind-down")]
    assert {s.since for s in found} == {SINCE} and all(s.id for s in found)


def test_a_time_already_planned_is_refused_and_nothing_of_the_batch_is_added(store):
    store.schedule.add([slot(6, 19)])
    with pytest.raises(Problem, match="Sunday 19:00 already has Quick reset"):
        store.schedule.add([slot(1, 8), slot(6, 19, "Other")])
    assert [s.label for s in store.schedule.slots()] == ["Sunday 19:00"]


def test_removing_a_time_twice_says_it_was_already_gone(store):
    (added,) = store.schedule.add([slot(2, 21)])
    assert store.schedule.remove(added.id) is True
    assert store.schedule.remove(added.id) is False
    assert store.schedule.slots() == []


def test_sessions_count_on_the_day_they_began_where_the_person_is(store):
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # Sunday night in UTC, Monday in Berlin
    store.sessions.log(Session(routine_name="Evening", started_at=late,
                               ended_at=late + timedelta(minutes=5), planned_seconds=300,
                               actual_seconds=300, completed=True, source="manual"))
    assert store.schedule.done_days(date(2026, 3, 1), ZoneInfo("Europe/Berlin")) == [
        date(2026, 3, 2)]
    assert store.schedule.done_days(date(2026, 3, 1), ZoneInfo("America/New_York")) == [
        date(2026, 3, 1)]
    assert store.schedule.done_days(date(2026, 3, 3), ZoneInfo("Europe/Berlin")) == []
