"""Where the user's records live. One setting: ``PLANNER_DATABASE_URL``."""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_URL_VARIABLE = "PLANNER_DATABASE_URL"
DATA_DIR_VARIABLE = "PLANNER_DATA_DIR"


def default_database_path() -> Path:
    """``$XDG_DATA_HOME/solace/solace.db``, i.e. ``~/.local/share/solace/solace.db`` by default."""
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "solace" / "solace.db"


def database_url() -> str:
    url = os.environ.get(DATABASE_URL_VARIABLE, "").strip()
    if url:
        return url
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def data_dir() -> Path | None:
    """Another technique catalog folder, if ``PLANNER_DATA_DIR`` names one (tests use this)."""
    value = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(value) if value else None
