"""Memory of reading a hostile import file, measured in a process of its own.

    python -m planner.tools.hostile csv_rows 60     # one kind of file, 60 MB; prints JSON

Each kind of file is made to cost the reader as much memory as its size allows: millions of
identical CSV rows, as many CSV rows as the line count lets in with notes filling the file
(each with an emoji, so a decoded copy takes four bytes a character), millions of empty JSON
records, millions of bare numbers or short texts
where records belong, one text as long as the file, and as many valid sessions as the counts
let through, with notes long enough to fill the file: all the same (``json_sessions``, refused
as repeats), or each its own (``json_distinct_sessions``, read through: what a real backup that
big would cost before its import). The child reads it as an upload is read
(planner.backup.reading.read_file) and reports its resident memory before the file was read
in, at its peak, and after the file was refused and let go; ``planner.tools.bench --only
backup`` runs every kind.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

KINDS = ("csv_rows", "csv_notes", "json_empty_records", "json_numbers", "json_texts",
         "json_long_text", "json_sessions", "json_distinct_sessions")


# A session as a backup holds it, read through the counts and every check (its notes, up to
# the notes' limit, fill the file).
SESSION = ('{"routine_name": "Evening calm", "started_at": "%sZ", "ended_at": "%sZ", '
           '"planned_seconds": 685, "actual_seconds": 685, "completed": true, "steps": [], '
           '"stress_before": 4, "stress_after": 2, "notes": "%s", "source": "timer", '
           '"is_sample": false, "run": null}')
SESSION_VALUES = 18  # texts, numbers and names: as check_counts counts them


def _session(started: datetime, notes: str) -> bytes:
    ended = started + timedelta(seconds=685)
    return (SESSION % (started.isoformat(), ended.isoformat(), notes)).encode()


def _sessions_file(kind: str, size: int, head: bytes, file) -> None:
    """As many sessions as the counts let through, their notes as long as fills ``size``."""
    from planner.kernel.limits import (
        IMPORT_JSON_VALUES_MAX,
        IMPORT_RECORDS_MAX,
        NOTES_MAX_LENGTH,
    )

    bare = len(_session(datetime(2016, 12, 9, 7, 20), "")) + 1
    count = max(2, min(IMPORT_JSON_VALUES_MAX // SESSION_VALUES - 10, IMPORT_RECORDS_MAX,
                       size // bare))  # (a small file, for a quick run, holds fewer)
    notes = "n" * max(0, min(NOTES_MAX_LENGTH, size // count - bare))
    first = datetime(2016, 12, 9, 7, 20)
    file.write(head + b'"sessions": [')
    if kind == "json_sessions":
        piece = _session(first, notes) + b","
        for _ in range(count - 1):
            file.write(piece)
    else:
        for number in range(count - 1):
            file.write(_session(first + timedelta(minutes=number), notes) + b",")
    file.write(_session(first - timedelta(days=1), notes) + b"]}")


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


def _notes_csv(size: int, file) -> None:
    """As many check-ins as the CSV's line count lets in, the same day each, with notes as long
    as fills ``size``, each holding an emoji."""
    from planner.kernel.limits import IMPORT_CSV_LINES_MAX, NOTES_MAX_LENGTH

    head = b"2026-01-01,5,1,1,\xf0\x9f\x98\x80"  # the emoji: four bytes
    count = max(2, min(IMPORT_CSV_LINES_MAX - 10, size // (len(head) + 1)))
    notes = b"n" * max(0, min(NOTES_MAX_LENGTH - 1, size // count - len(head) - 1))
    file.write(b"day,stress,swelling,pain,notes\n")
    line = head + notes + b"\n"
    for _ in range(count):
        file.write(line)


def write_hostile_file(kind: str, megabytes: float, path: Path) -> None:
    """Write one kind of hostile file of about ``megabytes``, a piece at a time (so making it
    costs this process no memory to speak of)."""
    from planner.backup.model import FORMAT, SCHEMA_VERSION
    from planner.kernel.limits import IMPORT_BYTES_MAX

    size = min(int(megabytes * 1024 * 1024), IMPORT_BYTES_MAX - 4096)  # let in by its size
    head = (b'{"format": "%s", "schema_version": %d, "exported_at": "2026-01-01T00:00:00Z", '
            % (FORMAT.encode(), SCHEMA_VERSION))
    start, piece, end = {
        "csv_rows": (b"day,stress,swelling,pain\n", b"2026-01-01,5,1,1\n", b""),
        "json_empty_records": (head + b'"sessions": [', b"{},", b"{}]}"),
        "json_numbers": (head + b'"sessions": [', b"0,", b"0]}"),
        "json_long_text": (head + b'"sessions": [{"notes": "', b"x", b'"}]}'),
        "json_texts": (head + b'"sessions": [', b'"a{",', b'"a"]}'),
    }.get(kind, (b"", b"", b""))
    with path.open("wb") as file:
        if kind == "csv_notes":
            _notes_csv(size, file)
            return
        if kind in ("json_sessions", "json_distinct_sessions"):
            _sessions_file(kind, size, head, file)
            return
        block = piece * (1024 * 1024 // len(piece))
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
