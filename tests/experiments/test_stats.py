"""The analysis recovers a known effect from autocorrelated days, finds none when there is none,
and its 95% interval covers the truth about 95% of the time."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from planner.experiments.model import Design, schedule
from planner.experiments.stats import (
    Observation,
    blocks_done,
    carry_over,
    contrast,
    randomisation_p,
)

START = date(2027, 3, 1)


def design(blocks: int = 8, days: int = 2, seed: int = 1, wash_out: bool = False,
           conditions=("massage", "neither")) -> Design:
    return Design(conditions=conditions, days_per_condition=days, blocks=blocks, start=START,
                  seed=seed, wash_out=wash_out)


def simulate(plan: Design, effect: float, rng: np.random.Generator, phi: float = 0.6,
             spread: float = 1.2, carry: float = 0.0) -> dict[date, Observation]:
    """Ratings around 5 with AR(1) noise (neighbouring days alike); ``effect`` points lower on
    massage days; ``carry`` of the effect spills into the next condition's first day."""
    noise, observed, previous = 0.0, {}, None
    for day in schedule(plan):
        noise = phi * noise + rng.normal(0, spread * np.sqrt(1 - phi ** 2))
        value = 5 + noise - (effect if day.condition == "massage" else 0)
        if previous == "massage" and day.condition != "massage" and day.day_in_period == 0:
            value -= carry
        previous = day.condition
        observed[day.day] = Observation(float(value), day.condition)  # followed as assigned
    return observed


def test_a_known_effect_is_recovered_with_an_interval_that_covers_it():
    rng = np.random.default_rng(11)
    plan = design(blocks=10)
    found = contrast(plan, simulate(plan, effect=1.5, rng=rng), "massage", "neither",
                     draws=2000)
    assert found.ci_low < -1.5 < found.ci_high
    assert found.ci_high < 0  # clearly lower on massage days
    assert found.p_randomisation < 0.05


def test_coverage_of_the_95_interval_is_near_95_percent_over_many_experiments():
    rng = np.random.default_rng(2027)
    covered = []
    for run in range(400):
        plan = design(blocks=8, seed=run)
        found = contrast(plan, simulate(plan, effect=0.8, rng=rng), "massage", "neither",
                         draws=0)
        covered.append(found.ci_low <= -0.8 <= found.ci_high)
    assert 0.92 <= np.mean(covered) <= 0.98, np.mean(covered)


def test_with_no_effect_the_randomisation_test_rarely_says_otherwise():
    rng = np.random.default_rng(5)
    p_values = []
    for run in range(200):
        plan = design(blocks=6, seed=run)
        p_values.append(contrast(plan, simulate(plan, effect=0.0, rng=rng), "massage",
                                 "neither", draws=999).p_randomisation)
    assert np.mean(np.array(p_values) < 0.05) <= 0.09


def test_the_randomisation_p_value_is_exact_for_a_tiny_balanced_case():
    plan = design(blocks=3, days=1)
    # Every block: massage 3, neither 5; all 2^3 re-draws give |difference| 2 or less.
    periods = [{"massage": 3.0, "neither": 5.0}] * 3
    p = randomisation_p(plan, periods, "massage", "neither", draws=4000, seed=3)
    assert p == pytest.approx(0.25, abs=0.03)  # 2 of the 8 orders are as extreme


def test_too_few_blocks_say_how_many_more_are_needed():
    plan = design(blocks=8)
    observed = simulate(plan, effect=1.0, rng=np.random.default_rng(1))
    first_two_blocks = {d.day: observed[d.day] for d in schedule(plan) if d.block < 2}
    found = contrast(plan, first_two_blocks, "massage", "neither")
    assert (found.difference, found.needed, found.blocks) == (None, 1, 2)
    assert blocks_done(plan, first_two_blocks) == 2


def test_days_not_followed_are_kept_and_counted_as_they_were():
    plan = design(blocks=4, days=1)
    observed = {}
    for day in schedule(plan):  # every "neither" day had a massage after all
        observed[day.day] = Observation(3.0 if day.condition == "massage" else 5.0, "massage")
    assigned = contrast(plan, observed, "massage", "neither", draws=0)
    followed = contrast(plan, observed, "massage", "neither", view="followed", draws=0)
    assert assigned.difference == pytest.approx(-2.0) and assigned.blocks == 4
    assert followed.difference is None and followed.needed == 3  # no day was "neither"


def test_carry_over_shows_on_the_first_day_after_massage():
    rng = np.random.default_rng(8)
    plan = design(blocks=12, days=2)
    found = carry_over(plan, simulate(plan, effect=0.0, rng=rng, carry=2.0, spread=0.5))
    assert found.difference > 0 and found.ci_low > 0  # later days higher than the first
    none = carry_over(plan, simulate(plan, effect=0.0, rng=np.random.default_rng(9),
                                     spread=0.5))
    assert none.ci_low < 0 < none.ci_high
    assert carry_over(design(days=1), {}) is None


def test_the_words_call_a_difference_clear_only_when_chance_is_ruled_out():
    from planner.experiments.model import CONDITION_LABELS
    from planner.experiments.stats import Contrast, describe

    clear = Contrast("massage", "socks", "assigned", 10, (), -1.2, -1.9, -0.5, 0.004, 0)
    text = describe(clear, "evening stress", CONDITION_LABELS)
    assert "1.2 points lower on massage days (95% interval from 1.9 lower to 0.5 lower)" in text
    assert "the difference is clear" in text
    few = Contrast("massage", "socks", "assigned", 4, (), -2.0, -2.4, -1.6, 0.125, 0)
    assert "can't tell these two apart yet" in describe(few, "evening stress", CONDITION_LABELS)
    waiting = Contrast("massage", "socks", "followed", 1, (), None, None, None, None, 2)
    assert "2 more complete blocks needed" in describe(waiting, "stress", CONDITION_LABELS)
