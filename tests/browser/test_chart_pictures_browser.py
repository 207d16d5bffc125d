"""Insights' charts: a picture drawn on the server at once, in the page's colours, and the live
chart in its place on a tap (planner/ui/kit/pictures.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planner.tools.browser import FIRST_RENDER_MS
from tests.browser.test_accessibility_browser import open_at, with_sample  # noqa: F401

DESKTOP = {"width": 1400, "height": 900}
# The colour an axis label is painted, and the page's text colour, as "r, g, b".
LABEL_AND_TEXT = """box => [getComputedStyle(box.querySelector("text")).fill,
                            getComputedStyle(box).color]"""


# Where an element is in its tab (a tap may scroll the page to it), and its size.
PLACE = """element => {
  const box = element.getBoundingClientRect();
  const tab = element.closest("[data-testid='stVerticalBlock']").getBoundingClientRect();
  return [box.x - tab.x, box.y - tab.y, box.width, box.height]; }"""


def brightness(colour: str) -> float:
    red, green, blue = (int(part) for part in colour[colour.index("(") + 1:-1].split(",")[:3])
    return (red + green + blue) / 3


# A tap in one theme, the keyboard in the other: each reaches the live chart.
@pytest.mark.parametrize(("scheme", "reach"), [("light", "keyboard"), ("dark", "tap")])
def test_a_tap_on_the_picture_brings_the_live_chart_in_its_place(browser, app_server,
                                                                 with_sample, scheme,  # noqa: F811
                                                                 reach):
    page = open_at(browser, f"{app_server}/insights", DESKTOP, scheme)
    picture = page.locator(".solace-picture")
    expect(picture.locator("svg")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.get_by_role("img", name="Dots: your stress rating each day")).to_be_visible()
    assert "Stress: " in picture.get_attribute("aria-label")
    assert not page.get_by_test_id("stVegaLiteChart").count()  # no Vega until asked for
    # A first visit's picture is drawn at a usual width, then again at the column's.
    page.wait_for_function("""box => Math.abs(
        box.querySelector("svg").getAttribute("width") - box.clientWidth) < 8""",
                           arg=picture.element_handle(), timeout=FIRST_RENDER_MS)

    label, text = picture.evaluate(LABEL_AND_TEXT)
    assert label == text  # the axis labels in the page's own text colour
    assert (brightness(text) > 128) == (scheme == "dark")
    before = picture.locator("svg").evaluate(PLACE)

    if reach == "tap":
        picture.click()
    else:
        picture.focus()  # as a Tab onto it does
    live = page.get_by_test_id("stVegaLiteChart").locator("svg.marks")
    expect(live).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(picture).to_have_count(0)
    if reach == "keyboard":  # the keyboard's place moves to the live chart, not to the page
        expect(page.get_by_test_id("stVegaLiteChart")).to_be_focused()
    after = live.evaluate(PLACE)
    assert all(abs(a - b) <= 4 for a, b in zip(after, before, strict=True)), (before, after)
    page.close()
