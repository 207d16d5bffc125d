"""Logging a session done without the timer, on the Log page."""

from __future__ import annotations

from datetime import time

import streamlit as st

from planner.journal.model import manual_session
from planner.journal.repo import SessionRepo
from planner.kernel import clock, limits
from planner.kernel.formatting import format_total
from planner.ui.kit import guard, localtime, messages
from planner.ui.kit.numbers import number_box

SCOPE = "log-session"  # messages
DEFAULT_MINUTES = 10
DAY, END, NAME, MINUTES = "manual-day", "manual-time", "manual-name", "manual-minutes"
BEFORE, AFTER, NOTES, SAVE = "manual-before", "manual-after", "manual-notes", "manual-save"
OPEN = "manual-open"  # the expander, open or not


@guard.action(SCOPE, field="manual")
def _save(sessions: SessionRepo) -> None:
    state = st.session_state
    session = manual_session(
        name=state[NAME], day=state[DAY], end=state[END], minutes=state[MINUTES],
        now=clock.now(), zone=localtime.zone(), stress_before=state.get(BEFORE),
        stress_after=state.get(AFTER), notes=state.get(NOTES))
    sessions.log(session)
    _defaults(fresh=True)  # a fresh form, again ending "just now"
    messages.notice(SCOPE, f"Logged “{session.routine_name}”, "
                           f"{format_total(session.actual_seconds)}.")


def _defaults(fresh: bool = False) -> None:
    """Start the form at a session that finished this minute: valid for any length (it began
    that many minutes ago, yesterday if that crosses midnight). ``fresh``: empty it again
    after a save (every field set, not removed: a removed key would leave the browser's
    widgets showing, and sending back, what was typed)."""
    state = st.session_state
    if DAY in state and not fresh:
        return
    now = localtime.now()
    state[DAY], state[END] = now.date(), time(now.hour, now.minute)
    state[MINUTES] = DEFAULT_MINUTES
    if fresh:
        state[NAME], state[BEFORE], state[AFTER], state[NOTES] = "", None, None, ""


def manual_session_form(sessions: SessionRepo) -> None:
    messages.show_notice(SCOPE)
    with st.expander("Log a session done without the timer", icon=":material/edit_note:",
                     key=OPEN, on_change="rerun") as box:
        # Drawn only once opened: a fresh visit to the Log then fetches none of its widgets'
        # code (planner/tools/visits.py), and the form opens on a session ending just now.
        if box.open:
            _form(sessions)


def _form(sessions: SessionRepo) -> None:
    _defaults()
    with st.form("manual-session", border=False):
        left, right = st.columns(2)
        left.date_input("Date", min_value=limits.EARLIEST_DAY, max_value=localtime.today(),
                        key=DAY, format="YYYY-MM-DD")
        right.time_input("Finished at", key=END)
        messages.show_problem(SCOPE, "when")
        left, right = st.columns([3, 1])
        left.text_input("What did you do?", key=NAME, placeholder="e.g. Foot massage before bed",
                        max_chars=limits.NAME_MAX_LENGTH)
        number_box("Minutes", where=right, step=1, key=MINUTES,
                   help=f"From {limits.MANUAL_MINUTES.low} to {limits.MANUAL_MINUTES.high}.")
        messages.show_problem(SCOPE, "name", "minutes")
        st.pills("Stress before (optional)", limits.RATING.choices(), key=BEFORE)
        st.pills("Stress after (optional)", limits.RATING.choices(), key=AFTER)
        st.text_area("Notes (optional)", key=NOTES, max_chars=limits.NOTES_MAX_LENGTH)
        messages.show_problem(SCOPE, "stress_before", "stress_after", "notes", "manual")
        st.form_submit_button("Log session", type="primary", key=SAVE, on_click=_save,
                              args=(sessions,))
