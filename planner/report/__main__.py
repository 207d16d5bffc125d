"""A report for a doctor, physiotherapist or midwife, as a PDF, from the command line.

    python -m planner.report --from 2026-01-01 --to 2026-06-30 --out report.pdf
    python -m planner.report --out report.pdf      # the last 12 months

On the database at PLANNER_DATABASE_URL, for the person using Solace on this computer; days
are calendar days in this computer's time zone. A bad period, or a database that can't be
used, gets one line on stderr saying what is wrong and exit status 1; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from planner.kernel import clock
from planner.kernel.checks import validated
from planner.kernel.command import outcome, write_private
from planner.kernel.config import database_url
from planner.kernel.db import LOCAL_OWNER, Database, ensure_owner
from planner.report.model import Period
from planner.report.repo import ReportRepo

DEFAULT_DAYS = 365


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} isn't a date: write it as year-month-day, such as 2026-01-31") from None




def make(start: date | None, end: date | None, out: Path) -> str:
    zone = clock.server_zone()
    today = clock.today(zone)
    end = end or today
    period = validated(Period, {"today": today}, start=start or end - timedelta(
        days=DEFAULT_DAYS - 1), end=end).up_to(today)
    db = Database(database_url())
    try:
        report = ReportRepo(db, ensure_owner(db, LOCAL_OWNER)).report(period, zone)
    finally:
        db.dispose()
    from planner.report.document import report_pdf

    write_private(out, report_pdf(report), field="out")
    return (f"Wrote the report for {period.start} to {period.end} ({report.sessions} sessions, "
            f"{report.checkin_days} days checked in) to {out}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.report",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", type=_day, metavar="YYYY-MM-DD",
                        help=f"the first day (default: {DEFAULT_DAYS} days before the last)")
    parser.add_argument("--to", dest="end", type=_day, metavar="YYYY-MM-DD",
                        help="the last day (default: today)")
    parser.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    args = parser.parse_args(argv)
    return outcome(lambda: make(args.start, args.end, args.out), "No report written: ")


if __name__ == "__main__":
    sys.exit(main())
