"""Every page under faults: plain messages, never a traceback; typed text stays text."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from planner.insights.frames import Frames
from planner.journal.repo import CheckInRepo
from planner.kernel.errors import StoreError
from planner.routines.repo import RoutineRepo
from planner.runs.repo import RunRepo
from planner.settings.repo import SettingsRepo
from tests.conftest import ROOT
from tests.helpers import app_store, shown, unescape
from tests.journal.test_page import open_manual_form

PAGES = ["library", "plan", "run", "log", "insights", "experiment", "settings"]



@pytest.mark.parametrize("page", PAGES)
@pytest.mark.sqlite_only
def test_a_damaged_database_gets_a_plain_message_on_every_page(open_page, database_url, page):
    path = database_url.removeprefix("sqlite:///")
    with open(path, "wb") as damaged:
        damaged.write(b"this is not a database " * 200)
    app = open_page(page)
    assert not app.exception
    assert any("damaged or isn't a Solace database" in e for e in shown(app.error))


def test_a_database_from_a_newer_solace_is_named_on_the_page(open_page, database_url):
    app_store().dispose()
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


HOSTILE = "**Bold** :material/home: $x^2$ ![pic](http://example.org/x.png) <b>hi</b>"


def test_a_logged_notice_shows_the_name_as_typed_never_as_markup(open_page):
    app = open_manual_form(open_page("log"))
    app.text_input(key="manual-name").set_value(HOSTILE[:60])
    app.button(key="manual-save").click().run()
    (notice,) = [s.value for s in app.success]
    assert HOSTILE[:60] in unescape(notice)
    for special in ("\\*\\*Bold", "\\:\u2060material/home\\:", "\\$x^2\\$",
                    "\\!\\[pic\\]"):
        assert special in notice


def test_the_app_serves_this_computer_only_and_hides_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] in ("127.0.0.1", "localhost")
    assert config["client"]["showErrorDetails"] == "none"


def _notice_then_a_run_stopped_for_another():
    import streamlit as st

    from planner.ui.kit import messages

    first = "runs" not in st.session_state
    st.session_state.runs = st.session_state.get("runs", 0) + 1
    if first:
        messages.notice("data", "Imported: 3 added.")
    messages.show_notice("data")
    if first:
        st.rerun()  # as a click or a timer's tick stops a run before it reaches the browser
    messages.end_of_run()  # where every page's run ends (planner/ui/app/navigation.py)


def test_a_notice_shown_by_a_run_stopped_for_another_shows_on_the_next_one():
    app = AppTest.from_function(_notice_then_a_run_stopped_for_another).run()
    assert app.session_state.runs == 2
    assert [unescape(s.value) for s in app.success] == ["Imported: 3 added."]
    app.run()  # once a whole run has shown it, it is gone
    assert [s.value for s in app.success] == []
