import streamlit as st

from planner import ui
from planner.runs import ui as run
from planner.ui import resources

ui.through_navigation()

st.title("Run a routine")
run.page(resources.store(), resources.catalog(), resources.profile())
