"""The Log page: the history of sessions (daily check-ins join it later)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.routine import format_total
from planner.sessions import Session
from planner.store import Store, StoreError


def _stress(session: Session) -> str:
    before = "–" if session.stress_before is None else str(session.stress_before)
    after = "–" if session.stress_after is None else str(session.stress_after)
    return f"{before} → {after}"


def sessions_frame(sessions: list[Session]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "When": [s.started_at.astimezone() for s in sessions],
            "Routine": [s.routine_name for s in sessions],
            "Time": [format_total(s.actual_seconds) for s in sessions],
            "Stress before → after": [_stress(s) for s in sessions],
            "Finished": [s.completed for s in sessions],
            "Notes": [s.notes for s in sessions],
        }
    )


def session_history(store: Store) -> None:
    st.subheader("Sessions", anchor=False)
    try:
        sessions = store.list_sessions()
    except StoreError as error:
        st.error(str(error))
        return
    if not sessions:
        st.info("No sessions yet. Follow a routine on the **Run** page and it appears here.",
                icon=":material/self_improvement:")
        st.page_link("pages/run.py", label="Run a routine", icon=":material/timer:")
        return
    st.dataframe(
        sessions_frame(sessions), hide_index=True, width="stretch",
        column_config={"When": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")},
    )
