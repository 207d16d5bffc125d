"""In a real Chromium: build and save a routine, reload, find it again."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser


def test_build_save_and_find_a_routine_after_reload(page: Page, app_server):
    page.goto(f"{app_server}/plan")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Plan a routine")).to_be_visible(
        timeout=FIRST_RENDER_MS)
    # The navigation is ours even on a deep link to a fresh server.
    expect(page.get_by_test_id("stSidebarNav").get_by_text("Library")).to_be_visible()

    page.get_by_test_id("stSelectbox").filter(has_text="Add a step").click()
    page.get_by_role("option", name=re.compile("^Deep breathing")).click()
    wait_for_app(page)
    page.get_by_role("button", name="Add step").click()
    expect(page.get_by_text("1. Deep breathing")).to_be_visible()

    page.get_by_test_id("stSelectbox").filter(has_text="Add a step").click()
    page.get_by_role("option", name=re.compile("^Tennis ball or foot roller")).click()
    wait_for_app(page)
    page.get_by_role("button", name="Add step").click()
    expect(page.get_by_text("2. Tennis ball or foot roller")).to_be_visible()
    # 60 s + 120 s left + 5 s switch + 120 s right
    expect(page.locator(".solace-stat").filter(has_text="Total time")
           .locator(".solace-stat-value")).to_have_text("5 min 5 s")

    name = page.get_by_label("Name")
    name.fill("Browser <b>bold</b> calm")
    name.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Save routine").click()
    expect(page.get_by_text("can't contain < or >")).to_be_visible()

    name.fill("Evening *calm* [x](y)")
    name.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Save routine").click()
    saved = page.locator("[class*='st-key-saved-']").filter(has_text="Evening")
    expect(saved.get_by_text("Evening *calm* [x](y)", exact=True)).to_be_visible()

    page.reload()
    wait_for_app(page)
    saved = page.locator("[class*='st-key-saved-']").filter(has_text="Evening")
    expect(saved.get_by_text("Evening *calm* [x](y)", exact=True)).to_be_visible(
        timeout=FIRST_RENDER_MS)
    expect(saved.get_by_text("5 min 5 s · 2 steps, 3 with each foot")).to_be_visible()


def test_on_a_phone_replacing_an_unsaved_routine_asks_in_view(page: Page, app_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_server}/plan")
    wait_for_app(page)
    name = page.get_by_label("Name")
    name.fill("Half built")
    name.press("Enter")
    wait_for_app(page)
    page.get_by_test_id("stExpander").get_by_text("Start from a preset").click()
    page.get_by_role("button", name="Use").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("unsaved changes to “Half built”", timeout=FIRST_RENDER_MS)
    expect(dialog.get_by_role("button", name="Keep editing mine")).to_be_in_viewport()
    dialog.get_by_role("button", name="Keep editing mine").click()
    expect(dialog).to_have_count(0, timeout=FIRST_RENDER_MS)
    expect(name).to_have_value("Half built")  # nothing replaced
    page.get_by_role("button", name="Use").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Replace my changes").click()
    expect(page.get_by_role("dialog")).to_have_count(0, timeout=FIRST_RENDER_MS)
    expect(name).not_to_have_value("Half built")  # the preset's name now


def test_a_reload_keeps_the_routine_being_built(page: Page, app_server):
    page.goto(f"{app_server}/plan")
    wait_for_app(page)
    name = page.get_by_label("Name")
    name.fill("Before the reload")
    name.press("Enter")
    wait_for_app(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Add a step").click()
    page.get_by_role("option", name=re.compile("^Deep breathing")).click()
    wait_for_app(page)
    page.get_by_role("button", name="Add step").click()
    expect(page.get_by_text("1. Deep breathing")).to_be_visible(timeout=FIRST_RENDER_MS)
    wait_for_app(page)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Name")).to_have_value("Before the reload",
                                                   timeout=FIRST_RENDER_MS)
    expect(page.get_by_text("1. Deep breathing")).to_be_visible()
