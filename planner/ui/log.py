"""The Log page: the history of sessions (daily check-ins join it later)."""

from __future__ import annotations

import streamlit as st

from planner.routine import format_total
from planner.sessions import Session
from planner.store import Store, StoreError
from planner.ui.text import plain

PAGE_SIZE = 20
SHOWN = "log-sessions-shown"


def stress_text(session: Session) -> str:
    if session.stress_before is None and session.stress_after is None:
        return "no stress rating"
    before = "–" if session.stress_before is None else session.stress_before
    after = "–" if session.stress_after is None else session.stress_after
    return f"stress {before} → {after}"


def session_row(session: Session) -> None:
    with st.container(border=True, key=f"session-{session.id}"):
        when = session.started_at.astimezone().strftime("%a %d %b %Y, %H:%M")
        status = "" if session.completed else " · stopped early"
        st.markdown(f"**{plain(session.routine_name)}** · {format_total(session.actual_seconds)}"
                    f" · {stress_text(session)}{status}")
        st.caption(when)
        if session.notes:
            st.text(session.notes)  # as typed: never markup


def _show_more() -> None:
    st.session_state[SHOWN] = st.session_state.get(SHOWN, PAGE_SIZE) + PAGE_SIZE


def session_history(store: Store) -> None:
    st.subheader("Sessions", anchor=False)
    shown = st.session_state.get(SHOWN, PAGE_SIZE)
    try:
        sessions = store.list_sessions(limit=shown + 1)
    except StoreError as error:
        st.error(str(error))
        return
    if not sessions:
        st.info("No sessions yet. Follow a routine on the **Run** page and it appears here.",
                icon=":material/self_improvement:")
        st.page_link("pages/run.py", label="Run a routine", icon=":material/timer:")
        return
    for session in sessions[:shown]:
        session_row(session)
    if len(sessions) > shown:
        st.button("Show older sessions", key="log-more", on_click=_show_more)
