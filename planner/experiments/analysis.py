"""What an experiment shows, analysed the way it was run.

The unit is the block: in each block every condition had its turn, so each block gives one
within-block value of the question asked (massage minus socks, say). The estimate is the
average of those block values over every block where the conditions it needs were rated, with
a t-interval over blocks (blocks, not days, are the independent pieces: days next to each other
are alike, so counting days would make the interval too narrow). The randomisation test
re-draws the order inside every block, exactly as the schedule was drawn, thousands of times,
and computes the same average in the same way, so estimate and test use the same blocks and
the same days. A result is "clear" when both agree: the interval leaves out zero and chance
rarely re-draws a gap that large.

The functions work on arrays of many experiments at once (a leading axis), so the promise of a
plan (planner.experiments.promise) is checked by running this very decision rule on simulated
experiments.

An outcome from a watch (resting heart rate, HRV, time asleep) runs through the same rule in
its own unit, each experiment day judged by the value dated the day after
(planner.experiments.model.MEASURED_KINDS says why); a day without one is left out, never 0.

"As assigned" uses the schedule; "as followed" uses what each day was: the person's own answer
to "did you follow the plan?" when they gave one, else what the log suggests (a session that
day, socks ticked). Only the first was randomised, so only it gets the randomisation test.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from planner.experiments.model import (
    CONDITION_LABELS,
    OUTCOME_KINDS,
    WASH_OUT,
    Answer,
    Condition,
    Design,
    OutcomeKind,
    actual_condition,
    day_as_followed,
    question_label,
    question_sides,
    question_weights,
    questions,
    schedule,
)
from planner.kernel import limits

MIN_BLOCKS = 3  # blocks with the question's conditions rated before it is estimated
DRAWS = 10_000  # re-drawn schedules in the randomisation test
ALPHA = 0.05
# The probability statement's starting assumption about the true difference: centred on no
# difference, and a difference of more than 4 points (2 standard deviations) is unlikely.
PRIOR_SPREAD = 2.0
View = Literal["assigned", "followed"]
WIDEST = limits.RATING.high - limits.RATING.low  # two averages of ratings can't differ more


@dataclass(frozen=True)
class Observation:
    """One day as logged: the outcome (a rating, or a watch's value the day after; None if
    there is none) and what the day was."""

    value: float | None
    actual: Condition | None  # None: no check-in (so we don't know about the socks), or a
    # plain "not followed" with nothing to say what the day was instead
    said: bool | None = None  # the person's answer to "did you follow the plan?", if given
    instead: Condition | None = None  # what they said they did instead


def observations(sessions: pd.DataFrame, checkins: pd.DataFrame, design: Design,
                 answers: Mapping[date, Answer] | None = None,
                 measured: Mapping[date, float] | None = None,
                 last_day: date | None = None) -> dict[date, Observation]:
    """Each experiment day as logged (``sessions`` and ``checkins`` as the insights frames
    give them, days in the person's zone): the outcome, what the day was (the person's own
    answer to "did you follow the plan?" when given, else what the log suggests), and that
    answer.

    The outcome is the day's check-in rating, or for a watch's measure its value on the day
    that judges the experiment day (``OutcomeKind.judged_by``: the next day) from
    ``measured`` (one value a day, ``measure_by_day``). A day the watch wasn't worn has no
    value (missing, never 0), and a day without a check-in still has its watch value. Days
    after ``last_day`` (an experiment ended early: ``Experiment.last_day``) don't count."""
    import pandas as pd  # imported when first needed: pages without charts start quicker

    from planner.insights.findings import daily

    answers = answers or {}
    kind = OUTCOME_KINDS[design.outcome]
    measured = measured or {}
    rows = {}
    if len(sessions) or len(checkins):  # a watch's values alone need no table of the log
        day_table = daily(sessions, checkins)
        days = pd.to_datetime(day_table["day"]).dt.date
        keep = (days >= design.start) & (days <= design.end)
        ratings = (day_table.loc[keep, design.outcome] if kind.rated
                   else [None] * int(keep.sum()))
        rows = {day: (value, massage, socks) for day, value, massage, socks in zip(
            days[keep], ratings, day_table.loc[keep, "massage"], day_table.loc[keep, "socks"],
            strict=True)}
    found = {}
    for planned in schedule(design):
        day = planned.day
        if last_day is not None and day > last_day:
            break
        rating, massage, socks = rows.get(day, (None, False, None))
        value = rating if kind.rated else measured.get(kind.judged_by(day))
        if day not in rows and value is None:
            continue
        checked_in = socks is not None and not pd.isna(socks)
        inferred = actual_condition(bool(massage), bool(socks)) if checked_in else None
        said, instead = answers.get(day, (None, None))
        found[day] = Observation(
            None if value is None or pd.isna(value) else float(value),
            day_as_followed(planned.condition, said, instead, inferred), said, instead)
    return found


def measure_by_day(measures: pd.DataFrame, outcome: str) -> dict[date, float]:
    """One value a day of the watch's measure ``outcome`` stands for, from the insights
    frame (``day``, ``measure``, ``value``, a row per device: picked among devices as
    Insights picks); empty for a rated outcome."""
    from planner.insights.measures import day_measures

    measure = OUTCOME_KINDS[outcome].measure
    if measure is None or measures is None or measures.empty:
        return {}
    by_day = day_measures(measures)[["day", measure]].dropna()
    return {stamp.date(): float(value)
            for stamp, value in zip(by_day["day"], by_day[measure], strict=True)}


# --- the decision rule, on arrays (a leading axis holds many experiments) ---------------------


def block_values(table: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each block's value of the question: the weighted sum of its conditions' means
    (``table[..., block, condition]``), NaN where a condition it needs wasn't rated."""
    needed = np.flatnonzero(weights)
    return table[..., needed] @ weights[needed]  # a NaN (unrated) makes its block NaN


def _mean_over_blocks(values: np.ndarray) -> np.ndarray:
    """The mean over the last axis ignoring NaN; 0 where no block counts."""
    rated = ~np.isnan(values)
    return np.where(rated, values, 0.0).sum(axis=-1) / np.maximum(rated.sum(axis=-1), 1)


def estimates(values: np.ndarray, widest: float = WIDEST) -> tuple[np.ndarray, ...]:
    """Blocks that count, their mean, and the 95% t-interval's ends (NaN without two blocks
    or without any spread between them; never beyond ``widest``, the largest difference the
    outcome allows), over the last axis."""
    from scipy import stats  # imported when first needed: pages start quicker

    rated = ~np.isnan(values)
    count = rated.sum(axis=-1)
    mean = _mean_over_blocks(values)
    squares = np.where(rated, (np.nan_to_num(values) - mean[..., None]) ** 2, 0.0).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        error = np.sqrt(squares / (count - 1) / count)
        half = stats.t.ppf(1 - ALPHA / 2, np.maximum(count - 1, 1)) * error
    half = np.where((count >= 2) & (error > 1e-12), half, np.nan)
    return count, mean, np.clip(mean - half, -widest, widest), np.clip(mean + half, -widest,
                                                                       widest)


def random_orders(draws: int, blocks: int, conditions: int, seed: int) -> np.ndarray:
    """``draws`` re-drawn schedules: in each block a random order of the turns."""
    rng = np.random.default_rng(seed)
    return rng.random((draws, blocks, conditions)).argsort(axis=2)


def randomisation_p(tables: np.ndarray, weights: np.ndarray, orders: np.ndarray
                    ) -> np.ndarray:
    """For each table (``[..., block, condition]``), how often a re-drawn order gives a mean
    block value at least as far from zero as the one observed.

    Every block takes part, rated or not: within each, the condition labels are shuffled
    among its turns (the order is what was randomised), and the value is averaged over the
    blocks where the shuffled turns it needs were rated, as the estimate is. A draw with no
    such block counts as 0.
    """
    leading = tables.shape[:-2]
    flat = tables.reshape(-1, *tables.shape[-2:])
    _, blocks, conditions = flat.shape
    observed = np.abs(_mean_over_blocks(block_values(flat, weights)))
    # A block's value under each order its turns could take (``every[p, c]``: the turn
    # condition c falls on), [experiment, block, order]; NaN (an unrated turn) leaves it out.
    every = np.array(list(itertools.permutations(range(conditions))))
    needed = np.flatnonzero(weights)
    values = flat[:, :, every[:, needed]] @ weights[needed]
    rated = ~np.isnan(values)
    # Which of those orders each draw gave each block, as a 0/1 matrix [draw, block x order]:
    # then each draw's sum and count of rated blocks are two matrix products, with no
    # [experiment, draw, block] array (the part that took most of the time).
    digits = conditions ** np.arange(conditions)
    position = np.empty(conditions ** conditions, dtype=int)
    position[every @ digits] = np.arange(len(every))
    given = np.eye(len(every))[position[orders @ digits]].reshape(len(orders), blocks * len(every))
    sums = np.where(rated, values, 0.0).reshape(len(flat), -1) @ given.T
    counts = rated.reshape(len(flat), -1).astype(float) @ given.T
    means = np.abs(sums / np.maximum(counts, 1))
    extreme = (means >= observed[:, None] - 1e-12).sum(axis=1)
    return ((extreme + 1) / (len(orders) + 1)).reshape(leading)


def clear(count: np.ndarray, low: np.ndarray, high: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The verdict: enough blocks, an interval that leaves out 0, and chance ruled out."""
    return (count >= MIN_BLOCKS) & ((low > 0) | (high < 0)) & (p < ALPHA)


# --- one person's experiment --------------------------------------------------------------------


def block_table(design: Design, observed: Mapping[date, Observation], view: View = "assigned",
                skip_first_day: bool = False) -> np.ndarray:
    """``[block, condition]``: the mean outcome of each condition's rated days in each block
    (as assigned, or as the days were); NaN where none. ``skip_first_day`` leaves out each
    turn's first day (a sensitivity check for conditions that linger)."""
    totals = np.zeros((design.blocks, len(design.conditions)))
    counts = np.zeros_like(totals)
    for day in schedule(design):
        seen = observed.get(day.day)
        if day.condition == WASH_OUT or seen is None or seen.value is None:
            continue
        if skip_first_day and day.day_in_period == 0:
            continue
        label = day.condition if view == "assigned" else seen.actual
        if label is not None:
            column = design.conditions.index(label) if label in design.conditions else None
            if column is not None:
                totals[day.block, column] += seen.value
                counts[day.block, column] += 1
    with np.errstate(invalid="ignore"):
        return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)


def rated_days(design: Design, observed: Mapping[date, Observation]) -> dict[str, int]:
    """How many days of each condition (as assigned) have the outcome rated."""
    found = dict.fromkeys(design.conditions, 0)
    for day in schedule(design):
        seen = observed.get(day.day)
        if day.condition != WASH_OUT and seen is not None and seen.value is not None:
            found[day.condition] += 1
    return found


@dataclass(frozen=True)
class Contrast:
    """The question's value averaged over the blocks where its conditions were rated."""

    question: str
    view: View
    blocks: int
    block_differences: tuple[float, ...]
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    p_randomisation: float | None
    needed: int  # more blocks with its conditions rated before there is an estimate
    same_every_block: bool = False  # every block gave the same value: no interval
    primary: bool = True  # the question named at the start (the others are extra)

    @property
    def clear(self) -> bool:
        """Interval and randomisation test agree that the difference isn't zero."""
        if self.difference is None or self.ci_low is None or self.p_randomisation is None:
            return False
        return bool(clear(np.array(self.blocks), np.array(self.ci_low),
                          np.array(self.ci_high), np.array(self.p_randomisation)))

    @property
    def first(self) -> str:
        return self.question.split("|")[0]

    @property
    def second(self) -> str:
        return self.question.split("|")[-1]


@lru_cache(maxsize=256)
def _randomisation_p_of(table: bytes, shape: tuple[int, int], weights: tuple[float, ...],
                        draws: int, seed: int) -> float:
    """``randomisation_p`` of one table, kept: the Experiment page asks again on every rerun
    (ten thousand re-drawn schedules for each question), and the days rarely change."""
    orders = random_orders(draws, shape[0], shape[1], seed)
    return float(randomisation_p(np.frombuffer(table).reshape(shape), np.array(weights),
                                 orders))


def contrast(design: Design, observed: Mapping[date, Observation], question: str,
             view: View = "assigned", draws: int = DRAWS, skip_first_day: bool = False,
             seed: int = 0) -> Contrast:
    table = block_table(design, observed, view, skip_first_day)
    weights = np.array(question_weights(question, design.conditions))
    values = block_values(table, weights)
    usable = values[~np.isnan(values)]
    primary = question == design.primary
    needed = max(0, MIN_BLOCKS - len(usable))
    if needed:
        return Contrast(question, view, len(usable), tuple(usable), None, None, None, None,
                        needed, primary=primary)
    _, mean, low, high = estimates(values, OUTCOME_KINDS[design.outcome].widest)
    p = None
    if view == "assigned" and draws:
        p = _randomisation_p_of(table.tobytes(), table.shape, tuple(weights), draws, seed)
    same = bool(np.ptp(usable) < 1e-9)
    return Contrast(question, view, len(usable), tuple(round(float(d), 3) for d in usable),
                    float(mean), None if np.isnan(low) else float(low),
                    None if np.isnan(high) else float(high), p, 0, same, primary)


def contrasts(design: Design, observed: Mapping[date, Observation], view: View = "assigned",
              draws: int = DRAWS) -> list[Contrast]:
    """The main question first, then every other question the conditions can answer."""
    ordered = [design.primary] + [q for q in questions(design.conditions)
                                  if q != design.primary]
    return [contrast(design, observed, q, view, draws) for q in ordered]


def chance_better(found: Contrast, by_at_least: float, lower_is_better: bool,
                  prior_spread: float = PRIOR_SPREAD, widest: float = WIDEST) -> float | None:
    """The chance that the first side of the question is better by at least ``by_at_least``
    (points, or the outcome's unit), from a stated model: block values normal around the true
    difference with an unknown spread (its usual vague prior), and a normal prior on the true
    difference centred on none (``prior_spread``: ``PRIOR_SPREAD`` points for a rating). None
    without an interval."""
    values = np.array(found.block_differences)
    if found.difference is None or found.ci_low is None or len(values) < 2:
        return None
    count, mean = len(values), float(values.mean())
    squares = float(((values - mean) ** 2).sum())
    # Over every possible difference, or (for a wide unit) far enough into the prior's tails.
    span = min(widest, 10 * prior_spread + 2 * abs(mean))
    grid = np.linspace(-span, span, 4001)
    # The spread integrated out: a Student-t shape in the true difference.
    log_likelihood = -count / 2 * np.log1p(count * (grid - mean) ** 2 / squares)
    log_prior = -0.5 * (grid / prior_spread) ** 2
    weight = np.exp(log_likelihood + log_prior - (log_likelihood + log_prior).max())
    weight /= weight.sum()
    better = grid <= -by_at_least if lower_is_better else grid >= by_at_least
    return float(weight[better].sum())


def blocks_done(design: Design, observed: Mapping[date, Observation]) -> int:
    """Blocks in which every condition has at least one rated day (as assigned)."""
    table = block_table(design, observed)
    return int((~np.isnan(table)).all(axis=1).sum())


# --- in words ---------------------------------------------------------------------------------


POINTS = OUTCOME_KINDS["stress"]  # a rating's unit and words, when no kind is named


def _side(value: float, kind: OutcomeKind = POINTS) -> str:
    """``-0.43`` -> ``"0.4 lower"``: an end of the interval in words (for a rating; in a
    watch's unit, with the unit named: "2.3 beats a minute lower")."""
    if kind.rated:
        return f"{abs(value):.1f} lower" if value < 0 else f"{value:.1f} higher"
    return kind.compared(value)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Stage:
    """Where the experiment is: the verdict waits for the planned end."""

    final: bool  # the planned end has come
    ended_early: bool = False
    end: date | None = field(default=None)


EXTRAS_NOTE = ("These weren't the question you named at the start, and looking at many "
               "comparisons turns up a difference by chance now and then: treat any of them "
               "as a lead for a next experiment, not a finding.")
FOLLOWED_NOTE = ("Days counted as you did them weren't all set by chance: if following the "
                 "plan depended on how you felt, this view leans one way or the other, so it "
                 "shows what happened rather than what helps.")


def _verb(kind: OutcomeKind) -> str:
    return "rated" if kind.rated else "measured"


def _about_the_same(value: float, kind: OutcomeKind) -> bool:
    return round(value, kind.digits) == 0


def describe(found: Contrast, outcome_label: str, stage: Stage = Stage(final=True),
             brief: bool = False, kind: OutcomeKind = POINTS) -> str:
    """The result in plain words: what it says, and how sure it can be. ``brief``: the
    figures only, for a list whose caveat is said once below it (``EXTRAS_NOTE``,
    ``FOLLOWED_NOTE``). ``kind``: the outcome's unit and words (a rating's if not given)."""
    heading = question_label(found.question)
    first, second = question_sides(found.question)
    how = "as planned" if found.view == "assigned" else "as you actually did them"
    verb = _verb(kind)
    if found.difference is None:
        return (f"{heading}, {how}: Solace needs it {verb} in "
                f"{_plural(found.needed, 'more block')} before it can compare them.")
    text = (f"{heading}, {how} ({_plural(found.blocks, 'block')} {verb}): your "
            f"{outcome_label} ")
    if _about_the_same(found.difference, kind):
        text += f"averaged about the same on {first} as on {second}"
    else:
        text += f"averaged {kind.compared(found.difference)} on {first} than on {second}"
    if found.same_every_block:
        values = "ratings in whole points" if kind.rated else "values"
        text += (", by the same amount in every block. With no spread between blocks there "
                 f"is no honest 95% interval to give: a few {values} can line up like this, "
                 "and more blocks would show how much the difference varies.")
    elif found.ci_low is not None and found.ci_high is not None:
        text += (f" (95% interval from {_side(found.ci_low, kind)} to "
                 f"{_side(found.ci_high, kind)}).")
    else:
        text += "."
    if brief:
        return text
    if found.p_randomisation is not None:
        text += (f" Re-drawing the schedule {DRAWS:,} times and comparing the same days, a gap "
                 f"at least this large came up by chance {found.p_randomisation:.0%} of the "
                 "time.")
    if found.view == "followed":
        return f"{text} {FOLLOWED_NOTE}"
    if not found.primary:
        return text + (" This is an extra comparison, not the question you named at the "
                       "start: treat it as a lead for a next experiment, not a finding.")
    if not stage.final:
        when = f" on {stage.end:%a %d %b}" if stage.end else ""
        return text + (f" This is a look along the way; the verdict comes at the planned "
                       f"end{when}. Deciding after every block would let chance differences "
                       "through more often.")
    early = (" You ended the experiment early, so read this as a first look rather than "
             "the planned verdict.") if stage.ended_early else ""
    if found.clear:
        return text + (" Within this experiment the difference is clear; since chance set the "
                       "order, other things are unlikely to explain it, though it is one person "
                       "over a few weeks and may not last." + early)
    return text + (" The difference could be zero, or too small for this many blocks to show: "
                   "the experiment can't tell these two apart." + early)


def describe_chance(found: Contrast, outcome: str, outcome_label: str) -> str | None:
    """A plain probability beside the interval, with the model it comes from."""
    kind = OUTCOME_KINDS[outcome]
    lower = kind.lower_is_better
    settings = {"prior_spread": kind.prior_spread, "widest": kind.widest}
    any_gain = chance_better(found, 0.0, lower, **settings)
    notable = chance_better(found, kind.notable, lower, **settings)
    if any_gain is None or notable is None:
        return None
    first, second = question_sides(found.question)
    better = kind.words[0] if lower else kind.words[1]
    by_at_least = f"{kind.notable:.{kind.digits if kind.rated else 0}f}".removesuffix(".0")
    unit = kind.unit[0] if kind.notable == 1 else kind.unit[1]
    return (f"How likely is it that your {outcome_label} is {better} on {first} than on "
            f"{second}? About {_percent(any_gain)}; by at least {by_at_least} {unit}, about "
            f"{_percent(notable)}. (From the block differences, starting from the cautious "
            "assumption that large differences are rare.)")


def _percent(chance: float) -> str:
    if chance > 0.99:
        return "99% or more"
    if chance < 0.01:
        return "under 1%"
    return f"{round(chance * 100):.0f}%"


def describe_days(design: Design, observed: Mapping[date, Observation]) -> str:
    counts = rated_days(design, observed)
    listed = ", ".join(f"{CONDITION_LABELS[c].lower()} {n}" for c, n in counts.items())
    kind = OUTCOME_KINDS[design.outcome]
    if kind.rated:
        return f"Days rated so far, by what the schedule asked: {listed}."
    return f"Days measured by your watch so far, by what the schedule asked: {listed}."


def describe_without_first_days(found: Contrast, outcome_label: str,
                                kind: OutcomeKind = POINTS) -> str | None:
    """The sensitivity check in words: the main question again without each turn's first
    day, in case a condition lingers into the next turn."""
    if found.difference is None:
        return None
    text = (f"Leaving out the first day of every turn, in case the condition before lingers: "
            f"your {outcome_label} averaged ")
    if _about_the_same(found.difference, kind):
        text += "about the same on both"
    else:
        text += f"{kind.compared(found.difference)} on {question_sides(found.question)[0]}"
    if found.ci_low is not None and found.ci_high is not None:
        text += (f" (95% interval from {_side(found.ci_low, kind)} to "
                 f"{_side(found.ci_high, kind)})")
    return text + (". If this differs much from the result above, a condition may carry over "
                   "or build up over a few days: longer turns would show it better.")
