"""The five conditions of the health profile, each with a routine that meets it.

For the three conditions with steps "not advised" the routine has one (it is left out unless
confirmed on the Run page); for the two with only "take care" steps it has one of those (it
runs, with its care note shown, no confirmation asked).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.catalog.model import Condition, load_catalog
from planner.routines.model import Routine, RoutineStep
from planner.settings.model import HealthProfile

CATALOG = load_catalog()


@dataclass(frozen=True)
class Case:
    condition: Condition
    technique: str  # the step the condition concerns
    name: str  # its name as shown
    not_advised: bool  # True: left out unless confirmed; False: care only

    @property
    def profile(self) -> HealthProfile:
        return HealthProfile(conditions=frozenset({self.condition}))

    def routine(self, name: str = "Evening") -> Routine:
        seconds = CATALOG.technique(self.technique).default_seconds
        return Routine(name=name, steps=(RoutineStep(technique="breathing", seconds=60),
                                         RoutineStep(technique=self.technique, seconds=seconds)))

    @property
    def safe_names(self) -> list[str]:
        """The steps a run of ``routine()`` follows without a confirmation."""
        return ["Deep breathing"] + ([] if self.not_advised else [self.name])


CASES = [
    Case(Condition.PREGNANCY, "press_lr3", "Liver 3 (LR3) press", True),
    Case(Condition.CLOTTING, "ball_roll", "Tennis ball or foot roller", True),
    Case(Condition.REDUCED_SENSATION, "soak", "Warm-water soak", False),
    Case(Condition.VARICOSE_VEINS, "soak", "Warm-water soak", False),
    Case(Condition.FOOT_INJURY, "soak", "Warm-water soak", True),
]
IDS = [case.condition.value for case in CASES]

# What the Bedtime wind-down preset leaves out, by condition (the rest is care at most).
LEFT_OUT_OF_BEDTIME = {
    Condition.PREGNANCY: ["Liver 3 (LR3) press"],
    Condition.CLOTTING: ["Thumb circles on the sole", "Kneading the arch and heel",
                         "Liver 3 (LR3) press"],
    Condition.REDUCED_SENSATION: [],
    Condition.VARICOSE_VEINS: [],
    Condition.FOOT_INJURY: ["Kneading the arch and heel", "Liver 3 (LR3) press"],
}
