"""Beside the builder: the presets to start from, and the person's saved routines."""

from __future__ import annotations

import streamlit as st

from planner.catalog.model import Catalog
from planner.kernel.formatting import format_total
from planner.routines.draft import Draft
from planner.routines.model import (
    Routine,
    routine_from_preset,
    step_count,
    total_seconds,
)
from planner.routines.repo import RoutineRepo
from planner.settings.model import NOT_MEDICAL_ADVICE, HealthProfile
from planner.ui import handoff
from planner.ui.kit import guard, messages
from planner.ui.kit.text import plain
from planner.ui.plan.builder import SCOPE, draft, replace_draft

PENDING_DELETE = "pending-delete"


def preset_key(preset_id: str) -> str:
    return f"preset-{preset_id}"


def routine_key(action: str, routine_id: int) -> str:
    """Keys of a saved routine's controls: saved (its box), run, edit, duplicate, delete,
    confirm-delete and cancel-delete."""
    return f"{action}-{routine_id}"


def _load_preset(catalog: Catalog, profile: HealthProfile, preset_id: str) -> None:
    loaded, left_out = Draft.of_preset(catalog, preset_id, profile)
    notice = None
    if left_out:
        notice = ("Left out because of your health profile: " + ", ".join(left_out) + ". You "
                  "can still add them yourself below if your care provider agrees.")
    replace_draft(loaded, f"the preset “{loaded.name}”", notice)


def _edit_saved(routine: Routine) -> None:
    replace_draft(Draft.of(routine), f"your saved routine “{routine.name}”")


@guard.action(SCOPE, field="list", field_for=lambda _field: "list")
def _duplicate_saved(routines: RoutineRepo, routine_id: int) -> None:
    copy = routines.duplicate(routine_id)
    messages.notice(SCOPE, f"Made a copy called “{copy.name}”.", "info")


@guard.action(SCOPE, field="list")
def _delete_saved(routines: RoutineRepo, routine_id: int) -> None:
    deleted = routines.delete(routine_id)
    st.session_state.pop(PENDING_DELETE, None)
    if draft().id == routine_id:
        draft().detach()
    messages.notice(SCOPE, "Routine deleted." if deleted else
                    "That routine was already deleted in another window.", "info")


def _ask_delete(routine_id: int | None) -> None:
    st.session_state[PENDING_DELETE] = routine_id


def presets_picker(catalog: Catalog, profile: HealthProfile) -> None:
    with st.expander("Start from a preset", icon=":material/auto_awesome:"):
        for preset in catalog.presets:
            routine = routine_from_preset(preset)
            # The words take the room there is and the button only its own, on a phone too.
            with st.container(horizontal=True, vertical_alignment="center"):
                st.markdown(f"**{preset.name}** · "
                            f"{format_total(total_seconds(routine, catalog))}  \n"
                            f"{preset.summary}", width="stretch")
                st.button("Use", key=preset_key(preset.id), on_click=_load_preset,
                          args=(catalog, profile, preset.id))


def _confirm_delete(routines: RoutineRepo, routine: Routine) -> None:
    st.warning(f"Delete “{plain(routine.name)}”? This can't be undone.")
    with st.container(horizontal=True):
        st.button("Delete", type="primary", key=routine_key("confirm-delete", routine.id),
                  on_click=_delete_saved, args=(routines, routine.id))
        st.button("Cancel", key=routine_key("cancel-delete", routine.id), on_click=_ask_delete,
                  args=(None,))


def _actions(routines: RoutineRepo, routine: Routine) -> None:
    with st.container(horizontal=True, gap="small"):
        if st.button("Run", icon=":material/play_arrow:", key=routine_key("run", routine.id),
                     type="primary"):
            handoff.run_routine(routine.id)
        st.button("Edit", icon=":material/edit:", key=routine_key("edit", routine.id),
                  on_click=_edit_saved, args=(routine,))
        st.button("Duplicate", icon=":material/content_copy:",
                  key=routine_key("duplicate", routine.id), on_click=_duplicate_saved,
                  args=(routines, routine.id))
        st.button("Delete", icon=":material/delete:", key=routine_key("delete", routine.id),
                  on_click=_ask_delete, args=(routine.id,))


def saved_routines(routines: RoutineRepo, catalog: Catalog) -> None:
    """The person's routines, each with Run, Edit, Duplicate and Delete; then the reminder
    that Solace is no medical advice."""
    st.subheader("Your routines", anchor=False)
    messages.show_problem(SCOPE, "list")
    saved = routines.list()
    if not saved:
        st.caption("Routines you save appear here.")
    else:
        _routine_cards(saved, routines, catalog)
    st.caption(NOT_MEDICAL_ADVICE)


def _routine_cards(saved: list[Routine], routines: RoutineRepo, catalog: Catalog) -> None:
    pending = st.session_state.get(PENDING_DELETE)
    for routine in saved:
        with st.container(border=True, key=routine_key("saved", routine.id)):
            st.markdown(f"**{plain(routine.name)}**")
            st.caption(f"{format_total(total_seconds(routine, catalog))} · "
                       f"{step_count(routine, catalog)}")
            if pending == routine.id:
                _confirm_delete(routines, routine)
            else:
                _actions(routines, routine)
