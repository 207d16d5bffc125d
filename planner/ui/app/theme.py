"""Light, dark or as the system says: a switch in the sidebar (Streamlit's own is hidden by the
minimal toolbar). The app's own CSS (assets/solace.css, which follows the active theme) comes
in the HTML page of every visit (planner/ui/app/shell.py).

The switch's script also marks the page: it reads the page's background and sets the class
``solace-dark`` and the CSS variable ``--solace-page`` on the document, which solace.css uses.
(The server can't be trusted to know the theme on a page's first run.)

Streamlit keeps the chosen theme in the browser's localStorage, under a key made of
``stActiveTheme-``, the page's path and ``-v2``, holding ``"System"``, ``"Light"`` or ``"Dark"``.
The switch writes that key for every page of the app and reloads, so Streamlit itself applies
the choice everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

_ASSETS = Path(__file__).resolve().parents[1] / "assets"


def theme_switch(page_paths: list[str]) -> None:
    """The switch, for the pages at ``page_paths`` (their URL paths, "" for the first).

    Plain HTML and a script in one element rather than a custom component: a component brings
    the browser about 190 kB more to fetch on every page (its loader and Apache Arrow).
    """
    script = (_ASSETS / "theme.js").read_text(encoding="utf-8").replace(
        "SOLACE_PAGES", json.dumps(page_paths))
    # The script that closes the menu on a phone once a page is chosen rides along (assets/nav.js).
    closing = (_ASSETS / "nav.js").read_text(encoding="utf-8")
    with st.sidebar:
        st.html((_ASSETS / "theme.html").read_text(encoding="utf-8")
                + f"<script>{script}</script><script>{closing}</script>",
                unsafe_allow_javascript=True)

