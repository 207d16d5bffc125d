"""The person's settings: the health profile (and the warnings it raises for each technique)
and how the Run page sounds and paces breathing."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from planner.catalog.model import Caution, Condition, Technique
from planner.kernel import limits

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
    """The "avoid" cautions that stop the builder adding this technique without a confirmation."""
    return [
        c for c in technique.cautions if c.level == "avoid" and c.condition in profile.conditions
    ]


class Preferences(BaseModel):
    """How the Run page sounds and paces breathing."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    volume: int = Field(default=70, ge=limits.VOLUME.low, le=limits.VOLUME.high)
    muted: bool = False
    speak_steps: bool = False
    breathe_in_seconds: int = Field(default=4, ge=limits.BREATHE_IN.low,
                                    le=limits.BREATHE_IN.high)
    breathe_out_seconds: int = Field(default=6, ge=limits.BREATHE_OUT.low,
                                     le=limits.BREATHE_OUT.high)
