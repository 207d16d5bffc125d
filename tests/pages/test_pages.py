"""Every page renders; the Library filters; the health profile saves."""

import pytest

from planner.catalog.model import load_catalog
from planner.kernel.config import database_url
from planner.settings.model import HealthProfile
from planner.store import Store
from tests.pages.conftest import shown

PAGES = {
    "library": "Technique library",
    "plan": "Plan a routine",
    "run": "Run a routine",
    "log": "Log",
    "insights": "Insights",
    "settings": "Settings",
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(open_page, page):
    app = open_page(page)
    assert app.title[0].value == PAGES[page]
    assert not app.exception


def card_titles(app) -> list[str]:
    return [h.value for h in app.subheader]


def test_library_shows_every_technique_and_filters_by_category(open_page):
    app = open_page("library")
    catalog = load_catalog()
    assert set(card_titles(app)) == {t.name for t in catalog.techniques}

    app.pills(key="library-categories").set_value(["Pressure points"]).run()
    assert set(card_titles(app)) == {
        t.name for t in catalog.techniques if t.category == "Pressure points"
    }


def test_library_filters_by_equipment_at_hand_and_time(open_page):
    app = open_page("library")
    app.multiselect(key="library-equipment").set_value(["Tennis ball or foot roller"]).run()
    titles = card_titles(app)
    assert "Tennis ball or foot roller" in titles
    assert "Warm-water soak" not in titles  # needs a basin
    assert "Deep breathing" in titles  # needs nothing

    app.multiselect(key="library-equipment").set_value([]).run()
    app.select_slider(key="library-minutes").set_value(1).run()
    titles = card_titles(app)
    assert "Warm-water soak" not in titles and "Deep breathing" in titles


def test_library_shows_an_empty_state_when_nothing_matches(open_page):
    app = open_page("library")
    app.pills(key="library-categories").set_value(["Tools"]).run()
    app.select_slider(key="library-minutes").set_value(1).run()
    assert any("No technique matches" in i for i in shown(app.info))


def test_library_marks_cautions_for_a_ticked_condition(open_page):
    Store(database_url()).settings.save_profile(HealthProfile(conditions=frozenset({"pregnancy"})))
    app = open_page("library")
    assert any("Not advised** (with pregnancy)" in e for e in shown(app.error))


def test_settings_saves_the_health_profile(open_page):
    app = open_page("settings")
    app.checkbox(key="condition-pregnancy").check()
    app.button[0].click().run()  # the form's submit button, with the box ticked
    assert any("saved" in s for s in shown(app.success))
    assert {c.value for c in Store(database_url()).settings.profile().conditions} == {"pregnancy"}

    app = open_page("settings")
    assert app.checkbox(key="condition-pregnancy").value is True


def test_a_broken_catalog_stops_the_app_with_a_message_naming_file_and_field(
    open_page, tmp_path, monkeypatch
):
    import shutil

    import streamlit as st

    import planner.catalog.model

    broken = tmp_path / "data"
    shutil.copytree(planner.catalog.model.DATA_DIR, broken)
    text = (broken / "techniques.toml").read_text()
    (broken / "techniques.toml").write_text(text.replace("max_seconds = 600", "max_seconds = 6", 1))
    monkeypatch.setattr(planner.catalog.model, "DATA_DIR", broken)
    st.cache_resource.clear()
    try:
        app = open_page("plan")
        message = " ".join(e for e in shown(app.error))
        assert "techniques.toml" in message and "max_seconds" in message
        assert not app.text_input  # the builder is not drawn on a broken catalog
    finally:
        st.cache_resource.clear()
