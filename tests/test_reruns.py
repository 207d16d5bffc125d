"""The unit and page tests (all but the browser's) again, in a fresh process: at an hour and in
a zone where date bugs hide, and on PostgreSQL.

The rerun has ``TZ`` set far from UTC and the app's clock held half a minute before midnight on
New Year's Eve at UTC+14 (when the person's day, month and year are all one ahead of UTC's), on
a throwaway PostgreSQL server started in a temporary folder, where each test gets a copy of a
database migrated once. So every test runs on both databases and at two moments (the first
run's own, and this one). Tests about SQLite files are skipped on PostgreSQL.

The leap day at 20:00 at UTC-11 (when the person's day is already tomorrow in UTC), a second
rerun until issue 27, is now tests/test_odd_moments.py: clock-pinned tests of what it guarded.

PostgreSQL's server programs must be installed (``.ci/run`` installs Debian's postgresql): in
CI a missing server fails the test; elsewhere the rerun falls back to SQLite, with a warning.
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
ZONE, MOMENT = "Pacific/Kiritimati", "2026-12-31T23:59:30"  # midnight at UTC+14
TESTS = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests",
         "--ignore=tests/browser", "--deselect=tests/test_reruns.py"]


def _postgres() -> contextlib.AbstractContextManager[str | None]:
    """A throwaway server's URL, or None (with a warning) where none can be started."""
    if server_programs() is not None:
        return running_postgres()
    if os.environ.get("CI"):
        pytest.fail("PostgreSQL is not installed (apt-get install postgresql)")
    warnings.warn("PostgreSQL's server programs are not installed (apt-get install "
                  "postgresql): the rerun ran on SQLite", stacklevel=2)
    return contextlib.nullcontext(None)


@pytest.mark.skipif(on_postgresql() or bool(os.environ.get(TEST_NOW_VARIABLE)),
                    reason="already in a rerun")
def test_unit_and_page_tests_pass_at_midnight_at_utc_plus_14_on_postgresql():
    with _postgres() as server:
        env = {**os.environ, "TZ": ZONE, TEST_NOW_VARIABLE: MOMENT}
        if server:
            env[TEST_DATABASE_VARIABLE] = server
        rerun = subprocess.run(TESTS, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=1200)
    assert rerun.returncode == 0, rerun.stdout[-4000:]
