"""The health profile: which techniques warn, which need confirming, and in what order."""

from __future__ import annotations

import pytest

from planner.catalog.model import Catalog, Caution, Condition, load_catalog
from planner.settings.model import (
    CONDITION_LABELS,
    NOT_MEDICAL_ADVICE,
    HealthProfile,
    needs_confirmation,
    warnings_for,
)

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

CATALOG = load_catalog()
POINT_PRESSES = ("press_ki1", "press_lr3", "press_sp6")
GENTLE = ("breathing", "oil", "towel_wrap")



def profile(*conditions: Condition) -> HealthProfile:
    return HealthProfile(conditions=frozenset(conditions))


def test_every_condition_has_a_label() -> None:
    assert set(CONDITION_LABELS) == set(Condition)
    assert "not medical advice" in NOT_MEDICAL_ADVICE


@pytest.mark.parametrize("technique_id", [t.id for t in CATALOG.techniques])
def test_empty_profile_gives_no_warnings(catalog: Catalog, technique_id: str) -> None:
    technique = catalog.technique(technique_id)
    assert HealthProfile().conditions == frozenset()
    assert warnings_for(technique, HealthProfile()) == []
    assert needs_confirmation(technique, HealthProfile()) == []


@pytest.mark.parametrize("technique_id", POINT_PRESSES)
def test_point_presses_need_confirmation_in_pregnancy(catalog: Catalog, technique_id: str) -> None:
    technique = catalog.technique(technique_id)
    confirm = needs_confirmation(technique, profile(Condition.PREGNANCY))
    assert [(c.condition, c.level) for c in confirm] == [(Condition.PREGNANCY, "avoid")]
    warnings = warnings_for(technique, profile(Condition.PREGNANCY))
    assert [(w.condition, w.level) for w in warnings] == [(Condition.PREGNANCY, "avoid")]
    assert isinstance(warnings[0].label, str) and warnings[0].label.strip()
    assert warnings[0].advice == confirm[0].advice


@pytest.mark.parametrize("technique_id", GENTLE)
def test_gentle_techniques_need_no_confirmation_in_pregnancy(
    catalog: Catalog, technique_id: str
) -> None:
    technique = catalog.technique(technique_id)
    assert needs_confirmation(technique, profile(Condition.PREGNANCY)) == []
    assert all(w.level == "care" for w in warnings_for(technique, profile(Condition.PREGNANCY)))


def test_warnings_sorted_avoid_first(catalog: Catalog) -> None:
    # thumb_circles lists its pregnancy "care" before its clotting "avoid"
    technique = catalog.technique("thumb_circles")
    warnings = warnings_for(technique, profile(Condition.PREGNANCY, Condition.CLOTTING))
    assert [(w.condition, w.level) for w in warnings] == [
        (Condition.CLOTTING, "avoid"), (Condition.PREGNANCY, "care"),
    ]


def test_warnings_sorted_avoid_first_whatever_the_file_order(catalog: Catalog) -> None:
    technique = catalog.technique("press_sp6")
    shuffled = technique.model_copy(update={"cautions": list(reversed(technique.cautions))})
    everything = profile(*Condition)
    levels = [w.level for w in warnings_for(shuffled, everything)]
    assert levels == sorted(levels, key=lambda level: level != "avoid")
    assert levels.count("avoid") == 3 and levels.count("care") == 2
    assert warnings_for(shuffled, everything) == warnings_for(technique, everything)


def test_only_ticked_conditions_warn(catalog: Catalog) -> None:
    technique = catalog.technique("press_sp6")
    warnings = warnings_for(technique, profile(Condition.VARICOSE_VEINS))
    assert [(w.condition, w.level) for w in warnings] == [(Condition.VARICOSE_VEINS, "care")]
    assert needs_confirmation(technique, profile(Condition.VARICOSE_VEINS)) == []


def test_clotting_makes_ball_roll_need_confirmation(catalog: Catalog) -> None:
    ball_roll = catalog.technique("ball_roll")
    confirm = needs_confirmation(ball_roll, profile(Condition.CLOTTING))
    assert len(confirm) == 1
    assert isinstance(confirm[0], Caution)
    assert (confirm[0].condition, confirm[0].level) == (Condition.CLOTTING, "avoid")
    assert needs_confirmation(catalog.technique("breathing"), profile(Condition.CLOTTING)) == []


def test_reduced_sensation_gives_soak_a_care_warning(catalog: Catalog) -> None:
    soak = catalog.technique("soak")
    warnings = warnings_for(soak, profile(Condition.REDUCED_SENSATION))
    assert [(w.condition, w.level) for w in warnings] == [(Condition.REDUCED_SENSATION, "care")]
    assert "water" in warnings[0].advice
    assert needs_confirmation(soak, profile(Condition.REDUCED_SENSATION)) == []
