"""The report for a clinician: what the PDF says, read back as a person's PDF reader shows it."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
import streamlit as st
from pypdf import PdfReader

from planner.catalog.model import load_catalog
from planner.journal.model import Session, make_checkin
from planner.journal.sample import load_sample
from planner.kernel import clock
from planner.report.__main__ import main
from planner.settings.model import CONDITION_LABELS, HealthProfile
from planner.watch.model import DailyMeasure
from tests.helpers import Downloads, app_store, figures

HOSTILE = "<script>alert(1)</script> <b>x</b>"


def pdf_text(data: bytes) -> str:
    """Every page's text, with line breaks and runs of spaces made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_the_insights_page_offers_a_report_with_the_figures_it_shows(open_page, monkeypatch):
    store = app_store()
    load_sample(store.sample, load_catalog(), years=0.1)
    store.settings.save_profile(HealthProfile(conditions=frozenset(CONDITION_LABELS)))
    downloads = Downloads(monkeypatch)
    app = open_page("insights")
    shown = figures(app)
    app.session_state["insights-section"] = "Massage vs socks"
    app.run()
    sentences = [element.value.removeprefix("- ") for element in app.markdown
                 if element.value.startswith("- ")]
    (button,) = [b for b in app.get("download_button") if b.proto.label == "Make a report (PDF)"]
    data = downloads.content(button)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.startswith("Solace report: ")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    text = pdf_text(data)
    for label in ("Sessions", "Massage time", "Days checked in", "Stress change per session"):
        assert f"{label}: {shown[label]}" in text
    assert len(sentences) == 4 and all(sentence in text for sentence in sentences)
    assert "\u201cI am pregnant\u201d" in text  # the profile, as the person ticked it
    assert "not medical advice" in text and "Day by day" in text


def test_a_period_with_nothing_logged_says_so(store, today):
    assert store.reports.first_day() is None  # "All time" with nothing logged
    load_sample(store.sample, store.catalog, years=0.05)
    first = min(c.day for c in store.checkins.list())
    assert store.reports.first_day() in (first, first - timedelta(days=1))  # a session's UTC day
    text = pdf_text(store.reports.pdf(today - timedelta(days=400), today - timedelta(days=300),
                                      clock.server_zone()))
    assert "Nothing was logged in this period" in text
    assert "Day by day" not in text


def test_names_and_notes_with_markup_read_as_text(store, today):
    zone = clock.server_zone()
    ended = clock.now() - timedelta(hours=1)
    store.sessions.log(Session(routine_name=HOSTILE[:25], started_at=ended - timedelta(minutes=9),
                               ended_at=ended, planned_seconds=540, actual_seconds=540,
                               completed=True, stress_before=6, stress_after=3))
    store.checkins.save(make_checkin(day=today, today=today, stress=4, swelling=2, pain=1,
                                     notes=HOSTILE))
    data = store.reports.pdf(today - timedelta(days=6), today, zone)
    text = pdf_text(data)
    assert "<script>alert(1)</script>" in text  # the routine name, in the routines table
    assert text.count(HOSTILE) == 1  # the note, in the table of days, tags and all


def test_a_watchs_values_are_charted_in_the_report(store, today):
    store.checkins.save(make_checkin(day=today, today=today, stress=4, swelling=2, pain=1))
    store.measures.save([DailyMeasure(day=today - timedelta(days=n), measure="resting_hr",
                                      value=60 + n, source="Watch") for n in range(5)])
    text = pdf_text(store.reports.pdf(today - timedelta(days=6), today, clock.server_zone()))
    assert "Resting heart rate over time" in text
    assert "Heart-rate variability" not in text  # no values, no chart


def test_the_command_writes_a_report_whose_first_page_is_drawn(database_url, tmp_path, capsys,
                                                                today):
    store = app_store()
    load_sample(store.sample, store.catalog, years=0.05)
    out = tmp_path / "report.pdf"
    assert main(["--from", str(today - timedelta(days=10)), "--to", str(today),
                 "--out", str(out)]) == 0
    assert "Wrote the report" in capsys.readouterr().out
    assert "Day by day" in pdf_text(out.read_bytes())

    if shutil.which("pdftoppm") is None:  # .ci/run installs it: there, its absence fails
        missing = "pdftoppm isn't installed (apt-get install poppler-utils)"
        pytest.fail(missing) if os.environ.get("CI") else pytest.skip(missing)
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(out), str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page.png").convert("L")
    inked = sum(count for shade, count in enumerate(page.histogram()) if shade < 200)
    assert inked > 0.02 * page.width * page.height  # text and a chart, not a blank page


def test_the_command_refuses_a_bad_period_in_plain_words(database_url, tmp_path, capsys, today):
    later = tmp_path / "later.pdf"
    assert main(["--from", str(today), "--to", str(today - timedelta(days=3)),
                 "--out", str(later)]) == 1
    said = capsys.readouterr().err
    assert "No report written: The period starts on" in said and "after its last day" in said
    assert not later.exists()
    with pytest.raises(SystemExit):
        main(["--from", "2026-02-30", "--out", str(later)])
    assert "isn't a date: write it as year-month-day" in capsys.readouterr().err
