"""On the Insights page: "Make a report", a PDF of the chosen period for a clinician.

The PDF is made when the button is pressed, in another thread (a deferred download), never on
an ordinary rerun of the page: it takes a second or two.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from planner.report.repo import ReportRepo
from planner.ui.kit import localtime

REPORT = "insights-report"


def report_button(reports: ReportRepo, start: date | None, end: date) -> None:
    zone = localtime.zone()  # read here: the download's thread has no page state
    first = start or reports.first_day() or end
    st.download_button(
        "Make a report (PDF)", key=REPORT, on_click="ignore", icon=":material/description:",
        data=lambda: reports.pdf(first, end, zone),
        file_name=f"solace-report-{first.isoformat()}-to-{end.isoformat()}.pdf",
        mime="application/pdf",
        help="The figures, charts and a table of days for this period, to take to a doctor, "
             "physiotherapist or midwife.")
