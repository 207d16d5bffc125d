"""What Solace's server adds to Streamlit's own handling of the browser's requests, in the
order a request meets it: Streamlit's frontend files answered from memory after the first
time (asset_cache), then the HTML page of a visit told where its server is (shell)."""

from __future__ import annotations

from starlette.middleware import Middleware

from planner.ui.app.asset_cache import AssetCache
from planner.ui.app.shell import ShellHint


def middleware() -> list[Middleware]:
    return [Middleware(AssetCache), Middleware(ShellHint)]
