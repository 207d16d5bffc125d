"""A technique's cautions for the person's health profile, as the Plan page's steps show them
(the Library's cards say the same in their own HTML: planner/ui/library/cards.py)."""

from __future__ import annotations

import streamlit as st

from planner.settings.model import StepWarning

# What a caution of each level says first, and its icon (a Material Symbols name): "avoid" is
# shown in red, "care" in amber.
LEVELS = {"avoid": ("Not advised", "block"), "care": ("Take care", "info")}


def show_warnings(warnings: list[StepWarning]) -> None:
    """A technique's cautions that concern the person's profile."""
    for warning in warnings:
        words, icon = LEVELS[warning.level]
        show = st.error if warning.level == "avoid" else st.warning
        show(f"**{words}** (with {warning.label}): {warning.advice}", icon=f":material/{icon}:")
