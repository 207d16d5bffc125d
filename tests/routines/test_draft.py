"""The routine being built: add, move, duplicate, remove, presets, and what it saves as."""

from __future__ import annotations

import base64
import itertools
import json
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.catalog.model import Condition, load_catalog
from planner.kernel import limits
from planner.kernel.checks import fits_name
from planner.kernel.errors import Problem
from planner.routines.draft import LINK_MAX, Draft, from_link, to_link
from planner.routines.model import Routine, RoutineStep
from planner.settings.model import HealthProfile

# No database and no clock: the rerun on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

CATALOG = load_catalog()


def counting_uids():
    counter = itertools.count(1)
    return lambda: f"u{next(counter)}"


def draft_with(*technique_ids: str) -> Draft:
    draft = Draft(make_uid=counting_uids())
    for technique_id in technique_ids:
        draft.add(CATALOG.technique(technique_id))
    return draft


def test_added_steps_take_the_technique_default_time_and_a_fresh_uid():
    draft = draft_with("breathing", "ball_roll")
    assert [(s.uid, s.technique, s.seconds) for s in draft.steps] == [
        ("u1", "breathing", 60), ("u2", "ball_roll", 120)]
    assert draft.routine().steps == (RoutineStep(technique="breathing", seconds=60),
                                     RoutineStep(technique="ball_roll", seconds=120))


def test_move_duplicate_and_remove_keep_each_step_with_its_time():
    draft = draft_with("breathing", "oil", "towel_wrap")
    draft.steps[1].seconds = 90
    draft.move(2, -1)  # towel wrap before oil
    copy = draft.duplicate(0)
    assert copy.uid == "u4" and copy.technique == "breathing"
    draft.remove(3)  # the oil, now last
    assert [s.technique for s in draft.steps] == ["breathing", "breathing", "towel_wrap"]
    assert [s.uid for s in draft.steps] == ["u1", "u4", "u3"]


def test_a_draft_is_full_at_the_step_limit():
    draft = draft_with(*["oil"] * limits.MAX_STEPS)
    with pytest.raises(Problem, match=f"at most {limits.MAX_STEPS} steps"):
        draft.add(CATALOG.technique("oil"))
    with pytest.raises(Problem):
        draft.duplicate(0)
    assert len(draft.steps) == limits.MAX_STEPS


def test_a_saved_routine_round_trips_through_a_draft():
    routine = Routine(id=7, version=3, name="Evening", switch_pause_seconds=10,
                      steps=(RoutineStep(technique="soak", seconds=300),))
    draft = Draft.of(routine, counting_uids())
    assert draft.editing and not draft.empty
    assert draft.routine() == routine


def test_saving_and_deleting_move_the_draft_between_new_and_editing():
    draft = draft_with("oil")
    assert not draft.editing
    draft.saved_as(Routine(id=4, version=1, name="Tidy name",
                           steps=(RoutineStep(technique="oil", seconds=60),)))
    assert (draft.id, draft.version, draft.name, draft.editing) == (4, 1, "Tidy name", True)
    draft.detach()
    assert not draft.editing and draft.steps  # the steps stay on screen


def test_a_preset_leaves_out_what_the_profile_advises_against():
    pregnant = HealthProfile(conditions=frozenset({Condition.PREGNANCY}))
    draft, left_out = Draft.of_preset(CATALOG, "bedtime_wind_down", pregnant)
    kept = {s.technique for s in draft.steps}
    assert left_out and not kept & {"press_ki1", "press_lr3", "press_sp6"}
    full, nothing = Draft.of_preset(CATALOG, "bedtime_wind_down", HealthProfile())
    assert nothing == [] and len(full.steps) > len(draft.steps)


def test_an_empty_draft_is_one_with_nothing_typed_or_added():
    assert Draft().empty
    assert not Draft(name="Sunday").empty
    assert not draft_with("oil").empty


def test_a_time_cleared_to_nothing_still_makes_a_routine_the_checks_can_refuse():
    draft = draft_with("oil")
    draft.steps[0].seconds = 0
    assert draft.routine().steps[0].seconds == 1


@given(st.lists(st.tuples(st.sampled_from(["add", "move", "duplicate", "remove"]),
                          st.integers(0, 50), st.integers(-3, 3)), max_size=40))
def test_any_sequence_of_edits_keeps_uids_unique_and_the_routine_in_step(edits):
    draft = Draft(make_uid=counting_uids())
    for action, index, offset in edits:
        count = len(draft.steps)
        if action == "add" and count < limits.MAX_STEPS:
            draft.add(CATALOG.techniques[index % len(CATALOG.techniques)])
        elif action == "move" and count:
            draft.move(index % count, offset)
        elif action == "duplicate" and count and count < limits.MAX_STEPS:
            draft.duplicate(index % count)
        elif action == "remove" and count:
            draft.remove(index % count)
    uids = [s.uid for s in draft.steps]
    assert len(uids) == len(set(uids))
    assert [s.technique for s in draft.routine().steps] == [s.technique for s in draft.steps]


# --- in a link ----------------------------------------------------------------------------------

TECHNIQUES = [t.id for t in CATALOG.techniques]


def to_link_of(data: object) -> str:
    """A link made by hand: the encoding of ``to_link`` around any JSON."""
    packed = zlib.compress(json.dumps(data).encode())
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


@given(name=st.text(max_size=70), pause=st.integers(limits.SWITCH_PAUSE.low,
                                                    limits.SWITCH_PAUSE.high),
       steps=st.lists(st.tuples(st.sampled_from(TECHNIQUES),
                                st.integers(limits.STEP_SECONDS.low, limits.STEP_SECONDS.high)),
                      max_size=limits.MAX_STEPS),
       saved=st.none() | st.tuples(st.integers(1, 10**6), st.integers(1, 10**6)))
def test_a_draft_comes_back_from_its_link_as_it_was(name, pause, steps, saved):
    draft = Draft(id=saved and saved[0], version=saved and saved[1], name=name,
                  switch_pause_seconds=pause, make_uid=counting_uids())
    for technique, seconds in steps:
        draft.add(CATALOG.technique(technique)).seconds = seconds
    link = to_link(draft)
    assert len(link) <= LINK_MAX and link.isascii() and "/" not in link and "+" not in link
    back = from_link(link, CATALOG, make_uid=counting_uids())
    assert back.routine() == draft.routine()
    assert back.name == (draft.name if fits_name(draft.name) else "")


@pytest.mark.parametrize("link", [
    "", "not a draft", "%%%", "A" * (LINK_MAX + 1),
    to_link_of({"s": [["no_such_technique", 60]]}),
    to_link_of({"s": [["breathing", 0]]}),  # no step lasts 0 s
    to_link_of({"s": [["breathing", 60]] * (limits.MAX_STEPS + 1)}),
    to_link_of({"p": 999}), to_link_of({"id": -1}), to_link_of({"x": 1}), to_link_of([1, 2]),
    to_link_of({"n": "a" * 1000}),
    base64.urlsafe_b64encode(zlib.compress(b"[" * 100_000)).decode(),  # packs small, unpacks big
])
def test_anything_but_a_drafts_link_gives_no_draft(link):
    assert from_link(link, CATALOG) is None


@given(seconds=st.integers(-10_000, 100_000), pause=st.integers(-100, 1_000))
def test_any_typed_time_or_pause_gives_totals_and_saves_only_within_bounds(seconds, pause):
    # What a person types is shown while they type (the totals need a routine), but only a
    # time and a pause a routine can have are saved.
    draft = draft_with("ball_roll")
    draft.name, draft.steps[0].seconds, draft.switch_pause_seconds = "Typed", seconds, pause
    shown = draft.routine()
    assert shown.steps[0].seconds in limits.STEP_SECONDS
    assert shown.switch_pause_seconds in limits.SWITCH_PAUSE
    if seconds in limits.STEP_SECONDS and pause in limits.SWITCH_PAUSE:
        assert (draft.to_save().steps[0].seconds, draft.to_save().switch_pause_seconds) == (
            seconds, pause)
    else:
        with pytest.raises(Problem) as refused:
            draft.to_save()
        assert refused.value.field == ("step-0" if seconds not in limits.STEP_SECONDS
                                       else "switch_pause")
