import streamlit as st

from planner import ui
from planner.experiments import ui as experiment
from planner.journal import checkin_ui, history_ui, sample_ui, session_ui
from planner.ui import localtime, resources

ui.start_page("Log", intro="A short check-in each day, and every session you do. Insights "
              "draws its charts from these.")
store = resources.store()
experiment.today_banner(store.experiments, localtime.today())
sample_ui.sample_controls(store.sample, resources.catalog(), empty=store.is_empty())
form, past = st.columns([1, 1], gap="large")
with form:
    checkin_ui.checkin_form(store.checkins, store.experiments)
    session_ui.manual_session_form(store.sessions)
with past:
    history_ui.history(store.checkins, store.sessions)
