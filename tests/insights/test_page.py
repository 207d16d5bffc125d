"""The Insights page: empty, tiny and ten-year logs; caching by data version; date ranges."""

from datetime import UTC, datetime, timedelta

import pytest
import streamlit as st

import planner.insights.charts
from planner.catalog.model import load_catalog
from planner.journal.model import Session, make_checkin
from planner.journal.sample import load_sample
from planner.kernel import clock
from planner.ui.apptest import ask_for_live_chart, chart_bytes, charts, pictures
from tests.helpers import app_store, figures


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def charts_on(app) -> int:
    """Charts shown, as pictures or live."""
    return len(charts(app))


def text(app) -> str:
    return " ".join(e.value for kind in ("markdown", "caption", "info") for e in app.get(kind))


SECTIONS = ("Stress", "Sessions", "A year at a glance", "Massage vs socks")


def open_section(app, section: str):
    """Open one of the page's tabs (only the open one is drawn)."""
    app.session_state["insights-section"] = section
    return app.run()


def every_section(app) -> tuple[int, int, str]:
    """Charts, their bytes and the words, over all the page's tabs."""
    charts = size = 0
    words = []
    for section in SECTIONS:
        open_section(app, section)
        charts += charts_on(app)
        size += chart_bytes(app)
        words.append(text(app))
    return charts, size, " ".join(words)


def test_an_empty_log_shows_a_friendly_empty_state(open_page):
    app = open_page("insights")
    assert charts_on(app) == 0
    assert "Nothing to chart yet" in text(app)


def test_a_tiny_log_says_not_enough_days_yet(open_page, today):
    store = app_store()
    for back, socks in ((0, True), (1, False), (2, True)):
        store.checkins.save(make_checkin(day=today - timedelta(days=back), today=today,
                                        stress=4 + back, swelling=2, pain=1, socks=socks))
    app = open_page("insights")
    assert not app.exception
    assert charts_on(app) == 1  # the first tab: stress over time
    charts, _, words = every_section(app)
    # stress over time, the calendar and the groups; no sessions, no differences to draw
    assert charts == 3
    assert "Not enough days yet" in words and "more" in words
    assert "not proof" in words


def test_ten_years_render_with_every_chart_and_bounded_payload(open_page):
    store = app_store()
    load_sample(store.sample, load_catalog(), years=10)
    app = open_page("insights")
    assert not app.exception
    charts, size, words = every_section(app)
    assert charts == 6  # stress, before/after, the drop, calendar, groups, differences
    assert size < 300_000, size  # pictures (SVG), each a little larger than its spec
    assert "a run of similar days counts for less" in words

    app.segmented_control(key="insights-range").set_value("All time").run()
    charts, size, words = every_section(app)
    assert "each point is a week's average" in words
    assert size < 700_000  # ten years' days, each a point drawn in the comparison's picture


def test_a_rerun_with_unchanged_data_rebuilds_no_chart(open_page, monkeypatch, today):
    store = app_store()
    load_sample(store.sample, load_catalog(), years=1)
    built = []
    original = planner.insights.charts.stress_over_time
    monkeypatch.setattr(planner.insights.charts, "stress_over_time",
                        lambda frame: built.append(len(frame)) or original(frame))
    app = open_page("insights")
    app.run()
    app.run()
    assert len(built) == 1

    day = store.checkins.get(today)
    store.checkins.save(make_checkin(day=today, today=today, stress=9, swelling=1, pain=1,
                                    version=day.version if day else None))
    app.run()
    assert len(built) == 2  # new data, new chart


def test_the_period_filter_changes_what_is_counted(open_page):
    load_sample(app_store().sample, load_catalog(), years=1)
    app = open_page("insights")
    year = int(figures(app)["Sessions"])
    app.segmented_control(key="insights-range").set_value("Last 30 days").run()
    month = int(figures(app)["Sessions"])
    assert 0 < month < year


def test_comparing_swelling_instead_of_stress(open_page):
    load_sample(app_store().sample, load_catalog(), years=1)
    app = open_page("insights")
    open_section(app, "Massage vs socks")
    app.segmented_control(key="insights-measure").set_value("swelling").run()
    assert "leg heaviness or swelling averaged" in text(app)


def test_chosen_dates_limit_the_period(open_page, today):
    store = app_store()
    load_sample(store.sample, load_catalog(), years=1)
    week = (today - timedelta(days=6), today)
    checked_in = [c for c in store.checkins.list() if week[0] <= c.day <= week[1]]
    assert checked_in, "the sample should have check-ins in its last week"
    app = open_page("insights")
    app.segmented_control(key="insights-range").set_value("Choose dates").run()
    app.date_input(key="insights-dates").set_value(week).run()
    assert not app.exception
    assert int(figures(app)["Days checked in"]) == len(checked_in)  # that week only


def test_session_days_and_streaks_are_counted_on_the_persons_own_calendar(open_page):
    """Two sessions two hours apart around midnight UTC+14 and UTC-11: one day there, two
    days here. The visitor's browser zone decides, not the server's."""
    now = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)  # 25 Nov at UTC+14, 23 Nov at UTC-11
    with clock.frozen(now):
        store = app_store()
        for start in (datetime(2026, 11, 23, 10, 0, tzinfo=UTC),   # 24 Nov 00:00 / 22 Nov 23:00
                      datetime(2026, 11, 23, 12, 0, tzinfo=UTC)):  # 24 Nov 02:00 / 23 Nov 01:00
            store.sessions.log(Session(routine_name="Foot rub", started_at=start,
                                       ended_at=start + timedelta(minutes=10),
                                       planned_seconds=600, actual_seconds=600, completed=True,
                                       source="manual"))
        streaks = {}
        for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
            st.cache_data.clear()
            app = open_section(open_page("insights", zone=zone), "A year at a glance")
            streaks[zone] = {label: value for label, value in figures(app).items()
                             if "streak" in label}
        assert streaks == {  # both on the 24th at UTC+14; the 22nd and 23rd at UTC-11
            "Pacific/Kiritimati": {"Current streak": "1 day", "Longest streak": "1 day"},
            "Pacific/Pago_Pago": {"Current streak": "2 days", "Longest streak": "2 days"}}


def test_charts_come_as_pictures_and_turn_live_when_asked_for(open_page):
    store = app_store()
    load_sample(store.sample, load_catalog(), years=1)
    app = open_page("insights")
    (picture,) = pictures(app)  # the Stress tab: its one chart, as a picture
    assert not app.get("vega_lite_chart")
    assert picture["label"].startswith("Dots: your stress rating each day.")
    assert "Stress: " in picture["label"] and " values from " in picture["label"]
    assert "<svg" in picture["svg"]

    ask_for_live_chart(app, charts(app)[0])
    assert len(app.get("vega_lite_chart")) == 1 and not pictures(app)
    app.run()
    assert len(app.get("vega_lite_chart")) == 1  # it stays live
