"""The weekly plan: on which days, at what time, which routine; what is next; how it went.

A slot is a wall-clock weekday and time ("Sunday 19:30") in the person's own time zone, so it
stays at 19:30 when the clocks change. Everything here is pure: "now" and the zone come in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from planner.kernel import limits
from planner.kernel.checks import Name, name_field, validated_value
from planner.kernel.errors import Problem

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DEFAULT_REMINDER_MINUTES = 30
# The twice-weekly rhythm Solace suggests: a Sunday evening and a Wednesday night.
SUGGESTED = ((6, time(19, 30)), (2, time(21, 30)))
DUE_WINDOW = timedelta(minutes=30)  # a planned session this recent still reads as "now"
ADHERENCE_WEEKS = 12


class Slot(BaseModel):
    """One planned session a week."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    weekday: int = Field(ge=0, le=6, strict=True)  # 0 is Monday
    at: time
    routine_name: Name
    reminder_minutes: int = Field(default=DEFAULT_REMINDER_MINUTES, strict=True,
                                  ge=limits.REMINDER_MINUTES.low,
                                  le=limits.REMINDER_MINUTES.high)
    # The first day it counts (for adherence), where the person is: the day it was added, or
    # the next day if its time had already passed then.
    since: date = Field(ge=limits.EARLIEST_DAY)

    @field_validator("at")
    @classmethod
    def _whole_minute(cls, value: time) -> time:
        if value.tzinfo is not None or value.second or value.microsecond:
            raise ValueError("a time of day to the minute, without a zone")
        return value

    @property
    def key(self) -> tuple[int, time]:
        return self.weekday, self.at

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.at:%H:%M}"


def first_day(at: time, now: datetime) -> date:
    """The first day a time added ``now`` (the person's local date-time) counts: today if it
    is still to come today, else tomorrow. Nobody misses a session planned after the fact."""
    today = now.date()
    return today if at > now.time().replace(tzinfo=None) else today + timedelta(days=1)


PLANNED_ROUTINE = name_field("Pick a routine for this time.")


def make_slot(*, weekday: object, at: object, routine_name: str | None,
              reminder_minutes: object, now: datetime) -> Slot:
    """A slot from what a person picked (``now``: their local date-time); ``Problem`` naming
    the field to fix."""
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise Problem("weekday", "Pick a day of the week.")
    if not isinstance(at, time):
        raise Problem("at", "Pick a time of day.")
    name = validated_value(PLANNED_ROUTINE, routine_name, "routine")
    low, high = limits.REMINDER_MINUTES.low, limits.REMINDER_MINUTES.high
    if isinstance(reminder_minutes, bool) or reminder_minutes not in limits.REMINDER_MINUTES \
            or reminder_minutes != int(reminder_minutes):
        raise Problem("reminder", f"The reminder is a whole number of minutes from {low} to "
                                  f"{high} (a day).")
    at = at.replace(second=0, microsecond=0, tzinfo=None)
    return Slot(weekday=weekday, at=at, routine_name=name,
                reminder_minutes=int(reminder_minutes), since=first_day(at, now))


def check_room(existing: Sequence[Slot], adding: Sequence[Slot]) -> None:
    """``Problem`` if the slots to add clash with each other or the plan, or overfill it."""
    taken = {slot.key: slot for slot in existing}
    for slot in adding:
        if slot.key in taken:
            raise Problem("at", f"{slot.label} already has {taken[slot.key].routine_name} "
                                "planned. Pick another time, or remove that one first.")
        taken[slot.key] = slot
    if len(taken) > limits.PLAN_SLOTS_MAX:
        raise Problem("at", f"A weekly plan holds up to {limits.PLAN_SLOTS_MAX} sessions.")


def suggested_slots(routine_name: str, now: datetime) -> list[Slot]:
    """The suggested rhythm, added ``now`` (the person's local date-time)."""
    return [Slot(weekday=weekday, at=at, routine_name=routine_name, since=first_day(at, now))
            for weekday, at in SUGGESTED]


def sorted_slots(slots: Iterable[Slot]) -> list[Slot]:
    return sorted(slots, key=lambda slot: slot.key)


def local_moment(day: date, at: time, zone: tzinfo) -> datetime:
    """``at`` on ``day`` where the person is. A time the clocks skip (the spring change)
    becomes the same moment an hour on, as a wall clock would show it."""
    naive = datetime.combine(day, at)
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def first_on_or_after(slot: Slot, day: date, zone: tzinfo) -> datetime:
    """The slot's first session on ``day`` or later."""
    ahead = (slot.weekday - day.weekday()) % 7
    return local_moment(day + timedelta(days=ahead), slot.at, zone)


@dataclass(frozen=True)
class Upcoming:
    slot: Slot
    starts: datetime  # aware, in the person's zone

    def when(self, now: datetime) -> str:
        """"now", "today at 19:30", "tomorrow at 21:30", "on Sunday at 19:30"."""
        local_now = now.astimezone(self.starts.tzinfo)
        if self.starts <= local_now:
            return f"now (planned for {self.starts:%H:%M})"
        days = (self.starts.date() - local_now.date()).days
        clock_time = f"{self.starts:%H:%M}"
        if days == 0:
            return f"today at {clock_time}"
        if days == 1:
            return f"tomorrow at {clock_time}"
        return f"on {WEEKDAYS[self.starts.weekday()]} at {clock_time}"


def next_session(slots: Sequence[Slot], now: datetime, zone: tzinfo) -> Upcoming | None:
    """The planned session that is due now (begun up to ``DUE_WINDOW`` ago) or comes next."""
    local_now = now.astimezone(zone)
    found: list[Upcoming] = []
    for slot in slots:
        starts = first_on_or_after(slot, local_now.date() - timedelta(days=1), zone)
        while starts < local_now - DUE_WINDOW:
            starts = local_moment(starts.date() + timedelta(days=7), slot.at, zone)
        found.append(Upcoming(slot, starts))
    return min(found, key=lambda upcoming: upcoming.starts, default=None)


@dataclass(frozen=True)
class Week:
    starts: date  # a Monday
    planned: int
    done: int

    @property
    def kept(self) -> int:
        """Planned sessions done: extra sessions that week don't make up for another's."""
        return min(self.planned, self.done)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_adherence(slots: Sequence[Slot], done_days: Iterable[date], now: datetime,
                     zone: tzinfo, weeks: int = ADHERENCE_WEEKS) -> list[Week]:
    """Planned sessions and sessions done, per week (Monday to Sunday), oldest first.

    From the week the plan began (its first slot's day) to this week, ``weeks`` at most. A
    planned session counts once its time has come; ``done_days`` are the person's calendar days
    of the sessions done (any routine).
    """
    if not slots:
        return []
    local_now = now.astimezone(zone)
    today = local_now.date()
    began = min(slot.since for slot in slots)
    first = max(monday(began), monday(today) - timedelta(weeks=weeks - 1))
    planned: dict[date, int] = {}
    day = first
    while day <= today:
        for slot in slots:
            if slot.weekday == day.weekday() and day >= slot.since and \
                    local_moment(day, slot.at, zone) <= local_now:
                planned[monday(day)] = planned.get(monday(day), 0) + 1
        day += timedelta(days=1)
    done: dict[date, int] = {}
    for day in done_days:
        if max(first, began) <= day <= today:
            done[monday(day)] = done.get(monday(day), 0) + 1
    starts = [first + timedelta(weeks=n) for n in range((monday(today) - first).days // 7 + 1)]
    return [Week(start, planned.get(start, 0), done.get(start, 0)) for start in starts]


def adherence_sentence(weeks: Sequence[Week]) -> str:
    """One plain sentence about the weeks so far."""
    planned = sum(week.planned for week in weeks)
    if not planned:
        return "No planned session has come round yet: the chart fills in week by week."
    kept = sum(week.kept for week in weeks)
    extra = sum(week.done for week in weeks) - kept
    span = "this week" if len(weeks) == 1 else f"the last {len(weeks)} weeks"
    sentence = f"In {span} you did {kept} of the {planned} sessions you planned"
    if extra:
        sentence += f", and {extra} more besides"
    return sentence + "."
