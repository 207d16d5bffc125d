import streamlit as st

from planner import ui
from planner.experiments import ui as experiment
from planner.ui import resources

ui.start_page("Experiment")
store = resources.store()

st.title("Experiment")
st.write("Do massage days or compression-sock days help you more? A fair test: Solace plans "
         "the days by chance, you follow the plan and check in each evening, and the results "
         "compare like with like.")
experiment.page(store.experiments, store.frames)
