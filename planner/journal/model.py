"""The journal: sessions done (with the timer or by hand) and the daily check-in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Annotated, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from planner.experiments.model import CONDITIONS, Condition
from planner.kernel import clock, limits
from planner.kernel.checks import (
    Day,
    Name,
    Notes,
    OneLine,
    Rating,
    YesNo,
    name_field,
    refuse,
    validated,
    validated_value,
    whole_number,
)
from planner.kernel.errors import Problem

EARLIEST = datetime.combine(limits.EARLIEST_DAY, time(), UTC)
# A check-in's numbers, named once for every place that lists them (frames, CSV, charts).
RATINGS = ("stress", "swelling", "pain", "sleep")  # 0 to 10
READINGS = ("pulse", "systolic", "diastolic")  # optional measurements

Foot = Literal["both", "left", "right"]


Seconds = Annotated[int, Field(ge=0, le=limits.SESSION_SECONDS_MAX)]
StepName = Annotated[OneLine, Field(min_length=1, max_length=limits.STEP_NAME_MAX_LENGTH)]


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
    def _times_in_order(self, info: ValidationInfo) -> Session:
        now = (info.context or {}).get("now") or clock.now()  # the form's now, when typed
        if self.started_at < EARLIEST:
            raise refuse(f"That session would start before {limits.EARLIEST_DAY.year}: pick a "
                         "later date or time.", field="when")
        if self.ended_at < self.started_at:
            raise refuse("A session can't end before it starts.", field="when")
        if self.ended_at > now + timedelta(seconds=limits.FUTURE_GRACE_SECONDS):
            raise refuse("A session can't end in the future: pick when it finished.",
                         field="when")
        # Time spent fits between start and end (a second's rounding aside): pauses only add.
        if self.actual_seconds > (self.ended_at - self.started_at).total_seconds() + 1:
            raise refuse("A session can't take longer than from its start to its end.",
                         field="when")
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
    seconds = round(minutes * 60)
    ended = datetime.combine(day, end, zone).astimezone(UTC)
    return validated(
        Session, {"now": now}, routine_name=validated_value(WHAT_YOU_DID, name, "name"),
        started_at=ended - timedelta(seconds=seconds), ended_at=ended,
        planned_seconds=seconds, actual_seconds=seconds, completed=True,
        stress_before=stress_before, stress_after=stress_after, notes=notes, source="manual")


WHAT_YOU_DID = name_field("Say what you did, in 60 characters or fewer.")


def _sock_hours(value: object) -> object:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                              or not 0 < value <= limits.SOCK_HOURS_MAX):
        raise refuse(f"Hours in socks should be more than 0 and at most "
                     f"{limits.SOCK_HOURS_MAX}.")
    return value


def _instead(value: object) -> object:
    if value is not None and value not in CONDITIONS:
        raise refuse("Pick what you did instead from the list, or leave it.")
    return value


SockHours = Annotated[float, BeforeValidator(_sock_hours)]
Pulse = whole_number("Resting pulse", limits.PULSE)
Systolic = whole_number("The upper blood-pressure number", limits.SYSTOLIC)
Diastolic = whole_number("The lower blood-pressure number", limits.DIASTOLIC)
Instead = Annotated[Condition, BeforeValidator(_instead)]


class CheckIn(BaseModel):
    """One day's check-in. The day is the person's own calendar day."""

    model_config = ConfigDict(frozen=True)

    day: Day
    stress: Rating
    socks: bool = False
    sock_hours: SockHours | None = None
    # Only stress is asked for: the other ratings may stay unrated (None), and are then left
    # out of every average and comparison rather than counted as a number.
    swelling: Rating | None = None
    pain: Rating | None = None
    sleep: Rating | None = None
    pulse: Pulse | None = None
    systolic: Systolic | None = None
    diastolic: Diastolic | None = None
    notes: Notes = ""
    # On a day of an experiment: whether the person did what it asked (None: not asked or not
    # answered), and if they didn't, what they did instead (optional). Kept, never dropped.
    plan_followed: YesNo | None = None
    done_instead: Instead | None = None
    version: int | None = None  # as stored; an update must match it
    is_sample: bool = False  # made-up sample data, shown as such

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> CheckIn:
        today = (info.context or {}).get("today")  # where the person is, when typed
        if today is not None and self.day > today:
            raise refuse("A check-in can't be for a day that hasn't happened yet.", "day")
        if self.day > clock.latest_day():  # the latest day that has begun anywhere
            raise refuse("A check-in can't be for a day that hasn't begun yet.", "day")
        if self.done_instead is not None and self.plan_followed is not False:
            raise refuse("What was done instead goes only with a day the plan wasn't "
                         "followed.", "done_instead")
        if self.sock_hours is not None and not self.socks:
            raise refuse("Hours in socks go only with a day in socks.", "sock_hours")
        if (self.systolic is None) != (self.diastolic is None):
            raise refuse("Give both blood-pressure numbers, or neither.", "systolic")
        if self.systolic is not None and self.systolic <= self.diastolic:
            raise refuse("The upper blood-pressure number should be higher than the lower one "
                         "(for example 120 over 80).", "systolic")
        return self


def make_checkin(*, day: date, today: date, stress: object, swelling: object = None,
                 pain: object = None, socks: bool = False, sock_hours: object = None,
                 sleep: object = None,
                 pulse: object = None, systolic: object = None, diastolic: object = None,
                 notes: str | None = "", plan_followed: object = None,
                 done_instead: object = None, version: int | None = None) -> CheckIn:
    """Validate what a person entered; raise ``Problem`` naming every field to fix at once
    (the first field's name on it).

    ``today`` is the day it is now where the person is; ``version`` is the stored check-in's
    version the form showed (None for a day with no check-in yet). ``plan_followed`` answers
    an experiment day's "did you follow the plan?" (None: not asked or not answered);
    ``done_instead`` is kept only with a "no".
    """
    if socks is not True:
        sock_hours = None  # hours only go with socks: unticking them drops the hours
    if plan_followed is not False:
        done_instead = None  # what instead only goes with a "no"
    return validated(CheckIn, {"today": today}, every=True, day=day, stress=stress,
                     socks=bool(socks), sock_hours=sock_hours, swelling=swelling, pain=pain,
                     sleep=sleep, pulse=pulse, systolic=systolic, diastolic=diastolic, notes=notes,
                     plan_followed=plan_followed, done_instead=done_instead, version=version)
