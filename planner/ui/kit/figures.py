"""Figures in a row, each a small label over a large value: what ``st.metric`` shows, drawn as
one HTML element. ``st.metric`` makes a fresh visit fetch nine more scripts (its number
formatting and a chart loader), which cost the server about 35 ms and the browser more
(planner/tools/visits.py). Labels and values are escaped, so nothing in them is run as markup;
the look is in planner/ui/assets/solace.css."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import streamlit as st


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""  # a line under the value saying how it is counted


def figure_row_html(figures: list[Figure], framed: bool = False) -> str:
    tiles = "".join(
        f'<div class="solace-stat{" solace-stat-framed" if framed else ""}">'
        f'<div class="solace-stat-label">{escape(f.label)}</div>'
        f'<div class="solace-stat-value">{escape(f.value)}</div>'
        + (f'<div class="solace-stat-note">{escape(f.note)}</div>' if f.note else "")
        + "</div>" for f in figures)
    return f'<div class="solace-stats">{tiles}</div>'


def figure_row(figures: list[Figure], framed: bool = False) -> None:
    st.html(figure_row_html(figures, framed))
