"""The routine builder and the list of saved routines (the Plan page).

The draft being edited lives in ``st.session_state``; each step carries a short uid so its widgets
keep their values when steps are moved. Buttons act through callbacks, which run before the page
is drawn, so what is shown always matches the draft.
"""

from __future__ import annotations

import uuid

import streamlit as st

from planner.catalog import Catalog, Technique
from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.routine import (
    Routine,
    Step,
    expand,
    format_clock,
    format_total,
    moved,
    routine_from_preset,
    supplies,
    total_seconds,
)
from planner.safety import HealthProfile, needs_confirmation, warnings_for
from planner.store import Store
from planner.ui import guard, messages
from planner.ui.library import duration_text, show_warnings
from planner.ui.text import plain

SCOPE = "draft"
DRAFT = "draft"
PENDING_DELETE = "pending-delete"
NAME_KEY = "draft-name"
PAUSE_KEY = "draft-switch-pause"
ADD_KEY = "draft-add-technique"
CONFIRM_KEY = "draft-add-confirm"


def _seconds_key(uid: str) -> str:
    return f"draft-seconds-{uid}"


def _new_uid() -> str:
    return uuid.uuid4().hex[:8]


# Draft state ---------------------------------------------------------------------------------


def _draft() -> dict:
    if DRAFT not in st.session_state:
        _load_into_draft(Routine(name=""))
    return st.session_state[DRAFT]


def _load_into_draft(routine: Routine) -> None:
    steps = [{"uid": _new_uid(), "technique": s.technique} for s in routine.steps]
    for entry, step in zip(steps, routine.steps, strict=True):
        st.session_state[_seconds_key(entry["uid"])] = step.seconds
    st.session_state[DRAFT] = {"id": routine.id, "version": routine.version, "steps": steps}
    st.session_state[NAME_KEY] = routine.name
    st.session_state[PAUSE_KEY] = routine.switch_pause_seconds
    messages.clear_problem(SCOPE)


def draft_routine() -> Routine:
    """The routine as it stands in the builder's widgets."""
    draft = _draft()
    return Routine(
        id=draft["id"],
        version=draft.get("version"),
        name=st.session_state.get(NAME_KEY, ""),
        steps=tuple(
            Step(technique=e["technique"],
                 seconds=max(1, int(st.session_state.get(_seconds_key(e["uid"]), 1))))
            for e in draft["steps"]
        ),
        switch_pause_seconds=int(st.session_state.get(PAUSE_KEY, 5)),
    )


# Callbacks -----------------------------------------------------------------------------------


def _room_for_a_step(steps: list) -> None:
    if len(steps) >= limits.MAX_STEPS:
        raise Problem("add", f"A routine can have at most {limits.MAX_STEPS} steps.")


@guard.action(SCOPE, refused="")
def _add_step(catalog: Catalog, profile: HealthProfile) -> None:
    technique = catalog.technique(st.session_state[ADD_KEY])
    if needs_confirmation(technique, profile) and not st.session_state.get(CONFIRM_KEY):
        raise Problem("add", "Tick the box to confirm before adding this step.")
    steps = _draft()["steps"]
    _room_for_a_step(steps)
    uid = _new_uid()
    st.session_state[_seconds_key(uid)] = technique.default_seconds
    steps.append({"uid": uid, "technique": technique.id})
    st.session_state[CONFIRM_KEY] = False


def _move_step(index: int, offset: int) -> None:
    draft = _draft()
    draft["steps"] = moved(draft["steps"], index, offset)


@guard.action(SCOPE, refused="")
def _duplicate_step(index: int) -> None:
    steps = _draft()["steps"]
    _room_for_a_step(steps)
    uid = _new_uid()
    st.session_state[_seconds_key(uid)] = st.session_state[_seconds_key(steps[index]["uid"])]
    steps.insert(index + 1, {"uid": uid, "technique": steps[index]["technique"]})


def _remove_step(index: int) -> None:
    _draft()["steps"].pop(index)


def _start_new() -> None:
    _load_into_draft(Routine(name=""))


def _load_preset(catalog: Catalog, profile: HealthProfile, preset_id: str) -> None:
    routine = routine_from_preset(catalog.preset(preset_id))
    kept = tuple(s for s in routine.steps
                 if not needs_confirmation(catalog.technique(s.technique), profile))
    left_out = sorted({catalog.technique(s.technique).name
                       for s in routine.steps if s not in kept})
    _load_into_draft(routine.model_copy(update={"steps": kept}))
    if left_out:
        messages.notice(SCOPE, "Left out because of your health profile: "
                        + ", ".join(left_out) + ". You can still add them yourself below if "
                        "your care provider agrees.", "info")


def _edit_saved(routine: Routine) -> None:
    _load_into_draft(routine)


def _on_save_field(field: str) -> str:
    """A step's own problem is already shown by the step; say "not saved" by the button."""
    return "save" if field.startswith("step-") else field


@guard.action(SCOPE, field_for=_on_save_field)
def _save(store: Store, as_new: bool) -> None:
    routine = draft_routine()
    if as_new:
        routine = routine.model_copy(update={"id": None, "version": None})
    saved = store.save_routine(routine)
    _draft()["id"] = saved.id
    _draft()["version"] = saved.version
    st.session_state[NAME_KEY] = saved.name
    messages.notice(SCOPE, f"Saved “{saved.name}”.", "info")


@guard.action(SCOPE, field="list", field_for=lambda _field: "list")
def _duplicate_saved(store: Store, routine_id: int) -> None:
    copy = store.duplicate_routine(routine_id)
    messages.notice(SCOPE, f"Made a copy called “{copy.name}”.", "info")


@guard.action(SCOPE, field="list")
def _delete_saved(store: Store, routine_id: int) -> None:
    deleted = store.delete_routine(routine_id)
    st.session_state.pop(PENDING_DELETE, None)
    if _draft()["id"] == routine_id:
        _draft()["id"] = None  # keep the steps on screen; saving makes a new routine
        _draft()["version"] = None
    messages.notice(SCOPE, "Routine deleted." if deleted else
                    "That routine was already deleted in another window.", "info")


def _ask_delete(routine_id: int | None) -> None:
    st.session_state[PENDING_DELETE] = routine_id


# Drawing -------------------------------------------------------------------------------------


def show_notice() -> None:
    messages.show_notice(SCOPE)


def presets_picker(catalog: Catalog, profile: HealthProfile) -> None:
    with st.expander("Start from a preset", icon=":material/auto_awesome:"):
        for preset in catalog.presets:
            routine = routine_from_preset(preset)
            text, action = st.columns([5, 1], vertical_alignment="center", wrap=False)
            text.markdown(f"**{preset.name}** · {format_total(total_seconds(routine, catalog))}"
                          f"  \n{preset.summary}")
            action.button("Use", key=f"preset-{preset.id}", on_click=_load_preset,
                          args=(catalog, profile, preset.id))


def _step_row(index: int, entry: dict, count: int, catalog: Catalog,
              profile: HealthProfile) -> bool:
    """Draw one step; return whether its duration is within bounds."""
    technique: Technique = catalog.technique(entry["technique"])
    uid = entry["uid"]
    with st.container(border=True, key=f"step-{uid}"):
        top = st.columns([5, 3, 3], vertical_alignment="center")
        per_foot = " · each foot" if technique.per_foot else ""
        top[0].markdown(f"**{index + 1}. {technique.name}**{per_foot}")
        top[1].number_input(
            "Seconds per foot" if technique.per_foot else "Seconds",
            min_value=0, max_value=limits.STEP_SECONDS.high, step=15, key=_seconds_key(uid),
            help=f"Allowed: {duration_text(technique)}",
        )
        with top[2].container(horizontal=True, gap="small"):
            st.button("", icon=":material/arrow_upward:", key=f"up-{uid}", help="Move up",
                      disabled=index == 0, on_click=_move_step, args=(index, -1))
            st.button("", icon=":material/arrow_downward:", key=f"down-{uid}",
                      help="Move down", disabled=index == count - 1,
                      on_click=_move_step, args=(index, 1))
            st.button("", icon=":material/content_copy:", key=f"dup-{uid}", help="Duplicate",
                      on_click=_duplicate_step, args=(index,))
            st.button("", icon=":material/delete:", key=f"remove-{uid}", help="Remove",
                      on_click=_remove_step, args=(index,))
        seconds = int(st.session_state.get(_seconds_key(uid)) or 0)
        in_bounds = technique.min_seconds <= seconds <= technique.max_seconds
        if not in_bounds:
            st.error(f"{technique.name} takes {format_total(technique.min_seconds)} to "
                     f"{format_total(technique.max_seconds)}{per_foot.replace(' · ', ' ')}. "
                     f"Set a time in that range.", icon=":material/error:")
        elif technique.per_foot:
            st.caption(f"{format_clock(seconds)} left foot, then {format_clock(seconds)} right "
                       "foot")
        show_warnings(warnings_for(technique, profile))
    return in_bounds


def _technique_label(technique: Technique) -> str:
    return f"{technique.name} ({technique.category})"


def _add_controls(catalog: Catalog, profile: HealthProfile) -> None:
    with st.container(border=True):
        choice = st.selectbox(
            "Add a step", [t.id for t in catalog.techniques], key=ADD_KEY,
            format_func=lambda tid: _technique_label(catalog.technique(tid)),
        )
        technique = catalog.technique(choice)
        st.caption(f"{technique.purpose} · {duration_text(technique)}")
        blocking = needs_confirmation(technique, profile)
        if blocking:
            for caution in blocking:
                st.error(f"**Not advised with your health profile.** {caution.advice}",
                         icon=":material/block:")
            st.checkbox("I have checked with my care provider and want to add it anyway, "
                        "with light pressure only.", key=CONFIRM_KEY)
        st.button("Add step", icon=":material/add:", key="add-step",
                  on_click=_add_step, args=(catalog, profile),
                  disabled=bool(blocking) and not st.session_state.get(CONFIRM_KEY))
        messages.show_problem(SCOPE, "add")


def builder(store: Store, catalog: Catalog, profile: HealthProfile) -> None:
    draft = _draft()
    editing = draft["id"] is not None
    with st.container(horizontal=True, vertical_alignment="center"):
        st.subheader("Edit routine" if editing else "New routine", anchor=False)
        st.button("New routine", icon=":material/note_add:", on_click=_start_new,
                  key="start-new", type="tertiary")
    st.text_input("Name", key=NAME_KEY, max_chars=None, placeholder="e.g. Sunday evening calm")
    messages.show_problem(SCOPE, "name")

    steps = draft["steps"]
    if not steps:
        st.info("No steps yet. Pick a technique below, or start from a preset above.",
                icon=":material/playlist_add:")
    all_in_bounds = all([
        _step_row(index, entry, len(steps), catalog, profile)
        for index, entry in enumerate(steps)
    ])
    messages.show_problem(SCOPE, "steps")
    _add_controls(catalog, profile)

    if any(catalog.technique(e["technique"]).per_foot for e in steps):
        st.number_input("Pause to switch feet (seconds)", min_value=limits.SWITCH_PAUSE.low,
                        max_value=limits.SWITCH_PAUSE.high, step=1, key=PAUSE_KEY,
                        help="A short break between the left and right foot. 0 for none.")
    _summary(catalog, all_in_bounds)

    with st.container(horizontal=True):
        st.button("Save changes" if editing else "Save routine", type="primary",
                  icon=":material/save:", key="save", on_click=_save, args=(store, False))
        if editing:
            st.button("Save as new routine", key="save-as-new", on_click=_save,
                      args=(store, True))
    messages.show_problem(SCOPE, "save")


def _summary(catalog: Catalog, all_in_bounds: bool) -> None:
    routine = draft_routine()
    if not routine.steps:
        return
    with st.container(border=True):
        left, right = st.columns(2)
        left.metric("Total time", format_total(total_seconds(routine, catalog)))
        needed = supplies(routine, catalog)
        right.markdown("**Supplies**  \n" + ("  \n".join(f"- {s}" for s in needed)
                                              if needed else "Nothing but your hands."))
        if not all_in_bounds:
            st.caption("Some steps are outside their allowed time; fix them before saving.")
        with st.expander("Step by step"):
            elapsed = 0
            lines = []
            for planned in expand(routine, catalog):
                foot = "" if planned.foot == "both" else f" ({planned.foot} foot)"
                lines.append(f"- `{format_clock(elapsed)}` {planned.name}{foot}, "
                             f"{format_clock(planned.seconds)}")
                elapsed += planned.seconds
            st.markdown("\n".join(lines))


def saved_routines(store: Store, catalog: Catalog) -> None:
    st.subheader("Your routines", anchor=False)
    messages.show_problem(SCOPE, "list")
    routines = store.list_routines()
    if not routines:
        st.caption("Routines you save appear here.")
        return
    pending = st.session_state.get(PENDING_DELETE)
    for routine in routines:
        with st.container(border=True, key=f"saved-{routine.id}"):
            st.markdown(f"**{plain(routine.name)}**")
            st.caption(f"{format_total(total_seconds(routine, catalog))} · "
                       f"{len(routine.steps)} step{'s' if len(routine.steps) != 1 else ''}")
            if pending == routine.id:
                st.warning(f"Delete “{plain(routine.name)}”? This can't be undone.")
                with st.container(horizontal=True):
                    st.button("Delete", type="primary", key=f"confirm-delete-{routine.id}",
                              on_click=_delete_saved, args=(store, routine.id))
                    st.button("Cancel", key=f"cancel-delete-{routine.id}",
                              on_click=_ask_delete, args=(None,))
                continue
            with st.container(horizontal=True, gap="small"):
                if st.button("Run", icon=":material/play_arrow:", key=f"run-{routine.id}",
                             type="primary"):
                    st.session_state["run-choice"] = f"saved:{routine.id}"
                    st.switch_page("pages/run.py")
                st.button("Edit", icon=":material/edit:", key=f"edit-{routine.id}",
                          on_click=_edit_saved, args=(routine,))
                st.button("Duplicate", icon=":material/content_copy:",
                          key=f"duplicate-{routine.id}", on_click=_duplicate_saved,
                          args=(store, routine.id))
                st.button("Delete", icon=":material/delete:", key=f"delete-{routine.id}",
                          on_click=_ask_delete, args=(routine.id,))

