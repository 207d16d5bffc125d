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
    # The press has changed the address before the page's run begins: wait for Log itself.
    expect(page.get_by_role("heading", name="Log", exact=True)).to_be_visible(
        timeout=FIRST_RENDER_MS)
    wait_for_app(page)
    tabs = page.get_by_test_id("stTabs").get_by_role("tab")  # the history's
    expect(tabs.first).to_be_visible(timeout=FIRST_RENDER_MS)
    assert all(box["height"] >= 44 for box in _boxes(tabs)), _boxes(tabs)


def test_on_a_phone_a_check_in_is_one_tap_of_stress_with_large_targets(page: Page, app_server,
                                                                       database_url):
    from planner.store import Store

    page.set_viewport_size(PHONE)
    page.goto(f"{app_server}/log")
    wait_for_app(page)
    yesterday = page.locator("[class*='st-key-checkin-day-choice']").get_by_role(
        "radio", name="Yesterday")
    yesterday.click()  # a day no other test checks in for
    expect(yesterday).to_be_checked()
    wait_for_app(page)  # the rerun for yesterday's form has begun and ended: nothing moves
    stress = page.get_by_role("radiogroup", name="How stressed did you feel?")
    help_icons = page.get_by_test_id("stMain").get_by_role("button",
                                                           name=re.compile("^Help for"))
    expect(stress.get_by_role("radio", name="10")).to_be_visible()  # drawn, for its size
    # What a person can tap: under load, the form being replaced may linger hidden (0 x 0).
    for name, targets in (("ratings", stress.get_by_role("radio").filter(visible=True)),
                          ("help", help_icons.filter(visible=True)), ("day", yesterday)):
        boxes = _boxes(targets)
        assert boxes and min(min(b["width"], b["height"]) for b in boxes) >= 44, (name, boxes)
    assert len({round(b["top"]) for b in _boxes(stress.get_by_role("radio").filter(
        visible=True))}) <= 2  # two rows

    four = stress.get_by_role("radio", name="4", exact=True)
    if four.is_checked():  # a check-in of this day left by another test: start afresh
        stress.get_by_role("radio", name="5", exact=True).click()
        wait_for_app(page)
    four.click()
    wait_for_app(page)
    four.click()  # a second tap, to be sure, keeps it
    wait_for_app(page)
    expect(four).to_be_checked()

    save = page.get_by_role("button", name=re.compile("^(Save|Update) check-in$"))
    save.scroll_into_view_if_needed()
    save.click()
    message = page.get_by_text(re.compile("(Saved|Updated) your check-in"))
    expect(message).to_be_in_viewport()  # where the person tapped, not a screen above

    store = Store(database_url)
    try:
        saved = next(c for c in store.checkins.list() if c.day == _yesterday(page))
    finally:
        store.dispose()
    assert saved.stress == 4


def _yesterday(page: Page):
    from datetime import date, timedelta
    today = date.fromisoformat(page.evaluate(
        "(() => { const d = new Date(); return d.toLocaleDateString('sv'); })()"))
    return today - timedelta(days=1)
