"""Checks shared by every record a person types: ratings, names and notes.

Each raises ``Problem`` naming the field, with a message a person can act on, and returns the
value tidied. The pydantic models apply the same rules (``Name``, ``Notes``, ``Rating``), so a
record that skipped these checks still can't be built with bad values.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, Strict

from planner.kernel import limits
from planner.kernel.errors import Problem

_NOTE_WHITESPACE = {"\n", "\r", "\t"}
# Invisible in a name, yet they change how it reads: zero-width spaces make two names that look
# alike, and direction overrides show "x\u202eevil" as "xlive". (The joiners that build emoji
# and some scripts' words stay allowed.)
_HIDDEN_IN_NAMES = frozenset("\u00ad\u200b\u2060\ufeff"
                             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """NUL, escape codes and the like; line breaks and tabs are fine in notes."""
    allowed = _NOTE_WHITESPACE if multiline else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def has_hidden_characters(text: str) -> bool:
    """Characters that hide or reorder what a name says. Refused where a name is typed, not in
    the models: a record saved before this check still opens."""
    return any(ch in _HIDDEN_IN_NAMES for ch in text)


def check_rating(value: object, field: str) -> int | None:
    """A rating is a whole number from 0 to 10, or absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in limits.RATING:
        raise Problem(field, "A rating is a whole number from 0 (calm) to 10 (very stressed).")
    return value


def tidy_name(raw: str | None) -> str:
    """Unicode-normalised, with runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())


def check_name(raw: str | None, field: str, empty: str) -> str:
    """A short one-line name: not empty (``empty`` says what to write), not too long."""
    name = tidy_name(raw)
    if not name:
        raise Problem(field, empty)
    if len(name) > limits.NAME_MAX_LENGTH:
        raise Problem(field, f"Keep the name to {limits.NAME_MAX_LENGTH} characters or fewer "
                             f"(this one has {len(name)}).")
    if has_control_characters(name) or has_hidden_characters(name):
        raise Problem(field, "Names can't contain control characters or invisible "
                             "formatting. Plain words, numbers and punctuation work.")
    return name


def check_notes(text: str | None, field: str = "notes") -> str:
    text = (text or "").strip()
    if len(text) > limits.NOTES_MAX_LENGTH:
        raise Problem(field, f"Keep notes to {limits.NOTES_MAX_LENGTH} characters "
                             f"(these have {len(text)}).")
    if has_control_characters(text, multiline=True):
        raise Problem(field, "Notes can't contain control characters (such as NUL). Plain "
                             "text, line breaks and emoji work.")
    return text


def _model_name(value: str) -> str:
    if not value.strip() or len(value) > limits.NAME_MAX_LENGTH or has_control_characters(value):
        raise ValueError(f"a name is 1 to {limits.NAME_MAX_LENGTH} characters, no control "
                         "characters")
    return value


def fits_name(value: str) -> bool:
    """Whether ``value``, tidied, could be a name once it's filled in: short enough, no
    control characters (it may still be empty)."""
    tidied = tidy_name(value)
    return len(tidied) <= limits.NAME_MAX_LENGTH and not has_control_characters(tidied)


def _tidied(value: object) -> object:
    return tidy_name(value) if isinstance(value, str) else value


def _model_name_so_far(value: str) -> str:
    if not fits_name(value):
        raise ValueError(f"a name is at most {limits.NAME_MAX_LENGTH} characters, no control "
                         "characters")
    return value


def no_control_characters(value: str) -> str:
    """For a model's one-line text field: refuse NUL, escape codes and the like."""
    if has_control_characters(value):
        raise ValueError("text can't contain control characters")
    return value


def _model_notes(value: str) -> str:
    if has_control_characters(value, multiline=True):
        raise ValueError("notes can't contain control characters")
    return value


# For the models: the same rules, enforced whenever a record is built.
Rating = Annotated[int, Strict(), Field(ge=limits.RATING.low, le=limits.RATING.high)]
Name = Annotated[str, AfterValidator(_model_name)]
# A routine's name, tidied; empty while the routine is still being built.
NameSoFar = Annotated[str, BeforeValidator(_tidied), AfterValidator(_model_name_so_far)]
Notes = Annotated[str, Field(max_length=limits.NOTES_MAX_LENGTH), AfterValidator(_model_notes)]
