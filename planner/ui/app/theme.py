"""Light, dark or as the system says: a switch in the sidebar (Streamlit's own is hidden by the
minimal toolbar). The app's own CSS (assets/solace.css, which follows the active theme) comes
in the HTML page of every visit (planner/ui/app/shell.py).

The switch's script (assets/theme.js, in the HTML page of every visit) also marks the page:
the class ``solace-dark`` and the CSS variable ``--solace-page`` on the document, which
solace.css uses, set before the first paint from the stored choice (or the system's setting),
then checked against the background of the page as drawn. (The server can't be trusted to
know the theme on a page's first run.)

Streamlit keeps the chosen theme in the browser's localStorage, under a key made of
``stActiveTheme-``, the page's path and ``-v2``, holding ``"System"``, ``"Light"`` or ``"Dark"``.
The switch writes that key for every page of the app and reloads, so Streamlit itself applies
the choice everywhere.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_ASSETS = Path(__file__).resolve().parents[1] / "assets"
_SWITCH = (_ASSETS / "theme.html").read_text(encoding="utf-8")


def theme_switch() -> None:
    """The switch's buttons, in the sidebar. What they do (and which one shows as pressed) is
    the script the HTML page of every visit carries (assets/theme.js, planner/ui/app/shell.py):
    a script in this element ran as the element was drawn, and held a page's drawing back
    (a returning visit to the Library drawn 1.35-1.39x as late as a bare page with it, 1.23x
    with the same element and no script)."""
    with st.sidebar:
        st.html(_SWITCH)
