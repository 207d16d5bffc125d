"""What Solace's server adds to Streamlit's own handling of the browser's requests, in the
order a request meets it: Streamlit's frontend files answered from memory after the first
time (asset_cache), then the HTML page of a visit told where its server is and given the
app's CSS and scripts (shell); with sign-in on, uploads and downloads only for someone
signed in, and the sign-in cookie Secure over HTTPS and shorter lived (sign_in_guard)."""

from __future__ import annotations

from starlette.middleware import Middleware

from planner.ui.app.asset_cache import AssetCache
from planner.ui.app.shell import ShellAdditions
from planner.ui.app.sign_in_guard import SignedInFiles, SignInCookie


def middleware() -> list[Middleware]:
    return [Middleware(AssetCache), Middleware(ShellAdditions), Middleware(SignedInFiles),
            Middleware(SignInCookie)]
