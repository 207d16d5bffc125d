"""The Library page: every technique, filters, empty state, cautions for the profile."""

from __future__ import annotations

import html
import re
import uuid

from planner.catalog.model import load_catalog
from planner.settings.model import HealthProfile
from planner.ui import pages
from planner.ui.apptest import TECHNIQUE_CARDS, html_text, press_add_to_routine, report_state
from tests.helpers import app_store, shown


def cards_markup(app) -> str:
    """The Library's cards, as their one HTML element has them."""
    (markup,) = [h.value for h in app.html if 'class="solace-card-grid"' in h.value]
    return markup


def card_titles(app) -> list[str]:
    """The cards' headings, top to bottom (each card starts with one)."""
    return [html.unescape(name) for name in re.findall(r"<h3[^>]*>(.+?)</h3>", cards_markup(app))]


def test_library_shows_every_technique_and_filters_by_category(open_page):
    app = open_page("library")
    catalog = load_catalog()
    assert set(card_titles(app)) == {t.name for t in catalog.techniques}

    app.pills(key="library-categories").set_value(["Pressure points"]).run()
    assert set(card_titles(app)) == {
        t.name for t in catalog.techniques if t.category == "Pressure points"
    }


def test_library_filters_by_equipment_at_hand_and_time(open_page):
    app = open_page("library")
    app.pills(key="library-equipment").set_value(["Tennis ball or foot roller"]).run()
    titles = card_titles(app)
    assert "Tennis ball or foot roller" in titles
    assert "Warm-water soak" not in titles  # needs a basin
    assert "Deep breathing" in titles  # needs nothing

    app.pills(key="library-equipment").set_value([]).run()
    app.segmented_control(key="library-minutes").set_value(1).run()
    titles = card_titles(app)
    assert "Warm-water soak" not in titles and "Deep breathing" in titles


def test_library_shows_an_empty_state_when_nothing_matches(open_page):
    app = open_page("library")
    app.pills(key="library-categories").set_value(["Tools"]).run()
    app.segmented_control(key="library-minutes").set_value(1).run()
    assert any("No technique matches" in i for i in shown(app.info))


def test_library_marks_cautions_for_a_ticked_condition(open_page):
    app_store().settings.save_profile(HealthProfile(conditions=frozenset({"pregnancy"})))
    app = open_page("library")
    cards = {technique: " ".join(html_text(card).split()) for technique, card in re.findall(
        r'<article [^>]*data-technique="([^"]+)"(.*?)</article>', cards_markup(app))}
    assert "Not advised (with pregnancy): " in cards["press_sp6"]
    assert "Not advised" not in cards["breathing"]


# What a newcomer noticed -----------------------------------------------------------------------


def test_search_finds_techniques_by_their_words_and_clear_resets_every_filter(open_page):
    app = open_page("library")
    app.text_input(key="library-search").set_value("heel arch").run()
    titles = card_titles(app)
    assert titles and all(t in {x.name for x in load_catalog().techniques} for t in titles)
    assert "Deep breathing" not in titles
    app.pills(key="library-categories").set_value(["Breathing"]).run()
    app.button(key="library-clear").click().run()
    assert set(card_titles(app)) == {t.name for t in load_catalog().techniques}
    assert app.text_input(key="library-search").value == ""
    assert app.pills(key="library-categories").value == []  # each filter shows it is clear


def test_add_to_routine_puts_the_technique_in_the_plan(open_page):
    app = open_page("library")
    press_add_to_routine(app, "ball_roll")
    assert any("Added Tennis ball or foot roller" in s for s in shown(app.toast))
    app.switch_page(pages.PLAN.script).run()
    assert [t.value for t in app.text_input if t.key.startswith("draft-seconds-")] == ["2:00"]


def test_quick_presses_on_two_cards_add_both_and_none_twice(open_page):
    """The cards' component reports its last presses each time (planner/ui/library/cards.py):
    two presses sent together both count, and a press reported again is not added again."""
    app = open_page("library")
    first = [uuid.uuid4().hex, "ball_roll"]
    report_state(app, TECHNIQUE_CARDS, {"presses": [first]})
    second = [uuid.uuid4().hex, "breathing"], [uuid.uuid4().hex, "toe_stretch"]
    report_state(app, TECHNIQUE_CARDS, {"presses": [first, *second]})
    toasts = " ".join(shown(app.toast))
    assert "Added Deep breathing" in toasts and "Added Toe stretch" in toasts
    assert "Tennis ball" not in toasts  # added by the first report only
    app.switch_page(pages.PLAN.script).run()
    assert len([t for t in app.text_input if t.key.startswith("draft-seconds-")]) == 3


def test_add_to_routine_in_pregnancy_waits_for_the_confirmation_on_the_plan(open_page):
    app_store().settings.save_profile(
        HealthProfile(conditions=frozenset({"pregnancy"})))
    app = open_page("library")
    press_add_to_routine(app, "press_sp6")
    assert any("confirm adding it" in w for w in shown(app.toast))
    app.switch_page(pages.PLAN.script).run()
    assert app.selectbox(key="draft-add-technique").value == "press_sp6"
    assert app.button(key="add-step").disabled  # until the box is ticked
    assert not [t for t in app.text_input if t.key.startswith("draft-seconds-")]


def test_the_equipment_list_has_one_towel():
    equipment = load_catalog().equipment
    assert sum("towel" in item.casefold() for item in equipment) == 1
