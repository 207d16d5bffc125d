import streamlit as st

from planner.ui import placeholders

st.title("Insights")
placeholders.coming_soon(
    "Charts of your stress over time, what each session changed, and an honest comparison of "
    "massage days with compression-sock days.",
)
