"""The journal: sessions done (with the timer or by hand) and the daily check-in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from planner.experiments.model import CONDITIONS, Condition
from planner.kernel import clock, limits
from planner.kernel.checks import (
    Name,
    Notes,
    Rating,
    check_name,
    check_notes,
    check_rating,
    no_control_characters,
)
from planner.kernel.errors import Problem

EARLIEST = datetime.combine(limits.EARLIEST_DAY, time(), UTC)

Foot = Literal["both", "left", "right"]


Seconds = Annotated[int, Field(ge=0, le=limits.SESSION_SECONDS_MAX)]
StepName = Annotated[str, Field(min_length=1, max_length=limits.STEP_NAME_MAX_LENGTH),
                     AfterValidator(no_control_characters)]


class StepResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: StepName
    foot: Foot
    planned_seconds: Seconds
    actual_seconds: Seconds  # may pass the plan: going back a step does it again
    skipped: bool


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int | None = None
    run_id: int | None = None
    routine_name: Name
    started_at: AwareDatetime
    ended_at: AwareDatetime
    planned_seconds: Seconds
    actual_seconds: Seconds
    completed: bool
    steps: tuple[StepResult, ...] = Field(default=(), max_length=2 * limits.MAX_STEPS)
    stress_before: Rating | None = None
    stress_after: Rating | None = None
    notes: Notes = ""
    source: Literal["timer", "manual"] = "timer"
    version: int | None = None  # as stored; an edit must match it
    is_sample: bool = False  # made-up sample data, shown as such

    @model_validator(mode="after")
    def _times_in_order(self) -> Session:
        if self.started_at < EARLIEST:
            raise ValueError(f"a session can't start before {limits.EARLIEST_DAY.year}")
        if self.ended_at < self.started_at:
            raise ValueError("a session can't end before it starts")
        if self.ended_at > clock.now() + timedelta(seconds=limits.FUTURE_GRACE_SECONDS):
            raise ValueError("a session can't end in the future")
        # Time spent fits between start and end (a second's rounding aside): pauses only add.
        if self.actual_seconds > (self.ended_at - self.started_at).total_seconds() + 1:
            raise ValueError("a session can't take longer than from its start to its end")
        return self

    @property
    def stress_drop(self) -> int | None:
        if self.stress_before is None or self.stress_after is None:
            return None
        return self.stress_before - self.stress_after


def manual_session(*, name: str | None, day: object, end: object, minutes: object,
                   now: datetime, zone: tzinfo, stress_before: object = None,
                   stress_after: object = None, notes: str | None = "") -> Session:
    """A session logged by hand; raise ``Problem`` naming the field to fix.

    ``day`` and ``end`` (when it finished) are wall-clock values in the person's ``zone``;
    the session started ``minutes`` before that (on the day before, if it crossed midnight).
    ``now`` is aware.
    """
    if not isinstance(day, date) or not isinstance(end, time):
        raise Problem("when", "Pick the date and the time you finished.")
    if day < limits.EARLIEST_DAY:
        raise Problem("when", f"Pick a date from {limits.EARLIEST_DAY.year} on.")
    low, high = limits.MANUAL_MINUTES.low, limits.MANUAL_MINUTES.high
    if isinstance(minutes, bool) or minutes not in limits.MANUAL_MINUTES:
        raise Problem("minutes", f"Minutes should be from {low} to {high}.")
    name = check_name(name, "name", "Say what you did, in 60 characters or fewer.")
    seconds = round(minutes * 60)
    ended = datetime.combine(day, end, zone).astimezone(UTC)
    if ended > now + timedelta(seconds=limits.FUTURE_GRACE_SECONDS):
        raise Problem("when", "A session can't end in the future: pick when it finished.")
    if ended - timedelta(seconds=seconds) < EARLIEST:
        raise Problem("when", f"That session would start before {limits.EARLIEST_DAY.year}: "
                              "pick a later date or time.")
    return Session(
        routine_name=name, started_at=ended - timedelta(seconds=seconds), ended_at=ended,
        planned_seconds=seconds, actual_seconds=seconds, completed=True,
        stress_before=check_rating(stress_before, "stress_before"),
        stress_after=check_rating(stress_after, "stress_after"),
        notes=check_notes(notes), source="manual",
    )


def _bounded(bounds: limits.Bounds):
    return Field(default=None, ge=bounds.low, le=bounds.high, strict=True)


class CheckIn(BaseModel):
    """One day's check-in. The day is the person's own calendar day."""

    model_config = ConfigDict(frozen=True)

    day: date = Field(ge=limits.EARLIEST_DAY)
    stress: Rating
    socks: bool = False
    sock_hours: float | None = Field(default=None, gt=0, le=limits.SOCK_HOURS_MAX)
    swelling: Rating
    pain: Rating
    sleep: Rating | None = None
    pulse: int | None = _bounded(limits.PULSE)
    systolic: int | None = _bounded(limits.SYSTOLIC)
    diastolic: int | None = _bounded(limits.DIASTOLIC)
    notes: Notes = ""
    # On a day of an experiment: whether the person did what it asked (None: not asked or not
    # answered), and if they didn't, what they did instead (optional). Kept, never dropped.
    plan_followed: bool | None = Field(default=None, strict=True)
    done_instead: Condition | None = None
    version: int | None = None  # as stored; an update must match it
    is_sample: bool = False  # made-up sample data, shown as such

    @model_validator(mode="after")
    def _consistent(self) -> CheckIn:
        if self.day > clock.latest_day():  # the latest day that has begun anywhere
            raise ValueError("a check-in can't be for a day that hasn't begun yet")
        if self.done_instead is not None and self.plan_followed is not False:
            raise ValueError("what was done instead only on a day the plan wasn't followed")
        if self.sock_hours is not None and not self.socks:
            raise ValueError("hours in socks only on a day with socks")
        if (self.systolic is None) != (self.diastolic is None):
            raise ValueError("both blood-pressure numbers, or neither")
        if self.systolic is not None and self.systolic <= self.diastolic:
            raise ValueError("the upper blood-pressure number must be above the lower one")
        return self


def _whole(value: object, field: str, label: str, bounds: limits.Bounds) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in bounds:
        raise Problem(field, f"{label} should be a whole number from {bounds.low} to "
                             f"{bounds.high}.")
    return value


def _plan_answer(followed: object, instead: object) -> tuple[bool | None, Condition | None]:
    """An experiment day's "did you follow the plan?" and, with a "no", what instead."""
    if followed is not None and not isinstance(followed, bool):
        raise Problem("plan_followed", "Answer yes or no, or leave it unanswered.")
    if followed is not False or instead is None:
        return followed, None
    if instead not in CONDITIONS:
        raise Problem("done_instead", "Pick what you did instead from the list, or leave it.")
    return followed, instead


RATED = {"stress": "your stress", "swelling": "leg heaviness or swelling",
         "pain": "foot pain"}


def make_checkin(*, day: date, today: date, stress: object, swelling: object, pain: object,
                 socks: bool = False, sock_hours: object = None, sleep: object = None,
                 pulse: object = None, systolic: object = None, diastolic: object = None,
                 notes: str | None = "", plan_followed: object = None,
                 done_instead: object = None, version: int | None = None) -> CheckIn:
    """Validate what a person entered; raise ``Problem`` naming the field to fix.

    ``today`` is the day it is now where the person is; ``version`` is the stored check-in's
    version the form showed (None for a day with no check-in yet). ``plan_followed`` answers
    an experiment day's "did you follow the plan?" (None: not asked or not answered);
    ``done_instead`` is kept only with a "no".
    """
    if not isinstance(day, date):
        raise Problem("day", "Pick a date.")
    if day > today:
        raise Problem("day", "A check-in can't be for a day that hasn't happened yet.")
    if day < limits.EARLIEST_DAY:
        raise Problem("day", f"Pick a day from {limits.EARLIEST_DAY.year} on.")
    ratings = {
        "stress": check_rating(stress, "stress"),
        "swelling": check_rating(swelling, "swelling"),
        "pain": check_rating(pain, "pain"),
    }
    for field, value in ratings.items():
        if value is None:
            raise Problem(field, f"Pick a number for {RATED[field]}, from 0 to 10 (0 is "
                                 "fine: it means none at all).")
    hours = None
    if socks and sock_hours is not None:
        if isinstance(sock_hours, bool) or not isinstance(sock_hours, int | float) or not (
            0 < sock_hours <= limits.SOCK_HOURS_MAX
        ):
            raise Problem("sock_hours", "Hours in socks should be more than 0 and at most "
                                        f"{limits.SOCK_HOURS_MAX}.")
        hours = float(sock_hours)
    pulse = _whole(pulse, "pulse", "Resting pulse", limits.PULSE)
    systolic = _whole(systolic, "systolic", "The upper blood-pressure number", limits.SYSTOLIC)
    diastolic = _whole(diastolic, "diastolic", "The lower blood-pressure number",
                       limits.DIASTOLIC)
    if (systolic is None) != (diastolic is None):
        raise Problem("systolic", "Give both blood-pressure numbers, or neither.")
    if systolic is not None and systolic <= diastolic:
        raise Problem("systolic", "The upper blood-pressure number should be higher than the "
                                  "lower one (for example 120 over 80).")
    plan_followed, done_instead = _plan_answer(plan_followed, done_instead)
    return CheckIn(day=day, stress=ratings["stress"], socks=bool(socks), sock_hours=hours,
                   swelling=ratings["swelling"], pain=ratings["pain"],
                   sleep=check_rating(sleep, "sleep"), pulse=pulse, systolic=systolic,
                   diastolic=diastolic, notes=check_notes(notes), plan_followed=plan_followed,
                   done_instead=done_instead, version=version)
