"""Your data as files: the JSON backup, the CSV export, and reading either back safely.

A backup is one JSON document with a ``schema_version``: every routine, run, session, check-in,
the weekly plan, the experiments, the health profile and the preferences, one record a line.
Version 2 added the experiments; a version 1 file reads as one without any. Version 3 marks
sample data once, as ``is_sample`` (the app's own name); versions 1 and 2 also carried a
``sample`` field, which is what they meant, and read as that. The logs also go
out as CSV files (one a table, zipped) that open cleanly in a spreadsheet: ISO dates, UTF-8
(with a byte-order mark, so spreadsheets pick the right encoding), and text that would start a
formula neutralised with a leading apostrophe.

Reading a file back trusts nothing: its size, a zip's expanded size and ratio, the text
encoding, the JSON's nesting, the schema version, every value (with the limits the forms use),
dates in the future and records repeated in the file. The first problem found is one
``Problem`` whose message says what is wrong and where (line, record, field). Nothing here
writes: planner/backup/repo.py imports a ``Backup`` in one transaction.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import re
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Literal

import numpy as np
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from planner.catalog.model import Catalog, Condition
from planner.experiments.model import Design
from planner.journal.model import CheckIn, Session
from planner.kernel import limits
from planner.kernel.checks import Name, Rating
from planner.kernel.errors import Problem
from planner.routines.model import Routine, Step, check_steps, clean_name, name_key
from planner.runs.model import PlanStep
from planner.runs.timer import ActionKind
from planner.schedule.model import WEEKDAYS, Slot
from planner.settings.model import Preferences

FORMAT = "solace-backup"
SCHEMA_VERSION = 3
SAMPLE_FIELD_UNTIL = 2  # the last schema version whose records said "sample"
NOTHING_CHANGED = "Nothing was imported."
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOOL_WORDS = {"yes": True, "no": False, "true": True, "false": False, "1": True, "0": False,
              "y": True, "n": False, "": False}


# The records of a backup -----------------------------------------------------------------------

class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RoutineRecord(_Record):
    name: Name
    switch_pause_seconds: int = Field(ge=limits.SWITCH_PAUSE.low, le=limits.SWITCH_PAUSE.high,
                                      strict=True)
    steps: tuple[Step, ...] = Field(max_length=limits.MAX_STEPS)


class ActionRecord(_Record):
    kind: ActionKind
    at: float = Field(ge=0, allow_inf_nan=False)  # seconds since the epoch


class RunRecord(_Record):
    """A run as started: its own copy of the plan and what the person did. ``key`` numbers it
    within the file, so a session can say which run it came from."""

    key: int = Field(ge=1, strict=True)
    routine_name: Name
    plan: tuple[PlanStep, ...]
    stress_before: Rating | None = None
    status: Literal["active", "logged", "discarded"]
    created_at: AwareDatetime
    actions: tuple[ActionRecord, ...] = ()


class SessionRecord(Session):
    """A session as logged; ``run`` is the key of its run in the same file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    run: int | None = Field(default=None, ge=1, strict=True)


class CheckInRecord(CheckIn):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SlotRecord(Slot):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExperimentRecord(Design):
    """An experiment's design, when it was set up, and when it was stopped early (if it was)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    created_at: AwareDatetime
    ended_at: AwareDatetime | None = None


class Backup(BaseModel):
    """Everything of one person's. ``profile`` and ``preferences`` are None when the file
    doesn't carry them (a CSV of check-ins)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["solace-backup"] = FORMAT
    schema_version: int = Field(default=SCHEMA_VERSION, strict=True)
    exported_at: AwareDatetime
    profile: tuple[Condition, ...] | None = None
    preferences: Preferences | None = None
    routines: tuple[RoutineRecord, ...] = ()
    runs: tuple[RunRecord, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    checkins: tuple[CheckInRecord, ...] = ()
    plan: tuple[SlotRecord, ...] = ()
    experiments: tuple[ExperimentRecord, ...] = ()


SECTIONS = ("routines", "runs", "sessions", "checkins", "plan", "experiments")
ONE_RECORD = {"routines": "routine", "runs": "run", "sessions": "session",
              "checkins": "check-in", "plan": "plan entry", "experiments": "experiment"}


# Writing -----------------------------------------------------------------------------------------

def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


# Fields the records share with the app's own models that only the database gives meaning.
INTERNAL = {"sessions": {"__all__": {"id", "run_id", "version"}},
            "checkins": {"__all__": {"version"}}, "plan": {"__all__": {"id"}}}


def backup_json(backup: Backup) -> bytes:
    """The backup as UTF-8 JSON: the header fields first, then each record on a line."""
    data = backup.model_dump(mode="json", exclude=INTERNAL)
    lines = ["{"]
    for name in ("format", "schema_version", "exported_at", "profile", "preferences"):
        lines.append(f"{_json(name)}: {_json(data[name])},")
    for index, name in enumerate(SECTIONS):
        records = data[name]
        lines.append(f"{_json(name)}: [" + ("" if records else "]"))
        lines.extend(_json(record) + ("," if n < len(records) - 1 else "")
                     for n, record in enumerate(records))
        if records:
            lines.append("]")
        if index < len(SECTIONS) - 1:
            lines[-1] += ","
    lines.append("}")
    return ("\n".join(lines) + "\n").encode()


def _formula_like(text: str) -> bool:
    """Text a spreadsheet would take for a formula, or that already has apostrophes before
    one (so the apostrophe the export adds can always be told from the person's own)."""
    return text.lstrip("'").startswith(FORMULA_START)


def neutralised(value: object) -> object:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (numbers stay numbers)."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _blank(value: object) -> object:
    return "" if value is None else value


CHECKIN_COLUMNS = ("day", "stress", "swelling", "pain", "sleep", "socks", "sock_hours",
                   "pulse", "systolic", "diastolic", "notes", "plan_followed", "done_instead",
                   "sample")
REQUIRED_COLUMNS = ("day", "stress", "swelling", "pain")
SESSION_COLUMNS = ("date", "start", "started_at_utc", "ended_at_utc", "routine", "minutes",
                   "planned_minutes", "completed", "stress_before", "stress_after", "notes",
                   "logged_with", "sample")


def _checkin_row(record: CheckInRecord) -> list[object]:
    return [record.day.isoformat(), record.stress, record.swelling, record.pain,
            _blank(record.sleep), _yes(record.socks), _blank(record.sock_hours),
            _blank(record.pulse), _blank(record.systolic), _blank(record.diastolic),
            record.notes, "" if record.plan_followed is None else _yes(record.plan_followed),
            _blank(record.done_instead), _yes(record.is_sample)]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _session_row(record: SessionRecord, zone: tzinfo) -> list[object]:
    local = record.started_at.astimezone(zone)
    return [local.date().isoformat(), f"{local:%H:%M}", _utc(record.started_at),
            _utc(record.ended_at), record.routine_name, round(record.actual_seconds / 60, 1),
            round(record.planned_seconds / 60, 1), _yes(record.completed),
            _blank(record.stress_before), _blank(record.stress_after), record.notes,
            "timer" if record.source == "timer" else "by hand", _yes(record.is_sample)]


def _routine_row(record: RoutineRecord) -> list[object]:
    steps = "; ".join(f"{step.technique} {step.seconds} s" for step in record.steps)
    return [record.name, len(record.steps), record.switch_pause_seconds, steps]


def _slot_row(record: SlotRecord) -> list[object]:
    return [WEEKDAYS[record.weekday], f"{record.at:%H:%M}", record.routine_name,
            record.reminder_minutes, record.since.isoformat()]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One CSV file: UTF-8 with a byte-order mark, CRLF line ends, formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def csv_zip(backup: Backup, zone: tzinfo) -> bytes:
    """The logs and plans as CSV files, one a table, in a zip. Times are the person's own
    (``zone``), with the UTC moment beside them."""
    files = {
        "checkins.csv": csv_text(CHECKIN_COLUMNS, map(_checkin_row, backup.checkins)),
        "sessions.csv": csv_text(SESSION_COLUMNS,
                                 (_session_row(s, zone) for s in backup.sessions)),
        "routines.csv": csv_text(("name", "steps", "switch_pause_seconds", "techniques"),
                                 map(_routine_row, backup.routines)),
        "weekly_plan.csv": csv_text(("day", "time", "routine", "reminder_minutes", "since"),
                                    map(_slot_row, backup.plan)),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


# Reading: the file itself ------------------------------------------------------------------------

def _refuse(message: str) -> Problem:
    return Problem("file", f"{message} {NOTHING_CHANGED}")


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def _check_size(size: int, what: str = "The file") -> None:
    if size > limits.IMPORT_BYTES_MAX:
        raise _refuse(f"{what} is {_size(size)}; Solace imports files up to "
                      f"{_size(limits.IMPORT_BYTES_MAX)}.")


def _member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The file to read from a zip: a backup, else the check-ins of a CSV export."""
    files = [info for info in archive.infolist() if not info.is_dir()]
    if len(files) > limits.ZIP_FILES_MAX:
        raise _refuse(f"The zip holds {len(files)} files; a Solace export has a few.")
    total = sum(info.file_size for info in files)
    _check_size(total, "Unpacked, the zip")
    for info in files:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.ZIP_RATIO_MAX:
            raise _refuse(f"In the zip, {info.filename} would expand {ratio:,.0f} times "
                          f"(to {_size(info.file_size)}); files that expand more than "
                          f"{limits.ZIP_RATIO_MAX} times are refused.")
    names = {info.filename.rsplit("/", 1)[-1].lower(): info for info in files}
    for wanted in ("backup.json", "checkins.csv"):
        if wanted in names:
            return names[wanted]
    found = [info for info in files if info.filename.lower().endswith((".json", ".csv"))]
    if len(found) == 1:
        return found[0]
    raise _refuse("The zip has no Solace backup (a .json file) or checkins.csv in it.")


def unzip(data: bytes) -> tuple[str, bytes]:
    """The one file to import from a zip, read without trusting its headers."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = _member(archive)
            with archive.open(info) as member:
                content = member.read(min(info.file_size, limits.IMPORT_BYTES_MAX) + 1)
    except zipfile.BadZipFile as error:
        raise _refuse(f"The zip file is damaged or incomplete ({error}).") from None
    except (zlib.error, lzma.LZMAError, EOFError, OSError):  # its packed data is damaged
        raise _refuse("The zip file is damaged: a file in it can't be unpacked.") from None
    except NotImplementedError:
        raise _refuse("The zip is packed in a way Solace can't unpack; unpack it first, or "
                      "zip it again with your computer's own zip.") from None
    except RuntimeError:  # encrypted
        raise _refuse("The zip is protected by a password; unpack it first.") from None
    if len(content) > info.file_size:
        raise _refuse(f"In the zip, {info.filename} is bigger than the zip says.")
    return info.filename, content


def _not_utf16(data: bytes) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse("The file is UTF-16 text; save it as UTF-8 (“CSV UTF-8” in most "
                      "spreadsheets) and try again.")


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is fine); ``Problem`` naming the line otherwise."""
    _not_utf16(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _refuse(f"Line {line} isn't UTF-8 text (byte {error.start + 1}): save the "
                      "file as UTF-8 (“CSV UTF-8” in most spreadsheets) and try again."
                      ) from None


_STRINGS = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_CHUNK = 1 << 22


def _deeper_than(data: bytes, limit: int) -> int | None:
    """The line where brackets first nest deeper than ``limit``, or None."""
    depth, line = 0, 1
    for start in range(0, len(data), _CHUNK):
        chunk = np.frombuffer(data, np.uint8, count=min(_CHUNK, len(data) - start),
                              offset=start)
        steps = (((chunk == 0x5B) | (chunk == 0x7B)).astype(np.int32)
                 - ((chunk == 0x5D) | (chunk == 0x7D)).astype(np.int32))
        levels = depth + np.cumsum(steps, dtype=np.int32)
        over = np.flatnonzero(levels > limit)
        if over.size:
            return line + int(np.count_nonzero(chunk[:over[0]] == 0x0A))
        depth = int(levels[-1]) if levels.size else depth
        line += int(np.count_nonzero(chunk == 0x0A))
    return None


def check_nesting(text: str, limit: int = limits.IMPORT_JSON_DEPTH_MAX) -> None:
    """``Problem`` for JSON nested deeper than ``limit`` (brackets inside strings aside)."""
    if _deeper_than(text.encode(), limit) is None:  # quick: strings counted too
        return
    line = _deeper_than(_STRINGS.sub('""', text).encode(), limit)
    if line is not None:
        raise _refuse(f"Line {line}: the JSON is nested more than {limit} levels deep; a "
                      "Solace backup never is.")


class _Repeated(ValueError):
    """A key given twice in one JSON object."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict:
    """A JSON object as a dict, refusing one that gives a key twice (JSON itself would keep
    the last one without a word, so an edited file could say two things at once)."""
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Repeated(key)
            seen.add(key)
    return found


def parse_json(text: str) -> dict:
    check_nesting(text)
    try:
        found = json.loads(text, object_pairs_hook=_no_repeats)
    except RecursionError:  # pragma: no cover - check_nesting refuses these first
        raise _refuse("The JSON is nested too deeply.") from None
    except _Repeated as repeated:
        raise bad(_repeated_where(text, repeated.key),
                  "is given twice; a file gives each field once") from None
    except json.JSONDecodeError as error:
        end = text.rstrip()
        if error.pos >= len(end) or (end.lstrip().startswith("{") and not end.endswith("}")):
            raise _refuse(f"The file ends too early, at line {end.count(chr(10)) + 1}: it was "
                          "probably cut short while saving or downloading.") from None
        raise _refuse(f"Line {error.lineno}, column {error.colno}: this isn't valid JSON "
                      f"({error.msg.lower().removesuffix(' at')}).") from None
    except ValueError:  # the one other: a whole number longer than Python converts
        raise _refuse(_too_long_number(text)) from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise _refuse("This JSON file isn't a Solace backup (it has no "
                      f"\"format\": \"{FORMAT}\").")
    return found


def _too_long_number(text: str) -> str:
    limit = sys.get_int_max_str_digits()
    number = re.compile(rf"(?<![\w.+-])-?\d{{{limit + 1},}}(?![\w.])")
    blanked = _STRINGS.sub('""', text)  # digits inside text are fine; lines stay as they are
    found = number.search(blanked)
    where = f"Line {_line(blanked, found.start())}" if found else "The file"
    digits = f" {len(found.group().lstrip('-')):,} digits long" if found else " too long"
    return (f"{where}: a number is{digits}; Solace reads numbers of up to {limit:,} digits, "
            "and no number in a backup comes near that.")


# Reading: where a problem is ------------------------------------------------------------------

_SPACE = re.compile(r"\s*")


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _skip(text: str, position: int, char: str | None = None) -> int:
    position = _SPACE.match(text, position).end()
    if char is not None and text.startswith(char, position):
        position = _SPACE.match(text, position + 1).end()
    return position


def _members(text: str) -> Iterator[tuple[str, int, int]]:
    """Each member of the backup's top-level object: its key, where the key begins and where
    its value begins (ValueError or IndexError past a point the JSON is broken)."""
    decoder = json.JSONDecoder()
    position = _skip(text, 0, "{")
    while not text.startswith("}", position):
        start = position
        key, position = decoder.raw_decode(text, position)
        position = _skip(text, position, ":")
        yield key, start, position
        _, position = decoder.raw_decode(text, position)
        position = _skip(text, position, ",")


def _array_items(text: str, position: int) -> Iterator[int]:
    """Where each item of the JSON array at ``position`` begins."""
    decoder = json.JSONDecoder()
    position = _skip(text, position + 1)
    while not text.startswith("]", position):
        yield position
        _, position = decoder.raw_decode(text, position)
        position = _skip(text, position, ",")


def record_line(text: str, section: str, index: int) -> int | None:
    """The line where record ``index`` of ``section`` begins in a backup's JSON text."""
    try:
        for key, _, position in _members(text):
            if key == section and text.startswith("[", position):
                for number, item in enumerate(_array_items(text, position)):
                    if number == index:
                        return _line(text, item)
                return None
    except (ValueError, IndexError):
        pass
    return None


def field_line(text: str, name: str) -> int | None:
    """The line of the top-level field ``name`` (``exported_at``, say) in a backup's text."""
    try:
        for key, start, _ in _members(text):
            if key == name:
                return _line(text, start)
    except (ValueError, IndexError):
        pass
    return None


def _repeated_where(text: str, key: str) -> Where:
    """Where a JSON object first gives a key twice: the top-level field, or the record."""
    strict = json.JSONDecoder(object_pairs_hook=_no_repeats)
    seen: set[str] = set()
    try:
        for name, start, position in _members(text):
            if name in seen:
                return Where(_line(text, start), field=name)
            seen.add(name)
            if name in SECTIONS and text.startswith("[", position):
                for index, item in enumerate(_array_items(text, position)):
                    try:
                        strict.raw_decode(text, item)
                    except _Repeated as repeated:
                        return Where(_line(text, item), _record_label(name, index),
                                     repeated.key)
                continue
            try:
                strict.raw_decode(text, position)
            except _Repeated as repeated:
                return Where(_line(text, position), field=f"{name} {repeated.key}")
    except (ValueError, IndexError):
        pass
    return Where(field=key)


_PLAIN_ERRORS: dict[str, Callable[[dict], str]] = {
    "missing": lambda _ctx: "is missing",
    "extra_forbidden": lambda _ctx: "isn't something a Solace backup has",
    "less_than_equal": lambda ctx: f"should be at most {ctx.get('le')}",
    "greater_than_equal": lambda ctx: f"should be at least {ctx.get('ge')}",
    "less_than": lambda ctx: f"should be less than {ctx.get('lt')}",
    "greater_than": lambda ctx: f"should be more than {ctx.get('gt')}",
    "int_type": lambda _ctx: "should be a whole number",
    "int_parsing": lambda _ctx: "should be a whole number",
    "int_from_float": lambda _ctx: "should be a whole number",
    "bool_type": lambda _ctx: "should be true or false",
    "bool_parsing": lambda _ctx: "should be true or false",
    "string_type": lambda _ctx: "should be text",
    "string_too_long": lambda ctx: f"should be at most {ctx.get('max_length')} characters",
    "too_long": lambda ctx: f"should have at most {ctx.get('max_length')} items",
    "date_from_datetime_parsing": lambda _ctx: "should be a date like 2026-03-01",
    "date_parsing": lambda _ctx: "should be a date like 2026-03-01",
    "datetime_from_date_parsing": lambda _ctx: "should be a date and time like "
                                               "2026-03-01T19:30:00Z",
    "datetime_parsing": lambda _ctx: "should be a date and time like 2026-03-01T19:30:00Z",
    "timezone_aware": lambda _ctx: "needs its time zone, like 2026-03-01T19:30:00Z",
    "time_parsing": lambda _ctx: "should be a time of day like 19:30",
    "literal_error": lambda ctx: f"should be {ctx.get('expected')}",
    "enum": lambda ctx: f"should be {ctx.get('expected')}",
}


def plain_error(error: dict) -> str:
    """A pydantic error in plain words."""
    wording = _PLAIN_ERRORS.get(error["type"])
    if wording is not None:
        return wording(error.get("ctx") or {})
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def _field_path(parts: Sequence[object]) -> str:
    words = [f"item {part + 1}" if isinstance(part, int) else str(part) for part in parts]
    return " ".join(words)


@dataclass(frozen=True)
class Where:
    """A place in a file, for messages: "Line 15, session 12 (“Evening”), field “notes”"."""

    line: int | None = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"Line {self.line}")
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field “{self.field}”")
        text = ", ".join(parts) or "The file"
        return text[:1].upper() + text[1:]


def bad(where: Where, what: str) -> Problem:
    return _refuse(f"{where}: {what}.")


def _record_label(section: str, index: int) -> str:
    return f"{ONE_RECORD[section]} {index + 1}"


def _json_problem(text: str, error: ValidationError) -> Problem:
    first = error.errors(include_url=False)[0]
    loc = list(first["loc"])
    if loc and loc[0] in SECTIONS and len(loc) > 1 and isinstance(loc[1], int):
        section, index = str(loc[0]), int(loc[1])
        where = Where(record_line(text, section, index), _record_label(section, index),
                      _field_path(loc[2:]) or None)
    else:
        where = Where(field=_field_path(loc) or None)
    return bad(where, plain_error(first))


# Reading: the backup ----------------------------------------------------------------------------

def _check_version(found: dict) -> None:
    version = found.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise bad(Where(field="schema_version"), "should be a whole number from 1")
    if version > SCHEMA_VERSION:
        raise _refuse(f"This backup was made by a newer Solace (schema version {version}; "
                      f"this one reads up to {SCHEMA_VERSION}). Update Solace to restore it.")


def _upgrade(found: dict) -> dict:
    """A file of an older schema version in this version's shape. Versions 1 and 2 wrote
    sessions and check-ins with two flags, ``is_sample`` (for sessions always false) and
    ``sample`` (the one the import read): ``sample`` is kept, as ``is_sample``."""
    if found["schema_version"] > SAMPLE_FIELD_UNTIL:
        return found
    for section in ("sessions", "checkins"):
        records = found.get(section)
        if not isinstance(records, list):
            continue  # validation says what is wrong with it
        found[section] = [
            {**{k: v for k, v in record.items() if k not in ("sample", "is_sample")},
             "is_sample": record["sample"]}
            if isinstance(record, dict) and "sample" in record else record
            for record in records]
    return found


def parse_backup(text: str) -> Backup:
    found = parse_json(text)
    _check_version(found)
    found = _upgrade(found)
    try:
        return Backup.model_validate(found)
    except ValidationError as error:
        raise _json_problem(text, error) from None


@dataclass(frozen=True)
class Located:
    """Where each record of a section came from, for messages after parsing."""

    text: str | None = None  # the JSON text, or None for a CSV
    lines: dict[str, list[int]] | None = None  # CSV: the line of each record

    def where(self, section: str, index: int, field: str | None = None,
              name: str | None = None) -> Where:
        if self.lines is not None:
            line = self.lines.get(section, [])[index]
            return Where(line, None, field)
        line = record_line(self.text, section, index) if self.text else None
        label = _record_label(section, index) + (f" (“{name}”)" if name else "")
        return Where(line, label, field)


def _duplicates(records: Sequence[object], key: Callable[[Any], object]
                ) -> tuple[int, int] | None:
    seen: dict[object, int] = {}
    for index, record in enumerate(records):
        found = seen.setdefault(key(record), index)
        if found != index:
            return found, index
    return None


DUPLICATE_KEYS: dict[str, tuple[Callable[[Any], object], Callable[[Any], str]]] = {
    "routines": (lambda r: name_key(r.name), lambda r: f"the same name, “{r.name}”"),
    "runs": (lambda r: r.key, lambda r: f"the same key, {r.key}"),
    "sessions": (lambda s: (s.started_at, name_key(s.routine_name)),
                 lambda s: f"the same session ({s.routine_name} at {_utc(s.started_at)})"),
    "checkins": (lambda c: c.day, lambda c: f"the same day, {c.day.isoformat()}"),
    "plan": (lambda s: (s.weekday, s.at), lambda s: f"the same time, {s.label}"),
    "experiments": (lambda e: (e.start, e.seed),
                    lambda e: f"the same start, {e.start.isoformat()}, and seed"),
}


def _check_duplicates(backup: Backup, located: Located) -> None:
    for section, (key, describe) in DUPLICATE_KEYS.items():
        records = getattr(backup, section)
        pair = _duplicates(records, key)
        if pair is None:
            continue
        first, second = pair
        where = located.where(section, second)
        earlier = located.where(section, first)
        at = f"line {earlier.line}" if earlier.line else earlier.record
        raise bad(where, f"this {ONE_RECORD[section]} repeats the one at {at} "
                         f"({describe(records[second])}); a file holds each once")


def _check_future(backup: Backup, located: Located, now: datetime, latest: date) -> None:
    soon = now + timedelta(seconds=limits.FUTURE_GRACE_SECONDS)
    if backup.exported_at > soon:  # a backup made later than now: a clock or an edit is off
        line = field_line(located.text, "exported_at") if located.text else None
        raise bad(Where(line, field="exported_at"),
                  f"{_utc(backup.exported_at)} is in the future")
    checks: list[tuple[str, str, Callable[[Any], bool]]] = [
        ("sessions", "ended_at", lambda s: s.ended_at > soon),
        ("runs", "created_at", lambda r: r.created_at > soon),
        ("checkins", "day", lambda c: c.day > latest),
        ("plan", "since", lambda s: s.since > latest + timedelta(days=1)),  # may start tomorrow
        ("experiments", "created_at", lambda e: e.created_at > soon),
    ]
    for section, field, in_future in checks:
        for index, record in enumerate(getattr(backup, section)):
            if in_future(record):
                value = getattr(record, field)
                shown = value.isoformat() if isinstance(value, date) and not isinstance(
                    value, datetime) else _utc(value)
                raise bad(located.where(section, index, field,
                                        getattr(record, "routine_name", None)),
                          f"{shown} is in the future")


def _check_routines(backup: Backup, located: Located, catalog: Catalog) -> None:
    for index, record in enumerate(backup.routines):
        routine = Routine(name=record.name, steps=record.steps,
                          switch_pause_seconds=record.switch_pause_seconds)
        try:
            clean_name(record.name)
            check_steps(routine, catalog)
        except Problem as problem:
            field = problem.field
            if field.startswith("step-"):
                field = f"steps item {int(field.removeprefix('step-')) + 1}"
            raise bad(located.where("routines", index, field, record.name),
                      problem.message.rstrip(".")) from None


def _check_runs(backup: Backup, located: Located) -> None:
    keys = {run.key for run in backup.runs}
    for index, session in enumerate(backup.sessions):
        if session.run is not None and session.run not in keys:
            raise bad(located.where("sessions", index, "run"),
                      f"names run {session.run}, which isn't in the file")
    active = [index for index, run in enumerate(backup.runs) if run.status == "active"]
    if len(active) > 1:
        raise bad(located.where("runs", active[1], "status"),
                  "only one run can be in progress at a time")


def check_backup(backup: Backup, located: Located, catalog: Catalog, now: datetime,
                 latest: date) -> Backup:
    """The backup, if every record makes sense together; ``Problem`` for the first that
    doesn't. ``now`` is aware; ``latest`` the latest day that has begun anywhere."""
    _check_duplicates(backup, located)
    _check_future(backup, located, now, latest)
    _check_routines(backup, located, catalog)
    _check_runs(backup, located)
    return backup


# Reading: a CSV of check-ins -------------------------------------------------------------------

def _csv_bool(value: str) -> bool:
    word = value.strip().lower()
    if word not in BOOL_WORDS:
        raise ValueError("should be yes or no")
    return BOOL_WORDS[word]


def _csv_answer(value: str) -> bool | None:
    """Yes, no, or blank for not answered."""
    return _csv_bool(value) if value.strip() else None


def _csv_text(value: str) -> str | None:
    return value.strip() or None


def _csv_number(value: str) -> int | float | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text.replace(",", ".", 1) if "." not in text else text)  # 8,5 too
    except ValueError:
        raise ValueError(f"“{text}” isn't a number") from None
    return int(number) if number.is_integer() else number


def _csv_day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"“{value.strip()}” isn't a date like 2026-03-01") from None


def _csv_notes(value: str) -> str:
    """Notes as typed: the apostrophe the export put before a formula-like start goes."""
    if value.startswith("'") and _formula_like(value):
        return value[1:]
    return value


CSV_READERS: dict[str, Callable[[str], object]] = {
    "day": _csv_day, "socks": _csv_bool, "sample": _csv_bool, "notes": _csv_notes,
    "plan_followed": _csv_answer, "done_instead": _csv_text,
    **{name: _csv_number for name in ("stress", "swelling", "pain", "sleep", "sock_hours",
                                      "pulse", "systolic", "diastolic")},
}


CSV_FIELDS = {"sample": "is_sample"}  # a CSV column and the field it fills, where they differ


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it begins on (a note can span lines). Cells are separated by
    commas, or by semicolons as spreadsheets set to a decimal comma save them."""
    header = text.split("\n", 1)[0]
    delimiter = ";" if ";" in header and "," not in header else ","
    # strict: a quote that is never closed is an error, not the rest of the file in one cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise bad(Where(line), "a quote (\") opens a cell here that is never closed, so the "
                                   "rest of the file would be read as one cell; close it or "
                                   "remove it") from None
        raise _refuse(f"Line {reader.line_num}: the CSV can't be read ({error}).") from None


def _csv_header(line: int, row: list[str]) -> list[str]:
    header = [cell.strip().lower() for cell in row]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        need = ", ".join(REQUIRED_COLUMNS)
        raise _refuse(f"Line {line}: the CSV has no “{missing[0]}” column. A CSV of check-ins "
                      f"needs at least these columns: {need}.")
    return header


def _csv_record(header: list[str], line: int, row: list[str]) -> CheckInRecord:
    if len(row) != len(header):
        raise bad(Where(line), f"this row has {len(row)} cells where the header has "
                               f"{len(header)}")
    values: dict[str, object] = {}
    for name, cell in zip(header, row, strict=True):
        reader = CSV_READERS.get(name)
        if reader is None:
            continue  # a column Solace doesn't use
        try:
            values[CSV_FIELDS.get(name, name)] = reader(cell)
        except ValueError as error:
            raise bad(Where(line, field=name), str(error)) from None
    values = {name: value for name, value in values.items() if value is not None}
    try:
        return CheckInRecord.model_validate(values)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = _field_path(first["loc"]) or None
        raise bad(Where(line, field=field), plain_error(first)) from None


def parse_checkins_csv(text: str, exported_at: datetime) -> tuple[Backup, Located]:
    rows = _csv_rows(text)
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        raise _refuse("The CSV is empty: it needs a header line and a check-in a line.")
    header = _csv_header(*first)
    records, lines = [], []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank lines, as spreadsheets leave at the end
        records.append(_csv_record(header, line, row))
        lines.append(line)
    if not records:
        raise _refuse("The CSV has a header but no check-ins.")
    backup = Backup(exported_at=exported_at, checkins=tuple(records))
    return backup, Located(lines={"checkins": lines})


# Reading: any file ------------------------------------------------------------------------------

FileKind = Literal["backup", "checkins"]


def _kind(name: str, data: bytes) -> FileKind:
    """Told from the first bytes (and the name), before any decoding: a picture or a PDF is
    the wrong kind of file, not a text in the wrong encoding."""
    head = data[:4096]
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if start in (b"{", b"["):
        return "backup"
    looks_like_text = b"\x00" not in head and not head.startswith(b"%PDF")
    first_line = head.split(b"\n", 1)[0]
    if looks_like_text and (name.lower().endswith(".csv") or b"," in first_line
                            or b";" in first_line):
        return "checkins"
    raise _refuse("This file isn't a Solace backup (.json) or a CSV of check-ins (.csv).")


def read_file(name: str, data: bytes, catalog: Catalog, now: datetime, latest: date
              ) -> tuple[FileKind, Backup]:
    """What a file holds, checked through; ``Problem`` for the first thing wrong with it.

    ``name`` is the file's name (its extension helps tell a CSV); ``now`` is aware; ``latest``
    the latest day that has begun anywhere (no record may be later).
    """
    _check_size(len(data))
    if data.startswith(b"PK\x03\x04"):
        name, data = unzip(data)
    elif data.startswith(b"PK"):
        raise _refuse("The zip file is damaged or incomplete.")
    if not data.strip():
        raise _refuse("The file is empty.")
    _not_utf16(data)
    kind = _kind(name, data)
    text = decode(data)
    if kind == "backup":
        backup, located = parse_backup(text), Located(text=text)
    else:
        backup, located = parse_checkins_csv(text, now)
    return kind, check_backup(backup, located, catalog, now, latest)
