"""The Log page's history: check-ins and sessions, newest first, with edit and delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from planner.journal import row
from planner.journal.model import CheckIn, Session
from planner.journal.repo import CheckInRepo, SessionRepo
from planner.kernel import limits
from planner.ui import pages
from planner.ui.kit import guard, localtime, messages
from planner.ui.log import checkin as checkin_form

SCOPE = "log-history"  # messages
PAGE_SIZE = 10  # rows per list at first: a long page is slow to draw; "Show older" adds more
PENDING = "log-pending-delete"  # (kind, id) of the row asking "delete?"
EDITING = "log-editing-session"
CHECKINS_SHOWN, SESSIONS_SHOWN = "log-checkins-shown", "log-sessions-shown"
MORE_CHECKINS, MORE_SESSIONS = "more-checkins", "more-sessions"
TABS = "log-history-tab"


def row_key(action: str, kind: str, ident: object) -> str:
    """Keys of a history row's controls: edit, delete, confirm-delete and cancel-delete."""
    return f"{action}-{kind}-{ident}"


def editor_key(field: str, session: Session) -> str:
    """A session editor's widget, keyed by the version it shows (like the check-in form)."""
    return f"edit-{field}-{session.id}-v{session.version}"


def _edit_day(day: date) -> None:
    checkin_form.show_day(day)
    messages.clear_problem(checkin_form.SCOPE)


def _ask_delete(kind: str | None, ident: object = None) -> None:
    st.session_state[PENDING] = (kind, ident) if kind else None


@guard.action(SCOPE, field="history")
def _delete(delete: Callable[[object], bool], ident: object) -> None:
    deleted = delete(ident)
    st.session_state[PENDING] = None
    messages.notice(SCOPE, "Deleted." if deleted else
                    "It was already deleted in another window.",
                    "success" if deleted else "info")


def _confirm_row(delete: Callable[[object], bool], kind: str, ident: object,
                 what: str) -> bool:
    """Draw the confirmation if this row is the one being deleted; return whether it was."""
    if st.session_state.get(PENDING) != (kind, ident):
        return False
    st.warning(f"Delete {what}? This can't be undone.")
    with st.container(horizontal=True):
        st.button("Delete", type="primary", key=row_key("confirm-delete", kind, ident),
                  on_click=_delete, args=(delete, ident))
        st.button("Cancel", key=row_key("cancel-delete", kind, ident), on_click=_ask_delete,
                  args=(None,))
    return True


def _edit_and_delete(kind: str, ident: object, on_edit: Callable, edit_args: tuple,
                     what: str) -> None:
    """Icons on screen; each button's words name its row for screen readers ("Edit the
    check-in for 01 Dec"), hidden on screen (planner/ui/assets/solace.css)."""
    with st.container(horizontal=True, gap="small", key=f"log-tools-{kind}-{ident}"):
        st.button(f"Edit {what}", icon=":material/edit:", key=row_key("edit", kind, ident),
                  on_click=on_edit, args=edit_args, type="tertiary", help="Edit")
        st.button(f"Delete {what}", icon=":material/delete:",
                  key=row_key("delete", kind, ident), on_click=_ask_delete,
                  args=(kind, ident), type="tertiary", help="Delete")


def checkin_row(checkins: CheckInRepo, checkin: CheckIn) -> None:
    with st.container(border=True, key=f"checkin-{checkin.day}"):
        st.html(row.checkin_html(checkin))
        if checkin.notes:
            st.text(checkin.notes)  # as typed: never markup
        what = f"the check-in for {checkin.day:%a %d %b %Y}"
        if not _confirm_row(checkins.delete, "checkin", checkin.day, what):
            _edit_and_delete("checkin", checkin.day, _edit_day, (checkin.day,), what)


def session_row(sessions: SessionRepo, session: Session) -> None:
    with st.container(border=True, key=f"session-{session.id}"):
        st.html(row.session_html(session, localtime.shown_span(session.started_at,
                                                                   session.ended_at)))
        if session.notes:
            st.text(session.notes)  # as typed: never markup
        if _confirm_row(sessions.delete, "session", session.id, "this session"):
            return
        if st.session_state.get(EDITING) == session.id:
            _session_editor(sessions, session)
        else:
            _edit_and_delete("session", session.id, _edit_session, (session.id,),
                             f"the session of {localtime.shown(session.started_at)}")


def _edit_session(session_id: int | None) -> None:
    st.session_state[EDITING] = session_id


@guard.action(SCOPE, field="history", field_for=lambda _field: "history")
def _save_session_edit(sessions: SessionRepo, session: Session) -> None:
    state = st.session_state
    sessions.correct(session.id, session.version, state.get(editor_key("before", session)),
                     state.get(editor_key("after", session)),
                     state.get(editor_key("notes", session), ""))
    state[EDITING] = None
    messages.notice(SCOPE, "Session updated.")


def _session_editor(sessions: SessionRepo, session: Session) -> None:
    with st.form(f"edit-session-form-{session.id}", border=False):
        st.pills("Stress before", limits.RATING.choices(), default=session.stress_before,
                 key=editor_key("before", session))
        st.pills("Stress after", limits.RATING.choices(), default=session.stress_after,
                 key=editor_key("after", session))
        st.text_area("Notes", value=session.notes, key=editor_key("notes", session),
                     max_chars=limits.NOTES_MAX_LENGTH)
        with st.container(horizontal=True):
            st.form_submit_button("Save", type="primary", on_click=_save_session_edit,
                                  args=(sessions, session))
            st.form_submit_button("Cancel", on_click=_edit_session, args=(None,))


def _show_more(key: str) -> None:
    st.session_state[key] = st.session_state.get(key, PAGE_SIZE) + PAGE_SIZE


def _newest(shown_key: str, read: Callable[..., list]) -> tuple[list, bool]:
    """The rows shown so far (a page more with each "Show older"), and whether there are
    older ones."""
    shown = st.session_state.get(shown_key, PAGE_SIZE)
    found = read(limit=shown + 1)
    return found[:shown], len(found) > shown


def _checkin_history(checkins: CheckInRepo) -> None:
    found, older = _newest(CHECKINS_SHOWN, checkins.list)
    if not found:
        st.caption("Your check-ins will appear here.")
    for checkin in found:
        checkin_row(checkins, checkin)
    if older:
        st.button("Show older check-ins", key=MORE_CHECKINS, on_click=_show_more,
                  args=(CHECKINS_SHOWN,))


def _session_history(sessions: SessionRepo) -> None:
    found, older = _newest(SESSIONS_SHOWN, sessions.list)
    if not found:
        st.info("No sessions yet. Follow a routine on the **Run** page, or log one above.",
                icon=":material/self_improvement:")
        pages.RUN.link("Run a routine")
        return
    for session in found:
        session_row(sessions, session)
    if older:
        st.button("Show older sessions", key=MORE_SESSIONS, on_click=_show_more,
                  args=(SESSIONS_SHOWN,))


def history(checkins: CheckInRepo, sessions: SessionRepo) -> None:
    st.subheader("History", anchor=False)
    messages.show_notice(SCOPE)
    messages.show_problem(SCOPE, "history")
    # Only the open tab is drawn (a rerun when the other is picked): a shorter page to send.
    checkins_tab, sessions_tab = st.tabs(["Check-ins", "Sessions"], key=TABS, on_change="rerun")
    if checkins_tab.open:
        with checkins_tab:
            _checkin_history(checkins)
    if sessions_tab.open:
        with sessions_tab:
            _session_history(sessions)
