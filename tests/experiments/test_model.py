"""Experiment designs: balanced, reproducible schedules, and plain statements of the plan."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from planner.experiments.model import (
    MIN_SPREAD_RATINGS,
    TYPICAL_DAY_SPREAD,
    WASH_OUT,
    DaySpread,
    Design,
    actual_condition,
    assignment,
    check_choice,
    day_as_followed,
    day_spread,
    instead_choices,
    question_label,
    question_weights,
    questions,
    schedule,
)
from planner.experiments.promise import plan_in_words
from planner.kernel.errors import Problem

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

designs = st.builds(
    Design,
    conditions=st.lists(st.sampled_from(["massage", "socks", "both", "neither"]), min_size=2,
                        max_size=4, unique=True).map(tuple),
    days_per_condition=st.integers(1, 7), wash_out=st.booleans(), blocks=st.integers(2, 12),
    start=st.dates(date(2026, 1, 1), date(2030, 1, 1)), seed=st.integers(0, 10**9))


@given(designs)
def test_every_block_holds_each_condition_equally(design):
    days = schedule(design)
    assert len(days) == design.total_days and days[-1].day == design.end
    for block in range(design.blocks):
        counts = Counter(d.condition for d in days if d.block == block)
        assert {c: counts[c] for c in design.conditions} == dict.fromkeys(
            design.conditions, design.days_per_condition)
        assert counts[WASH_OUT] == (len(design.conditions) if design.wash_out else 0)


@given(designs)
def test_the_same_seed_gives_the_same_schedule(design):
    assert schedule(design) == schedule(design.model_copy())
    assert [d.day for d in schedule(design)] == sorted(d.day for d in schedule(design))


def test_a_stored_seed_always_gives_this_exact_schedule():
    """Pinned: a change to how the order is drawn would silently reshuffle the days of every
    experiment people have already started. If this fails, the draw changed: don't ship it."""
    four = Design(conditions=("massage", "socks", "both", "neither"), days_per_condition=1,
                  wash_out=True, blocks=3, start=date(2027, 1, 4), seed=20270104)
    w = WASH_OUT
    assert [d.condition for d in schedule(four)] == [
        "neither", w, "socks", w, "both", w, "massage", w,
        "both", w, "massage", w, "neither", w, "socks", w,
        "massage", w, "both", w, "socks", w, "neither", w]
    assert [d.block for d in schedule(four)] == [0] * 8 + [1] * 8 + [2] * 8
    two = Design(conditions=("massage", "neither"), days_per_condition=2, blocks=3,
                 start=date(2027, 1, 4), seed=7)
    assert [(d.day.isoformat(), d.condition, d.day_in_period) for d in schedule(two)] == [
        ("2027-01-04", "massage", 0), ("2027-01-05", "massage", 1),
        ("2027-01-06", "neither", 0), ("2027-01-07", "neither", 1),
        ("2027-01-08", "neither", 0), ("2027-01-09", "neither", 1),
        ("2027-01-10", "massage", 0), ("2027-01-11", "massage", 1),
        ("2027-01-12", "massage", 0), ("2027-01-13", "massage", 1),
        ("2027-01-14", "neither", 0), ("2027-01-15", "neither", 1)]


def test_different_seeds_give_different_orders():
    orders = {tuple(d.condition for d in schedule(Design(
        conditions=("massage", "socks", "neither"), days_per_condition=1, blocks=4,
        start=date(2027, 1, 4), seed=seed))) for seed in range(20)}
    assert len(orders) > 10


def test_todays_assignment_and_the_days_outside():
    design = Design(conditions=("massage", "neither"), days_per_condition=2, blocks=3,
                    start=date(2027, 1, 4), seed=4)
    assert assignment(design, date(2027, 1, 3)) is None
    assert assignment(design, date(2027, 1, 4)) == schedule(design)[0]
    assert assignment(design, design.end).block == 2
    assert assignment(design, date(2027, 1, 16)) is None


def test_what_a_day_was_comes_from_the_log():
    assert [actual_condition(m, s) for m, s in ((True, True), (True, False), (False, True),
                                                (False, False))] == [
        "both", "massage", "socks", "neither"]


def test_what_a_day_was_goes_by_the_persons_own_answer_before_the_log():
    # Yes: the planned condition, whatever the log says (a massage not logged still counts).
    assert day_as_followed("massage", True, None, "neither") == "massage"
    assert day_as_followed(WASH_OUT, True, None, "massage") == "neither"
    # No, and what instead: that.
    assert day_as_followed("massage", False, "socks", "massage") == "socks"
    # A plain no: the log's reading if it differs from the plan, else unknown.
    assert day_as_followed("massage", False, None, "both") == "both"
    assert day_as_followed("massage", False, None, "massage") is None
    # Not answered: the log, as before.
    assert day_as_followed("socks", None, None, "neither") == "neither"
    assert day_as_followed("socks", None, None, None) is None


def test_what_was_done_instead_offers_every_other_condition():
    assert instead_choices("massage") == ["socks", "both", "neither"]
    assert instead_choices(WASH_OUT) == ["massage", "socks", "both"]


def test_a_persons_own_spread_is_used_once_there_are_enough_ratings():
    assert day_spread([4.0, 6.0] * 3) == DaySpread()  # too few: the typical figure
    assert day_spread([5.0] * 30) == DaySpread()  # no spread at all: the typical figure too
    own = day_spread([3.0, 5.0, 7.0] * 10)
    assert own.own and own.ratings == 30 and own.points == pytest.approx(1.66, abs=0.01)
    design = Design(conditions=("massage", "neither"), days_per_condition=2, blocks=10,
                    start=date(2027, 1, 4), seed=1)
    typical = plan_in_words(design)
    assert f"assumes your evening stress varies by about {TYPICAL_DAY_SPREAD:.1f} points" in (
        typical) and f"once you have {MIN_SPREAD_RATINGS} check-ins" in typical
    steady = plan_in_words(design, DaySpread(0.8, 40))
    assert "how your evening stress varied over your last 40 check-ins: about 0.8" in steady


def test_each_question_is_weights_that_sum_to_zero():
    two = ("massage", "socks")
    assert questions(two) == ["massage|socks"]
    assert question_weights("massage|socks", two) == (1.0, -1.0)
    four = ("massage", "socks", "both", "neither")
    assert questions(four)[-2:] == ["massage-effect", "socks-effect"]
    assert len(questions(four)) == 6 + 2
    assert question_weights("massage-effect", four) == (0.5, -0.5, 0.5, -0.5)
    assert question_weights("socks-effect", four) == (-0.5, 0.5, 0.5, -0.5)
    assert question_label("massage|socks") == "Massage vs compression socks"
    for question in questions(four):
        assert sum(question_weights(question, four)) == 0


def test_the_main_question_must_belong_to_the_design():
    base = dict(conditions=("massage", "socks", "neither"), days_per_condition=1, blocks=4,
                start=date(2027, 1, 4), seed=1)
    assert Design(**base).primary == "massage|socks"  # not named: the first two conditions
    assert Design(**base, question="socks|neither").primary == "socks|neither"
    for bad in ("massage-effect", "both|neither", "<script>"):
        with pytest.raises(ValidationError):
            Design(**base, question=bad)


def test_bad_designs_are_refused():
    with pytest.raises(Problem, match="at least two"):
        check_choice(["massage"])
    assert check_choice(["neither", "massage"]) == ("massage", "neither")
    for bad in ({"blocks": 1}, {"blocks": 50}, {"days_per_condition": 8},
                {"conditions": ("massage", "massage")}):
        with pytest.raises(ValidationError):
            Design(**{"conditions": ("massage", "neither"), "days_per_condition": 1,
                      "blocks": 4, "start": date(2027, 1, 4), "seed": 1, **bad})
