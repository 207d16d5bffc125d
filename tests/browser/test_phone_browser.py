"""On a phone (390×844), as a person uses Solace every day: the menu gets out of the way, Run
and Log are a tap away, every page has an address, and the check-in takes one tap."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _boxes(locator) -> list[dict]:
    return locator.evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {width: r.width, height: r.height, top: r.top, bottom: r.bottom}; })")


def test_on_a_phone_the_menu_closes_once_a_page_is_chosen(page: Page, app_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_server}/library")  # the first page's own address
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Technique library")).to_be_visible(
        timeout=FIRST_RENDER_MS)

    daily = page.locator(".st-key-daily-links").get_by_role("link")
    expect(daily).to_have_text([re.compile("Run$"), re.compile("Log$")])
    assert all(box["height"] >= 44 and box["width"] >= 44 for box in _boxes(daily))

    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Insights").click()
    expect(page).to_have_url(re.compile(r"/insights$"))
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    wait_for_app(page)

    daily.filter(has_text="Log").click()
    expect(page).to_have_url(re.compile(r"/log$"))
