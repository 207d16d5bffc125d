"""Pages under faults and in several windows: plain messages, no tracebacks, nothing lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from planner.insights.frames import Frames
from planner.journal.model import Session, make_checkin
from planner.journal.repo import CheckInRepo
from planner.kernel import clock
from planner.kernel.config import database_url
from planner.kernel.errors import StoreError
from planner.routines.model import Routine, Step
from planner.routines.repo import RoutineRepo
from planner.runs.repo import RunRepo
from planner.settings.repo import SettingsRepo
from planner.store import Store
from tests.pages.conftest import ROOT, shown, unescape

PAGES = ["library", "plan", "run", "log", "insights", "settings"]


def store() -> Store:
    return Store(database_url())


def everything(app) -> str:
    """All the text a person could read on the page."""
    kinds = ("markdown", "caption", "text", "code", "success", "info", "warning", "error",
             "title", "subheader", "metric")
    return " | ".join(unescape(str(getattr(e, "value", ""))) for kind in kinds
                      for e in app.get(kind))


# ---------------------------------------------------------------- a database in trouble


@pytest.mark.parametrize("page", PAGES)
def test_a_damaged_database_gets_a_plain_message_on_every_page(open_page, database_url, page):
    path = database_url.removeprefix("sqlite:///")
    with open(path, "wb") as damaged:
        damaged.write(b"this is not a database " * 200)
    app = open_page(page)
    assert not app.exception
    assert any("damaged or isn't a Solace database" in e for e in shown(app.error))


def test_a_database_from_a_newer_solace_is_named_on_the_page(open_page, database_url):
    store().dispose()
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    app = open_page("log")
    assert any("written by a newer Solace" in e for e in shown(app.error))


@pytest.mark.parametrize(("page", "repo", "read"), [
    ("log", CheckInRepo, "list"), ("log", CheckInRepo, "get"),
    ("settings", SettingsRepo, "preferences"), ("insights", Frames, "version"),
    ("plan", RoutineRepo, "list"), ("run", RunRepo, "active")])
def test_a_busy_database_while_reading_is_a_message_not_a_traceback(open_page, monkeypatch,
                                                                    page, repo, read):
    def busy(*_args, **_kwargs):
        raise StoreError("The database is busy with another window or program. Nothing was "
                         "changed; try again in a moment.")

    monkeypatch.setattr(repo, read, busy)
    app = open_page(page)
    assert not app.exception
    assert any("busy with another window" in e for e in shown(app.error))


def test_the_settings_page_does_not_show_where_the_database_is(open_page, database_url):
    app = open_page("settings")
    text = everything(app)
    assert "SQLite database on the computer that runs Solace" in text
    assert database_url.removeprefix("sqlite:///") not in text and "sqlite:" not in text


# ---------------------------------------------------------------- two windows


def test_two_windows_editing_one_routine_cannot_both_save(open_page):
    routine = store().routines.save(Routine(name="Evening", steps=(
        Step(technique="soak", seconds=300),)))
    first, second = open_page("plan"), open_page("plan")
    for app in (first, second):
        app.button(key=f"edit-{routine.id}").click().run()
    seconds = [n for n in first.number_input if n.key.startswith("draft-seconds-")][0]
    seconds.set_value(420).run()
    first.button(key="save").click().run()
    seconds = [n for n in second.number_input if n.key.startswith("draft-seconds-")][0]
    seconds.set_value(480).run()
    second.button(key="save").click().run()
    assert any("changed in another window: reload to see it" in e for e in shown(second.error))
    assert not any("Saved" in i for i in shown(second.info))
    assert store().routines.get(routine.id).steps[0].seconds == 420


def test_a_session_deleted_in_another_window_is_not_edited(open_page):
    end = clock.now() - timedelta(hours=2)
    session = store().sessions.log(Session(
        routine_name="Foot rub", started_at=end - timedelta(minutes=10), ended_at=end,
        planned_seconds=600, actual_seconds=600, completed=True, source="manual"))
    editing, deleting = open_page("log"), open_page("log")
    editing.button(key=f"edit-session-{session.id}").click().run()
    deleting.button(key=f"delete-session-{session.id}").click().run()
    deleting.button(key=f"confirm-delete-session-{session.id}").click().run()
    editing.text_area(key=f"edit-notes-{session.id}-v1").set_value("felt better")
    editing.button(key=f"FormSubmitter:edit-session-form-{session.id}-Save").click().run()
    assert any("deleted in another window" in e for e in shown(editing.error))
    assert not any("Session updated" in s for s in shown(editing.success))
    assert store().sessions.list() == []


def test_starting_in_a_second_window_offers_the_first_run_instead_of_dropping_it(
        open_page, frozen_clock):
    routine = store().routines.save(Routine(name="Evening", steps=(
        Step(technique="breathing", seconds=60),)))
    first, second = open_page("run"), open_page("run")
    for app in (first, second):
        app.selectbox(key="run-choice").set_value(f"saved:{routine.id}").run()
    first.button(key="run-start").click().run()
    frozen_clock.advance(20)
    second.button(key="run-start").click().run()
    assert any("already running in another window" in w for w in shown(second.warning))
    assert second.button(key="run-log-part")  # "Log the part done" is offered
    run = store().runs.active()
    assert run is not None and len(run.actions) == 1  # the first run goes on untouched
    second.button(key="run-log-part").click().run()
    second.button(key="run-log").click().run()
    (session,) = store().sessions.list()
    assert session.actual_seconds == 20


def test_the_check_in_form_never_overwrites_a_day_saved_elsewhere_with_defaults(open_page,
                                                                                today):
    app = open_page("log")  # the form shows a blank day
    store().checkins.save(make_checkin(day=today, today=today, stress=8, swelling=4, pain=3))
    app.slider(key=f"ci-stress-{today}-v0").set_value(2)
    app.button(key=f"FormSubmitter:checkin-{today}-v0-Save check-in").click().run()
    assert any("saved in another window" in e for e in shown(app.error))
    assert [c.stress for c in store().checkins.list()] == [8]
    assert app.slider(key=f"ci-stress-{today}-v1").value == 8  # now it shows what is stored


# ---------------------------------------------------------------- the person's own day


def test_today_on_the_log_is_the_day_where_the_person_is(open_page):
    instant = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    server_day = instant.astimezone(clock.server_zone()).date()
    zone = next(z for z in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
                if instant.astimezone(ZoneInfo(z)).date() != server_day)
    their_now = instant.astimezone(ZoneInfo(zone))
    with clock.frozen(instant):
        app = open_page("log", zone=zone)
        assert app.date_input(key="checkin-day").value == their_now.date()
        assert app.date_input(key="manual-day").value == their_now.date()
        assert app.time_input(key="manual-time").value.hour == their_now.hour
        app.text_input(key="manual-name").set_value("Foot rub")
        app.button(key="manual-save").click().run()
        (session,) = store().sessions.list()
        assert session.ended_at == instant.replace(second=0)
        started = their_now.replace(second=0) - timedelta(minutes=10)
        assert started.strftime("%a %d %b %Y, %H:%M") in everything(app)  # their clock


# ---------------------------------------------------------------- what is shown


HOSTILE = "**Bold** :material/home: $x^2$ ![pic](http://example.org/x.png) <b>hi</b>"


def test_a_logged_notice_shows_the_name_as_typed_never_as_markup(open_page):
    app = open_page("log")
    app.text_input(key="manual-name").set_value(HOSTILE[:60])
    app.button(key="manual-save").click().run()
    (notice,) = [s.value for s in app.success]
    assert HOSTILE[:60] in unescape(notice)
    for special in ("\\*\\*Bold", "\\:\u2060material/home\\:", "\\$x^2\\$",
                    "\\!\\[pic\\]"):
        assert special in notice


def test_a_duplicate_name_error_shows_the_name_as_typed(open_page):
    store().routines.save(Routine(name="Sunday *calm* :smile:", steps=(
        Step(technique="oil", seconds=60),)))
    app = open_page("plan")
    app.selectbox(key="draft-add-technique").set_value("oil").run()
    app.button(key="add-step").click().run()
    app.text_input(key="draft-name").set_value("sunday *CALM* :smile:").run()
    app.button(key="save").click().run()
    (error,) = [e.value for e in app.error if "already have" in e.value]
    assert "sunday \\*CALM\\* \\:\u2060smile\\:" in error


def test_the_app_serves_this_computer_only_and_hides_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] in ("127.0.0.1", "localhost")
    assert config["client"]["showErrorDetails"] == "none"
