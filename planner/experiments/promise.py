"""What a planned experiment could show: the promise, found by running the decision rule.

"If your stress really differs by about 1.4 points, this plan would show it" is a promise.
A formula (one-sample t-test power) over-promised: the verdict needs the randomisation test
too, ratings come in whole points, days in a row are alike, and some days go unrated, so the
promised difference came out "clear" in only 20-70% of simulated experiments. Here the promise
is found by simulating the experiment itself: days with the person's own spread and likeness
from one day to the next, rounded to whole points, about one day in seven left unrated, a
schedule drawn as the real one is, and the very rule the results use
(planner.experiments.analysis: the interval and the randomisation test must agree). The promised
difference is the smallest one that comes out clear in at least ``TARGET`` of them. Days
unrated are as many as the person's own recent check-ins suggest, one in seven at least.

Seeded and cached per design, so a plan always promises the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planner.experiments import analysis  # the decision rule the results use
from planner.experiments.model import (
    OUTCOME_LABELS,
    TYPICAL_UNRATED,
    DaySpread,
    Design,
    question_label,
    question_weights,
)

TARGET = 0.85  # the share of experiments in which the promised difference comes out clear
EXPERIMENTS = 300  # simulated experiments per difference tried
DRAWS = 199  # re-drawn schedules in each simulated randomisation test
LARGEST = 6.0  # points: a plan that can't show this much promises nothing


@dataclass(frozen=True)
class Shape:
    """What the promise depends on: the design without its dates and seed, and the person's
    day-to-day spread and likeness (rounded, so near-equal people share a cached answer)."""

    conditions: int
    days_per_condition: int
    wash_out: bool
    blocks: int
    weights: tuple[float, ...]
    spread: float
    alike: float
    unrated: float

    @classmethod
    def of(cls, design: Design, spread: DaySpread) -> Shape:
        return cls(len(design.conditions), design.days_per_condition, design.wash_out,
                   design.blocks, question_weights(design.primary, design.conditions),
                   round(spread.points, 1), round(spread.alike, 1),
                   float(np.ceil(spread.unrated * 20) / 20))


def _simulated_tables(shape: Shape, effect: float, rng_seed: int) -> np.ndarray:
    """``[experiment, block, condition]`` means of simulated experiments of this shape, with
    the question's true difference ``effect``. The same seed gives the same noise, so a
    larger effect never makes fewer experiments clear by luck of the draw."""
    from scipy.signal import lfilter  # imported when first needed

    rng = np.random.default_rng(rng_seed)
    k, d, blocks = shape.conditions, shape.days_per_condition, shape.blocks
    turn = d + shape.wash_out
    days = blocks * k * turn
    # AR(1) noise, stationary from the first day: neighbouring days alike by ``alike``.
    shocks = rng.normal(size=(EXPERIMENTS, days)) * shape.spread
    shocks[:, 1:] *= np.sqrt(1 - shape.alike ** 2)
    noise = lfilter([1.0], [1.0, -shape.alike], shocks, axis=1)
    unrated = rng.random((EXPERIMENTS, days)) < shape.unrated
    orders = rng.random((EXPERIMENTS, blocks, k)).argsort(axis=2)  # turn position -> condition
    # An effect whose weighted sum is ``effect``: added to the conditions weighted positively.
    weights = np.array(shape.weights)
    lift = np.where(weights > 0, 1.0 / weights[weights > 0].sum(), 0.0)
    condition = np.repeat(orders, turn, axis=2).reshape(EXPERIMENTS, days)
    rating = np.clip(np.round(5 + noise + effect * lift[condition]), 0, 10)
    rated = ~unrated & (np.tile(np.arange(turn) < d, blocks * k)[None, :])
    by_turn = np.where(rated, rating, 0.0).reshape(EXPERIMENTS, blocks, k, turn).sum(axis=3)
    counts = rated.reshape(EXPERIMENTS, blocks, k, turn).sum(axis=3)
    with np.errstate(invalid="ignore"):
        turn_means = np.where(counts > 0, by_turn / np.maximum(counts, 1), np.nan)
    table = np.empty_like(turn_means)
    np.put_along_axis(table, orders, turn_means, axis=2)
    return table


def share_clear(shape: Shape, effect: float, seed: int = 0) -> float:
    """In how many simulated experiments of this shape a true ``effect`` comes out clear."""
    table = _simulated_tables(shape, effect, seed)
    weights = np.array(shape.weights)
    count, _, low, high = analysis.estimates(analysis.block_values(table, weights))
    orders = analysis.random_orders(DRAWS, shape.blocks, shape.conditions, seed + 1)
    p = analysis.randomisation_p(table, weights, orders)
    return float(analysis.clear(count, low, high, p).mean())


@lru_cache(maxsize=512)
def detectable(shape: Shape) -> float | None:
    """The smallest true difference (in points, to 0.1) that comes out clear in at least
    ``TARGET`` of simulated experiments of this shape; None beyond ``LARGEST``."""
    if share_clear(shape, LARGEST) < TARGET:
        return None
    low, high = 0.0, LARGEST
    while high - low > 0.05:
        middle = (low + high) / 2
        low, high = (low, middle) if share_clear(shape, middle) >= TARGET else (middle, high)
    return float(np.ceil(high * 10) / 10)


def detectable_difference(design: Design, spread: DaySpread | None = None) -> float | None:
    return detectable(Shape.of(design, spread or DaySpread()))


def _promise(size: float | None) -> str:
    return "none it could show reliably" if size is None else f"{size:.1f} points"


def plan_in_words(design: Design, spread: DaySpread | None = None) -> str:
    """How long it takes and what it could show, in a few sentences. ``spread``: how much
    the outcome varies from day to day (the typical figure if not given)."""
    spread = spread or DaySpread()
    outcome = OUTCOME_LABELS[design.outcome]
    weeks = design.total_days / 7
    size = detectable_difference(design, spread)
    text = (f"{design.total_days} days (about {weeks:.0f} week{'s' if round(weeks) != 1 else ''}"
            f"), from {design.start:%a %d %b} to {design.end:%a %d %b %Y}. ")
    question = question_label(design.primary).lower()
    if size is None:
        text += (f"This plan is too short to show a difference in your {outcome} ({question}) "
                 "reliably, however large: add blocks.")
    else:
        text += (f"If your {outcome} really differs by {size:.1f} points or more "
                 f"({question}), this plan would show it clearly in at least "
                 f"{round(TARGET * 10)} of 10 such experiments; a smaller difference could go "
                 "unnoticed.")
    if spread.own:
        text += (f" This uses how your {outcome} varied over your last {spread.ratings} "
                 f"check-ins: about {spread.points:.1f} points from day to day.")
    else:
        text += (f" This assumes your {outcome} varies by about {spread.points:.1f} points "
                 "from day to day, as is typical; once you have 14 check-ins rating it, "
                 "Solace uses how much yours varies.")
    if spread.unrated > TYPICAL_UNRATED:
        return text + (f" It allows for about {spread.unrated:.0%} of days going unrated, as "
                       "in your recent check-ins.")
    return text + " It allows for about one day in seven going unrated."


def alternatives(design: Design, spread: DaySpread | None = None
                 ) -> list[tuple[int, int, float | None]]:
    """(blocks, days a turn, promised difference) for plans near this one: two blocks fewer
    and more, and a day shorter and longer a turn, so the person sees what each change buys."""
    from planner.kernel import limits

    spread = spread or DaySpread()
    nearby = []
    for blocks, days in ((design.blocks - 2, design.days_per_condition),
                         (design.blocks + 2, design.days_per_condition),
                         (design.blocks, design.days_per_condition - 1),
                         (design.blocks, design.days_per_condition + 1)):
        if (blocks in limits.EXPERIMENT_BLOCKS
                and days in limits.EXPERIMENT_DAYS_PER_CONDITION):
            other = design.model_copy(update={"blocks": blocks, "days_per_condition": days})
            nearby.append((blocks, days, detectable_difference(other, spread)))
    return nearby


def describe_alternatives(design: Design, spread: DaySpread | None = None) -> str:
    parts = [f"{blocks} blocks of {days}-day turns: {_promise(size)}"
             for blocks, days, size in alternatives(design, spread)]
    return "The difference other plans could show: " + "; ".join(parts) + "."
