"""AppTest helpers: every test gets its own temporary database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.tools.apptest import run_pages_through_navigation
from planner.ui.text import WORD_JOINER

ROOT = Path(__file__).resolve().parents[2]
run_pages_through_navigation()  # every page through streamlit_app.py, its nav and its guard


@pytest.fixture
def database_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    return url


@pytest.fixture
def open_page(database_url, monkeypatch):
    """Run the app on one page and return the AppTest."""
    monkeypatch.chdir(ROOT)

    def _open(page: str, zone: str | None = None) -> AppTest:
        """``zone``: the time zone the visitor's browser reports (None: it reports none)."""
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
        if zone:
            app.context = {"timezone": zone}
        app.run()
        if page != "library":
            app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return _open


def unescape(markdown: str) -> str:
    """What a person reads: the app escapes markdown in messages (see planner.ui.text)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def shown(elements) -> list[str]:
    """The texts of AppTest elements (alerts, markdown, captions) as the person reads them."""
    return [unescape(element.value) for element in elements]
