"""Number boxes that let every number typed reach the server."""

from __future__ import annotations

import streamlit as st


def number_box(label: str, where=None, **options):
    """``st.number_input`` with no min or max of its own.

    Streamlit's browser code keeps a number outside a box's bounds from the server: the box
    turns red, and the form is then saved without it (or its submit button does nothing). With
    no bounds in the box, whatever is typed reaches the server, whose check (the bounds of
    planner.kernel.limits) says in words what is allowed, and nothing is saved until it fits.
    """
    if "min_value" in options or "max_value" in options:
        raise TypeError("number_box takes no bounds: the server checks them")
    return (where or st).number_input(label, **options)
