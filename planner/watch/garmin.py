"""Garmin's .fit files, read with fitdecode: the daily measures Solace uses, from the wellness
files a Garmin watch writes (its Monitor and Sleep folders; Garmin Connect's daily wellness
download is a zip of them).

What is taken, by FIT message (Garmin's FIT SDK profile):
- ``monitoring`` (steps): Garmin writes each activity type's steps (walking, running, ...) as a
  running total since local midnight, so a day's steps are the largest total of each type
  that day, added over the types.
- ``monitoring_hr_data`` (resting heart rate): ``current_day_resting_heart_rate`` is the day's
  own (``resting_heart_rate`` beside it is a 7-day average, left alone); the day's last.
- ``sleep_level`` (sleep): each reading starts a level (awake, light, deep, REM) that lasts
  until the next; light, deep and REM count as asleep. Readings three hours or more apart
  belong to different nights, and a night counts to the day it ends.
- Heart-rate variability is left out: Garmin's HRV status (``hrv_status_summary``) is RMSSD,
  not the SDNN Solace compares, and the two aren't the same quantity (as for Health Connect).

Times in FIT are UTC seconds since 31 December 1989 (fitdecode gives them as datetimes). The
person's local time is in ``monitoring_info`` (and a ``monitoring`` message's own
``local_timestamp``): the difference between that and the UTC time is the offset then in
force, and each value takes the offset last seen at or before it (the first one, before any),
so travel and clock changes move the day boundary where they happened. Files without any
local time (a lone sleep file) are refused: their days can't be told.

The source of each value is the device, from ``file_id`` (its product name, or Garmin's
product code, such as "fenix7").
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import BinaryIO

import fitdecode

from planner.kernel import limits
from planner.watch.archive import CUT_SHORT, daily_records, refused
from planner.watch.model import DailyMeasure

ASLEEP = frozenset({"light", "deep", "rem"})
NIGHT_GAP = 3 * 3600  # seconds between readings that start a new night
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
UNIX_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
Progress = Callable[[float, str], None]
# What fitdecode raises beside its own errors on bytes that pass the CRC but don't follow the
# format (a field of the wrong size or type), as trying it on altered files shows.
MALFORMED = (TypeError, ValueError, AssertionError, IndexError, KeyError, OverflowError,
             struct.error, UnicodeDecodeError)


class _Malformed(Exception):
    """A file whose check sum is right but whose contents don't follow the FIT format."""


@dataclass
class _Readings:
    """What the files hold, before days are told: each value with its time (Unix seconds,
    UTC) and source. ``kept`` counts them, so a file can't hold more than a watch makes."""

    offsets: list[tuple[int, int]] = field(default_factory=list)  # (moment, seconds)
    steps: list[tuple[int, str, str, int]] = field(default_factory=list)  # type, total
    resting: list[tuple[int, str, int]] = field(default_factory=list)
    sleep: dict[str, dict[int, str]] = field(default_factory=dict)  # by source
    kept: int = 0
    _times: list[int] = field(default_factory=list)

    def keep(self) -> None:
        self.kept += 1
        if self.kept > limits.WATCH_FIT_READINGS_MAX:
            raise refused(f"These .fit files hold more than {limits.WATCH_FIT_READINGS_MAX:,} "
                          "readings, more than a watch makes in years. Import them in parts, "
                          "a year or two at a time.")

    def ready(self) -> None:
        """Sort the offsets once, before any day is told."""
        self.offsets.sort()
        self._times = [moment for moment, _ in self.offsets]

    def local_day(self, moment: int) -> date:
        at = max(0, bisect.bisect_right(self._times, moment) - 1)
        return date.fromordinal(UNIX_EPOCH_ORDINAL + (moment + self.offsets[at][1]) // 86400)


def _source(values: dict) -> str:
    """The device's name: its product name, or Garmin's name for the product code (a code
    without a name says nothing to a person, so "Garmin device")."""
    named = values.get("product_name") or values.get("garmin_product") or values.get("product")
    maker = values.get("manufacturer")
    if maker in (None, "garmin"):
        maker = "Garmin"
    else:  # another maker's name, or its number when fitdecode has no name for it
        maker = maker.replace("_", " ").title() if isinstance(maker, str) else "Unnamed"
    if not isinstance(named, str) or not named.strip():
        return f"{maker} device"
    return f"{maker} {named}"


def _offset(local: object, utc: datetime) -> int | None:
    """The local offset in force, in seconds: local_date_time is the wall clock written as
    if it were UTC."""
    if not isinstance(local, datetime):
        return None
    offset = (local.replace(tzinfo=None) - utc.replace(tzinfo=None)).total_seconds()
    if abs(offset) > 14 * 3600:
        return None  # no time zone is this far from UTC: not a local time
    return 900 * round(offset / 900)  # whole quarter hours, as every time zone is


def _messages(stream: BinaryIO) -> Iterator[tuple[str, dict]]:
    """(message name, its field values) of each data message; CRCs checked."""
    reader = fitdecode.FitReader(stream, check_crc=fitdecode.CrcCheck.RAISE,
                                 error_handling=fitdecode.ErrorHandling.IGNORE)
    with reader:
        frames = iter(reader)
        while True:
            try:
                frame = next(frames, None)
            except MALFORMED as error:
                raise _Malformed(str(error)) from error
            if frame is None:
                return
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                yield frame.name, {data.name: data.value for data in frame.fields}


def _read_file(stream: BinaryIO, readings: _Readings) -> None:
    source = "Garmin device"
    last_time: datetime | None = None
    for name, values in _messages(stream):
        moment = values.get("timestamp")
        if isinstance(moment, datetime):
            last_time = moment
        elif isinstance(values.get("timestamp_16"), int) and last_time is not None:
            # The low 16 bits of the time, after the last full timestamp.
            fit_seconds = int((last_time - FIT_EPOCH).total_seconds())
            step = (values["timestamp_16"] - fit_seconds) & 0xFFFF
            moment = last_time = last_time + timedelta(seconds=step)
        if name == "file_id":
            source = _source(values)
            continue
        if not isinstance(moment, datetime):
            continue
        seconds = int(moment.timestamp())
        offset = _offset(values.get("local_timestamp"), moment)
        if offset is not None and name in ("monitoring_info", "monitoring"):
            readings.offsets.append((seconds, offset))
            readings.keep()
        if name == "monitoring" and isinstance(values.get("steps"), int):
            readings.steps.append((seconds, source, str(values.get("activity_type")),
                                   values["steps"]))
        elif (name == "monitoring_hr_data"
              and isinstance(values.get("current_day_resting_heart_rate"), int)):
            readings.resting.append((seconds, source, values["current_day_resting_heart_rate"]))
        elif name == "sleep_level" and isinstance(values.get("sleep_level"), str):
            readings.sleep.setdefault(source, {})[seconds] = values["sleep_level"]
        else:
            continue
        readings.keep()


def _nights(readings: _Readings) -> dict[tuple[str, date], float]:
    """Minutes asleep by source and the local day each night ends."""
    minutes: dict[tuple[str, date], float] = {}
    for source, levels in readings.sleep.items():
        times = sorted(levels)
        asleep = 0.0
        for began, following in zip(times, times[1:] + [None], strict=True):
            if following is None or following - began >= NIGHT_GAP:
                key = (source, readings.local_day(began))  # the night's last reading
                minutes[key] = minutes.get(key, 0.0) + asleep
                asleep = 0.0
            elif levels[began] in ASLEEP:
                asleep += (following - began) / 60
    return {key: total for key, total in minutes.items() if total > 0}


def _measures(readings: _Readings) -> list[DailyMeasure]:
    most: dict[tuple[str, date, str], int] = {}
    for moment, source, kind, total in readings.steps:
        key = (source, readings.local_day(moment), kind)
        most[key] = max(most.get(key, 0), total)
    steps: dict[tuple[str, date], int] = {}
    for (source, day, _kind), total in most.items():
        steps[(source, day)] = steps.get((source, day), 0) + total
    resting: dict[tuple[str, date], tuple[int, int]] = {}
    for moment, source, bpm in readings.resting:
        key = (source, readings.local_day(moment))
        if key not in resting or moment >= resting[key][0]:
            resting[key] = (moment, bpm)
    found = [(day, "steps", source, total) for (source, day), total in steps.items()]
    found += [(day, "resting_hr", source, bpm) for (source, day), (_, bpm) in resting.items()]
    found += [(day, "sleep_minutes", source, round(total))
              for (source, day), total in _nights(readings).items()]
    return daily_records(found)


def _damaged(name: str, error: Exception) -> str:
    where = f"{name}: " if name else ""
    if isinstance(error, _Malformed):
        return (f"{where}the file is damaged: its contents don't follow the FIT format. Export "
                "it again and try once more.")
    if isinstance(error, fitdecode.FitCRCError):
        return (f"{where}the file's check sum doesn't match its contents, so it was changed or "
                "damaged after the watch wrote it. Export it again and try once more.")
    if isinstance(error, fitdecode.FitHeaderError) and "truncated" not in str(error):
        return (f"{where}this isn't a Garmin .fit file (its header isn't a FIT header). "
                "Upload the .fit files from Garmin Connect's export, or a zip of them.")
    return f"{where}{CUT_SHORT}"


def read_garmin(files: Iterable[tuple[str, BinaryIO]], count: int,
                progress: Progress | None = None) -> list[DailyMeasure]:
    """Daily measures from ``count`` .fit files given as (name, stream); ``Problem`` (naming
    the file) for a damaged or foreign one, and for values that can't be right."""
    readings = _Readings()
    for done, (name, stream) in enumerate(files, start=1):
        try:
            _read_file(stream, readings)
        except (fitdecode.FitError, _Malformed) as error:
            raise refused(_damaged(name, error)) from None
        if progress is not None:
            progress(min(1.0, done / max(count, 1)), "Reading the .fit files")
    these, hold, say = (("This .fit file", "holds", "doesn't") if count == 1
                         else ("These .fit files", "hold", "don't"))
    if not (readings.steps or readings.resting or readings.sleep):
        raise refused(f"{these} {hold} no resting heart rate, sleep or steps (Garmin writes "
                      "them in its wellness files; an activity's file has none).")
    if not readings.offsets:
        raise refused(f"{these} {say} say the local time (Garmin writes it in its wellness "
                      "“monitoring” files), so Solace can't tell which day a value belongs "
                      "to. Upload a zip of them with the monitoring files of the same days.")
    readings.ready()
    return _measures(readings)
