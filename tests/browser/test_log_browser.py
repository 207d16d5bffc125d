"""In a real Chromium: a check-in logged on the Log page shows up as a point in a chart."""

import pytest
from playwright.sync_api import Page, expect

from planner.tools.browser import save_checkin
from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser


def test_a_check_in_appears_in_the_stress_chart(page: Page, app_server):
    save_checkin(page, app_server, stress=8)  # on the Log page, as a person does

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Insights").click()
    wait_for_app(page)
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart).to_be_visible(timeout=FIRST_RENDER_MS)
    point = chart.locator("[aria-label*='Stress (0 calm, 10 very stressed): 8']")
    expect(point.first).to_be_attached(timeout=FIRST_RENDER_MS)
    page.get_by_role("tab", name="Massage vs socks").click()
    expect(page.get_by_text("not proof", exact=False)).to_be_visible(timeout=FIRST_RENDER_MS)


def test_after_logging_a_session_by_hand_the_form_is_empty_again(page: Page, app_server):
    page.goto(f"{app_server}/log")
    wait_for_app(page)
    page.get_by_text("Log a session done without the timer").click()
    form = page.get_by_test_id("stForm").filter(has_text="What did you do?")
    form.get_by_label("What did you do?").fill("Foot rub on the sofa")
    before = form.locator("[class*='st-key-manual-before']")
    before.get_by_role("radio", name="6", exact=True).click()
    form.get_by_role("button", name="Log session").click()
    expect(page.get_by_text("Logged “Foot rub on the sofa”")).to_be_visible(
        timeout=FIRST_RENDER_MS)
    wait_for_app(page)  # the form stays open, empty again
    expect(form.get_by_label("What did you do?")).to_have_value("")
    expect(before.get_by_role("radio", name="6", exact=True)).not_to_be_checked()
