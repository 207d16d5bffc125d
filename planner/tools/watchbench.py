"""The watch import's benchmark: an Apple Health export.xml of realistic shape, generated, then
read and imported, timed, with the memory it took above what the process held before.

Realistic shape: a heavy user's day (a heart rate every minute or so, energy, distance, steps
from the watch and the phone, sleep stages, HRV readings, one resting heart rate: about 2,700
records a day, as ten years make ten million), each record with Apple's attributes, the long
device description and, on some, metadata children; dates in -0800 or -0700 as the clocks
change. Of these, Solace keeps about one in eight (steps, sleep, HRV, resting heart rate).

Garmin: a zip of .fit files as a watch writes them, a monitoring file a day (a heart rate a
minute, each 15 minutes the day's running step total, the day's resting heart rate) and a sleep
file a night (a level a minute for eight hours), written here with the FIT format's own layout
(fit-tool, which the tests use, is not a dependency of the app).
"""

from __future__ import annotations

import io
import struct
import threading
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

DEVICE = ("&lt;&lt;HKDevice: 0x283f1c2d0&gt;, name:Apple Watch, manufacturer:Apple Inc., "
          "model:Watch, hardware:Watch6,2, software:10.1, creation date:2023-09-20 "
          "08:14:40 +0000&gt;")
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
        '<!ELEMENT HealthData (ExportDate,Me,(Record|Workout|ActivitySummary)*)>\n'
        '<!ATTLIST HealthData locale CDATA #REQUIRED>\n'
        '<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>\n]>\n'
        '<HealthData locale="en_US">\n <ExportDate value="2025-01-01 09:00:00 -0800"/>\n'
        ' <Me HKCharacteristicTypeIdentifierBiologicalSexIdentifier="HKBiologicalSexFemale"/>\n')
# Records a day by kind, about 2,700 in all.
PER_DAY = {"HeartRate": 1200, "ActiveEnergyBurned": 800, "DistanceWalkingRunning": 300,
           "BasalEnergyBurned": 100, "StepCount": 300, "Sleep": 20,
           "HeartRateVariabilitySDNN": 8, "RestingHeartRate": 1}
RECORDS_A_DAY = sum(PER_DAY.values())


def _record(kind: str, source: str, unit: str, start: str, end: str, value: str,
            children: str = "") -> str:
    device = f' device="{DEVICE}"' if source.endswith("Watch") else ""
    text = (f' <Record type="{kind}" sourceName="{source}" sourceVersion="10.1"{device} '
            f'unit="{unit}" creationDate="{end}" startDate="{start}" endDate="{end}" '
            f'value="{value}"')
    return f"{text}>\n{children} </Record>\n" if children else f"{text}/>\n"


def _day(day: date) -> str:
    offset = "-0700" if 70 <= day.timetuple().tm_yday <= 307 else "-0800"  # as DST, roughly
    text = day.isoformat()
    parts = []

    def at(minute: float) -> str:
        second = int(minute * 60) % 86400
        return f"{text} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d} {offset}"

    quantity = "HKQuantityTypeIdentifier"
    for n in range(PER_DAY["HeartRate"]):
        parts.append(_record(quantity + "HeartRate", "Ann’s Apple Watch", "count/min",
                             at(n * 1.2), at(n * 1.2), str(60 + n % 40),
                             '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" '
                             'value="0"/>\n' if n % 10 == 0 else ""))
    for kind, unit, count in (("ActiveEnergyBurned", "kcal", 800),
                              ("DistanceWalkingRunning", "km", 300),
                              ("BasalEnergyBurned", "kcal", 100)):
        for n in range(count):
            parts.append(_record(quantity + kind, "Ann’s Apple Watch", unit, at(n * 1440 / count),
                                 at(n * 1440 / count + 1), f"{0.05 + n % 7 / 100:.3f}"))
    for n in range(PER_DAY["StepCount"]):
        source = "Ann’s Apple Watch" if n % 3 else "Ann’s iPhone"
        parts.append(_record(quantity + "StepCount", source, "count", at(360 + n * 3),
                             at(361 + n * 3), str(20 + n % 50)))
    stages = ("AsleepCore", "AsleepDeep", "AsleepREM", "Awake")
    for n in range(PER_DAY["Sleep"]):
        parts.append(_record("HKCategoryTypeIdentifierSleepAnalysis", "Ann’s Apple Watch", "",
                             at(n * 20), at(n * 20 + 19),
                             f"HKCategoryValueSleepAnalysis{stages[n % 4]}"))
    for n in range(PER_DAY["HeartRateVariabilitySDNN"]):
        parts.append(_record(quantity + "HeartRateVariabilitySDNN", "Ann’s Apple Watch", "ms",
                             at(n * 180), at(n * 180 + 1), f"{35 + n * 1.5:.3f}",
                             "  <HeartRateVariabilityMetadataList>\n   "
                             '<InstantaneousBeatsPerMinute bpm="62" time="7:00:01.12 AM"/>\n'
                             "  </HeartRateVariabilityMetadataList>\n"))
    parts.append(_record(quantity + "RestingHeartRate", "Ann’s Apple Watch", "count/min",
                         at(0), at(1439), str(55 + day.toordinal() % 8)))
    return "".join(parts)


def write_export(path: Path, records: int) -> tuple[int, int]:
    """An export.xml of about ``records`` records at ``path``; its days and bytes."""
    days = max(1, round(records / RECORDS_A_DAY))
    start = date(2025, 1, 1) - timedelta(days=days)
    with path.open("w", encoding="utf-8") as file:
        file.write(HEAD)
        for n in range(days):
            file.write(_day(start + timedelta(days=n)))
        file.write("</HealthData>\n")
    return days, path.stat().st_size


class PeakMemory:
    """The process's peak resident memory above what it held when started, sampled."""

    def __init__(self, every: float = 0.02):
        import psutil

        self.process, self.every = psutil.Process(), every
        self.idle = self.process.memory_info().rss
        self.peak = self.idle
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def above_idle_mb(self) -> float:
        return (self.peak - self.idle) / 1024**2


def watch_figures(workdir: Path, records: int) -> dict:
    """Generate, read and import an export of about ``records`` records; the figures."""
    from planner.store import Store
    from planner.watch.reading import read_export

    path = workdir / "export.xml"
    days, size = write_export(path, records)
    store = Store(f"sqlite:///{workdir / 'watch.db'}")
    with PeakMemory() as memory:
        began, began_cpu = time.perf_counter(), time.process_time()
        with path.open("rb") as upload:
            found = read_export(upload)
        read_s = time.perf_counter() - began
        result = store.measures.save(found)
        total_s = time.perf_counter() - began
        cpu_s = time.process_time() - began_cpu
    again = time.perf_counter()
    with path.open("rb") as upload:
        second = store.measures.save(read_export(upload))
    second_s = time.perf_counter() - again
    store.dispose()
    path.unlink()
    if result.new != len(found) or second.new or second.changed:
        raise RuntimeError(f"the import wrote {result.new} of {len(found)} values, and a second "
                      f"import {second.new} more")
    actual = days * RECORDS_A_DAY
    per_second = actual / total_s
    # The machine is shared: CPU time is what the import costs when it has a core to itself.
    per_cpu_second = actual / cpu_s
    target_records, target_bytes = 10_000_000, 2 * 1024**3
    return {
        "watch_records": actual, "watch_mb": round(size / 1024**2, 1),
        "watch_daily_values": len(found),
        "watch_read_s": round(read_s, 2), "watch_import_s": round(total_s, 2),
        "watch_records_per_s": round(per_second),
        "watch_mb_per_s": round(size / 1024**2 / total_s, 1),
        "watch_peak_mb_above_idle": round(memory.above_idle_mb, 1),
        "watch_import_cpu_s": round(cpu_s, 2),
        "watch_reimport_s": round(second_s, 2),
        # At this rate, the 2 GB export (about 10 million records), by bytes and by
        # records (the slower of the two is the estimate).
        "watch_2gb_estimate_s": round(max(target_bytes / (size / total_s),
                                          target_records / per_second), 1),
        "watch_2gb_estimate_cpu_s": round(max(target_bytes / (size / cpu_s),
                                              target_records / per_cpu_second), 1),
    }


# Garmin's .fit files -------------------------------------------------------------------------

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
# Local message type: (global message number, its fields as (number, struct format, FIT base
# type)): file_id, monitoring_info, monitoring (steps), monitoring (heart rate by timestamp_16),
# monitoring_hr_data, sleep_level.
FIT_DEFINITIONS = {
    0: (0, ((0, "B", 0x00), (1, "H", 0x84), (2, "H", 0x84))),
    1: (103, ((253, "I", 0x86), (0, "I", 0x86))),
    2: (55, ((253, "I", 0x86), (5, "B", 0x00), (3, "I", 0x86))),
    3: (55, ((26, "H", 0x84), (27, "B", 0x02))),
    4: (211, ((253, "I", 0x86), (1, "B", 0x02))),
    5: (275, ((253, "I", 0x86), (0, "B", 0x00))),
}
FIT_MESSAGES_A_DAY = 2 + 1440 + 1 + 1 + 480  # two file_ids, the minutes, resting, sleep


def fit_file(rows: list[tuple[int, tuple[int, ...]]]) -> bytes:
    """A FIT file: a 14-byte header, the definitions, ``rows`` as (local type, values), CRCs."""
    from fitdecode.utils import compute_crc

    body = bytearray()
    for local, (number, fields) in FIT_DEFINITIONS.items():
        body += struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(fields))
        for field, shape, base in fields:
            body += struct.pack("<BBB", field, struct.calcsize(shape), base)
    for local, values in rows:
        shapes = "".join(shape for _, shape, _ in FIT_DEFINITIONS[local][1])
        body += struct.pack(f"<B{shapes}", local, *values)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    data = header + struct.pack("<H", compute_crc(header)) + body
    return data + struct.pack("<H", compute_crc(data))


def _fit_day(day: date) -> tuple[bytes, bytes]:
    """A day's monitoring file and the night's sleep file (Los Angeles, -08:00)."""
    midnight = int((datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
                    - FIT_EPOCH).total_seconds())
    device = (0, (32, 1, 3906))  # monitoring_b, Garmin, fenix 7
    rows = [device, (1, (midnight, midnight - 8 * 3600))]
    for minute in range(1440):
        moment = midnight + 60 * minute
        if minute % 15 == 0:
            rows.append((2, (moment, 6, 7 * minute)))  # walking, steps so far
        else:
            rows.append((3, (moment & 0xFFFF, 55 + minute % 40)))
    rows.append((4, (midnight + 86_000, 50 + day.toordinal() % 10)))
    levels = [(5, (midnight - 7200 + 60 * minute, 2 + minute // 90 % 3))
              for minute in range(480)]  # light, deep, REM from 22:00
    return fit_file(rows), fit_file([device, *levels])


def garmin_figures(workdir: Path, days: int = 30) -> dict:
    """Read and import ``days`` days of Garmin .fit files in a zip; the figures."""
    from planner.store import Store
    from planner.watch.reading import read_export

    buffer = io.BytesIO()
    start = date(2024, 1, 1)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(days):
            monitor, sleep = _fit_day(start + timedelta(days=n))
            archive.writestr(f"Monitor/{n}.fit", monitor)
            archive.writestr(f"Sleep/{n}.fit", sleep)
    data = buffer.getvalue()
    store = Store(f"sqlite:///{workdir / 'garmin.db'}")
    with PeakMemory() as memory:
        began, began_cpu = time.perf_counter(), time.process_time()
        result = store.measures.save(read_export(io.BytesIO(data)))
        total_s = time.perf_counter() - began
        cpu_s = time.process_time() - began_cpu
    store.dispose()
    if result.new != 3 * days:
        raise RuntimeError(f"{days} days of .fit files gave {result.new} daily values")
    messages = days * FIT_MESSAGES_A_DAY
    return {
        "garmin_days": days, "garmin_files": 2 * days,
        "garmin_zip_mb": round(len(data) / 1024**2, 2), "garmin_messages": messages,
        "garmin_import_s": round(total_s, 2), "garmin_import_cpu_s": round(cpu_s, 2),
        "garmin_messages_per_s": round(messages / total_s),
        "garmin_peak_mb_above_idle": round(memory.above_idle_mb, 1),
        # A year of a watch's wellness files at this rate, and with a core to itself.
        "garmin_year_estimate_s": round(365 / days * total_s, 1),
        "garmin_year_estimate_cpu_s": round(365 / days * cpu_s, 1),
    }
