import streamlit as st

from planner import ui
from planner.ui.kit import resources
from planner.ui.plan import builder, saved, weekly

ui.start_page("Plan", "Plan a routine", "Put techniques in the order you like, set how long "
              "each takes, and save the routine to follow it on the **Run** page.")
store, catalog, profile = resources.store(), resources.catalog(), resources.profile()
builder.show_notice()
main, side = st.columns([2, 1], gap="large")
with main:
    saved.presets_picker(catalog, profile)
    builder.builder(store.routines, catalog, profile)
with side:
    saved.saved_routines(store.routines, catalog)
weekly.weekly_plan(store.schedule, store.routines, catalog, profile,
                   store.settings.preferences().checkin_reminder)
