"""The health profile form and where data is kept."""

from __future__ import annotations

import streamlit as st

from planner.catalog import Condition
from planner.config import DATABASE_URL_VARIABLE
from planner.safety import CONDITION_LABELS, NOT_MEDICAL_ADVICE, HealthProfile
from planner.sessions import Preferences
from planner.store import Store, StoreError
from planner.ui.countdown import sound_check


def health_profile_form(store: Store) -> None:
    st.subheader("Health profile", anchor=False)
    st.write("Tick what applies to you. Solace then marks the steps that need care and asks "
             "before adding ones that are usually advised against. It stays on this device.")
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
            st.error(f"Not saved. {error}")
        else:
            st.success("Health profile saved.", icon=":material/check:")
    st.info(NOT_MEDICAL_ADVICE, icon=":material/health_and_safety:")


def sound_form(store: Store) -> None:
    st.subheader("Sounds and pacing", anchor=False)
    st.write("What you hear while following a routine on the Run page.")
    current = store.get_preferences()
    with st.form("sound-preferences", border=True):
        muted = st.toggle("Mute all sounds", value=current.muted, key="pref-muted")
        volume = st.slider("Volume", 0, 100, current.volume, step=5, key="pref-volume",
                           format="%d%%")
        speak = st.toggle("Say each step's name aloud", value=current.speak_steps,
                          key="pref-speak",
                          help="Uses your browser's built-in voice, where it has one.")
        left, right = st.columns(2)
        breathe_in = left.number_input("Breathe in for (seconds)", 2, 10,
                                       current.breathe_in_seconds, key="pref-in")
        breathe_out = right.number_input("Breathe out for (seconds)", 2, 12,
                                         current.breathe_out_seconds, key="pref-out")
        submitted = st.form_submit_button("Save sound settings", type="primary")
    if submitted:
        try:
            store.save_preferences(Preferences(
                volume=volume, muted=muted, speak_steps=speak,
                breathe_in_seconds=breathe_in, breathe_out_seconds=breathe_out,
            ))
        except StoreError as error:
            st.error(f"Not saved. {error}")
        else:
            st.success("Sound settings saved.", icon=":material/check:")
    st.caption("Hear the cues with your saved settings:")
    sound_check(store.get_preferences())


def storage_info(store: Store) -> None:
    st.subheader("Your data", anchor=False)
    url = store.engine.url.render_as_string(hide_password=True)
    st.write("Routines and your profile are kept in this database:")
    st.code(url, language=None)
    st.caption(f"To keep them somewhere else, start Solace with the environment variable "
               f"`{DATABASE_URL_VARIABLE}` set to another SQLAlchemy URL, for example "
               f"`sqlite:////path/to/solace.db`.")
