"""The one schema every pattern file is checked against when it is loaded (pydantic).

Every kind of pattern file (``triggers``, ``gazetteer``, ``dates``, ``units``,
``lexicon``) has a model here, and :func:`validate` checks a parsed file
against the union of them, chosen by its ``kind``: an unknown kind
(``triggerz``), an unknown key at any level, a value of the wrong type
(``id: [x, y]``, ``requires: [[start]]``) or outside its vocabulary
(``type: launch_datez``, an unknown ``requires``) is a
:class:`~evfacts.patterns.PatternError` naming the file and the line, before
anything reads the file. Regular expressions (``REGEX`` in token patterns,
the gazetteer's model ``code``) that could backtrack for ever are refused here
too (:mod:`evfacts.regex_safety`).

The schema checks the shape of each file; what needs the whole vocabulary
(duplicate names, a month number given twice, spaCy's own check of a token
pattern) is checked by the module that reads that kind.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, TypeAdapter,
                      ValidationError, field_validator, model_validator)

from .regex_safety import regex_problem

#: Fact types a triggers file may signal, and ``guard`` (phrases that stop a fact).
TRIGGER_TYPES = ("launch_date", "production_target", "battery", "stakeholder", "guard")

Text = Annotated[StrictStr, Field(min_length=1)]
Number = Union[StrictInt, StrictFloat]
#: One word, or a list of them (the readers accept both).
Words = Union[Text, list[Text]]
#: Numbers are accepted as words in ``units`` word lists ("2" is read as the word "2").
UnitWord = Union[Text, StrictInt, StrictFloat]


class _Strict(BaseModel):
    """No unknown keys, no coercion: ``"5"`` is not 5 and 5 is not ``"5"``."""

    model_config = ConfigDict(extra="forbid", strict=True)


# ----- triggers -------------------------------------------------------------------------------

class Trigger(_Strict):
    id: Text
    label: Text
    phrase: Optional[Words] = None
    pattern: Optional[Annotated[list[dict[StrictStr, Any]], Field(min_length=1)]] = None
    example: Optional[Words] = None
    note: Optional[StrictStr] = None
    requires: list[StrictStr] = []

    @field_validator("requires")
    @classmethod
    def _known_requirements(cls, value: list[str]) -> list[str]:
        from .nlp.pipeline import REQUIREMENTS

        unknown = [r for r in value if r not in REQUIREMENTS]
        if unknown:
            raise ValueError(f"unknown requirement(s) {unknown}; allowed: {', '.join(sorted(REQUIREMENTS))}")
        return value

    @field_validator("pattern")
    @classmethod
    def _safe_regexes(cls, value: Optional[list[dict[str, Any]]]) -> Optional[list[dict[str, Any]]]:
        for expression in _regexes(value):
            problem = regex_problem(expression)
            if problem:
                raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _phrase_or_pattern(self) -> "Trigger":
        if (self.phrase is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'phrase' or 'pattern'")
        return self


def _regexes(value: Any) -> list[str]:
    """Every ``REGEX`` string inside a token pattern, however deep."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k == "REGEX" and isinstance(v, str)]
        return found + [r for v in value.values() for r in _regexes(v)]
    if isinstance(value, list):
        return [r for v in value for r in _regexes(v)]
    return []


class TriggersFile(_Strict):
    kind: Literal["triggers"]
    type: Literal[TRIGGER_TYPES]  # type: ignore[valid-type]
    triggers: list[Trigger]


# ----- gazetteer ------------------------------------------------------------------------------

Names = Optional[list[Text]]


class Organization(_Strict):
    name: Text
    kind: Optional[StrictStr] = None
    aliases: Names = None
    parent: Optional[Text] = None
    parents: Names = None
    prefixes: Names = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: Optional[str]) -> Optional[str]:
        from .normalize.entities import ORG_KINDS

        if value is not None and value not in ORG_KINDS:
            raise ValueError(f"unknown organization kind {value!r}; use one of {', '.join(sorted(ORG_KINDS))}")
        return value


class Model(_Strict):
    name: Text
    brand: Optional[Text] = None
    aliases: Names = None
    brand_only: Names = None


class Person(_Strict):
    name: Text
    aliases: Names = None
    company: Optional[Text] = None
    title: Optional[Text] = None


class GenericModels(_Strict):
    code: Optional[Text] = None
    not_codes: Names = None
    suffixes: Names = None

    @field_validator("code")
    @classmethod
    def _safe_code(cls, value: Optional[str]) -> Optional[str]:
        problem = regex_problem(value) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value


class GazetteerFile(_Strict):
    kind: Literal["gazetteer"]
    organizations: Optional[list[Organization]] = None
    models: Optional[list[Model]] = None
    people: Optional[list[Person]] = None
    generic_models: Optional[GenericModels] = None
    corporate_suffixes: Names = None


# ----- dates ----------------------------------------------------------------------------------

class Month(_Strict):
    names: Optional[Words] = None
    abbreviations: Optional[Words] = None


class Period(_Strict):
    letter: Text
    words: Optional[Words] = None


class Season(_Strict):
    months: Annotated[list[StrictInt], Field(min_length=2, max_length=2)]
    half: Optional[StrictInt] = None


class Shift(_Strict):
    phrases: Words
    unit: Text
    offset: StrictInt
    modifier: Optional[Text] = None


class Counted(_Strict):
    phrases: Words
    unit: Text
    modifier: Optional[Text] = None
    offset: Optional[Literal[1, -1]] = None  # the direction of the count: "two years ago" is -1


class DatesFile(_Strict):
    kind: Literal["dates"]
    months: Optional[dict[StrictInt, Month]] = None
    ambiguous_months: Optional[Words] = None
    weekdays: Optional[dict[StrictInt, Words]] = None
    ordinals: Optional[dict[StrictStr, StrictInt]] = None
    periods: Optional[dict[StrictStr, Period]] = None
    seasons: Optional[dict[StrictStr, Season]] = None
    vague: Optional[dict[StrictStr, Text]] = None
    bounds: Optional[dict[StrictStr, Text]] = None
    ranges: Optional[dict[StrictStr, Words]] = None
    relation_words: Optional[dict[StrictStr, Text]] = None
    relative: Optional[list[Shift]] = None
    counted: Optional[list[Counted]] = None
    numbers: Optional[dict[StrictStr, StrictInt]] = None
    year_phrases: Optional[dict[StrictStr, StrictInt]] = None
    context_words: Optional[Words] = None
    period_context_words: Optional[Words] = None
    period_nouns: Optional[Words] = None
    list_words: Optional[Words] = None
    count_nouns: Optional[Words] = None
    not_a_year_after: Optional[Words] = None
    brands: Optional[Words] = None


# ----- units ----------------------------------------------------------------------------------

class NumberWord(_Strict):
    word: Text
    value: Number
    needs_multiplier: StrictBool = False
    tens: StrictBool = False


class Multiplier(_Strict):
    words: Words
    value: Number
    only_for: Optional[Words] = None


class Unit(_Strict):
    unit: Text
    aliases: Words
    prefixes: Optional[Words] = None
    factor: Optional[Number] = None
    round: Optional[StrictInt] = None


class CountNoun(_Strict):
    noun: Text
    forms: Words


class Rate(_Strict):
    rate: Literal["day", "week", "month", "year"]
    after: Optional[Words] = None
    before: Optional[Words] = None


class UnitsFile(_Strict):
    kind: Literal["units"]
    number_words: Optional[list[NumberWord]] = None
    multipliers: Optional[list[Multiplier]] = None
    units: Optional[list[Unit]] = None
    count_nouns: Optional[list[CountNoun]] = None
    rates: Optional[list[Rate]] = None
    rate_blockers: Optional[list[UnitWord]] = None
    qualifiers: Optional[list[UnitWord]] = None
    range_connectors: Optional[list[UnitWord]] = None
    modifier_stopwords: Optional[list[UnitWord]] = None
    name_words: Optional[list[UnitWord]] = None
    year_words: Optional[list[UnitWord]] = None


# ----- lexicon --------------------------------------------------------------------------------

class LexiconFile(_Strict):
    kind: Literal["lexicon"]
    lists: dict[StrictStr, list[StrictStr]]


PatternFileSchema = Annotated[Union[TriggersFile, GazetteerFile, DatesFile, UnitsFile, LexiconFile],
                              Field(discriminator="kind")]
KINDS = ("triggers", "gazetteer", "dates", "units", "lexicon")


@functools.cache
def _adapter() -> TypeAdapter:
    return TypeAdapter(PatternFileSchema)


def validate(data: Any) -> list[tuple[tuple[Any, ...], str]]:
    """The problems of one parsed pattern file: (path of keys and indexes into it, message).

    An empty list means the file fits the schema. The most specific problem
    comes first: where a value may be of two types (a phrase or a list of
    phrases), the error deep inside the list says more than "not a string".
    """
    try:
        _adapter().validate_python(data)
    except ValidationError as exc:
        problems = [_problem(data, error) for error in exc.errors()]
        return sorted(problems, key=lambda p: -len(p[0]))
    return []


def _problem(data: Any, error: Any) -> tuple[tuple[Any, ...], str]:
    """The keys of ``error`` that exist in ``data`` (pydantic adds the kind and union branches), and a message."""
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        kind = data.get("kind") if isinstance(data, dict) else None
        shown = f"unknown kind {kind!r}" if kind is not None else "missing 'kind'"
        return ("kind",) if kind is not None else (), f"{shown}; a pattern file's kind is one of {', '.join(KINDS)}"
    path: list[Any] = []
    node = data
    for key in error["loc"][1:]:  # the first is the kind that chose the model
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            continue  # the kind pydantic chose, or a union branch ('str', 'list[str]')
        path.append(key)
    named = path + [error["loc"][-1]] if error["type"] == "missing" else path  # a key that is not there
    return tuple(path), _message(named, error)


def _message(path: list[Any], error: Any) -> str:
    where = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path).lstrip(".") or "the file"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key"
    message = error["msg"].removeprefix("Value error, ")
    shown = repr(error.get("input"))
    got = f" (got {shown[:60]})" if error["type"] not in ("value_error", "missing") else ""
    return f"{where}: {message}{got}"
