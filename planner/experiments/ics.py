"""An experiment's schedule as a calendar file: one all-day event a day, with a reminder."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from planner.experiments.model import CONDITION_LABELS, PLAN_TODO, Design, schedule

REMINDER = timedelta(hours=8)  # after the day begins: a morning reminder
EVENING = time(20, 0)  # the evening check-in, unless the person chose their own time


def _after_midnight(at: time) -> timedelta:
    return timedelta(hours=at.hour, minutes=at.minute)


def calendar(design: Design, made: datetime, uid_base: str,
             checkin_at: time | None = None) -> bytes:
    """RFC 5545 text; ``made`` stamps the events, ``uid_base`` keeps their UIDs stable.
    Each day reminds twice: in the morning what to do, and at ``checkin_at`` (the person's
    daily check-in time, else 20:00) to check in."""
    cal = Calendar()
    cal.add("prodid", "-//Solace//Experiment//EN")
    cal.add("version", "2.0")
    for day in schedule(design):
        title = CONDITION_LABELS.get(day.condition, "Wash-out")
        event = Event()
        event.add("uid", f"{uid_base}-{day.day.isoformat()}@solace")
        event.add("dtstamp", made)
        event.add("dtstart", day.day)
        event.add("dtend", day.day + timedelta(days=1))
        event.add("summary", f"Solace experiment: {title}")
        event.add("description", f"Today: {PLAN_TODO[day.condition]}. Check in this evening.")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Solace experiment today: {PLAN_TODO[day.condition]}")
        alarm.add("trigger", REMINDER)
        event.add_component(alarm)
        evening = Alarm()
        evening.add("action", "DISPLAY")
        evening.add("description", "Solace experiment: time to check in for today")
        evening.add("trigger", _after_midnight(checkin_at or EVENING))
        event.add_component(evening)
        cal.add_component(event)
    return cal.to_ical()
