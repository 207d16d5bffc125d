import streamlit as st

from planner import ui
from planner.catalog import ui as library
from planner.catalog.model import filter_techniques
from planner.ui import resources

ui.start_page("Library")
catalog, profile = resources.catalog(), resources.profile()

st.title("Technique library")
st.write("Every technique Solace can put in a routine: what it is for, how to do it, how long it "
         "takes and what to watch out for. Build routines from them on the **Plan** page.")
techniques_tab, points_tab = library.tabs()
if techniques_tab.open:
    with techniques_tab:
        categories, equipment, fits_in, query = library.filters(catalog)
        library.technique_grid(filter_techniques(catalog, categories, equipment, fits_in,
                                                 query), catalog, profile)
if points_tab.open:
    with points_tab:
        library.pressure_point_guide(catalog)
