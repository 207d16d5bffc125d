"""Python's compiled files are written, as Python does by default, even where the environment
says not to (PYTHONDONTWRITEBYTECODE, set on this project's machines). Without them every
process of a run compiles planner/ and tests/ anew: each pytest process (7.2 CPU-s to collect
the suite, against 4.6-4.9 with them), and each app server, benchmark and command the tests start.

A plugin (pyproject.toml's addopts: ``-p tests.compiled_files``), so it applies before any of
the project's modules is imported, and to every process started from the run.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
