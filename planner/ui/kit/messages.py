"""One way to tell a person something: a notice after an action, or a problem by a field.

Callbacks run before the page is drawn, so they leave their message in the session state and
the page shows it where it belongs. Every message is shown as plain text: names and notes a
person typed can never turn into markup, links, images, maths or icons.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from planner.ui.kit.text import plain

Kind = Literal["success", "info", "warning", "error"]
_ICONS = {"success": ":material/check:", "info": ":material/info:",
          "warning": ":material/warning:", "error": ":material/error:"}


def _notice_key(scope: str) -> str:
    return f"{scope}-notice"


def _problem_key(scope: str) -> str:
    return f"{scope}-problem"


def show(text: str, kind: Kind = "info") -> None:
    """Draw one message now, as plain text."""
    getattr(st, kind)(plain(text), icon=_ICONS[kind])


def toast(text: str, kind: Literal["success", "warning"] = "success") -> None:
    """Say ``text`` in a toast: seen wherever the person has scrolled to. Plain text too."""
    st.toast(plain(text), icon=_ICONS[kind])


_SHOWN = "notices-shown"  # the notices drawn on this run: gone once it has run to its end


def notice(scope: str, text: str, kind: Kind = "success") -> None:
    """Say ``text`` at the top of the page on its next whole run (once)."""
    st.session_state[_notice_key(scope)] = (kind, text)


def show_notice(scope: str) -> None:
    found = st.session_state.get(_notice_key(scope))
    if found:
        show(found[1], found[0])
        st.session_state.setdefault(_SHOWN, set()).add(_notice_key(scope))


def end_of_run() -> None:
    """Forget the notices this run showed. Called only after a whole run: a run stopped for
    another (a click, a timer's tick) may never reach the browser, and its notice, popped
    there, was lost ("Imported: ..." never seen after an import that was done)."""
    for key in st.session_state.pop(_SHOWN, set()):
        st.session_state.pop(key, None)


def problem(scope: str, field: str, text: str) -> None:
    """Remember a problem to show beside ``field`` until it is fixed or replaced."""
    st.session_state[_problem_key(scope)] = (field, text)


def clear_problem(scope: str) -> None:
    st.session_state.pop(_problem_key(scope), None)


def problem_for(scope: str, field: str) -> str | None:
    found = st.session_state.get(_problem_key(scope))
    return found[1] if found and found[0] == field else None


def show_problem(scope: str, *fields: str, kind: Kind = "error") -> None:
    """Draw the remembered problem here if it belongs to one of ``fields``."""
    for field in fields:
        if (text := problem_for(scope, field)) is not None:
            show(text, kind)
