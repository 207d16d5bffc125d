"""The weekly plan: set it up (Plan page), see what's next (Run page) and how the weeks went
(Insights page)."""

from __future__ import annotations

from datetime import time, timedelta

import streamlit as st

from planner.catalog.model import Catalog
from planner.kernel import clock, limits
from planner.kernel.formatting import format_total
from planner.routines.model import name_key, routine_from_preset, total_seconds
from planner.routines.repo import RoutineRepo
from planner.schedule import model as weekly
from planner.schedule.model import Week
from planner.schedule.repo import ScheduleRepo
from planner.store import Store
from planner.ui import guard, localtime, messages, vega
from planner.ui.numbers import number_box
from planner.ui.runs.controls import CHOICE as RUN_CHOICE  # the Run page's routine picker
from planner.ui.text import plain

SCOPE = "week-plan"  # messages
WEEKDAY, TIME, ROUTINE, REMINDER = "week-day", "week-time", "week-routine", "week-reminder"
SUGGEST, ADD, CALENDAR, PICK = "week-suggest", "week-add", "week-ics", "week-pick"
ADD_OPEN = "week-add-open"
PLAN_PAGE = "pages/plan.py"
PREFERRED = "Bedtime wind-down"  # the preset suggested when no routine is saved yet


def remove_key(slot: weekly.Slot) -> str:
    return f"week-remove-{slot.id}"


def _routines(routines: RoutineRepo, catalog: Catalog) -> dict[str, tuple[str, int]]:
    """Every routine a slot can name: saved ones first, then presets not saved under the same
    name; by name, with the Run page's key for it and its length in seconds."""
    found: dict[str, tuple[str, int]] = {}
    keys: set[str] = set()
    for routine in routines.list():
        found[routine.name] = (f"saved:{routine.id}", total_seconds(routine, catalog))
        keys.add(name_key(routine.name))
    for preset in catalog.presets:
        if name_key(preset.name) not in keys:
            routine = routine_from_preset(preset)
            found[preset.name] = (f"preset:{preset.id}", total_seconds(routine, catalog))
    return found


def _suggested_routine(names: list[str], saved: int) -> str:
    if saved:
        return names[0]
    return PREFERRED if PREFERRED in names else names[0]


@guard.action(SCOPE, field="add")
def _suggest(schedule: ScheduleRepo, routine_name: str) -> None:
    schedule.add(weekly.suggested_slots(routine_name, localtime.now()))
    messages.notice(SCOPE, f"Planned {routine_name} for Sunday evening and Wednesday night. "
                           "Change or add times whenever you like.")


@guard.action(SCOPE, field="add", field_for=lambda _field: "add")
def _add(schedule: ScheduleRepo) -> None:
    state = st.session_state
    slot = weekly.make_slot(weekday=state.get(WEEKDAY), at=state.get(TIME),
                     routine_name=state.get(ROUTINE), reminder_minutes=state.get(REMINDER),
                     now=localtime.now())
    schedule.add([slot])
    messages.notice(SCOPE, f"Added {slot.label}: {slot.routine_name}.")


@guard.action(SCOPE, field="list")
def _remove(schedule: ScheduleRepo, slot: weekly.Slot) -> None:
    removed = schedule.remove(slot.id)
    messages.notice(SCOPE, f"Removed {slot.label} from your plan." if removed else
                    "That time was already removed in another window.",
                    "success" if removed else "info")


def _reminder_text(minutes: int) -> str:
    if not minutes:
        return "reminder when it starts"
    return f"reminder {format_total(minutes * 60)} before"


def _slot_list(schedule: ScheduleRepo, slots: list[weekly.Slot], names: dict[str, tuple[str, int]]
               ) -> None:
    messages.show_problem(SCOPE, "list")
    for slot in slots:
        with st.container(border=True, horizontal=True, vertical_alignment="center",
                          key=f"week-slot-{slot.id}"):
            unknown = "" if slot.routine_name in names else " · no longer saved"
            st.markdown(f"**{slot.label}** · {plain(slot.routine_name)}  \n"
                        f":small[{_reminder_text(slot.reminder_minutes)}{unknown}]",
                        width="stretch")
            st.button("Remove", icon=":material/close:", key=remove_key(slot), type="tertiary",
                      on_click=_remove, args=(schedule, slot))


def _calendar_download(slots: list[weekly.Slot], names: dict[str, tuple[str, int]]) -> None:
    from planner.schedule.ics import calendar  # only with a plan: the Run page needs none
    seconds = {name: length for name, (_key, length) in names.items()}
    st.download_button(
        "Add to my calendar (.ics)", key=CALENDAR, on_click="ignore",
        data=calendar(slots, localtime.zone(), clock.now(), seconds),
        file_name="solace-weekly-plan.ics", mime="text/calendar",
        icon=":material/calendar_add_on:")
    st.caption(f"Each time repeats every week with a reminder, in your time zone "
               f"({plain(localtime.zone_name())}). Open the file with your calendar app; "
               "importing a newer file later updates the same events.")


def _suggestion(schedule: ScheduleRepo, names: list[str], saved: int) -> None:
    routine = _suggested_routine(names, saved)
    days = " and ".join(f"{weekly.WEEKDAYS[day]} {at:%H:%M}" for day, at in weekly.SUGGESTED)
    with st.container(border=True):
        st.markdown(f"**No plan yet.** Twice a week, on a Sunday evening and a Wednesday "
                    f"night, is a gentle rhythm to start with: {days}, with "
                    f"{plain(routine)}.")
        st.button("Use this suggestion", key=SUGGEST, type="primary", on_click=_suggest,
                  args=(schedule, routine), icon=":material/event_repeat:")


def _add_form(schedule: ScheduleRepo, names: list[str]) -> None:
    # Drawn once opened: a fresh visit to the Plan page then fetches none of the time and
    # number boxes' code (planner/tools/visits.py). It stays open after adding a time.
    box = st.expander("Add a time", icon=":material/add:", key=ADD_OPEN, on_change="rerun")
    if not box.open:
        return
    with box, st.form("week-add-form", border=False):
        day, at = st.columns(2)
        day.selectbox("Day", range(7), format_func=weekly.WEEKDAYS.__getitem__, key=WEEKDAY,
                      index=6)
        at.time_input("Time", value=time(19, 30), step=timedelta(minutes=5), key=TIME)
        st.selectbox("Routine", names, key=ROUTINE)
        number_box("Remind me this many minutes before",
                   value=weekly.DEFAULT_REMINDER_MINUTES, step=5, key=REMINDER,
                   help=f"From {limits.REMINDER_MINUTES.low} (when it starts) to "
                        f"{limits.REMINDER_MINUTES.high} (a day before).")
        messages.show_problem(SCOPE, "add")
        st.form_submit_button("Add to plan", key=ADD, on_click=_add, args=(schedule,),
                              icon=":material/add:")


def weekly_plan(schedule: ScheduleRepo, routines: RoutineRepo, catalog: Catalog) -> None:
    """The Plan page's weekly plan: the times, a calendar file, and a form to add one."""
    st.divider()
    st.subheader("Weekly plan", anchor=False)
    st.write("The days and times you mean to do a routine. The **Run** page shows what's "
             "next, **Insights** how the weeks went, and your calendar can remind you.")
    messages.show_notice(SCOPE)
    slots = schedule.slots()
    names = _routines(routines, catalog)
    saved = sum(1 for key, _length in names.values() if key.startswith("saved:"))
    left, right = st.columns([1, 1], gap="large")
    with left:
        if not slots:
            _suggestion(schedule, list(names), saved)
        else:
            _slot_list(schedule, slots, names)
            _calendar_download(slots, names)
    with right:
        _add_form(schedule, list(names))


def _pick(key: str) -> None:
    st.session_state[RUN_CHOICE] = key


def whats_next(store: Store, catalog: Catalog) -> None:
    """On the Run page, before a routine starts: the next session in the weekly plan."""
    slots = store.schedule.slots()
    if not slots or store.runs.active() is not None:
        return
    upcoming = weekly.next_session(slots, clock.now(), localtime.zone())
    if upcoming is None:
        return
    name = upcoming.slot.routine_name
    with st.container(border=True, horizontal=True, vertical_alignment="center",
                      key="week-next"):
        st.markdown(f":material/event: Next in your weekly plan: **{plain(name)}**, "
                    f"{upcoming.when(clock.now())}.", width="stretch")
        names = _routines(store.routines, catalog)
        first = next(iter(names.values()), ("", 0))[0]  # where the Run page's picker starts
        found = names.get(name)
        if found is not None and st.session_state.get(RUN_CHOICE, first) != found[0]:
            st.button("Choose it", key=PICK, on_click=_pick, args=(found[0],))


@st.cache_data(max_entries=32, show_spinner=False)
def _adherence_spec(weeks: tuple[Week, ...]) -> dict:
    """Built once per set of weeks. Altair only here, on Insights: Plan and Run, which share
    this module, start faster."""
    from planner.schedule import charts

    return vega.spec(charts.adherence_chart(weeks))


def adherence(schedule: ScheduleRepo) -> None:
    """On the Insights page: planned sessions against sessions done, per week."""
    st.subheader("Your weekly plan: planned and done", anchor=False)
    slots = schedule.slots()
    if not slots:
        st.caption("Plan the days and times you mean to do a routine, and this shows week by "
                   "week how many of them you did.")
        st.page_link(PLAN_PAGE, label="Set up a weekly plan", icon=":material/event_repeat:")
        return
    zone, now = localtime.zone(), clock.now()
    since = localtime.today() - timedelta(weeks=weekly.ADHERENCE_WEEKS)
    weeks = weekly.weekly_adherence(slots, schedule.done_days(since, zone), now, zone)
    st.caption("Sessions your plan had up to now, and the sessions you did (any routine), each "
               "week from Monday. A week with more done than planned doesn't make up for "
               "another.")
    if any(week.planned for week in weeks):  # else an empty chart would say nothing
        st.vega_lite_chart(_adherence_spec(tuple(weeks)), width="stretch")
    st.markdown(weekly.adherence_sentence(weeks))
