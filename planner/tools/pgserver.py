"""A throwaway PostgreSQL server for tests and benchmarks: initdb in a temporary folder, started
on a free port bound to 127.0.0.1 (another one if that was taken meanwhile), removed afterwards
(about a second on these machines).

    python -m planner.tools.pgserver      # start one, print its URL, stop on Ctrl-C

Needs PostgreSQL's server programs (Debian: ``apt-get install postgresql``). As root they run as
the ``postgres`` user, since initdb refuses to run as root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from planner.tools.devserver import free_port


def server_programs() -> Path | None:
    """The folder with initdb and pg_ctl, newest version first; None if not installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if found:
        return found[0].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


SERVER_ZONE = "America/St_Johns"


START_ATTEMPTS = 5


def _start(programs: Path, data: Path, log: Path, sockets: Path) -> int:
    """Start the server on a free port; its port. PostgreSQL can't bind port 0, so a port is
    picked first, and another one tried if something took it in the meantime."""
    for _ in range(START_ATTEMPTS):
        port = free_port()
        # The server's own zone is far from UTC, with half-hour offsets and daylight saving,
        # whatever the machine's: what the database's zone is must never show in what the app
        # reads (kernel.schema.UTCDateTime).
        started = subprocess.run(_as_owner([
            str(programs / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
            f"-p {port} -c listen_addresses=127.0.0.1 -k {sockets} -c fsync=off "
            f"-c TimeZone={SERVER_ZONE}", "start"]), capture_output=True)
        if started.returncode == 0:
            return port
        if "already in use" not in (log.read_text(errors="replace") if log.exists() else ""):
            break
        log.unlink()  # the next attempt's log then says only its own
    raise subprocess.CalledProcessError(started.returncode, started.args, started.stdout,
                                        started.stderr)


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server; yield the URL of its ``postgres`` database (trust auth, local only)."""
    programs = server_programs()
    if programs is None:
        raise RuntimeError("PostgreSQL's server programs are not installed "
                           "(apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="solace-pg-"))
    data, sockets, log = folder / "data", folder / "sockets", folder / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    try:
        subprocess.run(_as_owner([str(programs / "initdb"), "-D", str(data), "-U", "postgres",
                                  "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust"]),
                       check=True, capture_output=True)
        port = _start(programs, data, log, sockets)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                  "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server at ``server_url``; dropped afterwards."""
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    import signal
    import time

    # A plain kill stops it as Ctrl-C does: the server and its folder go with it (left
    # running, a killed tool's server kept its port and files).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with running_postgres() as url:
        print(url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
