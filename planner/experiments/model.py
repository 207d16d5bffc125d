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
from datetime import date, timedelta
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
BLOCKS = limits.Bounds(2, 20)
DAYS_PER_CONDITION = limits.Bounds(1, 3)
TYPICAL_DAY_SPREAD = 1.5  # points: a day's rating varies about this much (sample data, reports)


class Design(BaseModel):
    """What the person chose. The seed makes the random order reproducible."""

    model_config = ConfigDict(frozen=True)

    conditions: tuple[Condition, ...] = Field(min_length=2, max_length=4)
    days_per_condition: int = Field(ge=DAYS_PER_CONDITION.low, le=DAYS_PER_CONDITION.high)
    wash_out: bool = False
    blocks: int = Field(ge=BLOCKS.low, le=BLOCKS.high)
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


def detectable_difference(blocks: int, days_per_condition: int,
                          day_spread: float = TYPICAL_DAY_SPREAD) -> float:
    """The difference between two conditions (in points) this design would find 80% of the
    time at the 5% level, if a day's rating varies by ``day_spread`` points.

    Each block gives one paired difference of two averages over ``days_per_condition`` days.
    """
    from statsmodels.stats.power import TTestPower

    spread_of_difference = day_spread * (2 / days_per_condition) ** 0.5
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


def plan_in_words(design: Design, day_spread: float = TYPICAL_DAY_SPREAD) -> str:
    """How long it takes and what it could show, in a sentence or two."""
    weeks = design.total_days / 7
    size = detectable_difference(design.blocks, design.days_per_condition, day_spread)
    text = (f"{design.total_days} days (about {weeks:.0f} week{'s' if round(weeks) != 1 else ''}"
            f"), from {design.start:%a %d %b} to {design.end:%a %d %b %Y}. If your "
            f"{OUTCOME_LABELS[design.outcome]} really differs by about {size:.1f} points "
            "between the first two conditions, this plan would usually show it; a smaller "
            "difference could go unnoticed.")
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
