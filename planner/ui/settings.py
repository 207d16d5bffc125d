"""The health profile form and where data is kept."""

from __future__ import annotations

import streamlit as st

from planner.catalog import Condition
from planner.config import DATABASE_URL_VARIABLE
from planner.safety import CONDITION_LABELS, NOT_MEDICAL_ADVICE, HealthProfile
from planner.store import Store, StoreError


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


def storage_info(store: Store) -> None:
    st.subheader("Your data", anchor=False)
    url = store.engine.url.render_as_string(hide_password=True)
    st.write("Routines and your profile are kept in this database:")
    st.code(url, language=None)
    st.caption(f"To keep them somewhere else, start Solace with the environment variable "
               f"`{DATABASE_URL_VARIABLE}` set to another SQLAlchemy URL, for example "
               f"`sqlite:////path/to/solace.db`.")
