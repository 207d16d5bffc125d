"""Your data as a file: what a backup holds, written as JSON, and how a problem in a file is
put into words.

A backup is one JSON document with a ``schema_version``: every routine, run, session, check-in,
the weekly plan, the experiments, the health profile and the preferences, one record a line.
Version 2 added the experiments; a version 1 file reads as one without any. Version 5 added
the daily measures from a watch (``measures``); older files read as having none. Version 3 marks
sample data once, as ``is_sample`` (the app's own name); versions 1 and 2 also carried a
``sample`` field, which is what they meant, and read as that (planner/backup/reading.py).
Version 7 lets an experiment compare on a watch's measure; older files only hold ratings,
which read as before. The logs also go out as CSV files (planner/backup/spreadsheet.py).
Nothing here writes: planner/backup/repo.py imports a ``Backup`` in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from planner.catalog.model import Condition, Identifier
from planner.experiments.model import Design
from planner.journal.model import CheckIn, Session
from planner.kernel import limits
from planner.kernel.checks import PERSON, Name, Rating
from planner.kernel.errors import Problem
from planner.routines.model import RoutineStep, TimedStep
from planner.runs.timer import ActionKind
from planner.schedule.model import Slot
from planner.settings.model import Preferences
from planner.watch.model import DailyMeasure

FORMAT = "solace-backup"
# 5: a watch's daily values; 6: a check-in may leave swelling and pain unrated (null); 7: an
# experiment's outcome may be a watch's measure ("resting_hr", "hrv_sdnn", "sleep_minutes")
SCHEMA_VERSION = 7
SAMPLE_FIELD_UNTIL = 2  # the last schema version whose records said "sample"
NOTHING_CHANGED = "Nothing was imported."
class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RoutineRecord(_Record):
    name: Name
    switch_pause_seconds: int = Field(ge=limits.SWITCH_PAUSE.low, le=limits.SWITCH_PAUSE.high,
                                      strict=True)
    steps: tuple[RoutineStep, ...] = Field(max_length=limits.MAX_STEPS)


class ActionRecord(_Record):
    kind: ActionKind
    at: float = Field(ge=0, allow_inf_nan=False)  # seconds since the epoch


class RunRecord(_Record):
    """A run as started: its own copy of the plan and what the person did. ``key`` numbers it
    within the file, so a session can say which run it came from."""

    key: int = Field(ge=1, strict=True)
    routine_name: Name
    plan: tuple[TimedStep, ...]
    stress_before: Rating | None = None
    status: Literal["active", "logged", "discarded"]
    created_at: AwareDatetime
    actions: tuple[ActionRecord, ...] = ()
    # Techniques started although the health profile advised against them: the person
    # confirmed each on the Run page.
    confirmed: tuple[Identifier, ...] = ()


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


class MeasureRecord(DailyMeasure):
    """A day's value of one measure from one device or app (planner.watch)."""


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
    measures: tuple[MeasureRecord, ...] = ()


SECTIONS = ("routines", "runs", "sessions", "checkins", "plan", "experiments", "measures")
ONE_RECORD = {"routines": "routine", "runs": "run", "sessions": "session",
              "checkins": "check-in", "plan": "plan entry", "experiments": "experiment",
              "measures": "daily measure"}


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




def utc_text(moment: datetime) -> str:
    try:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OverflowError:  # the last hours of 9999 in a zone behind UTC are past the year 9999
        return moment.isoformat()


# Problems, in words and in place ------------------------------------------------------------

def refused(message: str) -> Problem:
    return Problem("file", f"{message} {NOTHING_CHANGED}")


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
    """A pydantic error in plain words, to follow "Line 3, field “stress”: " in a sentence."""
    if error["type"] == PERSON:  # the rule's own words (planner.kernel.checks)
        message = str(error["msg"]).rstrip(".")
        return message[:1].lower() + message[1:]
    wording = _PLAIN_ERRORS.get(error["type"])
    if wording is not None:
        return wording(error.get("ctx") or {})
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def field_path(parts: Sequence[object]) -> str:
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
    return refused(f"{where}: {what}.")


def record_label(section: str, index: int) -> str:
    return f"{ONE_RECORD[section]} {index + 1}"


