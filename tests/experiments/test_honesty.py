"""What an experiment tells a person, checked on simulated people for whom the truth is known:
its probability statements come true as often as they say, and looking along the way doesn't
turn chance into a verdict."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from planner.experiments.analysis import (
    PRIOR_SPREAD,
    Contrast,
    Observation,
    Stage,
    chance_better,
    contrast,
    describe,
)
from planner.experiments.model import DEFAULT_BLOCKS, DEFAULT_DAYS_PER_CONDITION, Design
from tests.simulated import experiment_person

# No database and no clock: the rerun on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

START = date(2027, 3, 1)


def plan(seed: int) -> Design:
    return Design(conditions=("massage", "socks"), days_per_condition=DEFAULT_DAYS_PER_CONDITION,
                  blocks=DEFAULT_BLOCKS, start=START, seed=seed)


def test_about_80_percent_comes_true_about_80_percent_of_the_time():
    # True differences spread as the statement's starting assumption says; each statement
    # "the chance that massage lowers stress by at least 1 point is p" is then checked
    # against the truth.
    rng = np.random.default_rng(7)
    said, true = [], []
    for person in range(700):
        effect = rng.normal(0, PRIOR_SPREAD)
        design = plan(person)
        _, _, observed = experiment_person(design, rng, {"massage": effect}, history_days=0)
        found = contrast(design, observed, design.primary, draws=0)
        chance = chance_better(found, 1.0, lower_is_better=True)
        if chance is not None:
            said.append(chance)
            true.append(effect <= -1.0)
    said, true = np.array(said), np.array(true)
    middle = (said >= 0.6) & (said <= 0.95)
    assert middle.sum() >= 40
    assert abs(said[middle].mean() - true[middle].mean()) <= 0.1
    assert abs(said.mean() - true.mean()) <= 0.05  # and on the whole


def test_looking_after_every_block_gives_no_early_verdict():
    # No effect at all. The page shows the estimate after every block but calls it clear only
    # at the planned end, so looking along the way can't add false verdicts.
    rng = np.random.default_rng(8)
    verdicts = 0
    for person in range(150):
        design = plan(person)
        _, _, observed = experiment_person(design, rng, {}, history_days=0)
        for block in range(3, design.blocks):
            seen = {d: o for d, o in observed.items()
                    if (d - design.start).days < block * design.days_per_block}
            found = contrast(design, seen, design.primary, draws=199)
            assert "is clear" not in describe(found, "stress", Stage(final=False))
        final = contrast(design, observed, design.primary, draws=199)
        verdicts += "is clear" in describe(final, "stress", Stage(final=True))
    assert verdicts / 150 <= 0.06


def test_experiment_intervals_stay_within_ten_points():
    design = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=3,
                    start=START, seed=1)
    from planner.experiments.model import schedule

    wild = {d.day: Observation(10.0 if (d.condition == "massage") == (d.block == 0) else 0.0,
                               d.condition) for d in schedule(design)}
    found = contrast(design, wild, "massage|socks", draws=0)
    assert -10 <= found.ci_low <= found.ci_high <= 10


def test_the_chance_statement_follows_the_outcomes_direction():
    found = Contrast("massage|socks", "assigned", 8, (-1.5, -1.0, -2.0, -1.2, -1.8, -0.9,
                                                       -1.4, -1.6), -1.425, -1.8, -1.05, 0.01, 0)
    assert chance_better(found, 0.0, lower_is_better=True) > 0.99
    assert chance_better(found, 0.0, lower_is_better=False) < 0.01
    assert 0.1 < chance_better(found, 1.5, lower_is_better=True) < 0.6  # near the mean
