"""A technique's card in the Library, as one piece of HTML: its heading, badges, purpose, time
and equipment, and how to do it behind a disclosure the browser opens by itself.

One HTML element rather than Streamlit's markdown and expander: a page of 14 cards is drawn
about a fifth of a second sooner on a fresh visit (planner/tools/visits.py), and "How to do it"
opens at once, without a round trip to the server. Every text is escaped: the catalog is ours,
but nothing in it is ever run as markup. The look is in planner/ui/assets/solace.css.
"""

from __future__ import annotations

from html import escape

from planner.catalog.model import Catalog, Technique, duration_text

PRESSURE_LABELS = {"none": "No pressure", "light": "Light pressure",
                   "moderate": "Moderate pressure", "firm": "Firm pressure"}
BREATHING_NOTE = "On the Run page the breathing circle follows the pace you set in Settings."


def _badge(text: str, colour: str) -> str:
    return f'<span class="solace-badge solace-badge-{colour}">{escape(text)}</span>'


def _fact(icon: str, text: str) -> str:
    # The icon is a ligature of Streamlit's own icon font, hidden from screen readers.
    return (f'<span class="solace-icon" aria-hidden="true">{icon}</span> {escape(text)}')


def how_to_html(technique: Technique, catalog: Catalog) -> str:
    """Where (for a pressure point), the numbered steps, a note for breathing, the cautions."""
    parts = []
    if technique.pressure_point:
        where = catalog.point(technique.pressure_point).where
        parts.append(f"<p><strong>Where:</strong> {escape(where)}</p>")
    parts.append("<ol>" + "".join(f"<li>{escape(step)}</li>" for step in technique.how_to)
                 + "</ol>")
    if technique.is_breathing:
        parts.append(f"<p>{escape(BREATHING_NOTE)}</p>")
    if technique.cautions:
        parts.append("<p><strong>Cautions</strong></p><ul>"
                     + "".join(f"<li>{escape(c.advice)}</li>" for c in technique.cautions)
                     + "</ul>")
    return "".join(parts)


def card_html(technique: Technique, catalog: Catalog, heading_id: str | None = None) -> str:
    """The card; ``heading_id``, if given, names its heading (for what the heading labels)."""
    badges = [_badge(technique.category, "blue"),
              _badge(PRESSURE_LABELS[technique.pressure.value], "gray")]
    if technique.per_foot:
        badges.append(_badge("Each foot", "violet"))
    facts = [_fact("timer", duration_text(technique))]
    if technique.equipment:
        facts.append(_fact("inventory_2", ", ".join(technique.equipment)))
    heading = f'<h3 id="{escape(heading_id)}">' if heading_id else "<h3>"
    return (f'<div class="solace-card">{heading}{escape(technique.name)}</h3>'
            f'<p class="solace-badges">{" ".join(badges)}</p>'
            f"<p>{escape(technique.purpose)}</p>"
            f'<p class="solace-facts">{"<br>".join(facts)}</p>'
            f"<details><summary>How to do it</summary>"
            f'<div class="solace-how-to">{how_to_html(technique, catalog)}</div></details></div>')
