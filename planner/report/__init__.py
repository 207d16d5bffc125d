"""A report for a clinician: ``python -m planner.report`` or "Make a report" on Insights."""
