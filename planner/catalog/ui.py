"""Technique cards and the library filters."""

from __future__ import annotations

import streamlit as st

from planner.catalog.diagram import foot_diagram_svg
from planner.catalog.model import Catalog, Technique
from planner.kernel.formatting import format_total
from planner.settings.model import HealthProfile, StepWarning, warnings_for

PRESSURE_LABELS = {"none": "No pressure", "light": "Light pressure",
                   "moderate": "Moderate pressure", "firm": "Firm pressure"}


def duration_text(technique: Technique) -> str:
    per = " per foot" if technique.per_foot else ""
    return (f"{format_total(technique.default_seconds)}{per} "
            f"(from {format_total(technique.min_seconds)} to "
            f"{format_total(technique.max_seconds)})")


def show_warnings(warnings: list[StepWarning]) -> None:
    for warning in warnings:
        if warning.level == "avoid":
            st.error(f"**Not advised** (with {warning.label}): {warning.advice}",
                     icon=":material/block:")
        else:
            st.warning(f"**Take care** (with {warning.label}): {warning.advice}",
                       icon=":material/info:")


def technique_grid(techniques: list[Technique], catalog: Catalog,
                   profile: HealthProfile) -> None:
    if not techniques:
        st.info("No technique matches these filters. Clear a filter to see more.")
    columns = st.columns(2)
    for index, technique in enumerate(techniques):
        with columns[index % 2]:
            technique_card(technique, catalog, profile)


def pressure_point_guide(catalog: Catalog) -> None:
    st.write("Three acupressure points are used in Solace's routines. Find them with your thumb; "
             "they often feel slightly tender or hollow.")
    st.image(foot_diagram_svg(catalog.pressure_points), width="stretch")
    for point in catalog.pressure_points:
        st.markdown(f"**{point.code} · {point.name}**: {point.where}")


def technique_card(technique: Technique, catalog: Catalog, profile: HealthProfile) -> None:
    with st.container(border=True, key=f"card-{technique.id}"):
        st.subheader(technique.name, anchor=False)
        with st.container(horizontal=True, gap="small"):
            st.badge(technique.category, color="blue")
            st.badge(PRESSURE_LABELS[technique.pressure.value], color="gray")
            if technique.per_foot:
                st.badge("Each foot", color="violet")
        st.write(technique.purpose)
        st.caption(f":material/timer: {duration_text(technique)}")
        if technique.equipment:
            st.caption(":material/inventory_2: " + ", ".join(technique.equipment))
        with st.expander("How to do it"):
            if technique.pressure_point:
                point = catalog.point(technique.pressure_point)
                st.markdown(f"**Where:** {point.where}")
            st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(technique.how_to, 1)))
            if technique.cautions:
                st.markdown("**Cautions**")
                st.markdown("\n".join(f"- {c.advice}" for c in technique.cautions))
        show_warnings(warnings_for(technique, profile))


def filters(catalog: Catalog) -> tuple[list[str], list[str], int | None]:
    """Category, equipment at hand, and a time limit, as chosen by the person."""
    categories = st.pills("Category", catalog.categories, selection_mode="multi",
                          key="library-categories")
    left, right = st.columns([3, 2])
    equipment = left.multiselect(
        "What you have at hand", catalog.equipment, key="library-equipment",
        placeholder="Anything", help="Show only techniques that need nothing else.",
    )
    minutes = right.select_slider(
        "Time you have", options=[1, 2, 5, 10, 15, 20, 30], value=30,
        format_func=lambda m: f"{m} min" if m < 30 else "Any", key="library-minutes",
    )
    return categories, equipment, None if minutes >= 30 else minutes * 60
