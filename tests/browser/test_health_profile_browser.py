"""In a real Chromium, as a new user would: "I am pregnant" ticked in Settings, then Run, the
weekly plan and the experiment's massage day all leave out Liver 3 (LR3), and Run starts it
only once the box there is ticked. The app runs on its own database, with its clock on a day
the experiment asks for a massage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.catalog.model import load_catalog
from planner.experiments.model import Design, assignment
from planner.kernel import clock
from planner.schedule.model import Slot
from planner.store import Store
from planner.tools.devserver import running_app
from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser
NOW = datetime(2026, 3, 3, 12, 0, tzinfo=ZoneInfo("UTC"))  # a Tuesday
DESIGN = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=6,
                start=date(2026, 2, 23), seed=4)
LR3 = "Liver 3 (LR3) press"


@pytest.fixture(scope="module")
def app(tmp_path_factory, catalog_dir) -> Iterator[tuple[str, str]]:
    assert assignment(DESIGN, NOW.date()).condition == "massage"
    folder = tmp_path_factory.mktemp("health")
    url = f"sqlite:///{folder / 'health.db'}"
    with clock.frozen(NOW):
        store = Store(url)
        store.experiments.start(DESIGN, DESIGN.start)
        store.dispose()
    env = {"PLANNER_DATABASE_URL": url, "PLANNER_DATA_DIR": str(catalog_dir),
           clock.START_VARIABLE: NOW.isoformat()}
    with open(folder / "streamlit.log", "w") as log, running_app(env, log) as base:
        yield base, url


def visit(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}")
    wait_for_app(page)


def active_techniques(url: str, catalog_dir) -> tuple[list[str], frozenset[str]]:
    store = Store(url, catalog=load_catalog(catalog_dir))
    try:
        run = store.runs.active()
        return [s.technique for s in run.plan], run.confirmed
    finally:
        store.dispose()


def stop_without_logging(page: Page) -> None:
    wait_for_app(page)
    page.get_by_role("button", name="Stop", exact=True).click()
    expect(page.get_by_text("Stop here?")).to_be_visible(timeout=FIRST_RENDER_MS)
    page.get_by_role("button", name="Stop without logging").click()
    wait_for_app(page)


def test_pregnancy_through_run_the_weekly_plan_and_the_experiment(browser: Browser, app,
                                                                  catalog_dir):
    base, url = app
    page = browser.new_context(timezone_id="UTC").new_page()

    # Settings: tick "I am pregnant".
    visit(page, base, "settings")
    page.get_by_text("I am pregnant").click()  # saved as it is ticked
    expect(page.get_by_text("Health profile saved.")).to_be_visible(timeout=FIRST_RENDER_MS)

    # The weekly plan suggests a routine the profile allows in full, not Bedtime wind-down.
    visit(page, base, "plan")
    suggestion = page.locator(".st-key-week-suggestion")
    expect(suggestion).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(suggestion).not_to_contain_text("Bedtime wind-down")
    expect(suggestion).not_to_contain_text("Run leaves out")
    # A time planned for Bedtime wind-down says what Run leaves out of it.
    store = Store(url, catalog=load_catalog(catalog_dir))
    store.schedule.add([Slot(weekday=NOW.weekday(), at=time(23, 0),
                             routine_name="Bedtime wind-down", since=NOW.date())])
    store.dispose()
    visit(page, base, "plan")
    slot = page.locator("[class*='st-key-week-slot-']").filter(has_text="Bedtime wind-down")
    expect(slot).to_contain_text(f"Run leaves out {LR3}", timeout=FIRST_RENDER_MS)

    # Run: the experiment's massage day names what a massage leaves out; "Choose it" picks
    # Bedtime wind-down, and Start starts it without LR3.
    visit(page, base, "run")
    banner = page.get_by_test_id("stAlertContentInfo").filter(has_text="Today's experiment")
    expect(banner).to_contain_text("a foot massage today", timeout=FIRST_RENDER_MS)
    expect(banner).to_contain_text(LR3)
    page.get_by_role("button", name="Choose it").click()
    wait_for_app(page)
    box = page.locator(".st-key-run-not-advised")
    expect(box).to_contain_text(f"Not advised with your health profile: {LR3}",
                                timeout=FIRST_RENDER_MS)
    page.get_by_role("button", name=f"Start without {LR3}").click()
    expect(page.locator(".solace-timer").first).to_be_visible(timeout=FIRST_RENDER_MS)
    techniques, confirmed = active_techniques(url, catalog_dir)
    assert "press_lr3" not in techniques and "breathing" in techniques
    assert confirmed == frozenset()
    stop_without_logging(page)

    # Only the ticked box on the Run page starts LR3, and the run keeps that confirmation.
    page.get_by_text(f"My care provider agrees: include {LR3}").click()
    page.get_by_role("button", name="Start with every step").click()
    expect(page.locator(".solace-timer").first).to_be_visible(timeout=FIRST_RENDER_MS)
    techniques, confirmed = active_techniques(url, catalog_dir)
    assert "press_lr3" in techniques and confirmed == {"press_lr3"}
    stop_without_logging(page)

    # The Experiment page says the same of today.
    visit(page, base, "experiment")
    today = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Today:")
    expect(today).to_contain_text("a massage leaves out", timeout=FIRST_RENDER_MS)
    expect(today).to_contain_text(LR3)
