"""Today's experiment day in one line, on the Run and Log pages (and on the Experiment page).

Apart from the Experiment page's module so that the Run and Log pages don't load what that page
needs (pandas, the statistics, the charts): the first visit after a start is quicker.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from planner.catalog.model import Catalog
from planner.experiments.model import OUTCOME_KINDS, WASH_OUT, assignment
from planner.experiments.repo import ExperimentRepo
from planner.settings.model import HealthProfile, massage_note

TODAY_TODO = {"massage": "a foot massage today, and no compression socks.",
              "socks": "compression socks today, and no massage.",
              "both": "a foot massage and compression socks today.",
              "neither": "no massage and no compression socks today.",
              WASH_OUT: "a wash-out day: no massage and no socks, to let the last one fade."}


# An experiment judged by a watch's measure: what of tonight and tomorrow counts for today.
COUNTS_FOR_TODAY = {"resting_hr": "tomorrow morning's resting heart rate",
                    "hrv_sdnn": "tomorrow's heart-rate variability",
                    "sleep_minutes": "tonight's sleep"}


def watch_note(outcome: str) -> str:
    """For an experiment judged by a watch: a reminder to wear it tonight."""
    if OUTCOME_KINDS[outcome].rated:
        return ""
    return f"  \nWear your watch tonight: {COUNTS_FOR_TODAY[outcome]} counts for today."


def today_note(condition: str, catalog: Catalog, profile: HealthProfile) -> str:
    """What a day of ``condition`` means for this health profile: on a massage day, the steps
    the profile advises against are named (the one rule decides which)."""
    note = massage_note(catalog, profile) if condition in ("massage", "both") else None
    return f"  \n{note}" if note else ""


def today_banner(experiments: ExperimentRepo, today: date, catalog: Catalog,
                 profile: HealthProfile) -> None:
    """What today's experiment day asks, if an experiment is running."""
    found = experiments.latest()
    if found is None or not found.running_on(today):
        return
    day = assignment(found.design, today)
    st.info(f"**Today's experiment:** {TODAY_TODO[day.condition]} "
            f"(block {day.block + 1} of {found.design.blocks})"
            f"{today_note(day.condition, catalog, profile)}{watch_note(found.design.outcome)}",
            icon=":material/science:")
