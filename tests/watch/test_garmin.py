"""Garmin's .fit files (made in tests/watch/fit_files.py with fit-tool): daily values per
local day across a clock change, one file or a zip of them, and damaged or foreign files
refused in plain words with nothing read."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date

import pytest
from fitdecode.utils import compute_crc
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.kernel.errors import Problem
from planner.watch.reading import read_export
from tests.watch.fit_files import SOURCE, garmin_zip, saturday, sunday, the_night

SAT, SUN = date(2024, 3, 9), date(2024, 3, 10)


def values(data: bytes, name: str = "upload") -> dict:
    upload = io.BytesIO(data)
    upload.name = name
    return {record.key: record.value for record in read_export(upload)}


def refused(data: bytes) -> str:
    with pytest.raises(Problem) as problem:
        read_export(io.BytesIO(data))
    assert problem.value.message.endswith("Nothing was imported.")
    return problem.value.message


def test_a_zip_of_fit_files_gives_each_local_day_its_values_across_the_clock_change():
    progress = []
    upload = io.BytesIO(garmin_zip())
    found = {r.key: r.value for r in read_export(upload, lambda done, _: progress.append(done))}
    assert found == {
        # 22:00 on the 9th where it was walked (the 10th in UTC) stays on the 9th
        (SAT, "steps", SOURCE): 3500, (SAT, "resting_hr", SOURCE): 58,
        (SUN, "steps", SOURCE): 4000, (SUN, "resting_hr", SOURCE): 61,
        # 23:00 to 07:00 over the change, half an hour awake: counted to the day it ends
        (SUN, "sleep_minutes", SOURCE): 390}
    assert progress[-1] == 1.0


def test_a_single_fit_file_is_read_on_its_own():
    assert values(saturday(), "2024-03-09-monitor.fit") == {
        (SAT, "steps", SOURCE): 3500, (SAT, "resting_hr", SOURCE): 58}


def test_an_absurd_resting_pulse_is_refused_naming_the_day():
    # FIT stores a resting heart rate in one byte: 250 is as absurd as it can be written.
    message = refused(garmin_zip({"monitor.fit": saturday(resting=250)}))
    assert message.startswith(f"On 2024-03-09, from “{SOURCE}”: A resting heart rate of 250 "
                              "beats a minute isn't plausible")


@pytest.mark.parametrize(("damage", "words"), [
    (lambda data: data[:-30], "ends early or is damaged"),
    (lambda data: data[:40] + bytes([data[40] ^ 0xFF]) + data[41:],
     "check sum doesn't match its contents"),
    (lambda data: b"\x0e\x20" + data[2:8] + b".FAT" + data[12:], "isn't an export Solace reads"),
])
def test_a_damaged_fit_file_is_refused_in_plain_words(damage, words):
    assert words in refused(damage(sunday()))
    # inside a zip, the file is named
    assert refused(garmin_zip({"a.fit": saturday(), "b.fit": damage(sunday())})
                   ).startswith("b.fit: ")


@settings(max_examples=150, deadline=None)
@given(changes=st.lists(st.tuples(st.integers(14, 10_000), st.integers(0, 255)), min_size=1,
                        max_size=4))
def test_any_altered_file_with_a_right_check_sum_is_read_or_refused_in_words(changes):
    data = bytearray(saturday())
    for at, byte in changes:
        data[at % (len(data) - 16) + 14] = byte  # past the header, before the CRC
    body = bytes(data[:-2])
    try:
        read_export(io.BytesIO(body + struct.pack("<H", compute_crc(body))))
    except Problem as problem:
        assert problem.message.endswith("Nothing was imported.")


def test_sleep_alone_is_refused_as_its_days_cant_be_told():
    assert "This .fit file doesn't say the local time" in refused(the_night())


def test_a_zip_bomb_of_fit_files_is_not_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.fit", b"\x00" * (8 << 20))
    assert "zip bomb" in refused(buffer.getvalue())


def test_a_zip_of_more_files_than_a_watch_makes_is_refused_unread(monkeypatch):
    from planner.kernel import limits

    monkeypatch.setattr(limits, "WATCH_ZIP_FILES_MAX", 3)  # as a zip of 100,001 would be
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(4):
            archive.writestr(f"{number}.fit", b"")
    assert "This zip holds 4 files" in refused(buffer.getvalue())


def test_the_command_line_imports_fit_files_once_and_refuses_a_damaged_one(
        store, url, tmp_path, monkeypatch, capsys):
    from planner.watch import __main__ as cli

    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    path = tmp_path / "UploadedFiles.zip"
    path.write_bytes(garmin_zip())
    assert cli.main(["import", str(path)]) == 0
    assert "5 daily values added" in capsys.readouterr().out
    assert {m.source for m in store.measures.all()} == {SOURCE}
    assert cli.main(["import", str(path)]) == 0
    assert "0 daily values added, 0 changed, 5 already here" in capsys.readouterr().out
    single = tmp_path / "monitor.fit"
    single.write_bytes(sunday()[:-30])
    assert cli.main(["import", str(single)]) == 1
    assert "monitor.fit: The file ends early" in capsys.readouterr().err
    assert store.measures.count() == 5


def test_more_readings_than_a_watch_makes_are_refused(monkeypatch):
    from planner.kernel import limits

    monkeypatch.setattr(limits, "WATCH_FIT_READINGS_MAX", 4)  # the day holds 5
    assert "more than 4 readings" in refused(saturday())
