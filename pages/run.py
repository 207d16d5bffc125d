import streamlit as st

from planner import ui
from planner.ui import resources, run

ui.through_navigation()

st.title("Run a routine")
run.page(resources.store(), resources.catalog(), resources.profile())
