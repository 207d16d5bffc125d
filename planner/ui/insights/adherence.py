"""On the Insights page: the weekly plan's sessions against the sessions done, per week."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from planner.kernel import clock
from planner.schedule import model as weekly
from planner.schedule.model import Week
from planner.schedule.repo import ScheduleRepo
from planner.ui import pages
from planner.ui.kit import localtime, pictures, vega


@st.cache_data(max_entries=32, show_spinner=False)
def _adherence_spec(weeks: tuple[Week, ...]) -> dict:
    """Built once per set of weeks."""
    from planner.schedule import charts

    return vega.spec(charts.adherence_chart(weeks))


def adherence(schedule: ScheduleRepo) -> None:
    """On the Insights page: planned sessions against sessions done, per week."""
    st.subheader("Your weekly plan: planned and done", anchor=False)
    slots = schedule.slots()
    if not slots:
        st.caption("Plan the days and times you mean to do a routine, and this shows week by "
                   "week how many of them you did.")
        pages.PLAN.link("Set up a weekly plan", icon=":material/event_repeat:")
        return
    zone, now = localtime.zone(), clock.now()
    since = localtime.today() - timedelta(weeks=weekly.ADHERENCE_WEEKS)
    weeks = weekly.weekly_adherence(slots, schedule.done_days(since, zone), now, zone)
    st.caption("Sessions your plan had up to now, and the sessions you did (any routine), each "
               "week from Monday. A week with more done than planned doesn't make up for "
               "another.")
    if any(week.planned for week in weeks):  # else an empty chart would say nothing
        pictures.chart(_adherence_spec(tuple(weeks)), "insights-plan",
                       (schedule.db.url, schedule.owner_id))
    st.markdown(weekly.adherence_sentence(weeks))
