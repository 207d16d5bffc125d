"""The server loads the heavy libraries as it starts (planner/ui/app/startup.py), in a fresh Python
each time: in this test process they are long loaded."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from streamlit.testing.v1.util import patch_config_options

from planner.tools.devserver import ROOT
from planner.ui.app import startup
from tests.helpers import run_async

HEAVY = ["pandas", "altair", "sqlalchemy", "pydantic", "planner.store",
         "planner.insights.charts", "PIL.Image"]


def _in_fresh_python(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_server_start_loads_the_libraries_before_the_first_page_view_goes_on():
    seen = _in_fresh_python(f"""
        import asyncio, json, sys
        from planner.ui.app import startup
        heavy = {HEAVY!r}
        before = [m for m in heavy if m in sys.modules]
        streamlit_before = {{m for m in sys.modules if m.startswith("streamlit")}}

        async def serve():
            async with startup.lifespan(None):
                startup.wait()  # what each page view does first

        asyncio.run(serve())
        from streamlit.runtime.pages_manager import PagesManager
        loaded_streamlit = sorted({{m for m in sys.modules if m.startswith("streamlit")}}
                                  - streamlit_before)
        print(json.dumps({{"before": before, "after": [m for m in heavy if m in sys.modules],
                           "streamlit": loaded_streamlit,
                           "pages_folder_app": PagesManager.uses_pages_directory}}))
    """)
    assert seen["before"] == []  # the page code alone does not load them
    assert seen["after"] == HEAVY
    # The loading thread imports nothing of Streamlit's, so it can never wait on a module that
    # one of Streamlit's threads is importing, nor hold one up.
    assert seen["streamlit"] == []
    # A deep link right after the start runs through streamlit_app.py (which waits for the
    # loading), not its page alone as in an old-style app with a pages/ folder.
    assert seen["pages_folder_app"] is False


def test_a_page_view_without_a_server_start_does_not_wait():
    seen = _in_fresh_python("""
        import json, sys
        from planner.ui.app import startup
        startup.wait()
        print(json.dumps({"loaded": [m for m in ("pandas", "altair") if m in sys.modules]}))
    """)
    assert seen["loaded"] == []  # as in AppTest: it returns at once, having loaded nothing


@pytest.mark.parametrize(("headless", "opened"), [
    (False, ["http://127.0.0.1:8765"]),  # on a desktop: the app's own address, as configured
    (True, []),  # a server or CI: no browser
])
def test_the_server_start_opens_the_browser_unless_headless(monkeypatch, headless, opened):
    seen: list[str] = []
    monkeypatch.setattr(startup.cli_util, "open_browser", seen.append)
    monkeypatch.setattr(startup, "start", lambda: None)  # loading is the test above's
    with patch_config_options({"server.headless": headless, "server.address": "127.0.0.1",
                               "server.port": 8765}):

        _serve_once()
    assert seen == opened


def _serve_once() -> None:
    """The server's start and stop, on a thread of its own: the browser tests' Playwright may
    be running an event loop on this one."""
    async def serve():
        async with startup.lifespan(None):
            pass

    run_async(serve())
