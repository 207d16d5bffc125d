"""What an experiment shows, analysed the way it was run.

The unit is the block: in each block every condition had its turn, so each block gives one
within-block difference between two conditions. The estimate is the average of those block
differences, with a t-interval over blocks (blocks, not days, are the independent pieces: days
next to each other are alike, so counting days would make the interval too narrow). The
randomisation test re-draws the order inside every block, exactly as the schedule was drawn,
thousands of times, and asks how often chance alone gives a difference as large.

"As assigned" uses the schedule; "as followed" uses what the log says each day was (a session
that day, socks ticked). Only the first was randomised, so only it gets the randomisation test.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Literal

import numpy as np

from planner.experiments.model import WASH_OUT, Condition, Day, Design, schedule

MIN_BLOCKS = 3  # complete blocks before a difference is estimated
DRAWS = 10_000  # re-drawn schedules in the randomisation test
View = Literal["assigned", "followed"]


@dataclass(frozen=True)
class Observation:
    """One day as logged: the outcome rating (None if not rated) and what the day was."""

    value: float | None
    actual: Condition | None  # None: no check-in, so we don't know about the socks


@dataclass(frozen=True)
class Contrast:
    """``first`` minus ``second`` over the blocks where both were rated."""

    first: Condition
    second: Condition
    view: View
    blocks: int
    block_differences: tuple[float, ...]
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    p_randomisation: float | None
    needed: int  # more complete blocks before there is an estimate


@dataclass(frozen=True)
class CarryOver:
    """A condition's later days minus its first day (only with two or more days a condition)."""

    periods: int
    difference: float | None
    ci_low: float | None
    ci_high: float | None


def _period_means(days: list[Day], observed: Mapping[date, Observation], view: View
                  ) -> list[dict[str, float]]:
    """Per block: the mean outcome for each condition (as assigned, or as the days were)."""
    values: list[dict[str, list[float]]] = []
    for day in days:
        while len(values) <= day.block:
            values.append(defaultdict(list))
        seen = observed.get(day.day)
        if day.condition == WASH_OUT or seen is None or seen.value is None:
            continue
        label = day.condition if view == "assigned" else seen.actual
        if label is not None:
            values[day.block][label].append(seen.value)
    return [{c: float(np.mean(v)) for c, v in block.items() if v} for block in values]


def _interval(differences: np.ndarray) -> tuple[float | None, float | None]:
    if len(differences) < 2:
        return None, None
    spread = differences.std(ddof=1) / np.sqrt(len(differences))
    mean = float(differences.mean())
    if spread == 0:
        return mean, mean
    from scipy import stats  # imported when first needed: pages start quicker

    low, high = stats.t.interval(0.95, len(differences) - 1, loc=mean, scale=spread)
    return float(low), float(high)


def randomisation_p(design: Design, period_values: list[dict[str, float]], first: str,
                    second: str, draws: int = DRAWS, seed: int = 0) -> float | None:
    """How often a re-drawn schedule gives a block-average difference at least as large.

    Within each complete block the condition labels are shuffled among its periods (the order
    is what was randomised); blocks missing a condition's rating are left out, as in the
    estimate itself.
    """
    complete = [block for block in period_values
                if all(c in block for c in design.conditions)]
    if len(complete) < MIN_BLOCKS:
        return None
    k = len(design.conditions)
    table = np.array([[block[c] for c in design.conditions] for block in complete])
    a, b = design.conditions.index(first), design.conditions.index(second)
    observed = float((table[:, a] - table[:, b]).mean())
    rng = np.random.default_rng(seed)
    # For each draw and block, a random permutation of the k periods: argsort of uniforms.
    order = rng.random((draws, len(complete), k)).argsort(axis=2)
    shuffled = np.take_along_axis(np.broadcast_to(table, order.shape), order, axis=2)
    means = (shuffled[:, :, a] - shuffled[:, :, b]).mean(axis=1)
    extreme = np.abs(means) >= abs(observed) - 1e-12
    return float((extreme.sum() + 1) / (draws + 1))


def contrast(design: Design, observed: Mapping[date, Observation], first: Condition,
             second: Condition, view: View = "assigned", draws: int = DRAWS) -> Contrast:
    periods = _period_means(schedule(design), observed, view)
    usable = [block[first] - block[second] for block in periods
              if first in block and second in block]
    differences = np.array(usable)
    needed = max(0, MIN_BLOCKS - len(usable))
    if needed:
        return Contrast(first, second, view, len(usable), tuple(usable), None, None, None,
                        None, needed)
    low, high = _interval(differences)
    p = randomisation_p(design, periods, first, second, draws) if (
        view == "assigned" and draws) else None
    return Contrast(first, second, view, len(usable), tuple(round(d, 3) for d in usable),
                    float(differences.mean()), low, high, p, 0)


def contrasts(design: Design, observed: Mapping[date, Observation], view: View = "assigned",
              draws: int = DRAWS) -> list[Contrast]:
    """Every pair of the design's conditions, in the order they were chosen."""
    return [contrast(design, observed, a, b, view, draws)
            for a, b in combinations(design.conditions, 2)]


def carry_over(design: Design, observed: Mapping[date, Observation]) -> CarryOver | None:
    """Later days minus the first day of each condition's turn; None with one day a turn."""
    if design.days_per_condition < 2:
        return None
    firsts: dict[tuple[int, str], float] = {}
    later: dict[tuple[int, str], list[float]] = defaultdict(list)
    for day in schedule(design):
        seen = observed.get(day.day)
        if day.condition == WASH_OUT or seen is None or seen.value is None:
            continue
        key = (day.block, day.condition)
        if day.day_in_period == 0:
            firsts[key] = seen.value
        else:
            later[key].append(seen.value)
    differences = np.array([np.mean(later[key]) - first for key, first in firsts.items()
                            if later.get(key)])
    if len(differences) < MIN_BLOCKS:
        return CarryOver(len(differences), None, None, None)
    low, high = _interval(differences)
    return CarryOver(len(differences), float(differences.mean()), low, high)


def blocks_done(design: Design, observed: Mapping[date, Observation]) -> int:
    """Blocks in which every condition has at least one rated day (as assigned)."""
    periods = _period_means(schedule(design), observed, "assigned")
    return sum(all(c in block for c in design.conditions) for block in periods)


def _side(value: float) -> str:
    """``-0.43`` -> ``"0.4 lower"``: an end of the interval in words."""
    return f"{abs(value):.1f} lower" if value < 0 else f"{value:.1f} higher"


def _points(value: float) -> str:
    return f"{abs(value):.1f} point{'' if round(abs(value), 1) == 1 else 's'}"


def describe(found: Contrast, outcome_label: str, labels: Mapping[str, str]) -> str:
    """The result in plain words: what it says, and how sure it can be."""
    first, second = labels[found.first].lower(), labels[found.second].lower()
    how = "as planned" if found.view == "assigned" else "as you actually did them"
    if found.difference is None:
        more = f"{found.needed} more complete block{'s' if found.needed != 1 else ''}"
        return (f"{labels[found.first]} vs {second}, {how}: {more} needed before Solace can "
                "compare them.")
    direction = "lower" if found.difference < 0 else "higher"
    text = (f"{labels[found.first]} vs {second}, {how} ({found.blocks} blocks): your "
            f"{outcome_label} averaged {_points(found.difference)} {direction} on {first} days")
    if found.ci_low is not None and found.ci_high is not None:
        text += f" (95% interval from {_side(found.ci_low)} to {_side(found.ci_high)})"
    text += "."
    if found.p_randomisation is not None:
        text += (f" Re-drawing the schedule {DRAWS:,} times, a gap at least this large came up "
                 f"by chance {found.p_randomisation:.0%} of the time.")
    interval_clear = found.ci_low is not None and (found.ci_low > 0 or found.ci_high < 0)
    if interval_clear and found.view == "followed":
        return text + (" The interval leaves out zero, but days counted as you did them "
                       "weren't all set by chance, so this is weaker evidence than the "
                       "planned view.")
    if interval_clear and found.p_randomisation is not None and found.p_randomisation < 0.05:
        text += (" Within this experiment the difference is clear; since chance set the order, "
                 "other things are unlikely to explain it, though it is one person over a few "
                 "weeks and may not last.")
    else:
        text += (" The difference could be zero, or too small for this many blocks to show: "
                 "the experiment can't tell these two apart yet.")
    return text


def describe_carry_over(found: CarryOver, outcome_label: str) -> str:
    if found.difference is None:
        return "Too few turns yet to check whether one condition carries over into the next."
    if found.ci_low is not None and (found.ci_low > 0 or found.ci_high < 0):
        return (f"The first day of each turn differs from the days after it (by about "
                f"{_points(found.difference)} of {outcome_label}): the condition before may be "
                "carrying over. A wash-out day between conditions would help next time.")
    return ("No sign that one condition carries over into the next: the first day of each turn "
            "looks like the days after it.")
