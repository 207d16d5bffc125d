"""Apple Health's export: the four kinds of record become daily values on the days they
happened, offsets and clock changes respected; every hostile file is refused in words."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from planner.kernel.errors import Problem
from planner.watch.model import day_values
from planner.watch.reading import read_export
from tests.watch.exports import HEAD, PHONE, WATCH, export_xml, export_zip, record

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

MARCH_9, MARCH_10, MARCH_11 = date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11)


def values(data: bytes) -> dict[tuple[date, str, str], float]:
    return {record.key: record.value for record in read_export(io.BytesIO(data))}


def refused(data: bytes) -> str:
    with pytest.raises(Problem) as problem:
        read_export(io.BytesIO(data))
    assert problem.value.message.endswith("Nothing was imported.")
    return problem.value.message


def test_a_week_around_the_clock_change_gives_each_day_its_values():
    found = values(export_zip())
    assert found[(MARCH_9, "resting_hr", WATCH)] == 58
    assert found[(MARCH_10, "resting_hr", WATCH)] == 61
    assert found[(MARCH_10, "hrv_sdnn", WATCH)] == 45.5  # the mean of the day's readings
    # 23:00 to 07:00 on the clock the night it went forward: 7 hours, less 30 minutes awake.
    assert found[(MARCH_10, "sleep_minutes", WATCH)] == 6.5 * 60
    assert found[(MARCH_10, "sleep_minutes", PHONE)] == 120  # 01:00 -0800 to 04:00 -0700
    # The late walk is 10 March where it happened, though 11 March in UTC.
    assert found[(MARCH_10, "steps", WATCH)] == 2000
    assert found[(MARCH_10, "steps", PHONE)] == 1100
    assert found[(MARCH_11, "steps", WATCH)] == 3000
    assert not any(measure == "heart_rate" for _, measure, _ in found)


def test_the_phone_counting_the_same_walk_again_is_not_added_to_the_watch():
    by_day = day_values(read_export(io.BytesIO(export_zip())))
    assert by_day["steps"][MARCH_10] == 2000  # the watch's, not 2000 + 1100
    assert by_day["sleep_minutes"][MARCH_10] == 390


def test_the_export_xml_alone_reads_the_same_as_the_zip():
    assert values(export_xml()) == values(export_zip())


def test_progress_is_reported_up_to_the_whole_file():
    seen: list[float] = []
    read_export(io.BytesIO(export_zip()), progress=lambda f, _what: seen.append(f))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_a_resting_pulse_of_400_is_refused_naming_the_day():
    body = record("RestingHeartRate", "2024-03-10 08:00:00 -0700",
                  "2024-03-10 20:00:00 -0700", 400, unit="count/min")
    assert refused(export_xml(body)) == (
        f"On 2024-03-10, from “{WATCH}”: A resting heart rate of 400 beats a minute isn't "
        "plausible: Solace takes 25 to 200. Nothing was imported.")


@pytest.mark.parametrize("body, words", [
    (record("StepCount", "yesterday", "today", 5), "Line 28: a StepCount record has a date"),
    (record("StepCount", "2024-03-10 09:00:00 -0700", "2024-03-10 09:00:00 -0700", "lots"),
     "values are numbers"),
    (record("StepCount", "2024-03-10 09:00:00 -0700", "2024-03-10 09:00:00 -0700", -50),
     "a step count of -50 can't be right"),
])
def test_records_that_cannot_be_read_are_refused_naming_the_line(body, words):
    assert words in refused(export_xml(body))


ENTITY_TRICKS = {
    "billion laughs": HEAD.replace("]>", '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>')
    .replace('locale="en_US"', 'locale="&lol2;"'),
    "external entity": HEAD.replace("]>", '<!ENTITY secret SYSTEM "file:///etc/passwd">]>')
    .replace('locale="en_US">', 'locale="en_US">&secret;'),
    "parameter entity": HEAD.replace("]>", '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x">'
                                     "%remote;]>"),
}


@pytest.mark.parametrize("trick", ENTITY_TRICKS)
def test_xml_entity_tricks_are_refused_before_they_expand(trick):
    message = refused(export_zip(export_xml(head=ENTITY_TRICKS[trick])))
    assert "declares XML entities" in message


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("apple_health_export/export.xml",
                         export_xml(" " * 5_000_000))  # 5 MB of spaces: about 5 kB zipped
    assert "zip bomb" in refused(bomb.getvalue())


def test_a_zip_whose_sizes_lie_is_stopped_at_the_size_it_declared():
    data = bytearray(export_zip())
    real = len(export_xml())
    # Declare a smaller size in both headers, as a bomb does to get past the first check.
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    for offset in (local + 22, central + 24):
        data[offset:offset + 4] = (real // 2).to_bytes(4, "little")
    message = refused(bytes(data))
    assert "zip bomb" in message or "ends early or is damaged" in message


def test_a_zip_cut_short_is_refused_as_unfinished():
    whole = export_zip()
    assert "ends early or is damaged" in refused(whole[: len(whole) // 2])


def test_an_xml_cut_short_is_refused_as_unfinished():
    whole = export_xml()
    assert "ends early or is damaged" in refused(whole[: len(whole) - 40])


@pytest.mark.parametrize("data, words", [
    (b"%PDF-1.7 not an export", "isn't an export Solace reads"),
    (export_zip(extra={}, name="backup.json"), "has no apple_health_export/export.xml"),
    (b"<?xml version='1.0'?><gpx><trk/></gpx>", "doesn't begin with <HealthData>"),
    (export_xml(""), "holds no resting heart rate"),
    (b"<HealthData><Record type='HKQuantityTypeIdentifierStepCount' <</HealthData>",
     "the XML is damaged here"),
], ids=["a-pdf", "a-zip-without-export-xml", "a-gpx-file", "no-records", "damaged-xml"])
def test_wrong_formats_are_refused_saying_what_was_expected(data, words):
    assert words in refused(data)


def test_a_record_whose_type_is_not_its_first_attribute_is_still_read():
    body = ('<Record sourceName="Watch" type="HKQuantityTypeIdentifierStepCount" '
            'startDate="2024-03-10 09:00:00 -0700" endDate="2024-03-10 09:10:00 -0700" '
            'value="42"/>\n')
    assert values(export_xml(body)) == {(MARCH_10, "steps", "Watch"): 42}
