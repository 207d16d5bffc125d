"""Charts shown first as a picture drawn on the server, and live (Vega, with its tooltips and
a screen-reader label per mark) once a person reaches for one.

A live chart costs the browser Vega's code to load and run before anything shows: a page with
one chart is ~1.4x a bare page on a fresh visit (planner/tools/visits.py). The picture is an
SVG drawn from the same Vega-Lite dict (planner.kernel.pictures), cached per owner, data (the
spec's digest) and width, and shown inline by a small component at the live chart's size. The
first pointer over it, tap or keyboard focus asks the server for the live chart, which then
takes the picture's place; that chart stays live for the rest of the session.

Width: the live chart stretches to its column, so the picture is drawn at the column's width.
The component measures the column and reports it (once per session, and again when it
changes), and keeps it in a cookie, so a later visit from the same browser draws the right
width at once. Until then the picture is drawn at ``DEFAULT_WIDTH`` and scaled down to fit if
the column is narrower; its height is the live chart's either way, so nothing below moves.
"""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from planner.kernel import pictures

# The main column of the app's wide layout in a 1,400 px wide window with the sidebar open
# (940 px), rounded down to _WIDTH_STEP: a common desktop then needs no second drawing.
DEFAULT_WIDTH = 936
WIDTH_COOKIE = "solace_chart_width"
_WIDTH_KEY = "picture-width"
_LIVE_PREFIX = "picture-live-"
_WIDTH_STEP = 8  # widths drawn, rounded down: a resize by a few px draws nothing new

_CSS = f"""
.solace-picture {{ height: 100%; overflow: hidden; cursor: pointer; border-radius: 0.5rem; }}
.solace-picture:focus-visible {{ outline: 2px solid currentColor; outline-offset: 2px; }}
.solace-picture svg {{ display: block; max-width: 100%; height: auto; }}
.solace-picture [fill="{pictures.TEXT}"] {{ fill: currentColor; }}
.solace-picture [stroke="{pictures.GRID}"] {{ stroke: currentColor; stroke-opacity: 0.15; }}
"""

# The SVG is drawn by vl-convert from our own spec, which escapes every text it draws; the
# label is set as an attribute, never as markup.
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
  let asked = false;
  const live = () => {{
    if (asked) return;
    asked = true;
    setStateValue("live", true);
  }};
  const events = ["pointerenter", "pointerdown", "focus"];
  events.forEach((name) => box.addEventListener(name, live));
  let timer;
  const report = () => {{
    const width = Math.floor(box.clientWidth);
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
  watcher.observe(box);
  return () => {{
    events.forEach((name) => box.removeEventListener(name, live));
    watcher.disconnect();
    clearTimeout(timer);
  }};
}}
"""

_COMPONENT = st.components.v2.component(
    "solace.chart_picture", css=_CSS, js=_JS, isolate_styles=False)


@st.cache_data(max_entries=64, show_spinner=False)
def _picture(owner: Hashable, digest: str, width: int, _spec: dict) -> pictures.Picture:
    """Drawn once per owner, data and width: the owner is in the key so that one person's
    picture is never handed to another, even for equal data."""
    return pictures.draw(_spec, width)


def _width() -> int:
    """The main column's width as the browser last reported it, else the default."""
    reported = st.session_state.get(_WIDTH_KEY)
    if not reported:
        try:
            reported = int(st.context.cookies.get(WIDTH_COOKIE) or 0)
        except (TypeError, ValueError):  # a cookie someone edited: the default then
            reported = 0
    return max(200, min(4000, reported)) if reported else DEFAULT_WIDTH


def _go_live(name: str) -> None:
    st.session_state[_LIVE_PREFIX + name] = True


def _resized(key: str) -> None:
    width = (st.session_state.get(key) or {}).get("width")
    if isinstance(width, int | float) and width > 0:
        st.session_state[_WIDTH_KEY] = int(width)


def chart(spec: dict, name: str, owner: Hashable) -> None:
    """``spec`` (a Vega-Lite dict) as a picture, or live once asked for. ``name``: the chart's
    name on its page (one live flag per chart); ``owner``: whose data it shows."""
    if st.session_state.get(_LIVE_PREFIX + name):
        st.vega_lite_chart(spec, width="stretch")
        return
    digest = pictures.digest(spec)
    picture = _picture(owner, digest, _width(), spec)
    key = "picture-" + name
    _COMPONENT(key=key, data={"svg": picture.svg, "label": picture.label,
                              "width": picture.width, "digest": digest},
               height=picture.height,
               on_live_change=lambda: _go_live(name),
               on_width_change=lambda: _resized(key))
