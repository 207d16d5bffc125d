"""Chart pictures are cached per owner: one person's picture is never handed to another."""

from __future__ import annotations

import pytest
import streamlit as st

from planner.kernel import pictures
from planner.ui.kit import pictures as kit

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

SPEC = {"data": {"values": [{"x": 1}, {"x": 2}]}, "mark": "point", "height": 100,
        "description": "Two days.", "encoding": {"x": {"field": "x", "type": "quantitative"}}}


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_equal_data_of_two_people_is_drawn_for_each(monkeypatch):
    drawn = []
    monkeypatch.setattr(pictures, "draw", lambda spec, width: drawn.append(width) or
                        pictures.Picture(f"<svg>{len(drawn)}</svg>", width, 100, "Two days."))
    ann, bob = ("sqlite:///one.db", 1), ("sqlite:///one.db", 2)
    first = kit._picture(ann, "same-digest", 400, SPEC)
    assert kit._picture(ann, "same-digest", 400, SPEC) == first  # cached for Ann
    assert kit._picture(bob, "same-digest", 400, SPEC) != first  # drawn afresh for Bob
    assert drawn == [400, 400]


def test_words_from_a_persons_data_in_a_picture_stay_words():
    """A name with markup, drawn into the picture (vl-convert escapes it in the SVG) and read
    out in its label: the label can't end its attribute, the SVG can't end the script that
    writes it, and the picture the script writes is the SVG as drawn."""
    import re

    from planner.ui.apptest import read_picture

    hostile = '"></div><script>alert(1)</script><!--'
    svg = pictures.draw({**SPEC, "title": hostile}, 300).svg
    assert "&lt;/script&gt;" in svg
    markup = kit._markup(pictures.Picture(svg, 300, 100, f"Dots for {hostile}"))
    opening = re.match(r'<div class="solace-picture"[^>]*></div><script>', markup)
    assert opening and hostile not in opening.group(0)
    script = markup[opening.end():]
    assert script.count("</script") == 1 and script.endswith("</script>")
    assert "<!--" not in script

    shown = read_picture(markup)
    assert shown["svg"] == svg and shown["label"] == f"Dots for {hostile}"
