"""In a real Chromium: the sound check in Settings plays each cue, and mute silences it."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser


def last_cue(page: Page) -> dict:
    return page.evaluate("window.__solaceCues[window.__solaceCues.length - 1]")


def set_muted(page: Page, muted: bool) -> None:
    toggle = page.get_by_label("Mute all sounds")
    if toggle.is_checked() != muted:
        toggle.click(force=True)  # saved as it changes
    expect(page.get_by_text("Sound settings saved.")).to_be_visible()
    wait_for_app(page)


def test_the_sound_check_plays_cues_and_respects_mute(page: Page, app_server):
    page.goto(f"{app_server}/settings")
    wait_for_app(page)
    check = page.locator(".sound-check")
    expect(check).to_have_count(0)  # drawn once "Hear the cues" is opened
    page.get_by_text("Hear the cues").click()
    expect(check).to_be_visible(timeout=FIRST_RENDER_MS)
    check.get_by_role("button", name="Switch feet").click()
    page.wait_for_function("window.__solaceCues && window.__solaceCues.length > 0")
    assert last_cue(page)["kind"] == "switch" and last_cue(page)["audio"] == "running"

    set_muted(page, True)
    expect(check.locator(".muted-note")).to_be_visible()
    check.get_by_role("button", name="Routine finished").click()
    assert last_cue(page) == {**last_cue(page), "kind": "end", "audio": "muted"}
    set_muted(page, False)  # leave the shared test database as it was
