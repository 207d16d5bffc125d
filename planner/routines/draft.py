"""A routine being built on the Plan page: plain data, changed only through these methods.

Each step carries a short uid, so the page can key its widgets by step and keep their values
when steps move. Nothing here knows about Streamlit; the page copies widget values in and out.
"""

from __future__ import annotations

import base64
import json
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.catalog.model import Catalog, Technique
from planner.kernel import limits
from planner.kernel.checks import fits_name
from planner.kernel.errors import Problem
from planner.kernel.formatting import format_total
from planner.routines.model import (
    Routine,
    RoutineStep,
    clean_name,
    moved,
    pause_problem,
    routine_from_preset,
)
from planner.settings.model import HealthProfile, screen


def new_uid() -> str:
    return uuid.uuid4().hex[:8]


@dataclass
class DraftStep:
    uid: str
    technique: str
    seconds: int


@dataclass
class Draft:
    id: int | None = None  # the saved routine this edits, if any
    version: int | None = None  # its version when loaded or last saved
    name: str = ""
    switch_pause_seconds: int = limits.SWITCH_PAUSE_DEFAULT
    steps: list[DraftStep] = field(default_factory=list)
    make_uid: Callable[[], str] = field(default=new_uid, repr=False, compare=False)
    # The routine as last loaded or saved: what "unsaved changes" are measured against.
    baseline: Routine | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, routine: Routine, make_uid: Callable[[], str] = new_uid) -> Draft:
        return cls(id=routine.id, version=routine.version, name=routine.name,
                   switch_pause_seconds=routine.switch_pause_seconds, make_uid=make_uid,
                   steps=[DraftStep(make_uid(), s.technique, s.seconds) for s in routine.steps],
                   baseline=routine)

    @classmethod
    def of_preset(cls, catalog: Catalog, preset_id: str, profile: HealthProfile,
                  make_uid: Callable[[], str] = new_uid) -> tuple[Draft, list[str]]:
        """A new draft from a preset, without the steps the health profile advises against;
        also the names of the techniques left out."""
        screening = screen(routine_from_preset(catalog.preset(preset_id)), catalog, profile)
        return cls.of(screening.safe, make_uid), sorted(screening.names)

    @property
    def editing(self) -> bool:
        return self.id is not None

    @property
    def empty(self) -> bool:
        """Nothing typed or added yet."""
        return not self.steps and not self.name.strip()

    @property
    def unsaved(self) -> bool:
        """Whether replacing this draft would lose something the person did."""
        if self.baseline is None:
            return not self.empty
        mine, theirs = self.routine(), self.baseline
        return (mine.name.strip(), mine.steps, mine.switch_pause_seconds) != (
            theirs.name.strip(), theirs.steps, theirs.switch_pause_seconds)

    def _room(self) -> None:
        if len(self.steps) >= limits.MAX_STEPS:
            raise Problem("add", f"A routine can have at most {limits.MAX_STEPS} steps.")

    def add(self, technique: Technique) -> DraftStep:
        self._room()
        step = DraftStep(self.make_uid(), technique.id, technique.default_seconds)
        self.steps.append(step)
        return step

    def move(self, index: int, offset: int) -> None:
        self.steps = moved(self.steps, index, offset)

    def duplicate(self, index: int) -> DraftStep:
        self._room()
        source = self.steps[index]
        copy = DraftStep(self.make_uid(), source.technique, source.seconds)
        self.steps.insert(index + 1, copy)
        return copy

    def remove(self, index: int) -> None:
        self.steps.pop(index)

    def to_save(self) -> Routine:
        """The routine to save; ``Problem`` for a name, a time or a pause it can't have, in
        words (``routine`` keeps such values in bounds only for the totals shown meanwhile)."""
        clean_name(self.name)
        for index, step in enumerate(self.steps):
            if step.seconds not in limits.STEP_SECONDS:
                longest = format_total(limits.STEP_SECONDS.high)
                raise Problem(f"step-{index}", f"Step {index + 1} needs a time of its own"
                              if step.seconds < limits.STEP_SECONDS.low else
                              f"Step {index + 1}'s time is longer than any step can take "
                              f"({longest}); set a time in its range.")
        if self.switch_pause_seconds not in limits.SWITCH_PAUSE:
            raise Problem("switch_pause", pause_problem())
        return self.routine()

    def saved_as(self, routine: Routine) -> None:
        self.id, self.version, self.name = routine.id, routine.version, routine.name
        self.baseline = routine

    def detach(self) -> None:
        """The saved routine is gone: keep the steps; saving makes a new routine."""
        self.id = self.version = self.baseline = None

    def routine(self) -> Routine:
        """The routine as it stands, for its totals and plan: times and the pause kept within
        what a routine can have, and a name it can't have left out, until ``to_save`` says
        why."""
        return Routine(
            id=self.id, version=self.version, name=self.name if fits_name(self.name) else "",
            switch_pause_seconds=limits.SWITCH_PAUSE.clamp(self.switch_pause_seconds),
            steps=tuple(RoutineStep(technique=s.technique,
                             seconds=limits.STEP_SECONDS.clamp(int(s.seconds or 0)))
                        for s in self.steps),
        )


# A draft in a link: the Plan page keeps the routine being built in its address, so a reload
# of the tab (a new session for Streamlit) finds it again. Anything can be typed into an
# address, so what comes back is checked like any other input and dropped if it isn't a draft.

LINK_MAX = 4000  # characters; a routine of 40 steps takes about 700


class _Linked(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int | None = Field(default=None, ge=1)
    v: int | None = Field(default=None, ge=1)  # the version it was loaded at
    n: str = Field(default="", max_length=4 * limits.NAME_MAX_LENGTH)
    p: int = Field(default=limits.SWITCH_PAUSE_DEFAULT, ge=limits.SWITCH_PAUSE.low,
                   le=limits.SWITCH_PAUSE.high)
    s: list[tuple[str, int]] = Field(default_factory=list, max_length=limits.MAX_STEPS)


def to_link(draft: Draft) -> str:
    """The draft as a short, address-safe text."""
    routine = draft.routine()
    linked = _Linked(id=routine.id, v=routine.version, n=draft.name,
                     p=routine.switch_pause_seconds,
                     s=[(s.technique, s.seconds) for s in routine.steps])
    packed = zlib.compress(linked.model_dump_json(exclude_defaults=True).encode(), 9)
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def from_link(text: str, catalog: Catalog, make_uid: Callable[[], str] = new_uid
              ) -> Draft | None:
    """The draft ``to_link`` made, or None for anything else (a damaged or made-up link):
    every step a technique of the library, within its bounds for a step at all."""
    if not text or len(text) > LINK_MAX:
        return None
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpacking = zlib.decompressobj()
        raw = unpacking.decompress(packed, 4 * LINK_MAX)  # no more than a draft can be
        if unpacking.unconsumed_tail:
            return None
        linked = _Linked.model_validate(json.loads(raw))
    except (ValueError, zlib.error, ValidationError):
        return None
    known = {t.id for t in catalog.techniques}
    if any(technique not in known or seconds not in limits.STEP_SECONDS
           for technique, seconds in linked.s):
        return None
    return Draft(id=linked.id, version=linked.v,
                 name=linked.n if fits_name(linked.n) else "",
                 switch_pause_seconds=linked.p, make_uid=make_uid,
                 steps=[DraftStep(make_uid(), t, seconds) for t, seconds in linked.s])
