"""A technique's cautions for the person's health profile, as the Plan page's steps show them
(the Library's cards say the same in their own HTML: planner/ui/library/cards.py)."""

from __future__ import annotations

import streamlit as st

from planner.settings.model import StepWarning


def show_warnings(warnings: list[StepWarning]) -> None:
    """A technique's cautions that concern the person's profile: "avoid" in red, "care" in
    amber."""
    for warning in warnings:
        if warning.level == "avoid":
            st.error(f"**Not advised** (with {warning.label}): {warning.advice}",
                     icon=":material/block:")
        else:
            st.warning(f"**Take care** (with {warning.label}): {warning.advice}",
                       icon=":material/info:")
