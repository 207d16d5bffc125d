"""Take screenshots of every page (light and dark) into docs/screenshots/ or a given folder.

    python scripts/screenshots.py [OUT_DIR]

Starts the app on a temporary database (with the sample routines saved) and uses Chromium.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from planner.tools.devserver import running_app

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["library", "plan", "run", "log", "insights", "settings"]
ONLY = os.environ.get("SHOTS_ONLY", "").split(",") if os.environ.get("SHOTS_ONLY") else None


def seed(url: str) -> None:
    """A saved routine and a health profile, so pages show what a returning person sees."""
    from planner.catalog.model import load_catalog
    from planner.journal.sample import load_sample
    from planner.routines.model import routine_from_preset
    from planner.settings.model import HealthProfile
    from planner.store import Store

    store = Store(url)
    store.routines.save(routine_from_preset(load_catalog().preset("quick_reset")))
    store.settings.save_profile(HealthProfile(conditions=frozenset({"pregnancy"})))
    load_sample(store.sample, store.catalog, years=1)
    store.dispose()


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'shots.db'}"
    seed(url)
    height = int(os.environ.get("SHOTS_HEIGHT", "2000"))
    with running_app({"PLANNER_DATABASE_URL": url}) as app_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        for scheme in ("light", "dark"):
            page = browser.new_page(viewport={"width": 1280, "height": height},
                                    color_scheme=scheme)
            for name in ONLY or PAGES:
                page.goto(f"{app_url}/{'' if name == 'library' else name}")
                page.wait_for_selector(
                    "[data-testid='stApp'][data-test-script-state='notRunning']",
                    timeout=15000)
                page.wait_for_timeout(2500)
                if name == "run":  # show a routine running (breathing first)
                    if page.get_by_role("button", name="Discard").count():
                        page.get_by_role("button", name="Discard").click()
                        page.wait_for_timeout(1500)
                    page.get_by_role("button", name="Start").click()
                    page.wait_for_timeout(3500)
                if name == "plan":  # show the builder with a preset loaded
                    page.get_by_test_id("stExpander").get_by_text("Start from a preset").click()
                    page.get_by_role("button", name="Use").nth(1).click()
                    page.wait_for_timeout(2500)
                page.screenshot(path=out_dir / f"{name}-{scheme}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
