"""A watch's daily values from the command line, into the database at PLANNER_DATABASE_URL
(the local person's records, as python -m planner.backup does).

    python -m planner.watch import export.zip            # Apple Health's export (or export.xml)
    python -m planner.watch import "Health Connect.zip"  # Android Health Connect's export
    python -m planner.watch import UploadedFiles.zip     # Garmin .fit files (or one .fit)
    python -m planner.watch import --dry-run export.zip  # only say what it would do

The file is read where it is, as a stream (exports are often gigabytes), and never copied. A
bad file gets one line on stderr saying what is wrong, and exit status 1; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.kernel.command import outcome
from planner.kernel.config import database_url
from planner.kernel.db import LOCAL_OWNER, Database, ensure_owner
from planner.kernel.errors import Problem
from planner.watch.model import Preview
from planner.watch.reading import read_export
from planner.watch.repo import MeasureRepo


def _said(preview: Preview) -> str:
    span = f"{preview.first} to {preview.last}" if preview.first else "no days"
    return (f"{preview.days:,} days ({span}): {preview.new:,} daily values added, "
            f"{preview.changed:,} changed, {preview.unchanged:,} already here")


def _progress(fraction: float, what: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{what}: {fraction:4.0%}", end="", file=sys.stderr, flush=True)


def import_file(path: Path, dry_run: bool) -> str:
    try:
        upload = path.open("rb")
    except OSError as error:
        raise Problem("path", f"{path} can't be read ({error.strerror}).") from None
    with upload:
        records = read_export(upload, _progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    db = Database(database_url())
    try:
        repo = MeasureRepo(db, ensure_owner(db, LOCAL_OWNER))
        if dry_run:
            return f"Would import from {path}: {_said(repo.preview(records))}. Nothing written."
        return f"Imported {path}: {_said(repo.save(records))}."
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.watch",
                                     description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    imports = commands.add_parser(
        "import", help="import Apple Health's or Health Connect's export, or Garmin .fit files")
    imports.add_argument("path", type=Path)
    imports.add_argument("--dry-run", action="store_true", help="only say what would change")
    args = parser.parse_args(argv)
    return outcome(lambda: import_file(args.path, args.dry_run), f"{args.path}: ")


if __name__ == "__main__":
    sys.exit(main())
