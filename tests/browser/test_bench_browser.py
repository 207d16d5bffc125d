"""The benchmark's sections that drive Chromium run to their figures, at their smallest size
(tests/tools/smallest_bench.py). No timing is asserted: only that each runs through, its
checks of what the pages show included, and prints every figure.

The scale section also needs PostgreSQL's server programs (.ci/run installs Debian's
postgresql): without them its test is skipped, and fails in CI, as tests/test_reruns.py does.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import require_postgres_programs
from tests.tools.smallest_bench import assert_every_figure, run_section

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("section", ["run", "visits"])
def test_the_section_runs_to_every_figure(section):
    assert_every_figure(section, run_section(section))


def test_the_scale_section_runs_to_every_figure_and_two_servers_agree():
    """Two app servers on one PostgreSQL database: a check-in saved on A, then changed there,
    shows each time in B's Insights, whose charts B had drawn and cached in between (its cache
    follows the database's data version, not its own process)."""
    require_postgres_programs()
    figures = run_section("scale")
    assert_every_figure("scale", figures)
    assert figures["scale_two_servers_consistent"] is True
