"""Start a real Solace server on a free port with a temporary database, and drive Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from planner.tools.browser import FIRST_RENDER_MS, wait_for_app  # noqa: F401 (shared)
from planner.tools.devserver import running_app
from planner.tools.pgserver import server_programs

ROOT = Path(__file__).resolve().parents[2]
FULL_CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The old headless shell (Debian's chromium-headless-shell, which .ci/run installs): the same
# Blink, without the desktop browser around it. The browser tests took a fifth less CPU on it
# (333 -> 271 CPU-s of the machine's, 189 -> 164 s). Where it lacks something a test needs
# (the screen wake lock), that test opens the full Chromium (``full_chromium_page``).
CHROMIUM = shutil.which("chromium-headless-shell") or FULL_CHROMIUM
# CI may share its 2 cores with other work: a page's run then takes longer than Playwright's
# 5 s default, and a test that would pass on a quiet machine failed waiting (a phone visit to
# Log, stop 35). Waiting longer costs a passing test nothing.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() and Path(FULL_CHROMIUM).exists():
        return
    reason = "Chromium is not installed (apt-get install chromium chromium-headless-shell)"
    if os.environ.get("CI"):
        raise pytest.UsageError(f"browser tests cannot run in CI: {reason}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Pages as for a person who asked for less motion (an operating-system setting that
        # Streamlit and the app's own CSS follow): no test asserts a movement, and a page in
        # motion costs Chromium every frame. Eight modules of these tests took 70 CPU-s so,
        # against 74 (two rounds each).
        # No TurboFan (V8's top compiler; its mid tier, Maglev, stays): a test's page lives
        # seconds, too short for TurboFan's compiling, on a core the tests share, to pay for
        # itself. Chromium's CPU for eight modules of these tests, runs taking turns: 72.3-75.5
        # CPU-s with it (3 runs), 65.0-67.4 without (3 runs, and 82.5 in a busier minute);
        # Maglev off as well: 74.0 against 65.0 (then 74.8 against that 82.5).
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--force-prefers-reduced-motion",
                 "--js-flags=--no-turbofan"],
    }


DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's own


class _SharedTab:
    """The tab every test taking ``page`` gets, one per worker. Chromium spent 1.6 CPU-s on
    the app's first page in a new tab, twice what the same page costs in a tab already open
    (0.75: that tab's renderer has the app's scripts compiled already). 18 tests that each
    opened a tab took 76-79 CPU-s in one process, 55-62 in one shared tab."""

    contexts: set = set()  # the shared tabs' contexts, which outlive a test

    def __init__(self, browser, context_args: dict):
        self.browser, self.context_args = browser, context_args
        self.tab = None

    def get(self):
        if self.tab is None or self.tab.is_closed():
            self.tab = self.browser.new_context(**self.context_args).new_page()
            _SharedTab.contexts.add(self.tab.context)
        return self.tab

    def forget(self, handlers: list) -> None:
        """Leave nothing of a test for the next: its listeners, cookies, permissions, stored
        data, pointer, window size and colour scheme; and no page of the app still running.
        A tab that can't be cleared (closed, or stuck where a failed test left it) is closed
        with its context, and the next test gets a new one."""
        try:
            self._clear(self.tab, handlers)
        except Exception:
            self.tab.context.close()
            raise

    def _clear(self, tab, handlers: list) -> None:
        if tab.is_closed():
            raise RuntimeError("the test closed the tab the tests share (``page``): leave it "
                               "open for the next test")
        for event, handler in handlers:
            tab.remove_listener(event, handler)
        tab.context.clear_cookies()
        tab.context.clear_permissions()
        if tab.url.startswith("http"):
            tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        tab.goto("about:blank")
        # Where a test left the pointer, the next page's element there would be hovered (a
        # chart's picture turns live on a hover): to the corner, over the sidebar's top.
        tab.mouse.move(0, 0)
        tab.set_viewport_size(self.context_args.get("viewport") or DEFAULT_VIEWPORT)
        tab.emulate_media(media="no-override", color_scheme="no-override",
                          reduced_motion="no-override", forced_colors="no-override")


@pytest.fixture(autouse=True)
def _close_what_the_test_opened(request):
    """Close every browser context a test opened from ``browser`` and left open (the health
    profile's, sign-in's and the Experiment's visitors): a page left open keeps running, and
    one whose server its module has stopped keeps trying to reconnect, for the rest of the
    run. During a CI run, renderers 46-184 s old each took 5-8% of a core."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in browser.contexts:
        if context not in before and context not in _SharedTab.contexts:
            context.close()


@pytest.fixture(scope="session")
def _shared_tab(browser, browser_context_args):
    shared = _SharedTab(browser, browser_context_args)
    yield shared
    if shared.tab is not None:
        shared.tab.context.close()


@pytest.fixture
def page(_shared_tab):
    """The worker's one tab (_SharedTab), cleared after each test. A test that needs a tab of
    its own (init scripts, routes, another context's options) opens one from ``browser``."""
    tab, handlers = _shared_tab.get(), []

    def on(event, handler):
        handlers.append((event, handler))
        type(tab).on(tab, event, handler)

    def refuse(*_args, **_kwargs):
        raise RuntimeError("this tab is shared by the tests: open a page of your own "
                           "(browser.new_page()) for init scripts, routes or bindings")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tab, "on", on)
        for leaves_something in ("add_init_script", "route", "expose_function",
                                 "expose_binding", "set_extra_http_headers"):
            patch.setattr(tab, leaves_something, refuse)
        yield tab
    _shared_tab.forget(handlers)


@pytest.fixture
def full_chromium_page(playwright, browser_type_launch_args):
    """A page in the full Chromium, for what the headless shell doesn't have."""
    browser = playwright.chromium.launch(**{**browser_type_launch_args,
                                            "executable_path": FULL_CHROMIUM})
    yield browser.new_page()
    browser.close()


@pytest.fixture(scope="session")
def catalog_dir(tmp_path_factory) -> Path:
    """The shipped catalog plus a 'Quick tap' technique of a few seconds, for timed runs."""
    folder = tmp_path_factory.mktemp("data")
    for file in (ROOT / "data").glob("*.toml"):
        shutil.copy(file, folder / file.name)
    techniques = folder / "techniques.toml"
    extra = (Path(__file__).parent / "quick_tap.toml").read_text()
    techniques.write_text(techniques.read_text() + "\n" + extra)
    return folder


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'browser.db'}"


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, database_url, catalog_dir):
    """A running app: yields its base URL. One server (and database) per test session."""
    env = {"PLANNER_DATABASE_URL": database_url, "PLANNER_DATA_DIR": str(catalog_dir)}
    with open(tmp_path_factory.mktemp("log") / "streamlit.log", "w") as log, \
            running_app(env, log) as url:
        yield url




def start_run(page, app_server: str, routine_name: str) -> None:
    """Open the Run page, discard a run another test left, pick the routine and press Start."""
    page.goto(f"{app_server}/run")
    wait_for_app(page)
    discard = page.get_by_role("button", name="Discard")
    if discard.count():  # a run left by another test
        discard.click()
        wait_for_app(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Routine").click()
    page.get_by_role("option", name=routine_name, exact=True).click()
    wait_for_app(page)
    page.get_by_role("button", name="Start").click()


def open_manual_session_form(page):
    """Open Log's "Log a session done without the timer" and wait until its form is whole.
    The form's widgets' code is fetched only once it is first opened (planner/ui/log/
    session.py), so on a busy machine its fields came in after the run had ended: a text
    typed then was kept, but the press on "Log session" that followed while the rest came in
    was lost (1 in 8-10 runs of the safety tests beside two other modules). Returns the form."""
    page.get_by_text("Log a session done without the timer").click()
    wait_for_app(page)  # the run that draws the form
    form = page.get_by_test_id("stForm").filter(has_text="What did you do?")
    for label in ("Date", "Finished at"):  # a field each for the year, the month, ...
        expect(form.get_by_role("group", name=label, exact=True)).to_be_visible(
            timeout=FIRST_RENDER_MS)
    for label in ("What did you do?", "Minutes", "Notes (optional)"):
        expect(form.get_by_label(label, exact=True)).to_be_editable(timeout=FIRST_RENDER_MS)
    for label in ("Stress before (optional)", "Stress after (optional)"):
        expect(form.get_by_role("radiogroup", name=label).get_by_role("radio")).to_have_count(
            11, timeout=FIRST_RENDER_MS)
    expect(form.get_by_role("button", name="Log session")).to_be_enabled(
        timeout=FIRST_RENDER_MS)
    return form


def require_postgres_programs() -> None:
    """Skip a test that needs PostgreSQL's server programs where they are missing; in CI,
    where .ci/run installs them, fail it instead."""
    if server_programs() is None:
        reason = "PostgreSQL's server programs are not installed (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
