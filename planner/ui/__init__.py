"""Streamlit pieces shared by the pages.

Importing this package also fixes a Streamlit start-up quirk: while no visitor has yet run
``streamlit_app.py`` (which calls ``st.navigation``), Streamlit treats the sibling ``pages/`` folder
as an old-style multipage app, so a deep link such as ``/plan`` right after the server starts would
run that page alone, without our navigation or page config. The first such run switches the mode
off and reruns through the entry script; every page imports ``planner.ui``, so this always runs.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
    PagesManager.uses_pages_directory = False
    st.rerun()
