"""Facts consolidated across articles: one record per fact, with its sources.

Coverage restates a fact many times, refines it ("2024", then "Q1 2024",
then "February 2024") and revises it (a target raised, a date slipped). An
analyst, and ``evfacts check``, need one record per fact that says which
articles state it, how many agree, how the value moved over time and where
sources conflict. This module builds those records from extraction results.

A record is one fact, grouped as follows:

* ``launch_date``: subject and event; the date is the value that may change.
* ``production_target``: subject, kind and rate, and a date compatible with
  every other source's ("2,000 units in March" and "10,000 by July" are two
  targets, not a conflict); the units are the value that may change.
* ``battery``: subject, spec and a value within tolerance (a 93 kWh and a
  115 kWh option are two facts, never a conflict).
* ``stakeholder``: subject, role and the name by alias; the title may change.

Subjects are grouped by alias (the gazetteer) and by brand prefix ("Xiaomi
SU7" = "SU7", "Voltaro One" = "One"). A launch date or production target
whose subject is a company joins the records of that company's model when
the corpus names exactly one model of it: the guidelines let the company
stand for its first vehicle, and with one model there is no doubt which.

Within a record the newest ``published`` source decides the current value;
undated sources count as older than any dated one. An older source that
disagrees with it is ``superseded``; a source of the newest date that
disagrees is ``disagrees``; either sets ``conflicts``.

Values are compared by compatibility, not equality: a date contains a finer
one (2024 ⊃ 2024-H1 ⊃ 2024-Q1 ⊃ 2024-02 ⊃ 2024-02-15), numbers agree within
0.5%, and a number's qualifier widens it ("over 10,000" is 10,000 or more,
"about 2,000" is within 5%, "under 500" is 500 or less).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .facts import ALL_FIELDS, FIELDS, TYPES, Fact, value_summary
from .printable import printable
from .normalize.dates import date_span
from .normalize.entities import (
    MODEL_KIND,
    ORG_KINDS,
    PERSON_KIND,
    Gazetteer,
    clean_name,
    norm_key,
)

if TYPE_CHECKING:
    from .documents import ReadError
    from .extract import Result

#: Two numbers stated without a qualifier agree when this close (relative).
TOLERANCE = 0.005
#: "about", "around", "nearly": the stated number give or take this much (relative).
ABOUT = 0.05

#: Phrases before a number and what they make of it: a lower bound, a
#: neighbourhood or an upper bound. "up to" is not here: spec sheets write
#: "up to 668 km" for the range itself, so it is read as the figure.
QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(["more than", "over", "above", "exceeding", "in excess of", "at least",
                     "upwards of", "no less than", "greater than", "north of"], "over"),
    **dict.fromkeys(["about", "around", "approximately", "approx.", "roughly", "nearly", "almost",
                     "close to", "some", "an estimated", "circa", "~"], "about"),
    **dict.fromkeys(["less than", "under", "below", "fewer than", "at most", "no more than"], "under"),
}
_QUALIFIER_AT_END = re.compile(
    r"(?:^|[^\w~])(" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s*$",
    re.IGNORECASE)

#: Types whose value is a number that a qualifier may widen.
NUMERIC_TYPES = ("production_target", "battery")
#: Types where a company subject may stand for its only model.
FOLD_TYPES = ("launch_date", "production_target")
#: Fields that must be equal for two statements to be one fact (beyond the subject).
GROUP_FIELDS: dict[str, tuple[str, ...]] = {
    "launch_date": ("event",),
    "production_target": ("kind", "rate"),
    "battery": ("spec", "unit"),
    "stakeholder": ("role",),
}
#: Fields whose change over time a record's history shows.
VALUE_FIELDS: dict[str, tuple[str, ...]] = {
    "launch_date": ("date",),
    "production_target": ("units", "date"),
    "battery": ("value",),
    "stakeholder": ("title",),
}
#: Source statuses within a record (see the module docstring).
CURRENT, AGREES, SUPERSEDED, DISAGREES = "current", "agrees", "superseded", "disagrees"



# ----- comparing values ------------------------------------------------------------------

def _span(value: Any, end: Any = None) -> tuple[dt.date, dt.date] | None:
    """A date's span, stretched to the end of a range ("between 2024 and 2026")."""
    span = date_span(value)
    end_span = date_span(end) if end else None
    return (span[0], end_span[1]) if span and end_span else span


def dates_compatible(a: Any, b: Any, a_end: Any = None, b_end: Any = None) -> bool:
    """Whether one date contains the other: 2024-Q1 and 2024-02 agree, 2024-Q1 and 2024-07 do not."""
    sa, sb = _span(a, a_end), _span(b, b_end)
    if sa is None or sb is None:
        return str(a) == str(b)
    return (sa[0] <= sb[0] and sb[1] <= sa[1]) or (sb[0] <= sa[0] and sa[1] <= sb[1])


def qualifier_in(sentence: str, text: str) -> str | None:
    """The qualifier ("over", "about", "under") written just before the number of ``text``.

    The extractor reports "over 10,000 units" as 10000; the qualifier is read
    back from the sentence so that comparisons can honour it.
    """
    found = re.search(r"(?<![\w.,])" + re.escape(text), sentence)  # "2,000 units", not inside "12,000 units"
    digit = re.search(r"\d", text)
    head = (sentence[:found.start()] if found else "") + (text[:digit.start()] if digit else "")
    match = _QUALIFIER_AT_END.search(head)
    return QUALIFIERS[match.group(1).lower()] if match else None


def _interval(value: float, qualifier: str | None) -> tuple[float, float]:
    if qualifier == "over":
        return value, math.inf
    if qualifier == "under":
        return -math.inf, value
    if qualifier == "about":
        return value * (1 - ABOUT), value * (1 + ABOUT)
    return value, value


def numbers_compatible(a: float, b: float, a_qualifier: str | None = None,
                       b_qualifier: str | None = None) -> bool:
    """Whether two stated numbers can be the same quantity, within :data:`TOLERANCE`."""
    lo_a, hi_a = _interval(float(a), a_qualifier)
    lo_b, hi_b = _interval(float(b), b_qualifier)
    gap = max(lo_a - hi_b, lo_b - hi_a, 0.0)
    return gap <= TOLERANCE * max(abs(float(a)), abs(float(b)))


_TITLE_WORDS = {"ceo": "chief executive officer", "cfo": "chief financial officer",
                "cto": "chief technology officer", "coo": "chief operating officer",
                "chairman": "chair", "chairwoman": "chair", "chairperson": "chair"}


def _title_words(title: str) -> set[str]:
    text = " ".join(_TITLE_WORDS.get(w, w) for w in norm_key(title).split())
    return set(text.split()) - {"and", "of", "the"}


def titles_compatible(a: str | None, b: str | None) -> bool:
    """Whether two titles can name one office: unknown, or the words of one are in the other ("CEO" in "Founder and CEO")."""
    if not a or not b:
        return True
    wa, wb = _title_words(a), _title_words(b)
    return wa <= wb or wb <= wa


# ----- statements ----------------------------------------------------------------------

@dataclass
class Statement:
    """One fact as one source states it: the fact, its article's date and its number's qualifier."""

    fact: Fact
    published: dt.date | None = None
    qualifier: str | None = None

    @classmethod
    def of(cls, fact: Fact, published: dt.date | None) -> Statement:
        """A statement whose qualifier is read from the fact's own sentence."""
        qualifier = qualifier_in(fact.sentence, fact.text) if fact.type in NUMERIC_TYPES else None
        return cls(fact, published, qualifier)

    @property
    def type(self) -> str:
        return self.fact.type

    def get(self, name: str) -> Any:
        """A field of the fact: its schema values first, then its extra detail (``date_end``)."""
        if name in self.fact.values:
            return self.fact.values[name]
        return self.fact.extra.get(name)

    def value(self) -> dict[str, Any]:
        """The fields that may change over time, for histories."""
        return {name: self.get(name) for name in VALUE_FIELDS[self.type]}

    def to_dict(self, status: str) -> dict[str, Any]:
        """A source or evidence entry: where it is, what it says and its status."""
        out: dict[str, Any] = {"doc": self.fact.doc, "published": _iso(self.published), "status": status,
                               "subject": self.fact.subject}
        out.update({name: self.get(name) for name in FIELDS[self.type]})
        out.update(qualifier=self.qualifier, text=self.fact.text, sentence=self.fact.sentence,
                   start=self.fact.start, end=self.fact.end, confidence=round(self.fact.confidence, 2))
        return out


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def deadlines_compatible(a: Statement, b: Statement) -> bool:
    """Targets for one deadline: dates that agree, or one side with none."""
    return a.get("date") is None or b.get("date") is None or dates_compatible(a.get("date"), b.get("date"))


def compatible(a: Statement, b: Statement) -> bool:
    """Whether two statements of one fact agree on its value (see the module docstring)."""
    if a.type == "launch_date":
        return dates_compatible(a.get("date"), b.get("date"), a.get("date_end"), b.get("date_end"))
    if a.type == "production_target":
        return (numbers_compatible(a.get("units"), b.get("units"), a.qualifier, b.qualifier)
                and deadlines_compatible(a, b))
    if a.type == "battery":
        va, vb = a.get("value"), b.get("value")
        if isinstance(va, (int, float)) and isinstance(vb, (int, float)):
            return numbers_compatible(va, vb, a.qualifier, b.qualifier)
        return str(va).casefold() == str(vb).casefold()
    return titles_compatible(a.get("title"), b.get("title"))


def names_same(gazetteer: Gazetteer, a: Statement, b: Statement) -> bool:
    """Whether two stakeholders are one: aliases, or a person's one-word name within the other's ("Jun", "Lei Jun")."""
    if gazetteer.same(a.get("name"), b.get("name")):
        return True
    if a.get("entity") != PERSON_KIND or b.get("entity") != PERSON_KIND:
        return False
    wa, wb = norm_key(a.get("name")).split(), norm_key(b.get("name")).split()
    short, long_ = sorted((wa, wb), key=len)
    return len(short) == 1 and len(long_) > 1 and short[0] in (long_[0], long_[-1])


def _same_record(gazetteer: Gazetteer, a: Statement, b: Statement) -> bool:
    """Whether two statements with equal group fields are one fact (see the module docstring)."""
    if a.type == "production_target":
        da, db = a.get("date"), b.get("date")
        return (da is None and db is None) or (da is not None and db is not None and dates_compatible(da, db))
    if a.type == "battery":
        return compatible(a, b)
    if a.type == "stakeholder":
        return names_same(gazetteer, a, b)
    return True


# ----- subjects ------------------------------------------------------------------------

def same_subject(gazetteer: Gazetteer, a: str, b: str) -> bool:
    """Whether two subjects are one vehicle or company: aliases, or one is the other with its brand in front."""
    ka, kb = _key(a), _key(b)
    return gazetteer.same(a, b) or _brand_prefixed(gazetteer, ka, kb) or _brand_prefixed(gazetteer, kb, ka)


def _key(name: str) -> str:
    """A name as the gazetteer compares it."""
    return norm_key(clean_name(name))


def _brand_prefixed(gazetteer: Gazetteer, long_key: str, short_key: str) -> bool:
    """'Voltaro One' vs 'One': a known organization, or one unknown word of letters, in front of the other name.

    Takes normalized keys. A word with digits is a model code, not a brand
    ("Q8 e-tron" is not "e-tron"), and a bare number is never a model name
    ("Model 3" is not "3").
    """
    if not short_key or not long_key.endswith(" " + short_key):
        return False
    prefix = long_key[: -len(short_key) - 1]
    entry = gazetteer.lookup(prefix)
    if entry is not None:
        return entry.kind in ORG_KINDS
    return prefix.isalpha() and not short_key.isdigit()


class Subjects:
    """The subjects of a corpus grouped into entities, and the subject each fact's record takes."""

    def __init__(self, gazetteer: Gazetteer, spellings: Iterable[str]) -> None:
        self.gazetteer = gazetteer
        counts = Counter(spellings)
        names = list(counts)
        root = {name: name for name in names}

        def find(name: str) -> str:
            while root[name] != name:
                root[name] = root[root[name]]
                name = root[name]
            return name

        known = {name: gazetteer.lookup(name) for name in names}
        keys = {name: _key(name) for name in names}
        entries = {name: {known[name]} - {None} for name in names}  # per group root: the gazetteer entries in it

        def linked(a: str, b: str) -> bool:
            """:func:`same_subject`, with the lookups done once per name (the corpus has hundreds)."""
            if known[a] is not None and known[b] is not None:
                return known[a] == known[b]
            return (keys[a] == keys[b] or _brand_prefixed(gazetteer, keys[a], keys[b])
                    or _brand_prefixed(gazetteer, keys[b], keys[a]))

        for i, a in enumerate(names):
            for b in names[i + 1:]:
                ra, rb = find(a), find(b)
                # Two different known entities never share a group, whatever chain of loose matches links them.
                if ra != rb and len(entries[ra] | entries[rb]) <= 1 and linked(a, b):
                    root[ra] = rb
                    entries[rb] |= entries[ra]
        members: dict[str, list[str]] = {}
        for name in names:
            members.setdefault(find(name), []).append(name)
        self._canonical: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        for group in members.values():
            canonical = self._name_of(group, counts)
            self._members[canonical] = sorted(group, key=lambda n: -counts[n])
            self._canonical.update(dict.fromkeys(group, canonical))
        self._folded = self._fold_companies()

    def _name_of(self, group: list[str], counts: Counter) -> str:
        """The gazetteer's name for a group if it knows one, else its most frequent spelling."""
        known: Counter = Counter()
        for name in group:
            entry = self.gazetteer.lookup(name)
            if entry is not None:
                known[entry.canonical] += counts[name]
        if known:
            return known.most_common(1)[0][0]
        return max(group, key=lambda n: counts[n])

    def _fold_companies(self) -> dict[str, str]:
        """Company -> its only model in the corpus, for the types where a company stands for its vehicle."""
        brands = {canonical: self._brand_of(group) for canonical, group in self._members.items()}
        folded: dict[str, str] = {}
        for canonical, group in self._members.items():
            keys = self._company_keys(group)
            models = [m for m, brand in brands.items() if brand and brand in keys and m != canonical]
            if len(models) == 1:
                folded[canonical] = models[0]
        return folded

    def _brand_of(self, group: list[str]) -> str | None:
        """The normalized maker of a model group: from the gazetteer, or the first word of an unknown 'Brand Model'."""
        for name in group:
            entry = self.gazetteer.lookup(name)
            if entry is not None:
                if entry.kind == MODEL_KIND and entry.brand:
                    return norm_key(entry.brand)
                continue
            words = norm_key(name).split()
            for cut in range(len(words) - 1, 0, -1):
                maker = self.gazetteer.lookup(" ".join(words[:cut]))
                if maker is not None and maker.kind in ORG_KINDS:
                    return norm_key(maker.canonical)
            if len(words) > 1:
                return words[0]
        return None

    def _company_keys(self, group: list[str]) -> set[str]:
        """Normalized names a company group answers to as a brand: itself and its parent ("Xiaomi Auto" -> Xiaomi)."""
        keys: set[str] = set()
        for name in group:
            entry = self.gazetteer.lookup(name)
            if entry is not None and entry.kind in ORG_KINDS:
                keys |= {norm_key(entry.canonical), *([norm_key(entry.parent)] if entry.parent else [])}
            elif entry is None and len(norm_key(name).split()) == 1:
                keys.add(norm_key(name))
        return keys

    @classmethod
    def of_statements(cls, gazetteer: Gazetteer, statements: Iterable[Statement]) -> Subjects:
        """The subjects of a corpus's statements."""
        return cls(gazetteer, (s.fact.subject for s in statements))

    def canonical(self, name: str) -> str:
        """The group a subject belongs to: a spelling of the corpus, else one it matches (a claim's "Xiaomi SU7")."""
        if name in self._canonical:
            return self._canonical[name]
        for spelling, canonical in self._canonical.items():
            if same_subject(self.gazetteer, name, spelling):
                return canonical
        return name

    def record_subject(self, fact: Fact) -> str:
        """The subject of the record a fact belongs to (or, for a claim, would belong to)."""
        canonical = self.canonical(fact.subject)
        if fact.type in FOLD_TYPES:
            return self._folded.get(canonical, canonical)
        return canonical


# ----- records -------------------------------------------------------------------------

@dataclass
class Source:
    """A statement within a record, with its status there (current, agrees, superseded, disagrees)."""

    statement: Statement
    status: str

    @property
    def newest(self) -> bool:
        """Whether the source is of the newest publication date in its record."""
        return self.status in (CURRENT, DISAGREES)


@dataclass
class Record:
    """One fact across all documents: its current value, its sources newest first, its history."""

    type: str
    subject: str
    current: Statement
    sources: list[Source]
    name: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def build(cls, subject: str, statements: list[Statement], gazetteer: Gazetteer) -> Record:
        """A record from statements of one fact: the newest source decides, the rest are placed against it."""
        ordered = sorted(statements, key=_newest_first)
        newest = ordered[0].published
        tier = [s for s in ordered if s.published == newest]
        current = max(tier, key=lambda s: s.fact.confidence)
        sources = [Source(s, _status(s, current, s.published == newest)) for s in ordered]
        name = None
        if current.type == "stakeholder":
            entry = gazetteer.lookup(current.get("name"))
            name = entry.canonical if entry is not None else current.get("name")
        return cls(current.type, subject, current, sources, name, _history(statements))

    @property
    def subjects(self) -> list[str]:
        """The record's subject and every spelling its sources used."""
        return list(dict.fromkeys([self.subject, *(s.statement.fact.subject for s in self.sources)]))

    @property
    def agreement(self) -> int:
        """How many documents state a value compatible with the current one."""
        return len({s.statement.fact.doc for s in self.sources if s.status in (CURRENT, AGREES)})

    @property
    def conflicts(self) -> bool:
        """Whether any source disagrees with the current value."""
        return any(s.status in (SUPERSEDED, DISAGREES) for s in self.sources)

    def get(self, name: str) -> Any:
        """A field of the record: the current source's, with the stakeholder's name as the gazetteer spells it."""
        return self.name if name == "name" and self.name else self.current.get(name)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: the fact's fields (current value), agreement, conflicts, newest, history, sources."""
        out: dict[str, Any] = {"type": self.type, "subject": self.subject, "subjects": self.subjects}
        out.update({name: self.get(name) for name in FIELDS[self.type]})
        out.update(agreement=self.agreement, conflicts=self.conflicts,
                   newest={"doc": self.current.fact.doc, "published": _iso(self.current.published)},
                   history=self.history,
                   sources=[s.statement.to_dict(s.status) for s in self.sources])
        return out


def _newest_first(s: Statement) -> tuple:
    """Sort key: newest publication first, undated last, then document and position."""
    return (s.published is None, -(s.published.toordinal() if s.published else 0), s.fact.doc, s.fact.start)


def _status(s: Statement, current: Statement, newest: bool) -> str:
    agrees = compatible(s, current)
    if newest:
        return CURRENT if agrees else DISAGREES
    return AGREES if agrees else SUPERSEDED


def _history(statements: list[Statement]) -> list[dict[str, Any]]:
    """The value over time, oldest first, one entry per change; empty when it never changed."""
    chronological = sorted(statements, key=lambda s: (s.published is not None, s.published or dt.date.min,
                                                       s.fact.doc, s.fact.start))
    entries: list[dict[str, Any]] = []
    for s in chronological:
        value = s.value()
        if entries and {k: entries[-1][k] for k in value} == value:
            if s.fact.doc not in entries[-1]["docs"]:
                entries[-1]["docs"].append(s.fact.doc)
            continue
        entries.append({"published": _iso(s.published), **value, "docs": [s.fact.doc]})
    return entries if len(entries) > 1 else []


def statements_of(results: Iterable[Result]) -> list[Statement]:
    """Every fact of extraction results (``evfacts.extract.Result``) as a statement dated by its article."""
    return [Statement.of(fact, result.document.published) for result in results for fact in result.facts]


def merge(statements: list[Statement], subjects: Subjects) -> list[Record]:
    """One record per fact across all documents, ordered by type, subject and key.

    ``subjects`` is :meth:`Subjects.of_statements` of the same statements;
    it is passed in so that claims can be placed in the same subject groups.
    """
    gazetteer = subjects.gazetteer
    groups: dict[tuple, list[Statement]] = {}
    for s in statements:
        key = (s.type, subjects.record_subject(s.fact), *(s.get(f) for f in GROUP_FIELDS[s.type]))
        groups.setdefault(key, []).append(s)
    records: list[Record] = []
    for (_, subject, *_), group in groups.items():
        records += [Record.build(subject, cluster, gazetteer) for cluster in _clusters(group, gazetteer)]
    return sorted(records, key=lambda r: (TYPES.index(r.type), r.subject.casefold(),
                                          [str(r.get(f)) for f in FIELDS[r.type]]))


def _clusters(statements: list[Statement], gazetteer: Gazetteer) -> list[list[Statement]]:
    """Statements split into facts: each joins the first cluster it is one fact with, oldest first."""
    clusters: list[list[Statement]] = []
    for s in sorted(statements, key=lambda s: (s.published is not None, s.published or dt.date.min,
                                                s.fact.doc, s.fact.start)):
        for cluster in clusters:
            if all(_same_record(gazetteer, s, other) for other in cluster):
                cluster.append(s)
                break
        else:
            clusters.append([s])
    return clusters


# ----- output --------------------------------------------------------------------------

def write_jsonl(records: Iterable[Record], errors: Iterable[ReadError], out: IO[str]) -> None:
    """One record per line; a skipped file is a line with ``error``, as ``evfacts extract`` writes it."""
    for error in errors:
        out.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False, default=str) + "\n")


def write_json(records: Iterable[Record], errors: Iterable[ReadError], out: IO[str]) -> None:
    """``{"facts": [...], "errors": [...]}``."""
    document = {"facts": [r.to_dict() for r in records], "errors": [e.to_dict() for e in errors]}
    out.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


#: The columns of ``evfacts merge --format csv``: one row per record, its sources as a list of documents.
CSV_COLUMNS = ["type", "subject", *ALL_FIELDS, "agreement", "conflicts", "newest_doc", "newest_published",
               "docs", "subjects"]


def write_csv(records: Iterable[Record], errors: Iterable[ReadError], out: IO[str]) -> None:
    """One row per record; lists (``docs``, ``subjects``) are joined with "; ". Skipped files are on stderr only."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = record.to_dict()
        row.update(newest_doc=record.current.fact.doc, newest_published=_iso(record.current.published),
                   docs="; ".join(dict.fromkeys(s.statement.fact.doc for s in record.sources)),
                   subjects="; ".join(record.subjects))
        writer.writerow(row)


def write_table(records: Iterable[Record], out: IO[str], color: bool = True, width: int | None = None) -> None:
    """One row per fact: subject, value, agreement, history and conflicts, for people."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=out, width=width, no_color=not color, highlight=False,
                      force_terminal=color if color else None)
    table = Table(header_style="bold", expand=False)
    for column in ("type", "subject", "value", "agree/sources", "history", "conflict"):
        table.add_column(column, overflow="fold")
    for record in records:
        value = value_summary({name: record.get(name) for name in FIELDS[record.type]} | {"type": record.type})
        history = " → ".join(", ".join(str(v) for k, v in entry.items() if k not in ("published", "docs"))
                             for entry in record.history)
        conflict = f"yes; newest: {Path(record.current.fact.doc).name}" if record.conflicts else ""
        table.add_row(record.type.replace("_", " "), escape(printable(record.subject)), escape(printable(value)),
                      f"{record.agreement}/{len({s.statement.fact.doc for s in record.sources})}",
                      escape(printable(history)), escape(printable(conflict)))
    console.print(table)
