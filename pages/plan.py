import streamlit as st

from planner import ui
from planner.safety import NOT_MEDICAL_ADVICE
from planner.ui import builder, resources

ui.through_navigation()

store = resources.store()
catalog = resources.catalog()
profile = resources.profile()

st.title("Plan a routine")
st.write("Put techniques in the order you like, set how long each takes, and save the routine "
         "to follow it on the **Run** page.")
builder.show_notice()

main, side = st.columns([2, 1], gap="large")
with main:
    builder.presets_picker(catalog, profile)
    builder.builder(store, catalog, profile)
with side:
    builder.saved_routines(store, catalog)
    st.caption(NOT_MEDICAL_ADVICE)
