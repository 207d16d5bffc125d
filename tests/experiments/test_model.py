"""Experiment designs: balanced, reproducible schedules, and plain statements of the plan."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from planner.experiments.model import (
    WASH_OUT,
    Design,
    actual_condition,
    assignment,
    check_choice,
    detectable_difference,
    plan_in_words,
    schedule,
)
from planner.kernel.errors import Problem

designs = st.builds(
    Design,
    conditions=st.lists(st.sampled_from(["massage", "socks", "both", "neither"]), min_size=2,
                        max_size=4, unique=True).map(tuple),
    days_per_condition=st.integers(1, 3), wash_out=st.booleans(), blocks=st.integers(2, 12),
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


def test_more_blocks_can_find_smaller_differences():
    sizes = [detectable_difference(blocks, 2) for blocks in (4, 8, 16)]
    assert sizes == sorted(sizes, reverse=True) and 0.5 < sizes[-1] < sizes[0] < 5


def test_the_plan_in_words_says_how_long_and_what_it_could_show():
    design = Design(conditions=("massage", "neither"), days_per_condition=2, blocks=6,
                    start=date(2027, 1, 4), seed=1)
    text = plan_in_words(design)
    assert text.startswith("24 days (about 3 weeks), from Mon 04 Jan to Wed 27 Jan 2027")
    assert "evening stress really differs by about" in text and "could go unnoticed" in text


def test_bad_designs_are_refused():
    with pytest.raises(Problem, match="at least two"):
        check_choice(["massage"])
    assert check_choice(["neither", "massage"]) == ("massage", "neither")
    for bad in ({"blocks": 1}, {"blocks": 50}, {"days_per_condition": 4},
                {"conditions": ("massage", "massage")}):
        with pytest.raises(ValidationError):
            Design(**{"conditions": ("massage", "neither"), "days_per_condition": 1,
                      "blocks": 4, "start": date(2027, 1, 4), "seed": 1, **bad})


def test_too_few_blocks_to_rule_out_chance_are_named():
    from planner.experiments.model import blocks_to_rule_out_chance

    assert blocks_to_rule_out_chance(2) == 6  # 2 / 2**6 = 3% < 5%
    assert blocks_to_rule_out_chance(3) == 3
    short = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=4,
                   start=date(2027, 1, 4), seed=1)
    assert "fewer than 6 blocks, chance can never be ruled out" in plan_in_words(short)
    enough = short.model_copy(update={"blocks": 6})
    assert "never be ruled out" not in plan_in_words(enough)
