"""The daily check-in: how the day went, one per day."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from planner.kernel import limits
from planner.kernel.checks import Notes, Rating, check_notes, check_rating
from planner.kernel.errors import Problem


def _bounded(bounds: limits.Bounds):
    return Field(default=None, ge=bounds.low, le=bounds.high, strict=True)


class CheckIn(BaseModel):
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
    version: int | None = None  # as stored; an update must match it

    @model_validator(mode="after")
    def _consistent(self) -> CheckIn:
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


def make_checkin(*, day: date, today: date, stress: object, swelling: object, pain: object,
                 socks: bool = False, sock_hours: object = None, sleep: object = None,
                 pulse: object = None, systolic: object = None, diastolic: object = None,
                 notes: str | None = "", version: int | None = None) -> CheckIn:
    """Validate what a person entered; raise ``Problem`` naming the field to fix.

    ``today`` is the day it is now where the person is; ``version`` is the stored check-in's
    version the form showed (None for a day with no check-in yet).
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
            raise Problem(field, "Give a rating from 0 to 10.")
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
    return CheckIn(day=day, stress=ratings["stress"], socks=bool(socks), sock_hours=hours,
                   swelling=ratings["swelling"], pain=ratings["pain"],
                   sleep=check_rating(sleep, "sleep"), pulse=pulse, systolic=systolic,
                   diastolic=diastolic, notes=check_notes(notes), version=version)
