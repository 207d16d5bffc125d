"""Charts shown first as a picture drawn on the server, and live (Vega, with its tooltips and
a screen-reader label per mark) once a person reaches for one.

A live chart costs the browser Vega's code to load and run before anything shows: a page with
one chart is ~1.4x a bare page on a fresh visit (planner/tools/visits.py). The picture is an
SVG drawn from the same Vega-Lite dict (planner.kernel.pictures), cached per owner, data (the
spec's digest) and width, and written inline by the script of an HTML element, at the live
chart's size. The first pointer over it, tap or keyboard focus asks the server for the live
chart (through a small component beside it), which then takes the picture's place and stays
live for the rest of the session. Each chart is a fragment, so that swap reruns only the chart,
not the page; and once the picture is shown, the component loads Vega's code while the browser
is idle, so a tap finds it loaded. (``st.html`` strips SVG from its HTML, hence the script;
shown by markdown, the picture came no sooner.)

Width: the live chart stretches to its column, so the picture is drawn at the column's width.
The component measures the column and reports it (once per session, and again when it
changes), and keeps it in a cookie, so a later visit from the same browser draws the right
width at once. Until then the picture is drawn at ``DEFAULT_WIDTH``, or ``PHONE_WIDTH`` when
the browser says it is a phone's, and scaled down to fit a narrower column; its box follows the
picture's shape meanwhile (no empty band under a scaled-down picture). Drawn at the column's
width it has the live chart's height, so nothing below moves when the live chart comes.
"""

from __future__ import annotations

import html
import json
from collections.abc import Hashable
from pathlib import Path

import streamlit as st

from planner.kernel import pictures

# The main column of the app's wide layout in a 1,400 px wide window with the sidebar open
# (940 px), rounded down to _WIDTH_STEP: a common desktop then needs no second drawing.
DEFAULT_WIDTH = 936
# The main column on a phone 390 px wide (the page's 1 rem margins aside), rounded down: a
# first visit from a phone gets a picture with readable text at once.
PHONE_WIDTH = 352
WIDTH_COOKIE = "solace_chart_width"
_WIDTH_KEY = "picture-width"
_LIVE_PREFIX = "picture-live-"
_WIDTH_STEP = 8  # widths drawn, rounded down: a resize by a few px draws nothing new


def _vega_code() -> str:
    """The file name of Streamlit's live-chart code (it carries Vega), to load ahead of a tap."""
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob(
        "ArrowVegaLiteChart.*.js"))
    return found[0].name if found else ""


_VEGA_CODE = _vega_code()

# The picture itself: an HTML element (the kind the sidebar's theme switch is, so the page
# loads no more of Streamlit's code for it) whose script writes the SVG into its box the
# moment it is shown. The component below (events and the column's width) comes after: it
# brings the browser Streamlit's component loader and Apache Arrow to load (about 190 kB),
# which held the picture back by 130-200 ms when the picture came inside it. The SVG is drawn
# by vl-convert from our own spec, which escapes every text it draws; it rides in the script
# as a JSON string with every "<" escaped, so no text in it can end the script. The label is
# an attribute, escaped. Until the component has loaded, the box keeps what a person did (a
# pointer, a tap or focus) in ``data-wanted`` and tells the holder; the component asks for
# the live chart then, or at once if it was wanted before.
_PICTURE_SCRIPT = """(() => {
  const box = document.currentScript.previousElementSibling;
  box.innerHTML = SVG;
  const wanted = (event) => {
    if (box.dataset.wanted) return;
    box.dataset.wanted = event.type === "focus" ? "focus" : "pointer";
    box.dispatchEvent(new CustomEvent("solace-live", { bubbles: true }));
  };
  ["pointerenter", "pointerdown", "focus"].forEach((name) => box.addEventListener(name, wanted));
})();"""


def _markup(picture: pictures.Picture) -> str:
    svg = json.dumps(picture.svg).replace("<", "\\u003c")
    return (f'<div class="solace-picture" role="img" tabindex="0" '
            f'aria-label="{html.escape(picture.label, quote=True)}" '
            f'data-width="{picture.width}"></div>'
            f"<script>{_PICTURE_SCRIPT.replace('SVG', svg, 1)}</script>")


# The live chart is asked for once; after a keyboard focus, the live chart is focused when it
# comes (the picture is gone by then). Vega's code is loaded once per page when the browser is
# idle: the same module Streamlit loads for a live chart, from the same address, so the live
# chart finds it loaded.
_JS = f"""
export default function (component) {{
  const {{ data, parentElement, setStateValue }} = component;
  const holder = parentElement.closest(".st-key-" + data.holder);
  if (!holder) return;
  // Streamlit runs this function again for new data (a redraw at the column's width) without
  // calling the last run's cleanup: so each run ends the one before it. (Left running, the
  // first run's observer asked for the width it had asked for already, one more run of the
  // chart on every first visit, and its listeners piled up with every rerun.)
  if (parentElement.__solaceStop) parentElement.__solaceStop();
  // Once a link to another page is pressed (or the address changes), this picture stays
  // until the new page replaces it, and anything it asks of the server (a width, the live
  // chart) would rerun its fragment just after the new page was asked for: the server then
  // took that as the whole request, ran a fragment the new page doesn't have, and left Log
  // blank but for its links (a phone going from Insights to Log, 3 in 24 visits under load).
  const page = window.location.pathname;
  let leaving = false;
  const onPress = (event) => {{
    if (event.target instanceof Element && event.target.closest("a[href]")) leaving = true;
  }};
  document.addEventListener("click", onPress, true);
  const replaced = () => leaving || window.location.pathname !== page
    || !parentElement.isConnected;
  let asked = false;
  const live = () => {{
    const box = holder.querySelector(".solace-picture[data-wanted]");
    if (!box || asked || replaced()) return;
    asked = true;
    if (box.dataset.wanted === "focus") focusWhenLive(holder);
    setStateValue("live", true);
  }};
  holder.addEventListener("solace-live", live);
  live();  // wanted before this code had loaded
  let timer;
  const report = () => {{
    if (replaced()) return;
    if (parentElement.closest("[data-stale='true']")) {{  // this page's own rerun: wait for it
      timer = setTimeout(report, 200);
      return;
    }}
    const width = Math.floor(parentElement.clientWidth);
    const rounded = width - (width % {_WIDTH_STEP});
    if (!rounded) return;
    document.cookie = "{WIDTH_COOKIE}=" + rounded + "; path=/; max-age=31536000; SameSite=Lax";
    if (Math.abs(rounded - data.width) >= {_WIDTH_STEP}) setStateValue("width", rounded);
  }};
  let first = true;  // at once when shown; after a resize, once it has settled
  const watcher = new ResizeObserver(() => {{
    clearTimeout(timer);
    if (first) report(); else timer = setTimeout(report, 200);
    first = false;
  }});
  watcher.observe(parentElement);
  loadVegaWhenIdle(data.vega);
  const stop = () => {{
    holder.removeEventListener("solace-live", live);
    document.removeEventListener("click", onPress, true);
    watcher.disconnect();
    clearTimeout(timer);
  }};
  parentElement.__solaceStop = stop;
  return stop;
}}

function focusWhenLive(holder) {{
  const found = new MutationObserver(() => {{
    const chart = holder.querySelector("[data-testid='stVegaLiteChart']");
    if (!chart || !chart.querySelector("svg, canvas")) return;
    found.disconnect();
    if (!chart.hasAttribute("tabindex")) chart.tabIndex = -1;
    chart.focus();
  }});
  found.observe(holder, {{ subtree: true, childList: true }});
  setTimeout(() => found.disconnect(), 30000);
}}

function loadVegaWhenIdle(name) {{
  if (!name || window.__solaceVegaLoad) return;
  window.__solaceVegaLoad = true;
  const load = () => {{
    const main = document.querySelector("script[type='module'][src*='/static/js/']");
    if (!main) return;
    import(new URL(name, main.src).href)  // the moment it is ready: for the benchmark
      .then(() => {{ window.__solaceVegaReady = performance.now(); }}, () => {{}});
  }};
  if (window.requestIdleCallback) requestIdleCallback(load, {{ timeout: 2000 }});
  else setTimeout(load, 500);
}}
"""

# Not isolated: the component finds its chart's holder, outside its own element.
_COMPONENT = st.components.v2.component("solace.chart_picture", js=_JS, isolate_styles=False)


@st.cache_data(max_entries=64, show_spinner=False)
def _picture(owner: Hashable, digest: str, width: int, _spec: dict) -> pictures.Picture:
    """Drawn once per owner, data and width: the owner is in the key so that one person's
    picture is never handed to another, even for equal data."""
    return pictures.draw(_spec, width)


def _phone() -> bool:
    """Whether the browser says it is a phone's (its client hint, or "Mobi" in its name)."""
    headers = st.context.headers
    return headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobi" in headers.get("User-Agent", "")


def _width() -> int:
    """The main column's width as the browser last reported it, else a guess from the
    request (a phone's column, or a desktop's)."""
    reported = st.session_state.get(_WIDTH_KEY)
    if not reported:
        try:
            reported = int(st.context.cookies.get(WIDTH_COOKIE) or 0)
        except (TypeError, ValueError):  # a cookie someone edited: a guess then
            reported = 0
    if reported:
        return max(200, min(4000, reported))
    return PHONE_WIDTH if _phone() else DEFAULT_WIDTH


def _go_live(name: str) -> None:
    st.session_state[_LIVE_PREFIX + name] = True


def _resized(key: str) -> None:
    width = (st.session_state.get(key) or {}).get("width")
    if isinstance(width, int | float) and width > 0:
        st.session_state[_WIDTH_KEY] = int(width)


@st.fragment
def _chart(spec: dict, name: str, owner: Hashable) -> None:
    holder = "chart-" + name
    with st.container(key=holder, gap=None):
        if st.session_state.get(_LIVE_PREFIX + name):
            st.vega_lite_chart(spec, width="stretch")
            return
        digest = pictures.digest(spec)
        picture = _picture(owner, digest, _width(), spec)
        key = "picture-" + name
        st.html(_markup(picture), unsafe_allow_javascript=True)
        _COMPONENT(key=key, data={"holder": holder, "width": picture.width, "vega": _VEGA_CODE},
                   height="content", on_live_change=lambda: _go_live(name),
                   on_width_change=lambda: _resized(key))


def chart(spec: dict, name: str, owner: Hashable) -> None:
    """``spec`` (a Vega-Lite dict) as a picture, or live once asked for. ``name``: the chart's
    name on its page (one live flag per chart); ``owner``: whose data it shows."""
    _chart(spec, name, owner)
