import streamlit as st

from planner import ui
from planner.runs import ui as run
from planner.schedule import ui as schedule_ui
from planner.ui import resources

ui.through_navigation()

st.title("Run a routine")
schedule_ui.whats_next(resources.store(), resources.catalog())
run.page(resources.store(), resources.catalog(), resources.profile())
