"""Memory of reading a hostile import file, measured in a process of its own.

    python -m planner.tools.hostile csv_rows 60     # one kind of file, 60 MB; prints JSON

Each kind of file is made to cost the reader as much memory as its size allows: millions of
identical CSV rows, millions of empty JSON records, millions of bare numbers or short texts
where records belong, one text as long as the file, and as many real-looking sessions as the
counts let through. The child reads it as an upload is read (planner.backup.reading.read_file)
and reports its resident memory before the file was read in, at its peak, and after the file
was refused and let go; ``planner.tools.bench --only backup`` runs every kind.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("csv_rows", "json_empty_records", "json_numbers", "json_texts", "json_long_text",
         "json_sessions")


# A session as a backup holds it: read through the counts and every check, to be refused as
# the second of identical records.
SESSION = (b'{"routine_name": "Evening calm", "started_at": "2016-12-09T07:20:00Z", "ended_at": '
           b'"2016-12-09T07:31:25Z", "planned_seconds": 685, "actual_seconds": 685, '
           b'"completed": true, "steps": [], "stress_before": 4, "stress_after": 2, "notes": '
           b'"", "source": "timer", "is_sample": false, "run": null}')


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def _peak_mb() -> float:
    """This process's highest resident memory (VmHWM: unlike ru_maxrss, it starts afresh at
    exec, so a big parent's memory isn't counted)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def write_hostile_file(kind: str, megabytes: float, path: Path) -> None:
    """Write one kind of hostile file of about ``megabytes``, a piece at a time (so making it
    costs this process no memory to speak of)."""
    from planner.backup.model import FORMAT, SCHEMA_VERSION

    size = int(megabytes * 1024 * 1024)
    head = (b'{"format": "%s", "schema_version": %d, "exported_at": "2026-01-01T00:00:00Z", '
            % (FORMAT.encode(), SCHEMA_VERSION))
    start, piece, end = {
        "csv_rows": (b"day,stress,swelling,pain\n", b"2026-01-01,5,1,1\n", b""),
        "json_empty_records": (head + b'"sessions": [', b"{},", b"{}]}"),
        "json_numbers": (head + b'"sessions": [', b"0,", b"0]}"),
        "json_long_text": (head + b'"sessions": [{"notes": "', b"x", b'"}]}'),
        "json_texts": (head + b'"sessions": [', b'"a{",', b'"a"]}'),
        "json_sessions": (head + b'"sessions": [', SESSION + b",", SESSION + b"]}"),
    }[kind]
    if kind == "json_sessions":  # as many as the counts let through: 18 texts a record
        from planner.kernel.limits import IMPORT_JSON_VALUES_MAX

        size = min(size, (IMPORT_JSON_VALUES_MAX // 18 - 10) * len(piece))
    block = piece * (1024 * 1024 // len(piece))
    with path.open("wb") as file:
        file.write(start)
        for _ in range(size // len(block)):
            file.write(block)
        file.write(end)


def measure(kind: str, megabytes: float) -> dict:
    """Read one hostile file here; what it cost this process, in MB and seconds."""
    from planner.backup.reading import read_file
    from planner.catalog.model import load_catalog
    from planner.kernel import clock
    from planner.kernel.errors import Problem

    catalog = load_catalog()
    suffix = "csv" if kind.startswith("csv") else "json"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.{suffix}"
        write_hostile_file(kind, megabytes, path)
        gc.collect()
        idle = _rss_mb()
        data = path.read_bytes()  # as an upload is held: the file's bytes, once
    started = time.perf_counter()
    try:
        read_file(path.name, data, catalog, clock.now(), clock.latest_day())
        answer = "read"
    except Problem as problem:
        answer = problem.message
    seconds = time.perf_counter() - started
    del data
    gc.collect()
    return {"kind": kind, "file_mb": megabytes, "idle_mb": round(idle, 1),  # file included:
            "peak_above_idle_mb": round(_peak_mb() - idle, 1),
            "after_above_idle_mb": round(_rss_mb() - idle, 1), "seconds": round(seconds, 2),
            "answer": answer}


def measure_apart(kind: str, megabytes: float) -> dict:
    """``measure`` in a fresh Python process, so one file's peak is not another's."""
    done = subprocess.run([sys.executable, "-m", "planner.tools.hostile", kind,
                           str(megabytes)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], float(sys.argv[2]))))
