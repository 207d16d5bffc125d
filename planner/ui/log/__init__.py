"""The Log page: the daily check-in, sessions logged by hand, the history, sample data."""
