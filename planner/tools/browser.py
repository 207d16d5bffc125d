"""Driving the app in Chromium, shared by the benchmark, the screenshots and the browser tests.

Streamlit marks its app ``notRunning`` once a script run is over: waiting for that (never for a
fixed time) is how every browser step knows the page is drawn.
"""

from __future__ import annotations

import re

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
FIRST_RENDER_MS = 15_000  # a cold first chart takes 4-5 s on a busy 2-core machine
# A browser context as a phone's (Playwright's new_context options): its browser says so (its
# name holds "Mobile"), and a first visit's chart pictures are drawn for a phone's column then
# (planner/ui/kit/pictures.py).
AS_PHONE = {"user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                          "(KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36",
            "is_mobile": True, "has_touch": True}


def wait_for_app(page, timeout_ms: int = FIRST_RENDER_MS) -> None:
    """Wait until Streamlit has finished running the script for the current page."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.get_by_test_id("stMain").wait_for(timeout=timeout_ms)


def save_checkin(page, app_url: str, stress: int) -> None:
    """Today's check-in through the Log page of the server at ``app_url``, with ``stress``
    (swelling 1, pain 0), as a person clicks it."""
    from playwright.sync_api import expect

    page.goto(f"{app_url}/log")
    wait_for_app(page)
    for field, rating in (("stress", stress), ("swelling", 1), ("pain", 0)):
        choice = page.locator(f"[class*='st-key-ci-{field}-']").get_by_role(
            "radio", name=str(rating), exact=True)
        if not choice.is_checked():
            choice.click()
        expect(choice).to_be_checked()
        wait_for_app(page)
    page.get_by_role("button", name=re.compile("^(Save|Update) check-in$")).click()
    expect(page.get_by_text(re.compile("(Saved|Updated) your check-in"))).to_be_visible()


def live_chart(page, timeout_ms: int = FIRST_RENDER_MS):
    """The page's first live (Vega) chart. Charts come as pictures first
    (planner/ui/kit/pictures.py): the first one is hovered, as a person reaching for it does,
    and the live chart that takes its place is returned once drawn."""
    picture = page.locator(".solace-picture").first
    picture.wait_for(timeout=timeout_ms)
    picture.hover()
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.locator("svg, canvas").first.wait_for(timeout=timeout_ms)
    return chart
