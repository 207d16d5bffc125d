"""Every bound a value can have, defined once: the models validate with these and the widgets
read them, so what a form allows and what the core accepts never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bounds:
    low: int
    high: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool) and (
            self.low <= value <= self.high)

    def clamp(self, value: int) -> int:
        """The nearest value within bounds."""
        return min(max(value, self.low), self.high)

    def choices(self) -> list[int]:
        """Every whole number from low to high, for a row of buttons."""
        return list(range(self.low, self.high + 1))


RATING = Bounds(0, 10)  # stress, swelling, pain, sleep: 0 none or calm, 10 the most
PULSE = Bounds(30, 220)  # resting beats a minute a person could plausibly record
SYSTOLIC = Bounds(70, 250)  # the upper blood-pressure number, mmHg
DIASTOLIC = Bounds(40, 150)  # the lower one
SOCK_HOURS_MAX = 24  # hours in compression socks: more than 0, at most a day
STEP_SECONDS = Bounds(1, 3600)  # one step of a routine (per foot for per-foot steps)
SWITCH_PAUSE = Bounds(0, 30)  # the pause between the left and the right foot, seconds
SWITCH_PAUSE_DEFAULT = 5
MAX_STEPS = 40  # steps in one routine
MANUAL_MINUTES = Bounds(1, 300)  # a session logged by hand
# The longest a routine can plan (every step at its longest, on both feet, with the pause):
# no session can have planned or spent more.
SESSION_SECONDS_MAX = MAX_STEPS * (2 * STEP_SECONDS.high + SWITCH_PAUSE.high)
STEP_NAME_MAX_LENGTH = 120  # a technique's name in the shipped library
NAME_MAX_LENGTH = 60  # routine and session names
NOTES_MAX_LENGTH = 2000
VOLUME = Bounds(0, 100)  # percent
BREATHE_IN = Bounds(2, 10)  # seconds, the breathing pacer
BREATHE_OUT = Bounds(2, 12)
EARLIEST_DAY = date(1900, 1, 1)  # nothing in a person's log is older
FUTURE_GRACE_SECONDS = 60  # clocks differ a little between browser and server

# Signing in (a hosted Solace): a sign-in lasts this long, then the person signs in again. The
# browser's cookie expires then (planner/ui/app/auth_cookie.py) and an older sign-in is refused.
SIGN_IN_DAYS = 7

# A run in progress (planner.runs): the Run page tells the server it is still there this often
# while it shows a running countdown; unseen for longer than AWAY_AFTER, the person has left.
SEEN_EVERY_SECONDS = 20
AWAY_AFTER_SECONDS = 50

# The weekly plan (planner.schedule)
PLAN_SLOTS_MAX = 21  # sessions a week someone could plan: three a day
REMINDER_MINUTES = Bounds(0, 24 * 60)  # how long before a planned session the calendar reminds

# A personal experiment (planner.experiments)
EXPERIMENT_BLOCKS = Bounds(2, 20)  # blocks, each holding every condition once
EXPERIMENT_DAYS_PER_CONDITION = Bounds(1, 7)  # days a turn of one condition lasts

# Importing a file (planner.backup): bigger, deeper or more compressed than this is refused
IMPORT_BYTES_MAX = 64 * 1024 * 1024  # about ten times 10 years of a busy log
IMPORT_JSON_DEPTH_MAX = 16  # a backup nests 5 deep; far deeper is an attack, not a backup
ZIP_RATIO_MAX = 100  # uncompressed size over compressed, per file; text compresses about 10x
ZIP_FILES_MAX = 16  # files inside one zip
# Counted before a file is parsed, so a file made of millions of tiny records is refused before
# it fills the server's memory (a 64 MB file of empty records once took 3.4 GB to refuse).
# Ten years of sample data is 11,000 records, 11,000 JSON objects and 190,000 field names and
# values.
IMPORT_CSV_LINES_MAX = 50_000  # a check-in a day for over a hundred years
# Records of one kind in a backup (sessions, check-ins...), counted as they are read: each is
# kept until the import writes them all, so this bounds what a file of valid records costs.
IMPORT_RECORDS_MAX = 50_000  # thirteen sessions a day for ten years
IMPORT_JSON_OBJECTS_MAX = 300_000  # {...} in a backup: records and the steps in them
# Numbers, texts, lists and objects (or names and texts, whichever is more): a run of twelve
# steps is about 400 (its plan is copied in, with how-to texts), so a run a day for ten years
# is 1.5 million.
IMPORT_JSON_VALUES_MAX = 2_000_000

# Daily measures from a watch (planner.watch): outside these a value is a fault, not a day
RESTING_HR = Bounds(25, 200)  # resting beats a minute (trained athletes reach the high 20s)
HRV_SDNN = Bounds(1, 300)  # heart-rate variability, SDNN in milliseconds
SLEEP_MINUTES = Bounds(1, 24 * 60)  # asleep in one night
STEPS = Bounds(0, 150_000)  # steps in a day; an ultramarathon is about 100,000
SOURCE_MAX_LENGTH = 120  # a device's or app's name ("Ann's Apple Watch")
# A watch export (planner.watch.reading): an Apple Health export.xml is often 1-5 GB
WATCH_XML_BYTES_MAX = 16 * 1024**3
WATCH_DB_BYTES_MAX = 1024**3  # Health Connect's database, read in memory: a year is ~50 MB
WATCH_FIT_BYTES_MAX = 1024**3  # Garmin's .fit files, all of one upload: a year is ~100 MB
WATCH_FIT_READINGS_MAX = 3_000_000  # readings kept from them (steps, sleep levels): ~10 years
WATCH_ZIP_RATIO_MAX = 200  # Apple's XML compresses about 20x; a zip bomb about 1000x
WATCH_ZIP_FILES_MAX = 100_000  # Apple's export holds ECG and route files beside the XML
# The browser holds an upload in the server's memory while it is read: bigger exports go
# through the command line (python -m planner.watch import FILE), which streams from disk.
WATCH_UPLOAD_MB = 512
