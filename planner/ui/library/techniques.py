"""The Library page's techniques: search and filters, then a card for each technique that
passes them, with a button that adds it to the routine being built on the Plan page."""

from __future__ import annotations

import streamlit as st

from planner.catalog.model import Catalog, Technique, filter_techniques
from planner.settings.model import HealthProfile, needs_confirmation, warnings_for
from planner.ui import handoff, pages
from planner.ui.kit import guard, messages
from planner.ui.library import cards

SCOPE = "library"  # messages
SEARCH, CATEGORIES = "library-search", "library-categories"
EQUIPMENT, MINUTES, CLEAR = "library-equipment", "library-minutes", "library-clear"
TABS = "library-tab"
ANY_TIME = 30


def tabs():
    """The techniques, and where the pressure points are (planner.ui.library.points): only the
    open one is drawn."""
    return st.tabs(["Techniques", "Where the pressure points are"], key=TABS,
                   on_change="rerun")


@guard.action(SCOPE, field="add", refused="")
def _add_to_routine(technique: Technique, profile: HealthProfile) -> None:
    """Into the routine being built on the Plan page; what needs a confirmation waits there."""
    if needs_confirmation(technique, profile):
        handoff.offer_for_routine(technique)
        messages.toast(f"{technique.name} is not usually advised with your health profile: it "
                       "is picked on the Plan page, where you can confirm adding it.", "warning")
        return
    handoff.add_to_routine(technique)
    # A toast, seen wherever the person has scrolled to (the notice sits above the cards).
    messages.toast(f"Added {technique.name} to the routine you're building.")


def _add_chosen(technique_id: str, catalog: Catalog, profile: HealthProfile) -> None:
    """A card's button was pressed: its technique, if the catalog still has it."""
    technique = catalog.by_id.get(technique_id)
    if technique is not None:  # else a card from before the catalog changed: nothing to add
        _add_to_routine(technique, profile)


def _clear_filters() -> None:
    # Set each back to its empty value: a removed key would leave the browser's widget
    # showing (and on the next change sending back) what was chosen before.
    st.session_state[SEARCH] = ""
    st.session_state[CATEGORIES] = []
    st.session_state[EQUIPMENT] = []
    st.session_state[MINUTES] = ANY_TIME


def technique_grid(techniques: list[Technique], catalog: Catalog,
                   profile: HealthProfile) -> None:
    messages.show_notice(SCOPE)
    messages.show_problem(SCOPE, "add")
    if handoff.building_a_routine():
        pages.PLAN.link("Open the routine you're building")
    if not techniques:
        st.info("No technique matches. Clear the search or a filter to see more.")
    # Two cards side by side where there is room, and on a phone one under another in the
    # same order (solace.css).
    cards.technique_cards([(technique, warnings_for(technique, profile))
                           for technique in techniques], catalog,
                          on_add=lambda chosen: _add_chosen(chosen, catalog, profile))


def filters(catalog: Catalog) -> tuple[list[str], list[str], int | None, str]:
    """Category, equipment at hand, a time limit and search words, as chosen by the person."""
    query = st.text_input("Search", key=SEARCH, placeholder="e.g. arch, heel, calm",
                          help="Finds techniques whose name, purpose or steps have every "
                               "word you type.")
    categories = st.pills("Category", catalog.categories, selection_mode="multi",
                          key=CATEGORIES)
    # Rows of buttons, like the categories: a page of buttons only fetches one kind of widget.
    equipment = st.pills("What you have at hand", catalog.equipment, selection_mode="multi",
                         key=EQUIPMENT, help="Show only techniques that need nothing else. "
                                             "None picked: anything goes.")
    st.session_state.setdefault(MINUTES, ANY_TIME)
    minutes = st.segmented_control(
        "Minutes you have", [1, 2, 5, 10, 15, 20, ANY_TIME], key=MINUTES, required=True,
        format_func=lambda m: str(m) if m < ANY_TIME else "Any")
    if query or categories or equipment or minutes < ANY_TIME:
        st.button("Clear filters", icon=":material/filter_alt_off:", key=CLEAR,
                  on_click=_clear_filters, type="tertiary")
    return categories, equipment, None if minutes >= ANY_TIME else minutes * 60, query


def filters_and_cards(catalog: Catalog, profile: HealthProfile) -> None:
    """The filters, then the cards of the techniques that pass them."""
    categories, equipment, fits_in, query = filters(catalog)
    technique_grid(filter_techniques(catalog, categories, equipment, fits_in, query), catalog,
                   profile)
