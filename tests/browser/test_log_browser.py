"""In a real Chromium: a check-in logged on the Log page shows up as a point in a chart, and a
figure out of range is refused in words."""

import re

import pytest
from playwright.sync_api import Page, expect

from planner.tools.browser import live_chart, save_checkin
from tests.browser.conftest import FIRST_RENDER_MS, open_manual_session_form, wait_for_app

pytestmark = pytest.mark.browser


def test_a_check_in_appears_in_the_stress_chart(page: Page, app_server):
    save_checkin(page, app_server, stress=8)  # on the Log page, as a person does

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Insights").click()
    wait_for_app(page)
    chart = live_chart(page)  # the picture first, live when reached for
    expect(chart).to_be_visible(timeout=FIRST_RENDER_MS)
    point = chart.locator("[aria-label*='Stress (0 calm, 10 very stressed): 8']")
    expect(point.first).to_be_attached(timeout=FIRST_RENDER_MS)
    page.get_by_role("tab", name="Massage vs socks").click()
    expect(page.get_by_text("not proof", exact=False)).to_be_visible(timeout=FIRST_RENDER_MS)


def test_after_logging_a_session_by_hand_the_form_is_empty_again(page: Page, app_server):
    page.goto(f"{app_server}/log")
    wait_for_app(page)
    form = open_manual_session_form(page)
    form.get_by_label("What did you do?").fill("Foot rub on the sofa")
    before = form.locator("[class*='st-key-manual-before']")
    before.get_by_role("radio", name="6", exact=True).click()
    form.get_by_role("button", name="Log session").click()
    expect(page.get_by_text("Logged “Foot rub on the sofa”")).to_be_visible(
        timeout=FIRST_RENDER_MS)
    wait_for_app(page)  # the form stays open, empty again
    expect(form.get_by_label("What did you do?")).to_have_value("")
    expect(before.get_by_role("radio", name="6", exact=True)).not_to_be_checked()


def test_a_pulse_out_of_range_is_refused_in_words_not_dropped(page: Page, app_server,
                                                              database_url):
    # In a real browser a number box with bounds of its own keeps a number outside them from
    # the server, and the check-in was then saved without it under "Saved". Now the server
    # sees 999 and names the problem, and nothing is saved until it is fixed.
    from planner.store import Store

    def stored_figures():
        store = Store(database_url)
        try:
            return sorted((c.day, c.pulse, c.systolic, c.diastolic)
                          for c in store.checkins.list())
        finally:
            store.dispose()

    before = stored_figures()  # other tests' check-ins, and sample data, may be here
    page.goto(f"{app_server}/log")
    wait_for_app(page)
    page.locator("[class*='st-key-checkin-day-choice']").get_by_role(
        "radio", name="Yesterday").click()
    wait_for_app(page)
    for field, rating in (("stress", 5), ("swelling", 2), ("pain", 1)):
        choice = page.locator(f"[class*='st-key-ci-{field}-']").get_by_role(
            "radio", name=str(rating), exact=True)
        if not choice.is_checked():
            choice.click()
        wait_for_app(page)
    pulse = page.get_by_role("spinbutton", name="Resting pulse (beats a minute)")
    if not pulse.count():  # open by itself on a check-in that has these figures
        page.get_by_text("Pulse and blood pressure (optional)").click()
        wait_for_app(page)
    for label, typed in (("Resting pulse (beats a minute)", "999"),
                         ("Blood pressure: upper", "131"), ("Blood pressure: lower", "81")):
        page.get_by_role("spinbutton", name=label).fill(typed)
        page.get_by_role("spinbutton", name=label).press("Tab")
        wait_for_app(page)
    page.get_by_role("button", name=re.compile("^(Save|Update) check-in$")).click()
    wait_for_app(page)
    expect(page.get_by_text("Resting pulse should be a whole number from 30 to 220")
           ).to_be_visible()
    expect(page.get_by_text(re.compile("(Saved|Updated) your check-in"))).to_have_count(0)
    assert stored_figures() == before  # nothing saved, nothing changed
    expect(pulse).to_have_value("999")  # kept, to be corrected

    pulse.fill("72")
    pulse.press("Tab")
    wait_for_app(page)
    page.get_by_role("button", name=re.compile("^(Save|Update) check-in$")).click()
    expect(page.get_by_text(re.compile("(Saved|Updated) your check-in"))).to_be_visible()
    saved = [row for row in stored_figures() if row not in before]
    assert [row[1:] for row in saved] == [(72, 131, 81)]


@pytest.mark.parametrize("width", [1400])  # on a phone they wrap, larger (test_phone_browser)
def test_the_check_in_ratings_fit_on_one_line_each(page: Page, app_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{app_server}/log")
    wait_for_app(page)
    open_manual_session_form(page)
    for label in ("How stressed did you feel?", "Leg heaviness or swelling (optional)",
                  "Foot pain (optional)", "Stress before (optional)"):
        row = page.get_by_role("radiogroup", name=label)
        expect(row.get_by_role("radio")).to_have_count(11)
        tops = row.get_by_role("radio").evaluate_all(
            "rs => rs.map(r => Math.round(r.getBoundingClientRect().top))")
        widths = row.get_by_role("radio").evaluate_all(
            "rs => rs.map(r => r.getBoundingClientRect().width)")
        assert len(set(tops)) == 1, f"{label} wraps at {width} px"
        assert min(widths) >= 24  # each still a comfortable target
