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
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import pytest

from planner.tools.pgserver import running_postgres, server_programs
from tests.conftest import TEST_DATABASE_VARIABLE, TEST_NOW_VARIABLE, on_postgresql

ROOT = Path(__file__).resolve().parents[1]
ZONE, MOMENT = "Pacific/Kiritimati", "2026-12-31T23:59:30"  # midnight at UTC+14
# One process (-n 0): the first run's two workers then keep the larger share of the two cores.
TESTS = [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider",
         "tests", "--ignore=tests/browser", "--deselect=tests/test_reruns.py",
         "-m", "not same_everywhere"]


# Where the rerun writes its output and, when it ends, its exit status: set by the first
# pytest process (the xdist controller, or the only process) so its workers find the rerun it
# started.
RERUN_FOLDER_VARIABLE = "SOLACE_RERUN_FOLDER"


class _Rerun:
    """The rerun under way in this process: started as soon as the tests are collected
    (tests/conftest.py; with xdist, by the controller once a worker has collected), so it runs
    beside the first run's own tests; the test below, moved to the end of the run, waits for
    its exit status in the folder, whichever process runs the test."""

    stack: contextlib.ExitStack | None = None
    process: subprocess.Popen | None = None


def in_a_rerun() -> bool:
    return on_postgresql() or bool(os.environ.get(TEST_NOW_VARIABLE))


def folder() -> Path:
    """The folder the rerun reports to, made (and named in the environment, for xdist's
    workers and later calls) on first use."""
    named = os.environ.get(RERUN_FOLDER_VARIABLE)
    if not named:
        named = os.environ[RERUN_FOLDER_VARIABLE] = tempfile.mkdtemp(prefix="solace-rerun-")
    return Path(named)


def start() -> None:
    """Start the rerun in the background (once), with a throwaway PostgreSQL server; without
    PostgreSQL's server programs: a failure in CI, SQLite (with a warning) elsewhere."""
    report = folder()
    if _Rerun.stack is not None or in_a_rerun() or (report / "started").exists():
        return
    (report / "started").touch()
    _Rerun.stack = contextlib.ExitStack()
    _Rerun.stack.callback(shutil.rmtree, report, ignore_errors=True)
    env = {**os.environ, "TZ": ZONE, TEST_NOW_VARIABLE: MOMENT}
    env.pop(RERUN_FOLDER_VARIABLE)
    if server_programs() is not None:
        env[TEST_DATABASE_VARIABLE] = _Rerun.stack.enter_context(running_postgres())
    elif os.environ.get("CI"):
        (report / "problem").write_text("PostgreSQL is not installed (apt-get install postgresql)")
        return
    else:
        warnings.warn("PostgreSQL's server programs are not installed (apt-get install "
                      "postgresql): the rerun ran on SQLite", stacklevel=2)
    with open(report / "output.txt", "w") as log:  # the child writes to it; a pipe could fill up
        _Rerun.process = subprocess.Popen(TESTS, cwd=ROOT, env=env, text=True, stdout=log,
                                          stderr=subprocess.STDOUT)
    threading.Thread(target=_report_when_done, args=(_Rerun.process, report),
                     daemon=True).start()
    _Rerun.stack.callback(_end, _Rerun.process)


def _report_when_done(process: subprocess.Popen, report: Path) -> None:
    returncode = process.wait()
    (report / "returncode.tmp").write_text(str(returncode))
    (report / "returncode.tmp").replace(report / "returncode")  # whole, or not there


def _end(process: subprocess.Popen) -> None:
    if process.poll() is None:  # the first run stopped early
        process.kill()
        process.wait()


def stop() -> None:
    """End the rerun if it still runs, and stop its server (at the end of the session)."""
    if _Rerun.stack is not None:
        _Rerun.stack.close()
        _Rerun.stack = None


def _wait_for_returncode(report: Path, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (report / "problem").exists():
            pytest.fail((report / "problem").read_text())
        if (report / "returncode").exists():
            return int((report / "returncode").read_text())
        time.sleep(0.5)
    return None


@pytest.mark.skipif(in_a_rerun(), reason="already in a rerun")
def test_unit_and_page_tests_pass_at_midnight_at_utc_plus_14_on_postgresql():
    start()  # already under way, unless this test was run on its own
    report = folder()
    returncode = _wait_for_returncode(report, timeout=1200)
    output = (report / "output.txt").read_text() if (report / "output.txt").exists() else ""
    assert returncode == 0, output[-4000:]
