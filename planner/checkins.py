"""The daily check-in: how the day went, one per day."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from planner.routine import Problem
from planner.sessions import NOTES_MAX_LENGTH, check_notes, check_rating

PULSE_RANGE = (30, 220)  # resting beats per minute a person could plausibly record
SYSTOLIC_RANGE = (70, 250)
DIASTOLIC_RANGE = (40, 150)
SOCK_HOURS_MAX = 24


class CheckIn(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: date
    stress: int = Field(ge=0, le=10)
    socks: bool = False
    sock_hours: float | None = Field(default=None, ge=0, le=SOCK_HOURS_MAX)
    swelling: int = Field(ge=0, le=10)
    pain: int = Field(ge=0, le=10)
    sleep: int | None = Field(default=None, ge=0, le=10)
    pulse: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    notes: str = Field(default="", max_length=NOTES_MAX_LENGTH)


def _whole(value: object, field: str, label: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Problem(field, f"{label} should be a whole number from {low} to {high}.")
    return value


def make_checkin(*, day: date, today: date, stress: object, swelling: object, pain: object,
                 socks: bool = False, sock_hours: object = None, sleep: object = None,
                 pulse: object = None, systolic: object = None, diastolic: object = None,
                 notes: str | None = "") -> CheckIn:
    """Validate what a person entered; raise ``Problem`` naming the field to fix."""
    if not isinstance(day, date):
        raise Problem("day", "Pick a date.")
    if day > today:
        raise Problem("day", "A check-in can't be for a day that hasn't happened yet.")
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
            0 < sock_hours <= SOCK_HOURS_MAX
        ):
            raise Problem("sock_hours", "Hours in socks should be more than 0 and at most 24.")
        hours = float(sock_hours)
    pulse = _whole(pulse, "pulse", "Resting pulse", *PULSE_RANGE)
    systolic = _whole(systolic, "systolic", "The upper blood-pressure number", *SYSTOLIC_RANGE)
    diastolic = _whole(diastolic, "diastolic", "The lower blood-pressure number",
                       *DIASTOLIC_RANGE)
    if (systolic is None) != (diastolic is None):
        raise Problem("systolic", "Give both blood-pressure numbers, or neither.")
    if systolic is not None and systolic <= diastolic:
        raise Problem("systolic", "The upper blood-pressure number should be higher than the "
                                  "lower one (for example 120 over 80).")
    return CheckIn(day=day, stress=ratings["stress"], socks=bool(socks), sock_hours=hours,
                   swelling=ratings["swelling"], pain=ratings["pain"],
                   sleep=check_rating(sleep, "sleep"), pulse=pulse, systolic=systolic,
                   diastolic=diastolic, notes=check_notes(notes))
