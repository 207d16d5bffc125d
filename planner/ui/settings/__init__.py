"""The Settings page: the health profile, sounds, where data is kept, and your data."""
