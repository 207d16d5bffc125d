"""Settings: an Apple Health export is previewed, imported all at once, and a second time
changes nothing; a hostile file gets its message and writes nothing."""

from __future__ import annotations

from datetime import timedelta

from planner.ui import pages
from planner.ui.apptest import charts
from tests.helpers import app_store, everything, shown
from tests.watch.exports import export_xml, export_zip, record


def upload(app, name: str, content: bytes):
    if not [u for u in app.get("file_uploader") if u.key and u.key.startswith("watch-upload")]:
        app.session_state["watch-open"] = True
        app.run()
    (uploader,) = [u for u in app.get("file_uploader")
                   if u.key and u.key.startswith("watch-upload")]
    uploader.set_value((name, content, "application/zip"))
    return app.run()


def test_an_export_is_previewed_then_imported_and_a_second_time_changes_nothing(
        open_page, frozen_clock):
    data = export_zip()
    app = upload(open_page("settings"), "export.zip", data)
    text = everything(app)
    assert ("**3 days**, 09 Mar 2024 to 11 Mar 2024: resting heart rate on 2 days, HRV on 1 "
            "day, sleep on 1 day, steps on 2 days." in text)
    assert "Importing adds 8 daily values (none here change, none are here already)" in text
    assert app_store().measures.count() == 0  # the preview wrote nothing

    app.button(key="watch-import").click().run()
    assert any(s.startswith("Imported: 8 daily values added") for s in shown(app.success))
    assert app_store().measures.count() == 8

    app = upload(app, "export.zip", data)
    assert "already here, so importing it would change nothing" in everything(app)
    assert not [b for b in app.button if b.key == "watch-import"]


def test_a_resting_pulse_of_400_is_refused_and_nothing_is_written(open_page, frozen_clock):
    body = record("RestingHeartRate", "2024-03-10 08:00:00 -0700", "2024-03-10 20:00:00 -0700",
                  400, unit="count/min")
    app = upload(open_page("settings"), "export.zip", export_zip(export_xml(body)))
    assert any("A resting heart rate of 400 beats a minute isn't plausible" in e
               for e in shown(app.error))
    assert not [b for b in app.button if b.key == "watch-import"]
    assert app_store().measures.count() == 0


def test_insights_show_a_watch_measure_over_time_and_by_kind_of_day(open_page):
    import streamlit as st

    from planner.catalog.model import load_catalog
    from planner.journal.sample import load_sample
    from planner.watch.model import DailyMeasure

    st.cache_data.clear()
    store = app_store()
    load_sample(store.sample, load_catalog(), years=0.3)
    days = sorted({c.day for c in store.checkins.list()})
    store.measures.save([DailyMeasure(day=day, measure=measure, value=value + n % 5,
                                      source="Ann’s Apple Watch")
                         for n, day in enumerate(days)
                         for measure, value in (("resting_hr", 58), ("steps", 7000))])
    app = open_page("insights")
    app.session_state["insights-section"] = "Watch"
    app.run()
    assert not app.exception
    assert len(charts(app)) == 3  # over time, by kind of day, differences
    words = everything(app)
    assert "beats a minute" in words and "Leg swelling, with your steps taken into account" in words
    app.session_state["insights-watch-measure"] = "sleep_minutes"
    app.run()
    assert "No values from a watch in this period" in everything(app)
    st.cache_data.clear()


def test_values_from_a_watch_alone_are_charted_without_any_check_in(open_page, today):
    import streamlit as st

    from planner.watch.model import DailyMeasure

    st.cache_data.clear()
    app_store().measures.save([DailyMeasure(day=today - timedelta(days=back), measure="steps",
                                            value=6000 + 100 * back, source="Phone")
                               for back in range(10)])
    app = open_page("insights")
    app.session_state["insights-section"] = "Watch"
    app.session_state["insights-watch-measure"] = "steps"
    app.run()
    assert "Nothing to chart yet" not in everything(app)
    assert len(charts(app)) == 1  # over time; no kinds of day without check-ins
    st.cache_data.clear()


def test_garmin_fit_files_are_previewed_then_imported_once(open_page, frozen_clock):
    from tests.watch.fit_files import garmin_zip

    data = garmin_zip()
    app = upload(open_page("settings"), "UploadedFiles.zip", data)
    text = everything(app)
    assert ("**2 days**, 09 Mar 2024 to 10 Mar 2024: resting heart rate on 2 days, sleep on 1 "
            "day, steps on 2 days." in text)
    assert "From “Garmin fenix7”." in text
    app.button(key="watch-import").click().run()
    assert app_store().measures.count() == 5
    app = upload(app, "UploadedFiles.zip", data)
    assert "already here, so importing it would change nothing" in everything(app)


def test_an_upload_never_imported_is_dropped_when_the_person_moves_on(open_page, frozen_clock):
    from tests.watch.fit_files import saturday, sunday

    app = upload(open_page("settings"), "sat.fit", saturday())
    assert app.session_state["watch-read"][0]  # the values read, for the preview
    app = upload(app, "sun.fit", sunday())  # another file: only its values are held
    assert {r.day.day for r in app.session_state["watch-read"][1]} == {10}
    app.session_state["watch-open"] = False  # the box closed
    app.run()
    assert "watch-read" not in app.session_state
    app = upload(app, "sat.fit", saturday())
    app.switch_page(pages.LOG.script).run()  # another page
    assert "watch-read" not in app.session_state
    assert app_store().measures.count() == 0
