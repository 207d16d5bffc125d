"""The technique library: techniques, pressure points and preset routines shipped in ``data/``.

Everything is validated with pydantic when loaded. A broken file raises ``CatalogError`` naming the
file and the field, so the app can stop with a message a person can act on.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from planner.kernel import limits
from planner.kernel.formatting import format_total

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
ShortText = Annotated[str, Field(min_length=1, max_length=120)]
Prose = Annotated[str, Field(min_length=1, max_length=600)]


class Condition(StrEnum):
    """Health conditions a person can tick in their profile (Settings)."""

    PREGNANCY = "pregnancy"
    CLOTTING = "clotting"
    REDUCED_SENSATION = "reduced_sensation"
    VARICOSE_VEINS = "varicose_veins"
    FOOT_INJURY = "foot_injury"


class Pressure(StrEnum):
    NONE = "none"
    LIGHT = "light"
    MODERATE = "moderate"
    FIRM = "firm"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Caution(Frozen):
    """Advice tied to one health condition.

    ``avoid`` means the builder will not add the technique for someone with that condition unless
    they confirm; ``care`` means it is added with the advice shown beside the step.
    """

    condition: Condition
    level: Literal["avoid", "care"]
    advice: Prose


class Technique(Frozen):
    id: Identifier
    name: ShortText
    category: ShortText
    purpose: Prose
    how_to: list[Prose] = Field(min_length=1, max_length=8)
    default_seconds: int = Field(ge=limits.STEP_SECONDS.low, le=limits.STEP_SECONDS.high)
    min_seconds: int = Field(ge=limits.STEP_SECONDS.low, le=limits.STEP_SECONDS.high)
    max_seconds: int = Field(ge=limits.STEP_SECONDS.low, le=limits.STEP_SECONDS.high)
    per_foot: bool
    pressure: Pressure
    equipment: list[ShortText] = Field(default_factory=list)
    cautions: list[Caution] = Field(default_factory=list)
    pressure_point: Identifier | None = None
    is_breathing: bool = False

    @model_validator(mode="after")
    def _bounds_in_order(self) -> Technique:
        if not self.min_seconds <= self.default_seconds <= self.max_seconds:
            raise ValueError(
                f"min_seconds ({self.min_seconds}) <= default_seconds ({self.default_seconds}) "
                f"<= max_seconds ({self.max_seconds}) does not hold"
            )
        return self


class PressurePoint(Frozen):
    id: Identifier
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}[0-9]{1,2}$")]
    name: ShortText
    view: Literal["sole", "top", "inner_ankle"]
    x: float = Field(ge=0, le=1, description="Position across the drawing, 0 = left edge.")
    y: float = Field(ge=0, le=1, description="Position down the drawing, 0 = top edge.")
    where: Prose


class PresetStep(Frozen):
    technique: Identifier
    seconds: int = Field(ge=limits.STEP_SECONDS.low, le=limits.STEP_SECONDS.high)


class Preset(Frozen):
    id: Identifier
    name: ShortText
    summary: Prose
    switch_pause_seconds: int = Field(default=limits.SWITCH_PAUSE_DEFAULT,
                                      ge=limits.SWITCH_PAUSE.low, le=limits.SWITCH_PAUSE.high)
    steps: list[PresetStep] = Field(min_length=1, max_length=limits.MAX_STEPS)


class CatalogError(Exception):
    """The shipped data is broken; the message names the file and the field."""


class Catalog(Frozen):
    techniques: tuple[Technique, ...]
    pressure_points: tuple[PressurePoint, ...]
    presets: tuple[Preset, ...]

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))

    @cached_property
    def by_id(self) -> dict[str, Technique]:
        return {t.id: t for t in self.techniques}

    def technique(self, technique_id: str) -> Technique:
        try:
            return self.by_id[technique_id]
        except KeyError:
            raise KeyError(f"unknown technique {technique_id!r}") from None

    def point(self, point_id: str) -> PressurePoint:
        return next(p for p in self.pressure_points if p.id == point_id)

    def preset(self, preset_id: str) -> Preset:
        return next(p for p in self.presets if p.id == preset_id)

    @property
    def categories(self) -> list[str]:
        return sorted({t.category for t in self.techniques})

    @property
    def equipment(self) -> list[str]:
        return sorted({item for t in self.techniques for item in t.equipment})


class _TechniquesFile(Frozen):
    technique: list[Technique] = Field(min_length=1)


class _PointsFile(Frozen):
    point: list[PressurePoint] = Field(min_length=1)


class _PresetsFile(Frozen):
    preset: list[Preset] = Field(min_length=1)


def _read(path: Path, model: type[BaseModel]) -> BaseModel:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{path.name}: the file is missing from {path.parent}") from None
    except tomllib.TOMLDecodeError as err:
        raise CatalogError(f"{path.name}: not valid TOML ({err})") from None
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = _field_path(raw, first["loc"])
        raise CatalogError(f"{path.name}: {where}: {first['msg']}") from None


def _field_path(raw: dict, loc: tuple) -> str:
    """Turn pydantic's location into ``technique[3] (ball_roll).max_seconds``."""
    parts: list[str] = []
    node: object = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and key < len(node) and isinstance(node[key], dict):
                item_id = node[key].get("id") or node[key].get("technique")
                if item_id:
                    label += f" ({item_id})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(key))
        try:
            node = node[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            node = None
    return "".join(parts) or "(top level)"


FILES = ("techniques.toml", "pressure_points.toml", "presets.toml")


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """The catalog in ``data_dir`` (the shipped one unless told), checked whole. Parsed and
    checked again only when its files' contents change: a Catalog can't be changed, so one is
    shared (every store opened in the tests parsed it anew, 2% of their time)."""
    data_dir = data_dir or DATA_DIR
    return _checked_catalog(data_dir, tuple(_digest(data_dir / name) for name in FILES))


def _digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None  # missing or unreadable: _read says so


@lru_cache(maxsize=8)
def _checked_catalog(data_dir: Path, _contents: tuple) -> Catalog:
    techniques = _read(data_dir / "techniques.toml", _TechniquesFile).technique
    points = _read(data_dir / "pressure_points.toml", _PointsFile).point
    presets = _read(data_dir / "presets.toml", _PresetsFile).preset

    _unique(techniques, "techniques.toml", "technique")
    _unique(points, "pressure_points.toml", "point")
    _unique(presets, "presets.toml", "preset")
    point_ids = {p.id for p in points}
    for i, t in enumerate(techniques):
        if t.pressure_point and t.pressure_point not in point_ids:
            raise CatalogError(
                f"techniques.toml: technique[{i}] ({t.id}).pressure_point: "
                f"no pressure point {t.pressure_point!r} in pressure_points.toml"
            )
    by_id = {t.id: t for t in techniques}
    for i, preset in enumerate(presets):
        for j, step in enumerate(preset.steps):
            where = f"presets.toml: preset[{i}] ({preset.id}).steps[{j}]"
            technique = by_id.get(step.technique)
            if technique is None:
                raise CatalogError(f"{where}.technique: no technique {step.technique!r}")
            if not technique.min_seconds <= step.seconds <= technique.max_seconds:
                raise CatalogError(
                    f"{where}.seconds: {step.seconds} is outside {technique.name}'s "
                    f"{technique.min_seconds}-{technique.max_seconds} s"
                )
    return Catalog(techniques=tuple(techniques), pressure_points=tuple(points),
                   presets=tuple(presets))


def _unique(items: list, file: str, kind: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise CatalogError(f"{file}: {kind}[{i}].id: {item.id!r} is used twice")
        seen.add(item.id)


def shortest_seconds(technique: Technique) -> int:
    """The least time a technique can take, both feet included."""
    return technique.min_seconds * (2 if technique.per_foot else 1)


def filter_techniques(
    catalog: Catalog,
    categories: Sequence[str] = (),
    equipment: Sequence[str] = (),
    fits_in_seconds: int | None = None,
    query: str = "",
) -> list[Technique]:
    """Techniques matching every filter given; an empty filter matches everything.

    ``equipment`` keeps techniques whose needs are all in the list (what the person has at hand);
    techniques needing nothing always match.
    """
    have = set(equipment)
    return [
        t
        for t in catalog.techniques
        if (not categories or t.category in categories)
        and (not equipment or set(t.equipment) <= have)
        and (fits_in_seconds is None or shortest_seconds(t) <= fits_in_seconds)
        and matches(t, query)
    ]


def duration_text(technique: Technique) -> str:
    """"2 min per foot (from 1 min to 3 min)": the usual time and the allowed range."""
    per = " per foot" if technique.per_foot else ""
    return (f"{format_total(technique.default_seconds)}{per} "
            f"(from {format_total(technique.min_seconds)} to "
            f"{format_total(technique.max_seconds)})")


def matches(technique: Technique, query: str) -> bool:
    """Whether every word of ``query`` appears in the technique's name, purpose, how-to,
    category or equipment (case aside)."""
    text = " ".join([technique.name, technique.purpose, technique.category, *technique.how_to,
                     *technique.equipment]).casefold()
    return all(word in text for word in query.casefold().split())
