"""The analysis recovers a known effect from autocorrelated days, finds none when there is none,
and its 95% interval covers the truth about 95% of the time."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.experiments.analysis import (
    Contrast,
    Observation,
    Stage,
    block_table,
    blocks_done,
    contrast,
    describe,
    random_orders,
    randomisation_p,
)
from planner.experiments.model import Design, schedule

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

START = date(2027, 3, 1)


def design(blocks: int = 8, days: int = 2, seed: int = 1, wash_out: bool = False,
           conditions=("massage", "neither")) -> Design:
    return Design(conditions=conditions, days_per_condition=days, blocks=blocks, start=START,
                  seed=seed, wash_out=wash_out)


def simulate(plan: Design, effect: float, rng: np.random.Generator, phi: float = 0.6,
             spread: float = 1.2, carry: float = 0.0, missing: float = 0.0
             ) -> dict[date, Observation]:
    """Ratings around 5 with AR(1) noise (neighbouring days alike); ``effect`` points lower on
    massage days; ``carry`` of the effect spills into the next condition's first day; each day
    has a ``missing`` chance of not being checked in at all."""
    noise, observed, previous = 0.0, {}, None
    for day in schedule(plan):
        noise = phi * noise + rng.normal(0, spread * np.sqrt(1 - phi ** 2))
        value = 5 + noise - (effect if day.condition == "massage" else 0)
        if previous == "massage" and day.condition != "massage" and day.day_in_period == 0:
            value -= carry
        previous = day.condition
        if rng.random() >= missing:
            observed[day.day] = Observation(float(value), day.condition)  # followed as planned
    return observed


FOUR = ("massage", "socks", "both", "neither")
# Four conditions: one day each with a wash-out day after each, and two days each with a
# wash-out day and about one day in ten not checked in.
HARDER = [pytest.param({"days": 1, "wash_out": True, "blocks": 8}, 0.0, id="wash-out"),
          pytest.param({"days": 2, "wash_out": True, "blocks": 6}, 0.1, id="wash-out-missing")]


def test_a_known_effect_is_recovered_with_an_interval_that_covers_it():
    rng = np.random.default_rng(11)
    plan = design(blocks=10)
    found = contrast(plan, simulate(plan, effect=1.5, rng=rng), "massage|neither",
                     draws=2000)
    assert found.ci_low < -1.5 < found.ci_high
    assert found.ci_high < 0  # clearly lower on massage days
    assert found.p_randomisation < 0.05


def test_coverage_of_the_95_interval_is_near_95_percent_over_many_experiments():
    rng = np.random.default_rng(2027)
    covered = []
    for run in range(400):
        plan = design(blocks=8, seed=run)
        found = contrast(plan, simulate(plan, effect=0.8, rng=rng), "massage|neither",
                         draws=0)
        covered.append(found.ci_low <= -0.8 <= found.ci_high)
    assert 0.92 <= np.mean(covered) <= 0.98, np.mean(covered)


def test_with_no_effect_the_randomisation_test_rarely_says_otherwise():
    rng = np.random.default_rng(5)
    p_values = []
    for run in range(200):
        plan = design(blocks=6, seed=run)
        p_values.append(contrast(plan, simulate(plan, effect=0.0, rng=rng), "massage|neither",
                                 draws=999).p_randomisation)
    assert np.mean(np.array(p_values) < 0.05) <= 0.09


@pytest.mark.parametrize(("shape", "missing"), HARDER)
def test_with_four_conditions_the_interval_still_covers_about_95_percent(shape, missing):
    rng = np.random.default_rng(404)
    covered = []
    for run in range(300):
        plan = design(conditions=FOUR, seed=run, **shape)
        found = contrast(plan, simulate(plan, effect=0.8, rng=rng, missing=missing),
                         "massage|neither", draws=0)
        assert found.difference is not None  # enough blocks, even with days missing
        covered.append(found.ci_low <= -0.8 <= found.ci_high)
    assert 0.91 <= np.mean(covered) <= 0.98, np.mean(covered)


@pytest.mark.parametrize(("shape", "missing"), HARDER)
def test_with_four_conditions_and_no_effect_false_alarms_stay_rare(shape, missing):
    rng = np.random.default_rng(405)
    p_values, interval_alarms = [], []
    for run in range(200):
        plan = design(conditions=FOUR, seed=run, **shape)
        found = contrast(plan, simulate(plan, effect=0.0, rng=rng, missing=missing),
                         "massage|neither", draws=499)
        p_values.append(found.p_randomisation)
        interval_alarms.append(found.ci_low > 0 or found.ci_high < 0)
    assert np.mean(np.array(p_values) < 0.05) <= 0.09
    assert np.mean(interval_alarms) <= 0.09


def test_the_randomisation_p_value_is_exact_for_a_tiny_balanced_case():
    plan = design(blocks=3, days=1)
    # Every block: massage 3, neither 5; all 2^3 re-draws give |difference| 2 or less.
    table = np.array([[3.0, 5.0]] * 3)
    p = randomisation_p(table, np.array([1.0, -1.0]), random_orders(4000, 3, 2, seed=3))
    assert plan.blocks == 3 and p == pytest.approx(0.25, abs=0.03)  # 2 of 8 orders


def plainly_randomisation_p(table: np.ndarray, weights: np.ndarray,
                            orders: np.ndarray) -> float:
    """The randomisation test's definition, one draw at a time: each block's weighted value
    with the conditions moved to the turns the draw gives them, NaN (a turn not rated) leaving
    the block out, and the share of draws at least as far from 0 as the table itself."""
    def mean(values: list[float]) -> float:
        kept = [v for v in values if not np.isnan(v)]
        return sum(kept) / len(kept) if kept else 0.0

    def value(row: np.ndarray, order: np.ndarray) -> float:
        return sum(w * row[order[c]] for c, w in enumerate(weights) if w)

    observed = abs(mean([value(row, np.arange(len(weights))) for row in table]))
    extreme = sum(abs(mean([value(row, order) for row, order in zip(table, draw, strict=True)]))
                  >= observed - 1e-12 for draw in orders)
    return (extreme + 1) / (len(orders) + 1)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4), st.integers(2, 6), st.integers(0, 2**32 - 1),
       st.sampled_from([0.0, 0.1, 0.4]))
def test_the_randomisation_p_value_is_its_definition_with_or_without_unrated_turns(
        conditions, blocks, seed, unrated):
    """Many tables at once (most of them complete, as in the promise's simulations), against
    the test's definition worked one draw at a time."""
    rng = np.random.default_rng(seed)
    tables = rng.normal(size=(5, blocks, conditions)).round(1)
    tables[rng.random(tables.shape) < unrated] = np.nan
    weights = np.array([1.0, -1.0, 0.5, -0.5][:conditions])
    if conditions == 3:
        weights = np.array([1.0, 0.0, -1.0])  # a pair, the third condition left out
    orders = random_orders(40, blocks, conditions, seed=seed % 1000)
    found = randomisation_p(tables, weights, orders)
    assert found == pytest.approx([plainly_randomisation_p(t, weights, orders) for t in tables])


def test_too_few_blocks_say_how_many_more_are_needed():
    plan = design(blocks=8)
    observed = simulate(plan, effect=1.0, rng=np.random.default_rng(1))
    first_two_blocks = {d.day: observed[d.day] for d in schedule(plan) if d.block < 2}
    found = contrast(plan, first_two_blocks, "massage|neither")
    assert (found.difference, found.needed, found.blocks) == (None, 1, 2)
    assert blocks_done(plan, first_two_blocks) == 2


def test_days_not_followed_are_kept_and_counted_as_they_were():
    plan = design(blocks=4, days=1)
    observed = {}
    for day in schedule(plan):  # every "neither" day had a massage after all
        observed[day.day] = Observation(3.0 if day.condition == "massage" else 5.0, "massage")
    assigned = contrast(plan, observed, "massage|neither", draws=0)
    followed = contrast(plan, observed, "massage|neither", view="followed", draws=0)
    assert assigned.difference == pytest.approx(-2.0) and assigned.blocks == 4
    assert followed.difference is None and followed.needed == 3  # no day was "neither"


def test_leaving_out_each_turns_first_day_removes_a_lingering_effect():
    # Massage lowers stress by 1.5 and lingers into the next turn's first day: the main
    # estimate is pulled towards zero; without the first days it is near the truth again.
    rng = np.random.default_rng(8)
    plan = design(blocks=12, days=3)
    observed = simulate(plan, effect=1.5, rng=rng, carry=1.5, spread=0.5)
    found = contrast(plan, observed, "massage|neither", draws=0)
    trimmed = contrast(plan, observed, "massage|neither", draws=0, skip_first_day=True)
    assert abs(trimmed.difference + 1.5) < abs(found.difference + 1.5)
    assert trimmed.ci_low < -1.5 < trimmed.ci_high


def test_the_words_call_a_difference_clear_only_when_chance_is_ruled_out():
    clear = Contrast("massage|socks", "assigned", 10, (), -1.2, -1.9, -0.5, 0.004, 0)
    text = describe(clear, "evening stress")
    assert ("1.2 points lower on massage days than on compression socks days (95% interval "
            "from 1.9 lower to 0.5 lower)") in text
    assert "the difference is clear" in text
    few = Contrast("massage|socks", "assigned", 4, (), -2.0, -2.4, -1.6, 0.125, 0)
    assert "can't tell these two apart" in describe(few, "evening stress")
    waiting = Contrast("massage|socks", "followed", 1, (), None, None, None, None, 2)
    assert "Solace needs it rated in 2 more blocks before it can compare them" in describe(
        waiting, "stress")


def test_the_verdict_waits_for_the_planned_end_and_extra_questions_get_none():
    clear = Contrast("massage|socks", "assigned", 10, (), -1.2, -1.9, -0.5, 0.004, 0)
    along = describe(clear, "evening stress", Stage(final=False, end=date(2027, 4, 11)))
    assert "the verdict comes at the planned end on Sun 11 Apr" in along
    assert "is clear" not in along
    early = describe(clear, "evening stress", Stage(final=True, ended_early=True))
    assert "ended the experiment early" in early
    extra = Contrast("massage|neither", "assigned", 10, (), -1.2, -1.9, -0.5, 0.004, 0,
                     primary=False)
    text = describe(extra, "evening stress")
    assert "extra comparison" in text and "is clear" not in text


def test_the_as_followed_caveat_is_always_given():
    for low, high in ((-1.9, -0.5), (-1.0, 0.6)):
        found = Contrast("massage|socks", "followed", 10, (), -1.2, low, high, None, 0)
        assert "weren't all set by chance" in describe(found, "evening stress")


def every_block_alike(plan: Design, massage: float, other: float) -> dict[date, Observation]:
    return {d.day: Observation(massage if d.condition == "massage" else other, d.condition)
            for d in schedule(plan)}


def test_the_same_difference_in_every_block_gets_no_interval_and_says_why():
    plan = design(blocks=6, days=1)
    found = contrast(plan, every_block_alike(plan, 3.0, 5.0), "massage|neither", draws=4000)
    assert found.same_every_block and found.difference == pytest.approx(-2.0)
    assert found.ci_low is None and found.ci_high is None  # not a zero-width "interval"
    text = describe(found, "evening stress")
    assert ("2.0 points lower on massage days than on neither days, by the same amount in "
            "every block") in text
    assert "no honest 95% interval" in text and "95% interval from" not in text
    assert found.p_randomisation < 0.05  # 2 of the 64 orders are as extreme
    assert "the difference is clear" not in text and not found.clear
    level = describe(contrast(plan, every_block_alike(plan, 4.0, 4.0), "massage|neither",
                              draws=1000), "evening stress")
    assert "averaged about the same on massage days as on neither days" in level
    assert "can't tell these two apart" in level and "0.0 points" not in level


def exact_randomisation_p(plan: Design, periods: list[dict[str, float]], first: str,
                          second: str) -> float:
    """Every possible order of every block, by brute force: the share whose average
    difference (over the blocks where both fell on rated turns) is at least as large."""
    from itertools import permutations, product

    conditions = plan.conditions

    def statistic(labelled: list[dict[str, float]]) -> float:
        gaps = [b[first] - b[second] for b in labelled if first in b and second in b]
        return float(np.mean(gaps)) if gaps else 0.0

    turns = [[block.get(c) for c in conditions] for block in periods]
    observed = abs(statistic(periods))
    draws = [statistic([{c: v for c, v in zip(order, values, strict=True) if v is not None}
                        for order, values in zip(orders, turns, strict=True)])
             for orders in product(permutations(conditions), repeat=len(periods))]
    return float(np.mean(np.abs(draws) >= observed - 1e-12))


def test_the_p_value_uses_the_same_blocks_as_the_estimate():
    """Socks not rated in two of four blocks: the massage-neither estimate still uses all four
    blocks, and so does its randomisation test (it used to need every condition rated)."""
    plan = design(blocks=4, days=1, conditions=("massage", "socks", "neither"))
    observed = {}
    for day in schedule(plan):
        if day.condition == "socks" and day.block < 2:
            continue  # no check-in that day
        value = {"massage": 3.0, "socks": 4.0, "neither": 5.0}[day.condition] + day.block * 0.5
        observed[day.day] = Observation(value, day.condition)
    found = contrast(plan, observed, "massage|neither", draws=20_000)
    assert found.blocks == 4 and blocks_done(plan, observed) == 2
    assert np.isnan(block_table(plan, observed)[:2, 1]).all()  # socks unrated in blocks 1-2
    periods = [{"massage": 3 + b * 0.5, "neither": 5 + b * 0.5}
               | ({"socks": 4 + b * 0.5} if b >= 2 else {}) for b in range(4)]
    assert found.p_randomisation == pytest.approx(
        exact_randomisation_p(plan, periods, "massage", "neither"), abs=0.01)
