"""A personal experiment (an N-of-1 trial): which conditions, in which order, on which days.

The person picks the conditions to compare (massage, socks, both, neither), how many days each
lasts, whether a wash-out day separates them, how many blocks, the outcome and a start day. Each
block holds every condition once, in an order drawn at random from a stored seed, so the
schedule is balanced, and the same seed always gives the same schedule.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from planner.kernel import limits
from planner.kernel.errors import Problem

Condition = Literal["massage", "socks", "both", "neither"]
# The outcome: a check-in's 0-10 rating, or a watch's measure (planner.watch) the day after.
Outcome = Literal["stress", "swelling", "pain", "sleep", "resting_hr", "hrv_sdnn",
                  "sleep_minutes"]
RATED_OUTCOMES: tuple[Outcome, ...] = ("stress", "swelling", "pain", "sleep")
MEASURED_OUTCOMES: tuple[Outcome, ...] = ("resting_hr", "hrv_sdnn", "sleep_minutes")
CONDITIONS: tuple[Condition, ...] = ("massage", "socks", "both", "neither")
CONDITION_LABELS = {"massage": "Massage", "socks": "Compression socks",
                    "both": "Massage and socks", "neither": "Neither"}
WASH_OUT = "wash-out"
# What the plan form offers first: with two conditions, 10 blocks of 2-day turns (40 days) can
# promise a difference of about 2 points for a typical person; 6 blocks could promise nothing
# once a day or two go unrated (planner.experiments.promise, checked on simulated people in
# tests/experiments/test_promise.py).
DEFAULT_BLOCKS, DEFAULT_DAYS_PER_CONDITION = 10, 2
PLAN_TODO = {"massage": "a foot massage, and no compression socks",
             "socks": "compression socks, and no massage",
             "both": "a foot massage and compression socks",
             "neither": "no massage and no compression socks",
             WASH_OUT: "a wash-out day: no massage and no socks"}
TYPICAL_DAY_SPREAD = 1.5  # points: a day's rating varies about this much (sample data, reports)
TYPICAL_DAYS_ALIKE = 0.5  # the correlation of one day's rating with the next's (assumed)
TYPICAL_UNRATED = 0.15  # days without a rating: people skip a check-in now and then

# The questions an experiment can ask: a pair of conditions ("massage|socks": massage minus
# socks), or, with all four conditions, the main effect of one of the two habits: massage
# (with or without socks) against no massage (with or without socks), and likewise socks.
MAIN_EFFECTS = {"massage-effect": ("massage", "both"), "socks-effect": ("socks", "both")}


def pair_question(first: str, second: str) -> str:
    return f"{first}|{second}"


def questions(conditions: tuple[str, ...]) -> list[str]:
    """Every question the conditions can answer: each pair in the order chosen, then the two
    main effects when all four conditions are in."""
    pairs = [pair_question(a, b) for i, a in enumerate(conditions) for b in conditions[i + 1:]]
    return pairs + (list(MAIN_EFFECTS) if set(conditions) == set(CONDITIONS) else [])


def question_weights(question: str, conditions: tuple[str, ...]) -> tuple[float, ...]:
    """The question as weights on the conditions (in ``conditions`` order), summing to 0."""
    if question in MAIN_EFFECTS:
        with_it = MAIN_EFFECTS[question]
        return tuple(0.5 if c in with_it else -0.5 for c in conditions)
    first, second = question.split("|")
    return tuple(1.0 if c == first else -1.0 if c == second else 0.0 for c in conditions)


def question_label(question: str) -> str:
    """How the question reads as a heading: "Massage vs compression socks"."""
    if question == "massage-effect":
        return "Massage or not (with and without socks)"
    if question == "socks-effect":
        return "Compression socks or not (with and without massage)"
    first, second = question.split("|")
    return f"{CONDITION_LABELS[first]} vs {CONDITION_LABELS[second].lower()}"


def question_sides(question: str) -> tuple[str, str]:
    """The two kinds of day a question compares, in words: ("massage days", "socks days")."""
    if question in MAIN_EFFECTS:
        habit = "massage" if question == "massage-effect" else "socks"
        return f"{habit} days", f"days without {habit}"
    first, second = question.split("|")
    return (f"{CONDITION_LABELS[first].lower()} days", f"{CONDITION_LABELS[second].lower()} days")


class Design(BaseModel):
    """What the person chose. The seed makes the random order reproducible."""

    model_config = ConfigDict(frozen=True)

    conditions: tuple[Condition, ...] = Field(min_length=2, max_length=4)
    days_per_condition: int = Field(
        ge=limits.EXPERIMENT_DAYS_PER_CONDITION.low, le=limits.EXPERIMENT_DAYS_PER_CONDITION.high)
    wash_out: bool = False
    blocks: int = Field(ge=limits.EXPERIMENT_BLOCKS.low, le=limits.EXPERIMENT_BLOCKS.high)
    outcome: Outcome = "stress"
    start: date
    seed: int = Field(ge=0, lt=2**63)  # it is kept in a 64-bit column
    # The one comparison the person cares most about, named before it starts (see
    # ``questions``); None: the first two conditions, as experiments planned before this asked.
    question: str | None = Field(default=None, max_length=40)

    @model_validator(mode="after")
    def _distinct(self) -> Design:
        if len(set(self.conditions)) != len(self.conditions):
            raise ValueError("each condition once")
        if self.question is not None and self.question not in questions(self.conditions):
            raise ValueError("the main question must compare conditions of this experiment")
        return self

    @property
    def primary(self) -> str:
        """The main question: the one chosen, else the first two conditions."""
        return self.question or pair_question(*self.conditions[:2])

    @property
    def days_per_block(self) -> int:
        return len(self.conditions) * (self.days_per_condition + self.wash_out)

    @property
    def total_days(self) -> int:
        return self.blocks * self.days_per_block

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.total_days - 1)


@dataclass(frozen=True)
class Day:
    """One day of the schedule. ``condition`` is WASH_OUT on a day between conditions."""

    day: date
    condition: str
    block: int  # 0-based
    day_in_period: int  # 0 for a condition's first day (carry-over shows there)


def schedule(design: Design) -> list[Day]:
    """Every day from start to end: in each block each condition once, in an order drawn from
    the design's seed; a wash-out day after each condition if asked."""
    draw = random.Random(design.seed)
    days: list[Day] = []
    current = design.start
    for block in range(design.blocks):
        order = list(design.conditions)
        draw.shuffle(order)
        for condition in order:
            for index in range(design.days_per_condition):
                days.append(Day(current, condition, block, index))
                current += timedelta(days=1)
            if design.wash_out:
                days.append(Day(current, WASH_OUT, block, 0))
                current += timedelta(days=1)
    return days


def assignment(design: Design, day: date) -> Day | None:
    """Today's assignment, or None outside the experiment."""
    if not design.start <= day <= design.end:
        return None
    return schedule(design)[(day - design.start).days]


def actual_condition(massage: bool, socks: bool) -> Condition:
    """What a day was, from what was logged: a session that day, socks ticked."""
    if massage and socks:
        return "both"
    return "massage" if massage else "socks" if socks else "neither"


def planned_condition(assigned: str) -> Condition:
    """What an assigned day asks for: a wash-out day is a day with neither."""
    return "neither" if assigned == WASH_OUT else assigned


def already_broken(conditions: tuple[Condition, ...] | list[Condition],
                   done: frozenset[str]) -> list[Condition]:
    """The ``conditions`` a day can no longer follow, given what was already ``done`` that
    day ("massage", "socks"): a massage rules out socks-only and neither, socks rule out
    massage-only and neither."""
    ruled_out = set()
    if "massage" in done:
        ruled_out |= {"socks", "neither"}
    if "socks" in done:
        ruled_out |= {"massage", "neither"}
    return [condition for condition in conditions if condition in ruled_out]


def instead_choices(assigned: str) -> list[Condition]:
    """What a person could have done instead of ``assigned``: every other condition."""
    return [c for c in CONDITIONS if c != planned_condition(assigned)]


def day_as_followed(assigned: str, said: bool | None, instead: Condition | None,
                    inferred: Condition | None) -> Condition | None:
    """What a day was, for the "as followed" view: the person's own answer when they gave
    one, else what the log suggests (``inferred``: a session that day, socks ticked).

    "Yes" is the planned condition; "no" with what they did instead is that; a bare "no"
    keeps the log's reading, unless the log matches the plan, when the day is unknown (None).
    """
    planned = planned_condition(assigned)
    if said is True:
        return planned
    if said is False:
        if instead is not None:
            return instead
        return None if inferred == planned else inferred
    return inferred


SPREAD_DAYS = 60  # the past check-ins a person's own spread is measured over
MIN_SPREAD_RATINGS = 14  # ratings needed before their own spread replaces the typical one


@dataclass(frozen=True)
class DaySpread:
    """How much a day's rating varies (points), and how alike one day is to the next (0-1):
    the person's own, or the typical figures."""

    points: float = TYPICAL_DAY_SPREAD
    ratings: int = 0  # how many past ratings it was measured from; 0: the typical figures
    alike: float = TYPICAL_DAYS_ALIKE
    unrated: float = TYPICAL_UNRATED  # the share of days that go without a rating

    @property
    def own(self) -> bool:
        return self.ratings > 0


MIN_ALIKE_PAIRS = 10  # pairs of ratings on consecutive days before their likeness is measured


def day_spread(ratings: list[float], days: list[date] | None = None,
               typical: DaySpread | None = None) -> DaySpread:
    """The person's own spread (standard deviation) from their past ratings (or a watch's
    values), if there are enough of them and they vary at all; from ``days`` (the values'
    days) also how alike consecutive days were, when there are enough pairs, and how many
    days went without a value; otherwise the ``typical`` figures (a rating's, if not given)."""
    import statistics

    typical = typical or DaySpread()
    if len(ratings) < MIN_SPREAD_RATINGS:
        return typical
    points = statistics.stdev(ratings)
    if points <= 0:
        return typical
    alike, unrated = typical.alike, typical.unrated
    if days is not None:
        span = (max(days) - min(days)).days + 1
        # Never fewer than typical: a few weeks of perfect check-ins don't promise more.
        unrated = max(typical.unrated, round(1 - len(set(days)) / span, 2))
        by_day = dict(zip(days, ratings, strict=True))
        pairs = [(v, by_day[d + timedelta(days=1)]) for d, v in by_day.items()
                 if d + timedelta(days=1) in by_day]
        if len(pairs) >= MIN_ALIKE_PAIRS:
            mean = statistics.fmean(ratings)
            together = sum((a - mean) * (b - mean) for a, b in pairs) / len(pairs)
            found = together / statistics.pvariance(ratings)
            # The lag-1 correlation of a short series is biased low (Kendall): add it back.
            found += (1 + 3 * found) / len(pairs)
            alike = min(max(found, 0.0), 0.9)
    return DaySpread(points, len(ratings), round(alike, 2), unrated)


@dataclass(frozen=True)
class OutcomeKind:
    """What an experiment compares on, and how it reads: a check-in's rating (0-10 points) or
    a watch's measure in its own unit, which direction is better, and the day whose value
    judges an experiment day."""

    label: str  # as it reads in a sentence: "your {label} averaged 2.1 beats a minute lower"
    name: str  # as a choice and on a chart: "Resting heart rate"
    unit: tuple[str, str]  # one and many: ("point", "points"), ("minute", "minutes")
    lower_is_better: bool
    bounds: limits.Bounds  # a value outside these can't be stored (planner.kernel.limits)
    measure: str | None = None  # the watch's measure (planner.watch.model); None: a rating
    # Judged by the value dated the day after: an evening's massage or a day in socks can
    # only show in the night and morning that follow it (see MEASURED_KINDS).
    next_day: bool = False
    typical: DaySpread = DaySpread()  # day to day, until the person's own can be measured
    prior_spread: float = 2.0  # the probability statement's starting assumption (analysis)
    notable: float = 1.0  # "by at least this much", in the probability statement
    step: float = 0.1  # the promise is given to this precision
    digits: int = 1  # decimals shown
    words: tuple[str, str] = ("lower", "higher")

    @property
    def rated(self) -> bool:
        return self.measure is None

    @property
    def widest(self) -> float:
        """Two averages of this outcome can't differ by more."""
        return float(self.bounds.high - self.bounds.low)

    @property
    def axis(self) -> str:
        """A chart's axis: "Resting heart rate (beats a minute)", "Evening stress (0 to 10)"."""
        scale = "0 to 10" if self.rated else self.unit[1]
        return f"{self.name} ({scale})"

    def amount(self, value: float) -> str:
        """``-2.34`` -> ``"2.3 beats a minute"``: a size, in the outcome's unit."""
        shown = round(abs(value), self.digits)
        # A watch's whole figures read without a ".0": "10 ms", not "10.0 ms".
        digits = 0 if not self.rated and float(shown).is_integer() else self.digits
        return f"{shown:.{digits}f} {self.unit[0] if shown == 1 else self.unit[1]}"

    @property
    def in_a_sentence(self) -> str:
        """The name inside a sentence: "resting heart rate", "heart-rate variability (HRV)"."""
        return self.name[:1].lower() + self.name[1:]

    def compared(self, value: float) -> str:
        """``-2.34`` -> ``"2.3 beats a minute lower"`` (or "shorter" for sleep)."""
        return f"{self.amount(value)} {self.words[0] if value < 0 else self.words[1]}"

    def judged_by(self, day: date) -> date:
        """The day whose value judges experiment day ``day``."""
        return day + timedelta(days=1) if self.next_day else day


_POINTS = ("point", "points")
RATED_KINDS = {
    "stress": OutcomeKind("evening stress", "Evening stress", _POINTS, True, limits.RATING),
    "swelling": OutcomeKind("leg heaviness or swelling", "Leg heaviness or swelling", _POINTS,
                            True, limits.RATING),
    "pain": OutcomeKind("foot pain", "Foot pain", _POINTS, True, limits.RATING),
    # Sleep is rated higher when it was good.
    "sleep": OutcomeKind("sleep", "Sleep", _POINTS, False, limits.RATING),
}
# A watch's measures, each judged by the value dated the day after the experiment day
# (planner.watch reads each record to its own local day):
# - resting heart rate: a watch works it out from the day's readings at rest, mostly in the
#   night and early morning, and dates it to that day; the value dated d+1 is the first one
#   measured wholly after day d's evening massage or day in socks (day d's own was mostly
#   measured before them).
# - HRV: the mean of the readings dated d+1, most of them taken in the night after day d and
#   that morning; the readings later on d+1 may already feel d+1's own condition, which can
#   only blur a difference, never make one.
# - sleep: a night is counted to the day it ends (planner.watch.apple, health_connect), so
#   the night after day d (its evening to d+1's morning) is the one dated d+1.
# The typical day-to-day spreads are assumed from what watches commonly show (resting heart
# rate moves a couple of beats from day to day, SDNN about a fifth of itself, a night's sleep
# most of an hour); the person's own replace them once 14 days of values are imported. A watch
# left off now and then leaves days without a value, one in seven assumed as for check-ins.
MEASURED_KINDS = {
    "resting_hr": OutcomeKind(
        "resting heart rate the next morning", "Resting heart rate",
        ("beat a minute", "beats a minute"), True, limits.RESTING_HR, "resting_hr", True,
        DaySpread(2.5, 0, 0.5), prior_spread=3.0, notable=1.0, step=0.5),
    "hrv_sdnn": OutcomeKind(
        "heart-rate variability (HRV) the next day", "Heart-rate variability (HRV)",
        ("ms", "ms"), False, limits.HRV_SDNN, "hrv_sdnn", True, DaySpread(10.0, 0, 0.3),
        prior_spread=8.0, notable=3.0, step=1.0),
    "sleep_minutes": OutcomeKind(
        "time asleep the night after", "Time asleep", ("minute", "minutes"), False,
        limits.SLEEP_MINUTES, "sleep_minutes", True, DaySpread(50.0, 0, 0.2),
        prior_spread=30.0, notable=15.0, step=5.0, digits=0, words=("shorter", "longer")),
}
OUTCOME_KINDS: dict[str, OutcomeKind] = RATED_KINDS | MEASURED_KINDS
OUTCOME_LABELS = {outcome: kind.label for outcome, kind in OUTCOME_KINDS.items()}
# Outcomes where a lower value is the better one.
LOWER_IS_BETTER = {outcome: kind.lower_is_better for outcome, kind in OUTCOME_KINDS.items()}


def check_choice(conditions: list[str]) -> tuple[Condition, ...]:
    """The conditions a person ticked, in the usual order; ``Problem`` unless two or more."""
    chosen = tuple(c for c in CONDITIONS if c in conditions)
    if len(chosen) < 2:
        raise Problem("conditions", "Pick at least two things to compare.")
    return chosen


Answer = tuple[bool | None, Condition | None]  # "did you follow the plan?", and what instead


@dataclass(frozen=True)
class Experiment:
    id: int
    design: Design
    ended_at: datetime | None  # set when stopped before its last day

    def running_on(self, day: date) -> bool:
        return self.ended_at is None and self.design.start <= day <= self.design.end

    def over_by(self, day: date) -> bool:
        return self.ended_at is not None or day > self.design.end

    def last_day(self, zone: tzinfo) -> date:
        """The experiment's last day: its planned end, or the day it was ended early (in
        ``zone``). Days after it don't count, whatever was logged or measured on them."""
        if self.ended_at is None:
            return self.design.end
        return min(self.design.end, self.ended_at.astimezone(zone).date())

    def final_by(self, day: date, zone: tzinfo) -> bool:
        """Whether the results are final on ``day``: the experiment is over and the value
        that judges its last day is in. A watch's measure judges a day by the next morning,
        which is only imported after that morning."""
        kind = OUTCOME_KINDS[self.design.outcome]
        return self.over_by(day) and (not kind.next_day
                                      or day > kind.judged_by(self.last_day(zone)))

    def assigned_on(self, day: date, zone: tzinfo) -> Day | None:
        """What the schedule asked of ``day``, if the experiment was still on then (a day
        after it was ended early asks nothing)."""
        if self.ended_at is not None and day > self.ended_at.astimezone(zone).date():
            return None
        return assignment(self.design, day)
