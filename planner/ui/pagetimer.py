"""Pages run headless in AppTest, for the benchmark (python -m planner.bench)."""

from __future__ import annotations

import os

import streamlit as st
from streamlit.testing.v1 import AppTest

from planner.devserver import ROOT


def open_page(page: str, database_url: str) -> AppTest:
    """The app on ``page`` with its own database, run once; raises if the page fails."""
    os.environ["PLANNER_DATABASE_URL"] = database_url
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
