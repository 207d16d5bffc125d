"""Pages run headless in AppTest, for the benchmark and the page tests."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]  # the project, where streamlit_app.py is


class _NavigationPagesManager(PagesManager):
    """Takes AppTest's per-run reset of the pages-folder flag, so the real flag stays off."""


def run_pages_through_navigation() -> None:
    """Make AppTest run every page through streamlit_app.py, as a real server does.

    AppTest sets Streamlit's old pages-folder mode afresh before every run, so each run would
    start with the page alone and then rerun through the entry script (see planner.ui), and a
    button read by its return value would lose its click in that rerun. Pointing AppTest's
    reset at a subclass leaves the real flag off.
    """
    app_test_module.PagesManager = _NavigationPagesManager
    PagesManager.uses_pages_directory = False


def open_page(page: str, database_url: str) -> AppTest:
    """The app on ``page`` with its own database, run once; raises if the page fails."""
    os.environ["PLANNER_DATABASE_URL"] = database_url
    run_pages_through_navigation()
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    app.run()
    app.switch_page(f"pages/{page}.py").run()
    if app.exception:
        raise RuntimeError(f"the {page} page failed: {app.exception[0].value}")
    return app


def clear_caches() -> None:
    st.cache_data.clear()


def chart_bytes(app: AppTest) -> int:
    """What the page sends for its charts: specs and data, as encoded on the wire."""
    return sum(element.proto.ByteSize() for element in app.get("vega_lite_chart"))
