"""The rules for what a person types, each with the words that say how to fix it.

There is one layer of rules: the pydantic models use these types, so a record built anywhere
(a form, an import, the database) meets the same rules, and ``validated`` turns the first one
broken into a ``Problem`` naming its field, in the words written here. What a person types is
validated with the context ``typed``: then names and notes are tidied first, and a name may
not hide characters that change how it reads. A record saved before that rule still opens.

A rule across fields (a model validator) names its field with ``refuse(..., field=...)``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, TypeAdapter, ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from planner.kernel import limits
from planner.kernel.errors import Problem

PERSON = "solace"  # the error type of a rule broken, with the words for the person
_NOTE_WHITESPACE = {"\n", "\r", "\t"}
# Invisible in a name, yet they change how it reads: zero-width spaces make two names that look
# alike, and direction overrides show "x\u202eevil" as "xlive". (The joiners that build emoji
# and some scripts' words stay allowed.)
_HIDDEN_IN_NAMES = frozenset("\u00ad\u200b\u2060\ufeff"
                             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# How a rating reads in "Pick a number for ...", by field.
RATED = {"stress": "your stress", "swelling": "leg heaviness or swelling",
         "pain": "foot pain", "sleep": "sleep", "stress_before": "your stress before",
         "stress_after": "your stress after"}
Model = TypeVar("Model", bound=BaseModel)


def refuse(message: str, field: str | None = None) -> PydanticCustomError:
    """A broken rule in words a person can act on; ``field`` where a rule spans fields."""
    return PydanticCustomError(PERSON, message.replace("{", "(").replace("}", ")"),
                               {"field": field} if field else None)


def typed(info: ValidationInfo) -> bool:
    """Whether the value was typed by a person just now (not read back or imported)."""
    return bool(info.context and info.context.get("typed"))


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """NUL, escape codes and the like; line breaks and tabs are fine in notes."""
    allowed = _NOTE_WHITESPACE if multiline else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def has_hidden_characters(text: str) -> bool:
    """Characters that hide or reorder what a name says."""
    return any(ch in _HIDDEN_IN_NAMES for ch in text)


def tidy_name(raw: str | None) -> str:
    """Unicode-normalised, with runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())


# --- the types ----------------------------------------------------------------------------------


def _rating(value: object, info: ValidationInfo) -> object:
    if value is None:
        raise refuse(f"Pick a number for {RATED.get(info.field_name or '', 'it')}, from 0 to "
                     "10 (0 is fine: it means none at all).")
    if isinstance(value, bool) or not isinstance(value, int) or value not in limits.RATING:
        raise refuse("A rating is a whole number from 0 to 10.")
    return value


def _name(value: object, info: ValidationInfo, *, empty: str, so_far: bool) -> object:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise refuse("A name is text.")
    if typed(info) or so_far:
        value = tidy_name(value)
    if not value.strip() and not so_far:
        raise refuse(empty)
    if len(value) > limits.NAME_MAX_LENGTH:
        raise refuse(f"Keep the name to {limits.NAME_MAX_LENGTH} characters or fewer (this one "
                     f"has {len(value)}).")
    if has_control_characters(value) or (typed(info) and has_hidden_characters(value)):
        raise refuse("Names can't contain control characters or invisible formatting. Plain "
                     "words, numbers and punctuation work.")
    return value


def name_field(empty: str, so_far: bool = False) -> Any:
    """A short one-line name; ``empty`` says what to write when there is none. ``so_far``:
    it may stay empty while the record is being built, and is always tidied."""
    return Annotated[str, BeforeValidator(partial(_name, empty=empty, so_far=so_far))]


def _notes(value: object, info: ValidationInfo) -> object:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise refuse("Notes are text.")
    if typed(info):
        value = value.strip()
    if len(value) > limits.NOTES_MAX_LENGTH:
        raise refuse(f"Keep notes to {limits.NOTES_MAX_LENGTH} characters (these have "
                     f"{len(value)}).")
    if has_control_characters(value, multiline=True):
        raise refuse("Notes can't contain control characters (such as NUL). Plain text, line "
                     "breaks and emoji work.")
    return value


def _one_line(value: object) -> object:
    if isinstance(value, str) and has_control_characters(value):
        raise refuse("Text here can't contain control characters.")
    return value


def _whole(value: object, *, label: str, bounds: limits.Bounds) -> object:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in bounds:
        raise refuse(f"{label} should be a whole number from {bounds.low} to {bounds.high}.")
    return value


def whole_number(label: str, bounds: limits.Bounds) -> Any:
    """A whole number within ``bounds`` (a whole float such as 72.0 counts)."""
    return Annotated[int, BeforeValidator(partial(_whole, label=label, bounds=bounds))]


def _day(value: object, info: ValidationInfo) -> object:
    if typed(info) and (not isinstance(value, date) or isinstance(value, datetime)):
        raise refuse("Pick a date.")
    if isinstance(value, date) and value < limits.EARLIEST_DAY:
        raise refuse(f"Pick a day from {limits.EARLIEST_DAY.year} on.")
    return value


def _yes_no(value: object) -> object:
    if value is not None and not isinstance(value, bool):
        raise refuse("Answer yes or no, or leave it unanswered.")
    return value


Rating = Annotated[int, BeforeValidator(_rating)]
Name = name_field("Give it a name.")
NameSoFar = name_field("", so_far=True)  # tidied; may be empty while being built
Notes = Annotated[str, BeforeValidator(_notes)]
OneLine = Annotated[str, BeforeValidator(_one_line)]
Day = Annotated[date, BeforeValidator(_day)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]


def fits_name(value: str) -> bool:
    """Whether ``value``, tidied, could be a name once it's filled in: short enough, no
    control characters (it may still be empty)."""
    try:
        TypeAdapter(NameSoFar).validate_python(value)
    except ValidationError:
        return False
    return True


# --- from a broken rule to a Problem ---------------------------------------------------------


def person_message(error: Mapping) -> str:
    """A pydantic error as a person reads it: the rule's own words, else a plain line."""
    if error["type"] == PERSON:
        return str(error["msg"])
    return f"This value doesn't fit: {str(error['msg']).removeprefix('Value error, ')}."


def problem_from(error: ValidationError, field: str | None = None,
                 every: bool = False) -> Problem:
    """The first broken rule, as a ``Problem`` beside its field (or ``field`` if given);
    with ``every``, its message names every broken rule, one sentence each."""
    errors = error.errors(include_url=False)
    first = errors[0]
    named = (first.get("ctx") or {}).get("field")
    where = field or named or (str(first["loc"][0]) if first["loc"] else "form")
    if not every:
        return Problem(where, person_message(first))
    return Problem(where, " ".join(dict.fromkeys(map(person_message, errors))))


def validated(model: type[Model], context: Mapping | None = None, every: bool = False,
              **values: object) -> Model:
    """``model`` built from what a person typed; ``Problem`` naming the first field to fix
    (and, with ``every``, every problem in its message: a form then says all at once)."""
    try:
        return model.model_validate(values, context={"typed": True, **(context or {})})
    except ValidationError as error:
        raise problem_from(error, every=every) from None


def validated_value(kind: Any, value: object, field: str) -> Any:
    """One typed value checked against a type of this module; ``Problem`` for ``field``."""
    try:
        return TypeAdapter(kind).validate_python(value, context={"typed": True})
    except ValidationError as error:
        raise problem_from(error, field) from None
