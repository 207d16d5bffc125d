"""The benchmark's sections that need no browser run to their figures, at their smallest size
(tests/tools/smallest_bench.py). No timing is asserted: only that each runs through, its
checks of what the pages show included, and prints every figure.

Once a suite is enough: the benchmark makes its own databases and reads no test settings, so
the suite's reruns (tests/test_reruns.py) skip these.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import TEST_NOW_VARIABLE, on_postgresql
from tests.tools.smallest_bench import assert_every_figure, run_sections

pytestmark = pytest.mark.skipif(on_postgresql() or bool(os.environ.get(TEST_NOW_VARIABLE)),
                                reason="the benchmark makes its own databases: run once")


# Not "report": its smallest run still draws every chart twice, half a minute on a busy
# 2-core machine; tests/report covers what it makes. One process for the four.
def test_the_sections_run_to_every_figure():
    sections = ("insights", "backup", "stats", "watch")
    assert_every_figure(run_sections(*sections), *sections)
