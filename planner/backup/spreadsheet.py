"""The logs as spreadsheets: CSV files out (one a table, zipped) and a CSV of check-ins in.

Out: ISO dates, UTF-8 (with a byte-order mark, so spreadsheets pick the right encoding), and
text that would start a formula neutralised with a leading apostrophe. In: commas or
semicolons and decimal commas, as spreadsheets save them; every value checked with the limits
the forms use; the first problem is one message naming its line and field.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, tzinfo

from pydantic import ValidationError

from planner.backup.model import (
    Backup,
    CheckInRecord,
    MeasureRecord,
    RoutineRecord,
    SessionRecord,
    SlotRecord,
    Where,
    bad,
    field_path,
    plain_error,
    refused,
    utc_text,
)
from planner.journal.model import RATINGS, READINGS
from planner.schedule.model import WEEKDAYS
from planner.watch.model import MEASURES, day_values

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOOL_WORDS = {"yes": True, "no": False, "true": True, "false": False, "1": True, "0": False,
              "y": True, "n": False, "": False}


# The records of a backup -----------------------------------------------------------------------



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


CHECKIN_COLUMNS = ("day", *RATINGS, "socks", "sock_hours", *READINGS, "notes", "plan_followed",
                   "done_instead", "sample")
REQUIRED_COLUMNS = ("day", "stress")  # swelling, pain and the rest may be left out
SESSION_COLUMNS = ("date", "start", "started_at_utc", "ended_at_utc", "routine", "minutes",
                   "planned_minutes", "completed", "stress_before", "stress_after", "notes",
                   "logged_with", "sample")


def _checkin_row(record: CheckInRecord) -> list[object]:
    return [record.day.isoformat(), record.stress, _blank(record.swelling), _blank(record.pain),
            _blank(record.sleep), _yes(record.socks), _blank(record.sock_hours),
            _blank(record.pulse), _blank(record.systolic), _blank(record.diastolic),
            record.notes, "" if record.plan_followed is None else _yes(record.plan_followed),
            _blank(record.done_instead), _yes(record.is_sample)]


def _session_row(record: SessionRecord, zone: tzinfo) -> list[object]:
    local = record.started_at.astimezone(zone)
    return [local.date().isoformat(), f"{local:%H:%M}", utc_text(record.started_at),
            utc_text(record.ended_at), record.routine_name, round(record.actual_seconds / 60, 1),
            round(record.planned_seconds / 60, 1), _yes(record.completed),
            _blank(record.stress_before), _blank(record.stress_after), record.notes,
            "timer" if record.source == "timer" else "by hand", _yes(record.is_sample)]


# A watch's values: one row a day and one column a measure, as a spreadsheet charts them and
# as Insights compares them (several devices' values of a day made one, planner.watch.model).
WATCH_COLUMNS = ("day", "resting_heart_rate_bpm", "hrv_sdnn_ms", "sleep_minutes", "steps",
                 "sources")


def _watch_cell(measure: str, value: float | None) -> object:
    if value is None:
        return ""  # not measured that day
    # Heart readings are means with a decimal; minutes and steps are whole numbers.
    return round(value, 1) if measure in ("resting_hr", "hrv_sdnn") else round(value)


def _watch_rows(records: Sequence[MeasureRecord]) -> list[list[object]]:
    values = day_values(records)
    sources: dict[date, set[str]] = {}
    for record in records:
        sources.setdefault(record.day, set()).add(record.source)
    return [[day.isoformat(),
             *(_watch_cell(measure, values[measure].get(day)) for measure in MEASURES),
             "; ".join(sorted(sources[day]))]
            for day in sorted(sources)]


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
        "watch.csv": csv_text(WATCH_COLUMNS, _watch_rows(backup.measures)),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


# Reading: the file itself ------------------------------------------------------------------------

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
    **{name: _csv_number for name in (*RATINGS, "sock_hours", *READINGS)},
}


CSV_FIELDS = {"sample": "is_sample"}  # a CSV column and the field it fills, where they differ


def _text_lines(data: bytes) -> Iterator[str]:
    """The file's lines (with their line ends: \n, \r\n, or an old Mac's \r), decoded a
    piece at a time as they are needed: the file is never held whole as text, which can take
    four times its bytes. Its UTF-8 was checked. Split as ``csv`` expects (``newline=""``), so
    a line break inside a quoted note stays in its cell whatever the file's line ends."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it begins on (a note can span lines). Cells are separated by
    commas, or by semicolons as spreadsheets set to a decimal comma save them."""
    lines = _text_lines(data)
    header = next(lines, "")
    delimiter = ";" if ";" in header and "," not in header else ","
    # strict: a quote that is never closed is an error, not the rest of the file in one cell
    reader = csv.reader(itertools.chain((header,), lines), delimiter=delimiter, strict=True)
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
        raise refused(f"Line {reader.line_num}: the CSV can't be read ({error}).") from None


def _csv_header(line: int, row: list[str]) -> list[str]:
    header = [cell.strip().lower() for cell in row]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        need = ", ".join(REQUIRED_COLUMNS)
        raise refused(f"Line {line}: the CSV has no “{missing[0]}” column. A CSV of check-ins "
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
        field = field_path(first["loc"]) or None
        raise bad(Where(line, field=field), plain_error(first)) from None


def parse_checkins_csv(data: bytes, exported_at: datetime) -> tuple[Backup, list[int]]:
    """The check-ins of a CSV (its bytes, checked to be UTF-8), and the line each came from;
    a day given twice is refused as soon as it is read (a file of one row repeated is
    refused at its second row, not after all of them are held)."""
    rows = _csv_rows(data)
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        raise refused("The CSV is empty: it needs a header line and a check-in a line.")
    header = _csv_header(*first)
    records, lines = [], []
    seen: dict[date, int] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank lines, as spreadsheets leave at the end
        record = _csv_record(header, line, row)
        earlier = seen.setdefault(record.day, line)
        if earlier != line:
            raise bad(Where(line), f"this check-in repeats the one at line {earlier} (the "
                                   f"same day, {record.day.isoformat()}); a file holds each once")
        records.append(record)
        lines.append(line)
    if not records:
        raise refused("The CSV has a header but no check-ins.")
    backup = Backup(exported_at=exported_at, checkins=tuple(records))
    return backup, lines


# Reading: any file ------------------------------------------------------------------------------
