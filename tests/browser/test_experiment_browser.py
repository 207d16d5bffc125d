"""In a real Chromium, with the app's clock started on a known day (PLANNER_CLOCK_START): an
experiment two weeks in says what today asks, in the visitor's own zone, on the Experiment, Log
and Run pages; its chart is drawn; its calendar file downloads. And one planned in the browser,
checked in on its first day with a "no, I did this instead", then seen the next day (the running
server's clock moved a day on, as a server left running overnight)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.experiments.model import PLAN_TODO, Design, assignment
from planner.journal.model import make_checkin
from planner.kernel import clock
from planner.store import Store
from planner.tools.browser import live_chart
from planner.tools.devserver import running_app
from planner.ui.experiment.today import TODAY_TODO
from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser
NOW = datetime(2026, 3, 2, 20, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 on 3 March at UTC+14
DESIGN = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=6,
                start=date(2026, 2, 23), seed=4)  # socks on 2 March, massage on the 3rd


@pytest.fixture(scope="module")
def experiment_app(tmp_path_factory, catalog_dir) -> Iterator[str]:
    """The app on 2 March 2026 at 20:00 UTC, a week into an experiment, each day but today
    checked in as planned."""
    folder = tmp_path_factory.mktemp("experiment")
    url = f"sqlite:///{folder / 'experiment.db'}"
    with clock.frozen(NOW):
        store = Store(url)
        store.experiments.start(DESIGN, DESIGN.start)
        day = DESIGN.start
        while day < NOW.date():
            condition = assignment(DESIGN, day).condition
            store.checkins.save(make_checkin(
                day=day, today=NOW.date(), stress=3 if condition == "massage" else 6,
                swelling=1, pain=1, socks=condition == "socks",
                sock_hours=8 if condition == "socks" else None))
            day += timedelta(days=1)
        store.dispose()
    env = {"PLANNER_DATABASE_URL": url, "PLANNER_DATA_DIR": str(catalog_dir),
           clock.START_VARIABLE: NOW.isoformat()}
    with open(folder / "streamlit.log", "w") as log, running_app(env, log) as app:
        yield app


def visitor(browser: Browser, zone: str) -> Page:
    return browser.new_context(timezone_id=zone).new_page()


def todo(day: date) -> str:
    return TODAY_TODO[assignment(DESIGN, day).condition]


def test_the_experiment_page_says_what_today_asks_and_draws_the_days(browser: Browser,
                                                                     experiment_app, tmp_path):
    page = visitor(browser, "Europe/London")
    page.goto(f"{experiment_app}/experiment")
    wait_for_app(page)
    expect(page.get_by_text(f"Today: {todo(date(2026, 3, 2))}")).to_be_visible(
        timeout=FIRST_RENDER_MS)
    expect(page.get_by_text("3 of 6 blocks with every condition rated")).to_be_visible()
    chart = live_chart(page)  # the picture first, live when reached for
    expect(chart.locator("canvas, svg").first).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.get_by_text("evening stress", exact=False).first).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Add the schedule to your calendar (.ics)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    calendar = saved.read_text()
    assert saved.name == "solace-experiment.ics"
    assert calendar.startswith("BEGIN:VCALENDAR") and calendar.count("BEGIN:VEVENT") >= 6


@pytest.mark.parametrize(("zone", "day"), [("Pacific/Kiritimati", date(2026, 3, 3)),
                                           ("Pacific/Pago_Pago", date(2026, 3, 2))])
def test_log_and_run_say_what_today_asks_where_the_visitor_is(browser: Browser, experiment_app,
                                                              zone, day):
    assert todo(date(2026, 3, 2)) != todo(date(2026, 3, 3))  # so the zone shows
    page = visitor(browser, zone)
    for path in ("log", "run"):
        page.goto(f"{experiment_app}/{path}")
        wait_for_app(page)
        banner = page.get_by_test_id("stAlert").filter(has_text="Today's experiment:")
        expect(banner).to_be_visible(timeout=FIRST_RENDER_MS)
        expect(banner).to_contain_text(todo(day))
        expect(banner).to_contain_text(f"block {assignment(DESIGN, day).block + 1} of 6")


# Planned in the browser, followed for a day, then the next day ------------------------------

PLANNED_ON = datetime(2026, 5, 3, 10, 0, tzinfo=ZoneInfo("UTC"))  # a Sunday morning


@contextmanager
def app_with_clock_file(clock_file: Path, url: str, catalog_dir, log_folder) -> Iterator[str]:
    """The app over ``url``, its clock read from ``clock_file``: rewriting the file moves the
    running app on (it runs on from there), as a server left running overnight."""
    env = {"PLANNER_DATABASE_URL": url, "PLANNER_DATA_DIR": str(catalog_dir),
           clock.FILE_VARIABLE: str(clock_file)}
    with open(log_folder / "streamlit.log", "w") as log, running_app(env, log) as app:
        yield app


def rate(page: Page, field: str, choice: str) -> None:
    """Pick ``choice`` in a check-in's row of buttons (``field``: its key's field)."""
    button = page.locator(f"[class*='st-key-ci-{field}-']").get_by_role("radio", name=choice,
                                                                         exact=True)
    button.click()
    expect(button).to_be_checked()
    wait_for_app(page)


def log_asking_about(page: Page, app: str, condition: str):
    """The Log page, opened afresh on an experiment day: its banner says what today asks, and
    the check-in asks whether that was done. The banner."""
    page.goto(f"{app}/log")
    wait_for_app(page)
    banner = page.get_by_test_id("stAlert").filter(has_text="Today's experiment:")
    expect(banner).to_contain_text(TODAY_TODO[condition], timeout=FIRST_RENDER_MS)
    expect(page.get_by_text(f"Today the plan was {PLAN_TODO[condition]}")).to_be_visible()
    return banner


def test_plan_in_the_browser_check_in_with_a_deviation_and_see_the_next_day(
        browser: Browser, tmp_path, catalog_dir):
    url = f"sqlite:///{tmp_path / 'planned.db'}"
    day = tmp_path / "clock"
    day.write_text(PLANNED_ON.isoformat())
    with app_with_clock_file(day, url, catalog_dir, tmp_path) as app:
        # One browser all along, each visit a page loaded afresh (a new session on the server);
        # a new browser each time costs Chromium twice as much and shows nothing more.
        page = visitor(browser, "UTC")
        page.goto(f"{app}/experiment")
        wait_for_app(page)
        days = page.locator("[class*='st-key-exp-days']").get_by_role("slider")
        days.focus()
        days.press("ArrowLeft")  # from 2 days a turn to 1
        expect(days).to_have_attribute("aria-valuetext", "1")
        wait_for_app(page)
        expect(page.get_by_text("20 days (about 3 weeks), from Mon 04 May")).to_be_visible()
        page.get_by_role("button", name="Start the experiment").click()
        expect(page.get_by_text("Your experiment starts on Monday 04 May")).to_be_visible(
            timeout=FIRST_RENDER_MS)

        store = Store(url)
        design = store.experiments.latest().design  # its seed was drawn in the app
        store.dispose()
        first, second = (assignment(design, date(2026, 5, d)) for d in (4, 5))
        assert (design.start, design.days_per_condition, design.blocks) == (
            date(2026, 5, 4), 1, 10)
        assert first.condition != second.condition  # each block holds both, one day each

        day.write_text((PLANNED_ON + timedelta(days=1)).isoformat())  # the next morning
        log_asking_about(page, app, first.condition)
        rate(page, "followed", "No")
        expect(page.get_by_text("What did you do instead? (optional)")).to_be_visible()
        rate(page, "instead", "Neither")
        for field, rating in (("stress", "6"), ("swelling", "2"), ("pain", "1")):
            rate(page, field, rating)
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_text("Saved your check-in for Monday 04 May")).to_be_visible()

        store = Store(url)
        saved = store.checkins.get(date(2026, 5, 4))
        store.dispose()
        assert (saved.stress, saved.plan_followed, saved.done_instead) == (6, False, "neither")

        day.write_text((PLANNED_ON + timedelta(days=2)).isoformat())
        banner = log_asking_about(page, app, second.condition)
        expect(banner).to_contain_text("block 1 of 10")
        followed = page.locator("[class*='st-key-ci-followed-']")
        expect(followed.get_by_role("radio", name="No", exact=True)).not_to_be_checked()
        page.goto(f"{app}/experiment")
        wait_for_app(page)
        expect(page.get_by_text(f"Today: {TODAY_TODO[second.condition]}")).to_be_visible(
            timeout=FIRST_RENDER_MS)
        expect(page.get_by_text(f"Drawn by chance from seed {design.seed}")).to_be_attached()
