"""The weekly plan on the Plan page, what's next on Run, and adherence on Insights."""

from __future__ import annotations

from datetime import time, timedelta

from icalendar import Calendar

from planner.kernel import clock
from planner.schedule.model import Slot
from planner.ui import handoff
from planner.ui.apptest import charts, pictures
from tests.helpers import Downloads, app_store, everything, shown


def labels() -> list[str]:
    return [f"{s.label} {s.routine_name}" for s in app_store().schedule.slots()]


def test_a_new_plan_starts_from_the_twice_weekly_suggestion(open_page, frozen_clock):
    app = open_page("plan")
    assert "Sunday evening and a Wednesday night" in everything(app)
    app.button(key="week-suggest").click().run()
    assert labels() == ["Wednesday 21:30 Bedtime wind-down", "Sunday 19:30 Bedtime wind-down"]
    assert any("Sunday evening and Wednesday night" in s for s in shown(app.success))
    assert "Sunday 19:30" in everything(app) and "reminder 30 min before" in everything(app)
    assert [d.proto.label for d in app.get("download_button")] == ["Add to my calendar (.ics)"]


def test_a_time_is_added_from_the_form_and_the_same_time_again_is_refused(open_page,
                                                                           frozen_clock):
    app = open_page("plan")
    assert not [t for t in app.time_input if t.key == "week-time"]  # drawn once opened
    app.session_state["week-add-open"] = True  # "Add a time"
    app.run()
    app.selectbox(key="week-day").set_value(0)
    app.time_input(key="week-time").set_value(time(7, 15))
    app.selectbox(key="week-routine").set_value("Quick reset")
    app.number_input(key="week-reminder").set_value(10)
    app.button(key="week-add").click().run()
    assert labels() == ["Monday 07:15 Quick reset"]
    assert "reminder 10 min before" in everything(app)

    app.selectbox(key="week-routine").set_value("Bedtime wind-down")
    app.button(key="week-add").click().run()
    assert any("Monday 07:15 already has Quick reset" in e for e in shown(app.error))
    assert labels() == ["Monday 07:15 Quick reset"]

    (slot,) = app_store().schedule.slots()
    app.button(key=f"week-remove-{slot.id}").click().run()
    assert labels() == [] and any("Removed Monday 07:15" in s for s in shown(app.success))


def test_a_reminder_out_of_range_is_refused_in_words(open_page, frozen_clock):
    # The box has no bounds of its own (planner.ui.kit.numbers), so a browser sends what is typed.
    app = open_page("plan")
    app.session_state["week-add-open"] = True
    app.run()
    app.number_input(key="week-reminder").set_value(5000)
    app.button(key="week-add").click().run()
    assert any("whole number of minutes from 0 to 1440" in e for e in shown(app.error))
    assert labels() == []


def test_the_calendar_file_holds_the_plan_in_the_persons_zone(open_page, frozen_clock,
                                                                monkeypatch):
    downloads = Downloads(monkeypatch)
    app_store().schedule.add([Slot(weekday=6, at=time(19, 30), routine_name="Quick reset",
                               since=clock.today(clock.server_zone()))])
    app = open_page("plan", zone="Asia/Tokyo")
    assert "Asia/Tokyo" in everything(app)
    (button,) = app.get("download_button")
    assert button.proto.label == "Add to my calendar (.ics)"
    (event,) = Calendar.from_ical(downloads.content(button)).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("DTSTART").strftime("%a %H:%M") == "Sun 19:30"
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=SU"
    assert event.decoded("DURATION") == timedelta(minutes=6)  # Quick reset: 5 min 5 s
    assert event.walk("VALARM")[0].decoded("TRIGGER") == -timedelta(minutes=30)


def test_run_shows_whats_next_and_can_pick_that_routine(open_page, frozen_clock):
    app_store().schedule.add([Slot(weekday=day, at=time(hour, 0), routine_name="Bedtime wind-down",
                               since=clock.today(clock.server_zone()))
                          for day in range(7) for hour in (9, 21)])
    app = open_page("run")
    assert any("Next in your weekly plan: **Bedtime wind\\-down**" in m
               for m in (m.value for m in app.markdown))
    app.button(key="week-pick").click().run()
    assert app.selectbox(key="run-choice").value == handoff.preset_choice("bedtime_wind_down")
    assert not [b for b in app.button if b.key == "week-pick"]  # chosen: no button now


def test_run_says_nothing_of_a_plan_there_isnt(open_page):
    app = open_page("run")
    assert "weekly plan" not in everything(app)


def test_insights_shows_planned_against_done_per_week(open_page, frozen_clock):
    today = clock.today(clock.server_zone())
    app_store().schedule.add([Slot(weekday=day, at=time(0, 0), routine_name="Quick reset",
                               since=today - timedelta(days=20)) for day in range(7)])
    app = open_page("insights")
    (picture,) = pictures(app)  # the weekly bars
    assert "For each week, a grey bar" in picture["label"]
    assert "sessions you planned" in everything(app)
    assert "you did 0 of the" in everything(app)


def test_a_plan_whose_first_time_is_still_to_come_shows_words_not_an_empty_chart(
        open_page, frozen_clock):
    tomorrow = clock.today(clock.server_zone()) + timedelta(days=1)
    app_store().schedule.add([Slot(weekday=tomorrow.weekday(), at=time(21, 0),
                               routine_name="Quick reset", since=tomorrow)])
    app = open_page("insights")
    assert not charts(app)  # the page opens on an empty log: no other chart
    assert "No planned session has come round yet" in everything(app)


def test_insights_points_to_the_plan_page_when_there_is_no_plan(open_page):
    app = open_page("insights")
    assert "Plan the days and times you mean to do a routine" in everything(app)
