"""Opening an uploaded export without trusting it: the one file wanted inside a zip, with its
declared size and compression checked before a byte is unpacked, and the bytes actually
unpacked counted against that declaration (a zip bomb lies about its sizes).

Nothing is written to disk: the zip is read from the upload's own stream (a browser upload
is in memory; the command line reads the file where it is).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import BinaryIO

from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.watch.model import DailyMeasure, daily_measure

NOTHING_IMPORTED = "Nothing was imported."
APPLE_XML = "apple_health_export/export.xml"
HEALTH_CONNECT_DB = "health_connect_export.db"
FIT_SIGNATURE = b".FIT"  # bytes 8 to 12 of a Garmin .fit file's header
CUT_SHORT = ("The file ends early or is damaged: it may not have finished downloading or "
             "copying. Export it again and try once more.")


def refused(message: str) -> Problem:
    return Problem("file", f"{message} {NOTHING_IMPORTED}")


def daily_records(found: Iterable[tuple[date, str, str, float]]) -> list[DailyMeasure]:
    """Each reader's ``(day, measure, source, value)`` as records in day order, or the first
    value out of bounds refused with its day and source."""
    records = []
    for day, measure, source, value in sorted(found):
        try:
            records.append(daily_measure(day, measure, value, source))
        except ValueError as error:
            raise refused(f"On {day.isoformat()}, from “{source}”: {error}") from None
    return records


@dataclass
class Opened:
    """The export's file as a stream of bytes, how many bytes it says it holds, and which
    kind of export it is: "apple" (Apple Health's XML), "health_connect" (Android Health
    Connect's SQLite database) or "garmin" (.fit files: ``fit_files`` gives each one's name
    and bytes, one at a time, ``count`` of them)."""

    stream: BinaryIO | None
    size: int
    kind: str = "apple"
    fit_files: Iterator[tuple[str, BinaryIO]] | None = None
    count: int = 1


class _Counted:
    """A stream that refuses to give more bytes than ``limit`` (what the zip declared)."""

    def __init__(self, stream: BinaryIO, limit: int):
        self.stream, self.limit, self.read_so_far = stream, limit, 0

    def read(self, count: int = -1) -> bytes:
        try:
            chunk = self.stream.read(count)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise refused(CUT_SHORT) from error
        self.read_so_far += len(chunk)
        if self.read_so_far > self.limit:
            raise refused("The zip holds more than it says it does (a trick called a zip "
                          "bomb), so Solace stopped reading it.")
        return chunk


def _kind(head: bytes) -> str:
    if head[8:12] == FIT_SIGNATURE:
        return "fit"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xml"
    if head.startswith(b"PK"):
        return "zip"  # an empty or spanned zip: zipfile says what is wrong
    return "other"


def _has_export(archive: zipfile.ZipFile) -> bool:
    """Whether the zip holds Apple's or Health Connect's file (read before any .fit)."""
    names = {PurePath(name).name for name in archive.namelist()}
    return "export.xml" in names or HEALTH_CONNECT_DB in names


def _the_file(archive: zipfile.ZipFile) -> tuple[zipfile.ZipInfo, str]:
    infos = archive.infolist()
    if len(infos) > limits.WATCH_ZIP_FILES_MAX:
        raise refused(f"This zip holds {len(infos):,} files; an Apple Health export holds "
                      f"far fewer than {limits.WATCH_ZIP_FILES_MAX:,}.")
    found = [info for info in infos if info.filename == APPLE_XML] or [
        info for info in infos if info.filename.rsplit("/", 1)[-1] == "export.xml"]
    kind = "apple"
    if not found:
        found = [info for info in infos
                 if info.filename.rsplit("/", 1)[-1] == HEALTH_CONNECT_DB]
        kind = "health_connect"
    if not found:
        raise refused(f"This zip has no {APPLE_XML}, no {HEALTH_CONNECT_DB} and no .fit "
                      "files, so it isn't an Apple Health, Health Connect or Garmin export. "
                      "In the Health app, tap your picture, then “Export All Health Data”; in "
                      "Health Connect, use “Export data”; from Garmin Connect, upload the "
                      ".fit files of its data export (or a zip of them).")
    info = found[0]
    cap = limits.WATCH_XML_BYTES_MAX if kind == "apple" else limits.WATCH_DB_BYTES_MAX
    _check_member(info, cap)
    return info, kind


def _check_member(info: zipfile.ZipInfo, cap: int) -> None:
    if info.flag_bits & 0x1:
        raise refused("The export inside this zip is encrypted; Solace reads the zip the "
                      "app makes, which isn't.")
    if info.file_size > cap:
        raise refused(f"The export says it holds {info.file_size / 1024**2:,.0f} MB; Solace "
                      f"reads up to {cap // 1024**2:,} MB of this kind of export.")
    if info.file_size > limits.WATCH_ZIP_RATIO_MAX * max(info.compress_size, 1) > 0:
        raise refused("The export inside this zip would unpack to far more than an export "
                      "can (a trick called a zip bomb), so Solace didn't unpack it.")


def _fit_members(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The zip's .fit files (Garmin Connect's export), their count and sizes checked
    together."""
    if len(infos) > limits.WATCH_ZIP_FILES_MAX:
        raise refused(f"This zip holds {len(infos):,} files; a watch's files come to far "
                      f"fewer than {limits.WATCH_ZIP_FILES_MAX:,}.")
    found = [info for info in infos
             if not info.is_dir() and info.filename.lower().endswith(".fit")]
    total = sum(info.file_size for info in found)
    if total > limits.WATCH_FIT_BYTES_MAX:
        raise refused(f"The .fit files in this zip say they hold {total / 1024**2:,.0f} MB; "
                      f"Solace reads up to {limits.WATCH_FIT_BYTES_MAX // 1024**2:,} MB of "
                      ".fit files at once.")
    for info in found:
        _check_member(info, limits.WATCH_FIT_BYTES_MAX)
    return found


def _unpacked(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
              ) -> Iterator[tuple[str, BinaryIO]]:
    """Each .fit file's bytes in memory (they are small), counted against its declared size."""
    for info in infos:
        try:
            with archive.open(info) as member:
                data = _Counted(member, info.file_size).read()
        except (zipfile.BadZipFile, NotImplementedError, zlib.error, OSError) as error:
            raise refused(CUT_SHORT) from error
        yield PurePath(info.filename).name, io.BytesIO(data)


@contextmanager
def open_export(upload: BinaryIO) -> Iterator[Opened]:
    """Apple Health's export.zip (or the export.xml taken out of it), or Health Connect's
    zip. ``Problem`` for anything else, for a damaged zip and for a zip bomb."""
    head = upload.read(12)
    upload.seek(0)
    kind = _kind(head)
    if kind == "other":
        raise refused("This isn't an export Solace reads: upload the export.zip the Health "
                      "app makes (or the export.xml inside it), Health Connect's zip, or "
                      "Garmin .fit files (one, or a zip of them).")
    if kind == "fit":
        size = upload.seek(0, 2)
        upload.seek(0)
        if size > limits.WATCH_FIT_BYTES_MAX:
            raise refused(f"This .fit file is {size / 1024**2:,.0f} MB; Solace reads up to "
                          f"{limits.WATCH_FIT_BYTES_MAX // 1024**2:,} MB.")
        name = PurePath(str(getattr(upload, "name", "") or "")).name
        yield Opened(None, size, "garmin", iter([(name, upload)]))
        return
    if kind == "xml":
        size = upload.seek(0, 2)
        upload.seek(0)
        if size > limits.WATCH_XML_BYTES_MAX:
            raise refused(f"This file is {size / 1024**3:,.1f} GB; Solace reads up to "
                          f"{limits.WATCH_XML_BYTES_MAX // 1024**3} GB.")
        yield Opened(upload, size)
        return
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise refused(CUT_SHORT) from error
    with archive:
        fit_files = _fit_members(archive.infolist()) if not _has_export(archive) else []
        if fit_files:
            yield Opened(None, sum(info.file_size for info in fit_files), "garmin",
                         _unpacked(archive, fit_files), len(fit_files))
            return
        info, kind = _the_file(archive)
        try:
            member = archive.open(info)
        except (zipfile.BadZipFile, NotImplementedError, zlib.error, OSError) as error:
            raise refused(CUT_SHORT) from error
        with member:
            yield Opened(_Counted(member, info.file_size), info.file_size, kind)
