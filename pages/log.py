import streamlit as st

from planner.ui import log, resources

st.title("Log")
st.write("Your sessions, with how stressed you felt before and after. Daily check-ins "
         "(compression socks, swelling, foot pain, sleep) are coming next.")
log.session_history(resources.store())
