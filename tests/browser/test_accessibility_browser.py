"""In a real Chromium, desktop and phone: an automated accessibility pass (axe-core), no page
wider than the screen, tab titles, the theme switch, controls in reach, cards in order."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from planner.catalog.model import load_catalog
from planner.journal.sample import load_sample
from planner.routines.model import Routine, RoutineStep
from planner.store import Store
from tests.browser.conftest import FIRST_RENDER_MS, start_run, wait_for_app

pytestmark = pytest.mark.browser
PAGES = {"": "Library", "plan": "Plan", "run": "Run", "log": "Log", "insights": "Insights",
         "experiment": "Experiment", "settings": "Settings"}
PHONE = {"width": 390, "height": 844}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def with_sample(database_url, catalog_dir):
    """A year of sample data, so every chart and list has something in it."""
    store = Store(database_url, catalog=load_catalog(catalog_dir))
    if not store.sample.present():
        load_sample(store.sample, store.catalog, years=1)
    store.dispose()


def open_at(page: Page, url: str, viewport: dict, scheme: str = "light") -> None:
    """``url`` in ``page`` (the tests' shared tab), in a window of ``viewport`` and the
    system's ``scheme``."""
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=FIRST_RENDER_MS)


# The rules whose outcome depends on the colours, so on the theme: run again in the other one.
COLOURS = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
# The element that scrolls the page (Streamlit's main area, not the window), and how much
# taller than the window its content is: axe checks the contrast of what is on screen only.
SCROLLER = """() => {
  const tall = [...document.querySelectorAll('*')].filter(e => {
    const style = getComputedStyle(e);
    return /(auto|scroll)/.test(style.overflowY) && e.scrollHeight > e.clientHeight + 5
      && e.clientHeight > 200 && !e.closest('[data-testid=stSidebar]');
  });
  tall.sort((a, b) => b.scrollHeight - a.scrollHeight);
  const scroller = tall[0] || document.scrollingElement;
  return scroller.scrollHeight - scroller.clientHeight;
}"""


FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _described(found: list[dict]) -> list[str]:
    return [f"{v['id']}: {n['html'][:120]} {((n.get('any') or [{}])[0].get('data') or {})}"
            for v in found for n in v["nodes"][:3]]


def violations(page: Page, rules: dict = WCAG_AA, within: str | None = None) -> list[str]:
    """The ``rules`` (every WCAG 2.1 A/AA rule unless told) on the whole page as drawn, or on
    the part ``within`` selects: the window is made as tall as the page for one pass (a pass
    per screenful took 2-3x as long), then given back its size."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    window = page.viewport_size
    height = window["height"]
    for _ in range(3):  # a page whose parts follow the window's height may grow once more
        hidden = page.evaluate(SCROLLER)
        if hidden <= 0:
            break
        height += hidden
        page.set_viewport_size({**window, "height": height})
        page.evaluate(FRAMES)
    # Only the violations in full: axe then skips describing every element that passes, half
    # of a run's time (0.5 CPU-s of 1.0-1.3 on Library).
    found = _described(page.evaluate(
        "([within, options]) => axe.run(within ? { include: [within] } : document, options)",
        [within, {**rules, "resultTypes": ["violations"]}])["violations"])
    page.set_viewport_size(window)
    return found


def shows_theme(page: Page, scheme: str, path: str) -> None:
    """Wait until the app's CSS has the theme (and Insights its first chart again)."""
    page.wait_for_function("dark => document.documentElement.classList.contains('solace-dark')"
                           " === dark", arg=scheme == "dark")
    if path == "insights":  # its chart's picture (planner/ui/kit/pictures.py)
        expect(page.locator(".solace-picture svg").first).to_be_visible(timeout=FIRST_RENDER_MS)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_passes_axe_in_either_theme_fits_a_phone_and_asks_no_other_machine(
        page, app_server, with_sample, path):
    """Every WCAG 2.1 A/AA rule once, in the light theme; the rules about colour (contrast, a
    screenful at a time) again in the dark one, switched in the same page as the system's
    setting changes. Meanwhile the page, its charts and icon included, asks nothing of a
    machine other than Solace's own (no font, script or picture from elsewhere)."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_at(page, f"{app_server}/{path}", PHONE, "light")
    shows_theme(page, "light", path)
    assert page.title() == f"{PAGES[path]} · Solace"
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page is {wide}px wider than the phone"
    assert violations(page) == []
    page.emulate_media(color_scheme="dark")
    shows_theme(page, "dark", path)
    assert violations(page, COLOURS) == []
    elsewhere = [url for url in requested if not url.startswith((app_server, "data:", "blob:"))]
    assert requested and elsewhere == []
    icon = page.locator("link[rel*='icon']").first.get_attribute("href")
    assert icon and (not icon.startswith("http") or icon.startswith(app_server)), icon


def test_the_theme_switch_turns_the_app_dark_on_every_page(page, app_server):
    open_at(page, f"{app_server}/plan", {"width": 1400, "height": 900})
    switch = page.locator(".theme-switch")
    switch.get_by_role("button", name="Dark").click()
    wait_for_app(page)
    expect(page.locator(".theme-switch button[data-theme='Dark']")).to_have_attribute(
        "aria-pressed", "true", timeout=FIRST_RENDER_MS)
    dark = "c => { const [r, g, b] = getComputedStyle(c).backgroundColor.match(/\\d+/g)" \
           ".map(Number); return (r + g + b) / 3 < 60; }"
    assert page.get_by_test_id("stApp").evaluate(dark)
    page.goto(f"{app_server}/log")  # another page, loaded afresh
    wait_for_app(page)
    assert page.get_by_test_id("stApp").evaluate(dark)
    page.locator(".theme-switch").get_by_role("button", name="System").click()
    wait_for_app(page)


def test_on_a_phone_the_run_controls_stay_in_view_and_keys_drive_it(browser, app_server,
                                                                     database_url, catalog_dir):
    store = Store(database_url, catalog=load_catalog(catalog_dir))
    routine = store.routines.save(Routine(name="Phone breathing", steps=(
        RoutineStep(technique="breathing", seconds=60),
        RoutineStep(technique="breathing", seconds=60))))
    store.dispose()
    short_phone = {"width": 390, "height": 560}  # shorter than the countdown and its controls
    page = browser.new_page(viewport=short_phone)
    # Chromium on a desktop has no vibration motor: record what the timer asks of one.
    page.add_init_script("navigator.vibrate = (p) => ((window.__vibrated ||= []).push(p), true)")
    start_run(page, app_server, routine.name)
    expect(page.locator(".solace-timer .clock")).not_to_have_text("0:00",
                                                                 timeout=FIRST_RENDER_MS)
    pause = page.get_by_role("button", name="Pause")
    box = pause.bounding_box()
    assert box and box["y"] + box["height"] <= short_phone["height"], box  # in view, stuck
    expect(page).to_have_title(re.compile(r"· Deep breathing · Solace$"))  # time left, in the tab
    page.locator("body").press("Space")
    expect(page.get_by_role("button", name="Resume")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page).to_have_title(re.compile("^Paused"))
    page.locator("body").press("Space")
    expect(page.get_by_role("button", name="Pause")).to_be_visible(timeout=FIRST_RENDER_MS)
    wait_for_app(page)
    count = page.locator(".solace-timer .count")
    expect(count).to_have_text("Step 1 of 2")
    page.locator("body").press("ArrowRight")  # skip
    expect(count).to_have_text("Step 2 of 2", timeout=FIRST_RENDER_MS)
    assert page.evaluate("window.__vibrated") == [[120]]  # one short buzz at the change
    wait_for_app(page)
    page.locator("body").press("ArrowLeft")  # back
    expect(count).to_have_text("Step 1 of 2", timeout=FIRST_RENDER_MS)
    wait_for_app(page)
    page.get_by_role("button", name="Stop").click()
    stop = page.get_by_role("button", name="Stop without logging")
    expect(stop).to_be_in_viewport(timeout=FIRST_RENDER_MS)  # the question too, not below
    stop.click()
    expect(page.get_by_role("button", name="Start")).to_be_visible(timeout=FIRST_RENDER_MS)
    page.close()


def test_library_cards_keep_their_order_on_a_phone(page, app_server, catalog_dir):
    open_at(page, f"{app_server}/", PHONE)
    cards = page.locator(".solace-card-box")
    expect(cards.first).to_be_visible(timeout=FIRST_RENDER_MS)
    names = [t.name for t in load_catalog(catalog_dir).techniques]
    tops = {card.get_by_role("heading").inner_text(): card.bounding_box()["y"]
            for card in cards.all()}
    shown = sorted(tops, key=tops.get)
    assert names == shown


LUMINANCE = """e => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = rgb => { const [r, g, b] = rgb.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const style = getComputedStyle(e);
  const [a, b] = [lum(parse(style.color)), lum(parse(style.backgroundColor))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_the_countdowns_foot_badge_reads_in_either_theme(page, app_server, database_url,
                                                         catalog_dir):
    """Inside the countdown's shadow root, where axe doesn't look: the "Left foot" badge, in
    the light theme and then in the dark one (the system's setting changed mid-run)."""
    store = Store(database_url, catalog=load_catalog(catalog_dir))
    if not any(r.name == "Both feet" for r in store.routines.list()):
        store.routines.save(Routine(name="Both feet", steps=(
            RoutineStep(technique="ball_roll", seconds=120),)))
    store.dispose()
    open_at(page, f"{app_server}/run", {"width": 1400, "height": 900}, "light")
    start_run(page, app_server, "Both feet")
    badge = page.locator(".solace-timer .foot")
    expect(badge).to_have_text("Left foot", timeout=FIRST_RENDER_MS)
    light = badge.evaluate("e => getComputedStyle(e).color")
    ratios = {"light": badge.evaluate(LUMINANCE)}
    page.emulate_media(color_scheme="dark")
    shows_theme(page, "dark", "run")
    expect(badge).not_to_have_css("color", light)  # the dark theme's colours reached it
    ratios["dark"] = badge.evaluate(LUMINANCE)
    assert min(ratios.values()) >= 4.5, ratios
    # Stopped for sure: a run left going would be the next test's on this server.
    wait_for_app(page)
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Stop without logging").click()
    expect(page.get_by_role("button", name="Start")).to_be_visible(timeout=FIRST_RENDER_MS)


def test_the_pressure_point_diagram_passes_axe_and_says_what_it_shows(page, app_server):
    open_at(page, f"{app_server}/", {"width": 1400, "height": 900})
    page.get_by_role("tab", name="Where the pressure points are").click()
    wait_for_app(page)
    diagram = page.get_by_role("img", name=re.compile("Where the pressure points are"))
    expect(diagram).to_be_visible(timeout=FIRST_RENDER_MS)
    assert all(code in diagram.get_attribute("alt") for code in ("KI1", "LR3", "SP6"))
    # The rest of the page had its pass in the test of every page.
    assert violations(page, within="[role=tabpanel]:not([hidden])") == []


def test_a_sidebar_link_reached_by_keyboard_shows_an_outline(page, app_server):
    open_at(page, f"{app_server}/plan", {"width": 1400, "height": 900})
    for _ in range(12):  # from the top of the page, the sidebar's links come first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid === 'stSidebarNavLink'"):
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

