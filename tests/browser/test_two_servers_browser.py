"""In a real Chromium: two app servers on one PostgreSQL database, as when Solace is hosted for
many people, show the same records. A check-in saved through server A appears in server B's
Insights chart, and so does a change to it made on A after B had drawn (and cached) that chart:
B's cache follows the database's data version, not its own process.

PostgreSQL's server programs must be installed (.ci/run installs Debian's postgresql); without
them the test is skipped (it fails in CI, as tests/test_reruns.py does).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planner.tools.browser import save_checkin, wait_for_app
from planner.tools.devserver import running_app
from planner.tools.pgserver import running_postgres, scratch_database
from planner.tools.scale import stress_point
from tests.browser.conftest import FIRST_RENDER_MS, require_postgres_programs

pytestmark = pytest.mark.browser


@pytest.fixture
def postgres_database():
    require_postgres_programs()
    with running_postgres() as server, scratch_database(server) as url:
        yield url


@pytest.fixture
def two_servers(postgres_database, catalog_dir, tmp_path):
    """Servers A and B on the same database: their URLs."""
    env = {"PLANNER_DATABASE_URL": postgres_database, "PLANNER_DATA_DIR": str(catalog_dir)}
    with open(tmp_path / "server-a.log", "w") as log_a, \
            open(tmp_path / "server-b.log", "w") as log_b, \
            running_app(env, log_a) as url_a, running_app(env, log_b) as url_b:
        yield url_a, url_b


def _insights(page, app_url: str) -> None:
    page.goto(f"{app_url}/insights")
    wait_for_app(page)


def test_a_check_in_saved_on_one_server_shows_on_the_other(browser, two_servers):
    url_a, url_b = two_servers
    # A context each: cookies don't tell the two servers' ports apart.
    contexts = [browser.new_context() for _ in range(2)]
    try:
        on_a, on_b = (context.new_page() for context in contexts)
        save_checkin(on_a, url_a, 8)
        _insights(on_b, url_b)
        expect(stress_point(on_b, 8)).to_be_attached(timeout=FIRST_RENDER_MS)

        save_checkin(on_a, url_a, 2)  # the same day's check-in, changed on A
        # B's tab stays open: its next reruns (to Log and back, in the same session, its
        # charts cached) show the change.
        nav = on_b.get_by_test_id("stSidebarNav")
        for name in ("Log", "Insights"):
            nav.get_by_role("link", name=name).click()
            wait_for_app(on_b)
        expect(stress_point(on_b, 2)).to_be_attached(timeout=FIRST_RENDER_MS)
        expect(stress_point(on_b, 8)).not_to_be_attached()
    finally:
        for context in contexts:
            context.close()
