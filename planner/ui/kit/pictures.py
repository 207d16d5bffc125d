"""Charts shown first as a picture drawn on the server, and live (Vega, with its tooltips and
a screen-reader label per mark) once a person reaches for one.

A live chart costs the browser Vega's code to load and run before anything shows: a page with
one chart is ~1.4x a bare page on a fresh visit (planner/tools/visits.py). The picture is an
SVG drawn from the same Vega-Lite dict (planner.kernel.pictures), cached per owner, data (the
spec's digest) and width, and shown inline in markdown (whose code the page has loaded already
for its heading; ``st.html`` would strip the SVG), so it needs no code of its own to show.

A small component beside it (with no size of its own) listens: the first pointer over the
picture, tap or keyboard focus asks the server for the live chart, which then takes the
picture's place and stays live for the rest of the session. Each chart is a fragment, so that
swap reruns only the chart, not the page; and once the picture is shown, the component loads
Vega's code while the browser is idle, so a tap finds it loaded.

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

# Finds its picture by the holder's key class. The live chart is asked for once; after a
# keyboard focus, the live chart is focused when it comes (the picture is gone by then). Vega's
# code is loaded once per page when the browser is idle: the same module Streamlit loads for a
# live chart, from the same address, so loading it again costs nothing.
_JS = f"""
export default function (component) {{
  const {{ data, parentElement, setStateValue }} = component;
  const holder = parentElement.closest(".st-key-" + data.holder);
  if (!holder) return;
  // Listened for on the holder, which stays while the picture in it is drawn again.
  let asked = false;
  const live = (event) => {{
    if (asked || !event.target.closest || !event.target.closest(".solace-picture")) return;
    asked = true;
    if (event.type === "focusin") focusWhenLive(holder);
    setStateValue("live", true);
  }};
  const events = ["pointerover", "pointerdown", "focusin"];
  events.forEach((name) => holder.addEventListener(name, live));
  let timer;
  const report = () => {{
    const width = Math.floor(holder.clientWidth);
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
  watcher.observe(holder);
  loadVegaWhenIdle(data.vega);
  return () => {{
    events.forEach((name) => holder.removeEventListener(name, live));
    watcher.disconnect();
    clearTimeout(timer);
  }};
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
    if (main) import(new URL(name, main.src).href).catch(() => {{}});
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


def _width() -> int:
    """The main column's width as the browser last reported it, else a guess from the
    request: a phone's column, or a desktop's."""
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


def picture_html(picture: pictures.Picture) -> str:
    """The picture as HTML: one image to a screen reader, with its label, focusable."""
    return (f'<div class="solace-picture" role="img" tabindex="0" '
            f'aria-label="{html.escape(picture.label)}" style="max-width: {picture.width}px">'
            f'<style>{_CSS}</style>{picture.svg}</div>').replace("\n", " ")


@st.fragment
def _chart(spec: dict, name: str, owner: Hashable) -> None:
    holder = "chart-" + name
    with st.container(key=holder, gap=None):
        if st.session_state.get(_LIVE_PREFIX + name):
            st.vega_lite_chart(spec, width="stretch")
            return
        digest = pictures.digest(spec)
        picture = _picture(owner, digest, _width(), spec)
        st.markdown(picture_html(picture), unsafe_allow_html=True)
        key = "picture-" + name
        _COMPONENT(key=key, data={"holder": holder, "label": picture.label,
                                  "width": picture.width, "digest": digest,
                                  "vega": _VEGA_CODE},
                   height="content",
                   on_live_change=lambda: _go_live(name),
                   on_width_change=lambda: _resized(key))


def chart(spec: dict, name: str, owner: Hashable) -> None:
    """``spec`` (a Vega-Lite dict) as a picture, or live once asked for. ``name``: the chart's
    name on its page (one live flag per chart); ``owner``: whose data it shows."""
    _chart(spec, name, owner)
