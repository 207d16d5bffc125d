from pathlib import Path

import streamlit as st

from planner.ui import account, guard, theme

ICON = Path(__file__).parent / "planner" / "ui" / "assets" / "solace-icon.png"

st.set_page_config(page_title="Solace", page_icon=ICON, layout="wide")

pages = [
    st.Page("pages/library.py", title="Library", icon=":material/menu_book:", default=True),
    st.Page("pages/plan.py", title="Plan", icon=":material/edit_note:"),
    st.Page("pages/run.py", title="Run", icon=":material/timer:"),
    st.Page("pages/log.py", title="Log", icon=":material/edit_calendar:"),
    st.Page("pages/insights.py", title="Insights", icon=":material/insights:"),
    st.Page("pages/experiment.py", title="Experiment", icon=":material/science:"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
]
theme.app_style()
if account.sign_in_enabled() and account.signed_in() is None:  # a hosted Solace: sign in first
    pages = [st.Page(account.sign_in_page, title="Sign in", icon=":material/login:")]
elif account.sign_in_enabled():
    account.sidebar()
theme.theme_switch([page.url_path for page in pages])
with guard.page():  # a database failure on any page is a plain message, not a traceback
    st.navigation(pages).run()
