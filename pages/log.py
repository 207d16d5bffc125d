import streamlit as st

from planner import ui
from planner.ui import log, resources

ui.through_navigation()

store = resources.store()

st.title("Log")
st.write("A short check-in each day, and every session you do. Insights draws its charts from "
         "these.")
log.show_notice()
log.sample_controls(store, resources.catalog(), empty=not store.has_records())

form, past = st.columns([1, 1], gap="large")
with form:
    log.checkin_form(store)
    log.manual_session_form(store)
with past:
    log.history(store)
