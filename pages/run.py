import streamlit as st

from planner.ui import placeholders

st.title("Run a routine")
placeholders.coming_soon(
    "Pick a saved routine or a preset and follow it hands-free: a large countdown for each step, "
    "which foot, what comes next, sounds at each change, and pause, skip, back and stop.",
)
