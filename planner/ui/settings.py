"""The health profile form and where data is kept."""

from __future__ import annotations

import streamlit as st

from planner.catalog import Condition
from planner.kernel import limits
from planner.kernel.errors import StoreError
from planner.safety import CONDITION_LABELS, NOT_MEDICAL_ADVICE, HealthProfile
from planner.sessions import Preferences
from planner.store import Store
from planner.ui import messages
from planner.ui.countdown import sound_check


def health_profile_form(store: Store) -> None:
    st.subheader("Health profile", anchor=False)
    st.write("Tick what applies to you. Solace then marks the steps that need care and asks "
             "before adding ones that are usually advised against. It is kept with your other "
             "records in Solace's database.")
    current = store.get_profile()
    with st.form("health-profile", border=True):
        ticked = {
            condition: st.checkbox(CONDITION_LABELS[condition],
                                   value=condition in current.conditions,
                                   key=f"condition-{condition.value}")
            for condition in Condition
        }
        submitted = st.form_submit_button("Save health profile", type="primary")
    if submitted:
        profile = HealthProfile(conditions=frozenset(c for c, on in ticked.items() if on))
        try:
            store.save_profile(profile)
        except StoreError as error:
            messages.show(f"Not saved. {error}", "error")
        else:
            messages.show("Health profile saved.", "success")
    st.info(NOT_MEDICAL_ADVICE, icon=":material/health_and_safety:")


def sound_form(store: Store) -> None:
    st.subheader("Sounds and pacing", anchor=False)
    st.write("What you hear while following a routine on the Run page.")
    current = store.get_preferences()
    with st.form("sound-preferences", border=True):
        muted = st.toggle("Mute all sounds", value=current.muted, key="pref-muted")
        volume = st.slider("Volume", limits.VOLUME.low, limits.VOLUME.high, current.volume,
                           step=5, key="pref-volume", format="%d%%")
        speak = st.toggle("Say each step's name aloud", value=current.speak_steps,
                          key="pref-speak",
                          help="Uses your browser's built-in voice, where it has one.")
        left, right = st.columns(2)
        breathe_in = left.number_input("Breathe in for (seconds)", limits.BREATHE_IN.low,
                                       limits.BREATHE_IN.high, current.breathe_in_seconds,
                                       key="pref-in")
        breathe_out = right.number_input("Breathe out for (seconds)", limits.BREATHE_OUT.low,
                                         limits.BREATHE_OUT.high, current.breathe_out_seconds,
                                         key="pref-out")
        submitted = st.form_submit_button("Save sound settings", type="primary")
    if submitted:
        try:
            store.save_preferences(Preferences(
                volume=volume, muted=muted, speak_steps=speak,
                breathe_in_seconds=breathe_in, breathe_out_seconds=breathe_out,
            ))
        except StoreError as error:
            messages.show(f"Not saved. {error}", "error")
        else:
            messages.show("Sound settings saved.", "success")
    st.caption("Hear the cues with your saved settings:")
    sound_check(store.get_preferences())


def storage_info(store: Store) -> None:
    st.subheader("Your data", anchor=False)
    st.write(f"Your routines, sessions, check-ins and settings are kept in a {store.db.kind} "
             "database on the computer that runs Solace, not in this browser, so they are "
             "there whichever browser you open Solace in.")
    st.caption("Whoever runs Solace chooses where that database is (the README says how). "
               "Its location isn't shown here, so it stays private to them.")
