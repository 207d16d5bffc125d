"""The unit and page tests (all but the browser's) again on PostgreSQL.

A throwaway server is started in a temporary folder (PostgreSQL's server programs must be
installed: .ci/run installs Debian's postgresql), and every test gets a scratch database of its
own there. Tests about SQLite files are skipped in that run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.tools.pgserver import running_postgres, server_programs
from tests.conftest import TEST_DATABASE_VARIABLE, on_postgresql

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(on_postgresql() or bool(os.environ.get("PLANNER_TEST_NOW")),
                    reason="already in a second run")
def test_unit_and_page_tests_pass_on_postgresql():
    if server_programs() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (apt-get install postgresql)")
        pytest.skip("PostgreSQL's server programs are not installed (apt-get install postgresql)")
    with running_postgres() as server:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests",
             "--ignore=tests/browser", "--deselect=tests/test_any_hour.py",
             "--deselect=tests/test_on_postgresql.py"],
            cwd=ROOT, env={**os.environ, TEST_DATABASE_VARIABLE: server},
            capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
