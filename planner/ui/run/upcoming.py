"""On the Run page, before a routine starts: the next session in the weekly plan, and a button
that chooses its routine."""

from __future__ import annotations

import streamlit as st

from planner.catalog.model import Catalog
from planner.kernel import clock
from planner.routines.repo import RoutineRepo
from planner.runs.repo import RunRepo
from planner.schedule import model as weekly
from planner.schedule.repo import ScheduleRepo
from planner.ui import handoff
from planner.ui.kit import localtime
from planner.ui.kit.text import plain
from planner.ui.run import controls

PICK = "week-pick"


def whats_next(schedule: ScheduleRepo, runs: RunRepo, routines: RoutineRepo,
               catalog: Catalog) -> None:
    """The next session in the weekly plan, unless a run is under way."""
    slots = schedule.slots()
    if not slots or runs.active() is not None:
        return
    upcoming = weekly.next_session(slots, clock.now(), localtime.zone())
    if upcoming is None:
        return
    name = upcoming.slot.routine_name
    with st.container(border=True, horizontal=True, vertical_alignment="center",
                      key="week-next"):
        st.markdown(f":material/event: Next in your weekly plan: **{plain(name)}**, "
                    f"{upcoming.when(clock.now())}.", width="stretch")
        keys = {name: key for name, (key, _routine)
                in handoff.routines_by_name(routines, catalog).items()}
        first = next(iter(keys.values()), "")  # where the Run page's picker starts
        found = keys.get(name)
        if found is not None and st.session_state.get(controls.CHOICE, first) != found:
            st.button("Choose it", key=PICK, on_click=controls.choose, args=(found,))
