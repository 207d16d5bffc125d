"""One layer of rules: the models carry the words, and one translator gives them to a form."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from planner.journal.model import CheckIn
from planner.kernel.checks import (
    PERSON,
    Name,
    Notes,
    Rating,
    name_field,
    validated,
    validated_value,
)
from planner.kernel.errors import Problem

DAY = date(2026, 11, 23)


def test_a_model_built_anywhere_breaks_the_same_rule_in_the_same_words():
    with pytest.raises(ValidationError) as raw:
        CheckIn(day=DAY, stress=11, swelling=1, pain=1)
    first = raw.value.errors()[0]
    assert first["type"] == PERSON and first["loc"] == ("stress",)
    with pytest.raises(Problem) as typed:
        validated(CheckIn, day=DAY, stress=11, swelling=1, pain=1)
    assert (typed.value.field, typed.value.message) == ("stress", first["msg"])
    assert typed.value.message == "A rating is a whole number from 0 to 10."


def test_a_rule_across_fields_names_the_field_to_fix():
    with pytest.raises(Problem) as caught:
        validated(CheckIn, day=DAY, stress=3, swelling=1, pain=1, systolic=120)
    assert caught.value.field == "systolic" and "both" in caught.value.message


def test_typed_names_are_tidied_and_may_hide_nothing_while_stored_ones_still_open():
    room = name_field("Name the room.")
    assert validated_value(room, "  Quiet \t corner ", "room") == "Quiet corner"
    with pytest.raises(Problem, match="Name the room."):
        validated_value(room, "   ", "room")
    with pytest.raises(Problem, match="invisible formatting"):
        validated_value(Name, "x\u202eevil", "name")
    from pydantic import TypeAdapter

    assert TypeAdapter(Name).validate_python("x\u202eevil") == "x\u202eevil"  # saved before


@pytest.mark.parametrize("bad", [-1, 11, 2.5, "7", True])
def test_a_rating_is_a_whole_number_from_0_to_10(bad):
    with pytest.raises(Problem) as caught:
        validated_value(Rating, bad, "pain")
    assert caught.value.field == "pain" and "from 0 to 10" in caught.value.message


def test_notes_are_trimmed_when_typed_and_never_hold_control_characters():
    assert validated_value(Notes, "  <b>calm</b>  ", "notes") == "<b>calm</b>"
    with pytest.raises(Problem, match="control characters"):
        validated_value(Notes, "a\x00b", "notes")
