import streamlit as st

from planner.ui import pages
from planner.ui.app import navigation, server, startup

if __name__ == "__main__":  # a page view: Streamlit runs this file as the app's script
    startup.wait()
    st.set_page_config(page_title="Solace", page_icon=navigation.PAGE_ICON, layout="wide")
    navigation.run(pages.navigation())
else:  # `streamlit run streamlit_app.py` imports it to serve it, loading libraries as it starts
    app = st.App(__file__, lifespan=startup.lifespan, middleware=server.middleware())
