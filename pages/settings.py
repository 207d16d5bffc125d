import streamlit as st

from planner import ui
from planner.backup import ui as backup_ui
from planner.settings import ui as settings
from planner.ui import resources

ui.through_navigation()
store = resources.store()

st.title("Settings")
settings.health_profile_form(store.settings)
settings.sound_form(store.settings)
settings.storage_info(store.db.kind)
backup_ui.your_data(store)
