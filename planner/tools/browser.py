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


# A press only asks the server for a run: until the run begins, the page still says
# notRunning, and on a busy machine that lasted long enough for a test to act on a form about to
# be replaced. So the page notes when it last asked for a run (a BackMsg whose first field is
# rerun_script, number 11: first byte 0x5A) and when a run last ended; settled is notRunning
# with no run asked for since. A run too quick to flip the page's running state (React draws
# both changes at once) went unseen, and each such wait took the 8 s allowed for an ask no run
# answers (5 in a run of the browser tests): so the server's word counts too (a ForwardMsg
# carrying script_finished, field 6, other than "stopped early for a rerun"), 150 ms after it,
# for the page to draw what the run sent. Installed on a page's first wait; a page loaded anew
# needs it again.
RUN_WATCHER = """() => {
  if (window.__solaceRuns || !document.documentElement) return;  // none yet: a page mid-load
  const runs = window.__solaceRuns = {askedAt: 0, endedAt: 0, finishedAt: 0,
                                      watchedFrom: performance.now()};
  const finished = data => {  // a ForwardMsg's top-level fields, for script_finished (6)
    const bytes = new Uint8Array(data);
    let at = 0;
    const varint = () => {
      let value = 0, shift = 0, byte;
      do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; }
      while (byte & 0x80 && at < bytes.length);
      return value;
    };
    while (at < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { const value = varint(); if (field === 6) return value !== 2; }
      else if (wire === 2) at += varint();
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return false;
    }
    return false;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, 1) : null;
    if (bytes && bytes.length && bytes[0] === 0x5A) runs.askedAt = performance.now();
    if (!this.__solaceWatched) {
      this.__solaceWatched = true;
      this.addEventListener("message", event => {
        if (event.data instanceof ArrayBuffer && finished(event.data)) {
          runs.finishedAt = performance.now();
        }
      });
    }
    return send.call(this, data);
  };
  new MutationObserver(() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (app && app.dataset.testScriptState === "notRunning") runs.endedAt = performance.now();
  }).observe(document.documentElement, {subtree: true, attributes: true,
                                        attributeFilter: ["data-test-script-state"]});
}"""
# A chart's picture redraws itself at its column's width (planner/ui/kit/pictures.py): once
# shown, and again 200 ms after its column's width has changed by a step (a scrollbar or a
# late element can do that after the run). Each redraw is a run of its own, asked for just
# after the page's run ended, which a press on a tab then raced (the Watch tab's test, once in
# a full run). So the page is settled only when every chart is live or a picture drawn at its
# column's width (the same test as the picture's own, read from the page; 8 px is its
# _WIDTH_STEP). A picture that never comes (its code failed) holds the wait at most 8 s after
# the page's run.
SETTLED = """() => {
  const runs = window.__solaceRuns, app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testScriptState !== "notRunning") return false;
  const now = performance.now();
  const redrawing = [...document.querySelectorAll("[class*='st-key-chart-']")].some(holder => {
    if (holder.querySelector("[data-testid='stVegaLiteChart']")) return false;
    const svg = holder.querySelector(".solace-picture > svg");
    if (!svg) return true;
    const width = Math.floor(svg.parentElement.parentElement.clientWidth);
    const rounded = width - (width % 8);
    return rounded > 0 && Math.abs(rounded - Number(svg.getAttribute("width"))) >= 8;
  });
  if (redrawing && runs && now - Math.max(runs.endedAt, runs.watchedFrom) < 8000) return false;
  return !runs || runs.endedAt >= runs.askedAt
    || (runs.finishedAt >= runs.askedAt && now - runs.finishedAt > 150)
    || now - runs.askedAt > 8000;
}"""


def wait_for_app(page, timeout_ms: int = FIRST_RENDER_MS) -> None:
    """Wait until Streamlit has finished running the script for the current page, and any run
    the page has asked for since (RUN_WATCHER)."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)  # first: the page's document is there
    page.evaluate(RUN_WATCHER)
    page.wait_for_function(SETTLED, timeout=timeout_ms)
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
