"""The routine builder on the Plan page.

The draft (planner.routines.draft) lives in the session state; its widgets are keyed by step
uid. Widget values are copied into the draft before every change and on every run, and copied
back out when a widget has no value yet (a new step, or the page opened again), so moving steps
or visiting another page loses nothing. Buttons act through callbacks, which run before the page
is drawn, so what is shown always matches the draft.
"""

from __future__ import annotations

import streamlit as st

from planner.catalog.model import Catalog, Technique, duration_text
from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.kernel.formatting import format_clock, format_total, parse_duration
from planner.routines.draft import Draft, DraftStep, from_link, to_link
from planner.routines.model import (
    duration_problem,
    pause_problem,
    step_count,
    step_seconds,
    supplies,
    timed_steps,
    total_seconds,
)
from planner.routines.repo import RoutineRepo
from planner.settings.model import HealthProfile, needs_confirmation, warnings_for
from planner.ui.kit import guard, messages
from planner.ui.kit.figures import Figure, figure_row
from planner.ui.kit.numbers import number_box
from planner.ui.kit.warnings import show_warnings

SCOPE = "builder"  # messages
STATE = "builder-draft"  # the draft itself, in the session state
NAME = "draft-name"
PAUSE = "draft-switch-pause"
ADD = "draft-add-technique"
CONFIRM = "draft-add-confirm"
ADD_BUTTON, SAVE, SAVE_AS_NEW, START_NEW = "add-step", "save", "save-as-new", "start-new"
ADDRESS = "draft"  # the query parameter that keeps the draft across a reload
PENDING = "draft-replace-pending"  # (what, Draft) waiting for "replace your changes?"
REPLACE, KEEP = "draft-replace", "draft-keep"
DURATION_HELP = "Type minutes:seconds (2:30), seconds (150) or minutes (2.5 min)."


def seconds_key(uid: str) -> str:
    return f"draft-seconds-{uid}"


def step_key(action: str, uid: str) -> str:
    """The key of a step's own button: up, down, dup or remove."""
    return f"{action}-{uid}"


# The draft and its widgets ---------------------------------------------------------------------


def draft() -> Draft:
    """The draft, with whatever the person has typed into its widgets so far (on a new
    session, the one the page's address keeps, if any: the tab was reloaded)."""
    state = st.session_state
    if STATE not in state:
        state[STATE] = _from_address() or Draft()
    current: Draft = state[STATE]
    current.name = state.get(NAME, current.name)
    typed_pause = state.get(PAUSE)
    if typed_pause is not None:
        current.switch_pause_seconds = int(typed_pause)
    for step in current.steps:
        typed = state.get(seconds_key(step.uid))
        if typed is not None:
            step.seconds = parse_duration(typed) or 0  # 0: not a time; the step says so
    return current


def add_technique(technique: Technique) -> None:
    """Add a step of ``technique`` (asked for by another page: planner.ui.handoff)."""
    draft().add(technique)


def pick_technique(technique_id: str) -> None:
    """Pick ``technique_id`` in "Add a step", to confirm it there (planner.ui.handoff)."""
    st.session_state[ADD] = technique_id


def _from_address() -> Draft | None:
    from planner.ui.kit import resources  # the catalog, opened once per process

    return from_link(st.query_params.get(ADDRESS, ""), resources.catalog())


def _keep_in_address(current: Draft) -> None:
    """While the draft has unsaved changes, the page's address holds it (see draft.to_link)."""
    if current.unsaved:
        st.query_params[ADDRESS] = to_link(current)
    elif ADDRESS in st.query_params:
        del st.query_params[ADDRESS]


def _show(current: Draft) -> None:
    """Give every widget of the draft its value where it has none (new, or back on the page)."""
    state = st.session_state
    state.setdefault(NAME, current.name)
    state.setdefault(PAUSE, current.switch_pause_seconds)
    for step in current.steps:
        state.setdefault(seconds_key(step.uid), format_clock(step.seconds))


def _put(new: Draft, notice: str | None = None) -> None:
    """Put ``new`` in the builder, its values in the widgets (and say ``notice``, if any)."""
    state = st.session_state
    for step in draft().steps:
        state.pop(seconds_key(step.uid), None)
    state[STATE] = new
    state[NAME], state[PAUSE] = new.name, new.switch_pause_seconds
    state.pop(PENDING, None)
    _show(new)
    messages.clear_problem(SCOPE)
    if notice:
        messages.notice(SCOPE, notice, "info")


def replace_draft(new: Draft, what: str, notice: str | None = None) -> None:
    """Put ``new`` in the builder, or first ask if that would lose unsaved changes.

    ``what`` names the replacement in the question ("the preset “Quick reset”"); ``notice`` is
    said once it is in.
    """
    if draft().unsaved:
        st.session_state[PENDING] = (what, new, notice)
    else:
        _put(new, notice)


def _replace_anyway() -> None:
    _what, new, notice = st.session_state[PENDING]
    _put(new, notice)


def _keep_mine() -> None:
    st.session_state.pop(PENDING, None)


def _replacement_question(current: Draft) -> None:
    if st.session_state.get(PENDING):
        _ask_to_replace(current)


# A dialog, so the question is in view wherever the person pressed "Use" or "Edit" (on a phone
# the builder is far below the presets); closing it keeps their routine.
@st.dialog("Replace your routine?", on_dismiss=lambda: _keep_mine())  # (defined below)
def _ask_to_replace(current: Draft) -> None:
    pending = st.session_state[PENDING]
    mine = f"“{current.name.strip()}”" if current.name.strip() else "the routine you're building"
    messages.show(f"You have unsaved changes to {mine}. Replace them with {pending[0]}?",
                  "warning")
    with st.container(horizontal=True):
        replace = st.button("Replace my changes", key=REPLACE)
        keep = st.button("Keep editing mine", type="primary", key=KEEP)
    if replace or keep:  # a dialog's buttons rerun only the dialog: close it, rerun the page
        if replace:
            _replace_anyway()
        else:
            _keep_mine()
        st.rerun()


# Callbacks --------------------------------------------------------------------------------------


@guard.action(SCOPE, refused="")
def _add_step(catalog: Catalog, profile: HealthProfile) -> None:
    technique = catalog.technique(st.session_state[ADD])
    if needs_confirmation(technique, profile) and not st.session_state.get(CONFIRM):
        raise Problem("add", "Tick the box to confirm before adding this step.")
    draft().add(technique)
    st.session_state[CONFIRM] = False


def _move_step(index: int, offset: int) -> None:
    draft().move(index, offset)


@guard.action(SCOPE, refused="")
def _duplicate_step(index: int) -> None:
    copy = draft().duplicate(index)
    st.session_state[seconds_key(copy.uid)] = format_clock(copy.seconds)


def _remove_step(index: int) -> None:
    draft().remove(index)


def _start_new() -> None:
    replace_draft(Draft(), "a new, empty routine")


def _on_save_field(field: str) -> str:
    """A step's or the pause's own problem is already shown by it; say "not saved" by the
    button."""
    return "save" if field.startswith("step-") or field == "switch_pause" else field


@guard.action(SCOPE, field_for=_on_save_field)
def _save(routines: RoutineRepo, as_new: bool) -> None:
    current = draft()
    for step in current.steps:
        if parse_duration(st.session_state.get(seconds_key(step.uid), "")) is None:
            raise Problem("save", f"Some step times aren't times yet. {DURATION_HELP}")
    routine = current.to_save()
    if as_new:
        routine = routine.model_copy(update={"id": None, "version": None})
    saved = routines.save(routine)
    current.saved_as(saved)
    st.session_state[NAME] = saved.name
    messages.notice(SCOPE, f"Saved “{saved.name}”.", "info")


def show_notice() -> None:
    messages.show_notice(SCOPE)


# Drawing ----------------------------------------------------------------------------------------


def _step_buttons(index: int, uid: str, count: int) -> None:
    """Icons on screen; the words stay for screen readers (planner/ui/assets/solace.css)."""
    number = index + 1
    with st.container(horizontal=True, gap="small", key=f"step-tools-{uid}"):
        st.button(f"Move step {number} up", icon=":material/arrow_upward:",
                  key=step_key("up", uid), help="Move up", disabled=index == 0,
                  on_click=_move_step, args=(index, -1))
        st.button(f"Move step {number} down", icon=":material/arrow_downward:",
                  key=step_key("down", uid), help="Move down", disabled=index == count - 1,
                  on_click=_move_step, args=(index, 1))
        st.button(f"Duplicate step {number}", icon=":material/content_copy:",
                  key=step_key("dup", uid), help="Duplicate", on_click=_duplicate_step,
                  args=(index,))
        st.button(f"Remove step {number}", icon=":material/delete:", key=step_key("remove", uid),
                  help="Remove", on_click=_remove_step, args=(index,))


def _step_row(index: int, step: DraftStep, current: Draft, catalog: Catalog,
              profile: HealthProfile) -> bool:
    """Draw one step; return whether its duration is within bounds."""
    technique: Technique = catalog.technique(step.technique)
    with st.container(border=True, key=f"step-{step.uid}"):
        top = st.columns([5, 3, 3], vertical_alignment="center")
        per_foot = " · each foot" if technique.per_foot else ""
        top[0].markdown(f"**{index + 1}. {technique.name}**{per_foot}")
        top[1].text_input(
            f"Step {index + 1}, per foot" if technique.per_foot
            else f"Step {index + 1} time", key=seconds_key(step.uid),
            help=f"{DURATION_HELP} Allowed: {duration_text(technique)}")
        with top[2]:
            _step_buttons(index, step.uid, len(current.steps))
        problem = duration_problem(technique, step.seconds)
        if parse_duration(st.session_state.get(seconds_key(step.uid), "")) is None:
            st.error(f"That isn't a time yet. {DURATION_HELP}", icon=":material/error:")
        elif problem is not None:
            st.error(problem, icon=":material/error:")
        elif technique.per_foot:
            both = step_seconds(current.routine().steps[index], current.routine(), catalog)
            st.caption(f"{format_clock(step.seconds)} left foot, then "
                       f"{format_clock(step.seconds)} right foot · {format_clock(both)} in all")
        show_warnings(warnings_for(technique, profile))
    return problem is None


def _add_controls(catalog: Catalog, profile: HealthProfile) -> None:
    with st.container(border=True):
        choice = st.selectbox(
            "Add a step", [t.id for t in catalog.techniques], key=ADD,
            format_func=lambda tid: f"{catalog.technique(tid).name} "
                                    f"({catalog.technique(tid).category})")
        technique = catalog.technique(choice)
        st.caption(f"{technique.purpose} · {duration_text(technique)}")
        blocking = needs_confirmation(technique, profile)
        for caution in blocking:
            st.error(f"**Not advised with your health profile.** {caution.advice}",
                     icon=":material/block:")
        if blocking:
            st.checkbox("I have checked with my care provider and want to add it anyway, "
                        "with light pressure only.", key=CONFIRM)
        st.button("Add step", icon=":material/add:", key=ADD_BUTTON, on_click=_add_step,
                  args=(catalog, profile),
                  disabled=bool(blocking) and not st.session_state.get(CONFIRM))
        messages.show_problem(SCOPE, "add")


def builder(routines: RoutineRepo, catalog: Catalog, profile: HealthProfile) -> None:
    current = draft()
    _show(current)
    _replacement_question(current)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.subheader("Edit routine" if current.editing else "New routine", anchor=False)
        st.button("New routine", icon=":material/note_add:", on_click=_start_new,
                  key=START_NEW, type="tertiary")
    st.text_input("Name", key=NAME, placeholder="e.g. Sunday evening calm",
                  max_chars=limits.NAME_MAX_LENGTH)
    messages.show_problem(SCOPE, "name")

    if not current.steps:
        st.info("No steps yet. Pick a technique below, or start from a preset above.",
                icon=":material/playlist_add:")
    all_in_bounds = all([_step_row(index, step, current, catalog, profile)
                         for index, step in enumerate(current.steps)])
    messages.show_problem(SCOPE, "steps")
    _add_controls(catalog, profile)

    pause_fits = current.switch_pause_seconds in limits.SWITCH_PAUSE
    # Shown for per-foot steps, and while it is wrong: saving needs it fixed even if they went.
    if not pause_fits or any(catalog.technique(s.technique).per_foot for s in current.steps):
        number_box("Pause to switch feet (seconds)", step=1, key=PAUSE,
                   help="A short break between the left and right foot, from "
                        f"{limits.SWITCH_PAUSE.low} (none) to {limits.SWITCH_PAUSE.high}.")
        if not pause_fits:
            st.error(pause_problem(), icon=":material/error:")
    _summary(current, catalog, all_in_bounds and pause_fits)

    with st.container(horizontal=True):
        st.button("Save changes" if current.editing else "Save routine", type="primary",
                  icon=":material/save:", key=SAVE, on_click=_save, args=(routines, False))
        if current.editing:
            st.button("Save as new routine", key=SAVE_AS_NEW, on_click=_save,
                      args=(routines, True))
    messages.show_problem(SCOPE, "save")
    _keep_in_address(current)


def _summary(current: Draft, catalog: Catalog, all_in_bounds: bool) -> None:
    routine = current.routine()
    if not routine.steps:
        return
    with st.container(border=True):
        left, right = st.columns(2)
        with left:
            figure_row([Figure("Total time", format_total(total_seconds(routine, catalog)),
                               step_count(routine, catalog))])
        needed = supplies(routine, catalog)
        right.markdown("**Supplies**  \n" + ("  \n".join(f"- {s}" for s in needed)
                                              if needed else "Nothing but your hands."))
        if not all_in_bounds:
            st.caption("Some times are outside what is allowed, so this total is not yet "
                       "the routine's; fix them before saving.")
        with st.expander("Step by step"):
            elapsed, lines = 0, []
            for planned in timed_steps(routine, catalog):
                foot = "" if planned.foot == "both" else f" ({planned.foot} foot)"
                lines.append(f"- `{format_clock(elapsed)}` {planned.name}{foot}, "
                             f"{format_clock(planned.seconds)}")
                elapsed += planned.seconds
            st.markdown("\n".join(lines))
