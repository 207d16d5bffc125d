import streamlit as st

from planner import ui
from planner.ui.experiment.today import today_banner
from planner.ui.kit import localtime, resources
from planner.ui.log import checkin, history, sample, session

ui.start_page("Log", intro="A short check-in each day, and every session you do. Insights "
              "draws its charts from these.")
store = resources.store()
today_banner(store.experiments, localtime.today(), resources.catalog(),
             resources.profile())
sample.sample_controls(store.sample, resources.catalog(), empty=store.is_empty())
form, past = st.columns([1, 1], gap="large")
with form:
    checkin.checkin_form(store.checkins, store.experiments)
    session.manual_session_form(store.sessions)
with past:
    history.history(store.checkins, store.sessions)
