"""A personal experiment (an N-of-1 trial): which conditions, in which order, on which days.

The person picks the conditions to compare (massage, socks, both, neither), how many days each
lasts, whether a wash-out day separates them, how many blocks, the outcome and a start day. Each
block holds every condition once, in an order drawn at random from a stored seed, so the
schedule is balanced, and the same seed always gives the same schedule.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from planner.kernel import limits
from planner.kernel.errors import Problem

Condition = Literal["massage", "socks", "both", "neither"]
Outcome = Literal["stress", "swelling", "pain", "sleep"]
CONDITIONS: tuple[Condition, ...] = ("massage", "socks", "both", "neither")
CONDITION_LABELS = {"massage": "Massage", "socks": "Compression socks",
                    "both": "Massage and socks", "neither": "Neither"}
OUTCOME_LABELS = {"stress": "evening stress", "swelling": "leg heaviness or swelling",
                  "pain": "foot pain", "sleep": "sleep"}
WASH_OUT = "wash-out"
PLAN_TODO = {"massage": "a foot massage, and no compression socks",
             "socks": "compression socks, and no massage",
             "both": "a foot massage and compression socks",
             "neither": "no massage and no compression socks",
             WASH_OUT: "a wash-out day: no massage and no socks"}
TYPICAL_DAY_SPREAD = 1.5  # points: a day's rating varies about this much (sample data, reports)
NEIGHBOURING_DAYS_ALIKE = 0.5  # the correlation of ratings on days of one turn (assumed)


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

    @model_validator(mode="after")
    def _distinct(self) -> Design:
        if len(set(self.conditions)) != len(self.conditions):
            raise ValueError("each condition once")
        return self

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
    """How much a day's rating varies, in points: the person's own, or the typical figure."""

    points: float = TYPICAL_DAY_SPREAD
    ratings: int = 0  # how many past ratings it was measured from; 0: the typical figure

    @property
    def own(self) -> bool:
        return self.ratings > 0


def day_spread(ratings: list[float]) -> DaySpread:
    """The person's own spread (standard deviation) from their past ratings, if there are
    enough of them and they vary at all; otherwise the typical figure."""
    import statistics

    if len(ratings) < MIN_SPREAD_RATINGS:
        return DaySpread()
    points = statistics.stdev(ratings)
    return DaySpread(points, len(ratings)) if points > 0 else DaySpread()


def detectable_difference(blocks: int, days_per_condition: int,
                          day_spread: float = TYPICAL_DAY_SPREAD) -> float:
    """The difference between two conditions (in points) this design would find 80% of the
    time at the 5% level, if a day's rating varies by ``day_spread`` points.

    Each block gives one paired difference of two averages over ``days_per_condition`` days.
    """
    from statsmodels.stats.power import TTestPower

    # Days in a row are alike (a good week, a cold), so k days of a turn count for less than
    # k independent days: the variance of their mean is (1 + (k - 1) * r) / k of one day's,
    # with r the likeness of days in one turn (an assumed, typical figure).
    k = days_per_condition
    spread_of_turn = day_spread * ((1 + (k - 1) * NEIGHBOURING_DAYS_ALIKE) / k) ** 0.5
    spread_of_difference = spread_of_turn * 2 ** 0.5
    effect = TTestPower().solve_power(nobs=blocks, alpha=0.05, power=0.8,
                                      alternative="two-sided")
    return float(effect * spread_of_difference)


def blocks_to_rule_out_chance(conditions: int) -> int:
    """The fewest blocks with which re-drawing the order could ever make a result rarer than
    1 in 20: the most extreme order has a chance of 2 in (orders per block) ** blocks."""
    orders, blocks = math.factorial(conditions), 1
    while 2 / orders ** blocks >= 0.05:
        blocks += 1
    return blocks


def plan_in_words(design: Design, spread: DaySpread | None = None) -> str:
    """How long it takes and what it could show, in a sentence or two. ``spread``: how much
    the outcome varies from day to day (the typical figure if not given)."""
    spread = spread or DaySpread()
    outcome = OUTCOME_LABELS[design.outcome]
    weeks = design.total_days / 7
    size = detectable_difference(design.blocks, design.days_per_condition, spread.points)
    text = (f"{design.total_days} days (about {weeks:.0f} week{'s' if round(weeks) != 1 else ''}"
            f"), from {design.start:%a %d %b} to {design.end:%a %d %b %Y}. If your "
            f"{outcome} really differs by about {size:.1f} points between the first two "
            "conditions, this plan would usually show it; a smaller difference could go "
            "unnoticed.")
    if spread.own:
        text += (f" This uses how much your {outcome} varied over your last {spread.ratings} "
                 f"check-ins: about {spread.points:.1f} points from day to day.")
    else:
        text += (f" This assumes your {outcome} varies by about {spread.points:.1f} points "
                 f"from day to day, as is typical; once you have {MIN_SPREAD_RATINGS} "
                 "check-ins rating it, Solace uses how much yours varies.")
    fewest = blocks_to_rule_out_chance(len(design.conditions))
    if design.blocks < fewest:
        text += (f" With fewer than {fewest} blocks, chance can never be ruled out, whatever "
                 "the days show.")
    return text


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

    def assigned_on(self, day: date, zone: tzinfo) -> Day | None:
        """What the schedule asked of ``day``, if the experiment was still on then (a day
        after it was ended early asks nothing)."""
        if self.ended_at is not None and day > self.ended_at.astimezone(zone).date():
            return None
        return assignment(self.design, day)
