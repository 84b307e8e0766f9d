"""From extraction results and merge records to the report's view model.

The report shows what ``evfacts extract`` and ``evfacts merge`` compute, never
a second reading: each article's facts are its :class:`~evfacts.extract.Result`'s,
and each subject's milestones, targets, specs and stakeholders are the
:class:`~evfacts.merge.Record`\\ s of that subject, sources newest first. The
two are tied by the evidence: a merge source is one of the article's facts, so
every timeline point links to the mark of that fact's evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..documents import ReadError
from ..extract import Result
from ..facts import EVENTS, FIELDS, ROLES, TYPES, Fact, value_summary
from ..merge import Record, Source, Statement
from .highlight import Evidence
from .model import (
    ARTICLE,
    SUBJECT,
    ArticleView,
    FactRow,
    Link,
    Milestone,
    Page,
    Point,
    RecordRow,
    Report,
    SubjectView,
)

#: How each fact type is named for people (legend, tables, hover text).
TYPE_LABELS = {"launch_date": "launch date", "production_target": "production target",
               "battery": "battery", "stakeholder": "stakeholder"}


def build_report(results: Sequence[Result], errors: Iterable[ReadError], records: Sequence[Record],
                 types: Iterable[str] = TYPES, title: str = "evfacts report") -> Report:
    """The view model of a report on ``results`` (in input order) and their merged ``records``.

    ``records`` must be :func:`evfacts.merge.merge` of the statements of
    ``results``; ``types`` are the fact types the run extracted (the legend).
    A file named twice in the inputs is one article.
    """
    unique: dict[str, Result] = {}
    for result in results:
        unique.setdefault(result.document.path, result)
    results = list(unique.values())
    article_pages = _pages(ARTICLE, [r.document.path for r in results],
                           lambda path: Path(path).stem)
    subject_names = list(dict.fromkeys(r.subject for r in records))
    subject_pages = _pages(SUBJECT, subject_names, lambda name: name)
    subject_of = {_fact_key(s.statement.fact): r.subject for r in records for s in r.sources}
    articles = [_article(r, article_pages[r.document.path], subject_of, subject_pages) for r in results]
    titles = {a.path: a.title for a in articles}

    def point(statement: Statement, status: str, differs: bool) -> Point:
        fact = statement.fact
        return Point(value=_statement_value(statement), differs=differs, status=status,
                     published=_iso(statement.published), article=titles[fact.doc],
                     evidence=evidence_link(article_pages[fact.doc], fact.start, fact.end))

    by_subject: dict[str, list[Record]] = {}
    for record in records:
        by_subject.setdefault(record.subject, []).append(record)
    subjects = [_subject(name, subject_pages[name], by_subject[name], point, article_pages, titles)
                for name in subject_names]
    subjects.sort(key=lambda s: (-s.mentions, s.name.casefold()))
    present = {m.event for s in subjects for m in s.milestones}
    wanted = set(types)
    return Report(title=title, types=[t for t in TYPES if t in wanted], articles=articles, subjects=subjects,
                  errors=[e.to_dict() for e in errors], events=[e for e in EVENTS if e in present])


# ----- pages and anchors --------------------------------------------------------------

def slugify(text: str) -> str:
    """A file-name and id-safe form of a name: lower-case letters, digits and hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60].strip("-")
    return slug or "x"


def _pages(kind: str, keys: Iterable[str], name_of) -> dict[str, Page]:
    """A page per key, with slugs made unique by a number where two keys slugify alike."""
    pages: dict[str, Page] = {}
    taken: set[str] = set()
    for key in keys:
        base = slugify(name_of(key))
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        pages[key] = Page(kind, slug)
    return pages


def evidence_link(page: Page, start: int, end: int) -> Link:
    """The mark of the evidence at ``start:end`` of an article: one per distinct evidence."""
    return Link(page, f"ev-{page.slug}-{start}-{end}")


def _fact_key(fact: Fact) -> tuple:
    """A fact's identity across results and merge sources (extract keeps one fact per key and evidence)."""
    return (fact.doc, fact.start, fact.end, fact.key())


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


# ----- articles -----------------------------------------------------------------------

def fact_value(values: dict[str, Any]) -> str:
    """A fact's value as the tables show it: :func:`value_summary`, with a date range's end."""
    text = value_summary(values)
    if values.get("type") in ("launch_date", "production_target") and values.get("date_end"):
        text += f" – {values['date_end']}"
    return text


def _article(result: Result, page: Page, subject_of: dict[tuple, str],
             subject_pages: dict[str, Page]) -> ArticleView:
    """An article's view: its facts numbered in text order, one mark per distinct evidence."""
    document = result.document
    facts = sorted(result.facts, key=lambda f: (f.start, f.end, TYPES.index(f.type), f.subject))
    rows: list[FactRow] = []
    grouped: dict[tuple[int, int], list[FactRow]] = {}
    for number, fact in enumerate(facts, 1):
        subject = subject_of.get(_fact_key(fact))
        row = FactRow(number=number, type=fact.type, subject=fact.subject,
                      subject_link=Link(subject_pages[subject]) if subject in subject_pages else None,
                      value=fact_value(fact.to_dict()), rule=fact.rule, confidence=round(fact.confidence, 2),
                      evidence=evidence_link(page, fact.start, fact.end))
        rows.append(row)
        grouped.setdefault((fact.start, fact.end), []).append(row)
    evidence = [Evidence(anchor=group[0].evidence.anchor or "", start=start, end=end,
                         types=tuple(t for t in TYPES if any(r.type == t for r in group)),
                         facts=tuple(r.number for r in group),
                         tooltip="\n".join(f"{r.number}. {TYPE_LABELS[r.type]}: {r.subject}: {r.value} "
                                           f"(rule {r.rule}, confidence {r.confidence:.2f})" for r in group))
                for (start, end), group in grouped.items()]
    return ArticleView(page=page, path=document.path, title=document.title or Path(document.path).name,
                       url=document.url, published=_iso(document.published), warnings=list(result.warnings),
                       body=document.body, evidence=evidence, facts=rows)


# ----- subjects -----------------------------------------------------------------------

def _statement_value(statement: Statement) -> str:
    """What one source says of the value that may change: a date, a target, a spec, a title."""
    if statement.type == "stakeholder":
        return statement.get("title") or "no title"
    values = {name: statement.get(name) for name in FIELDS[statement.type]}
    if statement.type == "launch_date":
        end = statement.get("date_end")
        return f"{values['date']} – {end}" if end else str(values["date"])
    return fact_value({"type": statement.type, "date_end": statement.get("date_end"), **values})


def _ordered_sources(record: Record) -> list[Source]:
    """The decisive source first, then the others newest first (merge's order)."""
    current = next(s for s in record.sources if s.statement is record.current)
    return [current, *(s for s in record.sources if s is not current)]


def _subject(name: str, page: Page, records: list[Record], point, article_pages: dict[str, Page],
             titles: dict[str, str]) -> SubjectView:
    """A subject's view from its merged records."""

    def points(record: Record) -> list[Point]:
        now = record.current.value()
        return [point(s.statement, s.status, s.statement.value() != now) for s in _ordered_sources(record)]

    def row(record: Record, value: str, detail: str = "") -> RecordRow:
        return RecordRow(value=value, conflicts=record.conflicts, agreement=record.agreement,
                         points=points(record), detail=detail)

    launches = sorted((r for r in records if r.type == "launch_date"), key=lambda r: EVENTS.index(r.get("event")))
    milestones = [Milestone(event=r.get("event"), date=_statement_value(r.current), conflicts=r.conflicts,
                            points=points(r),
                            history=[f"{h['date']} ({h['published'] or 'undated'})" for h in r.history],
                            anchor=f"ms-{page.slug}-{r.get('event')}")
                  for r in launches]
    roles: dict[str, list[RecordRow]] = {}
    for r in sorted((r for r in records if r.type == "stakeholder"),
                    key=lambda r: (ROLES.index(r.get("role")), str(r.get("name")).casefold())):
        detail = ", ".join(str(x) for x in (r.get("entity"), r.get("title")) if x)
        roles.setdefault(r.get("role"), []).append(row(r, str(r.get("name")), detail))
    order = {doc: i for i, doc in enumerate(article_pages)}
    docs = sorted({s.statement.fact.doc for r in records for s in r.sources}, key=order.__getitem__)
    return SubjectView(
        page=page, name=name,
        spellings=list(dict.fromkeys(sp for r in records for sp in r.subjects if sp != name)),
        facts=len(records), mentions=sum(len(r.sources) for r in records),
        articles=[(titles[d], Link(article_pages[d])) for d in docs],
        milestones=milestones,
        targets=[row(r, _statement_value(r.current)) for r in records if r.type == "production_target"],
        battery=[row(r, _statement_value(r.current)) for r in records if r.type == "battery"],
        stakeholders=list(roles.items()))
