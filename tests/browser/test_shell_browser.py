"""On a real server, in Chromium: the shell's hint (planner/ui/app/shell.py) works, so a page at a
path reaches its server at the first try, also when the app is served under a path of its own;
the app's CSS, in the shell too, is in effect from the first paint; the asset cache
(planner/ui/app/asset_cache.py) gives Streamlit's files again unchanged; and the page's messages
come compressed."""

import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from streamlit import file_util

from planner.tools.devserver import ROOT, serving
from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser


def _requests(page: Page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_a_page_at_a_path_reaches_its_server_at_the_first_try(page: Page, app_server):
    urls = _requests(page)
    page.goto(f"{app_server}/log")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Log", exact=True)).to_be_visible()
    assert f"{app_server}/_stcore/health" in urls
    assert not [url for url in urls if "/log/_stcore/" in url]  # the 404 and back-off it was


def test_the_pages_messages_come_compressed(page: Page, app_server):
    """The server agrees to compress its messages (.streamlit/config.toml): a chart's picture
    then crosses a slow phone connection at under a tenth of its size."""
    cdp = page.context.new_cdp_session(page)
    answers: list[dict] = []
    try:  # detached even if the page fails: the tab is the next test's too
        cdp.send("Network.enable")
        cdp.on("Network.webSocketHandshakeResponseReceived",
               lambda event: answers.append(event["response"]["headers"]))
        page.goto(f"{app_server}/log")
        wait_for_app(page)
    finally:
        cdp.detach()
    assert answers, "no websocket was opened"
    extensions = {name.lower(): value for name, value in answers[0].items()}.get(
        "sec-websocket-extensions", "")
    assert "permessage-deflate" in extensions, answers[0]


def test_served_under_a_path_every_page_still_finds_its_server(page: Page, database_url,
                                                               catalog_dir, tmp_path):
    env = {"PLANNER_DATABASE_URL": database_url, "PLANNER_DATA_DIR": str(catalog_dir)}
    with open(tmp_path / "streamlit.log", "w") as log, \
            serving(ROOT / "streamlit_app.py", env, log, base_path="solace") as server:
        assert server.url.endswith("/solace")
        urls = _requests(page)
        page.goto(f"{server.url}/settings")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible(
            timeout=FIRST_RENDER_MS)
        page.get_by_role("link", name="Log").click()  # and the navigation's links work too
        expect(page.get_by_role("heading", name="Log", exact=True)).to_be_visible()
        assert page.url == f"{server.url}/log"
    assert f"{server.url}/_stcore/health" in urls
    assert not [url for url in urls if "/settings/_stcore/" in url]


# Counts the moments the phone's Run and Log links (planner/ui/app/navigation.py) are laid out
# with a size, from the page's first element on.
LINKS_WATCHER = """(() => {
  window.__linksShown = 0;
  new MutationObserver(() => {
    const links = document.querySelector(".st-key-daily-links");
    if (links && links.getBoundingClientRect().height > 0) window.__linksShown += 1;
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();"""


def test_the_apps_look_is_there_from_the_first_paint(browser: Browser, app_server):
    """On a desktop the sidebar lists the pages, and solace.css hides the phone's Run and Log
    links: never shown, not even while the page loads. (With the CSS given by the page's
    script, they showed under the heading until Streamlit had loaded its HTML element.) On a
    dark system the page is marked dark for solace.css before it is drawn (with the theme
    switch's script in its own element, only once that element was drawn)."""
    page = browser.new_context(viewport={"width": 1400, "height": 900},
                               color_scheme="dark").new_page()
    page.add_init_script(LINKS_WATCHER)
    page.add_init_script("document.addEventListener('DOMContentLoaded', () => {"
                         " window.__darkFirst = document.documentElement.classList"
                         ".contains('solace-dark'); })")
    page.goto(f"{app_server}/log")
    wait_for_app(page)
    assert page.evaluate("window.__darkFirst") is True
    expect(page.get_by_role("heading", name="Log", exact=True)).to_be_visible()
    expect(page.locator(".st-key-daily-links")).to_be_attached()
    expect(page.locator(".st-key-daily-links")).to_be_hidden()
    assert page.evaluate("window.__linksShown") == 0


def test_streamlits_files_come_the_same_from_memory_as_from_disk(app_server):
    """The shell's scripts and style, a font and the chart library: what the first download
    gave (from Streamlit's file handler), every later one gives again, and it is the file."""
    static = Path(file_util.get_static_dir())
    shell_page = (static / "index.html").read_text()
    names = re.findall(r'(?:src|href)="\./(static/[^"]+)"', shell_page)
    names += [f"static/js/{next((static / 'static' / 'js').glob('embed.*.js')).name}",
              f"static/media/{next((static / 'static' / 'media').glob('MaterialSymbols*')).name}"]
    assert len(names) > 50
    for name in names:
        answers = []
        for _ in range(2):
            with urllib.request.urlopen(f"{app_server}/{name}") as response:
                headers = {k.lower(): v for k, v in response.headers.items() if k != "date"}
                answers.append((response.status, headers, response.read()))
        first, again = answers
        assert again == first, name
        assert first[2] == (static / name).read_bytes(), name
        assert "immutable" in first[1]["cache-control"], name
