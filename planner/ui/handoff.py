"""The only way one page hands something to another: a technique for the routine being built
(Library to Plan), a routine to run (Plan to Run); and how the Run page names a routine, as a
choice key ("saved:<id>" or "preset:<id>"), built here and nowhere else.

A page never writes another page's session keys: it asks here, and the page that owns the keys
changes them (planner.ui.plan.builder, planner.ui.run.controls). Each is imported when it is
asked for, so that a page loads only what it hands over.
"""

from __future__ import annotations

from planner.catalog.model import Catalog, Technique
from planner.routines.model import Routine, name_key, routine_from_preset
from planner.routines.repo import RoutineRepo
from planner.ui import pages

_SAVED, _PRESET = "saved:", "preset:"


def saved_choice(routine_id: int) -> str:
    return f"{_SAVED}{routine_id}"


def preset_choice(preset_id: str) -> str:
    return f"{_PRESET}{preset_id}"


def is_saved(choice: str) -> bool:
    return choice.startswith(_SAVED)


def is_preset(choice: str) -> bool:
    return choice.startswith(_PRESET)


def routine_choices(routines: RoutineRepo, catalog: Catalog) -> dict[str, Routine]:
    """What the Run page can run, by choice key: saved routines first, then every preset."""
    options: dict[str, Routine] = {saved_choice(r.id): r for r in routines.list()}
    options.update({preset_choice(p.id): routine_from_preset(p) for p in catalog.presets})
    return options


def routines_by_name(routines: RoutineRepo, catalog: Catalog) -> dict[str, tuple[str, Routine]]:
    """Every routine a weekly-plan slot can name: saved ones first, then presets not saved
    under the same name; by name, with its choice key."""
    found: dict[str, tuple[str, Routine]] = {}
    keys: set[str] = set()
    for routine in routines.list():
        found[routine.name] = (saved_choice(routine.id), routine)
        keys.add(name_key(routine.name))
    for preset in catalog.presets:
        if name_key(preset.name) not in keys:
            found[preset.name] = (preset_choice(preset.id), routine_from_preset(preset))
    return found


# Plan hands a routine to Run -------------------------------------------------------------------


def run_routine(routine_id: int) -> None:
    """Open the Run page with this saved routine chosen."""
    from planner.ui.run import controls

    controls.choose(saved_choice(routine_id))
    pages.RUN.open()


# Library hands a technique to Plan -------------------------------------------------------------


def building_a_routine() -> bool:
    """Whether the routine being built on the Plan page has steps."""
    from planner.ui.plan import builder

    return bool(builder.draft().steps)


def add_to_routine(technique: Technique) -> None:
    """Add ``technique`` as a step of the routine being built."""
    from planner.ui.plan import builder

    builder.add_technique(technique)


def offer_for_routine(technique: Technique) -> None:
    """Pick ``technique`` in the Plan page's "Add a step", where the person can confirm it."""
    from planner.ui.plan import builder

    builder.pick_technique(technique.id)
