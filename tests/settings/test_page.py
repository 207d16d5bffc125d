"""The Settings page: the health profile saves; where the data lives stays private."""

from __future__ import annotations

import json
import sqlite3
from datetime import time

import pytest
import sqlalchemy as sa

from planner.settings.model import Preferences
from planner.store import Store
from planner.ui.settings.forms import SOUND_CHECK_OPEN
from tests.conftest import on_postgresql
from tests.helpers import app_store, everything, shown


def test_settings_saves_the_health_profile(open_page):
    app = open_page("settings")
    app.checkbox(key="condition-pregnancy").check()
    app.button[0].click().run()  # the form's submit button, with the box ticked
    assert any("saved" in s for s in shown(app.success))
    assert {c.value for c in app_store().settings.profile().conditions} == {"pregnancy"}

    app = open_page("settings")
    assert app.checkbox(key="condition-pregnancy").value is True


def test_the_sound_check_is_drawn_once_opened_with_the_saved_volume(open_page):
    app_store().settings.save_preferences(Preferences(volume=35))
    app = open_page("settings")
    sound_check = [e for e in app.get("bidi_component")
                   if e.proto.component_name.endswith("solace_sound_check")]
    assert sound_check == []  # a fresh visit fetches none of its code
    app.session_state[SOUND_CHECK_OPEN] = True
    app.run()
    (drawn,) = [e for e in app.get("bidi_component")
                if e.proto.component_name.endswith("solace_sound_check")]
    assert json.loads(drawn.proto.json)["sound"]["volume"] == pytest.approx(0.35)


def test_the_settings_page_does_not_show_where_the_database_is(open_page, database_url):
    app = open_page("settings")
    text = everything(app)
    kind = "PostgreSQL" if on_postgresql() else "SQLite"
    assert f"kept in a {kind} database" in text and "not in this browser" in text
    where = sa.make_url(database_url)
    assert str(where.database) not in text and where.drivername not in text


@pytest.mark.sqlite_only
def test_settings_on_a_busy_database_say_so_and_keep_what_is_stored(
        short_busy_timeout, open_page, database_url):
    app = open_page("settings")
    path = sa.make_url(database_url).database
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # another program holds the database
        app.checkbox(key="condition-pregnancy").check().run()
        app.toggle(key="pref-muted").set_value(True).run()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not app.exception
    busy = [e for e in shown(app.error) if "busy with another window" in e]
    assert len(busy) == 2  # beside each form
    assert not any("saved" in s for s in shown(app.success))
    stored = Store(database_url).settings
    assert stored.profile().conditions == frozenset() and stored.preferences().muted is False


PROFILE_SAVE_AGAIN, SOUNDS_SAVE_AGAIN = "profile-save-again", "sounds-save-again"


def test_a_settings_tab_opened_earlier_cannot_untick_the_profile(open_page):
    earlier = open_page("settings")  # opened first, left alone
    later = open_page("settings")
    later.checkbox(key="condition-pregnancy").check().run()  # saved as it is ticked
    assert any("Health profile saved" in s for s in shown(later.success))

    earlier.checkbox(key="condition-varicose_veins").check().run()
    refused = " ".join(shown(earlier.error) + shown(earlier.warning))
    assert "changed in another window" in refused and "It now says: pregnancy" in refused
    assert not any("Health profile saved" in s for s in shown(earlier.success))
    stored = app_store().settings.profile().conditions
    assert {c.value for c in stored} == {"pregnancy"}  # the guard is still on
    # What the person ticked is kept, and "Save my choice" saves it knowingly.
    assert earlier.checkbox(key="condition-varicose_veins").value is True
    assert earlier.checkbox(key="condition-pregnancy").value is False
    earlier.button(key=PROFILE_SAVE_AGAIN).click().run()
    assert any("Health profile saved" in s for s in shown(earlier.success))
    stored = app_store().settings.profile().conditions
    assert {c.value for c in stored} == {"varicose_veins"}


def test_a_settings_tab_opened_earlier_cannot_undo_the_sound_settings(open_page):
    earlier = open_page("settings")
    later = open_page("settings")
    later.slider(key="pref-volume").set_value(20).run()
    earlier.toggle(key="pref-muted").set_value(True).run()
    refused = " ".join(shown(earlier.error) + shown(earlier.warning))
    assert "changed in another window" in refused and "volume 20%" in refused
    assert app_store().settings.preferences().volume == 20
    assert earlier.toggle(key="pref-muted").value is True  # kept for a second press
    earlier.button(key=SOUNDS_SAVE_AGAIN).click().run()
    assert app_store().settings.preferences().muted is True


def test_a_sound_setting_is_saved_as_it_changes_without_a_save_button(open_page):
    app = open_page("settings")
    app.slider(key="pref-volume").set_value(20).run()  # and then the person leaves
    assert app_store().settings.preferences().volume == 20
    assert any("Sound settings saved" in s for s in shown(app.success))
    assert not [b for b in app.button if "Save" in b.label]  # nothing left to press


def test_deleting_everything_is_not_styled_as_the_main_button(open_page):
    app = open_page("settings")
    app.button(key="data-delete").click().run()
    app.button(key="data-delete-continue").click().run()
    assert app.button(key="data-delete-now").proto.type != "primary"


def test_a_daily_check_in_reminder_is_chosen_saved_and_offered_for_the_calendar(open_page):
    app = open_page("settings")
    assert not [t for t in app.time_input if t.key == "pref-remind-at"]  # off at first
    app.toggle(key="pref-remind").set_value(True).run()
    assert app_store().settings.preferences().checkin_reminder == time(20, 0)
    app.time_input(key="pref-remind-at").set_value(time(21, 30)).run()
    assert app_store().settings.preferences().checkin_reminder == time(21, 30)
    assert any("Reminder saved" in s for s in shown(app.success))
    (button,) = [b for b in app.get("download_button") if "reminder" in b.proto.label]
    assert button.proto.label == "Add the reminder to my calendar (.ics)"
    app.toggle(key="pref-vibrate").set_value(False).run()  # the buzz, off
    prefs = app_store().settings.preferences()
    assert (prefs.vibrate, prefs.checkin_reminder) == (False, time(21, 30))
