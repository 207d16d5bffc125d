"""Screenshots of every page, light and dark, desktop (1400x900) and phone (390x844).

    python scripts/screenshots.py [OUT_DIR]          # default: docs/screenshots
    SHOTS_ONLY=plan,run python scripts/screenshots.py   # some pages only
    SHOTS_OUTCOME=resting_hr python scripts/screenshots.py  # the experiment judged by a watch

Starts the app on a temporary database holding a saved routine, a health profile (pregnancy,
so the cautions show), a year of sample data and a running experiment, and uses Chromium.
Full-page shots: {page}-{light|dark}-{desktop|phone}.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from planner.tools.browser import AS_PHONE, wait_for_app
from planner.tools.devserver import running_app

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["library", "plan", "run", "log", "insights", "experiment", "settings"]
ONLY = os.environ.get("SHOTS_ONLY", "").split(",") if os.environ.get("SHOTS_ONLY") else None
# The running experiment's outcome: a rating, or a watch's measure (then a year of it is
# imported too: resting heart rate, HRV and sleep).
OUTCOME = os.environ.get("SHOTS_OUTCOME", "stress")
SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}


def seed(url: str) -> None:
    """What a returning person has: a routine, a profile, a year of log, an experiment."""
    from planner.catalog.model import load_catalog
    from planner.experiments.model import Design
    from planner.journal.sample import load_sample
    from planner.kernel import clock
    from planner.routines.model import routine_from_preset
    from planner.settings.model import HealthProfile
    from planner.store import Store

    store = Store(url)
    store.routines.save(routine_from_preset(load_catalog().preset("quick_reset")))
    store.settings.save_profile(HealthProfile(conditions=frozenset({"pregnancy"})))
    load_sample(store.sample, store.catalog, years=1)
    today = clock.today(clock.server_zone())
    store.experiments.start(Design(conditions=("massage", "socks"), days_per_condition=2,
                                   blocks=10, start=today - timedelta(days=15), seed=11,
                                   outcome=OUTCOME),
                            today - timedelta(days=16))
    if OUTCOME in ("resting_hr", "hrv_sdnn", "sleep_minutes"):
        store.measures.save(watch_year(store, today))
    store.dispose()


def watch_year(store, today) -> list:
    """A year of a watch's mornings: days alike in a row, a little calmer after a massage,
    and now and then a night without the watch."""
    import numpy as np

    from planner.kernel import clock
    from planner.watch.model import DailyMeasure

    rng = np.random.default_rng(5)
    massaged = {stamp.date() for stamp in store.frames.sessions(clock.server_zone())["day"]}
    records, drift = [], 0.0
    for back in range(365, 0, -1):
        day = today - timedelta(days=back)
        drift = 0.5 * drift + rng.normal()
        if rng.random() < 0.1:
            continue  # the watch left off
        calmer = (day - timedelta(days=1)) in massaged
        for measure, value in (("resting_hr", 58 + 2.2 * drift - 2.0 * calmer),
                               ("hrv_sdnn", 45 - 8 * drift + 5 * calmer),
                               ("sleep_minutes", 420 - 40 * drift + 10 * calmer)):
            records.append(DailyMeasure(day=day, measure=measure, value=round(value, 1),
                                        source="Watch"))
    return records


def settle(page: Page) -> None:
    wait_for_app(page, 20_000)  # and from now on, the runs a press asks for (RUN_WATCHER)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=20_000)
    charts = page.get_by_test_id("stVegaLiteChart")
    if charts.count():
        expect(charts.first.locator("svg, canvas").first).to_be_visible(timeout=20_000)
    page.wait_for_function("document.fonts.status === 'loaded'")


def stage(page: Page, name: str) -> None:
    """Show each page at its most telling: a routine running, a preset in the builder."""
    if name == "library":  # the cards (one HTML element, drawn after the page's heading)
        expect(page.locator(".solace-card-box").first).to_be_visible(timeout=20_000)
    if name == "run":
        discard = page.get_by_role("button", name="Discard")
        if discard.count():
            discard.click()
            wait_for_app(page)
        page.get_by_role("button", name="Start").click()
        expect(page.locator(".solace-timer .clock")).not_to_have_text("0:00", timeout=20_000)
        expect(page.get_by_role("button", name="Pause")).to_be_visible(timeout=20_000)
    if name == "plan":
        page.get_by_test_id("stExpander").get_by_text("Start from a preset").click()
        page.get_by_role("button", name="Use").nth(1).click()
        wait_for_app(page)
        replace = page.get_by_role("button", name="Replace my changes")
        if replace.count():
            replace.click()
            wait_for_app(page)


# Nothing still loading: no skeletons, fonts in, and every chart has drawn its marks.
DRAWN = """() => !document.querySelector('[data-testid*=Skeleton]')
    && document.fonts.status === 'loaded'
    && [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]
        .every(chart => chart.querySelector('canvas, svg.marks'))"""


def small(shot: Path) -> None:
    """256 colours are plenty for a page of text and flat colour: a third of the bytes."""
    Image.open(shot).convert("RGB").quantize(256).save(shot, optimize=True)


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'shots.db'}"
    seed(url)
    with running_app({"PLANNER_DATABASE_URL": url}) as app_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        for scheme in ("light", "dark"):
            for size, viewport in SIZES.items():
                page = browser.new_page(viewport=viewport, color_scheme=scheme,
                                        **(AS_PHONE if size == "phone" else {}))
                for name in ONLY or PAGES:
                    page.goto(f"{app_url}/{'' if name == 'library' else name}")
                    settle(page)
                    stage(page, name)
                    page.mouse.move(0, 0)  # nothing left hovered where a press was
                    # Streamlit scrolls inside its main area: grow the window to all of it.
                    tall = page.evaluate("document.querySelector('[data-testid=stMain]')"
                                         ".scrollHeight")
                    page.set_viewport_size({"width": viewport["width"],
                                            "height": max(viewport["height"], tall)})
                    wait_for_app(page)
                    # Elements that come into view are drawn a moment later.
                    page.wait_for_function(DRAWN)
                    shot = out_dir / f"{name}-{scheme}-{size}.png"
                    page.screenshot(path=shot)
                    small(shot)
                    page.set_viewport_size(viewport)
                    if name == "run":  # leave no run behind for the next shots
                        page.get_by_role("button", name="Stop").click()
                        page.get_by_role("button", name="Stop without logging").click()
                        wait_for_app(page)
                page.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
