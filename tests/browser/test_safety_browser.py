"""In a real Chromium: typed text stays text. (That no page fetches anything from elsewhere is
checked on every page by tests/browser/test_accessibility_browser.py.)"""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIRST_RENDER_MS, open_manual_session_form, wait_for_app

pytestmark = pytest.mark.browser
HOSTILE = "**B** :material/home: $x^2$ ![p](http://example.org/x.png)"  # 59 characters


def test_a_name_with_markup_is_shown_exactly_as_typed(page: Page, app_server):
    page.goto(f"{app_server}/log")
    wait_for_app(page)
    form = open_manual_session_form(page)
    form.get_by_label("What did you do?").fill(HOSTILE)
    form.get_by_role("button", name="Log session").click()
    notice = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Logged")
    expect(notice).to_be_visible(timeout=FIRST_RENDER_MS)
    # What a person reads (the word joiners that keep ":…:" from becoming an icon are invisible)
    read = notice.evaluate("e => e.innerText.replaceAll('\u2060', '')")
    assert f"Logged “{HOSTILE}”" in read
    main = page.get_by_test_id("stMain")
    expect(main.locator("img[src*='example.org']")).to_have_count(0)
    expect(main.locator(".katex")).to_have_count(0)
    expect(notice.locator("strong")).to_have_count(0)
    page.get_by_role("tab", name="Sessions").click()
    row = main.locator("[class*='st-key-session-']").filter(has_text="example.org")
    expect(row).to_be_visible()
    assert HOSTILE in row.evaluate("e => e.innerText.replaceAll('\u2060', '')")
    title = row.get_by_test_id("stMarkdownContainer").first
    expect(title.locator("[data-testid='stIconMaterial']")).to_have_count(0)  # no icon drawn
