"""The unit and page tests (all but the browser's) again, in a fresh process: at an hour and in
a zone where date bugs hide, and on PostgreSQL.

The rerun has ``TZ`` set far from UTC and the app's clock held half a minute before midnight on
New Year's Eve at UTC+14 (when the person's day, month and year are all one ahead of UTC's), on
a throwaway PostgreSQL server started in a temporary folder, where each test gets a copy of a
database migrated once. So every test runs on both databases and at two moments (the first
run's own, and this one). Tests about SQLite files are skipped on PostgreSQL. The rerun starts
as soon as the tests are collected and runs beside the first run (tests/conftest.py).

The leap day at 20:00 at UTC-11 (when UTC's day is already the person's tomorrow), a second
rerun until issue 27, is now tests/test_odd_moments.py: clock-pinned tests of what it guarded.

PostgreSQL's server programs must be installed (``.ci/run`` installs Debian's postgresql): in
CI a missing server fails the test; elsewhere the rerun falls back to SQLite, with a warning.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest

from planner.tools.pgserver import running_postgres, server_programs
from tests.conftest import TEST_DATABASE_VARIABLE, TEST_NOW_VARIABLE, on_postgresql

ROOT = Path(__file__).resolve().parents[1]
ZONE, MOMENT = "Pacific/Kiritimati", "2026-12-31T23:59:30"  # midnight at UTC+14
TESTS = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests",
         "--ignore=tests/browser", "--deselect=tests/test_reruns.py"]


class _Rerun:
    """The rerun under way: started as soon as the tests are collected (tests/conftest.py),
    so it runs beside the first run's own tests, browser tests included, on the second core;
    the test below, moved to the end of the run, waits for it."""

    stack: contextlib.ExitStack | None = None
    process: subprocess.Popen | None = None
    output: Path | None = None
    problem: str | None = None  # why it could not start


def _in_a_rerun() -> bool:
    return on_postgresql() or bool(os.environ.get(TEST_NOW_VARIABLE))


def start() -> None:
    """Start the rerun in the background (once), with a throwaway PostgreSQL server; without
    PostgreSQL's server programs: a failure in CI, SQLite (with a warning) elsewhere."""
    if _Rerun.stack is not None or _in_a_rerun():
        return
    _Rerun.stack = contextlib.ExitStack()
    env = {**os.environ, "TZ": ZONE, TEST_NOW_VARIABLE: MOMENT}
    if server_programs() is not None:
        env[TEST_DATABASE_VARIABLE] = _Rerun.stack.enter_context(running_postgres())
    elif os.environ.get("CI"):
        _Rerun.problem = "PostgreSQL is not installed (apt-get install postgresql)"
        return
    else:
        warnings.warn("PostgreSQL's server programs are not installed (apt-get install "
                      "postgresql): the rerun ran on SQLite", stacklevel=2)
    folder = Path(_Rerun.stack.enter_context(tempfile.TemporaryDirectory(prefix="rerun-")))
    _Rerun.output = folder / "output.txt"
    with open(_Rerun.output, "w") as log:  # the child writes to it; a pipe could fill up
        _Rerun.process = subprocess.Popen(TESTS, cwd=ROOT, env=env, text=True, stdout=log,
                                          stderr=subprocess.STDOUT)
    _Rerun.stack.callback(_end, _Rerun.process)


def _end(process: subprocess.Popen) -> None:
    if process.poll() is None:  # the first run stopped early
        process.kill()
        process.wait()


def stop() -> None:
    """End the rerun if it still runs, and stop its server (at the end of the session)."""
    if _Rerun.stack is not None:
        _Rerun.stack.close()


@pytest.mark.skipif(_in_a_rerun(), reason="already in a rerun")
def test_unit_and_page_tests_pass_at_midnight_at_utc_plus_14_on_postgresql():
    start()  # already under way, unless this test was run on its own
    if _Rerun.problem:
        pytest.fail(_Rerun.problem)
    assert _Rerun.process is not None and _Rerun.output is not None
    try:
        returncode = _Rerun.process.wait(timeout=1200)
    except subprocess.TimeoutExpired:
        returncode = None
    output = _Rerun.output.read_text()
    stop()
    assert returncode == 0, output[-4000:]
