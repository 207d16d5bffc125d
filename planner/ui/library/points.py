"""The Library page's guide to where the pressure points are."""

from __future__ import annotations

import streamlit as st

from planner.catalog.diagram import diagram_title, foot_diagram_svg
from planner.catalog.model import Catalog


def pressure_point_guide(catalog: Catalog) -> None:
    st.write("Three acupressure points are used in Solace's routines. Find them with your thumb; "
             "they often feel slightly tender or hollow.")
    # As an <img>, the drawing's own title is out of a screen reader's reach: say it again.
    st.image(foot_diagram_svg(catalog.pressure_points), width="stretch",
             alt=f"{diagram_title(catalog.pressure_points)}, on three views of the foot; each "
                 "is described below.")
    for point in catalog.pressure_points:
        st.markdown(f"**{point.code} · {point.name}**: {point.where}")
