"""Values a section keeps in the session state only while it is drawn, as Streamlit keeps a
widget's: one that a whole run of the app didn't draw (the person closed its box or went to
another page) is dropped at the end of that run.

For what is costly to keep and cheap to lose, such as an upload's values read for a preview:
a person who leaves without importing shouldn't leave them in the server's memory for the
rest of the session.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

_DRAWN = "held-drawn"  # the keys held, and whether this run has drawn each


def keep(key: str, value: Any) -> None:
    """Hold ``value`` at ``key`` (drawn on this run)."""
    st.session_state[key] = value
    drawn(key)


def drawn(key: str) -> None:
    """The section holding ``key`` was drawn on this run: keep what it holds."""
    if key in st.session_state:
        st.session_state.setdefault(_DRAWN, {})[key] = True


def forget(key: str) -> None:
    st.session_state.pop(key, None)
    st.session_state.get(_DRAWN, {}).pop(key, None)


def end_of_run() -> None:
    """Drop what this run didn't draw, and start the next run's count. Called only after a
    whole run: a run cut short (a rerun, a switch of page) may not have reached the section."""
    held = st.session_state.get(_DRAWN)
    if not held:
        return
    for key, seen in list(held.items()):
        if seen:
            held[key] = False
        else:
            forget(key)
