"""Shared test settings."""

from hypothesis import settings

# Speed is measured by the benchmark (python -m planner.bench), not by per-example deadlines,
# which fail at random on a busy 2-core CI machine.
settings.register_profile("solace", deadline=None)
settings.load_profile("solace")
