"""Small Garmin .fit files made with fit-tool (a FIT writer) as a Garmin watch writes its
wellness files: a ``file_id`` naming the device, ``monitoring_info`` with the local time,
``monitoring`` messages with each activity type's running step total since local midnight
(some timed by ``timestamp_16``), ``monitoring_hr_data`` with the day's resting heart rate,
and a separate sleep file of ``sleep_level`` readings without any local time of its own.

Around Los Angeles' spring clock change (10 March 2024, 02:00 -08:00 became 03:00 -07:00).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.monitoring_hr_data_message import MonitoringHrDataMessage
from fit_tool.profile.messages.monitoring_info_message import MonitoringInfoMessage
from fit_tool.profile.messages.monitoring_message import MonitoringMessage
from fit_tool.profile.messages.sleep_level_message import SleepLevelMessage
from fit_tool.profile.profile_type import (
    ActivityType,
    FileType,
    GarminProduct,
    Manufacturer,
    SleepLevel,
)

FIT_EPOCH = int(datetime(1989, 12, 31, tzinfo=UTC).timestamp())
SOURCE = "Garmin fenix7"  # what Solace names the device the files come from
WINTER, SUMMER = -8, -7  # hours from UTC in Los Angeles


def utc(*moment: int) -> datetime:
    return datetime(*moment, tzinfo=UTC)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)  # fit-tool takes date_time fields in milliseconds


def _builder(kind: FileType, created: datetime) -> FitFileBuilder:
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = kind
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = GarminProduct.FENIX7.value
    file_id.serial_number = 3_456_789_012
    file_id.time_created = _ms(created)
    builder.add(file_id)
    return builder


def monitoring_file(at: datetime, hours: int, steps: list[tuple[datetime, str, int]],
                    resting: list[tuple[datetime, int]] = (), short_times: bool = False
                    ) -> bytes:
    """A monitoring_b file: its local time at ``at`` (``hours`` from UTC), step totals as
    (time, activity type, running total), and resting heart rates as (time, bpm). With
    ``short_times`` each step total after the first is timed by timestamp_16 alone."""
    builder = _builder(FileType.MONITORING_B, at)
    info = MonitoringInfoMessage()
    info.timestamp = _ms(at)
    info.local_timestamp = int(at.timestamp()) - FIT_EPOCH + hours * 3600  # FIT seconds
    builder.add(info)
    for n, (moment, activity, total) in enumerate(steps):
        message = MonitoringMessage()
        if short_times and n:
            message.timestamp_16 = (int(moment.timestamp()) - FIT_EPOCH) & 0xFFFF
        else:
            message.timestamp = _ms(moment)
        message.activity_type = ActivityType[activity.upper()]
        message.steps = total
        builder.add(message)
    for moment, bpm in resting:
        message = MonitoringHrDataMessage()
        message.timestamp = _ms(moment)
        message.resting_heart_rate = 60  # a 7-day average, which Solace leaves alone
        message.current_day_resting_heart_rate = bpm
        builder.add(message)
    return builder.build().to_bytes()


def sleep_file(levels: list[tuple[datetime, str]]) -> bytes:
    # The public FIT profile has no file type for sleep files (Garmin's own isn't in it), and
    # Solace reads messages whatever the file's type.
    builder = _builder(FileType.MONITORING_B, levels[0][0])
    for moment, level in levels:
        message = SleepLevelMessage()
        message.timestamp = _ms(moment)
        message.sleep_level = SleepLevel[level.upper()]
        builder.add(message)
    return builder.build().to_bytes()


def saturday(resting: int = 58) -> bytes:
    """9 March (-08:00): 3,000 steps walking and 500 running, the last total at 22:00 there
    (already 10 March in UTC), and a resting heart rate of ``resting``."""
    return monitoring_file(utc(2024, 3, 9, 8), WINTER, [
        (utc(2024, 3, 9, 18), "walking", 1000), (utc(2024, 3, 9, 19), "running", 500),
        (utc(2024, 3, 10, 6), "walking", 3000)], [(utc(2024, 3, 10, 4), resting)])


def sunday() -> bytes:
    """10 March after the change (-07:00): 4,000 steps walking (the last timed by
    timestamp_16) and a resting heart rate of 61."""
    return monitoring_file(utc(2024, 3, 10, 11), SUMMER, [
        (utc(2024, 3, 10, 15), "walking", 2500), (utc(2024, 3, 10, 20), "walking", 4000)],
        [(utc(2024, 3, 10, 21), 61)], short_times=True)


def the_night() -> bytes:
    """23:00 on 9 March (-08:00) to 07:00 on 10 March (-07:00): 390 minutes asleep and half
    an hour awake."""
    return sleep_file([(utc(2024, 3, 10, 7), "light"), (utc(2024, 3, 10, 9), "deep"),
                       (utc(2024, 3, 10, 10, 30), "awake"), (utc(2024, 3, 10, 11), "rem"),
                       (utc(2024, 3, 10, 12, 30), "light"), (utc(2024, 3, 10, 14), "awake")])


def garmin_zip(files: dict[str, bytes] | None = None) -> bytes:
    """The .fit files as Garmin Connect's export lays them out, beside files Solace ignores."""
    if files is None:
        files = {"2024-03-09-monitor.fit": saturday(), "2024-03-10-monitor.fit": sunday(),
                 "2024-03-10-sleep.fit": the_night()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"DI_CONNECT/DI-Connect-Uploaded-Files/{name}", data)
        archive.writestr("DI_CONNECT/DI-Connect-User/user_profile.json", "{}")
    return buffer.getvalue()
