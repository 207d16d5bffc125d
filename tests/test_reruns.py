"""The unit and page tests (all but the browser's) again, in two fresh processes side by side:
at the hours and in the zones where date bugs hide, and on PostgreSQL.

Each rerun has ``TZ`` set far from UTC and the app's clock held at a moment just before a day
(or an evening) turns: half a minute before midnight on New Year's Eve at UTC+14, on SQLite,
and just before 20:00 on a leap day at UTC-11, on a throwaway PostgreSQL server started in a
temporary folder, where every test gets a scratch database of its own. So every test runs on
both databases and at three moments (the first run's own, and these two), for the price of
two reruns on two cores. Tests about SQLite files are skipped on PostgreSQL.

PostgreSQL's server programs must be installed (``.ci/run`` installs Debian's postgresql): in
CI a missing server fails the test; elsewhere the second rerun falls back to SQLite, with a
warning.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from planner.tools.pgserver import running_postgres, server_programs
from tests.conftest import TEST_DATABASE_VARIABLE, TEST_NOW_VARIABLE, on_postgresql

ROOT = Path(__file__).resolve().parents[1]
MIDNIGHT = ("midnight at UTC+14, on SQLite", "Pacific/Kiritimati", "2026-12-31T23:59:30")
LEAP_DAY = ("20:00 at UTC-11 on a leap day, on PostgreSQL", "Pacific/Pago_Pago",
            "2028-02-29T19:59:30")
TESTS = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests",
         "--ignore=tests/browser", "--deselect=tests/test_reruns.py"]


def _postgres() -> contextlib.AbstractContextManager[str | None]:
    """A throwaway server's URL, or None (with a warning) where none can be started."""
    if server_programs() is not None:
        return running_postgres()
    if os.environ.get("CI"):
        pytest.fail("PostgreSQL is not installed (apt-get install postgresql)")
    warnings.warn("PostgreSQL's server programs are not installed (apt-get install "
                  "postgresql): the leap-day rerun ran on SQLite", stacklevel=2)
    return contextlib.nullcontext(None)


@pytest.mark.skipif(on_postgresql() or bool(os.environ.get(TEST_NOW_VARIABLE)),
                    reason="already in a rerun")
def test_unit_and_page_tests_pass_at_odd_hours_in_far_zones_and_on_postgresql():
    with _postgres() as server:
        reruns = {}
        for (name, zone, moment), database in ((MIDNIGHT, None), (LEAP_DAY, server)):
            env = {**os.environ, "TZ": zone, TEST_NOW_VARIABLE: moment}
            if database:
                env[TEST_DATABASE_VARIABLE] = database
            reruns[name] = subprocess.Popen(TESTS, cwd=ROOT, env=env, text=True,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        failed = {}
        for name, process in reruns.items():
            output, _ = process.communicate(timeout=1200)
            if process.returncode != 0:
                failed[name] = output[-4000:]
    assert not failed, "\n\n".join(f"--- {name} ---\n{out}" for name, out in failed.items())
