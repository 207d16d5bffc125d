"""The Experiment page, and today's experiment day on the Run and Log pages (today).

Nothing is imported here: the Run and Log pages load only ``today``."""
