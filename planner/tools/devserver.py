"""Start the app on a free local port, for browser tests, benchmarks and screenshots.

A server binds port 0 and so takes whatever port the system gives it (Streamlit 1.67 reads the
port back); its URL comes from the port it then listens on. Picking a free port first and
handing its number over leaves a moment in which another run can take it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port free now, for a caller that must name it before the server starts (a sign-in
    redirect names it); otherwise let the server bind port 0."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen


@dataclass(frozen=True)
class Launch:
    """A server to start: ``streamlit run script`` (from its folder) with ``env`` added.
    ``port``: one picked beforehand (a sign-in redirect names it; without it the system picks
    one as the server binds); ``options``: more of Streamlit's command-line options, such as
    ``--secrets.files``; ``base_path``: serve the app under that path, as behind a proxy
    (``server.baseUrlPath``)."""

    script: Path
    env: dict[str, str] | None = None
    log: IO | None = None
    port: int | None = None
    options: tuple[str, ...] = ()
    base_path: str = ""

    def start(self) -> subprocess.Popen:
        options = self.options
        if self.base_path:
            options = (*options, "--server.baseUrlPath", self.base_path)
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script.name,
             "--server.headless", "true", "--server.port", str(self.port or 0),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *options],
            cwd=self.script.parent, env={**os.environ, **(self.env or {})},
            stdout=self.log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )

    def ready(self, process: subprocess.Popen, deadline: float) -> Server:
        port = self.port or _listening_port(process, deadline)
        url = f"http://127.0.0.1:{port}" + (
            f"/{self.base_path.strip('/')}" if self.base_path else "")
        _wait_healthy(url, process, deadline)
        return Server(url, process)


@contextmanager
def serving_together(launches: list[Launch], timeout: float = 60) -> Iterator[list[Server]]:
    """Start every server at once, wait until each answers, and stop them when the block ends:
    their start-ups (seconds each, mostly imports) overlap instead of adding up."""
    processes: list[subprocess.Popen] = []
    try:
        processes.extend(launch.start() for launch in launches)
        deadline = time.monotonic() + timeout
        yield [launch.ready(process, deadline)
               for launch, process in zip(launches, processes, strict=True)]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def serving(script: Path, env: dict[str, str] | None = None, log: IO | None = None,
            timeout: float = 60, port: int | None = None,
            options: tuple[str, ...] = (), base_path: str = "") -> Iterator[Server]:
    """Run one server (see ``Launch``) until the block ends."""
    launch = Launch(script, env, log, port, options, base_path)
    with serving_together([launch], timeout) as (server,):
        yield server


@contextmanager
def running_app(env: dict[str, str], log: IO | None = None, timeout: float = 60,
                port: int | None = None, options: tuple[str, ...] = ()) -> Iterator[str]:
    """Run Solace (``streamlit run streamlit_app.py``) with ``env`` added; yield its URL."""
    with serving(ROOT / "streamlit_app.py", env, log, timeout, port, options) as server:
        yield server.url


def _listening_port(process: subprocess.Popen, deadline: float) -> int:
    """The TCP port ``process`` listens on, once it does."""
    import psutil  # a test extra, as Playwright is

    server = psutil.Process(process.pid)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        ports = [c.laddr.port for c in server.net_connections("tcp")
                 if c.status == psutil.CONN_LISTEN]
        if ports:
            return ports[0]
        time.sleep(0.1)
    raise RuntimeError("streamlit did not listen on a port in time")


def _wait_healthy(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("streamlit did not become healthy in time")
