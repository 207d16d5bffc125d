"""The app at 19:59:30 on a leap day at UTC-11, with the clock pinned there in the test.

Until issue 27 the whole suite was rerun at this moment (``TZ=Pacific/Pago_Pago``,
``PLANNER_TEST_NOW=2028-02-29T19:59:30``). What that rerun guarded is checked here instead:
the person's day is 29 February while UTC's is already 1 March (a day read in UTC rather than
where the person is shows tomorrow: a date box whose value is past its own maximum, a check-in
or session refused as in the future, a session on the wrong day); a day that exists only in a
leap year (a year of sample data back from it, an experiment or a weekly plan starting on it,
its calendar files); and the evening itself (a session just finished by hand). The opposite
case, the person's day ahead of UTC's (midnight at UTC+14), is the suite's rerun in
tests/test_reruns.py.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import streamlit as st

from planner.experiments.ics import calendar as experiment_calendar
from planner.experiments.model import Design, schedule
from planner.journal.model import Session, make_checkin
from planner.journal.sample import load_sample
from planner.kernel import clock
from tests.helpers import Downloads, app_store, everything, figures, shown

ZONE = ZoneInfo("Pacific/Pago_Pago")  # UTC-11, all year
MOMENT = datetime(2028, 2, 29, 19, 59, 30, tzinfo=ZONE)  # 1 March, 06:59:30 UTC
LEAP_DAY = date(2028, 2, 29)
PAGES = ("library", "plan", "run", "log", "insights", "experiment", "settings")


@pytest.fixture(autouse=True)
def leap_day_evening() -> Iterator[clock.Frozen]:
    """The server in Pago Pago (``TZ``, so a visitor whose browser gives no zone is there too)
    and the clock held at MOMENT."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Pago_Pago"
    time.tzset()
    st.cache_data.clear()  # charts cached at another moment
    try:
        with clock.frozen(MOMENT) as held:
            yield held
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
        st.cache_data.clear()


def test_the_persons_day_is_the_leap_day_while_utc_is_already_in_march():
    assert clock.today(clock.server_zone()) == LEAP_DAY
    assert clock.now().date() == date(2028, 3, 1)
    assert clock.latest_day() == date(2028, 3, 1)
    # the person's today is not "in the future"
    make_checkin(day=LEAP_DAY, today=LEAP_DAY, stress=3, swelling=0, pain=0, socks=False)


def test_every_page_draws_a_year_of_sample_data_ending_on_the_leap_day(open_page):
    store = app_store()
    load_sample(store.sample, store.catalog, years=1)
    sessions = store.sessions.list()
    assert all(s.ended_at <= clock.now() for s in sessions)
    assert min(s.started_at for s in sessions).astimezone(ZONE).date() >= date(2027, 2, 28)
    for page in PAGES:
        app = open_page(page)
        assert not app.exception and not app.error, (page, shown(app.error))


def test_the_check_in_and_a_session_logged_by_hand_are_on_the_leap_day(open_page):
    app = open_page("log")
    assert app.segmented_control(key="checkin-day-choice").value == "today"
    key = f"{LEAP_DAY}-v0"
    for field in ("stress", "swelling", "pain"):
        app.pills(key=f"ci-{field}-{key}").set_value(2).run()
    app.button(key=f"checkin-save-{key}").click().run()
    assert any("Saved your check-in" in s for s in shown(app.success))
    assert [c.day for c in app_store().checkins.list()] == [LEAP_DAY]
    app.segmented_control(key="checkin-day-choice").set_value("yesterday").run()
    assert f"checkin-save-{LEAP_DAY - timedelta(days=1)}-v0" in [b.key for b in app.button]

    app.session_state["manual-open"] = True  # "Log a session done without the timer"
    app.run()
    assert app.date_input(key="manual-day").value == LEAP_DAY
    assert app.time_input(key="manual-time").value.strftime("%H:%M") == "19:59"
    app.text_input(key="manual-name").set_value("Foot rub")
    app.button(key="manual-save").click().run()
    assert not app.error, shown(app.error)
    (session,) = app_store().sessions.list()  # just finished, not refused as in the future
    assert session.ended_at == datetime(2028, 3, 1, 6, 59, tzinfo=UTC)
    assert session.started_at.astimezone(ZONE).date() == LEAP_DAY


def test_sessions_on_the_leap_day_and_the_day_before_are_a_two_day_streak(open_page):
    store = app_store()
    for day in (LEAP_DAY - timedelta(days=1), LEAP_DAY):
        start = datetime.combine(day, MOMENT.time(), ZONE) - timedelta(hours=2)
        store.sessions.log(Session(routine_name="Foot rub", started_at=start,
                                   ended_at=start + timedelta(minutes=10), planned_seconds=600,
                                   actual_seconds=600, completed=True, source="manual"))
    app = open_page("insights")
    app.session_state["insights-section"] = "A year at a glance"
    app.run()
    found = figures(app)
    assert (found["Current streak"], found["Longest streak"]) == ("2 days", "2 days")


def test_an_experiment_started_today_begins_on_the_leap_day_and_exports(open_page):
    app = open_page("experiment")
    app.segmented_control(key="exp-start-choice").set_value("today").run()
    app.button(key="exp-begin").click().run()
    design = app_store().experiments.latest().design
    assert design.start == LEAP_DAY
    events = icalendar.Calendar.from_ical(
        experiment_calendar(design, clock.now(), "exp-1")).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [d.day for d in schedule(design)]
    assert events[0].decoded("dtstart") == LEAP_DAY
    for page in ("log", "run"):  # both say what today is in the experiment
        assert not open_page(page).exception


def test_an_experiment_running_over_the_leap_day_counts_it_once():
    design = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=2,
                    start=LEAP_DAY - timedelta(days=1), seed=3)
    days = [d.day for d in schedule(design)]
    assert days == [LEAP_DAY - timedelta(days=1) + timedelta(days=n) for n in range(4)]
    assert LEAP_DAY in days and date(2028, 3, 1) in days


def test_a_weekly_plan_made_on_the_leap_day_recurs_and_exports(open_page, monkeypatch):
    downloads = Downloads(monkeypatch)
    app = open_page("plan")
    app.button(key="week-suggest").click().run()
    since = {s.at.strftime("%H:%M"): s.since for s in app_store().schedule.slots()}
    # 19:30 has gone by this evening, so it counts from tomorrow; 21:30 is still to come
    assert since == {"19:30": date(2028, 3, 1), "21:30": LEAP_DAY}
    app = open_page("plan")
    (button,) = app.get("download_button")
    events = icalendar.Calendar.from_ical(downloads.content(button)).walk("VEVENT")
    assert sorted(e.decoded("DTSTART").strftime("%a %H:%M") for e in events) == [
        "Sun 19:30", "Wed 21:30"]
    assert all(e.decoded("DTSTART").date() >= LEAP_DAY for e in events)
    app = open_page("run")  # what's next: Wednesday 1 March at 21:30, tomorrow for them
    assert not app.exception
    assert "Wednesday" in everything(app) or "tomorrow" in everything(app).lower()
