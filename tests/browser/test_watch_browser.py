"""In a real Chromium: upload a watch's export on Settings, import it, see it on Insights."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from planner.journal.model import make_checkin
from planner.kernel import clock
from planner.store import Store
from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app
from tests.watch.exports import export_xml, export_zip, record

pytestmark = pytest.mark.browser


def recent_export() -> bytes:
    """A resting heart rate on each of the last five days, in the UTC+02:00 of a traveller."""
    today = clock.today(clock.server_zone())
    rows = []
    for back, pulse in zip(range(1, 6), (57, 59, 56, 60, 58), strict=True):
        day = (today - timedelta(days=back)).isoformat()
        rows.append(record("RestingHeartRate", f"{day} 08:00:00 +0200",
                           f"{day} 20:00:00 +0200", pulse, unit="count/min"))
    return export_zip(export_xml("".join(rows)))


def test_an_uploaded_export_is_imported_and_charted(page: Page, app_server, database_url,
                                                    tmp_path):
    store = Store(database_url)
    today = clock.today(clock.server_zone())
    day = today - timedelta(days=2)
    found = store.checkins.get(day)  # Insights needs something logged in the period
    store.checkins.save(make_checkin(day=day, today=today, stress=4, swelling=2, pain=1,
                                     version=found.version if found else None))
    path = tmp_path / "export.zip"
    path.write_bytes(recent_export())

    page.goto(f"{app_server}/settings")
    wait_for_app(page)
    page.get_by_text("Import resting heart rate, HRV, sleep and steps").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(path)
    expect(page.get_by_text(re.compile("resting heart rate on 5 days"))).to_be_visible(
        timeout=FIRST_RENDER_MS)
    wait_for_app(page)  # the run that shows the preview draws the Import button after it
    page.get_by_role("button", name=re.compile("Import$")).click()
    expect(page.get_by_text(re.compile("^Imported: "))).to_be_visible(timeout=FIRST_RENDER_MS)

    page.goto(f"{app_server}/insights")
    wait_for_app(page)  # the first picture's width report included (planner/tools/browser.py)
    page.get_by_role("tab", name="Watch").click()
    # The chart comes as a picture first (planner/ui/kit/pictures.py), its label saying what
    # it shows; reaching for it brings the live chart.
    picture = page.get_by_role("img", name=re.compile("resting heart rate", re.I)).first
    expect(picture).to_be_visible(timeout=FIRST_RENDER_MS)
    picture.hover()
    live = page.get_by_test_id("stVegaLiteChart").first
    expect(live.locator("svg, canvas").first).to_be_visible(timeout=FIRST_RENDER_MS)
    assert store.measures.count() >= 5
    store.dispose()
