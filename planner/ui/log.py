"""The Log page: the daily check-in, sessions logged by hand, and the history of both."""

from __future__ import annotations

from datetime import date, time

import streamlit as st

from planner.catalog import Catalog
from planner.checkins import CheckIn, make_checkin
from planner.kernel import clock, limits
from planner.routine import format_total
from planner.sessions import Session, manual_session
from planner.store import Store
from planner.ui import guard, localtime, messages
from planner.ui.text import plain

SCOPE = "log"
PAGE_SIZE = 20
DAY_KEY = "checkin-day"
PENDING = "log-pending-delete"
EDITING = "log-editing-session"
MANUAL_MINUTES_DEFAULT = 10
MANUAL_KEYS = ("manual-day", "manual-time", "manual-name", "manual-minutes", "manual-before",
               "manual-after", "manual-notes")
RATINGS = list(range(limits.RATING.low, limits.RATING.high + 1))


def show_notice() -> None:
    messages.show_notice(SCOPE)


def _problem_here(*fields: str) -> None:
    messages.show_problem(SCOPE, *fields)


# The daily check-in ------------------------------------------------------------------------------


def _form_key(day: date, version: int | None) -> str:
    """Widgets are keyed by the stored version, so the form shows what is stored now (a save
    in another window makes new widgets with the new values) and never stale defaults."""
    return f"{day}-v{version or 0}"


@guard.action(SCOPE)
def _save_checkin(store: Store, day: date, version: int | None) -> None:
    state = st.session_state
    key = _form_key(day, version)
    socks = state[f"ci-socks-{key}"]
    checkin = make_checkin(
        day=day, today=localtime.today(), stress=state[f"ci-stress-{key}"],
        swelling=state[f"ci-swelling-{key}"], pain=state[f"ci-pain-{key}"],
        sleep=state[f"ci-sleep-{key}"], socks=socks,
        sock_hours=state[f"ci-hours-{key}"] if socks else None,
        pulse=state[f"ci-pulse-{key}"], systolic=state[f"ci-systolic-{key}"],
        diastolic=state[f"ci-diastolic-{key}"], notes=state[f"ci-notes-{key}"],
        version=version,
    )
    created = store.save_checkin(checkin)
    verb = "Saved" if created else "Updated"
    messages.notice(SCOPE, f"{verb} your check-in for {day:%A %d %B}.")


def checkin_form(store: Store) -> None:
    st.subheader("Daily check-in", anchor=False)
    today = localtime.today()
    st.session_state.setdefault(DAY_KEY, today)  # set here, so "Edit" can move it
    if st.session_state[DAY_KEY] > today:  # the person's zone changed since it was set
        st.session_state[DAY_KEY] = today
    day = st.date_input("Day", min_value=limits.EARLIEST_DAY, max_value=today, key=DAY_KEY,
                        format="DD/MM/YYYY", help="Today by default; pick an earlier day to "
                        "fill it in or change it.")
    if not isinstance(day, date):
        st.info("Pick a day to check in for.")
        return
    _problem_here("day")
    existing = store.get_checkin(day)
    if existing:
        st.caption("You already checked in for this day: saving updates it.")
    defaults = existing or CheckIn(day=day, stress=5, swelling=0, pain=0, sleep=5)
    version = existing.version if existing else None
    key = _form_key(day, version)
    with st.form(f"checkin-{key}", border=True):
        st.slider("How stressed did you feel?", limits.RATING.low, limits.RATING.high,
                  defaults.stress, key=f"ci-stress-{key}",
                  help="0 is completely calm, 10 is as stressed as you can imagine.")
        _problem_here("stress")
        st.toggle("Wore compression socks", value=defaults.socks, key=f"ci-socks-{key}")
        st.number_input("Hours in socks (optional)", min_value=0.0,
                        max_value=float(limits.SOCK_HOURS_MAX), value=defaults.sock_hours,
                        step=0.5, key=f"ci-hours-{key}", placeholder="e.g. 8", width=220,
                        format="%.1f")
        _problem_here("sock_hours")
        st.slider("Leg heaviness or swelling", limits.RATING.low, limits.RATING.high,
                  defaults.swelling, key=f"ci-swelling-{key}",
                  help="0 is none, 10 is the worst you've had.")
        st.slider("Foot pain", limits.RATING.low, limits.RATING.high, defaults.pain,
                  key=f"ci-pain-{key}", help="0 is none, 10 is the worst you've had.")
        st.slider("How well did you sleep?", limits.RATING.low, limits.RATING.high,
                  defaults.sleep if defaults.sleep is not None else 5, key=f"ci-sleep-{key}",
                  help="0 is very badly, 10 is very well.")
        with st.expander("Pulse and blood pressure (optional)"):
            a, b, c = st.columns(3)
            a.number_input("Resting pulse (beats a minute)", min_value=limits.PULSE.low,
                           max_value=limits.PULSE.high, value=defaults.pulse,
                           key=f"ci-pulse-{key}", placeholder="e.g. 68")
            b.number_input("Blood pressure: upper", min_value=limits.SYSTOLIC.low,
                           max_value=limits.SYSTOLIC.high, value=defaults.systolic,
                           key=f"ci-systolic-{key}", placeholder="e.g. 120")
            c.number_input("Blood pressure: lower", min_value=limits.DIASTOLIC.low,
                           max_value=limits.DIASTOLIC.high, value=defaults.diastolic,
                           key=f"ci-diastolic-{key}", placeholder="e.g. 80")
            st.caption("Relaxing may help a little, but it never replaces treatment. Keep "
                       "taking what your doctor prescribed.")
        _problem_here("pulse", "systolic", "diastolic")
        st.text_area("Notes (optional)", value=defaults.notes, key=f"ci-notes-{key}",
                     max_chars=limits.NOTES_MAX_LENGTH)
        _problem_here("notes", "swelling", "pain", "sleep", "save")
        st.form_submit_button("Update check-in" if existing else "Save check-in",
                              type="primary", on_click=_save_checkin,
                              args=(store, day, version))


# A session logged by hand --------------------------------------------------------------------


@guard.action(SCOPE, field="manual")
def _save_manual_session(store: Store) -> None:
    state = st.session_state
    session = manual_session(
        name=state["manual-name"], day=state["manual-day"], end=state["manual-time"],
        minutes=state["manual-minutes"], now=clock.now(), zone=localtime.zone(),
        stress_before=state.get("manual-before"), stress_after=state.get("manual-after"),
        notes=state.get("manual-notes"),
    )
    store.log_session(session)
    for key in MANUAL_KEYS:  # a fresh form, its start again "just now"
        state.pop(key, None)
    messages.notice(SCOPE, f"Logged “{session.routine_name}”, "
                           f"{format_total(session.actual_seconds)}.")


def _manual_defaults() -> None:
    """Start the form at a session that finished this minute: valid for any length (it began
    that many minutes ago, yesterday if that crosses midnight)."""
    if "manual-day" in st.session_state:
        return
    now = localtime.now()
    st.session_state["manual-day"] = now.date()
    st.session_state["manual-time"] = time(now.hour, now.minute)
    st.session_state["manual-minutes"] = MANUAL_MINUTES_DEFAULT


def manual_session_form(store: Store) -> None:
    _manual_defaults()
    with (st.expander("Log a session done without the timer", icon=":material/edit_note:"),
          st.form("manual-session", border=False)):
        left, right = st.columns(2)
        left.date_input("Date", min_value=limits.EARLIEST_DAY, max_value=localtime.today(),
                        key="manual-day", format="DD/MM/YYYY")
        right.time_input("Finished at", key="manual-time")
        _problem_here("when")
        left, right = st.columns([3, 1])
        left.text_input("What did you do?", key="manual-name",
                        placeholder="e.g. Foot massage before bed",
                        max_chars=limits.NAME_MAX_LENGTH)
        right.number_input("Minutes", min_value=limits.MANUAL_MINUTES.low,
                           max_value=limits.MANUAL_MINUTES.high, key="manual-minutes")
        _problem_here("name", "minutes")
        st.pills("Stress before (optional)", RATINGS, key="manual-before")
        st.pills("Stress after (optional)", RATINGS, key="manual-after")
        st.text_area("Notes (optional)", key="manual-notes", max_chars=limits.NOTES_MAX_LENGTH)
        _problem_here("stress_before", "stress_after", "notes", "manual")
        st.form_submit_button("Log session", type="primary", key="manual-save",
                              on_click=_save_manual_session, args=(store,))


# History --------------------------------------------------------------------------------------


def _edit_day(day: date) -> None:
    st.session_state[DAY_KEY] = day
    messages.clear_problem(SCOPE)


def _ask_delete(kind: str | None, ident: object = None) -> None:
    st.session_state[PENDING] = (kind, ident) if kind else None


@guard.action(SCOPE, field="history")
def _delete(store: Store, kind: str, ident: object) -> None:
    deleted = store.delete_checkin(ident) if kind == "checkin" else store.delete_session(ident)
    st.session_state[PENDING] = None
    messages.notice(SCOPE, "Deleted." if deleted else
                    "It was already deleted in another window.", "success" if deleted
                    else "info")


def _confirm_row(store: Store, kind: str, ident: object, what: str) -> bool:
    """Draw the confirmation if this row is the one being deleted; return whether it was."""
    if st.session_state.get(PENDING) != (kind, ident):
        return False
    st.warning(f"Delete {what}? This can't be undone.")
    with st.container(horizontal=True):
        st.button("Delete", type="primary", key=f"confirm-delete-{kind}-{ident}",
                  on_click=_delete, args=(store, kind, ident))
        st.button("Cancel", key=f"cancel-delete-{kind}-{ident}", on_click=_ask_delete,
                  args=(None,))
    return True


def _rating(value: int | None) -> str:
    return "–" if value is None else str(value)


def checkin_row(store: Store, checkin: CheckIn) -> None:
    with st.container(border=True, key=f"checkin-{checkin.day}"):
        socks = "no socks"
        if checkin.socks:
            socks = "socks" + (f" {checkin.sock_hours:g} h" if checkin.sock_hours else "")
        extras = []
        if checkin.pulse is not None:
            extras.append(f"pulse {checkin.pulse}")
        if checkin.systolic is not None:
            extras.append(f"BP {checkin.systolic}/{checkin.diastolic}")
        st.markdown(f"**{checkin.day:%a %d %b %Y}** · stress {checkin.stress} · "
                    f"swelling {checkin.swelling} · pain {checkin.pain} · sleep "
                    f"{_rating(checkin.sleep)} · {socks}"
                    + "".join(f" · {e}" for e in extras))
        if checkin.notes:
            st.text(checkin.notes)
        if _confirm_row(store, "checkin", checkin.day, f"the check-in for {checkin.day:%d %b}"):
            return
        with st.container(horizontal=True, gap="small"):
            st.button("Edit", icon=":material/edit:", key=f"edit-checkin-{checkin.day}",
                      on_click=_edit_day, args=(checkin.day,), type="tertiary")
            st.button("Delete", icon=":material/delete:", key=f"delete-checkin-{checkin.day}",
                      on_click=_ask_delete, args=("checkin", checkin.day), type="tertiary")


def stress_text(session: Session) -> str:
    if session.stress_before is None and session.stress_after is None:
        return "no stress rating"
    return f"stress {_rating(session.stress_before)} → {_rating(session.stress_after)}"


def session_row(store: Store, session: Session) -> None:
    with st.container(border=True, key=f"session-{session.id}"):
        status = "" if session.completed else " · stopped early"
        source = " · logged by hand" if session.source == "manual" else ""
        st.markdown(f"**{plain(session.routine_name)}** · {format_total(session.actual_seconds)}"
                    f" · {stress_text(session)}{status}{source}")
        st.caption(localtime.shown(session.started_at))
        if session.notes:
            st.text(session.notes)  # as typed: never markup
        if _confirm_row(store, "session", session.id, "this session"):
            return
        if st.session_state.get(EDITING) == session.id:
            _session_editor(store, session)
            return
        with st.container(horizontal=True, gap="small"):
            st.button("Edit", icon=":material/edit:", key=f"edit-session-{session.id}",
                      on_click=_edit_session, args=(session.id,), type="tertiary")
            st.button("Delete", icon=":material/delete:", key=f"delete-session-{session.id}",
                      on_click=_ask_delete, args=("session", session.id), type="tertiary")


def _edit_session(session_id: int | None) -> None:
    st.session_state[EDITING] = session_id


@guard.action(SCOPE, field="history", field_for=lambda _field: "history")
def _save_session_edit(store: Store, session: Session) -> None:
    state = st.session_state
    key = f"{session.id}-v{session.version}"
    store.update_session_notes(session.id, session.version, state.get(f"edit-before-{key}"),
                               state.get(f"edit-after-{key}"),
                               state.get(f"edit-notes-{key}", ""))
    state[EDITING] = None
    messages.notice(SCOPE, "Session updated.")


def _session_editor(store: Store, session: Session) -> None:
    key = f"{session.id}-v{session.version}"
    with st.form(f"edit-session-form-{session.id}", border=False):
        st.pills("Stress before", RATINGS, default=session.stress_before,
                 key=f"edit-before-{key}")
        st.pills("Stress after", RATINGS, default=session.stress_after,
                 key=f"edit-after-{key}")
        st.text_area("Notes", value=session.notes, key=f"edit-notes-{key}",
                     max_chars=limits.NOTES_MAX_LENGTH)
        with st.container(horizontal=True):
            st.form_submit_button("Save", type="primary", on_click=_save_session_edit,
                                  args=(store, session))
            st.form_submit_button("Cancel", on_click=_edit_session, args=(None,))


def _show_more(key: str) -> None:
    st.session_state[key] = st.session_state.get(key, PAGE_SIZE) + PAGE_SIZE


def history(store: Store) -> None:
    st.subheader("History", anchor=False)
    _problem_here("history")
    checkins_tab, sessions_tab = st.tabs(["Check-ins", "Sessions"])
    with checkins_tab:
        shown = st.session_state.get("log-checkins-shown", PAGE_SIZE)
        checkins = store.list_checkins(limit=shown + 1)
        if not checkins:
            st.caption("Your check-ins will appear here.")
        for checkin in checkins[:shown]:
            checkin_row(store, checkin)
        if len(checkins) > shown:
            st.button("Show older check-ins", key="more-checkins", on_click=_show_more,
                      args=("log-checkins-shown",))
    with sessions_tab:
        session_history(store)


def session_history(store: Store) -> None:
    shown = st.session_state.get("log-sessions-shown", PAGE_SIZE)
    sessions = store.list_sessions(limit=shown + 1)
    if not sessions:
        st.info("No sessions yet. Follow a routine on the **Run** page, or log one above.",
                icon=":material/self_improvement:")
        st.page_link("pages/run.py", label="Run a routine", icon=":material/timer:")
        return
    for session in sessions[:shown]:
        session_row(store, session)
    if len(sessions) > shown:
        st.button("Show older sessions", key="more-sessions", on_click=_show_more,
                  args=("log-sessions-shown",))


# Sample data ----------------------------------------------------------------------------------


@guard.action(SCOPE, field="sample")
def _load_sample(store: Store, catalog: Catalog) -> None:
    from planner.sample import load_sample

    sessions, checkins = load_sample(store, catalog, years=1, zone=localtime.zone())
    messages.notice(SCOPE, f"Loaded a year of sample data ({sessions} sessions, "
                           f"{checkins} check-ins).")


@guard.action(SCOPE, field="sample")
def _remove_sample(store: Store) -> None:
    store.remove_sample()
    messages.notice(SCOPE, "Sample data removed. Everything you logged yourself is kept.")


def sample_controls(store: Store, catalog: Catalog, empty: bool) -> None:
    """Offer sample data to a new person; mark it clearly while it is loaded."""
    _problem_here("sample")
    if store.has_sample():
        with st.container(border=True):
            st.markdown(":orange-badge[Sample data] Some of what you see is made-up sample "
                        "data, so you can try the charts. Remove it whenever you like; what "
                        "you logged yourself stays.")
            st.button("Remove sample data", key="remove-sample", on_click=_remove_sample,
                      args=(store,), icon=":material/delete_sweep:")
    elif empty:
        with st.container(border=True):
            st.markdown("**New here?** Load a year of clearly marked sample data to see what "
                        "the log and charts look like. You can remove it in one click.")
            st.button("Load sample data", key="load-sample", on_click=_load_sample,
                      args=(store, catalog), icon=":material/science:")
