"""Figures drawn as HTML: each label over its value, escaped, framed when asked."""

import pytest

from planner.ui.kit.figures import Figure, figure_row_html
from tests.helpers import html_text

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere


def test_each_figure_shows_its_label_then_its_value_and_its_note():
    markup = figure_row_html([Figure("Sessions", "12"),
                              Figure("Stress change", "-1.5 points", "avg")])
    assert html_text(markup).split() == ["Sessions", "12", "Stress", "change", "-1.5",
                                         "points", "avg"]
    assert markup.count("solace-stat-framed") == 0
    assert figure_row_html([Figure("a", "1")], framed=True).count("solace-stat-framed") == 1


def test_a_figure_with_markup_in_it_is_shown_as_text():
    markup = figure_row_html([Figure("<b>Routine</b>", "<script>alert(1)</script>")])
    assert "<script>" not in markup and "<b>" not in markup
    assert html_text(markup).split() == ["<b>Routine</b>", "<script>alert(1)</script>"]
