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

A watch's measure (resting heart rate, HRV, time asleep) is simulated the same way in its own
unit, with the person's own spread in that unit (or the typical one), neither rounded to whole
points nor held within 0-10, and the promise is given in that unit ("about 3 beats a minute").

Seeded and cached per design, so a plan always promises the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planner.experiments import analysis  # the decision rule the results use
from planner.experiments.model import (
    OUTCOME_KINDS,
    DaySpread,
    Design,
    question_label,
    question_weights,
)

TARGET = 0.85  # the share of experiments in which the promised difference comes out clear
EXPERIMENTS = 300  # simulated experiments per difference tried
DRAWS = 199  # re-drawn schedules in each simulated randomisation test
LARGEST = 6.0  # points: a plan that can't show this much promises nothing
# A watch's measure: a plan that can't show this many day-to-day spreads promises nothing (as
# 6 points is 4 of a rating's typical 1.5).
LARGEST_SPREADS = 4.0


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
    rated: bool = True  # whole points within 0-10; else a watch's value in its unit
    step: float = 0.1  # the promise's precision, in points or the unit
    widest: float = analysis.WIDEST

    @classmethod
    def of(cls, design: Design, spread: DaySpread) -> Shape:
        kind = OUTCOME_KINDS[design.outcome]
        # Rounded to a twentieth of the typical spread: near-equal people share an answer.
        grain = kind.typical.points / 15
        return cls(len(design.conditions), design.days_per_condition, design.wash_out,
                   design.blocks, question_weights(design.primary, design.conditions),
                   round(round(spread.points / grain) * grain, 3), round(spread.alike, 1),
                   float(np.ceil(spread.unrated * 20) / 20), kind.rated, kind.step,
                   kind.widest)

    @property
    def largest(self) -> float:
        return LARGEST if self.rated else LARGEST_SPREADS * self.spread


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
    value = noise + effect * lift[condition]
    # A rating is a whole point within 0-10; a watch's value has no such steps or walls.
    rating = np.clip(np.round(5 + value), 0, 10) if shape.rated else value
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
    count, _, low, high = analysis.estimates(analysis.block_values(table, weights),
                                             shape.widest)
    orders = analysis.random_orders(DRAWS, shape.blocks, shape.conditions, seed + 1)
    p = analysis.randomisation_p(table, weights, orders)
    return float(analysis.clear(count, low, high, p).mean())


@lru_cache(maxsize=512)
def detectable(shape: Shape) -> float | None:
    """The smallest true difference (in points to 0.1, or in the unit to its ``step``) that
    comes out clear in at least ``TARGET`` of simulated experiments of this shape; None
    beyond ``largest``."""
    if share_clear(shape, shape.largest) < TARGET:
        return None
    low, high = 0.0, shape.largest
    while high - low > shape.step / 2:
        middle = (low + high) / 2
        low, high = (low, middle) if share_clear(shape, middle) >= TARGET else (middle, high)
    return float(np.ceil(round(high / shape.step, 6)) * shape.step)


def typical(design: Design) -> DaySpread:
    """The typical day-to-day spread of the design's outcome, until the person's own is known."""
    return OUTCOME_KINDS[design.outcome].typical


def detectable_difference(design: Design, spread: DaySpread | None = None) -> float | None:
    return detectable(Shape.of(design, spread or typical(design)))


def _size(design: Design, size: float) -> str:
    """A promised difference in the outcome's unit: "1.4 points", "3 beats a minute"."""
    kind = OUTCOME_KINDS[design.outcome]
    if kind.rated:
        return f"{size:.1f} points"
    digits = 0 if float(size).is_integer() else 1
    return f"{size:.{digits}f} {kind.unit[0] if size == 1 else kind.unit[1]}"


def _promise(design: Design, size: float | None) -> str:
    return "none it could show reliably" if size is None else _size(design, size)


def plan_in_words(design: Design, spread: DaySpread | None = None) -> str:
    """How long it takes and what it could show, in a few sentences. ``spread``: how much
    the outcome varies from day to day (the typical figure if not given)."""
    kind = OUTCOME_KINDS[design.outcome]
    spread = spread or kind.typical
    outcome = kind.label
    weeks = design.total_days / 7
    size = detectable_difference(design, spread)
    text = (f"{design.total_days} days (about {weeks:.0f} week{'s' if round(weeks) != 1 else ''}"
            f"), from {design.start:%a %d %b} to {design.end:%a %d %b %Y}. ")
    question = question_label(design.primary).lower()
    if size is None:
        text += (f"This plan is too short to show a difference in your {outcome} ({question}) "
                 "reliably, however large: add blocks.")
    else:
        text += (f"If your {outcome} really differs by {'about ' * (not kind.rated)}"
                 f"{_size(design, size)} or more ({question}), this plan would show it clearly "
                 f"in at least {round(TARGET * 10)} of 10 such experiments; a smaller "
                 "difference could go unnoticed.")
    varies = kind.amount(spread.points) if not kind.rated else f"{spread.points:.1f} points"
    if kind.rated and spread.own:
        text += (f" This uses how your {outcome} varied over your last {spread.ratings} "
                 f"check-ins: about {varies} from day to day.")
    elif kind.rated:
        text += (f" This assumes your {outcome} varies by about {varies} "
                 "from day to day, as is typical; once you have 14 check-ins rating it, "
                 "Solace uses how much yours varies.")
    elif spread.own:
        text += (f" This uses how your watch's {kind.in_a_sentence} varied over "
                 f"{spread.ratings} recent days: about {varies} from day to day.")
    else:
        text += (f" This assumes your {kind.in_a_sentence} varies by about {varies} from day "
                 "to day, as is typical for a watch; once 14 days of it are imported, Solace "
                 "uses how much yours varies.")
    missing = "going unrated" if kind.rated else "without a value (the watch not worn)"
    if spread.unrated > kind.typical.unrated:
        found = "in your recent check-ins" if kind.rated else "in your recent imports"
        return text + f" It allows for about {spread.unrated:.0%} of days {missing}, as {found}."
    return text + f" It allows for about one day in seven {missing}."


def alternatives(design: Design, spread: DaySpread | None = None
                 ) -> list[tuple[int, int, float | None]]:
    """(blocks, days a turn, promised difference) for plans near this one: two blocks fewer
    and more, and a day shorter and longer a turn, so the person sees what each change buys."""
    from planner.kernel import limits

    spread = spread or typical(design)
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
    parts = [f"{blocks} blocks of {days}-day turns: {_promise(design, size)}"
             for blocks, days, size in alternatives(design, spread)]
    return "The difference other plans could show: " + "; ".join(parts) + "."
