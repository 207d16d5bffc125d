"""The Plan page's weekly plan: the days and times, a calendar file, and a form to add one.
What's next is on the Run page (planner.ui.run.upcoming), how the weeks went on Insights
(planner.ui.insights.adherence)."""

from __future__ import annotations

from datetime import time, timedelta

import streamlit as st

from planner.catalog.model import Catalog
from planner.kernel import clock, limits
from planner.kernel.formatting import format_ahead
from planner.routines.model import Routine, total_seconds
from planner.routines.repo import RoutineRepo
from planner.schedule import model as weekly
from planner.schedule.repo import ScheduleRepo
from planner.settings.model import HealthProfile, Screening, names_in_words, screen
from planner.ui import handoff
from planner.ui.kit import guard, localtime, messages
from planner.ui.kit.numbers import number_box
from planner.ui.kit.text import plain

SCOPE = "week-plan"  # messages
WEEKDAY, TIME, ROUTINE, REMINDER = "week-day", "week-time", "week-routine", "week-reminder"
SUGGEST, ADD, CALENDAR = "week-suggest", "week-add", "week-ics"
ADD_OPEN = "week-add-open"
PREFERRED = "Bedtime wind-down"  # the preset suggested when no routine is saved yet


def remove_key(slot: weekly.Slot) -> str:
    return f"week-remove-{slot.id}"


def _suggested_routine(named: dict[str, tuple[str, Routine]], catalog: Catalog,
                       profile: HealthProfile) -> tuple[str, Screening]:
    """The first saved routine, else the preferred preset; but one the health profile allows
    in full before one with steps it advises against."""
    saved = [name for name, (key, _routine) in named.items() if handoff.is_saved(key)]
    order = saved or ([PREFERRED] if PREFERRED in named else []) + list(named)
    screened = {name: screen(named[name][1], catalog, profile) for name in order}
    name = next((n for n in order if screened[n].clear), order[0])
    return name, screened[name]


def _left_out(screening: Screening) -> str:
    """What the Run page leaves out of a routine, in words ("" for nothing)."""
    if screening.clear:
        return ""
    return (f"Run leaves out {names_in_words(screening.names)} (not advised with your health "
            "profile) unless you confirm there")


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
    return f"reminder {format_ahead(minutes)} before"


def _slot_list(schedule: ScheduleRepo, slots: list[weekly.Slot],
               screened: dict[str, Screening]) -> None:
    messages.show_problem(SCOPE, "list")
    for slot in slots:
        with st.container(border=True, horizontal=True, vertical_alignment="center",
                          key=f"week-slot-{slot.id}"):
            found = screened.get(slot.routine_name)
            unknown = " · no longer saved" if found is None else ""
            left_out = _left_out(found) if found is not None else ""
            st.markdown(f"**{slot.label}** · {plain(slot.routine_name)}  \n"
                        f":small[{_reminder_text(slot.reminder_minutes)}{unknown}]"
                        + (f"  \n:small[:material/block: {plain(left_out)}.]" if left_out
                           else ""), width="stretch")
            st.button("Remove", icon=":material/close:", key=remove_key(slot), type="tertiary",
                      on_click=_remove, args=(schedule, slot))


def _calendar_download(slots: list[weekly.Slot], names: dict[str, tuple[str, int]],
                       checkin_at: time | None) -> None:
    from planner.schedule.ics import calendar  # only with a plan: the Run page needs none
    seconds = {name: length for name, (_key, length) in names.items()}
    st.download_button(
        "Add to my calendar (.ics)", key=CALENDAR, on_click="ignore",
        data=calendar(slots, localtime.zone(), clock.now(), seconds, checkin_at),
        file_name="solace-weekly-plan.ics", mime="text/calendar",
        icon=":material/calendar_add_on:")
    daily = (f" Your daily check-in reminder at {checkin_at:%H:%M} is in it too."
             if checkin_at else "")
    st.caption(f"Each time repeats every week with a reminder, in your time zone "
               f"({plain(localtime.zone_name())}).{daily} Open the file with your calendar "
               "app; importing a newer file later updates the same events.")


def _suggestion(schedule: ScheduleRepo, named: dict[str, tuple[str, Routine]],
                catalog: Catalog, profile: HealthProfile) -> None:
    routine, screening = _suggested_routine(named, catalog, profile)
    days = " and ".join(f"{weekly.WEEKDAYS[day]} {at:%H:%M}" for day, at in weekly.SUGGESTED)
    left_out = _left_out(screening)
    with st.container(border=True, key="week-suggestion"):
        st.markdown(f"**No plan yet.** Twice a week, on a Sunday evening and a Wednesday "
                    f"night, is a gentle rhythm to start with: {days}, with "
                    f"{plain(routine)}." + (f" {plain(left_out)}." if left_out else ""))
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


def weekly_plan(schedule: ScheduleRepo, routines: RoutineRepo, catalog: Catalog,
                profile: HealthProfile, checkin_at: time | None = None) -> None:
    """The Plan page's weekly plan: the times, a calendar file, and a form to add one; each
    routine as the health profile sees it (the rule the Run page follows)."""
    st.divider()
    st.subheader("Weekly plan", anchor=False)
    st.write("The days and times you mean to do a routine. The **Run** page shows what's "
             "next, **Insights** how the weeks went, and your calendar can remind you.")
    messages.show_notice(SCOPE)
    slots = schedule.slots()
    named = handoff.routines_by_name(routines, catalog)
    names = {name: (key, total_seconds(routine, catalog))
             for name, (key, routine) in named.items()}
    left, right = st.columns([1, 1], gap="large")
    with left:
        if not slots:
            _suggestion(schedule, named, catalog, profile)
        else:
            _slot_list(schedule, slots, {name: screen(routine, catalog, profile)
                                         for name, (_key, routine) in named.items()})
            _calendar_download(slots, names, checkin_at)
    with right:
        _add_form(schedule, list(names))
