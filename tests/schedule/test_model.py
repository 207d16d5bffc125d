"""The weekly plan: slots, what's next, adherence, the chart and the calendar file (.ics)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import example, given
from hypothesis import strategies as st
from icalendar import Calendar

from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.schedule import charts
from planner.schedule.ics import calendar
from planner.schedule.model import (
    ICAL_DAYS,
    Slot,
    Week,
    adherence_sentence,
    check_room,
    local_moment,
    make_slot,
    next_session,
    suggested_slots,
    weekly_adherence,
)

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

BERLIN = ZoneInfo("Europe/Berlin")
SINCE = date(2026, 1, 1)
SUNDAY = Slot(weekday=6, at=time(19, 30), routine_name="Bedtime wind-down", since=SINCE)
WEDNESDAY = Slot(weekday=2, at=time(21, 30), routine_name="Quick reset", since=SINCE,
                 reminder_minutes=15)
WEDNESDAY_NOON = datetime(2026, 3, 4, 12, 0, tzinfo=BERLIN)  # a Wednesday


def test_the_suggestion_is_sunday_evening_and_wednesday_night():
    slots = suggested_slots("Bedtime wind-down", WEDNESDAY_NOON)
    assert [s.label for s in slots] == ["Sunday 19:30", "Wednesday 21:30"]
    assert {s.routine_name for s in slots} == {"Bedtime wind-down"}


def test_a_time_added_after_it_passed_today_counts_from_tomorrow():
    evening = WEDNESDAY_NOON.replace(hour=20)
    (sunday, wednesday) = suggested_slots("R", evening)
    assert (sunday.since, wednesday.since) == (date(2026, 3, 5), date(2026, 3, 4))
    slot = make_slot(weekday=2, at=time(7, 0), routine_name="R", reminder_minutes=0,
                     now=evening)
    assert slot.since == date(2026, 3, 5)
    weeks = weekly_adherence([slot], [], evening.replace(hour=23), BERLIN)
    assert sum(week.planned for week in weeks) == 0  # this morning's isn't a missed one


@pytest.mark.parametrize(("values", "field"), [
    ({"weekday": 7}, "weekday"),
    ({"at": "19:30"}, "at"),
    ({"routine_name": "  "}, "routine"),
    ({"reminder_minutes": -5}, "reminder"),
    ({"reminder_minutes": limits.REMINDER_MINUTES.high + 1}, "reminder"),
    ({"reminder_minutes": 7.5}, "reminder"),
])
def test_a_slot_with_a_bad_value_names_the_field_to_fix(values, field):
    good = {"weekday": 6, "at": time(19, 30, 15), "routine_name": "Evening",
            "reminder_minutes": 30, "now": WEDNESDAY_NOON}
    assert make_slot(**good).at == time(19, 30)  # to the minute
    with pytest.raises(Problem) as raised:
        make_slot(**{**good, **values})
    assert raised.value.field == field


def test_two_sessions_at_the_same_time_clash_and_the_plan_has_a_limit():
    with pytest.raises(Problem, match="Sunday 19:30 already has Bedtime wind-down"):
        check_room([SUNDAY], [SUNDAY.model_copy(update={"routine_name": "Other"})])
    full = [Slot(weekday=day, at=time(hour, 0), routine_name="R", since=SINCE)
            for day in range(7) for hour in (7, 12, 20)]
    check_room([], full)
    with pytest.raises(Problem, match=f"up to {limits.PLAN_SLOTS_MAX}"):
        check_room(full, [Slot(weekday=0, at=time(22, 0), routine_name="R", since=SINCE)])


@pytest.mark.parametrize(("now", "routine", "when"), [
    (WEDNESDAY_NOON, "Quick reset", "today at 21:30"),
    (WEDNESDAY_NOON.replace(hour=21, minute=45), "Quick reset", "now (planned for 21:30)"),
    (WEDNESDAY_NOON.replace(hour=22, minute=15), "Bedtime wind-down", "on Sunday at 19:30"),
    (WEDNESDAY_NOON + timedelta(days=4), "Bedtime wind-down", "today at 19:30"),
    (WEDNESDAY_NOON + timedelta(days=3), "Bedtime wind-down", "tomorrow at 19:30"),
    (WEDNESDAY_NOON + timedelta(days=2), "Bedtime wind-down", "on Sunday at 19:30"),
    (WEDNESDAY_NOON - timedelta(days=1), "Quick reset", "tomorrow at 21:30"),
])
def test_whats_next_is_the_planned_session_due_now_or_coming_next(now, routine, when):
    upcoming = next_session([SUNDAY, WEDNESDAY], now.astimezone(UTC), BERLIN)
    assert (upcoming.slot.routine_name, upcoming.when(now)) == (routine, when)


def test_whats_next_keeps_to_the_wall_clock_across_a_clock_change():
    saturday = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)  # summer time starts that night
    upcoming = next_session([SUNDAY], saturday, BERLIN)
    assert upcoming.starts.strftime("%a %H:%M %z") == "Sun 19:30 +0200"
    # A time the clocks skip reads as the same moment an hour on.
    assert local_moment(date(2026, 3, 29), time(2, 30), BERLIN).strftime("%H:%M") == "03:30"


def test_adherence_counts_planned_sessions_whose_time_has_come_and_sessions_done():
    slots = [SUNDAY.model_copy(update={"since": date(2026, 2, 16)}),
             WEDNESDAY.model_copy(update={"since": date(2026, 2, 16)})]
    now = datetime(2026, 3, 4, 22, 0, tzinfo=BERLIN)  # Wednesday night, after 21:30
    done = [date(2026, 2, 15),  # before the plan began: not counted
            date(2026, 2, 18), date(2026, 2, 22),  # week of 16 Feb: both
            date(2026, 2, 25),  # week of 23 Feb: one of two
            date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]  # this week: three
    weeks = weekly_adherence(slots, done, now, BERLIN)
    assert [(w.starts, w.planned, w.done) for w in weeks] == [
        (date(2026, 2, 16), 2, 2), (date(2026, 2, 23), 2, 1), (date(2026, 3, 2), 1, 3)]
    assert adherence_sentence(weeks) == ("In the last 3 weeks you did 4 of the 5 sessions you "
                                         "planned, and 2 more besides.")
    before_its_time = weekly_adherence(slots, done, now.replace(hour=21), BERLIN)
    assert before_its_time[-1].planned == 0  # Wednesday's session isn't due yet


def test_adherence_shows_at_most_twelve_weeks_and_nothing_without_a_plan():
    weeks = weekly_adherence([SUNDAY], [], datetime(2027, 1, 1, tzinfo=BERLIN), BERLIN)
    assert len(weeks) == 12 and all(w.starts.weekday() == 0 for w in weeks)
    assert weekly_adherence([], [], WEDNESDAY_NOON, BERLIN) == []
    assert "fills in" in adherence_sentence([Week(date(2026, 3, 2), 0, 1)])


def test_the_adherence_chart_has_a_planned_and_a_done_bar_each_week():
    weeks = [Week(date(2026, 2, 16), 2, 3), Week(date(2026, 2, 23), 2, 0)]
    spec = charts.adherence_chart(weeks).to_dict()  # validated against Vega-Lite
    values = spec["datasets"][spec["data"]["name"]] if "datasets" in spec else \
        spec["data"]["values"]
    assert [(v["week"], v["kind"], v["sessions"]) for v in values] == [
        ("16 Feb", "Planned", 2), ("16 Feb", "Done", 3),
        ("23 Feb", "Planned", 2), ("23 Feb", "Done", 0)]
    assert spec["encoding"]["color"]["scale"]["range"] == list(charts.KINDS.values())
    assert spec["description"]


# The calendar file --------------------------------------------------------------------------

MADE = datetime(2026, 3, 4, 11, 0, tzinfo=UTC)


def events(ics: bytes) -> dict[str, object]:
    parsed = Calendar.from_ical(ics)
    assert parsed["VERSION"] == "2.0" and "PRODID" in parsed
    return {str(event["SUMMARY"]): event for event in parsed.walk("VEVENT")}


def occurrences(event, count: int = 60) -> list[datetime]:
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    return list(rule[:count])


def test_the_calendar_repeats_each_time_weekly_in_the_persons_zone_with_a_reminder():
    ics = calendar([WEDNESDAY, SUNDAY], BERLIN, MADE, {"Bedtime wind-down": 721})
    found = events(ics)
    sunday = found["Foot massage: Bedtime wind-down"]
    assert sunday["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=SU"
    assert sunday["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert sunday.decoded("DTSTART") == datetime(2026, 3, 8, 19, 30, tzinfo=BERLIN)
    assert sunday.decoded("DURATION") == timedelta(minutes=13)  # 12 min 1 s, rounded up
    alarm = sunday.walk("VALARM")[0]
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm["DESCRIPTION"]
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=30)
    assert found["Foot massage: Quick reset"].walk("VALARM")[0].decoded("TRIGGER") == \
        -timedelta(minutes=15)
    # Every session a year on is on a Sunday at 19:30 where the person is, summer or winter.
    times = {(d.strftime("%a %H:%M"), d.utcoffset()) for d in occurrences(sunday)}
    assert {t for t, _ in times} == {"Sun 19:30"}
    assert {o for _, o in times} == {timedelta(hours=1), timedelta(hours=2)}
    # The zone it names is in the file (RFC 5545), and the stamps are UTC.
    (zone,) = Calendar.from_ical(ics).walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin"
    assert b"DTSTAMP:20260304T110000Z" in ics and ics.count(b"\r\n") > 20


def test_the_calendar_uids_are_stable_so_a_newer_file_updates_the_events():
    first = calendar([SUNDAY], BERLIN, MADE)
    later = calendar([SUNDAY.model_copy(update={"routine_name": "Quick reset"})], BERLIN,
                     MADE + timedelta(days=30))
    assert events(first)["Foot massage: Bedtime wind-down"]["UID"] == \
        events(later)["Foot massage: Quick reset"]["UID"]


@pytest.mark.parametrize(("zone", "tzid"), [
    (timezone(timedelta(hours=-3, minutes=-30)), "UTC-03:30"),  # a server zone with no name
    (UTC, None),
])
def test_a_zone_without_a_name_still_gives_a_valid_calendar(zone, tzid):
    (event,) = events(calendar([SUNDAY], zone, MADE)).values()
    assert event.decoded("DTSTART").astimezone(zone).strftime("%a %H:%M") == "Sun 19:30"
    assert event["DTSTART"].params.get("TZID") == tzid
    zones = Calendar.from_ical(calendar([SUNDAY], zone, MADE)).walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ([tzid] if tzid else [])


ZONES = ["Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago",
         "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]


@given(weekday=st.integers(0, 6), hour=st.integers(0, 23), minute=st.integers(0, 59),
       reminder=st.integers(limits.REMINDER_MINUTES.low, limits.REMINDER_MINUTES.high),
       zone=st.sampled_from(ZONES), days=st.integers(0, 3000))
@example(weekday=6, hour=2, minute=30, reminder=0, zone="Europe/Berlin", days=381)  # 28 Mar 2027
def test_any_slot_recurs_on_its_day_at_its_time_with_its_reminder(weekday, hour, minute,
                                                                   reminder, zone, days):
    place = ZoneInfo(zone)
    slot = Slot(weekday=weekday, at=time(hour, minute), routine_name="R", since=SINCE,
                reminder_minutes=reminder)
    made = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=days, minutes=days * 7)
    (event,) = events(calendar([slot], place, made)).values()
    assert event["RRULE"]["BYDAY"] == [ICAL_DAYS[weekday]]
    assert event.walk("VALARM")[0].decoded("TRIGGER") == -timedelta(minutes=reminder)
    starts = occurrences(event, 10)
    assert starts[0].date() >= made.astimezone(place).date() - timedelta(days=1)
    for start in starts:
        # dateutil keeps a wall time the clocks skip (02:30 on the spring change) as written;
        # as a calendar reads it (RFC 5545), that is the moment an hour on.
        local = start.astimezone(UTC).astimezone(place)
        assert local.weekday() == weekday
        # Wall-clock time kept, except in an hour the clocks skip that day.
        wanted = local_moment(local.date(), time(hour, minute), place)
        assert local == wanted


def test_the_daily_check_in_reminder_recurs_every_day_at_its_time_with_an_alarm():
    # Alone (from Settings) and beside the weekly plan, the reminder is one daily event.
    for slots in ([], [SUNDAY]):
        reminder = events(calendar(slots, BERLIN, MADE, checkin_at=time(21, 15)))[
            "Solace check-in"]
        assert reminder["RRULE"].to_ical() == b"FREQ=DAILY"
        assert reminder["DTSTART"].params["TZID"] == "Europe/Berlin"
        days = occurrences(reminder, 400)
        # Every day from today on, at 21:15 where the person is, summer and winter alike.
        assert days[0].date() == MADE.date()
        assert {(b - a).days for a, b in zip(days, days[1:], strict=False)} == {1}
        assert {d.strftime("%H:%M") for d in days} == {"21:15"}
        assert {d.utcoffset() for d in days} == {timedelta(hours=1), timedelta(hours=2)}
        (alarm,) = reminder.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)
    assert "Solace check-in" not in events(calendar([SUNDAY], BERLIN, MADE))  # not asked for


@pytest.mark.parametrize(("minutes", "words"), [
    (0, "0 min"), (15, "15 min"), (60, "1 h"), (90, "1 h 30 min"), (120, "2 h"),
    (1440, "1 day"), (1500, "1 day 1 h"), (2880, "2 days")])
def test_reminders_read_in_words_not_minutes(minutes, words):
    from planner.kernel.formatting import format_ahead
    assert format_ahead(minutes) == words


def test_a_day_ahead_reminder_says_so_in_the_calendar_alarm():
    slot = SUNDAY.model_copy(update={"reminder_minutes": 1440})
    (event,) = events(calendar([slot], BERLIN, MADE)).values()
    assert str(event.walk("VALARM")[0]["DESCRIPTION"]).endswith("in 1 day")
