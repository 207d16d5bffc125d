"""The app around the pages: what wraps each page, the theme, and what the server does as it
starts and as it answers requests."""
