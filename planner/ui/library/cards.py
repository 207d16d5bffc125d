"""The Library's technique cards: one HTML element for all of them, each card with its "Add to
routine" button, and a small component that tells the server which button was pressed.

A card per bordered container, with its HTML and a Streamlit button, made 42 elements for 14
techniques: on a fresh visit the browser drew the last card's button about 280 ms after the
page's heading (planner/tools/visits.py), spending that time on the elements, not on their
content. The cards now come in one HTML element, the kind the sidebar's theme switch is, so
the browser has its code already and draws them with the heading. The component comes beside
them: it brings the browser Streamlit's component loader (about 190 kB) to load, so the cards
are not put inside it (inside it, they came about 250 ms after the heading). Until it has
loaded, the cards' own script keeps the last press in ``data-pressed`` and tells the holder;
the component then sends it as its ``add`` trigger, with the technique's id.

Every text is escaped (planner/catalog/card.py, and the cautions here). The look is in
planner/ui/assets/solace.css.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import streamlit as st

from planner.catalog.card import card_html
from planner.catalog.model import Catalog, Technique
from planner.settings.model import StepWarning
from planner.ui.kit.warnings import LEVELS

HOLDER = "technique-cards"
KEY = "technique-cards-presses"
EVENT = "add"

_CARDS_SCRIPT = """(() => {
  const grid = document.currentScript.previousElementSibling;
  grid.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-add]");
    if (!button) return;
    grid.dataset.pressed = button.dataset.add;
    grid.dispatchEvent(new CustomEvent("solace-add", { bubbles: true }));
  });
})();"""

# Streamlit runs the function again on a rerun without calling the last run's cleanup: each
# run ends the one before it (as the chart pictures' component does, planner/ui/kit/pictures.py).
_JS = """
export default function ({ parentElement, setTriggerValue }) {
  const holder = parentElement.closest(".st-key-HOLDER");
  if (!holder) return;
  if (holder.__solaceStop) holder.__solaceStop();
  const send = () => {
    const grid = holder.querySelector(".solace-card-grid[data-pressed]");
    if (!grid) return;
    const chosen = grid.dataset.pressed;
    delete grid.dataset.pressed;
    setTriggerValue("add", chosen);
  };
  holder.addEventListener("solace-add", send);
  send();  // pressed before this code had loaded
  const stop = () => holder.removeEventListener("solace-add", send);
  holder.__solaceStop = stop;
  return stop;
}
""".replace("HOLDER", HOLDER)

_COMPONENT = st.components.v2.component("solace.technique_cards", js=_JS,
                                        isolate_styles=False)


def caution_html(warning: StepWarning) -> str:
    """A caution for the person's profile, in the words and colours of the Plan page's
    (planner/ui/kit/warnings.py)."""
    words, icon = LEVELS[warning.level]
    return (f'<div class="solace-caution solace-caution-{escape(warning.level)}" '
            f'role="note"><span class="solace-icon" aria-hidden="true">{icon}</span>'
            f"<span><strong>{words}</strong> (with {escape(warning.label)}): "
            f"{escape(warning.advice)}</span></div>")


def card_markup(technique: Technique, catalog: Catalog, warnings: list[StepWarning]) -> str:
    """One card: the technique (planner/catalog/card.py), its cautions, its button."""
    heading = f"card-{escape(technique.id)}-name"
    body = card_html(technique, catalog).replace("<h3>", f'<h3 id="{heading}">', 1)
    return (f'<article class="solace-card-box" data-technique="{escape(technique.id)}" '
            f'aria-labelledby="{heading}">{body}'
            + "".join(caution_html(warning) for warning in warnings)
            + f'<button type="button" class="solace-add" data-add="{escape(technique.id)}" '
            f'aria-describedby="{heading}"><span class="solace-icon" aria-hidden="true">'
            "playlist_add</span> Add to routine</button></article>")


def technique_cards(cards: list[tuple[Technique, list[StepWarning]]], catalog: Catalog,
                    on_add: Callable[[str], None]) -> None:
    """The cards, in order; ``on_add`` gets the id of the technique whose button was pressed."""
    markup = "".join(card_markup(technique, catalog, warnings) for technique, warnings in cards)
    with st.container(key=HOLDER, gap=None):
        st.html(f'<div class="solace-card-grid">{markup}</div><script>{_CARDS_SCRIPT}</script>',
                unsafe_allow_javascript=True)
        _COMPONENT(key=KEY, height="content", on_add_change=lambda: _pressed(on_add))


def _pressed(on_add: Callable[[str], None]) -> None:
    chosen = (st.session_state.get(KEY) or {}).get(EVENT)
    if isinstance(chosen, str):
        on_add(chosen)
