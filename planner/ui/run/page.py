"""The Run page: pick a routine, follow it, rate it, and pick up where you left off."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import streamlit as st

from planner.catalog.model import Catalog
from planner.journal.model import Session
from planner.kernel import clock
from planner.kernel.formatting import format_clock, format_total, whole_seconds
from planner.routines.model import Routine, step_count, supplies, timed_steps
from planner.routines.repo import RoutineRepo
from planner.runs.model import Run, step_label
from planner.runs.repo import RunRepo
from planner.runs.timer import RunState
from planner.settings.model import (
    HealthProfile,
    NotAdvised,
    Screening,
    names_in_words,
    screen,
    unconfirmed,
)
from planner.settings.repo import SettingsRepo
from planner.ui import handoff, pages
from planner.ui.kit import localtime, messages
from planner.ui.kit.figures import Figure, figure_row
from planner.ui.kit.text import plain
from planner.ui.run import controls
from planner.ui.run.live import after_run, running, stress_picker

START, ATTACH, LOG_PART, DISCARD_OFFER = "run-start", "run-attach", "run-log-part", \
    "run-discard-offer"


def _choice_label(key: str, routine: Routine) -> str:
    return f"Preset · {routine.name}" if handoff.is_preset(key) else routine.name


def _plan_summary(routine: Routine, catalog: Catalog) -> None:
    plan = timed_steps(routine, catalog)
    left, right = st.columns([3, 2], gap="large")
    with left:
        words = step_count(routine, catalog)
        figure_row([Figure("Total time", format_total(sum(step.seconds for step in plan)), words)])
        lines, elapsed, number = [], 0, 0
        for step in plan:  # numbered as Run counts them; a switch of feet is a pause between
            if step.is_switch:
                lines.append(f"- `{format_clock(elapsed)}` *switch feet, "
                             f"{format_total(step.seconds)}*")
            else:
                number += step.foot != "right"  # both feet of a step share its number
                foot = f" ({step.foot} foot)" if step.foot != "both" else ""
                lines.append(f"- `{format_clock(elapsed)}` **{number}.** {step.name}{foot} · "
                             f"{format_clock(step.seconds)}")
            elapsed += step.seconds
        switches = sum(step.is_switch for step in plan)
        pauses = f"; {switches} pause{'s' if switches != 1 else ''} to switch feet" \
            if switches else ""
        with st.expander(f"The {words}{pauses}", expanded=False):
            st.markdown("\n".join(lines))
    with right:
        needed = supplies(routine, catalog)
        st.markdown("**Fetch before you start**  \n" + (
            "\n".join(f"- {item}" for item in needed) if needed else "Nothing but your hands."))


def confirm_key(choice: str) -> str:
    """The box that confirms the steps not advised, one per routine choice."""
    return f"run-confirm-{choice}"


def _care(screening: Screening) -> None:
    if not screening.care:
        return
    count = len(screening.care)
    with st.container(border=True):
        st.markdown(f"**{count} step{'s' if count > 1 else ''} need{'s' if count == 1 else ''} "
                    "care with your health profile**")
        for technique, warnings in screening.care:
            st.markdown(f"- **{plain(technique.name)}**: " + " ".join(w.advice for w in warnings))


def _why_not(not_advised: Iterable[NotAdvised]) -> None:
    """Each step the profile advises against: with what, and the advice."""
    for found in not_advised:
        st.markdown(f"- **{plain(found.technique.name)}** (with {found.because}): "
                    f"{plain(found.advice)}")


def _agreed(names: str, key: str) -> bool:
    """The box to include the steps not advised anyway: whether it is ticked."""
    return st.checkbox(f"My care provider agrees: include {plain(names)}", key=key)


def _not_advised(screening: Screening, choice: str) -> bool:
    """The steps the profile advises against, and the box to include them anyway: whether it
    is ticked."""
    names = names_in_words(screening.names)
    one = len(screening.not_advised) == 1
    with st.container(border=True, key="run-not-advised"):
        st.markdown(f":material/block: **Not advised with your health profile: "
                    f"{plain(names)}**")
        _why_not(screening.not_advised)
        if screening.safe.steps:
            st.markdown(f"Start leaves {'it' if one else 'them'} out. Include "
                        f"{'it' if one else 'them'} only if your doctor, midwife or "
                        "physiotherapist agrees.")
        else:
            st.markdown("Every step of this routine is one of these, so there is nothing to "
                        "start without them. Pick another routine, or confirm below.")
        return _agreed(names, confirm_key(choice))


def before_start(runs: RunRepo, routines: RoutineRepo, catalog: Catalog,
                 profile: HealthProfile) -> None:
    options = handoff.routine_choices(routines, catalog)
    if st.session_state.get(controls.CHOICE) not in options:  # back on the page: the last choice
        last = st.session_state.get(controls.LAST_CHOICE)
        st.session_state[controls.CHOICE] = last if last in options else next(iter(options))
    key = st.selectbox("Routine", list(options), key=controls.CHOICE,
                       on_change=controls.remember_choice,
                       format_func=lambda k: _choice_label(k, options[k]))
    screening = screen(options[key], catalog, profile)
    confirmed = not screening.clear and _not_advised(screening, key)
    routine = screening.routine if confirmed else screening.safe
    if routine.steps:
        _plan_summary(routine, catalog)
    _care(screen(routine, catalog, profile))
    stress_picker("How stressed do you feel right now? (optional)", controls.STRESS_BEFORE)
    routine_id = routine.id if handoff.is_saved(key) else None
    if screening.clear:
        label = "Start"
    elif confirmed:
        label = "Start with every step"
    else:
        count = len(screening.not_advised)
        label = "Start without " + (screening.names[0] if count == 1 else
                                    f"the {count} steps not advised")
    st.button(label, type="primary", icon=":material/play_arrow:", key=START,
              disabled=not routine.steps, on_click=controls.start,
              args=(runs, catalog, routine, routine_id,
                    screening.ids if confirmed else frozenset()))


def last_session(session: Session) -> None:
    change = ""
    if session.stress_drop is not None:
        change = f" Stress went from {session.stress_before} to {session.stress_after}."
    st.success(f"Saved to your log: {plain(session.routine_name)}, "
               f"{format_total(session.actual_seconds)}.{change}", icon=":material/check:")
    pages.LOG.link("See your log")


def _at(epoch: float) -> str:
    """A moment as the person reads it on their own clock: "21:14"."""
    return datetime.fromtimestamp(epoch, localtime.zone()).strftime("%H:%M")


def _ahead(run: Run, now: float, catalog: Catalog, profile: HealthProfile
           ) -> tuple[bool, frozenset[str]]:
    """Before a run met again goes on: the steps still to come that the profile advises
    against and the run has no confirmation of (started before the profile changed, or
    brought in by an import), with the box to confirm them. Whether it may go on, and the
    steps so confirmed."""
    missing = unconfirmed(run.techniques_ahead(now), catalog, profile, run.confirmed)
    if not missing:
        return True, frozenset()
    names = names_in_words([m.technique.name for m in missing])
    st.markdown(f":material/block: **Not advised with your health profile: {plain(names)}**, "
                "still to come in this run.")
    _why_not(missing)
    ticked = _agreed(names, f"run-confirm-run-{run.id}")
    return ticked, frozenset(m.technique.id for m in missing) if ticked else frozenset()


def away_offer(runs: RunRepo, run: Run, left: float, catalog: Catalog,
               profile: HealthProfile) -> None:
    """The run was running when a page last showed it, and no page has been seen following
    it since: nothing after that moment counts."""
    seen = run.state(left)
    number = run.step_number(seen.index)
    step = step_label(run.plan[seen.index])
    where = (f"during step {number} of {run.step_count}: {step}" if number
             else "between steps")
    done = format_total(whole_seconds(seen.active_seconds))
    with st.container(border=True, key="run-away"):
        st.markdown(f"You left **{plain(run.routine_name)}** at {_at(left)}, {where}. The "
                    f"time since then isn't counted: {done} done up to there.")
        may, confirmed = _ahead(run, left, catalog, profile)
        with st.container(horizontal=True):
            st.button("Log up to there", type="primary", key=LOG_PART,
                      on_click=controls.back_from_away, args=(runs, run.id, False))
            st.button("Resume from there", key=ATTACH, on_click=controls.back_from_away,
                      args=(runs, run.id, True, confirmed), disabled=not may)
            st.button("Discard", key=DISCARD_OFFER, on_click=controls.discard,
                      args=(runs, run.id))


def resume_offer(runs: RunRepo, run: Run, state: RunState, now: float, catalog: Catalog,
                 profile: HealthProfile) -> None:
    with st.container(border=True):
        if state.over:
            st.markdown(f"**{plain(run.routine_name)}** ended at {_at(state.ended_at)}, with "
                        f"{format_total(whole_seconds(state.active_seconds))} done. Would you "
                        "like to log it?")
        else:
            number = run.step_number(state.index)
            step = f"step {number} of {run.step_count}" if number else "between steps"
            where = (f"{step}, {format_clock(state.remaining)} left in "
                     f"{step_label(run.plan[state.index])} and "
                     f"{format_total(state.total_remaining)} left in all")
            held = "paused" if state.paused else "still running"
            st.markdown(f"**{plain(run.routine_name)}** is {held}: {where}.")
        may, confirmed = (True, frozenset()) if state.over else _ahead(run, now, catalog,
                                                                        profile)
        with st.container(horizontal=True):
            if state.over:
                st.button("Log it", type="primary", key=ATTACH, on_click=controls.log_it,
                          args=(run.id,))
            else:
                st.button("Resume", type="primary", key=ATTACH, on_click=controls.resume_here,
                          args=(runs, run.id, confirmed), disabled=not may)
            if not state.over:
                st.button("Log the part done", key=LOG_PART, on_click=controls.log_part,
                          args=(runs, run.id))
            st.button("Discard", key=DISCARD_OFFER, on_click=controls.discard,
                      args=(runs, run.id))


def page(runs: RunRepo, routines: RoutineRepo, settings: SettingsRepo, catalog: Catalog,
         profile: HealthProfile) -> None:
    messages.show_notice(controls.SCOPE)
    controls.show_problem()
    now = clock.timestamp()
    active = runs.active()
    attached = st.session_state.get(controls.ATTACHED)
    if active is not None and (left := active.left_at(now)) is not None:
        away_offer(runs, active, left, catalog, profile)  # also in the window following it
        return
    if active is not None and attached == active.id:
        runs.seen(active.id, now)  # this page shows it: the person is there
        state = active.state(now)
        if state.over:
            after_run(runs, active, state)
        else:
            running(runs, active, state, settings.preferences(), now)
        return
    if attached is not None:
        st.session_state.pop(controls.ATTACHED, None)
        st.info("The run you were following ended in another window.", icon=":material/info:")
    if (session := st.session_state.get(controls.LAST_SESSION)) is not None:
        last_session(session)
    if active is not None:
        resume_offer(runs, active, active.state(now), now, catalog, profile)
        return
    before_start(runs, routines, catalog, profile)
