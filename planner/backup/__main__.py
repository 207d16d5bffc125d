"""Backups from the command line, for scheduled copies, on the database at PLANNER_DATABASE_URL.

    python -m planner.backup export PATH          # everything, as one JSON backup
    python -m planner.backup export --csv PATH    # the logs as CSV files in a zip
    python -m planner.backup import PATH          # a backup, or a CSV of check-ins
    python -m planner.backup import --dry-run PATH  # only say what it would do
    python -m planner.backup --verbose import PATH  # a database error in its own words too

A bad file, or a database that can't be used, gets one line on stderr saying what is wrong
and where, and exit status 1; nothing is written. The export is written beside PATH first and
moved into place at the end, so a backup that fails halfway never replaces a good one.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.backup.merge.model import KINDS, Counts
from planner.backup.model import backup_json
from planner.backup.reading import read_file
from planner.backup.repo import BackupRepo
from planner.backup.spreadsheet import csv_zip
from planner.catalog.model import load_catalog
from planner.kernel import clock, limits
from planner.kernel.command import outcome, write_private
from planner.kernel.config import data_dir, database_url
from planner.kernel.db import LOCAL_OWNER, Database, ensure_owner
from planner.kernel.errors import Problem


def summary(counts: dict[str, Counts]) -> str:
    """"Sessions: 12 added, 3 updated, 40 skipped; Check-ins: ..." for kinds in the file."""
    parts = [f"{KINDS[kind]}: {c.added} added, {c.updated} updated, {c.skipped} skipped"
             for kind, c in counts.items() if c.total]
    return "; ".join(parts) or "Nothing to import"


def _open() -> tuple[Database, BackupRepo]:
    db = Database(database_url())
    return db, BackupRepo(db, ensure_owner(db, LOCAL_OWNER), load_catalog(data_dir()))




def export(path: Path, as_csv: bool) -> str:
    db, repo = _open()
    try:
        backup = repo.export()
    finally:
        db.dispose()
    write_private(path, csv_zip(backup, clock.server_zone()) if as_csv else backup_json(backup))
    return (f"Exported {len(backup.sessions)} sessions, {len(backup.checkins)} check-ins, "
            f"{len(backup.routines)} routines and {len(backup.plan)} weekly-plan times "
            f"to {path}.")


def import_file(path: Path, dry_run: bool) -> str:
    try:
        with path.open("rb") as file:  # never more than an import may hold (/dev/zero, say)
            data = file.read(limits.IMPORT_BYTES_MAX + 1)
    except OSError as error:
        raise Problem("path", f"{path} can't be read ({error.strerror}).") from None
    if len(data) > limits.IMPORT_BYTES_MAX:
        raise Problem("path", f"{path} is larger than Solace imports (up to "
                              f"{limits.IMPORT_BYTES_MAX // 1024 // 1024} MB).")
    db, repo = _open()
    try:
        _kind, backup = read_file(path.name, data, repo.catalog, clock.now(),
                                  clock.latest_day())
        if dry_run:
            return f"Would import from {path}: {summary(repo.preview(backup))}. Nothing written."
        return f"Imported {path}: {summary(repo.restore(backup))}."
    finally:
        db.dispose()


@contextmanager
def _details(verbose: bool) -> Iterator[None]:
    """Solace's log (a database error in the database's own words, over several lines) goes
    to stderr only when asked: otherwise Python would print it before the one line."""
    handler: logging.Handler = logging.NullHandler()
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger = logging.getLogger("solace")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.backup",
                                     description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write everything to PATH")
    out.add_argument("path", type=Path)
    out.add_argument("--csv", action="store_true", help="the logs as CSV files in a zip")
    back = commands.add_parser("import", help="import a backup or a CSV of check-ins")
    back.add_argument("path", type=Path)
    back.add_argument("--dry-run", action="store_true", help="only say what would change")
    parser.add_argument("--verbose", action="store_true",
                        help="also print the database's own words for a database error")
    args = parser.parse_args(argv)

    def run() -> str:
        with _details(args.verbose):
            if args.command == "export":
                return export(args.path, args.csv)
            return import_file(args.path, args.dry_run)

    return outcome(run, f"{args.path}: ")


if __name__ == "__main__":
    sys.exit(main())
