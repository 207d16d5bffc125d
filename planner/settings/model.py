"""The person's settings: the health profile (and the warnings it raises for each technique)
and how the Run page sounds and paces breathing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from pydantic import BaseModel, ConfigDict, Field

from planner.catalog.model import Catalog, Caution, Condition, Technique
from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.routines.model import Routine

CONDITION_LABELS: dict[Condition, str] = {
    Condition.PREGNANCY: "I am pregnant",
    Condition.CLOTTING: "I have had a blood clot (DVT) or a clotting disorder",
    Condition.REDUCED_SENSATION: "I have diabetes or reduced feeling in my feet",
    Condition.VARICOSE_VEINS: "I have varicose veins",
    Condition.FOOT_INJURY: "I have a recent foot injury or broken skin on my feet",
}

CONDITION_SHORT: dict[Condition, str] = {
    Condition.PREGNANCY: "pregnancy",
    Condition.CLOTTING: "blood clots",
    Condition.REDUCED_SENSATION: "reduced feeling in the feet",
    Condition.VARICOSE_VEINS: "varicose veins",
    Condition.FOOT_INJURY: "foot injury or broken skin",
}

NOT_MEDICAL_ADVICE = (
    "Solace is a relaxation planner, not medical advice. If something hurts, stop. "
    "If you are pregnant, have a health condition or are unsure, ask your doctor, midwife or "
    "physiotherapist before starting a new routine."
)


class HealthProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    conditions: frozenset[Condition] = frozenset()
    # As stored: 0 while nothing is stored yet, None to save without the check (optimistic
    # concurrency, as routines, sessions and check-ins have).
    version: int | None = Field(default=None, exclude=True)

    def __eq__(self, other: object) -> bool:  # the same profile, whichever version
        return isinstance(other, HealthProfile) and self.conditions == other.conditions

    def __hash__(self) -> int:
        return hash(self.conditions)

    @property
    def in_words(self) -> str:
        """"pregnancy and blood clots", or "nothing ticked"."""
        names = [CONDITION_SHORT[c] for c in Condition if c in self.conditions]
        if not names:
            return "nothing ticked"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class StepWarning:
    condition: Condition
    level: str  # "avoid" or "care"
    advice: str

    @property
    def label(self) -> str:
        return CONDITION_SHORT[self.condition]


def warnings_for(technique: Technique, profile: HealthProfile) -> list[StepWarning]:
    """The cautions of ``technique`` that concern a condition the person ticked, "avoid" first."""
    found = [
        StepWarning(c.condition, c.level, c.advice)
        for c in technique.cautions
        if c.condition in profile.conditions
    ]
    return sorted(found, key=lambda w: (w.level != "avoid", w.condition.value))


def needs_confirmation(technique: Technique, profile: HealthProfile) -> list[Caution]:
    """The health rule: the "avoid" cautions of ``technique`` for the person's profile. A
    technique with any is not added to a routine, nor started in a run, without the person's
    confirmation. Every path (builder, Library, presets, Run, the weekly plan, the experiment)
    asks this function, directly or through ``screen`` and ``check_start``."""
    return [
        c for c in technique.cautions if c.level == "avoid" and c.condition in profile.conditions
    ]


@dataclass(frozen=True)
class NotAdvised:
    """A technique of a routine that the profile advises against, and why."""

    technique: Technique
    cautions: tuple[Caution, ...]

    @property
    def advice(self) -> str:
        return " ".join(c.advice for c in self.cautions)

    @property
    def because(self) -> str:
        return " and ".join(CONDITION_SHORT[c.condition] for c in self.cautions)


@dataclass(frozen=True)
class Screening:
    """What the health profile says about a routine before it runs: the steps it advises
    against, the routine without them (the safe version, offered first), and the care notes
    of the steps kept."""

    routine: Routine
    safe: Routine
    not_advised: tuple[NotAdvised, ...]  # each technique once, in the routine's order
    care: tuple[tuple[Technique, tuple[StepWarning, ...]], ...]

    @property
    def clear(self) -> bool:
        return not self.not_advised

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(n.technique.id for n in self.not_advised)

    @property
    def names(self) -> list[str]:
        return [n.technique.name for n in self.not_advised]


def screen(routine: Routine, catalog: Catalog, profile: HealthProfile) -> Screening:
    """The routine as the health profile sees it (see ``needs_confirmation``)."""
    found: dict[str, NotAdvised] = {}
    care: dict[str, tuple[Technique, tuple[StepWarning, ...]]] = {}
    for step in routine.steps:
        technique = catalog.technique(step.technique)
        if cautions := needs_confirmation(technique, profile):
            found.setdefault(technique.id, NotAdvised(technique, tuple(cautions)))
        elif warnings := warnings_for(technique, profile):
            care.setdefault(technique.id, (technique, tuple(warnings)))
    safe = routine.model_copy(update={
        "steps": tuple(s for s in routine.steps if s.technique not in found)})
    return Screening(routine, safe, tuple(found.values()), tuple(care.values()))


def not_advised_in(catalog: Catalog, profile: HealthProfile) -> list[Technique]:
    """The techniques of the library the profile advises against (a massage day of an
    experiment asks for "a foot massage": these are left out of it unless confirmed)."""
    return [t for t in catalog.techniques if needs_confirmation(t, profile)]


def massage_note(catalog: Catalog, profile: HealthProfile) -> str | None:
    """What a day that asks for a massage must say with this profile, if anything."""
    names = [t.name for t in not_advised_in(catalog, profile)]
    if not names:
        return None
    return (f"With your health profile ({profile.in_words}), a massage leaves out "
            f"{names_in_words(names)}: the Run page starts each routine without "
            f"{'it' if len(names) == 1 else 'them'} unless you confirm there.")


def names_in_words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def unconfirmed(techniques: Iterable[str], catalog: Catalog, profile: HealthProfile,
                confirmed: Iterable[str] = ()) -> list[NotAdvised]:
    """Of these technique ids, each the profile advises against and the person has not
    confirmed (``confirmed``: technique ids), once, in order."""
    known, confirmed = {t.id for t in catalog.techniques}, set(confirmed)
    found: dict[str, NotAdvised] = {}
    for technique_id in techniques:
        if technique_id in known and technique_id not in confirmed | set(found):
            technique = catalog.technique(technique_id)
            if cautions := needs_confirmation(technique, profile):
                found[technique_id] = NotAdvised(technique, tuple(cautions))
    return list(found.values())


def check_start(techniques: Iterable[str], catalog: Catalog, profile: HealthProfile,
                confirmed: Iterable[str] = ()) -> None:
    """``Problem`` if a run of these technique ids would start a step the profile advises
    against that the person has not confirmed (``confirmed``: technique ids)."""
    missing = unconfirmed(techniques, catalog, profile, confirmed)
    if missing:
        names = names_in_words([m.technique.name for m in missing])
        raise Problem("confirm", f"Not started: your health profile ({profile.in_words}) "
                                 f"advises against {names}. Start without it, or confirm on "
                                 "the Run page that you want it.")


class Preferences(BaseModel):
    """How the Run page sounds and paces breathing."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    version: int | None = Field(default=None, exclude=True)  # as HealthProfile's

    def __eq__(self, other: object) -> bool:  # the same settings, whichever version
        return isinstance(other, Preferences) and self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(tuple(self.model_dump().items()))

    volume: int = Field(default=70, ge=limits.VOLUME.low, le=limits.VOLUME.high)
    muted: bool = False
    speak_steps: bool = False
    breathe_in_seconds: int = Field(default=4, ge=limits.BREATHE_IN.low,
                                    le=limits.BREATHE_IN.high)
    breathe_out_seconds: int = Field(default=6, ge=limits.BREATHE_OUT.low,
                                     le=limits.BREATHE_OUT.high)
    vibrate: bool = True  # a short buzz at each step change, on phones that allow it
    # A daily reminder to check in, at this time of the person's day (None: none).
    checkin_reminder: time | None = None
