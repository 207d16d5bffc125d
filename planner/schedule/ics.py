"""The weekly plan as a calendar file (RFC 5545): one weekly event per slot, with a reminder.

Each event starts at the slot's first session from today on, in the person's time zone
(``DTSTART;TZID=...`` with its ``VTIMEZONE``), repeats every week on that day
(``RRULE:FREQ=WEEKLY;BYDAY=..``) and carries a display alarm the slot's reminder minutes
before it begins. UIDs follow the slot's day and time, so importing a newer file updates the
events instead of adding them again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneStandard

from planner.kernel.formatting import format_ahead
from planner.schedule.model import ICAL_DAYS, Slot, first_on_or_after

PRODUCT = "-//Solace//Weekly plan//EN"
DEFAULT_LENGTH = timedelta(minutes=15)  # a slot whose routine Solace doesn't know any more
ZONE_YEARS = 20  # the VTIMEZONE lists the zone's changes this far ahead
UID_DOMAIN = "solace.invalid"


def _zone_name(zone: tzinfo) -> str | None:
    """The IANA name of ``zone``, "UTC" for UTC, or None for an unnamed fixed offset."""
    if isinstance(zone, ZoneInfo):
        return zone.key
    return "UTC" if zone.utcoffset(None) == timedelta(0) else None


def _offset_name(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _fixed_zone(zone: tzinfo, tzid: str) -> Timezone:
    """A VTIMEZONE for a zone that is only an offset (the server's, when the browser gives
    no zone): one standard time, always."""
    offset = zone.utcoffset(None) or timedelta(0)
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", offset)
    standard.add("tzoffsetto", offset)
    standard.add("tzname", tzid)
    timezone = Timezone()
    timezone.add("tzid", tzid)
    timezone.add_component(standard)
    return timezone


def _timezone(zone: tzinfo, first: date) -> Timezone | None:
    name = _zone_name(zone)
    if name == "UTC":
        return None  # times are written in UTC ("Z"), which needs no VTIMEZONE
    if name is None:
        return _fixed_zone(zone, _offset_name(zone.utcoffset(None) or timedelta(0)))
    last = first.replace(year=first.year + ZONE_YEARS, day=min(first.day, 28))
    return Timezone.from_tzinfo(zone, name, first - timedelta(days=1), last)


def _tzid_for(zone: tzinfo) -> str | None:
    name = _zone_name(zone)
    if name is None:
        return _offset_name(zone.utcoffset(None) or timedelta(0))
    return None if name == "UTC" else name


def _event(slot: Slot, starts: datetime, length: timedelta, made: datetime,
           tzid: str | None) -> Event:
    event = Event()
    event.add("uid", f"solace-plan-{ICAL_DAYS[slot.weekday]}-{slot.at:%H%M}@{UID_DOMAIN}")
    event.add("dtstamp", made.astimezone(UTC))
    # The slot's own wall-clock time (not one the clocks skip to), with its zone named, so
    # every later session keeps it when the clocks change.
    wall = datetime.combine(starts.date(), slot.at)
    if tzid is None:
        event.add("dtstart", wall.replace(tzinfo=UTC))
    else:
        event.add("dtstart", wall, parameters={"TZID": tzid})
    event.add("duration", length)
    event.add("rrule", {"freq": "weekly", "byday": [ICAL_DAYS[slot.weekday]]})
    event.add("summary", f"Foot massage: {slot.routine_name}")
    event.add("description", f"Your planned Solace routine, {slot.routine_name}. Open the "
                             "Run page in Solace when you are ready.")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description",
              f"{slot.routine_name} in Solace in {format_ahead(slot.reminder_minutes)}"
              if slot.reminder_minutes else f"Time for {slot.routine_name} in Solace")
    alarm.add("trigger", -timedelta(minutes=slot.reminder_minutes))
    event.add_component(alarm)
    return event


CHECKIN_LENGTH = timedelta(minutes=5)


def _checkin_event(at: time, first: date, made: datetime, tzid: str | None) -> Event:
    """The daily check-in reminder: every day at ``at``, with an alarm as it starts."""
    event = Event()
    event.add("uid", f"solace-checkin-daily@{UID_DOMAIN}")  # one reminder, whatever its time
    event.add("dtstamp", made.astimezone(UTC))
    wall = datetime.combine(first, at)
    if tzid is None:
        event.add("dtstart", wall.replace(tzinfo=UTC))
    else:
        event.add("dtstart", wall, parameters={"TZID": tzid})
    event.add("duration", CHECKIN_LENGTH)
    event.add("rrule", {"freq": "daily"})
    event.add("summary", "Solace check-in")
    event.add("description", "How was your day? Open the Log page in Solace: stress is one "
                             "tap, the rest is optional.")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Time for your Solace check-in")
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def calendar(slots: Sequence[Slot], zone: tzinfo, made: datetime,
             seconds: Mapping[str, int] | None = None, checkin_at: time | None = None) -> bytes:
    """The plan as RFC 5545 text. ``made`` is now (aware); ``seconds`` the length of each
    routine by name (the event lasts that long, rounded up to a minute); ``checkin_at`` the
    time of the daily check-in reminder, if the person asked for one."""
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Solace weekly plan")
    today = made.astimezone(zone).date()
    tzid = _tzid_for(zone)
    if (slots or checkin_at) and (timezone := _timezone(zone, today)) is not None:
        cal.add_component(timezone)
    if checkin_at is not None:
        cal.add_component(_checkin_event(checkin_at, today, made, tzid))
    for slot in slots:
        length = (seconds or {}).get(slot.routine_name)
        minutes = -(-length // 60) if length else None
        cal.add_component(_event(
            slot, first_on_or_after(slot, max(today, slot.since), zone),
            timedelta(minutes=minutes) if minutes else DEFAULT_LENGTH, made, tzid))
    return cal.to_ical()
