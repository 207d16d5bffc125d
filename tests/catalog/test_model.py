"""The shipped technique library: ids the app relies on, preset timings, safety rules, errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from planner.catalog.model import DATA_DIR, Catalog, CatalogError, Condition, Preset, load_catalog

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

TECHNIQUE_IDS = {
    "soak", "oil", "thumb_circles", "knead_arch_heel", "ball_roll", "press_ki1", "press_lr3",
    "press_sp6", "breathing", "toe_stretch", "ankle_circles", "plantar_fascia_stretch",
    "towel_wrap", "electric_massager",
}
POINT_PRESSES = {"press_ki1": "ki1", "press_lr3": "lr3", "press_sp6": "sp6"}
PRESET_RANGES = {  # id: (min seconds, max seconds)
    "quick_reset": (270, 330),
    "bedtime_wind_down": (600, 900),
    "plantar_fasciitis_care": (480, 900),
    "pregnancy_gentle": (480, 720),
}
HANDS_ON_CATEGORIES = {"Hands-on massage", "Tools", "Pressure points"}
GENTLE_IN_PREGNANCY = {
    "thumb_circles", "oil", "breathing", "towel_wrap", "toe_stretch", "ankle_circles",
    "plantar_fascia_stretch", "soak",
}



def preset_seconds(preset: Preset, catalog: Catalog) -> int:
    """Per-foot steps run left, switch pause, right; other steps run once."""
    total = 0
    for step in preset.steps:
        if catalog.technique(step.technique).per_foot:
            total += 2 * step.seconds + preset.switch_pause_seconds
        else:
            total += step.seconds
    return total


def test_all_expected_ids_exist(catalog: Catalog) -> None:
    assert {t.id for t in catalog.techniques} == TECHNIQUE_IDS
    assert {p.id for p in catalog.pressure_points} == {"ki1", "lr3", "sp6"}
    assert {p.id for p in catalog.presets} == set(PRESET_RANGES)


def test_pressure_points_match_views(catalog: Catalog) -> None:
    assert {p.id: (p.code, p.view) for p in catalog.pressure_points} == {
        "ki1": ("KI1", "sole"),
        "lr3": ("LR3", "top"),
        "sp6": ("SP6", "inner_ankle"),
    }
    for technique_id, point_id in POINT_PRESSES.items():
        assert catalog.technique(technique_id).pressure_point == point_id


def test_breathing_is_marked(catalog: Catalog) -> None:
    assert [t.id for t in catalog.techniques if t.is_breathing] == ["breathing"]
    assert catalog.technique("breathing").cautions == []


@pytest.mark.parametrize("preset_id", sorted(PRESET_RANGES))
def test_preset_totals_in_range(catalog: Catalog, preset_id: str) -> None:
    low, high = PRESET_RANGES[preset_id]
    assert low <= preset_seconds(catalog.preset(preset_id), catalog) <= high


def test_preset_steps_within_technique_bounds(catalog: Catalog) -> None:
    for preset in catalog.presets:
        for step in preset.steps:
            technique = catalog.technique(step.technique)
            assert technique.min_seconds <= step.seconds <= technique.max_seconds


def caution_for(technique, condition):
    return next((c for c in technique.cautions if c.condition == condition), None)


def test_pregnancy_preset_avoids_unsafe_techniques(catalog: Catalog) -> None:
    preset = catalog.preset("pregnancy_gentle")
    for step in preset.steps:
        technique = catalog.technique(step.technique)
        caution = caution_for(technique, Condition.PREGNANCY)
        assert caution is None or caution.level != "avoid", technique.id
        assert technique.pressure != "firm", technique.id
        assert technique.id not in POINT_PRESSES
    assert "provider" in preset.summary or "doctor" in preset.summary


def test_point_presses_avoid_in_pregnancy(catalog: Catalog) -> None:
    for technique_id in POINT_PRESSES:
        caution = caution_for(catalog.technique(technique_id), Condition.PREGNANCY)
        assert caution is not None and caution.level == "avoid", technique_id


def test_gentle_techniques_not_avoided_in_pregnancy(catalog: Catalog) -> None:
    for technique_id in GENTLE_IN_PREGNANCY:
        caution = caution_for(catalog.technique(technique_id), Condition.PREGNANCY)
        assert caution is None or caution.level == "care", technique_id


def test_hands_on_techniques_avoid_clots_and_mind_injuries(catalog: Catalog) -> None:
    for technique in catalog.techniques:
        if technique.category not in HANDS_ON_CATEGORIES:
            continue
        clotting = caution_for(technique, Condition.CLOTTING)
        assert clotting is not None and clotting.level == "avoid", technique.id
        assert caution_for(technique, Condition.FOOT_INJURY) is not None, technique.id
        assert caution_for(technique, Condition.REDUCED_SENSATION) is not None, technique.id


def test_specific_cautions(catalog: Catalog) -> None:
    soak = catalog.technique("soak")
    assert caution_for(soak, Condition.FOOT_INJURY).level == "avoid"
    assert caution_for(soak, Condition.REDUCED_SENSATION).level == "care"
    for technique_id in ("soak", "press_sp6", "electric_massager"):
        caution = caution_for(catalog.technique(technique_id), Condition.VARICOSE_VEINS)
        assert caution is not None and caution.level == "care", technique_id
    massager = catalog.technique("electric_massager")
    assert caution_for(massager, Condition.PREGNANCY).level == "care"


def _technique_texts(catalog: Catalog) -> list[str]:
    texts: list[str] = []
    for t in catalog.techniques:
        texts += [t.name, t.purpose, *t.how_to, *(c.advice for c in t.cautions)]
    return texts


def test_no_overstated_claims(catalog: Catalog) -> None:
    for text in _technique_texts(catalog):
        lowered = text.lower()
        assert not re.search(r"\bflush\w*\b.*\btoxin", lowered), text
        assert "toxin" not in lowered, text
        assert not re.search(r"\bcur(e|es|ed|ing)\b", lowered), text
    for preset in catalog.presets:
        lowered = preset.summary.lower()
        assert "toxin" not in lowered
        # the only mention of a cure allowed is saying it is not one
        for match in re.finditer(r"\bcur(e|es|ed|ing)\b", lowered):
            assert "not a cure" in lowered[max(0, match.start() - 6):match.end()], preset.id


# ---------------------------------------------------------------- broken catalogs


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copy_loads(data_copy: Path) -> None:
    assert len(load_catalog(data_copy).techniques) == len(TECHNIQUE_IDS)


def test_an_edit_to_the_catalog_is_read_and_a_broken_one_refused_after_a_good_read(
        data_copy: Path) -> None:
    """The catalog is parsed once per content: an edit of the same length, at once, still
    shows; and a file broken after a good read is still refused."""
    name = load_catalog(data_copy).technique("soak").name
    _edit(data_copy / "techniques.toml", f'name = "{name}"', f'name = "{name[::-1]}"')
    assert load_catalog(data_copy).technique("soak").name == name[::-1]
    _edit(data_copy / "techniques.toml", "max_seconds = 600", "max_seconds = 100")
    with pytest.raises(CatalogError, match="max_seconds"):
        load_catalog(data_copy)


BROKEN_FILES = {
    "max below min": ("techniques.toml", "max_seconds = 600", "max_seconds = 100",
                      ["max_seconds", "soak"]),
    "a required field missing": ("techniques.toml", 'category = "Prepare"\n', "",
                                 ["category"]),
    "a point field missing": ("pressure_points.toml", 'view = "top"\n', "", ["view"]),
    "an unknown technique in a preset": ("presets.toml", 'technique = "ball_roll"',
                                         'technique = "hot_stones"',
                                         ["technique", "hot_stones"]),
    "preset seconds out of bounds": ("presets.toml", 'technique = "ball_roll"\nseconds = 120',
                                     'technique = "ball_roll"\nseconds = 20', ["seconds"]),
    "bad TOML syntax": ("presets.toml", 'id = "quick_reset"', 'id = "quick_reset', ["TOML"]),
}


@pytest.mark.parametrize("case", BROKEN_FILES)
def test_a_broken_file_is_reported_by_file_and_field(data_copy: Path, case: str) -> None:
    file, old, new, words = BROKEN_FILES[case]
    _edit(data_copy / file, old, new)
    with pytest.raises(CatalogError) as err:
        load_catalog(data_copy)
    for word in (file, *words):
        assert word in str(err.value)


def test_missing_file_is_reported(data_copy: Path) -> None:
    (data_copy / "pressure_points.toml").unlink()
    with pytest.raises(CatalogError, match="pressure_points.toml"):
        load_catalog(data_copy)
