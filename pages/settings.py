import streamlit as st

from planner.ui import resources, settings

store = resources.store()

st.title("Settings")
settings.health_profile_form(store)
settings.sound_form(store)
settings.storage_info(store)
