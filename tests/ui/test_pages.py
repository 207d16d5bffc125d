"""Every page renders through the app's navigation; a broken catalog stops the app plainly."""

from __future__ import annotations

import pytest

from tests.helpers import shown

PAGES = {
    "library": "Technique library",
    "plan": "Plan a routine",
    "run": "Run a routine",
    "log": "Log",
    "insights": "Insights",
    "experiment": "Experiment",
    "settings": "Settings",
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(open_page, page):
    app = open_page(page)
    assert app.title[0].value == PAGES[page]
    assert not app.exception


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
