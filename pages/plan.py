import streamlit as st

from planner import ui
from planner.routines import saved_ui
from planner.routines import ui as builder
from planner.schedule import ui as schedule_ui
from planner.ui import resources

ui.start_page("Plan", "Plan a routine", "Put techniques in the order you like, set how long "
              "each takes, and save the routine to follow it on the **Run** page.")
store, catalog, profile = resources.store(), resources.catalog(), resources.profile()
builder.show_notice()
main, side = st.columns([2, 1], gap="large")
with main:
    saved_ui.presets_picker(catalog, profile)
    builder.builder(store.routines, catalog, profile)
with side:
    saved_ui.saved_routines(store.routines, catalog)
schedule_ui.weekly_plan(store.schedule, store.routines, catalog)
