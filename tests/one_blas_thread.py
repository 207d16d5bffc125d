"""Every process of a run does its linear algebra (numpy's and scipy's OpenBLAS) on one thread.

A run keeps both cores busy with three processes of tests beside Chromium and app servers:
OpenBLAS's extra threads then only wait their turn, spinning as they wait. The promise and
honesty tests of tests/experiments beside two busy loops took 29-31 CPU-s and 32-34 s with
OpenBLAS's threads, 11.7-12.4 CPU-s and 19.6-19.8 s on one.

A plugin (pyproject.toml's addopts: ``-p tests.one_blas_thread``), so it applies before numpy
is first imported, and to every process started from the run (workers, the rerun, servers).
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
