"""Typed text is shown as typed: every markdown, maths and shortcode character neutralised."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.ui.kit.text import WORD_JOINER, plain

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere


def read(shown: str) -> str:
    """What a markdown renderer leaves of an escaped string: the escapes and joiners go."""
    return re.sub(r"\\(.)", r"\1", shown).replace(WORD_JOINER, "")


def test_markup_maths_links_and_shortcodes_are_escaped():
    shown = plain("**b** _i_ [x](http://e.org) ![p](q) $x^2$ :red[r] :smile: :material/home: #")
    unescaped = [m.group() for m in re.finditer(r"(?<!\\)[*_\[\]()!$#:]", shown)]
    assert unescaped == []
    assert "\\:" + WORD_JOINER + "smile" in shown
    assert "\\:" + WORD_JOINER + "material/home" in shown


def test_a_colon_before_a_space_needs_no_joiner():
    assert plain("Note: calm") == "Note\\: calm"


@given(st.text())
def test_what_is_read_is_exactly_what_was_typed(text):
    assert read(plain(text)) == text.replace(WORD_JOINER, "")
