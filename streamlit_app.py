import streamlit as st

from planner.ui import navigation, server, startup

if __name__ == "__main__":  # a page view: Streamlit runs this file as the app's script
    startup.wait()
    st.set_page_config(page_title="Solace", page_icon=navigation.PAGE_ICON, layout="wide")
    navigation.run([
        st.Page("pages/library.py", title="Library", icon=":material/menu_book:", default=True),
        st.Page("pages/plan.py", title="Plan", icon=":material/edit_note:"),
        st.Page("pages/run.py", title="Run", icon=":material/timer:"),
        st.Page("pages/log.py", title="Log", icon=":material/edit_calendar:"),
        st.Page("pages/insights.py", title="Insights", icon=":material/insights:"),
        st.Page("pages/experiment.py", title="Experiment", icon=":material/science:"),
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
    ])
else:  # `streamlit run streamlit_app.py` imports it to serve it, loading libraries as it starts
    app = st.App(__file__, lifespan=startup.lifespan, middleware=server.middleware())
