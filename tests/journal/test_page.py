"""The Log page: daily check-in, updates, edit, delete, sessions by hand, sample data."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.journal.model import Session, make_checkin
from planner.journal.repo import CheckInRepo
from planner.kernel import clock
from planner.ui.log.checkin import notes_key, vitals_key
from tests.helpers import app_store, everything, html_text, page_text, shown, unescape


def form_key(day) -> str:
    """The check-in form's widgets are keyed by the day and the stored version it shows."""
    found = app_store().checkins.get(day)
    return f"{day}-v{found.version if found else 0}"


def show_sessions(app):
    """Open the history's Sessions tab (only the open tab is drawn)."""
    app.session_state["log-history-tab"] = "Sessions"
    return app.run()


def open_manual_form(app):
    """Open "Log a session done without the timer" (its form is drawn only when open)."""
    app.session_state["manual-open"] = True
    return app.run()


def pick_day(app, day):
    """Check in for an earlier day: "Another day", then the day on the calendar."""
    app.segmented_control(key="checkin-day-choice").set_value("earlier").run()
    return app.date_input(key="checkin-day").set_value(day).run()


def open_vitals(app, day):
    """Open "Pulse and blood pressure" (its boxes are drawn only when open)."""
    app.session_state[vitals_key(form_key(day))] = True
    return app.run()


def open_notes(app, day):
    """Open "Notes" (its text box is drawn only when open)."""
    app.session_state[notes_key(form_key(day))] = True
    return app.run()


def fill_checkin(app, day, **values):
    """Fill in the day's check-in and save it. Socks go first: the hours field only shows
    once socks are on; the pulse and pressure box and the notes box are opened for what
    they hold."""
    key = form_key(day)
    if {"pulse", "systolic", "diastolic"} & set(values):
        app = open_vitals(app, day)
    if "notes" in values:
        app = open_notes(app, day)
    for field in sorted(values, key=lambda f: f != "socks"):
        widget = {"stress": app.pills, "swelling": app.pills, "pain": app.pills,
                  "sleep": app.pills, "socks": app.segmented_control, "hours": app.number_input,
                  "pulse": app.number_input, "systolic": app.number_input,
                  "diastolic": app.number_input, "notes": app.text_area}[field]
        widget(key=f"ci-{field}-{key}").set_value(values[field]).run()
    return app.button(key=f"checkin-save-{key}").click().run()


def test_a_check_in_is_saved_and_saving_the_same_day_updates_it(open_page, today):
    app = open_page("log")
    app = fill_checkin(app, today, stress=6, swelling=3, pain=2, socks=True, hours=8.0)
    assert any("Saved your check-in" in s for s in shown(app.success))
    (saved,) = app_store().checkins.list()
    assert (saved.stress, saved.swelling, saved.socks, saved.sock_hours) == (6, 3, True, 8.0)

    key = form_key(today)
    assert app.pills(key=f"ci-stress-{key}").value == 6  # the form shows what is saved
    # The row's icon buttons say which day they act on, to a screen reader.
    labels = {b.label for b in app.button if b.key and b.key.endswith(f"checkin-{today}")}
    assert labels == {f"Edit the check-in for {today:%a %d %b %Y}",
                      f"Delete the check-in for {today:%a %d %b %Y}"}
    app.pills(key=f"ci-stress-{key}").set_value(2)
    app.button(key=f"checkin-save-{key}").click().run()
    assert any("Updated your check-in" in s for s in shown(app.success))
    assert [c.stress for c in app_store().checkins.list()] == [2]


def test_a_figure_out_of_range_is_refused_in_words_and_nothing_is_saved(open_page, today):
    # The boxes have no bounds of their own (planner.ui.kit.numbers), so what is typed reaches the
    # server: a pulse of 999 is refused by name, not dropped from a check-in said to be saved.
    app = open_page("log")
    key = form_key(today)
    assert not [n for n in app.number_input if n.key == f"ci-pulse-{key}"]  # until opened
    app = fill_checkin(app, today, stress=3, pulse=999, systolic=130, diastolic=80)
    assert any("Resting pulse" in e and "30" in e and "220" in e for e in shown(app.error))
    assert not app.success
    assert app_store().checkins.list() == []
    assert app.number_input(key=f"ci-pulse-{key}").value == 999  # kept, to be corrected

    app = fill_checkin(app, today, stress=3, socks=True, hours=30.0, pulse=70)
    assert any("24" in e for e in shown(app.error))
    assert app_store().checkins.list() == []

    app = fill_checkin(app, today, stress=3, pulse=70, systolic=70, diastolic=90, hours=8.0)
    assert any("higher than the lower" in e for e in shown(app.error))
    assert app_store().checkins.list() == []

    app = fill_checkin(app, today, stress=3, pulse=70, systolic=130, diastolic=80)
    assert any("Saved your check-in" in s for s in shown(app.success))
    (saved,) = app_store().checkins.list()
    assert (saved.pulse, saved.systolic, saved.diastolic, saved.sock_hours) == (70, 130, 80, 8.0)


def test_yesterday_is_one_press_and_another_day_shows_a_calendar(open_page, today):
    app = open_page("log")
    assert not app.date_input  # no calendar until another day is asked for
    yesterday = today - timedelta(days=1)
    app.segmented_control(key="checkin-day-choice").set_value("yesterday").run()
    fill_checkin(app, yesterday, stress=4)
    assert [c.day for c in app_store().checkins.list()] == [yesterday]
    app.button(key=f"edit-checkin-{yesterday}").click().run()  # Edit in the history
    assert app.segmented_control(key="checkin-day-choice").value == "yesterday"
    earlier = today - timedelta(days=5)
    pick_day(app, earlier)
    assert app.date_input(key="checkin-day").max == today  # no future day to pick
    fill_checkin(app, earlier, stress=6)
    assert sorted(c.day for c in app_store().checkins.list()) == [earlier, yesterday]


def test_pulse_typed_then_its_box_closed_is_still_saved(open_page, today):
    app = open_vitals(open_page("log"), today)
    key = form_key(today)
    app.number_input(key=f"ci-pulse-{key}").set_value(64).run()
    app.session_state[vitals_key(key)] = False  # the person closes the box again
    app.run()
    assert not [n for n in app.number_input if n.key == f"ci-pulse-{key}"]
    app = fill_checkin(app, today, stress=3)
    assert app_store().checkins.get(today).pulse == 64


def test_a_stored_pulse_is_kept_when_the_day_is_updated_and_shows_when_opened(open_page,
                                                                              today):
    app_store().checkins.save(make_checkin(day=today, today=today, stress=5, swelling=1, pain=0,
                                      pulse=72, systolic=118, diastolic=76))
    app = open_page("log")
    key = form_key(today)
    # A check-in with these figures opens the box by itself, showing them.
    assert app.number_input(key=f"ci-pulse-{key}").value == 72
    app.session_state[vitals_key(key)] = False
    app.run()
    app.pills(key=f"ci-stress-{key}").set_value(2).run()
    app.button(key=f"checkin-save-{key}").click().run()
    saved = app_store().checkins.get(today)
    assert (saved.stress, saved.pulse, saved.systolic, saved.diastolic) == (2, 72, 118, 76)


def test_a_note_typed_then_its_box_closed_is_still_saved(open_page, today):
    app = open_page("log")
    key = form_key(today)
    assert not app.text_area  # the text box is drawn once "Notes" is opened
    app = open_notes(app, today)
    app.text_area(key=f"ci-notes-{key}").set_value("Long day on my feet").run()
    app.session_state[notes_key(key)] = False  # the person closes the box again
    app.run()
    assert not app.text_area
    fill_checkin(app, today, stress=3)
    assert app_store().checkins.get(today).notes == "Long day on my feet"


def test_a_stored_note_shows_in_an_open_box_and_is_kept_when_the_day_is_updated(open_page,
                                                                               today):
    app_store().checkins.save(make_checkin(day=today, today=today, stress=5, swelling=1, pain=0,
                                      notes="Walked a lot"))
    app = open_page("log")
    key = form_key(today)
    assert app.text_area(key=f"ci-notes-{key}").value == "Walked a lot"
    app.session_state[notes_key(key)] = False
    app.run()
    app.pills(key=f"ci-stress-{key}").set_value(2).run()
    app.button(key=f"checkin-save-{key}").click().run()
    saved = app_store().checkins.get(today)
    assert (saved.stress, saved.notes) == (2, "Walked a lot")


def test_socks_are_a_yes_or_no_that_starts_at_no_and_shows_what_is_stored(open_page, today):
    app = open_page("log")
    socks = app.segmented_control(key=f"ci-socks-{form_key(today)}")
    assert (socks.label, socks.value) == ("Wore compression socks?", False)
    fill_checkin(app, today, stress=3)
    assert app_store().checkins.get(today).socks is False
    app = open_page("log")
    app = fill_checkin(app, today, stress=3, socks=True)
    assert app_store().checkins.get(today).socks is True
    assert app.segmented_control(key=f"ci-socks-{form_key(today)}").value is True


def test_history_edits_and_deletes_a_check_in_after_confirming(open_page, today):
    earlier = today - timedelta(days=2)
    app_store().checkins.save(make_checkin(day=earlier, today=today, stress=7, swelling=1, pain=0,
                                      notes="<img src=x onerror=alert(1)>"))
    app = open_page("log")
    assert any(t.value == "<img src=x onerror=alert(1)>" for t in app.text)  # shown as text

    app.button(key=f"edit-checkin-{earlier}").click().run()
    assert app.date_input(key="checkin-day").value == earlier
    assert app.pills(key=f"ci-stress-{form_key(earlier)}").value == 7

    app.button(key=f"delete-checkin-{earlier}").click().run()
    assert any("can't be undone" in w for w in shown(app.warning))
    assert len(app_store().checkins.list()) == 1
    app.button(key=f"confirm-delete-checkin-{earlier}").click().run()
    assert app_store().checkins.list() == []


def test_a_session_done_without_the_timer_can_be_logged_by_hand(open_page):
    app = open_page("log")
    assert not app.text_input  # the form is drawn once opened (a fresh visit fetches less)
    app = open_manual_form(app)
    app.text_input(key="manual-name").set_value("Foot rub on the sofa")
    app.number_input(key="manual-minutes").set_value(12)
    app.pills(key="manual-before").set_value(6)
    app.pills(key="manual-after").set_value(3)
    app.button(key="manual-save").click().run()
    (session,) = app_store().sessions.list()
    assert (session.routine_name, session.actual_seconds, session.source) == (
        "Foot rub on the sofa", 720, "manual")
    assert (session.stress_before, session.stress_after) == (6, 3)
    show_sessions(app)
    assert any("Foot rub on the sofa" in m and "stress 6 → 3" in m and "logged by hand" in m
               for m in (html_text(h.value) for h in app.html))


def test_a_session_logged_by_hand_shows_when_it_began_and_ended(open_page, today):
    # The form asks when it finished: the history shows that time, not only the start.
    from datetime import time

    app = open_manual_form(open_page("log"))
    app.date_input(key="manual-day").set_value(today - timedelta(days=1))
    app.time_input(key="manual-time").set_value(time(21, 46))
    app.text_input(key="manual-name").set_value("Foot rub")
    app.number_input(key="manual-minutes").set_value(15)
    app.button(key="manual-save").click().run()
    app = show_sessions(app)
    rows = [html_text(h.value) for h in app.html if "Foot rub" in h.value]
    assert len(rows) == 1 and f"{today - timedelta(days=1):%a %d %b %Y}, 21:31–21:46" in rows[0]


def test_a_manual_session_needs_a_name_and_sane_minutes(open_page):
    app = open_manual_form(open_page("log"))
    app.number_input(key="manual-minutes").set_value(400)
    app.text_input(key="manual-name").set_value("Foot rub")
    app.button(key="manual-save").click().run()
    assert any("Minutes should be from 1 to 300" in e for e in shown(app.error))
    app.number_input(key="manual-minutes").set_value(300)
    app.text_input(key="manual-name").set_value("   ")
    app.button(key="manual-save").click().run()
    assert any("Say what you did" in e for e in shown(app.error))
    assert app_store().sessions.list() == []


def test_sample_data_loads_clearly_marked_and_removes_cleanly(open_page, today):
    app_store().checkins.save(make_checkin(day=today, today=today, stress=1, swelling=1, pain=1))
    app = open_page("log")
    # the offer is for an empty log; with a record it is not shown
    assert not [b for b in app.button if b.key == "load-sample"]

    app_store().checkins.delete(today)
    app = open_page("log")
    app.button(key="load-sample").click().run()
    assert any("Loaded a year of sample data" in s for s in shown(app.success))
    assert any("Sample data" in m for m in shown(app.markdown))
    assert app_store().checkins.get(today) is None  # today's check-in is left for the person
    assert app.pills(key=f"ci-stress-{today}-v0").value is None
    assert len(app_store().sessions.list()) > 500
    app.button(key="remove-sample").click().run()
    assert app_store().sessions.list() == [] and app_store().checkins.list() == []


def test_a_database_that_cannot_be_written_gets_a_plain_message(open_page, monkeypatch,
                                                                 today):
    from planner.kernel.errors import StoreError

    def read_only(self, checkin):
        raise StoreError("The database can't be written (the file or its folder is "
                         "read-only). Nothing was changed.")

    with monkeypatch.context() as patched:  # only this; the test's database stays set
        patched.setattr(CheckInRepo, "save", read_only)
        app = fill_checkin(open_page("log"), today, stress=4)
    assert any("can't be written" in e for e in shown(app.error))
    assert app_store().checkins.list() == []


def test_a_logged_session_can_have_its_ratings_and_notes_corrected(open_page):
    app = open_manual_form(open_page("log"))
    app.text_input(key="manual-name").set_value("Evening rub")
    app.pills(key="manual-before").set_value(6)
    app.button(key="manual-save").click().run()
    (session,) = app_store().sessions.list()

    show_sessions(app)
    app.button(key=f"edit-session-{session.id}").click().run()
    app.pills(key=f"edit-after-{session.id}-v1").set_value(2)
    app.text_area(key=f"edit-notes-{session.id}-v1").set_value("Felt lighter")
    app.button(key=f"FormSubmitter:edit-session-form-{session.id}-Save").click().run()
    (edited,) = app_store().sessions.list()
    assert (edited.stress_before, edited.stress_after, edited.notes) == (6, 2, "Felt lighter")
    assert any("Session updated" in s for s in shown(app.success))


# In two windows ---------------------------------------------------------------------------


def test_a_session_deleted_in_another_window_is_not_edited(open_page):
    end = clock.now() - timedelta(hours=2)
    session = app_store().sessions.log(Session(
        routine_name="Foot rub", started_at=end - timedelta(minutes=10), ended_at=end,
        planned_seconds=600, actual_seconds=600, completed=True, source="manual"))
    editing, deleting = open_page("log"), open_page("log")
    show_sessions(editing)
    editing.button(key=f"edit-session-{session.id}").click().run()
    show_sessions(deleting)
    deleting.button(key=f"delete-session-{session.id}").click().run()
    deleting.button(key=f"confirm-delete-session-{session.id}").click().run()
    editing.text_area(key=f"edit-notes-{session.id}-v1").set_value("felt better")
    editing.button(key=f"FormSubmitter:edit-session-form-{session.id}-Save").click().run()
    assert any("deleted in another window" in e for e in shown(editing.error))
    assert not any("Session updated" in s for s in shown(editing.success))
    assert app_store().sessions.list() == []


def test_the_check_in_form_never_overwrites_a_day_saved_elsewhere_with_defaults(open_page,
                                                                                today):
    app = open_page("log")  # the form shows a blank day
    app_store().checkins.save(make_checkin(day=today, today=today, stress=8, swelling=4, pain=3))
    for field in ("stress", "swelling", "pain"):
        app.pills(key=f"ci-{field}-{today}-v0").set_value(2)
    app.button(key=f"checkin-save-{today}-v0").click().run()
    assert any("saved in another window" in e for e in shown(app.error))
    assert [c.stress for c in app_store().checkins.list()] == [8]
    assert app.pills(key=f"ci-stress-{today}-v1").value == 8  # now it shows what is stored


def test_today_on_the_log_is_the_day_where_the_person_is(open_page):
    instant = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    server_day = instant.astimezone(clock.server_zone()).date()
    zone = next(z for z in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
                if instant.astimezone(ZoneInfo(z)).date() != server_day)
    their_now = instant.astimezone(ZoneInfo(zone))
    with clock.frozen(instant):
        app = open_manual_form(open_page("log", zone=zone))
        assert app.segmented_control(key="checkin-day-choice").value == "today"
        assert f"checkin-save-{their_now.date()}-v0" in [b.key for b in app.button]
        assert app.date_input(key="manual-day").value == their_now.date()
        assert app.time_input(key="manual-time").value.hour == their_now.hour
        app.text_input(key="manual-name").set_value("Foot rub")
        app.button(key="manual-save").click().run()
        (session,) = app_store().sessions.list()
        assert session.ended_at == instant.replace(second=0)
        show_sessions(app)
        started = their_now.replace(second=0) - timedelta(minutes=10)
        assert started.strftime("%a %d %b %Y, %H:%M") in everything(app)  # their clock


# An experiment day -----------------------------------------------------------------------------


def test_on_an_experiment_day_the_check_in_asks_whether_the_plan_was_followed(open_page,
                                                                               today):
    from planner.experiments.model import (
        CONDITION_LABELS,
        CONDITIONS,
        PLAN_TODO,
        Design,
        assignment,
    )

    design = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=4,
                    start=today - timedelta(days=2), seed=4)
    app_store().experiments.start(design, design.start)
    planned = assignment(design, today).condition
    app = open_page("log")
    key = form_key(today)
    assert f"Today the plan was {PLAN_TODO[planned]}" in everything(app)
    question = app.segmented_control(key=f"ci-followed-{key}")
    assert question.label == "Did you follow the plan?" and question.value is None
    question.set_value(False).run()
    instead = app.pills(key=f"ci-instead-{key}")
    assert instead.label == "What did you do instead? (optional)"
    assert instead.options == [CONDITION_LABELS[c] for c in CONDITIONS if c != planned]
    instead.set_value("neither").run()
    fill_checkin(app, today, stress=5)
    saved = app_store().checkins.get(today)
    assert (saved.plan_followed, saved.done_instead) == (False, "neither")
    key = form_key(today)  # the form shows the answer as saved
    assert app.segmented_control(key=f"ci-followed-{key}").value is False
    assert app.pills(key=f"ci-instead-{key}").value == "neither"


def test_a_day_outside_any_experiment_asks_nothing_and_keeps_an_earlier_answer(open_page,
                                                                               today):
    earlier = today - timedelta(days=3)  # a day of an earlier experiment, say (from a backup)
    app_store().checkins.save(make_checkin(day=earlier, today=today, stress=7, swelling=1, pain=0,
                                       plan_followed=False, done_instead="both"))
    app = open_page("log")
    assert "Did you follow the plan?" not in [w.label for w in app.segmented_control]
    pick_day(app, earlier)
    key = form_key(earlier)
    app.pills(key=f"ci-stress-{key}").set_value(4)
    app.button(key=f"checkin-save-{key}").click().run()
    saved = app_store().checkins.get(earlier)
    assert saved.stress == 4 and (saved.plan_followed, saved.done_instead) == (False, "both")


# What a newcomer noticed -----------------------------------------------------------------------


def _after_the_button(app, key: str) -> list[str]:
    """The messages drawn after the save button, in order (where the person tapped)."""
    elements = list(app.main)
    button = next(i for i, e in enumerate(elements) if getattr(e, "key", None) == key)
    return [unescape(e.value) for e in elements[button + 1:] if e.type in ("success", "error")]


def test_a_new_day_starts_not_rated_and_saves_with_stress_alone(open_page, today):
    app = open_page("log")
    key = form_key(today)
    assert [app.pills(key=f"ci-{f}-{key}").value for f in ("stress", "swelling", "pain",
                                                           "sleep")] == [None] * 4
    app.button(key=f"checkin-save-{key}").click().run()
    (problem,) = _after_the_button(app, f"checkin-save-{key}")
    assert "Pick a number for your stress" in problem
    assert app_store().checkins.list() == []

    app.pills(key=f"ci-stress-{key}").set_value(4)
    app.button(key=f"checkin-save-{key}").click().run()
    (saved,) = app_store().checkins.list()
    assert (saved.stress, saved.swelling, saved.pain, saved.sleep) == (4, None, None, None)
    (notice,) = _after_the_button(app, f"checkin-save-{form_key(today)}")
    assert "Saved your check-in" in notice
    rows = page_text(app)
    assert "swelling not rated · pain not rated" in rows


def test_sample_rows_are_marked_and_sample_data_stays_reachable_in_settings(open_page):
    app = open_page("settings")
    app.button(key="load-sample").click().run()
    assert app_store().sample.present()
    app = open_page("log")
    assert any(html_text(x.value).strip().startswith("Sample") for x in app.html)
    app = open_page("settings")
    app.button(key="remove-sample").click().run()
    assert not app_store().sample.present()


def test_sample_sessions_are_in_the_past_and_mostly_completed(open_page):
    open_page("settings").button(key="load-sample").click().run()
    sessions = app_store().sessions.list()
    assert all(s.ended_at <= clock.now() for s in sessions)
    assert sum(s.completed for s in sessions) / len(sessions) > 0.75


@pytest.mark.sqlite_only
def test_a_database_file_deleted_while_the_page_is_open_is_named_and_nothing_called_saved(
        open_page, database_url, today):
    app = fill_checkin(open_page("log"), today, stress=4)
    assert any("Saved your check-in" in s for s in shown(app.success))
    path = Path(database_url.removeprefix("sqlite:///"))
    for leftover in path.parent.glob(f"{path.name}*"):
        leftover.unlink()
    key = f"{today}-v1"  # the form still shows the version saved before the file went
    app.pills(key=f"ci-stress-{key}").set_value(7)
    app.button(key=f"checkin-save-{key}").click().run()
    assert not app.exception
    assert any("deleted while Solace was running" in e for e in shown(app.error))
    assert not any("check-in" in s for s in shown(app.success))  # no "Updated" claimed
    assert not path.exists()  # nothing wrote a fresh, empty file in its place
