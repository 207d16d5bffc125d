import streamlit as st

from planner.catalog import filter_techniques
from planner.diagram import foot_diagram_svg
from planner.ui import library, resources

catalog = resources.catalog()
profile = resources.profile()

st.title("Technique library")
st.write("Every technique Solace can put in a routine: what it is for, how to do it, how long it "
         "takes and what to watch out for. Build routines from them on the **Plan** page.")

categories, equipment, fits_in = library.filters(catalog)
techniques = filter_techniques(catalog, categories, equipment, fits_in)

if not techniques:
    st.info("No technique matches these filters. Clear a filter to see more.")
columns = st.columns(2)
for index, technique in enumerate(techniques):
    with columns[index % 2]:
        library.technique_card(technique, profile)

st.header("Where the pressure points are", anchor=False)
st.image(foot_diagram_svg(catalog.pressure_points), width="stretch")
for point in catalog.pressure_points:
    st.markdown(f"**{point.code} · {point.name}**: {point.where}")
