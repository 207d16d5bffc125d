"""Backup files: written one record a line, CSV that a spreadsheet opens safely, and every bad
file refused with one message saying what is wrong and where."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.backup.model import (
    SCHEMA_VERSION,
    ActionRecord,
    Backup,
    CheckInRecord,
    ExperimentRecord,
    MeasureRecord,
    RoutineRecord,
    RunRecord,
    SessionRecord,
    SlotRecord,
    backup_json,
)
from planner.backup.reading import read_file, record_line
from planner.backup.spreadsheet import FORMULA_START, csv_zip, neutralised
from planner.catalog.model import Condition, load_catalog
from planner.journal.model import StepResult
from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.routines.model import RoutineStep, TimedStep
from planner.settings.model import Preferences

CATALOG = load_catalog()
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
LATEST = date(2026, 3, 5)  # the latest day begun anywhere at NOW
STARTED = datetime(2026, 3, 3, 18, 30, tzinfo=UTC)


def sample_backup(**changes) -> Backup:
    backup = Backup(
        exported_at=NOW, profile=(Condition.PREGNANCY,), preferences=Preferences(volume=40),
        routines=(RoutineRecord(name="Evening", switch_pause_seconds=5,
                                steps=(RoutineStep(technique="oil", seconds=60),)),),
        runs=(RunRecord(key=1, routine_name="Evening", status="logged", created_at=STARTED,
                        plan=(TimedStep(technique="oil", name="Oil massage", foot="both",
                                       seconds=60),),
                        actions=(ActionRecord(kind="start", at=STARTED.timestamp()),)),),
        sessions=(SessionRecord(
            routine_name="Evening", started_at=STARTED,
            ended_at=STARTED + timedelta(seconds=60), planned_seconds=60, actual_seconds=60,
            completed=True, steps=(StepResult(name="Oil massage", foot="both",
                                              planned_seconds=60, actual_seconds=60,
                                              skipped=False),),
            stress_before=6, stress_after=3, notes="=1+2 felt good", run=1),),
        checkins=tuple(CheckInRecord(day=date(2026, 3, day), stress=4, swelling=2, pain=1,
                                     socks=day % 2 == 0, sock_hours=8.5 if day % 2 == 0
                                     else None, notes=note)
                       for day, note in ((1, "+48 123 calm, ünïcödé ☺"), (2, "@home"),
                                         (3, "line one\nline two"))),
        plan=(SlotRecord(weekday=6, at=time(19, 30), routine_name="Evening",
                         since=date(2026, 2, 1)),),
        experiments=(ExperimentRecord(conditions=("massage", "socks"), days_per_condition=1,
                                      blocks=3, wash_out=True, start=date(2026, 2, 2), seed=5,
                                      created_at=STARTED - timedelta(days=31),
                                      ended_at=STARTED - timedelta(days=20)),),
        measures=(MeasureRecord(day=date(2026, 3, 2), measure="steps", value=8123,
                                source="Ann’s Apple Watch"),
                  MeasureRecord(day=date(2026, 3, 3), measure="resting_hr", value=58,
                                source="Ann’s Apple Watch")),
    )
    return backup.model_copy(update=changes)


def read(data: bytes, name: str = "backup.json") -> Backup:
    return read_file(name, data, CATALOG, NOW, LATEST)[1]


def refused(data: bytes, name: str = "backup.json") -> str:
    with pytest.raises(Problem) as raised:
        read(data, name)
    message = raised.value.message
    assert message.endswith("Nothing was imported.") and "\n" not in message
    return message


def lines_of(backup: Backup) -> list[str]:
    return backup_json(backup).decode().split("\n")


def edited(backup: Backup, section: str, index: int, **values) -> bytes:
    """The backup's JSON with one record's values changed (as a person might edit it)."""
    data = json.loads(backup_json(backup))
    data[section][index].update(values)
    return json.dumps(data, indent=2).encode()


def test_a_backup_reads_back_as_it_was_written_one_record_a_line():
    backup = sample_backup()
    assert read(backup_json(backup)) == backup
    lines = lines_of(backup)
    assert lines[1] == '"format": "solace-backup",'
    assert lines[2] == f'"schema_version": {SCHEMA_VERSION},'
    first_checkin = lines.index('"checkins": [') + 1
    assert json.loads(lines[first_checkin].rstrip(","))["day"] == "2026-03-01"
    assert record_line("\n".join(lines), "checkins", 2) == first_checkin + 3


def test_the_line_of_a_record_is_found_however_the_file_is_laid_out():
    text = json.dumps(json.loads(backup_json(sample_backup())), indent=2)
    line = record_line(text, "checkins", 1)
    assert text.split("\n")[line - 1].strip() == "{"
    assert '"day": "2026-03-02"' in "\n".join(text.split("\n")[line:line + 3])


# The CSV export ------------------------------------------------------------------------------

@pytest.mark.parametrize("start", FORMULA_START)
def test_a_cell_that_would_start_a_formula_is_neutralised(start):
    assert neutralised(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


@pytest.mark.parametrize("safe", ["calm evening", "a=b", "", 7, 8.5, "'quoted"])
def test_other_cells_are_left_as_they_are(safe):
    assert neutralised(safe) == safe


def unzipped(data: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = {}
        for name in archive.namelist():
            raw = archive.read(name)
            assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8, marked so spreadsheets know
            found[name] = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return found


def test_the_logs_export_as_one_spreadsheet_safe_csv_a_table():
    tables = unzipped(csv_zip(sample_backup(), ZoneInfo("Europe/Berlin")))
    assert sorted(tables) == ["checkins.csv", "routines.csv", "sessions.csv", "watch.csv",
                              "weekly_plan.csv"]
    header, *rows = tables["checkins.csv"]
    assert header[:4] == ["day", "stress", "swelling", "pain"]
    assert [row[0] for row in rows] == ["2026-03-01", "2026-03-02", "2026-03-03"]  # ISO
    notes = [row[header.index("notes")] for row in rows]
    assert notes == ["'+48 123 calm, ünïcödé ☺", "'@home", "line one\nline two"]
    assert [row[header.index("socks")] for row in rows] == ["no", "yes", "no"]
    header, row = tables["sessions.csv"]
    session = dict(zip(header, row, strict=True))
    assert (session["date"], session["start"]) == ("2026-03-03", "19:30")  # Berlin time
    assert session["started_at_utc"] == "2026-03-03T18:30:00Z"
    assert session["notes"] == "'=1+2 felt good"
    assert tables["weekly_plan.csv"][1][:3] == ["Sunday", "19:30", "Evening"]


def test_a_watch_s_values_export_as_one_row_a_day_and_one_column_a_measure():
    from planner.backup.model import MeasureRecord

    def measure(day: int, kind: str, value: float, source: str) -> MeasureRecord:
        return MeasureRecord(day=date(2026, 3, day), measure=kind, value=value, source=source)

    backup = sample_backup(measures=(
        measure(2, "steps", 8000, "Watch"), measure(2, "steps", 5000, "=Phone"),
        measure(2, "resting_hr", 58, "Watch"), measure(2, "resting_hr", 61, "=Phone"),
        measure(3, "sleep_minutes", 412, "Watch")))
    header, *rows = unzipped(csv_zip(backup, UTC))["watch.csv"]
    assert header == ["day", "resting_heart_rate_bpm", "hrv_sdnn_ms", "sleep_minutes", "steps",
                      "sources"]
    # two devices' same day made one value as Insights does: the most steps, the mean pulse
    assert rows == [["2026-03-02", "59.5", "", "", "8000", "'=Phone; Watch"],
                    ["2026-03-03", "", "", "412", "", "Watch"]]


def test_the_check_ins_of_a_csv_export_import_with_their_notes_as_typed():
    backup = with_sample_data(sample_backup())
    kind, found = read_file("logs.zip", csv_zip(backup, UTC), CATALOG, NOW, LATEST)
    assert kind == "checkins" and found.checkins == backup.checkins
    assert [c.is_sample for c in found.checkins] == [True, False, False]  # the "sample" column
    assert found.sessions == () and found.profile is None and found.preferences is None


def test_a_csv_saved_with_semicolons_and_decimal_commas_imports():
    text = "day;stress;swelling;pain;socks;sock_hours\n2026-03-01;4;2;1;ja;8,5\n"
    assert "field “socks”: should be yes or no" in refused(text.encode(), "export.csv")
    found = read(text.replace("ja", "yes").encode(), "export.csv")
    assert [(c.day, c.sock_hours) for c in found.checkins] == [(date(2026, 3, 1), 8.5)]


def test_a_csv_from_a_spreadsheet_may_have_extra_columns_blank_lines_and_whole_floats():
    text = ("Day,Stress,Swelling,Pain,Weather\r\n2026-03-01,4.0,2,1,rain\r\n"
            "2026-03-02,3,0,0,\r\n,,,,\r\n")
    found = read(text.encode(), "mine.csv")
    assert [(c.day, c.stress, c.socks) for c in found.checkins] == [
        (date(2026, 3, 1), 4, False), (date(2026, 3, 2), 3, False)]


def test_an_old_macs_csv_with_a_line_break_inside_a_note_imports():
    # "CSV (Macintosh)" ends its rows with \r alone; a note typed over two lines is quoted.
    text = 'day,stress,notes\r2026-03-01,4,"calmer\nafter"\r2026-03-02,3,ok\r'
    found = read(text.encode(), "mac.csv")
    assert [(c.day, c.notes) for c in found.checkins] == [
        (date(2026, 3, 1), "calmer\nafter"), (date(2026, 3, 2), "ok")]


# Bad files ----------------------------------------------------------------------------------

def csv_bytes(*rows: str, encoding: str = "utf-8") -> bytes:
    return "\n".join(("day,stress,swelling,pain,notes", *rows)).encode(encoding)


def zipped(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def test_a_file_of_the_wrong_kind_is_refused():
    assert "isn't a Solace backup (.json) or a CSV" in refused(b"\x89PNG\r\n\x1a\n\x00\x00",
                                                               "photo.png")
    assert "isn't a Solace backup (.json) or a CSV" in refused(b"%PDF-1.7\n%\xe2\xe3",
                                                               "notes.pdf")
    assert "isn't a Solace backup" in refused(b'[{"day": "2026-03-01"}]')
    assert "isn't a Solace backup" in refused(b'{"format": "other"}')
    assert "empty" in refused(b"  \n")


def test_a_truncated_backup_is_refused_as_cut_short():
    data = backup_json(sample_backup())
    message = refused(data[: len(data) // 2])
    assert "ends too early" in message and "cut short" in message
    assert "Line 3, column 16: this isn't valid JSON (expecting value)" in refused(
        b'{\n"format": "solace-backup",\n"exported_at": ,\n"x": 1}')


def test_text_in_another_encoding_is_refused_naming_the_line():
    latin = csv_bytes("2026-03-01,4,2,1,calm", "2026-03-02,4,2,1,café", encoding="latin-1")
    assert "Line 3 isn't UTF-8 text" in refused(latin, "checkins.csv")
    utf16 = csv_bytes("2026-03-01,4,2,1,calm", encoding="utf-16")
    assert "UTF-16" in refused(utf16, "checkins.csv")
    utf32 = csv_bytes("2026-03-01,4,2,1,calm", encoding="utf-32")
    assert "UTF-32" in refused(utf32, "checkins.csv")  # its mark starts as UTF-16's does
    with_bom = b"\xef\xbb\xbf" + csv_bytes("2026-03-01,4,2,1,calm")
    assert len(read(with_bom, "checkins.csv").checkins) == 1


def test_a_csv_without_a_needed_column_is_refused_naming_it():
    message = refused(b"day,swelling,pain\n2026-03-01,4,2\n", "checkins.csv")
    assert "Line 1: the CSV has no “stress” column" in message


@pytest.mark.parametrize(("row", "where"), [
    ("2026-03-01,11,2,1,", "Line 3, field “stress”: a rating is a whole number from 0 to 10"),
    ("2026-03-01,4,-1,1,", "Line 3, field “swelling”: a rating is a whole number from 0 to 10"),
    ("01/03/2026,4,2,1,", "Line 3, field “day”: “01/03/2026” isn't a date like 2026-03-01"),
    ("2026-03-01,four,2,1,", "Line 3, field “stress”: “four” isn't a number"),
    ("2026-03-01,4,2", "Line 3: this row has 3 cells where the header has 5"),
])
def test_a_bad_value_in_a_csv_names_line_and_column(row, where):
    assert where in refused(csv_bytes("2026-02-28,1,1,1,fine", row), "checkins.csv")


def test_a_bad_value_in_a_backup_names_line_record_and_field():
    backup = sample_backup()
    message = refused(edited(backup, "checkins", 1, stress=11))
    line = record_line(edited(backup, "checkins", 1, stress=11).decode(), "checkins", 1)
    assert (f"Line {line}, check-in 2, field “stress”: a rating is a whole number from 0 to "
            "10.") in message
    assert "field “steps item 1 planned_seconds”" in refused(
        edited(backup, "sessions", 0, steps=[{"name": "x", "foot": "both", "actual_seconds": 1,
                                              "skipped": False}]))
    assert "field “mood”: isn't something a Solace backup has" in refused(
        edited(backup, "checkins", 0, mood=3))


def test_only_the_last_record_being_bad_is_enough_to_refuse_the_file():
    text = backup_json(sample_backup()).decode()
    bad = text.replace('"value": 58.0', '"value": 400')
    last = len(bad.rstrip("\n").split("\n")) - 2  # before "]" and "}"
    assert bad.split("\n")[last - 1].startswith('{"day": "2026-03-03"')
    assert (f"Line {last}, daily measure 2, field “value”: a resting heart rate of 400 beats "
            "a minute isn't plausible: Solace takes 25 to 200" in refused(bad.encode()))


def test_a_backup_from_before_watch_measures_reads_as_having_none():
    found = json.loads(backup_json(sample_backup()))
    del found["measures"]
    found["schema_version"] = 4
    assert read(json.dumps(found).encode()).measures == ()


def test_dates_in_the_future_are_refused():
    backup = sample_backup()
    tomorrow_somewhere = (LATEST + timedelta(days=1)).isoformat()
    assert f"field “day”: {tomorrow_somewhere} is in the future" in refused(
        edited(backup, "checkins", 0, day=tomorrow_somewhere))
    later = (NOW + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f"session 1 (“Evening”), field “ended_at”: {later} is in the future" in refused(
        edited(backup, "sessions", 0, ended_at=later))
    # A weekly-plan time added late in the evening counts from tomorrow, wherever that is.
    tomorrow = edited(backup, "plan", 0, since=tomorrow_somewhere)
    assert read(tomorrow).plan[0].since == LATEST + timedelta(days=1)
    day_after = (LATEST + timedelta(days=2)).isoformat()
    assert f"field “since”: {day_after} is in the future" in refused(
        edited(backup, "plan", 0, since=day_after))


def test_a_backup_made_in_the_future_is_refused():
    later = NOW + timedelta(minutes=5)
    data = backup_json(sample_backup(exported_at=later))
    line = lines_of(sample_backup()).index(next(n for n in lines_of(sample_backup())
                                                 if n.startswith('"exported_at"'))) + 1
    assert (f"Line {line}, field “exported_at”: {later:%Y-%m-%dT%H:%M:%SZ} is in the future."
            in refused(data))
    just_now = NOW + timedelta(seconds=limits.FUTURE_GRACE_SECONDS)  # clocks differ a little
    assert read(backup_json(sample_backup(exported_at=just_now))).exported_at == just_now


def test_a_number_too_long_to_read_is_refused_with_its_line():
    text = backup_json(sample_backup()).decode().replace('"stress": 4', '"stress": ' + "9" * 5000,
                                                         1)
    line = record_line(backup_json(sample_backup()).decode(), "checkins", 0)
    assert (f"Line {line}: a number is 5,000 digits long; Solace reads numbers of up to 4,300 "
            "digits" in refused(text.encode()))
    in_notes = sample_backup(checkins=(sample_backup().checkins[0].model_copy(
        update={"notes": "9" * 1900}),))
    assert read(backup_json(in_notes)) == in_notes  # digits in text are only text


def test_a_field_given_twice_in_one_record_is_refused_naming_it():
    text = backup_json(sample_backup()).decode()
    line = record_line(text, "checkins", 1)
    twice = text.replace('"stress": 4, ', '"stress": 4, "stress": 9, ', 2)  # check-ins 1 and 2
    first = record_line(text, "checkins", 0)
    assert (f"Line {first}, check-in 1, field “stress”: is given twice; a file gives each "
            "field once. Nothing was imported." == refused(twice.encode()))
    assert line == first + 1
    version = f'"schema_version": {SCHEMA_VERSION},'
    header = text.replace(version, f'{version} "schema_version": 2,')
    assert "Line 3, field “schema_version”: is given twice" in refused(header.encode())
    nested = text.replace('"volume": 40', '"volume": 40, "volume": 90')
    assert "field “preferences volume”: is given twice" in refused(nested.encode())


def test_a_csv_with_a_quote_never_closed_is_refused_naming_its_line():
    data = csv_bytes("2026-03-01,4,2,1,fine", '2026-03-02,4,2,1,"calm', "2026-03-03,4,2,1,ok",
                     "2026-03-04,4,2,1,ok")
    message = refused(data, "checkins.csv")
    assert message.startswith("Line 3: a quote (\") opens a cell here that is never closed")
    quoted = csv_bytes('2026-03-01,4,2,1,"two\nlines, and a ""quote"""', "2026-03-02,4,2,1,")
    assert read(quoted, "c.csv").checkins[0].notes == 'two\nlines, and a "quote"'
    assert "Line 2: the CSV can't be read" in refused(csv_bytes('2026-03-01,4,2,1,"a"b'), "c.csv")


def test_a_very_large_file_is_refused_before_it_is_read():
    big = b" " * (limits.IMPORT_BYTES_MAX + 1)
    assert "Solace imports files up to 64.0 MB" in refused(big)


def test_deeply_nested_json_is_refused_but_brackets_in_notes_are_fine():
    head = ('{\n"format": "solace-backup", "schema_version": 1, '
            '"exported_at": "2026-03-01T00:00:00Z",')
    deep = head + '\n"preferences": {"x": ' + "[" * 10_000 + "]" * 10_000 + "}}"
    assert "Line 3: the JSON is nested more than 16 levels deep" in refused(deep.encode())
    notes = "[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{ a list"
    backup = sample_backup(checkins=(sample_backup().checkins[0].model_copy(
        update={"notes": notes}),))
    assert read(backup_json(backup)).checkins[0].notes == notes


def test_a_zip_that_expands_enormously_is_refused_before_it_is_unpacked():
    bomb = zipped("backup.json", b"{" + b" " * 20_000_000 + b"}")
    assert "would expand" in refused(bomb, "backup.zip")
    assert "damaged or incomplete" in refused(bomb[:200], "backup.zip")
    assert read(zipped("backup.json", backup_json(sample_backup())), "x.zip") == sample_backup()


def test_a_zip_whose_packed_data_is_damaged_is_refused():
    data = bytearray(zipped("backup.json", backup_json(sample_backup())))
    start = 30 + len("backup.json")  # the packed data follows the zip's first header
    data[start + 20:start + 60] = bytes(b ^ 0xFF for b in data[start + 20:start + 60])
    assert "The zip file is damaged" in refused(bytes(data), "backup.zip")
    unknown = bytearray(zipped("backup.json", backup_json(sample_backup())))
    central = unknown.find(b"PK\x01\x02")
    unknown[8:10] = unknown[central + 10:central + 12] = (99).to_bytes(2, "little")
    assert "packed in a way Solace can't unpack" in refused(bytes(unknown), "backup.zip")


def test_a_backup_from_a_newer_solace_is_refused():
    newer = SCHEMA_VERSION + 1
    data = backup_json(sample_backup()).replace(f'"schema_version": {SCHEMA_VERSION}'.encode(),
                                                f'"schema_version": {newer}'.encode())
    assert (f"made by a newer Solace (schema version {newer}; this one reads up to "
            f"{SCHEMA_VERSION})") in refused(data)


def as_written_by_version(version: int, backup: Backup) -> bytes:
    """The backup as Solace wrote it at schema ``version`` (1 or 2): no experiments in 1, and
    sample data marked twice, "sample" the flag the import read and "is_sample" beside it
    (always false in a session)."""
    found = json.loads(backup_json(backup))
    found["schema_version"] = version
    if version == 1:
        del found["experiments"]
    for section in ("sessions", "checkins"):
        for record in found[section]:
            record["sample"] = record["is_sample"]
            if section == "sessions":
                record["is_sample"] = False
    return json.dumps(found).encode()


def with_sample_data(backup: Backup) -> Backup:
    return backup.model_copy(update={
        "sessions": tuple(s.model_copy(update={"is_sample": True}) for s in backup.sessions),
        "checkins": tuple(c.model_copy(update={"is_sample": n == 0})
                          for n, c in enumerate(backup.checkins))})


def test_version_1_and_2_backups_still_read_with_their_sample_data_marked():
    backup = with_sample_data(sample_backup())
    assert read(as_written_by_version(2, backup)) == backup.model_copy(
        update={"schema_version": 2})
    assert read(as_written_by_version(1, backup)) == backup.model_copy(
        update={"schema_version": 1, "experiments": ()})


def test_a_record_marks_sample_data_once():
    backup = with_sample_data(sample_backup())
    line = next(n for n in lines_of(backup) if n.startswith('{"routine_name"'))
    assert '"is_sample": true' in line and '"sample"' not in line.replace('"is_sample"', "")
    marked_twice = edited(backup, "sessions", 0, sample=False)
    assert "session 1, field “sample”: isn't something a Solace backup has" in refused(
        marked_twice)


def test_an_experiment_that_makes_no_sense_is_refused_with_its_line():
    text = backup_json(sample_backup()).decode().replace(
        '"conditions": ["massage", "socks"]', '"conditions": ["massage", "massage"]')
    line = record_line(text, "experiments", 0)
    assert (f"Line {line}, experiment 1, field “conditions”" in refused(text.encode())
            or f"Line {line}, experiment 1:" in refused(text.encode()))
    assert "each condition once" in refused(text.encode())


def test_duplicate_records_in_one_file_are_refused():
    backup = sample_backup()
    twice = backup.model_copy(update={"checkins": (*backup.checkins, backup.checkins[1])})
    text = backup_json(twice).decode()
    first, second = record_line(text, "checkins", 1), record_line(text, "checkins", 3)
    assert (f"Line {second}, check-in 4: this check-in repeats the one at line {first} "
            "(the same day, 2026-03-02)") in refused(text.encode())
    same_name = backup.routines[0].model_copy(update={"name": "EVENING "})
    assert "the same name" in refused(backup_json(backup.model_copy(
        update={"routines": (*backup.routines, same_name)})))
    assert ("Line 3: this check-in repeats the one at line 2 (the same day, 2026-03-01)"
            in refused(csv_bytes("2026-03-01,1,1,1,", "2026-03-01,2,2,2,"), "c.csv"))


def test_records_that_dont_fit_together_are_refused():
    backup = sample_backup()
    orphan = backup.sessions[0].model_copy(update={"run": 7})
    assert "names run 7, which isn't in the file" in refused(
        backup_json(backup.model_copy(update={"sessions": (orphan,)})))
    gone = backup.routines[0].model_copy(update={"steps": (RoutineStep(technique="no_such",
                                                                seconds=60),)})
    assert "routine 1 (“Evening”), field “steps item 1”" in refused(
        backup_json(backup.model_copy(update={"routines": (gone,)})))


def in_progress(**changes) -> bytes:
    """The sample backup with its run made the one in progress, its record changed so."""
    data = json.loads(backup_json(sample_backup()))
    data["sessions"] = []  # the run has not become a session yet
    data["runs"][0].update(status="active", **changes)
    return json.dumps(data, indent=2).encode()


def test_a_run_in_progress_reads_when_the_run_page_could_resume_or_log_it():
    (run,) = read(in_progress()).runs
    assert run.status == "active"


@pytest.mark.parametrize(("changes", "said"), [
    ({"plan": []}, "field “plan”: a run needs at least one step"),
    ({"plan": [{"technique": "oil", "name": "Oil massage", "foot": "left", "seconds": 60}] * 81},
     "field “plan”: a run has at most 80 steps"),
    ({"plan": [{"technique": "oil", "name": "Oil massage", "foot": "left", "seconds": 3600}] * 80
      + [{"technique": "switch", "name": "Switch", "foot": "both", "seconds": 3600,
          "is_switch": True}] * 10}, "field “plan”: it is longer than any routine can be"),
    ({"plan": [{"technique": "oil", "name": "", "foot": "both", "seconds": 60}]},
     "“plan item 1 name”"),
    ({"actions": []}, "field “actions”: a run in progress needs a start among its actions"),
    ({"actions": [{"kind": "pause", "at": STARTED.timestamp()}]},
     "a run in progress needs a start"),
    ({"actions": [{"kind": "start", "at": (NOW + timedelta(days=400)).timestamp()}]},
     "field “actions”: an action is in the future"),
])
def test_a_run_in_progress_the_run_page_could_not_log_is_refused(changes, said):
    # Imported as it was, the Run page would offer to resume it and then fail, or log nothing.
    assert said in refused(in_progress(**changes))


def test_a_name_that_grows_past_the_limit_when_tidied_is_refused_naming_it():
    long_once_tidied = "\ufdfa" * 10  # one character each, eighteen once tidied (NFKC)
    message = refused(edited(sample_backup(), "routines", 0, name=long_once_tidied))
    assert "routine 1" in message and "60 characters" in message


def test_half_of_a_character_is_refused_with_its_line_before_anything_is_written():
    text = backup_json(sample_backup()).decode().replace('"name": "Evening"',
                                                         '"name": "Even\\ud800ing"', 1)
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "\\ud800" in row)
    assert f"Line {line}: a text holds half of a character" in refused(text.encode())
    paired = text.replace("\\ud800", "\\ud83d\\ude00")  # a whole emoji, spelled in halves
    assert read(paired.encode()).routines[0].name == "Even\U0001f600ing"
    typed = text.replace("\\ud800", "\\\\ud800")  # the text \ud800 typed in a name
    assert read(typed.encode()).routines[0].name == "Even\\ud800ing"


def test_a_backup_dated_at_the_very_end_of_time_is_refused_as_in_the_future():
    data = edited(sample_backup(), "routines", 0)  # unchanged records
    text = json.loads(data)
    text["exported_at"] = "9999-12-31T23:59:59-14:00"
    assert "9999-12-31T23:59:59-14:00 is in the future" in refused(json.dumps(text).encode())


# Property: whatever a backup holds, it reads back the same -----------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
NAMES = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1,
                max_size=30)
RATINGS = st.integers(0, 10)
MOMENTS = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2026, 3, 1),
                       timezones=st.just(UTC))

# An experiment day's answer: not asked, yes, or no (with what was done instead, or not).
PLAN_ANSWERS = st.sampled_from([(None, None), (True, None)]) | st.tuples(
    st.just(False), st.none() | st.sampled_from(["massage", "socks", "both", "neither"]))
checkins = st.lists(st.tuples(st.builds(
    CheckInRecord, day=st.dates(date(1990, 1, 1), LATEST), stress=RATINGS, swelling=RATINGS,
    pain=RATINGS, sleep=st.none() | RATINGS, socks=st.just(True),
    sock_hours=st.none() | st.floats(0.1, 24), pulse=st.none() | st.integers(30, 220),
    notes=TEXT, is_sample=st.booleans()), PLAN_ANSWERS).map(
        lambda drawn: drawn[0].model_copy(update=dict(zip(("plan_followed", "done_instead"),
                                                          drawn[1], strict=True)))),
    max_size=8, unique_by=lambda c: c.day)


@st.composite
def sessions(draw):
    starts = draw(st.lists(MOMENTS, max_size=6, unique=True))
    spans = [draw(st.integers(0, 7200)) for _ in starts]  # pauses included
    return tuple(SessionRecord(
        routine_name=draw(NAMES), started_at=start, ended_at=start + timedelta(seconds=span),
        planned_seconds=draw(st.integers(0, 7200)), actual_seconds=draw(st.integers(0, span)),
        completed=draw(st.booleans()), stress_before=draw(st.none() | RATINGS),
        stress_after=draw(st.none() | RATINGS), notes=draw(TEXT),
        source=draw(st.sampled_from(["timer", "manual"])), is_sample=draw(st.booleans()))
        for start, span in zip(starts, spans, strict=True))


slots = st.lists(st.builds(
    SlotRecord, weekday=st.integers(0, 6),
    at=st.builds(time, st.integers(0, 23), st.integers(0, 59)), routine_name=NAMES,
    reminder_minutes=st.integers(0, 1440), since=st.dates(date(2000, 1, 1), LATEST)),
    max_size=5, unique_by=lambda s: (s.weekday, s.at))


@settings(max_examples=60)
@given(checkins=checkins, sessions=sessions(), plan=slots,
       profile=st.lists(st.sampled_from(list(Condition)), unique=True),
       volume=st.integers(0, 100))
def test_any_backup_reads_back_exactly(checkins, sessions, plan, profile, volume):
    backup = sample_backup(checkins=tuple(checkins), sessions=sessions, runs=(),
                           plan=tuple(plan), profile=tuple(profile),
                           preferences=Preferences(volume=volume))
    assert read(backup_json(backup)) == backup


@settings(max_examples=60)
@given(checkins=checkins.filter(len))
def test_any_check_ins_read_back_from_the_csv_export_exactly(checkins):
    """So importing one's own CSV export changes nothing: notes that look like formulas, or
    already start with an apostrophe, come back as typed."""
    backup = sample_backup(checkins=tuple(checkins))
    found = read_file("logs.zip", csv_zip(backup, UTC), CATALOG, NOW, LATEST)[1].checkins
    assert found == backup.checkins


@pytest.mark.parametrize("note", ["'=1+2", "''@home", "'quoted", "=SUM(A1)", "it's fine"])
def test_a_note_reads_back_from_the_csv_as_typed(note):
    backup = sample_backup(checkins=(sample_backup().checkins[0].model_copy(
        update={"notes": note}),))
    assert read(csv_zip(backup, UTC), "logs.zip").checkins[0].notes == note


def test_the_upload_box_states_the_same_limit_the_import_enforces():
    import tomllib

    from planner.tools.devserver import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == limits.IMPORT_BYTES_MAX


def test_a_file_that_gets_past_every_check_still_gets_words(monkeypatch, caplog):
    # Stands in for a hostile file no check knows of yet: what reading it raises.
    from planner.backup import reading

    def overflowing(text):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(reading, "parse_backup", overflowing)
    assert "Solace couldn't make sense of this file." in refused(backup_json(sample_backup()))
    assert "got past the import checks" in caplog.text


def test_a_file_of_millions_of_tiny_records_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(limits, "IMPORT_CSV_LINES_MAX", 50)
    monkeypatch.setattr(limits, "IMPORT_JSON_OBJECTS_MAX", 40)
    monkeypatch.setattr(limits, "IMPORT_JSON_VALUES_MAX", 300)
    rows = csv_bytes(*(f"2026-02-{day:02d},4,2,1," for day in range(1, 29)))
    assert len(read(rows, "c.csv").checkins) == 28
    many = csv_bytes(*["2026-03-01,4,2,1,"] * 60)
    assert refused(many, "c.csv").startswith("The CSV has 61 lines; Solace reads up to 50")
    head = (b'{"format": "solace-backup", "schema_version": 4, '
            b'"exported_at": "2026-03-01T00:00:00Z", ')
    empty = head + b'"sessions": [' + b"{}," * 100 + b"{}]}"
    assert refused(empty).startswith("The file holds 102 JSON objects;")
    numbers = head + b'"sessions": [' + b"0," * 400 + b"0]}"
    assert "at least 405 JSON values and field names" in refused(numbers)
    texts = head + b'"sessions": [' + b'"a",' * 400 + b'"a"]}'
    assert "JSON values and field names" in refused(texts)


def test_commas_and_brackets_in_notes_count_for_nothing(monkeypatch):
    monkeypatch.setattr(limits, "IMPORT_JSON_OBJECTS_MAX", 40)
    monkeypatch.setattr(limits, "IMPORT_JSON_VALUES_MAX", 300)
    notes = "{[, " * 200 + 'and a \\" quote'
    backup = sample_backup(checkins=(sample_backup().checkins[0].model_copy(
        update={"notes": notes}),))
    assert read(backup_json(backup)).checkins[0].notes == notes


def test_records_are_read_one_at_a_time_so_the_first_problem_is_said_where_it_is():
    # A repeated session is refused when it is read: what follows it (here, a file cut short)
    # is never reached, so a file of one record repeated costs no more than its bytes.
    text = backup_json(sample_backup()).decode()
    session = next(row for row in text.split("\n") if row.startswith('{"routine_name"'))
    repeated = text.replace(session, f"{session.rstrip(',')},\n{session.rstrip(',')}", 1)
    first = record_line(text, "sessions", 0)
    assert refused(repeated.encode()[:-40]).startswith(
        f"Line {first + 1}, session 2: this session repeats the one at line {first}")
    csv_repeat = csv_bytes("2026-03-01,4,2,1,calm", "2026-03-01,5,2,1,again",
                           '2026-03-02,4,2,1,"never closed')
    assert refused(csv_repeat, "c.csv").startswith(
        "Line 3: this check-in repeats the one at line 2 (the same day, 2026-03-01)")


def test_more_records_of_a_kind_than_any_backup_holds_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "IMPORT_RECORDS_MAX", 2)
    assert len(read(backup_json(sample_backup(checkins=sample_backup().checkins[:2]))
                    ).checkins) == 2
    assert refused(backup_json(sample_backup())).startswith(
        "The file holds more than 2 check-ins;")


def test_text_is_read_right_across_the_pieces_it_is_checked_in(monkeypatch):
    from planner.backup import reading

    monkeypatch.setattr(reading, "_CHUNK", 7)  # characters of two to four bytes cut in two
    backup = sample_backup()
    assert read(backup_json(backup)) == backup
    rows = csv_bytes("2026-03-01,4,2,1,ünïcödé ☺ 😀", "2026-03-02,4,2,1,calm")
    assert read(rows, "c.csv").checkins[0].notes == "ünïcödé ☺ 😀"
    broken = rows.replace(b"calm", b"ca\xffm")
    at = broken.index(b"\xff") + 1
    assert refused(broken, "c.csv").startswith(f"Line 3 isn't UTF-8 text (byte {at})")


@pytest.mark.parametrize(("number", "said"), [
    ("12345678901234567890123", "123456789012… is a number far bigger than any in a backup"),
    ("NaN", "NaN isn't a number JSON has"),
    ("1e999", "1e999… is a number far bigger than any in a backup"),
])
def test_a_number_no_backup_holds_is_refused_with_its_line(number, said):
    text = backup_json(sample_backup()).decode()
    line = record_line(text, "checkins", 0)
    odd = text.replace('"stress": 4', f'"stress": {number}', 1)
    assert refused(odd.encode()) == f"Line {line}: {said}. Nothing was imported."


def test_a_text_longer_than_any_in_a_backup_is_refused_before_it_is_built(monkeypatch):
    from planner.backup import reading

    monkeypatch.setattr(reading, "VALUE_BYTES_MAX", 500)
    monkeypatch.setattr(reading, "_CHUNK", 64)  # the longest text spans pieces
    backup = sample_backup()
    assert read(backup_json(backup)) == backup
    text = backup_json(backup).decode()
    line = record_line(text, "checkins", 1)
    long = text.replace('"notes": "@home"', f'"notes": "{"x" * 600}"', 1)
    assert refused(long.encode()).startswith(f"Line {line}: a text or value runs over 601 bytes")
