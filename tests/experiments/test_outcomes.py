"""An experiment judged by a watch's measure: each outcome's unit, direction and day, the next
day's value paired with each experiment day, and the words and charts in that unit."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from planner.experiments import analysis, charts
from planner.experiments.model import (
    MEASURED_OUTCOMES,
    OUTCOME_KINDS,
    RATED_OUTCOMES,
    DaySpread,
    Design,
    schedule,
)
from planner.experiments.promise import detectable_difference, plan_in_words
from planner.journal.model import Session, make_checkin
from planner.kernel import clock, limits
from planner.watch.model import DailyMeasure

START = date(2027, 3, 1)


def design(outcome: str = "resting_hr", **changes) -> Design:
    values = dict(conditions=("massage", "socks"), days_per_condition=1, blocks=4,
                  start=START, seed=4, outcome=outcome)
    return Design(**(values | changes))


def test_each_outcome_knows_its_unit_its_better_direction_and_the_day_that_judges_it():
    pulse, hrv, asleep = (OUTCOME_KINDS[o] for o in MEASURED_OUTCOMES)
    assert (pulse.lower_is_better, hrv.lower_is_better, asleep.lower_is_better) == (
        True, False, False)
    assert (pulse.bounds, hrv.bounds, asleep.bounds) == (
        limits.RESTING_HR, limits.HRV_SDNN, limits.SLEEP_MINUTES)
    assert pulse.widest == 175 and asleep.widest == 1439  # no 0-10 wall for a unit
    assert all(OUTCOME_KINDS[o].judged_by(START) == START + timedelta(days=1)
               for o in MEASURED_OUTCOMES)
    for outcome in RATED_OUTCOMES:  # a rating judges its own evening, as before
        rating = OUTCOME_KINDS[outcome]
        assert (rating.judged_by(START), rating.bounds, rating.unit[1]) == (
            START, limits.RATING, "points")
    assert OUTCOME_KINDS["sleep"].lower_is_better is False
    assert pulse.compared(-2.34) == "2.3 beats a minute lower"
    assert pulse.amount(1.0) == "1 beat a minute"
    assert asleep.compared(24.6) == "25 minutes longer"
    assert hrv.compared(-10.0) == "10 ms lower"
    assert OUTCOME_KINDS["stress"].compared(-1.0) == "1.0 point lower"
    with pytest.raises(ValueError):
        design("blood_sugar")


def in_zone(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=clock.server_zone())


def test_each_day_is_judged_by_the_next_mornings_value_and_a_day_unworn_stays_missing(store):
    # Run with TZ=Pacific/Kiritimati too: the days are the person's own, not UTC's.
    plan = design()
    days = [d.day for d in schedule(plan)]
    first, second, third = days[:3]
    with clock.frozen(in_zone(days[-1], 21)):
        # Day 1 had a massage at 19:00 (the person's clock) and a check-in; day 2 only a
        # check-in; day 3 nothing logged at all. The watch was not worn the night after day 2.
        store.sessions.log(Session(routine_name="Rub", started_at=in_zone(first, 19),
                                   ended_at=in_zone(first, 19) + timedelta(minutes=10),
                                   planned_seconds=600, actual_seconds=600, completed=True,
                                   source="manual"))
        for day in (first, second):
            store.checkins.save(make_checkin(day=day, today=days[-1], stress=5,
                                             socks=day == second))
        readings = {first: 70.0, second: 58.0, third + timedelta(days=2): 61.0,
                    third + timedelta(days=1): 63.0}  # dated by the morning measured
        store.measures.save([DailyMeasure(day=d, measure="resting_hr", value=v, source="Watch")
                             for d, v in readings.items()])
        measured = analysis.measure_by_day(store.frames.measures(), plan.outcome)
        seen = analysis.observations(store.frames.sessions(clock.server_zone()),
                                     store.frames.checkins(), plan, {}, measured)
    assert seen[first].value == 58.0  # the morning after day 1, not day 1's own 70
    assert seen[first].actual == "massage"
    assert seen[second].value is None and seen[second].actual == "socks"  # missing, not 0
    assert seen[third].value == 63.0 and seen[third].actual is None  # no check-in: still
    assert seen[days[3]].value == 61.0  # counts, as the schedule assigned it
    assert sum(analysis.rated_days(plan, seen).values()) == 3


def test_several_devices_on_one_morning_give_one_value_as_insights_picks(store):
    day = START + timedelta(days=1)
    store.measures.save([DailyMeasure(day=day, measure=m, value=v, source=s) for m, v, s in (
        ("resting_hr", 60.0, "Watch"), ("resting_hr", 62.0, "Ring"),
        ("sleep_minutes", 400.0, "Watch"), ("sleep_minutes", 90.0, "Phone"))])
    frame = store.frames.measures()
    assert analysis.measure_by_day(frame, "resting_hr") == {day: 61.0}
    assert analysis.measure_by_day(frame, "sleep_minutes") == {day: 400.0}
    assert analysis.measure_by_day(frame, "hrv_sdnn") == {}
    assert analysis.measure_by_day(frame, "stress") == {}


def test_the_own_spread_of_a_watch_measure_comes_from_imported_days(store):
    before = START
    assert store.experiments.spread("resting_hr", before) == OUTCOME_KINDS["resting_hr"].typical
    store.measures.save([DailyMeasure(day=before - timedelta(days=back), measure="resting_hr",
                                      value=56.0 + 4 * (back % 2), source="Watch")
                         for back in range(1, 21)])
    own = store.experiments.spread("resting_hr", before)
    assert own.own and own.ratings == 20 and 1.9 < own.points < 2.2  # beats a minute
    assert store.experiments.spread("hrv_sdnn", before) == OUTCOME_KINDS["hrv_sdnn"].typical


def test_the_promise_is_in_the_measures_unit_and_grows_with_its_spread():
    plan = design(blocks=10, days_per_condition=2)
    said = plan_in_words(plan)
    assert "beats a minute or more" in said and "points" not in said
    assert "without a value (the watch not worn)" in said
    calm = detectable_difference(plan, DaySpread(2.0, 30, 0.5))
    jumpy = detectable_difference(plan, DaySpread(4.0, 30, 0.5))
    assert calm is not None and jumpy is not None
    assert 1.6 * calm <= jumpy <= 2.4 * calm  # no 0-10 wall or whole points: it scales
    assert "minutes or more" in plan_in_words(design("sleep_minutes", blocks=10,
                                                     days_per_condition=2))


def found(difference: float, low: float, high: float) -> analysis.Contrast:
    return analysis.Contrast("massage|socks", "assigned", 10, (difference - 1, difference + 1),
                             difference, low, high, 0.01, 0)


def test_the_result_names_the_measure_and_its_unit_without_points():
    kind = OUTCOME_KINDS["resting_hr"]
    said = analysis.describe(found(-2.3, -3.9, -0.7), kind.label, kind=kind)
    assert "your resting heart rate the next morning averaged 2.3 beats a minute lower on " \
           "massage days than on compression socks days" in said
    assert "95% interval from 3.9 beats a minute lower to 0.7 beats a minute lower" in said
    assert "point" not in said and "rated" not in said
    sleep = OUTCOME_KINDS["sleep_minutes"]
    assert "25 minutes longer" in analysis.describe(found(25.0, 5.0, 45.0), sleep.label,
                                                    kind=sleep)
    chance = analysis.describe_chance(found(-2.3, -3.9, -0.7), "resting_hr", kind.label)
    assert "is lower on massage days" in chance and "by at least 1 beat a minute" in chance


def test_the_charts_axes_are_in_the_measures_unit():
    import pandas as pd

    kind = OUTCOME_KINDS["hrv_sdnn"]
    frame = pd.DataFrame({"day": [pd.Timestamp(START)], "value": [48.5],
                          "planned": ["massage"], "followed": [True]})
    days = charts.outcome_by_day(frame, kind).to_dict()
    assert days["encoding"]["y"]["title"] == "Heart-rate variability (HRV) (ms)"
    assert days["encoding"]["y"]["scale"] == {"zero": False, "nice": True}  # not 0 to 10
    gaps = charts.differences([found(4.0, 1.0, 7.0)], kind.label, kind).to_dict()
    assert gaps["layer"][1]["encoding"]["x"]["title"] == "Difference (ms)"


def test_days_after_an_experiment_ended_early_are_not_counted():
    """A watch goes on measuring after the person stops the experiment: those days are no
    experiment's days, and blocks aren't "done" by them."""
    import pandas as pd

    from planner.experiments.model import Experiment

    plan = design(blocks=6)
    every_morning = {day.day + timedelta(days=1): 60.0 for day in schedule(plan)}
    stopped = Experiment(id=1, design=plan,
                         ended_at=in_zone(START + timedelta(days=3), 21))
    last = stopped.last_day(clock.server_zone())
    observed = analysis.observations(pd.DataFrame(), pd.DataFrame(), plan,
                                     measured=every_morning, last_day=last)
    assert last == START + timedelta(days=3) and max(observed) == last
    assert analysis.blocks_done(plan, observed) == 2  # four days of 2-day blocks, not six


def test_a_watch_judged_verdict_is_final_only_once_the_last_morning_is_in():
    from planner.experiments.model import Experiment

    zone = clock.server_zone()
    by_watch, by_rating = Experiment(1, design(), None), Experiment(2, design("stress"), None)
    end = by_watch.design.end
    assert not by_watch.final_by(end, zone) and not by_rating.final_by(end, zone)
    assert by_rating.final_by(end + timedelta(days=1), zone)
    assert not by_watch.final_by(end + timedelta(days=1), zone)  # its last morning may be out
    assert by_watch.final_by(end + timedelta(days=2), zone)
