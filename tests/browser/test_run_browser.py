"""In a real Chromium: the countdown runs on its own, on time, with sounds; pause; reload."""

import re

import pytest
from playwright.sync_api import Page, expect

from planner.catalog.model import load_catalog
from planner.kernel.formatting import CLOCK_CASES
from planner.routines.model import Routine, RoutineStep
from planner.store import Store
from tests.browser.conftest import FIRST_RENDER_MS, start_run, wait_for_app

pytestmark = pytest.mark.browser
ON_TIME = 0.5  # seconds


@pytest.fixture
def store(database_url, catalog_dir):
    opened = Store(database_url, catalog=load_catalog(catalog_dir))
    yield opened
    opened.dispose()


def three_taps(store: Store, name: str) -> Routine:
    return store.routines.save(Routine(name=name, steps=(RoutineStep(technique="quick_tap",
                                                              seconds=3),) * 3))


def start(page: Page, app_server: str, routine: Routine) -> None:
    start_run(page, app_server, routine.name)


def clock_text(page: Page) -> str:
    return page.locator(".solace-timer .clock").text_content()


def seconds_shown(page: Page) -> int:
    minutes, seconds = clock_text(page).split(":")
    return int(minutes) * 60 + int(seconds)


def wait_until_shown_at_most(page: Page, seconds: int) -> None:
    """Wait (on the page, not a sleep) until the countdown shows ``seconds`` or less."""
    page.locator(".solace-timer .clock").wait_for()
    page.wait_for_function(
        """limit => {
            const found = [...document.querySelectorAll("*")].map(e => e.shadowRoot)
                .filter(Boolean).map(r => r.querySelector(".solace-timer .clock"))
                .find(Boolean) || document.querySelector(".solace-timer .clock");
            if (!found) return false;
            const [m, s] = found.textContent.split(":").map(Number);
            return m * 60 + s <= limit;
        }""", arg=seconds, timeout=FIRST_RENDER_MS)


def stop_without_logging(page: Page) -> None:
    """End the run and log nothing (the shared database is then free for the next test)."""
    wait_for_app(page)  # a click during a rerun could be lost
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_text("Stop here?")).to_be_visible(timeout=FIRST_RENDER_MS)
    page.get_by_role("button", name="Stop without logging").click()
    expect(page.get_by_role("button", name="Start")).to_be_visible(timeout=FIRST_RENDER_MS)


def wait_for_ticks(page: Page, count: int) -> None:
    """Let the countdown draw ``count`` more ticks (every 200 ms): time passes, seen by it."""
    now = page.evaluate("window.__solaceTicks")
    page.wait_for_function("target => window.__solaceTicks >= target", arg=now + count)


def test_three_short_steps_run_to_the_end_on_time_with_sounds(page: Page, app_server, store):
    routine = three_taps(store, "Three taps")
    start(page, app_server, routine)
    timer = page.locator(".solace-timer")
    expect(timer).to_be_visible(timeout=FIRST_RENDER_MS)
    run = store.runs.active()
    started_at = run.actions[0].at

    # Every time the clock changes, note (step, clock) together, so a step change can't fall
    # between the two reads.
    timer.evaluate("""t => {
        window.__readings = [];
        const note = () => window.__readings.push([t.querySelector('.count').textContent,
                                                    t.querySelector('.clock').textContent]);
        note();
        new MutationObserver(note).observe(t.querySelector('.clock'),
                                           {childList: true, characterData: true, subtree: true});
    }""")

    expect(page.get_by_text("is complete")).to_be_visible(timeout=15_000)
    readings = [(step, int(shown.split(":")[1]))
                for step, shown in page.evaluate("window.__readings")
                if step.startswith("Step")]
    by_step: dict[str, list[int]] = {}
    for step, seconds in readings:
        by_step.setdefault(step, []).append(seconds)
    # Within each step the clock only falls, and somewhere it visibly fell.
    assert all(shown == sorted(shown, reverse=True) for shown in by_step.values()), readings
    assert any(len(set(shown)) > 1 for shown in by_step.values()), readings
    assert len(by_step) == 3, readings  # each step was shown counting

    triggers = page.evaluate("window.__solaceTriggers")
    lateness = [t["at"] / 1000 - (started_at + 3 * (i + 1)) for i, t in enumerate(triggers)]
    assert len(triggers) == 3
    assert all(-0.05 < late < ON_TIME for late in lateness), lateness

    cues = page.evaluate("window.__solaceCues")
    assert [c["kind"] for c in cues] == ["step", "step", "end"]
    assert all(c["audio"] == "running" for c in cues), cues

    page.get_by_role("radio", name="2", exact=True).click()  # stress now: 2
    wait_for_app(page)
    page.get_by_role("button", name="Save to my log").click()
    expect(page.get_by_text("Saved to your log")).to_be_visible()
    page.get_by_role("link", name="See your log").click()
    wait_for_app(page)
    page.get_by_role("tab", name="Sessions").click()
    expect(page.get_by_text(re.compile(r"Three taps · 9 s · stress – → 2"))).to_be_visible(
        timeout=FIRST_RENDER_MS)


def test_pause_holds_the_countdown_still(page: Page, app_server, store):
    routine = store.routines.save(Routine(name="One long tap", steps=(
        RoutineStep(technique="quick_tap", seconds=30),)))
    start(page, app_server, routine)
    expect(page.locator(".solace-timer")).to_be_visible(timeout=FIRST_RENDER_MS)
    wait_until_shown_at_most(page, 28)  # it has counted a little
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    expect(page.locator(".solace-timer .status")).to_have_text("Paused")
    held = clock_text(page)
    wait_for_ticks(page, 12)  # about 2.4 s of the countdown's own ticks
    assert clock_text(page) == held
    page.get_by_role("button", name="Resume").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    expect(page.locator(".solace-timer .clock")).not_to_have_text(held, timeout=5000)
    stop_without_logging(page)


def test_a_reload_mid_run_offers_to_resume_at_the_right_point(page: Page, app_server, store):
    routine = store.routines.save(Routine(name="Reload me", steps=(
        RoutineStep(technique="quick_tap", seconds=20),
        RoutineStep(technique="quick_tap", seconds=20))))
    start(page, app_server, routine)
    expect(page.locator(".solace-timer")).to_be_visible(timeout=FIRST_RENDER_MS)
    wait_until_shown_at_most(page, 18)  # two seconds done
    page.reload()
    wait_for_app(page)
    # Held where the page was last seen if its "away" message got out as it unloaded.
    offer = page.get_by_text(re.compile(r"Reload me is (still running|paused): step 1 of 2"))
    expect(offer).to_be_visible(timeout=FIRST_RENDER_MS)
    page.get_by_role("button", name="Resume").click()
    expect(page.locator(".solace-timer")).to_be_visible()
    # The clock reads 0:00 until the countdown's first tick draws it.
    expect(page.locator(".solace-timer .clock")).not_to_have_text("0:00")
    left = seconds_shown(page)
    assert 5 <= left <= 18  # the 2 s and the reload were counted (the step is 20 s)
    stop_without_logging(page)


def set_visibility(page: Page, state: str) -> None:
    """As when the person switches to another tab (``hidden``) and back (``visible``)."""
    page.evaluate("""state => {
        Object.defineProperty(document, "visibilityState", {value: state, configurable: true});
        Object.defineProperty(document, "hidden", {value: state === "hidden",
                                                   configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }""", state)


def test_a_hidden_page_holds_the_run_and_a_reload_resumes_in_one_press(page: Page, app_server,
                                                                        store):
    routine = store.routines.save(Routine(name="Hide me", steps=(
        RoutineStep(technique="quick_tap", seconds=30),
        RoutineStep(technique="quick_tap", seconds=30))))
    start(page, app_server, routine)
    expect(page.locator(".solace-timer")).to_be_visible(timeout=FIRST_RENDER_MS)
    wait_until_shown_at_most(page, 28)
    set_visibility(page, "hidden")  # away: the server holds the run where it was seen
    expect(page.locator(".solace-timer .status")).to_have_text("Paused",
                                                               timeout=FIRST_RENDER_MS)
    run = store.runs.active()
    held = run.state(run.actions[-1].at)
    assert run.actions[-1].kind == "pause" and 2 <= held.into_step <= 5
    set_visibility(page, "visible")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()

    page.reload()  # a paused run, reloaded: one press resumes it
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Hide me is paused"))).to_be_visible(
        timeout=FIRST_RENDER_MS)
    page.get_by_role("button", name="Resume").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.locator(".solace-timer .status")).to_have_text("")
    stop_without_logging(page)


def test_breathing_steps_show_a_pacer_and_the_screen_is_kept_awake(full_chromium_page: Page,
                                                                   app_server, store):
    page = full_chromium_page  # the headless shell refuses the screen wake lock
    routine = store.routines.save(Routine(name="Breathe", steps=(
        RoutineStep(technique="breathing", seconds=30),)))
    start(page, app_server, routine)
    pacer = page.locator(".solace-timer .pacer")
    expect(pacer).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(pacer.locator(".phase")).to_have_text("Breathe in")
    expect(pacer.locator(".phase")).to_have_text("Breathe out", timeout=6000)  # in for 4 s
    assert page.evaluate("window.__solaceWakeLock") == "held"
    page.get_by_role("button", name="Pause").click()
    expect(pacer).to_be_hidden()
    page.wait_for_function("window.__solaceWakeLock === 'released'")
    stop_without_logging(page)


def test_the_countdown_formats_its_clock_by_the_shared_table(page: Page, app_server, store):
    routine = store.routines.save(Routine(name="Clock table", steps=(
        RoutineStep(technique="quick_tap", seconds=30),)))
    start(page, app_server, routine)
    expect(page.locator(".solace-timer")).to_be_visible(timeout=FIRST_RENDER_MS)
    # The timer's HTML is drawn before its script has run: wait for the clock to tick.
    page.wait_for_function("window.__solaceTicks > 0", timeout=FIRST_RENDER_MS)
    shown = page.evaluate("cases => cases.map(([s]) => window.__solaceClock(s))",
                          [list(case) for case in CLOCK_CASES])
    assert shown == [text for _, text in CLOCK_CASES]
    stop_without_logging(page)
