"""The report's view model: plain data the templates lay out, with no HTML in it.

The builder (``builder.py``) fills these from extraction results and merge
records; the pages module (``pages.py``) turns a :class:`Link` into an
``href`` for the layout chosen (one file, or a folder of pages). Only the
article text arrives as markup: displaCy renders it (``highlight.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from .highlight import Evidence, Excerpt, render_article

#: The pages a report has: the index, one per article, one per subject.
INDEX, ARTICLE, SUBJECT = "index", "article", "subject"


@dataclass(frozen=True)
class Page:
    """A page of the report: its kind and, for articles and subjects, its slug."""

    kind: str
    slug: str = ""


@dataclass(frozen=True)
class Link:
    """A place in the report: a page, and an anchor on it (None: the page's top)."""

    page: Page
    anchor: str | None = None


@dataclass
class FactRow:
    """One extracted fact in its article's table."""

    number: int
    type: str
    subject: str
    subject_link: Link | None
    value: str
    rule: str
    confidence: float
    evidence: Link


@dataclass
class ArticleView:
    """An article: where it came from, its text and evidence, its facts."""

    page: Page
    path: str
    title: str
    url: str | None
    published: str | None
    warnings: list[str]
    body: str
    evidence: list[Evidence]
    facts: list[FactRow]

    @property
    def link(self) -> Link:
        return Link(self.page)

    def marked(self) -> tuple[Markup, list[Excerpt]]:
        """The body with its evidence marked, and the excerpts marking overlapping evidence.

        Rendered when a page is laid out, not kept: a folder of thousands of
        article pages then holds one article's markup at a time.
        """
        return render_article(self.body, self.evidence, self.path)


@dataclass
class Point:
    """One source's statement of a merged fact: its value, article, date and status."""

    value: str
    differs: bool        #: whether it states another value than the current one (a refinement, or a slip)
    status: str          #: current, agrees, superseded, disagrees (merge's)
    published: str | None
    article: str         #: the article's title
    evidence: Link

    @property
    def slipped(self) -> bool:
        """Whether a newer or equally new source states another value."""
        return self.status in ("superseded", "disagrees")


@dataclass
class Milestone:
    """A subject's launch event: its current date and every source, the decisive one first."""

    event: str
    date: str
    conflicts: bool
    points: list[Point]
    history: list[str]   #: "2024-Q1 (2023-03-06)", oldest first; empty when the date never moved
    anchor: str

    @property
    def current(self) -> Point:
        return self.points[0]


@dataclass
class RecordRow:
    """A merged target, battery spec or stakeholder of a subject, with its sources."""

    value: str
    conflicts: bool
    agreement: int
    points: list[Point]
    detail: str = ""     #: a stakeholder's entity and title

    @property
    def articles(self) -> int:
        """How many articles state the fact, whatever value they give."""
        return len({p.evidence.page for p in self.points})


@dataclass
class SubjectView:
    """A vehicle or company: its milestones, targets, battery specs and stakeholders."""

    page: Page
    name: str
    spellings: list[str]
    facts: int           #: merged facts (records)
    mentions: int        #: statements across articles
    articles: list[tuple[str, Link]]
    milestones: list[Milestone]
    targets: list[RecordRow]
    battery: list[RecordRow]
    stakeholders: list[tuple[str, list[RecordRow]]]

    @property
    def link(self) -> Link:
        return Link(self.page)

    @property
    def conflicts(self) -> int:
        rows = [*self.milestones, *self.targets, *self.battery, *(r for _, rs in self.stakeholders for r in rs)]
        return sum(1 for r in rows if r.conflicts)


@dataclass
class Report:
    """Everything a report shows, in the order it shows it."""

    title: str
    types: list[str]                     #: the fact types in the legend
    articles: list[ArticleView]
    subjects: list[SubjectView]
    errors: list[dict[str, str]]
    events: list[str] = field(default_factory=list)   #: the launch events any subject has, in order

    @property
    def fact_count(self) -> int:
        return sum(len(a.facts) for a in self.articles)
