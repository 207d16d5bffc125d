"""In a real Chromium: the Library's filters clear for real, and adding a card says so where
the person is."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser


def cards(page: Page):
    return page.locator(".solace-card-box")


def test_clear_filters_empties_every_filter_in_the_browser_too(page: Page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    every = cards(page).count()
    search = page.get_by_role("textbox", name="Search")
    search.fill("heel")
    search.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Breathing", exact=True).click()  # a category pill
    wait_for_app(page)
    expect(cards(page)).to_have_count(0)
    page.get_by_role("button", name="Clear filters").click()
    wait_for_app(page)
    expect(cards(page)).to_have_count(every)
    expect(search).to_have_value("")  # the box shows it is empty, not just the cards
    # Picking a category now filters by that alone (an old search doesn't come back).
    page.get_by_role("button", name="Breathing", exact=True).click()
    wait_for_app(page)
    expect(cards(page)).to_have_count(1, timeout=FIRST_RENDER_MS)


def test_cards_added_before_the_component_loads_and_two_at_once_each_say_so(browser,
                                                                           app_server):
    """The cards need none of the component loader's code (about 190 kB): with it held back,
    they are there, and a press on the last card's "Add to routine" meanwhile is kept and
    sent once the code has come. Then two cards pressed in the same moment are both added.
    Each says so where the person is (a toast, not the notice above the cards)."""
    page = browser.new_context().new_page()
    held = []
    page.route("**/static/js/BidiComponent.*.js", lambda route: held.append(route))
    page.goto(app_server)
    last = cards(page).last
    expect(last).to_be_visible(timeout=FIRST_RENDER_MS)
    page.wait_for_function("document.querySelector(\"[data-testid='stApp']\")"
                           ".dataset.testScriptState === 'notRunning'", timeout=FIRST_RENDER_MS)
    assert held, "the component's code was never asked for"
    last.scroll_into_view_if_needed()
    last.get_by_role("button", name="Add to routine").click()
    toasts = page.get_by_test_id("stToast")
    page.wait_for_timeout(300)  # time enough for a run, had the press been sent
    expect(toasts).to_have_count(0)  # nothing to send it with yet
    for request in held:
        request.continue_()
    name = last.get_by_role("heading").inner_text()
    toast = toasts.filter(has_text=f"Added {name}")
    expect(toast).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(toast).to_be_in_viewport()
    names = [cards(page).nth(index).get_by_role("heading").inner_text() for index in (0, 1)]
    page.evaluate("""() => document.querySelectorAll(".solace-card-box button[data-add]")
                           .forEach((button, index) => { if (index < 2) button.click(); })""")
    for name in names:
        expect(toasts.filter(has_text=f"Added {name}")).to_be_visible(timeout=FIRST_RENDER_MS)


def test_how_to_do_it_opens_in_the_card_and_shows_the_numbered_steps(page: Page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    card = cards(page).filter(has=page.get_by_role("heading", name="Tennis ball or foot roller"))
    first_step = card.get_by_text("Sit with the ball or roller on the floor under one foot.")
    expect(first_step).to_be_hidden()
    card.get_by_text("How to do it").click()
    expect(first_step).to_be_visible()
    expect(card.get_by_role("listitem")).to_have_count(6)  # three steps, three cautions
    card.get_by_text("How to do it").click()  # and closes again
    expect(first_step).to_be_hidden()


def test_the_tab_shows_solace_s_own_icon_with_no_download_for_it(page: Page, app_server):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(app_server)
    wait_for_app(page)
    icon = page.locator("link[rel*='icon']").first
    expect(icon).to_have_attribute("href", re.compile(r"^data:image/png;base64,"))
    # The icon is a real picture: the browser decodes it at its own size.
    size = page.evaluate("""async (href) => { const img = new Image(); img.src = href;
        await img.decode(); return [img.naturalWidth, img.naturalHeight]; }""",
                         icon.get_attribute("href"))
    assert min(size) >= 32
    # Served with the page, not as a file of its own from the app's media files.
    assert not [url for url in fetched if urlparse(url).path.startswith("/media/")]
