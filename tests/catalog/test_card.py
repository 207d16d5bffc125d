"""A Library card's HTML: everything the card says, in order, and nothing in it run as markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.catalog.card import card_html
from planner.catalog.model import Condition, load_catalog
from planner.settings.model import StepWarning
from planner.ui.library.cards import card_markup

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

CATALOG = load_catalog()


class _Reader(HTMLParser):
    """The text a person reads, and the tags it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.text, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def read(markup: str) -> tuple[str, list[str]]:
    reader = _Reader()
    reader.feed(markup)
    return "".join(reader.text), reader.tags


def test_a_card_says_what_the_technique_is_for_how_long_and_how_to_do_it():
    ball = CATALOG.technique("ball_roll")
    text, tags = read(card_html(ball, CATALOG))
    assert text.startswith(ball.name)
    for part in (ball.category, "Moderate pressure", "Each foot", ball.purpose,
                 "2 min per foot (from 2 min to 3 min)", *ball.equipment, "How to do it",
                 *ball.how_to, "Cautions", *(c.advice for c in ball.cautions)):
        assert part in text
    # The steps are numbered, behind a disclosure the browser opens by itself.
    assert tags.count("li") == len(ball.how_to) + len(ball.cautions)
    assert "details" in tags and "summary" in tags and "ol" in tags


def test_a_pressure_point_card_says_where_the_point_is():
    press = next(t for t in CATALOG.techniques if t.pressure_point)
    text, _ = read(card_html(press, CATALOG))
    assert f"Where: {CATALOG.point(press.pressure_point).where}" in text


def test_a_technique_for_both_feet_has_no_each_foot_badge():
    soak = CATALOG.technique("soak")
    assert not soak.per_foot
    assert "Each foot" not in read(card_html(soak, CATALOG))[0]


@given(st.text(alphabet=st.sampled_from("<>&\"' ab/=script"), min_size=1, max_size=40))
def test_text_in_a_card_is_shown_as_text_never_as_markup(words):
    ball = CATALOG.technique("ball_roll")
    odd = ball.model_copy(update={"name": words, "purpose": words, "how_to": [words]})
    text, tags = read(card_html(odd, CATALOG))
    assert text.startswith(words)  # read back exactly as written
    assert "script" not in tags
    assert set(tags) <= {"div", "h3", "p", "span", "br", "details", "summary", "ol", "ul",
                         "li", "strong"}
    # The same in the Library, with a caution for the person's profile and the card's button.
    caution = StepWarning(Condition.PREGNANCY, "avoid", words)
    text, tags = read(card_markup(odd, CATALOG, [caution]))
    assert text.startswith(words) and f"(with pregnancy): {words}" in text
    assert set(tags) <= {"article", "div", "h3", "p", "span", "br", "details", "summary", "ol",
                         "ul", "li", "strong", "button"}
