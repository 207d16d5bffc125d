"""Figures drawn as HTML: each label over its value, escaped, framed when asked."""

from planner.ui.stats import Stat, stats_html
from tests.helpers import html_text


def test_each_figure_shows_its_label_then_its_value_and_its_note():
    markup = stats_html([Stat("Sessions", "12"), Stat("Stress change", "-1.5 points", "avg")])
    assert html_text(markup).split() == ["Sessions", "12", "Stress", "change", "-1.5",
                                         "points", "avg"]
    assert markup.count("solace-stat-framed") == 0
    assert stats_html([Stat("a", "1")], framed=True).count("solace-stat-framed") == 1


def test_a_figure_with_markup_in_it_is_shown_as_text():
    markup = stats_html([Stat("<b>Routine</b>", "<script>alert(1)</script>")])
    assert "<script>" not in markup and "<b>" not in markup
    assert html_text(markup).split() == ["<b>Routine</b>", "<script>alert(1)</script>"]
