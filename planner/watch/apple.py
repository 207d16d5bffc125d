"""Apple Health's export.xml, read as a stream: the four kinds of record Solace uses become
one value a day per source (the device or app named in ``sourceName``).

- Resting heart rate and HRV (SDNN): the mean of the day's readings.
- Steps: summed per source and day. Apple exports the phone's and the watch's counts of the
  same walk as separate, overlapping records, so they are never added together: each source
  keeps its own total, and a day's value is the larger one (planner.watch.model.day_values).
- Sleep: only the "asleep" stages (not "in bed" or "awake"); one source's stages are joined
  into nights (a gap of three hours or more starts a new night), overlaps counted once, and a
  night counted to the day it ends, in that record's own offset.

A record's day is its own local day: "2024-03-10 07:12:00 -0800" is 10 March wherever the
person is now; the offsets change with daylight saving inside one export and are respected.

The XML is read by expat (a C parser, about twice as fast as building ElementTree elements,
which matters for a 2 GB export) with the guards defusedxml puts on it: any entity declaration
or external reference stops the reading with defusedxml's own exceptions, so the "billion
laughs" and external-entity tricks never expand; no element is kept once seen.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import BinaryIO
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from planner.kernel.errors import Problem
from planner.watch.archive import CUT_SHORT, daily_records, refused
from planner.watch.model import DailyMeasure

RESTING_HR = "HKQuantityTypeIdentifierRestingHeartRate"
HRV_SDNN = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STEPS = "HKQuantityTypeIdentifierStepCount"
WANTED = frozenset({RESTING_HR, HRV_SDNN, SLEEP, STEPS})
ASLEEP = frozenset({  # iOS 16 split "asleep" into stages; older exports say only "Asleep"
    "HKCategoryValueSleepAnalysisAsleep", "HKCategoryValueSleepAnalysisAsleepUnspecified",
    "HKCategoryValueSleepAnalysisAsleepCore", "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM"})
NIGHT_GAP = timedelta(hours=3)  # asleep again after less than this: the same night
CHUNK_BYTES = 1 << 20
Progress = Callable[[float, str], None]
DATE_SHAPE = "like 2024-03-10 07:12:00 -0800"


class _Refused(Exception):
    """Raised inside expat's handler; the reader adds the line and turns it into a Problem."""


def moment(text: str) -> datetime:
    """Apple's "2024-03-10 07:12:00 -0800": an aware datetime in the record's own offset."""
    if len(text) != 25 or text[10] != " " or text[19] != " ":
        raise ValueError(text)
    return datetime.fromisoformat(text[:19] + text[20:])


def _number(text: str | None) -> float:
    value = float(text)  # type: ignore[arg-type]
    if not math.isfinite(value):
        raise ValueError(text)
    return value


class _Days:
    """Sums and counts per (source, day, kind), and each source's asleep intervals."""

    def __init__(self) -> None:
        self.steps: dict[tuple[str, str], float] = {}
        self.heart: dict[tuple[str, str, str], list[float]] = {}  # [sum, count]
        self.sleep: dict[str, list[tuple[datetime, datetime]]] = {}
        self.records = 0

    def add(self, attrs: dict[str, str]) -> None:
        kind = attrs["type"]
        source = attrs.get("sourceName") or "Unnamed device"
        start = attrs.get("startDate") or ""
        try:
            if kind == SLEEP:
                if attrs.get("value") in ASLEEP:
                    began, ended = moment(start), moment(attrs.get("endDate") or "")
                    if ended > began:
                        self.sleep.setdefault(source, []).append((began, ended))
                    self.records += 1
                return
            value = _number(attrs.get("value"))
            day = start[:10]
            moment(start)  # its shape, so a day is never made of a broken date
        except (ValueError, TypeError):
            raise _Refused(f"a {kind.removeprefix('HKQuantityTypeIdentifier')} record has a "
                           f"date or value Solace can't read (dates look {DATE_SHAPE}, values "
                           "are numbers)") from None
        self.records += 1
        if kind == STEPS:
            if value < 0:
                raise _Refused(f"a step count of {value:,.0f} can't be right")
            key = (source, day)
            self.steps[key] = self.steps.get(key, 0.0) + value
        else:
            found = self.heart.setdefault((source, day, kind), [0.0, 0])
            found[0] += value
            found[1] += 1

    def nights(self) -> dict[tuple[str, date], float]:
        """Minutes asleep by source and the day each night ends (its own offset)."""
        minutes: dict[tuple[str, date], float] = {}
        for source, spans in self.sleep.items():
            spans.sort()
            night_start, night_end, asleep = spans[0][0], spans[0][1], 0.0
            covered_to = night_start
            ends_at = spans[0][1]
            for began, ended in spans:
                if began - night_end >= NIGHT_GAP:
                    key = (source, ends_at.date())
                    minutes[key] = minutes.get(key, 0.0) + asleep
                    night_start, night_end, asleep, covered_to = began, ended, 0.0, began
                # asleep time not counted yet: overlapping stages (two apps) count once
                fresh_from = max(began, covered_to)
                if ended > fresh_from:
                    asleep += (ended - fresh_from).total_seconds() / 60
                    covered_to = ended
                if ended >= night_end:
                    night_end, ends_at = ended, ended
            key = (source, ends_at.date())
            minutes[key] = minutes.get(key, 0.0) + asleep
        return minutes

    def measures(self) -> list[DailyMeasure]:
        found: list[tuple[str, str, str, float]] = []
        for (source, day), total in self.steps.items():
            found.append((day, "steps", source, round(total)))
        names = {RESTING_HR: "resting_hr", HRV_SDNN: "hrv_sdnn"}
        for (source, day, kind), (total, count) in self.heart.items():
            found.append((day, names[kind], source, round(total / count, 1)))
        for (source, day), minutes in self.nights().items():
            found.append((day.isoformat(), "sleep_minutes", source, round(minutes)))
        return daily_records((date.fromisoformat(day), *rest) for day, *rest in found)


def _refuse_entities(*_args) -> None:
    raise EntitiesForbidden(None, None, None, None, None, None)


def _refuse_external(*_args) -> None:
    raise ExternalReferenceForbidden(None, None, None, None)


def guarded_parser() -> expat.XMLParserType:
    """An expat parser with defusedxml's guards: no entity declarations, no external
    references, no parameter entities (the DTD Apple writes declares only elements)."""
    parser = expat.ParserCreate()
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.ExternalEntityRefHandler = _refuse_external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _damaged(error: expat.ExpatError) -> Problem:
    cut_short = {expat.errors.codes[message] for message in (
        expat.errors.XML_ERROR_NO_ELEMENTS, expat.errors.XML_ERROR_UNCLOSED_TOKEN,
        expat.errors.XML_ERROR_PARTIAL_CHAR)}
    if error.code in cut_short:
        return refused(CUT_SHORT)
    return refused(f"Line {error.lineno}: the XML is damaged here "
                   f"({expat.errors.messages[error.code]}), so it isn't a whole Apple Health "
                   "export.")


def _parse(parser: expat.XMLParserType, stream: BinaryIO, size: int,
           progress: Progress | None) -> None:
    """Feed the whole stream to ``parser``; ``Problem`` for anything it refuses."""
    done = 0
    try:
        while chunk := stream.read(CHUNK_BYTES):
            parser.Parse(chunk, False)
            done += len(chunk)
            if progress is not None:
                progress(min(1.0, done / max(size, 1)), "Reading the export")
        parser.Parse(b"", True)
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden):
        raise refused("This file declares XML entities, which an Apple Health export never "
                      "does (they are a trick to make a file expand without end or read "
                      "other files), so Solace stopped reading it.") from None
    except _Refused as problem:
        raise refused(f"Line {parser.CurrentLineNumber}: {problem}.") from None
    except expat.ExpatError as error:
        raise _damaged(error) from None


def read_apple_xml(stream: BinaryIO, size: int, progress: Progress | None = None
                   ) -> list[DailyMeasure]:
    """Daily measures from an export.xml stream of ``size`` bytes; ``Problem`` (saying what
    and on which line) for anything that isn't a whole, honest Apple Health export."""
    days = _Days()
    parser = guarded_parser()
    parser.ordered_attributes = True

    def record(name: str, attrs: list[str]) -> None:
        # Attributes as a flat list (cheaper than a dict for the records passed over); Apple
        # writes the type first, and a record that doesn't is read the long way.
        if name != "Record":
            return
        if attrs and attrs[0] == "type" and attrs[1] not in WANTED:
            return
        found = dict(zip(attrs[::2], attrs[1::2], strict=True))
        if found.get("type") in WANTED:
            days.add(found)

    def first(name: str, _attrs: list[str]) -> None:
        if name != "HealthData":
            raise _Refused("this XML isn't an Apple Health export (it doesn't begin with "
                           "<HealthData>)")
        parser.StartElementHandler = record

    parser.StartElementHandler = first
    _parse(parser, stream, size, progress)
    if not days.records:
        raise refused("This export holds no resting heart rate, heart-rate variability, "
                      "sleep or steps.")
    return days.measures()
