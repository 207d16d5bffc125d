"""The unit and page tests (all but the browser's) again, at the hours and in the zones where
date bugs hide.

Each scenario runs them in a fresh process with ``TZ`` set far from UTC and the app's clock held
at a moment just before a day (or an evening) turns: half a minute before midnight on New
Year's Eve at UTC+14, and just before 20:00 on a leap day at UTC-11. The two run side by side.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = {
    "midnight at UTC+14": ("Pacific/Kiritimati", "2026-12-31T23:59:30"),
    "20:00 at UTC-11 on a leap day": ("Pacific/Pago_Pago", "2028-02-29T19:59:30"),
}


@pytest.mark.skipif(bool(os.environ.get("PLANNER_TEST_NOW")), reason="already in a scenario")
def test_unit_and_page_tests_pass_at_odd_hours_in_far_zones():
    runs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests",
             "--ignore=tests/browser", "--deselect=tests/test_any_hour.py",
             "--deselect=tests/test_on_postgresql.py"],
            cwd=ROOT, env={**os.environ, "TZ": zone, "PLANNER_TEST_NOW": moment},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for name, (zone, moment) in SCENARIOS.items()
    }
    failed = {}
    for name, process in runs.items():
        output, _ = process.communicate(timeout=900)
        if process.returncode != 0:
            failed[name] = output[-4000:]
    assert not failed, "\n\n".join(f"--- {name} ---\n{out}" for name, out in failed.items())
