"""Checking claims against the coverage: supported, contradicted or not found.

A script asks "does the coverage support this claim?" and acts on the exit
code. A claim is either a sentence, read with evfacts' own extractor (so a
claim is understood exactly as an article would be), or a structured fact in
the guidelines' fields from a claims file. Each claimed fact is compared with
the facts merged across the articles (:mod:`evfacts.merge`):

* ``supported``: a merged fact of the same type and subject (by alias) whose
  newest source states a compatible value;
* ``contradicted``: merged facts of the same type, subject and event / spec /
  role (for targets: kind, rate and a compatible deadline) exist, but their
  newest sources state an incompatible value;
* ``not_found``: nothing of the kind about that subject.

The newest ``published`` article decides; older sources that disagree with it
are listed as ``superseded`` in the evidence. Stakeholder roles ``investor``
and ``shareholder`` count as one (the press uses them interchangeably).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import yaml

from . import safeyaml
from .facts import (
    ALL_FIELDS,
    CHEMISTRIES,
    EVENTS,
    FIELDS,
    RATES,
    ROLES,
    SPECS,
    TARGET_KINDS,
    TYPES,
    Fact,
    value_summary,
)
from .merge import (
    QUALIFIERS,
    SUPERSEDED,
    Record,
    Source,
    Statement,
    Subjects,
    compatible,
    date_span,
    deadlines_compatible,
    names_same,
)
from .normalize.entities import Gazetteer
from .printable import printable

if TYPE_CHECKING:
    from .documents import ReadError

SUPPORTED, CONTRADICTED, NOT_FOUND = "supported", "contradicted", "not_found"
#: Evidence statuses, relative to the claim; and ``superseded``: an older source the newest one overrides.
SUPPORTS, CONTRADICTS = "supports", "contradicts"

#: Roles a claim may name for one kind of stake.
_ROLE_GROUPS = ({"investor", "shareholder"},)
#: The unit every battery spec is normalized to.
SPEC_UNITS = {"capacity": "kWh", "range": "km", "charging": "kW", "voltage": "V", "chemistry": None}
#: Fields each structured claim must give, beyond type and subject.
_REQUIRED = {"launch_date": ("event", "date"), "production_target": ("units",),
             "battery": ("spec", "value"), "stakeholder": ("name", "role")}
_HINT = ('write it as the press would, with a subject and a full date or figure, e.g. '
         '"Xiaomi will start mass production of the SU7 in February 2024"')


class ClaimError(ValueError):
    """A claim or claims file that cannot be checked; the CLI exits 2 with this message."""


@dataclass
class Claim:
    """One claimed fact, where it came from (a sentence, or a claims-file entry) and its id."""

    statement: Statement
    text: str | None = None
    id: str | None = None

    def label(self) -> str:
        """How people recognize the claim: its sentence, else its id, else the fact it states."""
        if self.text:
            return self.text
        summary = f"{self.statement.fact.subject}: {value_summary(self.statement.fact.to_dict())}"
        return f"{self.id}: {summary}" if self.id else summary

    def to_dict(self) -> dict[str, Any]:
        fact = self.statement.fact
        out: dict[str, Any] = {"type": fact.type, "subject": fact.subject}
        out.update({name: self.statement.get(name) for name in FIELDS[fact.type]})
        out["qualifier"] = self.statement.qualifier
        return out


@dataclass
class Evidence:
    """A source of a merged fact, and what it says of the claim."""

    statement: Statement
    status: str

    def to_dict(self) -> dict[str, Any]:
        return self.statement.to_dict(self.status)


@dataclass
class Verdict:
    """A claimed fact, its verdict and the evidence for it, best first."""

    claim: Claim
    verdict: str
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.claim.id, "claim": self.claim.text, "fact": self.claim.to_dict(),
                "verdict": self.verdict, "evidence": [e.to_dict() for e in self.evidence]}


# ----- reading claims ------------------------------------------------------------------

def load_claims_file(path: Path) -> list[dict[str, Any]]:
    """The entries of a claims file: a YAML list of sentences, ``{claim: ...}`` or structured facts.

    A bare sentence is the short form of ``{claim: sentence}``.
    """
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClaimError(f"cannot read claims file {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ClaimError(f"{path}: a claims file is UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except (yaml.YAMLError, ValueError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f", line {where.line + 1}" if where else ""
        reason = getattr(exc, "problem", None) or exc
        raise ClaimError(f"{path}{line}: not valid YAML ({reason})") from exc
    if not isinstance(data, list) or not all(isinstance(item, (dict, str)) for item in data):
        raise ClaimError(f"{path}: a claims file is a YAML list of sentences, {{claim: \"sentence\"}} "
                         "or facts with type, subject, ...")
    return [{"claim": item} if isinstance(item, str) else item for item in data]


def build_claims(entries: Iterable[dict[str, Any]], read: Callable[[str], list[Fact]],
                 where: str = "claim") -> list[Claim]:
    """Claims from entries; ``read`` extracts the facts of a sentence.

    Every entry is checked before any is used: a sentence that yields no fact
    or a malformed structured fact raises :class:`ClaimError` naming all of
    them, so a script learns of every bad claim at once.
    """
    claims: list[Claim] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, 1):
        label = f"{where} {number}"
        try:
            claims += _claims_of(entry, read, label)
        except ClaimError as exc:
            problems.append(str(exc))
    if problems:
        raise ClaimError("\n".join(problems))
    return claims


def _claims_of(entry: dict[str, Any], read: Callable[[str], list[Fact]], label: str) -> list[Claim]:
    claim_id = None if entry.get("id") is None else str(entry["id"])
    if "claim" in entry:
        unknown = set(entry) - {"claim", "id"}
        if unknown:
            raise ClaimError(f"{label}: a sentence claim has only 'claim' and 'id', not {sorted(unknown)}")
        text = entry["claim"]
        if not isinstance(text, str) or not text.strip():
            raise ClaimError(f"{label}: 'claim' must be a sentence")
        facts = read(text.strip())
        if not facts:
            raise ClaimError(f'{label}: no fact could be read from the claim "{text.strip()}"; {_HINT}')
        return [Claim(Statement.of(fact, None), text.strip(), claim_id) for fact in facts]
    fact, qualifier = structured_fact(entry, label)
    return [Claim(Statement(fact, None, qualifier), None, claim_id)]


def structured_fact(entry: dict[str, Any], label: str) -> tuple[Fact, str | None]:
    """A fact from guideline fields (``type``, ``subject``, ...) and its optional ``qualifier``."""
    ftype = entry.get("type")
    if ftype not in TYPES:
        raise ClaimError(f"{label}: 'type' must be one of {', '.join(TYPES)} (or give 'claim: <sentence>')")
    unknown = set(entry) - {"id", "type", "subject", "qualifier", *FIELDS[ftype]}
    if unknown:
        raise ClaimError(f"{label}: unknown field(s) {sorted(unknown)} for {ftype}; "
                         f"allowed: {', '.join(FIELDS[ftype])}, subject, qualifier, id")
    subject = entry.get("subject")
    if not isinstance(subject, str) or not subject.strip():
        raise ClaimError(f"{label}: 'subject' must be a name (the vehicle or company)")
    missing = [name for name in _REQUIRED[ftype] if entry.get(name) is None]
    if missing:
        raise ClaimError(f"{label}: a {ftype} claim needs {', '.join(missing)}")
    qualifier = entry.get("qualifier")
    if qualifier is not None and (not isinstance(qualifier, str) or qualifier not in set(QUALIFIERS.values())):
        raise ClaimError(f"{label}: 'qualifier' must be over, about or under")
    values = _VALIDATORS[ftype](entry, label)
    return Fact(type=ftype, subject=subject.strip(), values=values, text="", start=0, end=0,
                sentence="", rule="claim", confidence=1.0, doc="<claim>"), qualifier


def _choice(entry: dict[str, Any], name: str, allowed: Iterable[str | None], label: str) -> Any:
    value = entry.get(name)
    if value not in allowed:
        shown = ", ".join(str(a) for a in allowed if a is not None)
        raise ClaimError(f"{label}: '{name}' must be one of {shown}, not {value!r}")
    return value


def _date(entry: dict[str, Any], label: str) -> str | None:
    value = entry.get("date")
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if date_span(text) is None:
        raise ClaimError(f"{label}: 'date' must be like 2024, 2024-H1, 2024-Q1, 2024-02 or 2024-02-15, not {value!r}")
    return text


def _number(entry: dict[str, Any], name: str, label: str) -> float:
    """A positive, finite number: ``.inf``, ``1.0e+400`` (infinite too) and ``.nan`` are no figure
    a source can state, and NaN would make the JSON output invalid."""
    value = entry.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value) or value <= 0:
        raise ClaimError(f"{label}: '{name}' must be a positive number, not {value!r}")
    return value


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float (a 400-digit number)
        return False


def _launch(entry: dict[str, Any], label: str) -> dict[str, Any]:
    return {"event": _choice(entry, "event", EVENTS, label), "date": _date(entry, label)}


def _target(entry: dict[str, Any], label: str) -> dict[str, Any]:
    units = _number(entry, "units", label)
    return {"units": int(units), "date": _date(entry, label),
            "rate": _choice(entry, "rate", (*RATES, None), label),
            "kind": _choice({"kind": entry.get("kind") or "target"}, "kind", TARGET_KINDS, label)}


def _battery(entry: dict[str, Any], label: str) -> dict[str, Any]:
    spec = _choice(entry, "spec", SPECS, label)
    unit = SPEC_UNITS[spec]
    if entry.get("unit") not in (None, unit):
        raise ClaimError(f"{label}: a {spec} is given in {unit or 'no unit'}, not {entry['unit']!r}")
    if spec == "chemistry":
        by_key = {c.casefold(): c for c in CHEMISTRIES}
        value = by_key.get(str(entry["value"]).casefold())
        if value is None:
            raise ClaimError(f"{label}: a chemistry is one of {', '.join(CHEMISTRIES)}, not {entry['value']!r}")
        return {"spec": spec, "value": value, "unit": None}
    return {"spec": spec, "value": _number(entry, "value", label), "unit": unit}


def _stakeholder(entry: dict[str, Any], label: str) -> dict[str, Any]:
    name, title = entry.get("name"), entry.get("title")
    if not isinstance(name, str) or not name.strip():
        raise ClaimError(f"{label}: 'name' must be the organization or person")
    return {"name": name.strip(), "entity": _choice(entry, "entity", ("organization", "person", None), label),
            "role": _choice(entry, "role", ROLES, label), "title": None if title is None else str(title)}


_VALIDATORS: dict[str, Callable[[dict[str, Any], str], dict[str, Any]]] = {
    "launch_date": _launch, "production_target": _target, "battery": _battery, "stakeholder": _stakeholder,
}


# ----- checking ------------------------------------------------------------------------

def roles_compatible(a: str | None, b: str | None) -> bool:
    """Whether two stakeholder roles name one kind of stake."""
    return a == b or any(a in group and b in group for group in _ROLE_GROUPS)


def _same_slot(claim: Statement, record: Record, gazetteer: Gazetteer) -> bool:
    """Whether a merged fact is about what the claim is about (its value aside)."""
    current = record.current
    if claim.type == "launch_date":
        return claim.get("event") == current.get("event")
    if claim.type == "production_target":
        return ((claim.get("kind"), claim.get("rate")) == (current.get("kind"), current.get("rate"))
                and any(deadlines_compatible(claim, s.statement) for s in record.sources))
    if claim.type == "battery":
        return claim.get("spec") == current.get("spec")
    return roles_compatible(claim.get("role"), current.get("role")) and names_same(gazetteer, claim, current)


def check_claim(claim: Claim, records: list[Record], subjects: Subjects) -> Verdict:
    """The verdict on one claimed fact, with its evidence best first."""
    c = claim.statement
    subject = subjects.record_subject(c.fact)
    candidates = [r for r in records if r.type == c.type and r.subject == subject
                  and _same_slot(c, r, subjects.gazetteer)]
    if not candidates:
        return Verdict(claim, NOT_FOUND, [])
    supporting = [r for r in candidates if any(s.newest and compatible(c, s.statement) for s in r.sources)]
    verdict = SUPPORTED if supporting else CONTRADICTED
    evidence = [Evidence(s.statement, _evidence_status(c, s)) for r in (supporting or candidates) for s in r.sources]
    lead = SUPPORTS if supporting else CONTRADICTS
    evidence.sort(key=lambda e: (e.status != lead, e.status == SUPERSEDED, *_recency(e.statement)))
    return Verdict(claim, verdict, evidence)


def _evidence_status(claim: Statement, source: Source) -> str:
    """Superseded if the record's newest source overrides it, else what it says of the claim."""
    if source.status == SUPERSEDED:
        return SUPERSEDED
    return SUPPORTS if compatible(claim, source.statement) else CONTRADICTS


def _recency(s: Statement) -> tuple:
    return (s.published is None, -(s.published.toordinal() if s.published else 0), -s.fact.confidence,
            s.fact.doc, s.fact.start)


def check(claims: Iterable[Claim], records: list[Record], subjects: Subjects) -> list[Verdict]:
    """Verdicts for every claimed fact, in claim order; ``subjects`` is the one the records were merged with."""
    return [check_claim(claim, records, subjects) for claim in claims]


# ----- output --------------------------------------------------------------------------

def summary(verdicts: Iterable[Verdict]) -> dict[str, int]:
    """How many claimed facts got each verdict."""
    counts = {SUPPORTED: 0, CONTRADICTED: 0, NOT_FOUND: 0}
    for v in verdicts:
        counts[v.verdict] += 1
    return counts


def write_jsonl(verdicts: list[Verdict], errors: Iterable[ReadError], out: IO[str]) -> None:
    """One verdict per line; a skipped file is a line with ``error``, as ``evfacts extract`` writes it."""
    for error in errors:
        out.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")
    for v in verdicts:
        out.write(json.dumps(v.to_dict(), ensure_ascii=False, default=str) + "\n")


def write_json(verdicts: list[Verdict], errors: Iterable[ReadError], out: IO[str]) -> None:
    """``{"claims": [...], "summary": {...}, "errors": [...]}``."""
    document = {"claims": [v.to_dict() for v in verdicts], "summary": summary(verdicts),
                "errors": [e.to_dict() for e in errors]}
    out.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


#: The columns of ``evfacts check --format csv``: one row per claimed fact, with its best evidence.
CSV_COLUMNS = ["id", "claim", "verdict", "type", "subject", *ALL_FIELDS, "qualifier",
               "evidence_doc", "evidence_published", "evidence_status", "evidence_sentence"]


def write_csv(verdicts: list[Verdict], errors: Iterable[ReadError], out: IO[str]) -> None:
    """One row per claimed fact and its best evidence; skipped files are reported on stderr only."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for v in verdicts:
        row = {"id": v.claim.id, "claim": v.claim.text, "verdict": v.verdict, **v.claim.to_dict()}
        if v.evidence:
            best = v.evidence[0].to_dict()
            row.update({f"evidence_{k}": best[k] for k in ("doc", "published", "status", "sentence")})
        writer.writerow(row)


_VERDICT_STYLE = {SUPPORTED: "green", CONTRADICTED: "red", NOT_FOUND: "yellow"}


def write_table(verdicts: list[Verdict], out: IO[str], color: bool = True, width: int | None = None) -> None:
    """One row per claimed fact: the claim, the fact read from it, the verdict and the best evidence."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from .render import _evidence

    console = Console(file=out, width=width, no_color=not color, highlight=False,
                      force_terminal=color if color else None)
    table = Table(header_style="bold", expand=False, show_lines=True)
    table.add_column("claim", ratio=2, overflow="fold")
    table.add_column("fact", ratio=1, overflow="fold")
    table.add_column("verdict", no_wrap=True)
    table.add_column("evidence", ratio=3, overflow="fold")
    for v in verdicts:
        fact = v.claim.statement.fact
        best = v.evidence[0] if v.evidence else None
        where = ""
        if best is not None:
            s = best.statement
            dated = f", {s.published.isoformat()}" if s.published else ""
            where = f"{Path(s.fact.doc).name}{dated}: {_evidence(s.fact.to_dict())}"
        qualifier = f" ({v.claim.statement.qualifier})" if v.claim.statement.qualifier else ""
        table.add_row(escape(printable(v.claim.label())),
                      escape(printable(f"{fact.subject}: {value_summary(fact.to_dict())}{qualifier}")),
                      f"[{_VERDICT_STYLE[v.verdict]}]{v.verdict}[/]", escape(printable(where, keep_newlines=True)))
    console.print(table)
