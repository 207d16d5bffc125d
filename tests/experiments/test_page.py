"""The Experiment page: plan one, follow it day by day, see results; Run and Log say today."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import icalendar
import pandas as pd
import pytest

from planner.experiments.model import DEFAULT_BLOCKS, Design, schedule
from planner.journal.model import Session, make_checkin
from planner.kernel import clock, limits
from planner.kernel.errors import Conflict
from planner.store import Store
from planner.ui.apptest import charts
from tests.helpers import app_store, everything, shown

NOW = datetime(2027, 4, 20, 21, 0, tzinfo=UTC)


@pytest.fixture
def at_nine_pm():
    with clock.frozen(NOW) as held:
        yield held



def follow(store: Store, design: Design, until_block: int, massage_effect: float = 2.0):
    """Log every day of the first blocks as planned: a session on massage days, socks on
    sock days, and an evening stress rating (lower on massage days)."""
    for day in schedule(design):
        if day.block >= until_block:
            break
        massage = day.condition in ("massage", "both")
        if massage:
            end = datetime(day.day.year, day.day.month, day.day.day, 19, tzinfo=UTC)
            store.sessions.log(Session(routine_name="Evening rub", started_at=end -
                                       timedelta(minutes=15), ended_at=end,
                                       planned_seconds=900, actual_seconds=900,
                                       completed=True, source="manual"))
        wobble = ((day.day.toordinal() * 7) % 5 - 2) * 0.5  # the ups and downs of any day
        stress = round(6 - (massage_effect if massage else 0) + wobble)
        store.checkins.save(make_checkin(day=day.day, today=day.day, stress=stress,
                                         swelling=2, pain=1,
                                         socks=day.condition in ("socks", "both")))


def test_planning_an_experiment_shows_how_long_and_what_it_could_show(open_page, at_nine_pm):
    app = open_page("experiment")
    assert any("days (about" in i and "could go unnoticed" in i for i in shown(app.info))
    app.pills(key="exp-conditions").set_value(["massage"]).run()
    app.button(key="exp-begin").click().run()
    assert any("at least two" in e for e in shown(app.error))
    assert app_store().experiments.latest() is None
    app.pills(key="exp-conditions").set_value(["massage", "socks"]).run()
    app.button(key="exp-begin").click().run()
    planned = app_store().experiments.latest()
    assert planned.design.conditions == ("massage", "socks")
    assert planned.design.start == NOW.astimezone(clock.server_zone()).date() + timedelta(1)
    assert any("starts on" in i for i in shown(app.info))


def test_the_measure_to_compare_on_is_one_press_and_the_plan_says_it(open_page, at_nine_pm):
    app = open_page("experiment")
    outcome = app.segmented_control(key="exp-outcome")
    assert outcome.value == "stress" and outcome.options == [
        "Evening stress", "Leg heaviness or swelling", "Foot pain", "Sleep"]
    outcome.set_value("pain").run()
    assert any("foot pain" in i for i in shown(app.info))
    app.button(key="exp-begin").click().run()
    assert app_store().experiments.latest().design.outcome == "pain"


def test_the_start_is_today_tomorrow_or_a_day_on_the_calendar(open_page, at_nine_pm):
    today = NOW.astimezone(clock.server_zone()).date()
    app = open_page("experiment")
    assert app.segmented_control(key="exp-start-choice").value == "tomorrow"
    assert not app.date_input  # no calendar until another day is asked for
    app.segmented_control(key="exp-start-choice").set_value("later").run()
    calendar = app.date_input(key="exp-start")
    assert (calendar.value, calendar.min) == (today + timedelta(days=2), today)  # no past day
    calendar.set_value(today + timedelta(days=9)).run()
    blocks = app.slider(key="exp-blocks")
    assert (blocks.min, blocks.max, blocks.value) == (limits.EXPERIMENT_BLOCKS.low,
                                                      limits.EXPERIMENT_BLOCKS.high, DEFAULT_BLOCKS)
    blocks.set_value(4)
    app.segmented_control(key="exp-wash").set_value(True).run()
    assert any(f"from {today + timedelta(days=9):%a %d %b} to" in i
               for i in shown(app.info))
    app.button(key="exp-begin").click().run()
    design = app_store().experiments.latest().design
    assert (design.start, design.blocks, design.wash_out) == (today + timedelta(days=9), 4, True)


def test_starting_today_after_todays_massage_warns_that_day_1_may_not_count(open_page,
                                                                            at_nine_pm):
    app = open_page("experiment")
    app.segmented_control(key="exp-start-choice").set_value("today").run()
    assert not app.warning  # nothing logged today yet
    app_store().sessions.log(Session(
        routine_name="Evening", started_at=NOW - timedelta(hours=1),
        ended_at=NOW - timedelta(minutes=50), planned_seconds=600, actual_seconds=600,
        completed=True))
    app.run()
    (warning,) = shown(app.warning)
    assert "already logged a massage today" in warning
    assert "Compression socks" in warning and "Starting tomorrow" in warning
    app.segmented_control(key="exp-start-choice").set_value("tomorrow").run()
    assert not app.warning  # tomorrow is a clean day 1


def test_the_days_a_logged_massage_or_socks_rule_out():
    from planner.experiments.model import already_broken
    every = ("massage", "socks", "both", "neither")
    assert already_broken(every, frozenset()) == []
    assert already_broken(every, frozenset({"massage"})) == ["socks", "neither"]
    assert already_broken(every, frozenset({"socks"})) == ["massage", "neither"]
    assert already_broken(every, frozenset({"massage", "socks"})) == ["massage", "socks",
                                                                      "neither"]


def test_an_experiment_can_start_today_in_one_press(open_page, at_nine_pm):
    app = open_page("experiment")
    app.segmented_control(key="exp-start-choice").set_value("today").run()
    app.button(key="exp-begin").click().run()
    design = app_store().experiments.latest().design
    assert (design.start, design.wash_out) == (NOW.astimezone(clock.server_zone()).date(), False)


def days_ago(count: int):
    return NOW.astimezone(clock.server_zone()).date() - timedelta(days=count)


def follow_from(design: Design, until_block: int) -> None:
    """The experiment planned the day before it starts, and followed up to ``until_block``."""
    opened = app_store()
    opened.experiments.start(design, design.start - timedelta(days=1))
    follow(opened, design, until_block=until_block)


def test_a_followed_experiment_shows_the_difference_and_today_on_run_and_log(open_page,
                                                                            at_nine_pm):
    follow_from(Design(conditions=("massage", "socks"), days_per_condition=1, blocks=6,
                       start=days_ago(8), seed=42), until_block=4)
    app = open_page("experiment")
    text = everything(app)
    (bar,) = app.get("progress")
    assert "4 of 6 blocks" in bar.proto.text
    assert "Your main question: Massage vs compression socks" in text
    assert "Massage vs compression socks, as planned (4 blocks rated)" in text
    assert "lower on massage days" in text and "Re-drawing the schedule" in text
    # Two blocks to go: a look along the way, not a verdict.
    assert "the verdict comes at the planned end" in text and "is clear" not in text
    assert "Days rated so far, by what the schedule asked: massage 4, compression socks 4" in (
        text)
    assert "How likely is it that your evening stress is lower on massage days" in text
    assert len(charts(app)) == 2  # day by day, and the differences
    for page in ("run", "log"):
        banner = " ".join(shown(open_page(page).info))
        assert "Today's experiment" in banner and "block 5 of 6" in banner


def test_too_early_to_tell_says_how_many_blocks_more(open_page, at_nine_pm):
    follow_from(Design(conditions=("massage", "neither"), days_per_condition=1, blocks=5,
                       start=days_ago(3), seed=3), until_block=1)
    text = everything(open_page("experiment"))
    assert "Solace needs it rated in 2 more blocks" in text


def test_ending_early_asks_first_and_keeps_the_days(open_page, at_nine_pm):
    today = NOW.astimezone(clock.server_zone()).date()
    opened = app_store()
    opened.experiments.start(Design(conditions=("massage", "socks"), days_per_condition=2,
                                    blocks=4, start=today, seed=1), today)
    app = open_page("experiment")
    app.button(key="exp-end").click().run()
    assert any("End the experiment now?" in w for w in shown(app.warning))
    assert app_store().experiments.latest().ended_at is None
    app.button(key="exp-end-yes").click().run()
    assert app_store().experiments.latest().ended_at is not None
    assert app.button(key="exp-another")


def test_the_schedule_exports_as_a_calendar_with_reminders(url, at_nine_pm):
    opened = Store(url)
    today = NOW.date()
    design = Design(conditions=("massage", "socks", "neither"), days_per_condition=2,
                    wash_out=True, blocks=2, start=today, seed=9)
    found = opened.experiments.start(design, today)
    with pytest.raises(Conflict, match="already planned or running"):
        opened.experiments.start(design, today)
    from planner.experiments.ics import calendar

    parsed = icalendar.Calendar.from_ical(calendar(found.design, clock.now(), "exp-1"))
    events = parsed.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [d.day for d in schedule(design)]
    assert all(e.walk("VALARM")[0].decoded("trigger") == timedelta(hours=8) for e in events)
    # The evening check-in: at 20:00, or at the person's own check-in time.
    assert all(e.walk("VALARM")[1].decoded("trigger") == timedelta(hours=20) for e in events)
    own = icalendar.Calendar.from_ical(calendar(found.design, clock.now(), "exp-1",
                                                checkin_at=time(21, 30)))
    assert {e.walk("VALARM")[1].decoded("trigger") for e in own.walk("VEVENT")} == {
        timedelta(hours=21, minutes=30)}
    assert sum("Wash-out" in str(e["summary"]) for e in events) == 6
    opened.dispose()


def schedule_shown(app) -> pd.DataFrame:
    (table,) = app.dataframe
    return table.value


def test_the_schedule_shows_day_by_day_with_wash_out_days_deviations_and_the_seed(open_page,
                                                                                 at_nine_pm):
    today = NOW.astimezone(clock.server_zone()).date()
    design = Design(conditions=("massage", "socks"), days_per_condition=1, wash_out=True,
                    blocks=4, start=today - timedelta(days=3), seed=20270417)
    days = schedule(design)
    assert [d.condition for d in days[:3]] == ["socks", "wash-out", "massage"]
    opened = app_store()
    opened.experiments.start(design, design.start)
    checkin = {"today": today, "stress": 5, "swelling": 1, "pain": 1}
    opened.checkins.save(make_checkin(day=days[0].day, socks=True, plan_followed=True,
                                      **checkin))
    opened.checkins.save(make_checkin(day=days[1].day, **checkin))  # a quiet wash-out day
    opened.checkins.save(make_checkin(day=days[2].day, plan_followed=False,  # a deviation
                                      done_instead="socks", socks=True, **checkin))
    app = open_page("experiment")
    table = schedule_shown(app)
    assert len(table) == design.total_days
    assert list(table["Planned"][:3]) == ["Compression socks", "Wash-out", "Massage"]
    assert list(table["What you did"][:4]) == ["Compression socks", "Neither",
                                               "Compression socks", "–"]
    assert list(table["Followed"][:4]) == ["yes (you said)", "yes (from your log)",
                                           "no (you said)", "–"]
    assert "Drawn by chance from seed 20270417" in everything(app)


def test_the_plan_uses_the_persons_own_day_to_day_spread_when_there_is_enough(open_page,
                                                                              at_nine_pm):
    today = NOW.astimezone(clock.server_zone()).date()
    app = open_page("experiment")
    assert any("varies by about 1.5 points from day to day, as is typical" in i
               for i in shown(app.info))
    opened = app_store()
    for back in range(1, 29):
        opened.checkins.save(make_checkin(day=today - timedelta(days=back), today=today,
                                          stress=3 + back % 2 * 2, swelling=1, pain=1))
    text = " ".join(shown(open_page("experiment").info))
    assert "varied over your last 28 check-ins: about 1.0 points from day to day" in text
    assert "as is typical" not in text


def test_a_day_done_otherwise_counts_as_done_in_the_followed_view(open_page, at_nine_pm):
    """A massage not logged as a session, but answered "yes" in the check-in, counts as a
    massage day as followed (it used to count as neither)."""
    today = NOW.astimezone(clock.server_zone()).date()
    design = Design(conditions=("massage", "neither"), days_per_condition=1, blocks=6,
                    start=today - timedelta(days=8), seed=42)
    opened = app_store()
    opened.experiments.start(design, design.start)
    for day in schedule(design):
        if day.day >= today:
            break
        opened.checkins.save(make_checkin(
            day=day.day, today=today, stress=3 if day.condition == "massage" else 6,
            swelling=1, pain=1, plan_followed=True))
    text = everything(open_page("experiment"))
    assert "Massage vs neither, as you actually did them (4 blocks rated)" in text
    assert "3.0 points lower on massage days" in text
    assert "weren't all set by chance" in text  # said whether or not the result is clear


def test_the_main_question_is_named_at_the_start_and_answered_first(open_page, at_nine_pm):
    app = open_page("experiment")
    assert app.selectbox(key="exp-question").value == "massage|socks"
    assert any("massage vs compression socks" in i for i in shown(app.info))
    assert any("other plans could show" in c for c in shown(app.caption))
    app.pills(key="exp-conditions").set_value(["massage", "socks", "both", "neither"]).run()
    question = app.selectbox(key="exp-question")
    assert question.options[-2:] == ["Massage or not (with and without socks)",
                                     "Compression socks or not (with and without massage)"]
    question.set_value("socks-effect").run()
    assert any("compression socks or not" in i for i in shown(app.info))
    app.button(key="exp-begin").click().run()
    assert app_store().experiments.latest().design.question == "socks-effect"


def test_four_conditions_answer_the_main_question_then_the_extras(open_page, at_nine_pm):
    follow_from(Design(conditions=("massage", "socks", "both", "neither"), days_per_condition=1,
                       blocks=4, start=days_ago(17), seed=5, question="massage-effect"),
                until_block=4)
    app = open_page("experiment")
    text = everything(app)
    # The extras start closed, so the main question's answer comes first on a phone.
    assert [e.label for e in app.expander][-2:] == [
        "Extra comparisons (7): leads, not findings",
        "The extra comparisons, as you actually did them"]
    assert "Your main question: Massage or not (with and without socks)" in text
    assert "weren't the question you named" in text
    assert "Compression socks or not (with and without massage), as planned" in text
    # Over: the verdict is given for the main question (massage lowers stress by 2 here).
    assert "What it shows" in text and "the difference is clear" in text
