import streamlit as st

from planner.ui import placeholders

st.title("Log")
placeholders.coming_soon(
    "A short daily check-in (stress, compression socks, swelling, foot pain, sleep) and the "
    "history of the sessions you ran, with their before-and-after stress ratings.",
)
