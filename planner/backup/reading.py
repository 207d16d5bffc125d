"""Reading a file back, trusting nothing: its size, a zip's expanded size and ratio, the text
encoding, the JSON's nesting, repeated fields and over-long numbers, the schema version, every
value (with the limits the forms use), dates in the future and records repeated in the file.
The first problem found is one ``Problem`` whose message says what is wrong and where (line,
record, field).

Memory: the file's bytes are the only copy of it. Counts, nesting, the longest text and UTF-8
are checked on the bytes a megabyte at a time; a backup's JSON is read record by record
(ijson), each record checked and kept only as its model, so a file of one record repeated is
refused at the second; a CSV is decoded a line at a time. ``planner.tools.bench --only backup``
measures hostile files (planner/tools/hostile.py).
"""

from __future__ import annotations

import codecs
import functools
import io
import json
import logging
import lzma
import re
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

import ijson
import numpy as np
from pydantic import ValidationError

from planner.backup.model import (
    FORMAT,
    ONE_RECORD,
    SAMPLE_FIELD_UNTIL,
    SCHEMA_VERSION,
    SECTIONS,
    Backup,
    CheckInRecord,
    ExperimentRecord,
    MeasureRecord,
    RoutineRecord,
    RunRecord,
    SessionRecord,
    SlotRecord,
    Where,
    bad,
    field_path,
    plain_error,
    record_label,
    refused,
    utc_text,
)
from planner.backup.spreadsheet import parse_checkins_csv
from planner.catalog.model import Catalog
from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.routines.model import Routine, TimedStep, check_steps, clean_name, name_key
from planner.runs.model import Run, session_from_run
from planner.runs.timer import Action

_LOG = logging.getLogger(__name__)


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def _check_size(size: int, what: str = "The file") -> None:
    if size > limits.IMPORT_BYTES_MAX:
        raise refused(f"{what} is {_size(size)}; Solace imports files up to "
                      f"{_size(limits.IMPORT_BYTES_MAX)}.")


def _member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The file to read from a zip: a backup, else the check-ins of a CSV export."""
    files = [info for info in archive.infolist() if not info.is_dir()]
    if len(files) > limits.ZIP_FILES_MAX:
        raise refused(f"The zip holds {len(files)} files; a Solace export has a few.")
    total = sum(info.file_size for info in files)
    _check_size(total, "Unpacked, the zip")
    for info in files:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.ZIP_RATIO_MAX:
            raise refused(f"In the zip, {info.filename} would expand {ratio:,.0f} times "
                          f"(to {_size(info.file_size)}); files that expand more than "
                          f"{limits.ZIP_RATIO_MAX} times are refused.")
    names = {info.filename.rsplit("/", 1)[-1].lower(): info for info in files}
    for wanted in ("backup.json", "checkins.csv"):
        if wanted in names:
            return names[wanted]
    found = [info for info in files if info.filename.lower().endswith((".json", ".csv"))]
    if len(found) == 1:
        return found[0]
    raise refused("The zip has no Solace backup (a .json file) or checkins.csv in it.")


def unzip(data: bytes) -> tuple[str, bytes]:
    """The one file to import from a zip, read without trusting its headers."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = _member(archive)
            with archive.open(info) as member:
                content = member.read(min(info.file_size, limits.IMPORT_BYTES_MAX) + 1)
    except zipfile.BadZipFile as error:
        raise refused(f"The zip file is damaged or incomplete ({error}).") from None
    except (zlib.error, lzma.LZMAError, EOFError, OSError):  # its packed data is damaged
        raise refused("The zip file is damaged: a file in it can't be unpacked.") from None
    except NotImplementedError:
        raise refused("The zip is packed in a way Solace can't unpack; unpack it first, or "
                      "zip it again with your computer's own zip.") from None
    except RuntimeError:  # encrypted
        raise refused("The zip is protected by a password; unpack it first.") from None
    if len(content) > info.file_size:
        raise refused(f"In the zip, {info.filename} is bigger than the zip says.")
    return info.filename, content


def _not_utf16(data: bytes) -> None:
    # UTF-32's mark begins as UTF-16's does, so it is looked for first.
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise refused("The file is UTF-32 text; save it as UTF-8 (“CSV UTF-8” in most "
                      "spreadsheets) and try again.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refused("The file is UTF-16 text; save it as UTF-8 (“CSV UTF-8” in most "
                      "spreadsheets) and try again.")


def _not_utf8(data: bytes, error: UnicodeDecodeError, start: int = 0) -> Problem:
    at = start + error.start
    line = data.count(b"\n", 0, at) + 1
    return refused(f"Line {line} isn't UTF-8 text (byte {at + 1}): save the file as UTF-8 "
                   "(“CSV UTF-8” in most spreadsheets) and try again.")


def check_utf8(data: bytes) -> None:
    """``Problem`` naming the line unless the bytes are UTF-8 text, checked a piece at a time
    (a decoded copy of the whole can be four times the file)."""
    _not_utf16(data)
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        pending = len(decoder.getstate()[0])  # the end of a character cut at the last piece
        try:
            decoder.decode(view[start:start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            raise _not_utf8(data, error, start - pending) from None


_STRINGS = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_STRINGS_BYTES = re.compile(_STRINGS.pattern.encode())
_CHUNK = 1 << 20  # bytes looked at at once: what a check costs beside the file


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


def check_counts(data: bytes, kind: FileKind) -> None:
    """``Problem`` for a file with far more lines, objects or values than any real one, found
    by counting bytes before anything is parsed (parsing millions of tiny records costs
    gigabytes of memory before it can say what is wrong with them)."""
    if kind == "checkins":
        lines = data.count(b"\n") + (not data.endswith(b"\n"))
        if lines > limits.IMPORT_CSV_LINES_MAX:
            raise refused(f"The CSV has {lines:,} lines; Solace reads up to "
                          f"{limits.IMPORT_CSV_LINES_MAX:,} (a check-in a day for more than "
                          "a hundred years).")
        return
    objects = data.count(b"{")
    values = data.count(b",") + data.count(b"[") + objects
    if objects <= limits.IMPORT_JSON_OBJECTS_MAX and values <= limits.IMPORT_JSON_VALUES_MAX:
        return  # quick: brackets and commas inside texts counted too
    texts = (data.count(b'"') - data.count(b'\\"')) // 2  # every text is a value itself
    if texts > limits.IMPORT_JSON_VALUES_MAX:
        raise refused(_too_many_values(texts))
    for text in _STRINGS_BYTES.finditer(data):  # not counting what texts hold (no copy)
        inside = text.group().count(b"{")
        objects -= inside
        values -= inside + text.group().count(b",") + text.group().count(b"[")
    if objects > limits.IMPORT_JSON_OBJECTS_MAX:
        raise refused(f"The file holds {objects:,} JSON objects; a Solace backup of ten years "
                      f"holds about 11,000, and Solace reads up to "
                      f"{limits.IMPORT_JSON_OBJECTS_MAX:,}.")
    if values > limits.IMPORT_JSON_VALUES_MAX:
        raise refused(_too_many_values(values))


def _too_many_values(values: int) -> str:
    return (f"The file holds at least {values:,} JSON values and field names; a Solace backup "
            f"of ten years holds about 200,000, and Solace reads up to "
            f"{limits.IMPORT_JSON_VALUES_MAX:,}.")


VALUE_BYTES_MAX = 64 * 1024  # a note of 2,000 emoji, each spelled as escapes, is 24,000


def _longest_run(data: bytes) -> tuple[int, int]:
    """The longest stretch of the file without a quote mark ("), and where it begins:
    counted a piece at a time, so a file of nothing but quotes costs no more memory."""
    longest, start, last = 0, 0, -1
    for begin in range(0, len(data), _CHUNK):
        chunk = np.frombuffer(data, np.uint8, count=min(_CHUNK, len(data) - begin),
                              offset=begin)
        quotes = np.flatnonzero(chunk == 0x22) + begin
        if quotes.size:
            stops = np.concatenate(([last], quotes))
            gaps = np.diff(stops)
            at = int(np.argmax(gaps))
            if gaps[at] > longest:
                longest, start = int(gaps[at]), int(stops[at]) + 1
            last = int(quotes[-1])
    if len(data) - last > longest:
        longest, start = len(data) - last - 1, last + 1
    return longest, start


def check_value_lengths(data: bytes) -> None:
    """``Problem`` for a text (or anything between two quote marks) longer than any in a
    backup, found before parsing: the parser would build it whole, and slowly."""
    longest, start = _longest_run(data)
    if longest > VALUE_BYTES_MAX:
        line = data.count(b"\n", 0, start) + 1
        raise refused(f"Line {line}: a text or value runs over {longest:,} bytes; nothing in "
                      f"a Solace backup is near that long (a note is at most "
                      f"{limits.NOTES_MAX_LENGTH:,} characters).")


def check_nesting(text: str | bytes, limit: int = limits.IMPORT_JSON_DEPTH_MAX) -> None:
    """``Problem`` for JSON nested deeper than ``limit`` (brackets inside strings aside).
    Given the file's bytes, no copy of the text is made."""
    raw = text if isinstance(text, bytes) else text.encode()
    if _deeper_than(raw, limit) is None:  # quick: strings counted too
        return
    line = _deeper_than(_STRINGS_BYTES.sub(b'""', raw), limit)
    if line is not None:
        raise refused(f"Line {line}: the JSON is nested more than {limit} levels deep; a "
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


def _json_syntax_problem(text: str, raw: bytes) -> Problem:
    """In words, what makes the file's JSON invalid: found again by Python's own parser on
    ``text`` (the file's bytes one character each, so no copy grows), which keeps no
    object it reads and says where it stopped."""
    keep_nothing = json.JSONDecoder(object_pairs_hook=lambda pairs: None,
                                    parse_constant=_no_constant)
    try:
        keep_nothing.decode(text)
    except json.JSONDecodeError as error:
        end = text.rstrip()
        if error.pos >= len(end) or (end.lstrip().startswith("{") and not end.endswith("}")):
            return refused(f"The file ends too early, at line {end.count(chr(10)) + 1}: it "
                           "was probably cut short while saving or downloading.")
        line_start = text.rfind("\n", 0, error.pos) + 1
        column = len(raw[line_start:error.pos].decode("utf-8", "replace")) + 1
        return refused(f"Line {error.lineno}, column {column}: this isn't valid JSON "
                       f"({error.msg.lower().removesuffix(' at')}).")
    except ValueError:  # NaN, Infinity, or a whole number longer than Python converts
        pass
    return refused(_unreadable_number(text))


def _no_constant(name: str) -> None:
    raise ValueError(name)


class _BytesReader:
    """The file's bytes (past a byte-order mark) as ijson reads them, a piece at a time and
    without a copy of the whole."""

    def __init__(self, data: bytes):
        self._view = memoryview(data)
        self._at = 3 if data.startswith(b"\xef\xbb\xbf") else 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size < 0 else self._at + size
        piece = bytes(self._view[self._at:end])
        self._at += len(piece)
        return piece


def _value(event: str, value: Any, events: Iterator[tuple[str, Any]]) -> Any:
    """One JSON value built from ijson's events, refusing an object that gives a key twice
    (JSON itself would keep the last one without a word, so an edited file could say two
    things at once). The nesting was checked first, so the recursion is shallow; a plain
    value is taken as it comes (most are: the loop is the reading's own cost)."""
    if event == "start_map":
        found: dict[str, Any] = {}
        for event, key in events:
            if event == "end_map":
                return found
            event, item = next(events)
            if event in _OPENING:
                item = _value(event, item, events)
            if key in found:
                raise _Repeated(key)
            found[key] = item
    if event == "start_array":
        items = []
        for event, item in events:
            if event == "end_array":
                return items
            items.append(_value(event, item, events) if event in _OPENING else item)
    return value


_OPENING = frozenset(("start_map", "start_array"))


_PLURAL = {"routines": "routines", "runs": "runs", "sessions": "sessions",
           "checkins": "check-ins", "plan": "plan entries", "experiments": "experiments",
           "measures": "daily measures"}
RECORD_MODELS = {"routines": RoutineRecord, "runs": RunRecord, "sessions": SessionRecord,
                 "checkins": CheckInRecord, "plan": SlotRecord, "experiments": ExperimentRecord,
                 "measures": MeasureRecord}


def _header(data: bytes) -> dict:
    """The backup's ``format`` and ``schema_version``, read before any record is (a file
    written by Solace gives them first, so this reads two fields; one edited by hand, with
    them later, is read through once more without building anything)."""
    found: dict[str, Any] = {}
    depth, key = 0, None
    for event, value in ijson.basic_parse(_BytesReader(data), use_float=True):
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
        elif depth == 1 and event == "map_key":
            key = value
            continue
        elif depth == 1 and key in ("format", "schema_version"):
            found.setdefault(key, value)
            if len(found) == 2:
                break
        key = None
    return found


class _Sections:
    """The records of each section as they are read, each checked on its own against its
    model (and for repeating an earlier one) and kept only as that model: the file is never
    held whole as Python objects, so its worst case costs a little more than its bytes."""

    def __init__(self, version: int, located: Located):
        self.version, self.located = version, located
        self.kept: dict[str, list] = {}
        self._keys: dict[str, dict[object, int]] = {}

    def add(self, section: str, record: Any) -> None:
        records = self.kept.setdefault(section, [])
        index = len(records)
        if index == limits.IMPORT_RECORDS_MAX:
            raise refused(f"The file holds more than {limits.IMPORT_RECORDS_MAX:,} "
                          f"{_PLURAL[section]}; ten years of a Solace backup hold a few "
                          "thousand, and Solace reads up to that many.")
        if (self.version <= SAMPLE_FIELD_UNTIL and section in ("sessions", "checkins")
                and isinstance(record, dict) and "sample" in record):
            record = {**{k: v for k, v in record.items() if k not in ("sample", "is_sample")},
                      "is_sample": record["sample"]}
        try:
            model = RECORD_MODELS[section].model_validate(record)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise _record_problem(self.located, section, index, first) from None
        key = DUPLICATE_KEYS[section][0](model)
        earlier = self._keys.setdefault(section, {}).setdefault(key, index)
        if earlier != index:
            raise _repeated_record(self.located, section, earlier, index, model)
        records.append(model)


def _stream_backup(data: bytes, located: Located) -> Backup:
    header = _header(data)
    if header.get("format") != FORMAT:
        raise refused("This JSON file isn't a Solace backup (it has no "
                      f"\"format\": \"{FORMAT}\").")
    _check_version(header)
    sections = _Sections(header["schema_version"], located)
    found: dict[str, Any] = {}
    header_checked = False
    events = ijson.basic_parse(_BytesReader(data), use_float=True)
    next(events)  # the backup's {, known to be there
    for event, key in events:
        if event == "end_map":
            break
        event, value = next(events)
        if key in found:
            raise _Repeated(key)
        if key in SECTIONS and event == "start_array":
            if not header_checked:
                _check_header(found, located)
                header_checked = True
            for event, value in events:
                if event == "end_array":
                    break
                sections.add(key, _value(event, value, events))
            found[key] = tuple(sections.kept.get(key, ()))
        else:
            found[key] = _value(event, value, events)
    for _ in events:  # anything after the backup's } is an error, raised here
        pass
    try:
        return Backup.model_validate(found)
    except ValidationError as error:
        raise _backup_problem(located, error) from None


def _check_header(found: dict, located: Located) -> None:
    """The header's fields read so far, checked before the first record is (so a wrong
    ``exported_at`` is said before any record's problem, as the file gives them)."""
    try:
        Backup.model_validate({"exported_at": "2000-01-01T00:00:00Z", **found})
    except ValidationError as error:
        raise _backup_problem(located, error) from None


def parse_backup(data: bytes | str) -> Backup:
    """A backup file's JSON read record by record (ijson), with each record checked as it
    comes; ``Problem`` for the first thing wrong, saying where."""
    raw = data.encode() if isinstance(data, str) else data
    check_nesting(raw)
    check_value_lengths(raw)
    if _SURROGATE_ESCAPE_BYTES.search(raw):  # the parser would put "?" for half a character
        _no_lone_surrogates(raw.decode("latin-1"))
    located = Located(raw=raw)
    try:
        return _stream_backup(raw, located)
    except _Repeated as repeated:
        raise bad(_repeated_where(located.text, repeated.key),
                  "is given twice; a file gives each field once") from None
    except ijson.JSONError:
        raise _json_syntax_problem(located.text, raw) from None


# An escape, not the text "\\u..." typed in a note (an even number of backslashes before it).
_SURROGATE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


_SURROGATE_ESCAPE_BYTES = re.compile(_SURROGATE_ESCAPE.pattern.encode())


def _no_lone_surrogates(text: str) -> None:
    """JSON can spell half a character ("\\ud800"): no database can store it. Refused before
    the file is read (the parser would quietly put "?" in its place)."""
    line = _lone_surrogate_line(text)
    if line is not None:
        raise refused(f"Line {line}: a text holds half of a character (an escape such as "
                      "\\ud800 without its other half), which can't be stored.")


def _lone_surrogate_line(text: str) -> int | None:
    """The line of the first escape that isn't half of a pair (high, then low right after)."""
    escapes = list(_SURROGATE_ESCAPE.finditer(text))
    for index, escape in enumerate(escapes):
        if int(escape.group(1), 16) < 0xDC00:  # a high half: its low half must come next
            after = escapes[index + 1] if index + 1 < len(escapes) else None
            paired = after is not None and after.start() == escape.end() and int(
                after.group(1), 16) >= 0xDC00
        else:  # a low half: its high half must come just before
            before = escapes[index - 1] if index else None
            paired = before is not None and before.end() == escape.start() and int(
                before.group(1), 16) < 0xDC00
        if not paired:
            return _line(text, escape.start())
    return None


_BIG_NUMBER = re.compile(r"(?<![\w.+-])(?:-?\d{19,}|-?\d+(?:\.\d+)?[eE]\+?\d{3,}|NaN|-?Infinity)"
                         r"(?![\w.])")


def _unreadable_number(text: str) -> str:
    """Why JSON that Python reads (or stops at a number in) can't be read: a number longer
    than Python converts, one past what the parser holds (19 digits and more: no backup has
    one), or NaN or Infinity, which JSON doesn't have."""
    limit = sys.get_int_max_str_digits()
    blanked = _STRINGS.sub('""', text)  # digits inside text are fine; lines stay as they are
    long = re.compile(rf"(?<![\w.+-])-?\d{{{limit + 1},}}(?![\w.])").search(blanked)
    if long:
        return (f"Line {_line(blanked, long.start())}: a number is "
                f"{len(long.group().lstrip('-')):,} digits long; Solace reads numbers of up to "
                f"{limit:,} digits, and no number in a backup comes near that.")
    big = _BIG_NUMBER.search(blanked)
    if big is None:
        return "This isn't valid JSON."
    where = f"Line {_line(blanked, big.start())}"
    if big.group().lstrip("-").isalpha():
        return f"{where}: {big.group()} isn't a number JSON has."
    return f"{where}: {big.group()[:12]}… is a number far bigger than any in a backup."


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
                        return Where(_line(text, item), record_label(name, index),
                                     repeated.key)
                continue
            try:
                strict.raw_decode(text, position)
            except _Repeated as repeated:
                return Where(_line(text, position), field=f"{name} {repeated.key}")
    except (ValueError, IndexError):
        pass
    return Where(field=key)


# Reading: the backup ----------------------------------------------------------------------------

def _check_version(found: dict) -> None:
    version = found.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise bad(Where(field="schema_version"), "should be a whole number from 1")
    if version > SCHEMA_VERSION:
        raise refused(f"This backup was made by a newer Solace (schema version {version}; "
                      f"this one reads up to {SCHEMA_VERSION}). Update Solace to restore it.")


@dataclass(frozen=True)
class Located:
    """Where each record of a section came from, for messages after parsing."""

    raw: bytes | None = None  # the JSON file's bytes, or None for a CSV
    lines: dict[str, list[int]] | None = None  # CSV: the line of each record

    @functools.cached_property
    def text(self) -> str | None:
        """The JSON's bytes as text of one character a byte, made only for a message: lines
        and JSON's own punctuation are where they are, and it costs the file's size, never
        the four times a decoded text can."""
        return None if self.raw is None else self.raw.decode("latin-1")

    def where(self, section: str, index: int, field: str | None = None,
              name: str | None = None) -> Where:
        if self.lines is not None:
            line = self.lines.get(section, [])[index]
            return Where(line, None, field)
        line = record_line(self.text, section, index) if self.text else None
        label = record_label(section, index) + (f" (“{name}”)" if name else "")
        return Where(line, label, field)


def _record_problem(located: Located, section: str, index: int, error: dict) -> Problem:
    """A record's first validation error, in words and in place."""
    return bad(located.where(section, index, field_path(error["loc"]) or None),
               plain_error(error))


def _backup_problem(located: Located, error: ValidationError) -> Problem:
    first = error.errors(include_url=False)[0]
    loc = list(first["loc"])
    if loc and loc[0] in SECTIONS and len(loc) > 1 and isinstance(loc[1], int):
        return _record_problem(located, str(loc[0]), int(loc[1]), {**first, "loc": loc[2:]})
    return bad(Where(field=field_path(loc) or None), plain_error(first))


def _repeated_record(located: Located, section: str, first: int, second: int,
                     record: Any) -> Problem:
    where = located.where(section, second)
    earlier = located.where(section, first)
    at = f"line {earlier.line}" if earlier.line else earlier.record
    describe = DUPLICATE_KEYS[section][1]
    return bad(where, f"this {ONE_RECORD[section]} repeats the one at {at} "
                      f"({describe(record)}); a file holds each once")


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
                 lambda s: f"the same session ({s.routine_name} at {utc_text(s.started_at)})"),
    "checkins": (lambda c: c.day, lambda c: f"the same day, {c.day.isoformat()}"),
    "plan": (lambda s: (s.weekday, s.at), lambda s: f"the same time, {s.label}"),
    "experiments": (lambda e: (e.start, e.seed),
                    lambda e: f"the same start, {e.start.isoformat()}, and seed"),
    "measures": (lambda m: m.key,
                 lambda m: f"the same day, {m.day.isoformat()}, measure and source"),
}


def _check_duplicates(backup: Backup, located: Located) -> None:
    for section, (key, _) in DUPLICATE_KEYS.items():
        records = getattr(backup, section)
        pair = _duplicates(records, key)
        if pair is not None:
            raise _repeated_record(located, section, *pair, records[pair[1]])


def _check_future(backup: Backup, located: Located, now: datetime, latest: date) -> None:
    soon = now + timedelta(seconds=limits.FUTURE_GRACE_SECONDS)
    if backup.exported_at > soon:  # a backup made later than now: a clock or an edit is off
        line = field_line(located.text, "exported_at") if located.text else None
        raise bad(Where(line, field="exported_at"),
                  f"{utc_text(backup.exported_at)} is in the future")
    checks: list[tuple[str, str, Callable[[Any], bool]]] = [
        ("sessions", "ended_at", lambda s: s.ended_at > soon),
        ("runs", "created_at", lambda r: r.created_at > soon),
        ("checkins", "day", lambda c: c.day > latest),
        ("plan", "since", lambda s: s.since > latest + timedelta(days=1)),  # may start tomorrow
        ("experiments", "created_at", lambda e: e.created_at > soon),
        ("measures", "day", lambda m: m.day > latest),
    ]
    for section, field, in_future in checks:
        for index, record in enumerate(getattr(backup, section)):
            if in_future(record):
                value = getattr(record, field)
                shown = value.isoformat() if isinstance(value, date) and not isinstance(
                    value, datetime) else utc_text(value)
                raise bad(located.where(section, index, field,
                                        getattr(record, "routine_name", None)),
                          f"{shown} is in the future")


def _check_routines(backup: Backup, located: Located, catalog: Catalog) -> None:
    for index, record in enumerate(backup.routines):
        try:
            clean_name(record.name)  # first: a name can grow past the limit once tidied
            routine = Routine(name=record.name, steps=record.steps,
                              switch_pause_seconds=record.switch_pause_seconds)
            check_steps(routine, catalog)
        except Problem as problem:
            field = problem.field
            if field.startswith("step-"):
                field = f"steps item {int(field.removeprefix('step-')) + 1}"
            raise bad(located.where("routines", index, field, record.name),
                      problem.message.rstrip(".")) from None


def _check_runs(backup: Backup, located: Located, now: datetime) -> None:
    keys = {run.key for run in backup.runs}
    for index, session in enumerate(backup.sessions):
        if session.run is not None and session.run not in keys:
            raise bad(located.where("sessions", index, "run"),
                      f"names run {session.run}, which isn't in the file")
    active = [index for index, run in enumerate(backup.runs) if run.status == "active"]
    if len(active) > 1:
        raise bad(located.where("runs", active[1], "status"),
                  "only one run can be in progress at a time")
    for index, record in enumerate(backup.runs):
        problem = _plan_problem(record.plan)
        if problem:
            raise bad(located.where("runs", index, "plan", record.routine_name), problem)
    for index in active:
        record = backup.runs[index]
        problem = _in_progress_problem(record, now)
        if problem:
            raise bad(located.where("runs", index, "actions", record.routine_name), problem)


def _plan_problem(plan: Sequence[TimedStep]) -> str | None:
    """What makes a run's plan one no routine could have given, if anything."""
    if not plan:
        return "a run needs at least one step"
    if sum(not step.is_switch for step in plan) > 2 * limits.MAX_STEPS:
        return f"a run has at most {2 * limits.MAX_STEPS} steps (both feet counted)"
    if sum(step.seconds for step in plan) > limits.SESSION_SECONDS_MAX:
        return "it is longer than any routine can be"
    return None


def _in_progress_problem(record: RunRecord, now: datetime) -> str | None:
    """Why the Run page could neither resume this run nor log the part done, if it couldn't:
    it tries what "Log the part done" does, as if pressed now."""
    if not any(action.kind == "start" for action in record.actions):
        return "a run in progress needs a start among its actions"
    soon = now.timestamp() + limits.FUTURE_GRACE_SECONDS
    if any(action.at > soon for action in record.actions):
        return "an action is in the future"
    run = Run(id=1, routine_id=None, routine_name=record.routine_name, plan=record.plan,
              stress_before=record.stress_before, status="active",
              actions=tuple(Action(a.kind, a.at) for a in record.actions))
    ended = run.ended_by(now.timestamp())
    try:
        session_from_run(ended, ended.state(now.timestamp()), None, "")
    except (ValueError, Problem):  # a ValidationError is a ValueError
        return "it can't be logged as it is (its start, steps and times don't fit together)"
    return None


def check_backup(backup: Backup, located: Located, catalog: Catalog, now: datetime,
                 latest: date) -> Backup:
    """The backup, if every record makes sense together; ``Problem`` for the first that
    doesn't. ``now`` is aware; ``latest`` the latest day that has begun anywhere."""
    _check_duplicates(backup, located)
    _check_future(backup, located, now, latest)
    _check_routines(backup, located, catalog)
    _check_runs(backup, located, now)
    return backup


# Reading: a CSV of check-ins -------------------------------------------------------------------


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
    raise refused("This file isn't a Solace backup (.json) or a CSV of check-ins (.csv).")


def read_file(name: str, data: bytes, catalog: Catalog, now: datetime, latest: date
              ) -> tuple[FileKind, Backup]:
    """What a file holds, checked through; ``Problem`` for the first thing wrong with it.

    ``name`` is the file's name (its extension helps tell a CSV); ``now`` is aware; ``latest``
    the latest day that has begun anywhere (no record may be later).
    """
    try:
        return _read_file(name, data, catalog, now, latest)
    except Problem:
        raise
    except (ArithmeticError, LookupError, TypeError, UnicodeError, ValueError):
        # A file made to get past every check above: the person still gets words, and the
        # details go to the log for whoever can add the check it needs.
        _LOG.exception("a file got past the import checks: %s", name)
        raise refused("Solace couldn't make sense of this file.") from None


def _read_file(name: str, data: bytes, catalog: Catalog, now: datetime, latest: date
               ) -> tuple[FileKind, Backup]:
    _check_size(len(data))
    if data.startswith(b"PK\x03\x04"):
        name, data = unzip(data)
    elif data.startswith(b"PK"):
        raise refused("The zip file is damaged or incomplete.")
    if not data or data.isspace():  # (strip() would copy the whole file)
        raise refused("The file is empty.")
    _not_utf16(data)
    kind = _kind(name, data)
    check_counts(data, kind)
    check_utf8(data)
    if kind == "backup":
        backup, located = parse_backup(data), Located(raw=data)
    else:
        backup, lines = parse_checkins_csv(data, now)
        located = Located(lines={"checkins": lines})
    return kind, check_backup(backup, located, catalog, now, latest)
