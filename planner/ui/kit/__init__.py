"""Shared by every page: the widgets and helpers no one page owns."""
