"""The Library's technique cards: one HTML element for all of them, each card with its "Add to
routine" button, and a small component that tells the server which button was pressed.

A card per bordered container, with its HTML and a Streamlit button, made 42 elements for 14
techniques: on a fresh visit the browser drew the last card's button about 280 ms after the
page's heading (planner/tools/visits.py), spending that time on the elements, not on their
content. The cards now come in one HTML element, the kind the sidebar's theme switch is, so
the browser needs no more of Streamlit's code for them. The component comes beside
them: it brings the browser Streamlit's component loader (about 190 kB) to load, so the cards
are not put inside it (inside it, they came about 250 ms after the heading). Until it has
loaded, the cards' own script keeps the presses on the holder; the component then reports
them (its ``presses`` state: the last few, each with a token and the technique's id).

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
_HANDLED = "technique-cards-handled"  # the presses' tokens already acted on
RECENT = 20  # presses the component reports each time, the newest last
_PRESS_EVENT = "solace-add"

# Each press joins the holder's list of presses not yet sent, and tells the holder.
_CARDS_SCRIPT = """(() => {
  const grid = document.currentScript.previousElementSibling;
  grid.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-add]");
    const holder = grid.closest(".st-key-HOLDER");
    if (!button || !holder) return;
    (holder.__solacePressed = holder.__solacePressed || []).push(button.dataset.add);
    holder.dispatchEvent(new CustomEvent("PRESS_EVENT"));
  });
})();""".replace("HOLDER", HOLDER).replace("PRESS_EVENT", _PRESS_EVENT)

# The component reports the last RECENT presses, each with a token of its own, as its state:
# a press the server has not acted on yet comes again with the next, however Streamlit merges
# messages sent close together (a trigger keeps only the newest value, so of two quick presses
# on two cards one was lost). Streamlit runs the function again on a rerun without calling the
# last run's cleanup: each run ends the one before it (as the chart pictures' component does,
# planner/ui/kit/pictures.py).
_JS = """
export default function ({ parentElement, setStateValue }) {
  const holder = parentElement.closest(".st-key-HOLDER");
  if (!holder) return;
  if (holder.__solaceStop) holder.__solaceStop();
  const sent = holder.__solaceSent = holder.__solaceSent || [];
  const send = () => {
    const pressed = holder.__solacePressed || [];
    if (!pressed.length) return;
    holder.__solacePressed = [];
    for (const chosen of pressed) {
      sent.push([Date.now().toString(36) + "-" + Math.random().toString(36).slice(2), chosen]);
    }
    sent.splice(0, Math.max(0, sent.length - RECENT));
    setStateValue("presses", sent.slice());
  };
  holder.addEventListener("PRESS_EVENT", send);
  send();  // pressed before this code had loaded
  const stop = () => holder.removeEventListener("PRESS_EVENT", send);
  holder.__solaceStop = stop;
  return stop;
}
""".replace("HOLDER", HOLDER).replace("PRESS_EVENT", _PRESS_EVENT).replace(
    "RECENT", str(RECENT))

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
    """One card: the technique (planner/catalog/card.py), its cautions, its button (named
    after the technique too, for a list of the page's buttons read aloud)."""
    heading = f"card-{technique.id}-name"
    return (f'<article class="solace-card-box" data-technique="{escape(technique.id)}" '
            f'aria-labelledby="{escape(heading)}">{card_html(technique, catalog, heading)}'
            + "".join(caution_html(warning) for warning in warnings)
            + f'<button type="button" class="solace-add" data-add="{escape(technique.id)}">'
            '<span class="solace-icon" aria-hidden="true">playlist_add</span> Add to routine'
            f'<span class="solace-visually-hidden">: {escape(technique.name)}</span>'
            "</button></article>")


def technique_cards(cards: list[tuple[Technique, list[StepWarning]]], catalog: Catalog,
                    on_add: Callable[[str], None]) -> None:
    """The cards, in order; ``on_add`` gets the id of the technique whose button was pressed."""
    markup = "".join(card_markup(technique, catalog, warnings) for technique, warnings in cards)
    with st.container(key=HOLDER, gap=None):
        st.html(f'<div class="solace-card-grid">{markup}</div><script>{_CARDS_SCRIPT}</script>',
                unsafe_allow_javascript=True)
        _COMPONENT(key=KEY, height="content", on_presses_change=lambda: _pressed(on_add))


def _pressed(on_add: Callable[[str], None]) -> None:
    """Each press reported that was not acted on yet, in the order they came."""
    handled: list[str] = st.session_state.setdefault(_HANDLED, [])
    for press in (st.session_state.get(KEY) or {}).get("presses") or []:
        if not (isinstance(press, list) and len(press) == 2
                and all(isinstance(part, str) for part in press)):
            continue  # not what the component sends
        token, chosen = press
        if token not in handled:
            handled.append(token)
            on_add(chosen)
    del handled[:-2 * RECENT]  # the browser reports the last RECENT only
