import streamlit as st

from planner import ui
from planner.experiments import ui as experiment
from planner.runs import ui as run
from planner.ui import localtime, resources

ui.start_page("Run")
store = resources.store()

st.title("Run a routine")
experiment.today_banner(store.experiments, localtime.today())
run.page(store, resources.catalog(), resources.profile())
