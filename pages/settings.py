import streamlit as st

from planner import ui
from planner.ui import resources, settings

ui.through_navigation()

store = resources.store()

st.title("Settings")
settings.health_profile_form(store)
settings.sound_form(store)
settings.storage_info(store)
