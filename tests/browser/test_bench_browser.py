"""The benchmark's sections that drive Chromium run to their figures, at their smallest size
(tests/tools/smallest_bench.py). No timing is asserted: only that each runs through, its
checks of what the pages show included, and prints every figure.

The scale section also needs PostgreSQL's server programs (.ci/run installs Debian's
postgresql): without them its test is skipped, and fails in CI, as tests/test_reruns.py does.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import require_postgres_programs
from tests.tools.smallest_bench import assert_every_figure, run_sections

pytestmark = pytest.mark.browser


def test_the_run_and_visits_sections_run_to_every_figure():
    """In one process, as a person may run them (``--only run,visits``)."""
    assert_every_figure(run_sections("run", "visits"), "run", "visits")


def test_the_scale_section_runs_to_every_figure_and_two_servers_agree():
    """Two app servers on one PostgreSQL database: a check-in saved on A, then changed there,
    shows each time in B's Insights, whose charts B had drawn and cached in between (its cache
    follows the database's data version, not its own process)."""
    require_postgres_programs()
    figures = run_sections("scale")
    assert_every_figure(figures, "scale")
    assert figures["scale_two_servers_consistent"] is True
