"""Choices drawn as rows of buttons: a yes-or-no question, and a day picked from the usual ones
or, only when asked for, on a calendar.

Rows of buttons share one piece of Streamlit's browser code, so a fresh visit fetches no switch,
date or number-box code for them (planner/tools/visits.py); and each usual answer is one press.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

YES_NO = {True: "Yes", False: "No"}


def yes_no(label: str, key: str, default: bool | None = None, required: bool = False,
           help: str | None = None) -> bool | None:
    """Yes or No (None: not answered, unless ``required``)."""
    return st.segmented_control(label, list(YES_NO), format_func=YES_NO.get, default=default,
                                key=key, required=required, help=help)


def day_picker(label: str, key: str, usual: dict[str, tuple[str, date]], default: str,
               another: str, calendar_key: str, calendar_day: date, earliest: date,
               latest: date | None = None, help: str | None = None) -> date | None:
    """The usual days as one press each (``usual``: choice to its label and day; ``default``
    chosen at first), or ``another`` ("Another day") and a calendar, drawn only then and
    showing ``calendar_day`` at first. Returns the day chosen, None while the calendar is
    empty."""
    labels = {choice: text for choice, (text, _day) in usual.items()} | {another: "Another day"}
    st.session_state.setdefault(key, default)
    choice = st.segmented_control(label, list(labels), format_func=labels.get, key=key,
                                  required=True, help=help)
    if choice in usual:
        return usual[choice][1]
    st.session_state.setdefault(calendar_key, calendar_day)
    # Back in range: the person's time zone, and so their today, may have changed since.
    kept = st.session_state[calendar_key]
    if isinstance(kept, date):
        kept = max(kept, earliest)
        st.session_state[calendar_key] = kept if latest is None else min(kept, latest)
    day = st.date_input("Which day", min_value=earliest, max_value=latest, key=calendar_key,
                        format="YYYY-MM-DD", width=220)
    return day if isinstance(day, date) else None
