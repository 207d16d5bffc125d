"""Daily measures from a watch or phone: resting heart rate, heart-rate variability (HRV),
sleep and steps, one value per day, measure and source (the device or app that measured it).

The readers (planner/watch/apple.py) turn an export into ``DailyMeasure`` records; this module
holds the rules for a value, how a day's value is chosen when several devices measured it, and
what an import would change. Nothing here reads files or writes to the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo

from planner.kernel import limits
from planner.kernel.checks import Day, has_control_characters, person_message, refuse

Measure = Literal["resting_hr", "hrv_sdnn", "sleep_minutes", "steps"]
MEASURES: tuple[Measure, ...] = ("resting_hr", "hrv_sdnn", "sleep_minutes", "steps")
LABELS = {"resting_hr": "Resting heart rate", "hrv_sdnn": "Heart-rate variability (HRV)",
          "sleep_minutes": "Sleep", "steps": "Steps"}
UNITS = {"resting_hr": "beats a minute", "hrv_sdnn": "ms", "sleep_minutes": "minutes",
         "steps": "steps"}
BOUNDS = {"resting_hr": limits.RESTING_HR, "hrv_sdnn": limits.HRV_SDNN,
          "sleep_minutes": limits.SLEEP_MINUTES, "steps": limits.STEPS}
# How a value reads in a refusal: "A resting heart rate of 400 beats a minute ..."
_NAMED = {"resting_hr": "a resting heart rate", "hrv_sdnn": "a heart-rate variability",
          "sleep_minutes": "a night's sleep", "steps": "a day's steps"}


def _source(value: object) -> object:
    if not isinstance(value, str):
        raise refuse("A source is the name of a device or app, as text.")
    value = " ".join(value.split())
    if not value:
        raise refuse("Each value needs the name of the device or app that measured it.")
    if has_control_characters(value):
        raise refuse("A device's name can't contain control characters.")
    return value[:limits.SOURCE_MAX_LENGTH]


Source = Annotated[str, BeforeValidator(_source)]


def _value(value: object, info: ValidationInfo) -> object:
    measure = info.data.get("measure")
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise refuse("A measured value is a number.")
    bounds = BOUNDS.get(measure)
    if bounds is not None and value not in bounds:
        shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        raise refuse(f"{_NAMED[measure].capitalize()} of {shown} {UNITS[measure]} isn't "
                     f"plausible: Solace takes {bounds.low:,} to {bounds.high:,}.")
    return float(value)


class DailyMeasure(BaseModel):
    """One day's value of one measure from one source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: Day
    measure: Measure  # checked before value, whose bounds depend on it
    value: Annotated[float, BeforeValidator(_value)]
    source: Source

    @property
    def key(self) -> tuple[date, str, str]:
        return self.day, self.measure, self.source


def daily_measure(day: date, measure: str, value: float, source: str) -> DailyMeasure:
    """A record, or ``ValueError`` in the rule's own words (the readers add where it was)."""
    try:
        return DailyMeasure(day=day, measure=measure, value=value, source=source)
    except ValidationError as error:
        raise ValueError(person_message(error.errors(include_url=False)[0])) from None


def day_values(records: Iterable[DailyMeasure]) -> dict[Measure, dict[date, float]]:
    """One value per day and measure, when several devices measured the same day: the most
    steps and the longest sleep (a phone left on a desk counts fewer steps than the watch
    worn all day; the device not worn at night records little sleep), and the mean of the
    heart readings (each device's own estimate of the same quantity)."""
    found: dict[str, dict[date, list[float]]] = {measure: {} for measure in MEASURES}
    for record in records:
        found[record.measure].setdefault(record.day, []).append(record.value)
    pick = {"steps": max, "sleep_minutes": max, "resting_hr": fmean, "hrv_sdnn": fmean}
    return {measure: {day: pick[measure](values) for day, values in sorted(days.items())}
            for measure, days in found.items()}


@dataclass(frozen=True)
class Preview:
    """What importing an export would do, before anything is written."""

    records: tuple[DailyMeasure, ...]
    new: int
    changed: int
    unchanged: int

    @property
    def days(self) -> int:
        return len({record.day for record in self.records})

    @property
    def first(self) -> date | None:
        return min((record.day for record in self.records), default=None)

    @property
    def last(self) -> date | None:
        return max((record.day for record in self.records), default=None)

    def per_measure(self) -> dict[str, int]:
        """Days with a value, by measure (in the order of ``MEASURES``), for those present."""
        counts = {measure: len({r.day for r in self.records if r.measure == measure})
                  for measure in MEASURES}
        return {measure: count for measure, count in counts.items() if count}

    @property
    def sources(self) -> list[str]:
        return sorted({record.source for record in self.records})


def compare(records: Iterable[DailyMeasure], here: Mapping[tuple[date, str, str], float]
            ) -> tuple[list[DailyMeasure], list[DailyMeasure], int]:
    """The records new here, those with another value here, and how many are the same."""
    new, changed, same = [], [], 0
    for record in records:
        stored = here.get(record.key)
        if stored is None:
            new.append(record)
        elif abs(stored - record.value) > 1e-9 * max(1.0, abs(stored)):
            changed.append(record)
        else:
            same += 1
    return new, changed, same


def preview(records: Iterable[DailyMeasure], here: Mapping[tuple[date, str, str], float]
            ) -> Preview:
    records = tuple(records)
    new, changed, same = compare(records, here)
    return Preview(records, len(new), len(changed), same)
