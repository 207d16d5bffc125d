import streamlit as st

from planner.ui import resources, run

st.title("Run a routine")
run.page(resources.store(), resources.catalog(), resources.profile())
