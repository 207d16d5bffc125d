"""Charts shown first as a picture drawn on the server, and live (Vega, with its tooltips and
a screen-reader label per mark) once a person reaches for one.

A live chart costs the browser Vega's code to load and run before anything shows: a page with
one chart is ~1.4x a bare page on a fresh visit (planner/tools/visits.py). The picture is an
SVG drawn from the same Vega-Lite dict (planner.kernel.pictures), cached per owner, data (the
spec's digest) and width, and shown inline by a small component at the live chart's size. The
first pointer over it, tap or keyboard focus asks the server for the live chart, which then
takes the picture's place and stays live for the rest of the session. Each chart is a fragment,
so that swap reruns only the chart, not the page; and once the picture is shown, the component
loads Vega's code while the browser is idle, so a tap finds it loaded. (Shown by markdown
instead, the picture came no sooner, its events came only with the component, and a tap
before that was lost; ``st.html`` strips SVG.)

Width: the live chart stretches to its column, so the picture is drawn at the column's width.
The component measures the column and reports it (once per session, and again when it
changes), and keeps it in a cookie, so a later visit from the same browser draws the right
width at once. Until then the picture is drawn at ``DEFAULT_WIDTH``, or ``PHONE_WIDTH`` when
the browser says it is a phone's, and scaled down to fit a narrower column; its box follows the
picture's shape meanwhile (no empty band under a scaled-down picture). Drawn at the column's
width it has the live chart's height, so nothing below moves when the live chart comes.
"""

from __future__ import annotations

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

_CSS = """
.solace-picture { cursor: pointer; border-radius: 0.5rem; overflow: hidden; }
.solace-picture:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
.solace-picture svg { display: block; max-width: 100%; height: auto; }
"""

# The SVG is drawn by vl-convert from our own spec, which escapes every text it draws; the
# label is set as an attribute, never as markup. The box follows the picture's shape: drawn
# at the column's width, it has the live chart's size. The live chart is asked for once; after
# a keyboard focus, the live chart is focused when it comes (the picture is gone by then).
# Vega's code is loaded once per page when the browser is idle: the same module Streamlit loads
# for a live chart, from the same address, so the live chart finds it loaded.
_JS = f"""
export default function (component) {{
  const {{ data, parentElement, setStateValue }} = component;
  let box = parentElement.querySelector(".solace-picture");
  if (!box) {{
    box = document.createElement("div");
    box.className = "solace-picture";
    box.setAttribute("role", "img");
    box.tabIndex = 0;
    parentElement.appendChild(box);
  }}
  const drawn = data.digest + "@" + data.width;
  if (box.dataset.drawn !== drawn) {{  // a rerun with the same picture: nothing to redraw
    box.innerHTML = data.svg;
    box.dataset.drawn = drawn;
  }}
  box.setAttribute("aria-label", data.label);
  // Streamlit runs this function again for new data (a redraw at the column's width) without
  // calling the last run's cleanup: so each run ends the one before it. (Left running, the
  // first run's observer asked for the width it had asked for already, one more run of the
  // chart on every first visit, and its listeners piled up with every rerun.)
  if (box.__solaceStop) box.__solaceStop();
  const holder = parentElement.closest(".st-key-" + data.holder);
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
  const live = (event) => {{
    if (asked || replaced()) return;
    asked = true;
    if (event.type === "focus" && holder) focusWhenLive(holder);
    setStateValue("live", true);
  }};
  const events = ["pointerenter", "pointerdown", "focus"];
  events.forEach((name) => box.addEventListener(name, live));
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
    events.forEach((name) => box.removeEventListener(name, live));
    document.removeEventListener("click", onPress, true);
    watcher.disconnect();
    clearTimeout(timer);
  }};
  box.__solaceStop = stop;
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

_COMPONENT = st.components.v2.component(
    "solace.chart_picture", css=_CSS, js=_JS, isolate_styles=False)


@st.cache_data(max_entries=64, show_spinner=False)
def _picture(owner: Hashable, digest: str, width: int, _spec: dict) -> pictures.Picture:
    """Drawn once per owner, data and width: the owner is in the key so that one person's
    picture is never handed to another, even for equal data."""
    return pictures.draw(_spec, width)


def _phone() -> bool:
    """Whether the browser says it is a phone's (its client hint, or "Mobi" in its name)."""
    headers = st.context.headers
    return headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobi" in headers.get("User-Agent", "")


def _width() -> tuple[int, bool]:
    """The main column's width as the browser last reported it, else a guess from the
    request (a phone's column, or a desktop's); and whether it is a guess."""
    reported = st.session_state.get(_WIDTH_KEY)
    if not reported:
        try:
            reported = int(st.context.cookies.get(WIDTH_COOKIE) or 0)
        except (TypeError, ValueError):  # a cookie someone edited: a guess then
            reported = 0
    if reported:
        return max(200, min(4000, reported)), False
    return (PHONE_WIDTH if _phone() else DEFAULT_WIDTH), True


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
        width, guessed = _width()
        picture = _picture(owner, digest, width, spec)
        key = "picture-" + name
        _COMPONENT(key=key, data={"svg": picture.svg, "holder": holder, "label": picture.label,
                                  "width": picture.width, "digest": digest,
                                  "vega": _VEGA_CODE},
                   # The live chart's height, kept for it; a picture drawn at a guessed
                   # width may be scaled down to a narrower column: its own height then.
                   height="content" if guessed else picture.height,
                   on_live_change=lambda: _go_live(name),
                   on_width_change=lambda: _resized(key))


def chart(spec: dict, name: str, owner: Hashable) -> None:
    """``spec`` (a Vega-Lite dict) as a picture, or live once asked for. ``name``: the chart's
    name on its page (one live flag per chart); ``owner``: whose data it shows."""
    _chart(spec, name, owner)
