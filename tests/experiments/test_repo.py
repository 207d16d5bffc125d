"""Experiments in the database: today's assignment, the person's own answers and spread, and
each day as the analysis sees it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from planner.experiments.analysis import observations
from planner.experiments.model import DaySpread, Design, schedule
from planner.journal.model import Session, make_checkin
from planner.kernel import clock

START = date(2027, 3, 1)
DESIGN = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=6, start=START,
                seed=4)
NOW = datetime(2027, 3, 10, 21, tzinfo=UTC)


@pytest.fixture(autouse=True)
def evening():
    with clock.frozen(NOW):
        yield


def check_in(store, day: date, **values) -> None:
    store.checkins.save(make_checkin(**{"day": day, "today": NOW.date(), "stress": 5,
                                        "swelling": 1, "pain": 1, **values}))


def massage_on(store, day: date) -> None:
    end = datetime(day.year, day.month, day.day, 19, tzinfo=UTC)
    store.sessions.log(Session(routine_name="Rub", started_at=end - timedelta(minutes=10),
                               ended_at=end, planned_seconds=600, actual_seconds=600,
                               completed=True, source="manual"))


def test_as_followed_goes_by_the_answer_in_the_check_in_before_the_log(store):
    store.experiments.start(DESIGN, START)
    swapped, unlogged, inferred = (d.day for d in schedule(DESIGN)[:3])  # socks, massage ×2
    check_in(store, swapped, plan_followed=False, done_instead="neither")
    check_in(store, unlogged, plan_followed=True)  # did the massage, didn't log a session
    check_in(store, inferred)  # no answer: the log says a session that day, no socks
    massage_on(store, inferred)
    seen = observations(store.frames.sessions(UTC), store.frames.checkins(), DESIGN,
                        store.experiments.answers(DESIGN))
    assert (seen[swapped].actual, seen[swapped].said, seen[swapped].instead) == (
        "neither", False, "neither")
    assert (seen[unlogged].actual, seen[unlogged].said) == ("massage", True)
    assert (seen[inferred].actual, seen[inferred].said) == ("massage", None)
    log_alone = observations(store.frames.sessions(UTC), store.frames.checkins(), DESIGN)
    assert log_alone[unlogged].actual == "neither"  # what it was before people could say


def test_todays_assignment_stops_after_an_experiment_is_ended_early(store):
    found = store.experiments.start(DESIGN, START)
    assert store.experiments.assigned(START - timedelta(days=1), UTC) is None
    assert store.experiments.assigned(START, UTC) == schedule(DESIGN)[0]
    store.experiments.end(found.id)  # on 10 March
    assert store.experiments.assigned(NOW.date(), UTC) is not None  # the day it ended
    assert store.experiments.assigned(NOW.date() + timedelta(days=1), UTC) is None


def test_the_spread_is_the_persons_own_once_there_are_enough_past_check_ins(store):
    assert store.experiments.spread("stress", NOW.date()) == DaySpread()
    for back in range(1, 21):
        check_in(store, NOW.date() - timedelta(days=back), stress=4 + back % 3)
    own = store.experiments.spread("stress", NOW.date())
    assert own.own and own.ratings == 20 and 0.7 < own.points < 0.9
    assert store.experiments.spread("sleep", NOW.date()) == DaySpread()  # sleep not rated
    # Only the days before: an experiment starting 15 days ago measures the 5 before it.
    assert store.experiments.spread("stress", NOW.date() - timedelta(days=15)) == DaySpread()


def test_sample_days_are_not_the_persons_own_spread(store):
    from planner.catalog.model import load_catalog
    from planner.journal.sample import generate

    sessions, checkins = generate(load_catalog(), 0.25, NOW, UTC)
    store.sample.add(sessions, checkins)
    assert store.experiments.spread("stress", NOW.date()) == DaySpread()
