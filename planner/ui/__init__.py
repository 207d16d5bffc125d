"""Streamlit pieces shared by the pages.

``start_page(title)`` opens every page: it gives the browser tab the page's own title, and it
fixes a Streamlit start-up quirk: while no visitor has yet run
``streamlit_app.py`` (which calls ``st.navigation``), Streamlit treats the sibling ``pages/``
folder as an old-style multipage app, so a deep link such as ``/plan`` would run that page
alone, without our navigation, page config or guard. The server says so as it starts
(planner/ui/app/startup.py); where nothing started a server, as in every run in ``AppTest``, this
switches that mode off and reruns through the entry script.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx


def start_page(title: str, heading: str | None = None, intro: str | None = None) -> None:
    """Every page's first line: run through the navigation, title the browser tab, and head
    the page (``heading``, the title if not given, then a line of ``intro``)."""
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.set_page_config(page_title=f"{title} · Solace")
    st.title(heading or title)
    if intro:
        st.write(intro)
