"""What an experiment shows, analysed the way it was run.

The unit is the block: in each block every condition had its turn, so each block gives one
within-block difference between two conditions. The estimate is the average of those block
differences over every block where both were rated, with a t-interval over blocks (blocks, not
days, are the independent pieces: days next to each other are alike, so counting days would
make the interval too narrow). The randomisation test re-draws the order inside every block,
exactly as the schedule was drawn, thousands of times, and computes the same average in the
same way (over the blocks where both drawn turns fell on rated days), so estimate and test use
the same blocks and the same days.

"As assigned" uses the schedule; "as followed" uses what each day was: the person's own answer
to "did you follow the plan?" when they gave one, else what the log suggests (a session that
day, socks ticked). Only the first was randomised, so only it gets the randomisation test.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from planner.experiments.model import (
    WASH_OUT,
    Answer,
    Condition,
    Day,
    Design,
    actual_condition,
    day_as_followed,
    schedule,
)

MIN_BLOCKS = 3  # complete blocks before a difference is estimated
DRAWS = 10_000  # re-drawn schedules in the randomisation test
View = Literal["assigned", "followed"]


@dataclass(frozen=True)
class Observation:
    """One day as logged: the outcome rating (None if not rated) and what the day was."""

    value: float | None
    actual: Condition | None  # None: no check-in (so we don't know about the socks), or a
    # plain "not followed" with nothing to say what the day was instead
    said: bool | None = None  # the person's answer to "did you follow the plan?", if given
    instead: Condition | None = None  # what they said they did instead


def observations(sessions: pd.DataFrame, checkins: pd.DataFrame, design: Design,
                 answers: Mapping[date, Answer] | None = None) -> dict[date, Observation]:
    """Each experiment day as logged (``sessions`` and ``checkins`` as the insights frames
    give them, days in the person's zone): the outcome rating, what the day was (the person's
    own answer to "did you follow the plan?" when given, else what the log suggests), and
    that answer."""
    import pandas as pd  # imported when first needed: pages without charts start quicker

    from planner.insights.stats import daily

    answers = answers or {}
    day_table = daily(sessions, checkins)
    if day_table.empty:
        return {}
    planned = {d.day: d.condition for d in schedule(design)}
    days = pd.to_datetime(day_table["day"]).dt.date
    keep = (days >= design.start) & (days <= design.end)
    found = {}
    for day, value, massage, socks in zip(days[keep], day_table.loc[keep, design.outcome],
                                          day_table.loc[keep, "massage"],
                                          day_table.loc[keep, "socks"], strict=True):
        checked_in = not pd.isna(socks)
        inferred = actual_condition(bool(massage), bool(socks)) if checked_in else None
        said, instead = answers.get(day, (None, None))
        found[day] = Observation(
            None if pd.isna(value) else float(value),
            day_as_followed(planned[day], said, instead, inferred), said, instead)
    return found


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
    needed: int  # more blocks with both rated before there is an estimate
    same_every_block: bool = False  # every block gave the same difference: no interval


@dataclass(frozen=True)
class CarryOver:
    """A condition's later days minus its first day (only with two or more days a condition)."""

    periods: int
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    same_every_turn: bool = False  # every turn gave the same difference: no interval


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
    """A 95% t-interval for the mean; None without two values, or when they are all the same
    (a zero-width "interval" would claim a certainty that a handful of blocks can't give)."""
    if len(differences) < 2:
        return None, None
    spread = differences.std(ddof=1) / np.sqrt(len(differences))
    if spread == 0:
        return None, None
    from scipy import stats  # imported when first needed: pages start quicker

    low, high = stats.t.interval(0.95, len(differences) - 1, loc=float(differences.mean()),
                                 scale=spread)
    return float(low), float(high)


def _all_alike(differences: np.ndarray) -> bool:
    return len(differences) >= 2 and float(np.ptp(differences)) < 1e-9


def _pair_means(table: np.ndarray, a: int, b: int) -> np.ndarray:
    """``table[..., a] - table[..., b]`` averaged over the blocks (second-last axis) where both
    are rated (not NaN); 0 where no block has both."""
    gaps = table[..., a] - table[..., b]
    rated = np.isfinite(gaps)
    counts = rated.sum(axis=-1)
    totals = np.where(rated, gaps, 0.0).sum(axis=-1)
    return totals / np.maximum(counts, 1)  # no block with both: 0 / 1


def randomisation_p(design: Design, period_values: list[dict[str, float]], first: str,
                    second: str, draws: int = DRAWS, seed: int = 0) -> float | None:
    """How often a re-drawn schedule gives a block-average difference at least as large.

    Every block of the design takes part, rated or not: within each, the condition labels are
    shuffled among its turns (the order is what was randomised), and the difference is
    averaged over the blocks where both shuffled turns were rated, exactly as the estimate
    averages over the blocks where both were rated. With no such block, a draw counts as 0.
    """
    k = len(design.conditions)
    table = np.array([[block.get(c, np.nan) for c in design.conditions]
                      for block in period_values], dtype=float).reshape(-1, k)
    a, b = design.conditions.index(first), design.conditions.index(second)
    if np.isfinite(table[:, a] - table[:, b]).sum() < MIN_BLOCKS:
        return None
    observed = float(_pair_means(table, a, b))
    rng = np.random.default_rng(seed)
    # For each draw and block, a random permutation of the k turns: argsort of uniforms.
    order = rng.random((draws, len(table), k)).argsort(axis=2)
    shuffled = np.take_along_axis(np.broadcast_to(table, order.shape), order, axis=2)
    means = _pair_means(shuffled, a, b)
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
                    float(differences.mean()), low, high, p, 0, _all_alike(differences))


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
    return CarryOver(len(differences), float(differences.mean()), low, high,
                     _all_alike(differences))


def blocks_done(design: Design, observed: Mapping[date, Observation]) -> int:
    """Blocks in which every condition has at least one rated day (as assigned)."""
    periods = _period_means(schedule(design), observed, "assigned")
    return sum(all(c in block for c in design.conditions) for block in periods)


def _side(value: float) -> str:
    """``-0.43`` -> ``"0.4 lower"``: an end of the interval in words."""
    return f"{abs(value):.1f} lower" if value < 0 else f"{value:.1f} higher"


def _points(value: float) -> str:
    return f"{abs(value):.1f} point{'' if round(abs(value), 1) == 1 else 's'}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _clear(low: float | None, high: float | None) -> bool:
    """The interval leaves out zero."""
    return low is not None and high is not None and (low > 0 or high < 0)


def describe(found: Contrast, outcome_label: str, labels: Mapping[str, str]) -> str:
    """The result in plain words: what it says, and how sure it can be."""
    first, second = labels[found.first].lower(), labels[found.second].lower()
    how = "as planned" if found.view == "assigned" else "as you actually did them"
    if found.difference is None:
        return (f"{labels[found.first]} vs {second}, {how}: Solace needs both rated in "
                f"{_plural(found.needed, 'more block')} before it can compare them.")
    text = (f"{labels[found.first]} vs {second}, {how} ({_plural(found.blocks, 'block')} "
            f"with both rated): your {outcome_label} ")
    if round(found.difference, 1) == 0:
        text += f"averaged about the same on {first} days as on {second} days"
    else:
        direction = "lower" if found.difference < 0 else "higher"
        text += f"averaged {_points(found.difference)} {direction} on {first} days"
    if found.same_every_block:
        text += (", by the same amount in every block. With no spread between blocks there "
                 "is no honest 95% interval to give: a few ratings in whole points can line "
                 "up like this, and more blocks would show how much the difference varies.")
    elif found.ci_low is not None and found.ci_high is not None:
        text += f" (95% interval from {_side(found.ci_low)} to {_side(found.ci_high)})."
    else:
        text += "."
    if found.p_randomisation is not None:
        text += (f" Re-drawing the schedule {DRAWS:,} times and comparing the same days, a gap "
                 f"at least this large came up by chance {found.p_randomisation:.0%} of the "
                 "time.")
    chance_ruled_out = found.p_randomisation is not None and found.p_randomisation < 0.05
    if found.view == "followed" and (_clear(found.ci_low, found.ci_high)
                                     or found.same_every_block):
        return text + (" Days counted as you did them weren't all set by chance, so this is "
                       "weaker evidence than the planned view.")
    if found.same_every_block and chance_ruled_out and round(found.difference, 1) != 0:
        return text + (" Chance alone rarely lines every block up like this, so within this "
                       "experiment the difference looks real, though how big it is can't be "
                       "pinned down yet.")
    if _clear(found.ci_low, found.ci_high) and chance_ruled_out:
        return text + (" Within this experiment the difference is clear; since chance set the "
                       "order, other things are unlikely to explain it, though it is one person "
                       "over a few weeks and may not last.")
    return text + (" The difference could be zero, or too small for this many blocks to show: "
                   "the experiment can't tell these two apart yet.")


def describe_carry_over(found: CarryOver, outcome_label: str) -> str:
    if found.difference is None:
        return "Too few turns yet to check whether one condition carries over into the next."
    carrying = (f"The first day of each turn differs from the days after it (by about "
                f"{_points(found.difference)} of {outcome_label}")
    if found.same_every_turn and round(found.difference, 1) != 0:
        return (carrying + ", the same in every turn, so there is no spread to judge it by "
                "yet): the condition before may be carrying over. A wash-out day between "
                "conditions would help next time.")
    if _clear(found.ci_low, found.ci_high):
        return (carrying + "): the condition before may be carrying over. A wash-out day "
                "between conditions would help next time.")
    return ("No sign that one condition carries over into the next: the first day of each turn "
            "looks like the days after it.")
