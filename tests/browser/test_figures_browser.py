"""In a real Chromium, with Solace's fonts and CSS: a row of figures keeps each on one line."""

import pytest
from playwright.sync_api import Page

from planner.ui.kit.figures import Figure, figure_row_html
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

# What the Insights page shows for ten years of sample data over the last 12 months.
FIGURES = [Figure("Sessions", "763"), Figure("Massage time", "112 h 56 min"),
           Figure("Days checked in", "356"),
           Figure("Stress change per session", "-1.7 points", "After minus before.")]


def _value_lines(page: Page, width: int) -> dict[str, float]:
    """Each value's height in lines of its own text, in a row of four framed tiles."""
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("""(markup) => {
        const row = document.createElement("div");
        row.id = "figures-under-test";
        row.innerHTML = markup;
        document.querySelector("[data-testid='stMainBlockContainer']").prepend(row);
    }""", figure_row_html(FIGURES, framed=True))
    return page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll("#figures-under-test .solace-stat-value")].map((value) =>
            [value.textContent, value.getBoundingClientRect().height
                                / parseFloat(getComputedStyle(value).lineHeight)]))""")


@pytest.mark.parametrize("width", [1400, 1100])
def test_a_long_figure_stays_on_one_line_beside_three_others(page: Page, app_server, width):
    page.goto(f"{app_server}/insights")
    wait_for_app(page)
    lines = _value_lines(page, width)
    assert set(lines) == {figure.value for figure in FIGURES}
    assert all(count < 1.5 for count in lines.values()), lines


def test_the_figures_of_a_row_are_one_size(page: Page, app_server):
    page.goto(f"{app_server}/insights")
    wait_for_app(page)
    _value_lines(page, 1400)
    sizes = page.evaluate("""() => [...document.querySelectorAll(
        "#figures-under-test .solace-stat-value")].map((v) => getComputedStyle(v).fontSize)""")
    assert len(set(sizes)) == 1 and float(sizes[0].removesuffix("px")) >= 24, sizes
