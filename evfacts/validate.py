"""Check gold files before they are used to score: ``evfacts validate GOLD_DIR``.

A typo in a gold file ("capcity", a date of "2024-13") does not fail a
score, it quietly lowers it. This module finds such problems, every one of
them at once, each naming the file and the fact (counted from 1), so an
annotator can fix a folder in one pass. The rules are those of
``docs/annotating.md``; no NLP library is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from . import safeyaml
from .facts import CHEMISTRIES, ENTITIES, EVENTS, FIELDS, RATES, ROLES, SPECS, TARGET_KINDS, TYPES

#: The unit each battery spec is written in (null for chemistry).
SPEC_UNITS = {"capacity": "kWh", "range": "km", "charging": "kW", "voltage": "V", "chemistry": None}
#: Fields every fact may have besides its type's.
COMMON_FIELDS = ("type", "subject", "quote")
_DATE = re.compile(r"^(?P<y>[0-9]{4})(?:-(?P<rest>[0-9]{2}(?:-[0-9]{2})?|Q[1-4]|H[12]))?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a gold file; ``fact`` is the fact's number (from 1), or None for the file."""

    path: Path
    message: str
    fact: int | None = None

    def __str__(self) -> str:
        return f"{self.path}: fact {self.fact}: {self.message}" if self.fact else f"{self.path}: {self.message}"


def validate_dir(gold_dir: Path) -> tuple[int, int, list[Problem]]:
    """(gold files, facts, problems) for every ``*.gold.yaml`` under ``gold_dir``, in sorted order."""
    files = sorted(Path(gold_dir).rglob("*.gold.yaml"))
    problems: list[Problem] = []
    facts = 0
    for path in files:
        count, found = validate_file(path)
        facts += count
        problems += found
    return len(files), facts, problems


def validate_file(path: Path) -> tuple[int, list[Problem]]:
    """(number of facts, problems) of one gold file."""
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        return 0, [Problem(path, f"cannot be read as YAML ({exc.__class__.__name__}: {exc})".replace("\n", " "))]
    if not isinstance(data, dict):
        return 0, [Problem(path, "a gold file is a mapping with `doc` and `facts`")]
    problems = [Problem(path, f"unknown key `{key}` (a gold file has `doc`, `facts` and, for an article of a "
                              "JSON Lines corpus, `line`)")
                for key in data if key not in ("doc", "facts", "line")]
    doc = data.get("doc")
    if not isinstance(doc, str) or not doc.strip():
        problems.append(Problem(path, "`doc` must name the article file"))
    elif not (path.parent / doc).is_file():
        problems.append(Problem(path, f"doc {doc!r} is not a file beside the gold file"))
    elif "line" in data:
        problems += [Problem(path, message) for message in _line_problems(path.parent / doc, data["line"])]
    if "facts" not in data:
        return 0, problems + [Problem(path, "no `facts` (write `facts: []` for an article without facts)")]
    facts = data["facts"] if data["facts"] is not None else []
    if not isinstance(facts, list):
        return 0, problems + [Problem(path, "`facts` must be a list")]
    for number, fact in enumerate(facts, 1):
        problems += [Problem(path, message, number) for message in fact_problems(fact)]
    return len(facts), problems


def _line_problems(corpus: Path, line: Any) -> Iterator[str]:
    """What is wrong with ``line:``: it must be the number of a non-blank line of a JSON Lines file."""
    from .inputs.jsonl import is_jsonl

    if not is_jsonl(str(corpus)):
        yield f"`line` is for an article of a JSON Lines corpus (.jsonl, .ndjson), not {corpus.name}"
    elif not isinstance(line, int) or isinstance(line, bool) or line < 1:
        yield f"`line` {line!r} is not a line number (1 or more)"
    else:
        with corpus.open("rb") as fh:
            text = next((raw for number, raw in enumerate(fh, 1) if number == line), b"")
        if not text.strip():
            yield f"line {line} of {corpus.name} holds no article"


def fact_problems(fact: Any) -> Iterator[str]:
    """What is wrong with one gold fact, each as a sentence; nothing when it is right."""
    if not isinstance(fact, dict):
        yield "a fact is a mapping of fields"
        return
    kind = fact.get("type")
    if kind not in TYPES:
        yield f"type {kind!r} is not one of {', '.join(TYPES)}"
        return
    label = f"({kind}) "
    allowed = COMMON_FIELDS + FIELDS[kind]
    for key in fact:
        if key not in allowed:
            yield f"{label}unknown field `{key}` (fields: {', '.join(allowed)})"
    subject = fact.get("subject")
    if not _values(subject) or not all(isinstance(s, str) and s.strip() for s in _values(subject)):
        yield f"{label}`subject` must be a name or a list of names"
    for name in FIELDS[kind]:
        for message in _CHECKS[kind](name, fact):
            yield f"{label}{message}"


def _values(value: Any) -> list[Any]:
    """A field's acceptable values: a list is a choice among them."""
    return value if isinstance(value, list) else [value]


def _each(fact: dict, name: str, ok: Callable[[Any], bool], expected: str, required: bool = True) -> Iterator[str]:
    if name not in fact:
        if required:
            yield f"no `{name}` ({expected})"
        return
    for value in _values(fact[name]):
        if not ok(value):
            yield f"`{name}` {value!r} is not {expected}"


def _is_date(value: Any, nullable: bool = False) -> bool:
    if value is None:
        return nullable
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return True
    m = _DATE.match(str(value)) if isinstance(value, (str, int)) else None
    if m is None:
        return False
    rest = m.group("rest")
    if rest and rest[0].isdigit():
        try:
            dt.date.fromisoformat(f"{m.group('y')}-{rest}" if "-" in rest else f"{m.group('y')}-{rest}-01")
        except ValueError:
            return False
    return True


_DATE_TEXT = "a date like 2024, 2024-H2, 2024-Q1, 2024-02 or 2024-02-15"


def _launch(name: str, fact: dict) -> Iterator[str]:
    if name == "event":
        yield from _each(fact, name, lambda v: v in EVENTS, f"one of {', '.join(EVENTS)}")
    else:
        yield from _each(fact, name, _is_date, _DATE_TEXT)


def _target(name: str, fact: dict) -> Iterator[str]:
    if name == "units":
        yield from _each(fact, name, lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
                         "a whole number of vehicles")
    elif name == "date":
        yield from _each(fact, name, lambda v: _is_date(v, nullable=True), _DATE_TEXT + " or null")
    elif name == "rate":
        yield from _each(fact, name, lambda v: v is None or v in RATES, f"one of {', '.join(RATES)} or null")
    else:
        yield from _each(fact, name, lambda v: v in TARGET_KINDS, f"one of {', '.join(TARGET_KINDS)}")


def _battery(name: str, fact: dict) -> Iterator[str]:
    spec = fact.get("spec")
    if name == "spec":
        yield from _each(fact, name, lambda v: v in SPECS, f"one of {', '.join(SPECS)}")
    elif name == "value":
        if spec == "chemistry":
            yield from _each(fact, name, lambda v: v in CHEMISTRIES, f"one of {', '.join(CHEMISTRIES)}")
        else:
            yield from _each(fact, name, lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0,
                             "a positive number")
    elif spec in SPEC_UNITS:
        unit = SPEC_UNITS[spec]
        yield from _each(fact, name, lambda v: v == unit, f"{unit!r} (the unit of {spec})" if unit
                         else "null (chemistry has no unit)", required=unit is not None)


def _stakeholder(name: str, fact: dict) -> Iterator[str]:
    if name == "name":
        yield from _each(fact, name, lambda v: isinstance(v, str) and bool(v.strip()), "a name")
    elif name == "entity":
        yield from _each(fact, name, lambda v: v in ENTITIES, f"one of {', '.join(ENTITIES)}")
    elif name == "role":
        yield from _each(fact, name, lambda v: v in ROLES, f"one of {', '.join(ROLES)}")
    else:
        yield from _each(fact, name, lambda v: v is None or (isinstance(v, str) and bool(v.strip())),
                         "a title or null", required=False)


_CHECKS: dict[str, Callable[[str, dict], Iterator[str]]] = {
    "launch_date": _launch, "production_target": _target, "battery": _battery, "stakeholder": _stakeholder}
