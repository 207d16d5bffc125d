"""The Run page while a routine runs, and once it is over: controls, the stop question, and
the rating and notes that go into the log."""

from __future__ import annotations

from functools import partial

import streamlit as st

from planner.kernel import limits
from planner.kernel.formatting import format_clock, format_total, whole_seconds
from planner.runs.model import Run, step_label
from planner.runs.repo import RunRepo
from planner.runs.timer import RunState
from planner.settings.model import Preferences
from planner.ui.kit.figures import Figure, figure_row
from planner.ui.kit.text import plain
from planner.ui.run import controls
from planner.ui.run.countdown import countdown

BACK, PAUSE, RESUME, SKIP, STOP = "run-back", "run-pause", "run-resume", "run-skip", "run-stop"
KEEP_GOING, STOP_KEEP, STOP_DISCARD = "run-keep-going", "run-stop-keep", "run-stop-discard"
LOG, DISCARD = "run-log", "run-discard"


def stress_picker(label: str, key: str) -> int | None:
    return st.pills(label, limits.RATING.choices(), key=key, help="0 is completely calm, 10 is "
                    "as stressed as you can imagine. You can leave it blank.")


def _stop_question(runs: RunRepo, run: Run, state: RunState) -> None:
    with st.container(border=True, key="run-stop-question"):  # kept in view, as the controls
        done = format_total(whole_seconds(state.active_seconds))
        st.markdown(f"**Stop here?** You have done {done} of "
                    f"{format_total(sum(run.durations))}.")
        with st.container(horizontal=True):
            st.button("Keep going", type="primary", key=KEEP_GOING, on_click=controls.keep_going,
                      args=(runs, run.id))
            st.button("Stop and log what I did", key=STOP_KEEP, on_click=controls.stop_and_keep,
                      args=(runs, run.id))
            st.button("Stop without logging", key=STOP_DISCARD, on_click=controls.discard,
                      args=(runs, run.id))


def running(runs: RunRepo, run: Run, state: RunState, prefs: Preferences, now: float) -> None:
    st.caption(f"Following **{plain(run.routine_name)}**")
    countdown(run, state, prefs, now, on_space=partial(controls.toggle, runs, run.id),
              on_away=partial(controls.away, runs, run.id),
              on_back=partial(controls.command, runs, run.id, "back"),
              on_skip=partial(controls.command, runs, run.id, "skip"))
    if st.session_state.get(controls.STOPPING):
        _stop_question(runs, run, state)
        return
    # Kept in view at the bottom of the window (planner/ui/assets/solace.css).
    with st.container(horizontal=True, horizontal_alignment="center", key="run-controls"):
        st.button("Back", icon=":material/skip_previous:", key=BACK, on_click=controls.command,
                  args=(runs, run.id, "back"), help="Restart the previous step (or press ←)")
        if state.paused:
            st.button("Resume", type="primary", icon=":material/play_arrow:", key=RESUME,
                      on_click=controls.command, args=(runs, run.id, "resume"))
        else:
            st.button("Pause", type="primary", icon=":material/pause:", key=PAUSE,
                      on_click=controls.command, args=(runs, run.id, "pause"))
        st.button("Skip", icon=":material/skip_next:", key=SKIP, on_click=controls.command,
                  args=(runs, run.id, "skip"), help="Go to the next step (or press →)")
        st.button("Stop", icon=":material/stop:", key=STOP, on_click=controls.ask_stop,
                  args=(runs, run, state))


def _step_table(run: Run, state: RunState) -> None:
    with st.expander("Step by step: planned and actual time"):
        st.dataframe(
            {
                "Step": [step_label(step) for step in run.plan],
                "Planned": [format_clock(step.seconds) for step in run.plan],
                "Actual": [format_clock(whole_seconds(actual)) for actual in state.actual],
            },
            hide_index=True, width="stretch",
        )


def after_run(runs: RunRepo, run: Run, state: RunState) -> None:
    steps = [i for i, step in enumerate(run.plan) if not step.is_switch]
    if state.finished and all(i in state.skipped for i in steps):
        st.info(f"You skipped every step of **{plain(run.routine_name)}**. You can still log "
                "it, or leave it out.", icon=":material/skip_next:")
    elif state.finished and state.skipped:
        st.success(f"You reached the end of **{plain(run.routine_name)}**, with some steps "
                   "skipped.", icon=":material/check_circle:")
    elif state.finished:
        st.success(f"**{plain(run.routine_name)}** is complete. Well done.",
                   icon=":material/check_circle:")
    else:
        st.info(f"You stopped **{plain(run.routine_name)}** early. What you did still counts.",
                icon=":material/stop_circle:")
    figure_row([Figure("Time spent", format_total(whole_seconds(state.active_seconds)),
                       "Pauses are not counted.")])
    skipped = [step_label(run.plan[i]) for i in sorted(state.skipped)
               if not run.plan[i].is_switch]  # a pause skipped is no step missed
    if skipped:
        st.caption("Skipped: " + ", ".join(skipped))
    _step_table(run, state)
    stress_picker("How stressed do you feel now?", controls.STRESS_AFTER)
    st.text_area("Notes (optional)", key=controls.NOTES, max_chars=limits.NOTES_MAX_LENGTH,
                 placeholder="How did it feel? Anything to change next time?")
    with st.container(horizontal=True):
        st.button("Save to my log", type="primary", icon=":material/save:", key=LOG,
                  on_click=controls.log, args=(runs, run.id))
        st.button("Don't log it", key=DISCARD, on_click=controls.discard, args=(runs, run.id))
