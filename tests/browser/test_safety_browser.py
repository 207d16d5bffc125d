"""In a real Chromium: nothing is fetched from elsewhere, and typed text stays text."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIRST_RENDER_MS, open_manual_session_form, wait_for_app

pytestmark = pytest.mark.browser
PAGES = ["", "plan", "run", "log", "insights", "experiment", "settings"]
HOSTILE = "**B** :material/home: $x^2$ ![p](http://example.org/x.png)"  # 59 characters


def test_no_request_leaves_the_machine(page: Page, app_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES:
        page.goto(f"{app_server}/{path}")
        wait_for_app(page)
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=FIRST_RENDER_MS)
    page.get_by_role("tab", name="Where the pressure points are").count()  # Library is default
    elsewhere = [url for url in requested
                 if not url.startswith((app_server, "data:", "blob:"))]
    assert requested and elsewhere == []
    icon = page.locator("link[rel*='icon']").first.get_attribute("href")
    assert icon and (not icon.startswith("http") or icon.startswith(app_server)), icon


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
