"""Pages run headless in AppTest, for the benchmark and the page tests."""

from __future__ import annotations

import functools
import html
import io
import json
import os
import re
import time
import uuid
from pathlib import Path

import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from defusedxml import ElementTree
from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest, local_script_runner

from planner.ui import pages
from planner.ui.kit.text import WORD_JOINER

ROOT = Path(__file__).resolve().parents[2]  # the project, where streamlit_app.py is


class _NavigationPagesManager(PagesManager):
    """Takes AppTest's per-run reset of the pages-folder flag, so the real flag stays off."""


def run_pages_through_navigation() -> None:
    """Make AppTest run every page through streamlit_app.py, as a real server does (and wait
    for each run without polling: ``wait_for_runs_without_polling``).

    AppTest sets Streamlit's old pages-folder mode afresh before every run, so each run would
    start with the page alone and then rerun through the entry script (see planner.ui), and a
    button read by its return value would lose its click in that rerun. Pointing AppTest's
    reset at a subclass leaves the real flag off.
    """
    app_test_module.PagesManager = _NavigationPagesManager
    PagesManager.uses_pages_directory = False
    scan_installed_components_once()
    wait_for_runs_without_polling()


def wait_for_runs_without_polling() -> None:
    """AppTest waits for a run by looking every millisecond whether it has ended: each look
    takes the interpreter's lock from the script's thread, which then waits for it back. Wait
    for the script's thread to end instead (it ends with each run), then let AppTest's own
    check see the run over (or time it out as before)."""
    poll = local_script_runner.require_widgets_deltas
    if getattr(poll, "joins_first", False):
        return

    def join_then_check(runner, timeout: float = 3) -> None:
        started = time.monotonic()
        thread = getattr(runner, "_script_thread", None)  # Streamlit's own: absent, poll
        if thread is not None:
            thread.join(timeout)
        poll(runner, max(0.0, timeout - (time.monotonic() - started)))

    join_then_check.joins_first = True
    local_script_runner.require_widgets_deltas = join_then_check


def scan_installed_components_once() -> None:
    """Every new AppTest looks through the metadata of every installed package for
    components (about a second here: two thirds of a short page test). Solace's components are
    made in its code, not installed, and no package is installed while tests run, so one look
    per process finds all there is."""
    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)


def open_page(page: str, database_url: str) -> AppTest:
    """The app on ``page`` with its own database, run once; raises if the page fails."""
    os.environ["PLANNER_DATABASE_URL"] = database_url
    run_pages_through_navigation()
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    app.run()
    app.switch_page(pages.named(page).script).run()
    if app.exception:
        raise RuntimeError(f"the {page} page failed: {app.exception[0].value}")
    return app


def clear_caches() -> None:
    st.cache_data.clear()


PICTURE = "solace.chart_picture"  # planner.ui.kit.pictures


def _charts_and_pictures(app: AppTest) -> list[tuple]:
    """Each chart in page order, with the picture it shows: a live one (``vega_lite_chart``)
    with None; a picture's component with what the HTML element before it shows."""
    found = []

    def walk(node) -> None:
        shown = None
        for child in getattr(node, "children", {}).values():
            if child.type == "html" and 'class="solace-picture"' in child.value:
                shown = {**read_picture(child.value), "bytes": child.proto.ByteSize()}
            elif child.type == "vega_lite_chart":
                found.append((child, None))
            elif child.type == "bidi_component" and child.proto.component_name == PICTURE:
                found.append((child, shown))
                shown = None
            walk(child)

    walk(app.main)
    return found


def read_picture(markup: str) -> dict:
    """A picture's HTML (planner.ui.kit.pictures) read back: its ``svg`` (as its script writes
    it), ``label`` and ``width``."""
    label = re.search(r'aria-label="([^"]*)"', markup).group(1)
    width = re.search(r'data-width="(\d+)"', markup).group(1)
    written = markup.index("box.innerHTML = ") + len("box.innerHTML = ")
    svg, _end = json.JSONDecoder().raw_decode(markup, written)
    return {"svg": svg, "label": html.unescape(label), "width": int(width)}


def charts(app: AppTest) -> list:
    """The page's charts in page order: live ones (``vega_lite_chart``) and pictures (their
    component, which ``ask_for_live_chart`` takes)."""
    return [chart for chart, _shown in _charts_and_pictures(app)]


def pictures(app: AppTest) -> list[dict]:
    """What each chart picture on the page shows: its ``svg``, ``label``, ``width``."""
    return [shown for _chart, shown in _charts_and_pictures(app) if shown is not None]


def picture_marks(svg: str) -> int:
    """The marks a picture draws (a point, a bar, a line each), legends and axes aside."""
    tree = ElementTree.fromstring(svg)
    return sum(len(group) for group in tree.iter("{http://www.w3.org/2000/svg}g")
               if " role-mark " in f" {group.get('class', '')} ")


def ask_for_live_chart(app: AppTest, picture) -> AppTest:
    """What the picture component does on the first pointer over it, tap or focus: its state
    says ``live``, and the page runs again."""
    states = app._tree.get_widget_states()
    state = states.widgets.add()
    state.id = picture.proto.id
    state.json_value = json.dumps({"live": True})
    return app._run(states)


TECHNIQUE_CARDS = "solace.technique_cards"  # planner.ui.library.cards


def report_state(app: AppTest, name: str, values: dict) -> AppTest:
    """What the browser sends when a ``name`` component's script calls ``setStateValue`` (for
    each of ``values``), and the run that follows."""
    (element,) = [e for e in app.get("bidi_component")
                  if e.proto.component_name.endswith(name)]
    states = app._tree.get_widget_states()
    state = states.widgets.add()
    state.id = element.proto.id
    state.json_value = json.dumps(values)
    return app._run(states)


def press_add_to_routine(app: AppTest, *technique_ids: str) -> AppTest:
    """Presses on Library cards' "Add to routine", as the cards' component reports them (each
    with a token of its own), in one message."""
    presses = [[uuid.uuid4().hex, technique_id] for technique_id in technique_ids]
    return report_state(app, TECHNIQUE_CARDS, {"presses": presses})


def chart_bytes(app: AppTest) -> int:
    """What the page sends for its charts (specs and data, or pictures), as on the wire."""
    return sum(chart.proto.ByteSize() + (shown["bytes"] if shown else 0)
               for chart, shown in _charts_and_pictures(app))


# What a person sees ------------------------------------------------------------------------
# The benchmark's sanity checks and the page tests look for the words and the charts a person
# would see, not for a kind of element: a page drawn another way (figure tiles instead of
# st.metric) still passes, and an empty or broken page still fails.

TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "text", "code", "success",
              "info", "warning", "error")


def html_text(markup: str) -> str:
    """The words of an ``st.html`` element, its tags dropped (scripts and styles with what
    they hold) and its entities read."""
    words = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", markup, flags=re.DOTALL | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", words))


def unescape(markdown: str) -> str:
    """What a person reads: the app escapes markdown in messages (see planner.ui.kit.text)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def page_text(app: AppTest) -> str:
    """All the text a person could read on an AppTest page."""
    return " | ".join([*(unescape(str(getattr(e, "value", ""))) for kind in TEXT_KINDS
                         for e in app.get(kind)), *(html_text(e.value) for e in app.html)])


def figures(app: AppTest) -> dict[str, str]:
    """The figures (planner/ui/kit/figures.py) on an AppTest page: label to value, in order."""
    found = {}
    for element in app.html:
        for label, value in re.findall(r'solace-stat-label">(.*?)</div><div class="solace-stat-'
                                       r'value">(.*?)</div>', element.value):
            found[html.unescape(label)] = html.unescape(value)
    return found


def chart_points(app: AppTest) -> list[int]:
    """Each chart's rows of data to draw (a picture's marks drawn), in page order (a chart
    with none draws nothing)."""
    import pyarrow as pa

    counts = []
    for element, shown in _charts_and_pictures(app):
        if shown is not None:
            counts.append(picture_marks(shown["svg"]))
            continue
        proto = element.proto
        tables = [proto.data.data] if proto.HasField("data") else []
        tables += [dataset.data.data for dataset in proto.datasets]
        counts.append(sum(pa.ipc.open_stream(io.BytesIO(table)).read_all().num_rows
                          for table in tables if table))
    return counts
