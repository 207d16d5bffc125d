"""What the Run page's buttons do, and the session-state keys they share.

Every callback goes through the guard: a refused action (the run ended in another window, the
database is busy) becomes a plain warning at the top of the page.
"""

from __future__ import annotations

import streamlit as st

from planner.catalog.model import Catalog
from planner.kernel import clock
from planner.kernel.errors import Problem
from planner.routines.model import Routine, timed_steps
from planner.runs.model import Run
from planner.runs.repo import RunRepo
from planner.runs.timer import RunState
from planner.ui.kit import guard, messages

SCOPE = "run"  # messages
ATTACHED = "run-attached"  # the run this browser tab is following
STOPPING = "run-stopping"  # the "stop here?" question is showing
PAUSED_FOR_STOP = "run-paused-for-stop"
LAST_SESSION = "run-last-session"
CHOICE = "run-choice"
LAST_CHOICE = "run-last-choice"  # survives visits to other pages (widget keys don't)
STRESS_BEFORE, STRESS_AFTER, NOTES = "stress-before", "stress-after", "session-notes"

act = guard.action(SCOPE, field="run", refused="")


def show_problem() -> None:
    messages.show_problem(SCOPE, "run", "routine", "confirm", "stress_before", "stress_after",
                          "notes", kind="warning")


@act
def start(runs: RunRepo, catalog: Catalog, routine: Routine, routine_id: int | None,
          confirmed: frozenset[str] = frozenset()) -> None:
    """Start ``routine``; ``confirmed``: the steps the person confirmed on this page though
    their health profile advises against them (the repository checks the rest)."""
    run = runs.start(routine.name, timed_steps(routine, catalog), at=clock.timestamp(),
                     routine_id=routine_id, stress_before=st.session_state.get(STRESS_BEFORE),
                     confirmed=confirmed)
    st.session_state[ATTACHED] = run.id
    st.session_state.pop(LAST_SESSION, None)


@act
def command(runs: RunRepo, run_id: int, kind: str) -> None:
    """Pause, resume, back, skip or stop, now."""
    runs.act(run_id, kind, clock.timestamp())


@act
def toggle(runs: RunRepo, run_id: int) -> None:
    """The space bar: pause a running run, resume a paused one."""
    run = runs.get(run_id)
    if run is None or run.status != "active":
        return
    runs.act(run_id, "resume" if run.state(clock.timestamp()).paused else "pause",
             clock.timestamp())


def remember_choice() -> None:
    st.session_state[LAST_CHOICE] = st.session_state.get(CHOICE)


def choose(choice: str) -> None:
    """Choose a routine to run (a choice key, planner.ui.handoff), as if picked."""
    st.session_state[CHOICE] = st.session_state[LAST_CHOICE] = choice


@act
def ask_stop(runs: RunRepo, run: Run, state: RunState) -> None:
    """Hold the run while the person decides: the time thinking doesn't count."""
    if state.running:
        runs.act(run.id, "pause", clock.timestamp())
        st.session_state[PAUSED_FOR_STOP] = True
    st.session_state[STOPPING] = True


@act
def keep_going(runs: RunRepo, run_id: int) -> None:
    if st.session_state.pop(PAUSED_FOR_STOP, False):
        runs.act(run_id, "resume", clock.timestamp())
    st.session_state.pop(STOPPING, None)


@act
def stop_and_keep(runs: RunRepo, run_id: int) -> None:
    runs.act(run_id, "stop", clock.timestamp())
    st.session_state.pop(STOPPING, None)
    st.session_state.pop(PAUSED_FOR_STOP, None)


@act
def discard(runs: RunRepo, run_id: int) -> None:
    runs.discard(run_id)
    for key in (ATTACHED, STOPPING, PAUSED_FOR_STOP):
        st.session_state.pop(key, None)
    messages.notice(SCOPE, "The run was discarded; nothing was logged.", "warning")


@act
def log(runs: RunRepo, run_id: int) -> None:
    try:
        session = runs.log(run_id, at=clock.timestamp(),
                           stress_after=st.session_state.get(STRESS_AFTER),
                           notes=st.session_state.get(NOTES, ""))
    except Problem as problem:
        if problem.field == "run":  # logged or discarded elsewhere: nothing left to do here
            st.session_state.pop(ATTACHED, None)
        raise
    st.session_state.pop(ATTACHED, None)
    st.session_state[LAST_SESSION] = session


def attach(run_id: int) -> None:
    st.session_state[ATTACHED] = run_id


@act
def resume_here(runs: RunRepo, run_id: int, confirmed: frozenset[str] = frozenset()) -> None:
    """Follow the run in this window; a paused one resumes in the same press. ``confirmed``:
    the steps the person confirmed on this page though their profile advises against them."""
    runs.follow(run_id, clock.timestamp(), confirmed)
    attach(run_id)


def log_it(run_id: int) -> None:
    """A run that ended: ask about it as after any run."""
    attach(run_id)


@act
def back_from_away(runs: RunRepo, run_id: int, resume: bool,
                   confirmed: frozenset[str] = frozenset()) -> None:
    """The person left the run and is back: resume it from where it was last seen, or end it
    there to log what was done up to then."""
    runs.back_from_away(run_id, clock.timestamp(), resume, confirmed)
    attach(run_id)


@act
def away(runs: RunRepo, run_id: int) -> None:
    """The page was hidden or closed: hold the run where it was last seen running."""
    run = runs.get(run_id)
    if run is not None and run.status == "active" and run.state(clock.timestamp()).running:
        runs.act(run_id, "pause", clock.timestamp())


@act
def log_part(runs: RunRepo, run_id: int) -> None:
    """Stop a run met again after a reload, then ask about it as after any run."""
    runs.act(run_id, "stop", clock.timestamp())
    attach(run_id)
