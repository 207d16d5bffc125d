"""The Run page: pick a routine, follow it, rate it, and pick up where you left off."""

from __future__ import annotations

import streamlit as st

from planner.catalog import Catalog
from planner.kernel import clock, limits
from planner.kernel.errors import Problem, StoreError
from planner.routine import (
    Routine,
    format_clock,
    format_total,
    routine_from_preset,
    supplies,
)
from planner.safety import HealthProfile, warnings_for
from planner.sessions import Run, Session, plan_for
from planner.store import Store
from planner.timer import RunState
from planner.ui.countdown import countdown
from planner.ui.text import plain

ATTACHED = "run-attached"  # the run this browser tab is following
STOPPING = "run-stopping"  # the "stop here?" question is showing
PAUSED_FOR_STOP = "run-paused-for-stop"
LAST_SESSION = "run-last-session"
MESSAGE = "run-message"
STRESS_OPTIONS = list(range(limits.RATING.low, limits.RATING.high + 1))


# Choosing a routine ---------------------------------------------------------------------------


def _choices(store: Store, catalog: Catalog) -> dict[str, Routine]:
    options = {f"saved:{r.id}": r for r in store.list_routines()}
    options.update({f"preset:{p.id}": routine_from_preset(p) for p in catalog.presets})
    return options


def _choice_label(key: str, routine: Routine) -> str:
    return f"Preset · {routine.name}" if key.startswith("preset:") else routine.name


def stress_picker(label: str, key: str) -> int | None:
    return st.pills(label, STRESS_OPTIONS, key=key, help="0 is completely calm, 10 is as "
                    "stressed as you can imagine. You can leave it blank.")


def _start(store: Store, catalog: Catalog, routine: Routine, routine_id: int | None) -> None:
    try:
        run = store.start_run(routine.name, plan_for(routine, catalog), at=clock.timestamp(),
                              routine_id=routine_id,
                              stress_before=st.session_state.get("stress-before"))
    except (Problem, StoreError) as error:
        st.session_state[MESSAGE] = str(error)
        return
    st.session_state[ATTACHED] = run.id
    st.session_state.pop(LAST_SESSION, None)


def before_start(store: Store, catalog: Catalog, profile: HealthProfile) -> None:
    options = _choices(store, catalog)
    key = st.selectbox("Routine", list(options), key="run-choice",
                       format_func=lambda k: _choice_label(k, options[k]))
    routine = options[key]
    plan = plan_for(routine, catalog)
    total = sum(step.seconds for step in plan)

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.metric("Total time", format_total(total))
        lines, elapsed = [], 0
        for step in plan:
            foot = f" ({step.foot} foot)" if step.foot != "both" else ""
            lines.append(f"- `{format_clock(elapsed)}` {step.name}{foot} · "
                         f"{format_clock(step.seconds)}")
            elapsed += step.seconds
        with st.expander(f"The {len(plan)} steps", expanded=False):
            st.markdown("\n".join(lines))
    with right:
        needed = supplies(routine, catalog)
        st.markdown("**Fetch before you start**  \n" + (
            "\n".join(f"- {item}" for item in needed) if needed else "Nothing but your hands."))
    concerns = {
        catalog.technique(s.technique).name: warnings_for(catalog.technique(s.technique), profile)
        for s in routine.steps
    }
    concerns = {name: found for name, found in concerns.items() if found}
    if concerns:
        with st.container(border=True):
            st.markdown(f"**{len(concerns)} step{'s' if len(concerns) > 1 else ''} need care "
                        "with your health profile**")
            for name, found in concerns.items():
                st.markdown(f"- **{name}**: " + " ".join(w.advice for w in found))

    stress_picker("How stressed do you feel right now? (optional)", "stress-before")
    routine_id = routine.id if key.startswith("saved:") else None
    st.button("Start", type="primary", icon=":material/play_arrow:", key="run-start",
              on_click=_start, args=(store, catalog, routine, routine_id))


# While running -----------------------------------------------------------------------------------


def _act(store: Store, run_id: int, kind: str) -> None:
    try:
        store.add_action(run_id, kind, clock.timestamp())
    except (Problem, StoreError) as error:
        st.session_state[MESSAGE] = str(error)


def _ask_stop(store: Store, run: Run, state: RunState) -> None:
    if state.running:
        _act(store, run.id, "pause")
        st.session_state[PAUSED_FOR_STOP] = True
    st.session_state[STOPPING] = True


def _keep_going(store: Store, run_id: int) -> None:
    if st.session_state.pop(PAUSED_FOR_STOP, False):
        _act(store, run_id, "resume")
    st.session_state.pop(STOPPING, None)


def _stop_and_keep(store: Store, run_id: int) -> None:
    _act(store, run_id, "stop")
    st.session_state.pop(STOPPING, None)
    st.session_state.pop(PAUSED_FOR_STOP, None)


def _discard(store: Store, run_id: int) -> None:
    try:
        store.discard_run(run_id)
    except StoreError as error:
        st.session_state[MESSAGE] = str(error)
        return
    for key in (ATTACHED, STOPPING, PAUSED_FOR_STOP):
        st.session_state.pop(key, None)
    st.session_state[MESSAGE] = "The run was discarded; nothing was logged."


def running(store: Store, run: Run, state: RunState, now: float) -> None:
    st.caption(f"Following **{plain(run.routine_name)}**")
    countdown(run, state, store.get_preferences(), now)
    if st.session_state.get(STOPPING):
        with st.container(border=True):
            done = format_total(int(state.active_seconds))
            st.markdown(f"**Stop here?** You have done {done} of "
                        f"{format_total(sum(run.durations))}.")
            with st.container(horizontal=True):
                st.button("Keep going", type="primary", key="run-keep-going",
                          on_click=_keep_going, args=(store, run.id))
                st.button("Stop and log what I did", key="run-stop-keep",
                          on_click=_stop_and_keep, args=(store, run.id))
                st.button("Stop without logging", key="run-stop-discard",
                          on_click=_discard, args=(store, run.id))
        return
    with st.container(horizontal=True, horizontal_alignment="center"):
        st.button("Back", icon=":material/skip_previous:", key="run-back",
                  on_click=_act, args=(store, run.id, "back"), help="Restart the previous step")
        if state.paused:
            st.button("Resume", type="primary", icon=":material/play_arrow:", key="run-resume",
                      on_click=_act, args=(store, run.id, "resume"))
        else:
            st.button("Pause", type="primary", icon=":material/pause:", key="run-pause",
                      on_click=_act, args=(store, run.id, "pause"))
        st.button("Skip", icon=":material/skip_next:", key="run-skip",
                  on_click=_act, args=(store, run.id, "skip"), help="Go to the next step")
        st.button("Stop", icon=":material/stop:", key="run-stop",
                  on_click=_ask_stop, args=(store, run, state))


# After the run -----------------------------------------------------------------------------------


def _log(store: Store, run_id: int) -> None:
    try:
        session = store.log_run(run_id, at=clock.timestamp(),
                                stress_after=st.session_state.get("stress-after"),
                                notes=st.session_state.get("session-notes", ""))
    except Problem as problem:
        st.session_state[MESSAGE] = problem.message
        if "already" in problem.message:
            st.session_state.pop(ATTACHED, None)
        return
    except StoreError as error:
        st.session_state[MESSAGE] = str(error)
        return
    st.session_state.pop(ATTACHED, None)
    st.session_state[LAST_SESSION] = session


def after_run(store: Store, run: Run, state: RunState) -> None:
    if state.finished:
        st.success(f"**{plain(run.routine_name)}** is complete. Well done.",
                   icon=":material/check_circle:")
    else:
        st.info(f"You stopped **{plain(run.routine_name)}** early. What you did still counts.",
                icon=":material/stop_circle:")
    st.metric("Time spent", format_total(round(state.active_seconds)),
              help="Pauses are not counted.")
    skipped = [run.plan[i].name for i in sorted(state.skipped)]
    if skipped:
        st.caption("Skipped: " + ", ".join(skipped))
    with st.expander("Step by step: planned and actual time"):
        st.dataframe(
            {
                "Step": [step.name + ("" if step.foot == "both" else f" ({step.foot})")
                         for step in run.plan],
                "Planned": [format_clock(step.seconds) for step in run.plan],
                "Actual": [format_clock(round(actual)) for actual in state.actual],
            },
            hide_index=True, width="stretch",
        )
    stress_picker("How stressed do you feel now?", "stress-after")
    st.text_area("Notes (optional)", key="session-notes", max_chars=limits.NOTES_MAX_LENGTH,
                 placeholder="How did it feel? Anything to change next time?")
    with st.container(horizontal=True):
        st.button("Save to my log", type="primary", icon=":material/save:", key="run-log",
                  on_click=_log, args=(store, run.id))
        st.button("Don't log it", key="run-discard", on_click=_discard, args=(store, run.id))


def last_session(session: Session) -> None:
    change = ""
    if session.stress_drop is not None:
        change = (f" Stress went from {session.stress_before} to {session.stress_after}.")
    st.success(f"Saved to your log: {plain(session.routine_name)}, "
               f"{format_total(session.actual_seconds)}.{change}", icon=":material/check:")
    st.page_link("pages/log.py", label="See your log", icon=":material/edit_calendar:")


# Coming back to a run ----------------------------------------------------------------------------


def _attach(run_id: int) -> None:
    st.session_state[ATTACHED] = run_id


def resume_offer(store: Store, run: Run, state: RunState) -> None:
    with st.container(border=True):
        if state.over:
            st.markdown(f"**{plain(run.routine_name)}** finished while you were away. "
                        "Would you like to log it?")
        else:
            where = (f"step {state.index + 1} of {len(run.plan)}, "
                     f"{format_clock(int(state.remaining))} left in {run.plan[state.index].name}")
            held = "paused" if state.paused else "still running"
            st.markdown(f"**{plain(run.routine_name)}** is {held}: {where}.")
        with st.container(horizontal=True):
            st.button("Log it" if state.over else "Resume", type="primary", key="run-attach",
                      on_click=_attach, args=(run.id,))
            if not state.over:
                st.button("Log the part done", key="run-log-part",
                          on_click=_log_part, args=(store, run.id))
            st.button("Discard", key="run-discard-offer", on_click=_discard,
                      args=(store, run.id))


def _log_part(store: Store, run_id: int) -> None:
    _act(store, run_id, "stop")
    _attach(run_id)


def show_message() -> None:
    message = st.session_state.pop(MESSAGE, None)
    if message:
        st.warning(plain(message), icon=":material/info:")


def page(store: Store, catalog: Catalog, profile: HealthProfile) -> None:
    show_message()
    now = clock.timestamp()
    active = store.active_run()
    attached = st.session_state.get(ATTACHED)
    if active is not None and attached == active.id:
        state = active.state(now)
        if state.over:
            after_run(store, active, state)
        else:
            running(store, active, state, now)
        return
    if attached is not None:
        st.session_state.pop(ATTACHED, None)
        st.info("The run you were following ended in another window.", icon=":material/info:")
    if (session := st.session_state.get(LAST_SESSION)) is not None:
        last_session(session)
    if active is not None:
        resume_offer(store, active, active.state(now))
        return
    before_start(store, catalog, profile)
