"""What the server does once, as it starts: it loads the heavy libraries the pages need (pandas,
Altair, SQLAlchemy, pydantic and the models on them) in a background thread, so that the first
person to open a page after a start does not wait for them. Without it, the first Insights
visit after a start took about twice as long as a later one (planner/tools/visits.py).

``streamlit run streamlit_app.py`` serves the ``st.App`` defined in that file, and the app's
lifespan is ``lifespan`` here. Every script run calls ``wait`` first, so a page never imports
beside the loading thread (two threads importing the same packages at once can deadlock), and
a visit in the first moments after a start waits for what it would have loaded itself.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from streamlit import cli_util, config
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web.server import server_util

# The pure core (no Streamlit anywhere below it, tests/test_layers.py), so the loading thread
# never needs a module that one of Streamlit's own threads is importing. PIL.Image: the page
# icon is passed through Streamlit's image code, which imports it on the first page view.
# vl_convert: the chart pictures' engine (planner.kernel.pictures), started once loaded.
MODULES = ("planner.store", "planner.insights.findings", "planner.insights.charts", "PIL.Image",
           "planner.kernel.pictures", "vl_convert")

_LOG = logging.getLogger(__name__)
_loading: threading.Thread | None = None


def _load() -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # the page that needs it will raise it again, where it is handled
            _LOG.exception("Could not load %s ahead of the first page view", name)
    # Apart, and not waited for: only a page with a chart needs the engine (kit/pictures.py).
    threading.Thread(target=_warm_pictures, name="solace-pictures-start-up", daemon=True).start()


def _warm_pictures() -> None:
    try:
        from planner.kernel import pictures  # loaded already: no import beside a page's

        pictures.warm_up()
    except Exception:  # the first chart picture starts the engine itself then
        _LOG.exception("Could not start the chart pictures' engine ahead of the first page view")


def start() -> None:
    global _loading
    if _loading is None:
        _loading = threading.Thread(target=_load, name="solace-start-up", daemon=True)
        _loading.start()


def wait() -> None:
    """Until the libraries are loaded (at once when they are, or when nothing loads them)."""
    if _loading is not None:
        _loading.join()


def open_browser() -> None:
    """Open the app in the browser, as ``streamlit run`` does for a plain script (it leaves
    that to an ``st.App``): not when headless (a server, CI), and at the address configured."""
    if config.get_option("server.headless"):
        return
    if config.is_manually_set("browser.serverAddress"):
        address = config.get_option("browser.serverAddress")
    else:
        address = server_util.get_display_address(config.get_option("server.address")
                                                  or "localhost")
    cli_util.open_browser(server_util.get_url(address))


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """The server's start and stop: loading begins as it starts taking requests."""
    # Every page goes through st.navigation in streamlit_app.py. Until a first visitor has run
    # that, Streamlit takes the pages/ folder for an old-style multipage app, so a deep link
    # right after a start would run its page alone, beside the loading, and then again through
    # the navigation (planner.ui.start_page). Said at once, the first visit runs once.
    PagesManager.uses_pages_directory = False
    start()
    open_browser()
    yield
