"""The extraction engine: documents in, facts out.

:class:`Extractor` builds everything once (patterns, spaCy pipeline,
normalizers), then streams documents through ``nlp.pipe`` in batches and runs
the four extractors on each parsed document. Facts of one document are then
consolidated: a fact stated several times is kept once, a milestone given at
two precisions ("in 2024" and "in Q1 2024") keeps the finer date, and a
generic "lithium-ion" is dropped where the article names the chemistry.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .documents import Document, ReadError
from .extractors import battery, launch, production, stakeholders
from .extractors.context import DocContext
from .facts import TYPES, Fact
from .lexicon import load_lexicon
from .normalize.dates import DateNormalizer, refines
from .normalize.entities import Gazetteer
from .normalize.quantities import QuantityFinder
from .patterns import PatternSet, load_patterns
from .nlp.language import language_warning
from .nlp.discover import TITLE_KEY
from .nlp.pipeline import build_pipeline, trigger_requirements

NO_REFERENCE = ("no publication date (front matter 'published' or 'date') and no --reference-date: "
                "relative dates ('next month') and milestones told as done ('has started production') give no fact")

EXTRACTORS: dict[str, Callable[[DocContext], list[Fact]]] = {
    "launch_date": launch.extract,
    "production_target": production.extract,
    "battery": battery.extract,
    "stakeholder": stakeholders.extract,
}


@dataclass
class Result:
    """One document's facts and the warnings met while reading or extracting it."""

    document: Document
    facts: list[Fact]
    warnings: list[str] = field(default_factory=list)


class Extractor:
    """Everything needed to extract facts, built once per run."""

    def __init__(self, model: str | None = None, patterns: Sequence[Path] = (),
                 reference_date: dt.date | str | None = None, types: Iterable[str] = TYPES,
                 batch_size: int = 32) -> None:
        self.patterns: PatternSet = load_patterns(patterns)
        self.gazetteer = Gazetteer(self.patterns.of_kind("gazetteer"))
        self.dates = DateNormalizer(self.patterns.of_kind("dates"))
        self.quantities = QuantityFinder(self.patterns.of_kind("units"))
        self.lexicon = load_lexicon(self.patterns.of_kind("lexicon"))
        self.requires = trigger_requirements(self.patterns.of_kind("triggers"))
        self.nlp = build_pipeline(model, self.patterns, self.gazetteer)
        self.model_name: str = self.nlp.meta["evfacts"]["model"]
        self.reference_date = as_date(reference_date, "reference_date")
        self.types = tuple(t for t in TYPES if t in set(types))
        self.batch_size = batch_size
        self.chunk_chars = CHUNK_CHARS
        self.batch_chars = BATCH_CHARS

    def with_types(self, types: Iterable[str]) -> Extractor:
        """This extractor for other fact types, sharing its pipeline and patterns (nothing is rebuilt)."""
        other = copy.copy(self)
        other.types = tuple(t for t in TYPES if t in set(types))
        return other

    def reference_for(self, document: Document) -> tuple[dt.date | None, list[str]]:
        """The date relative expressions resolve against, or None (with a warning) where there is none.

        Never today: a date evfacts would make up from the day it runs is worse
        than no date. Without a reference only dates the text states in full
        ("March 2025") are read.
        """
        if document.published:
            return document.published, []
        if self.reference_date:
            return self.reference_date, []
        return None, [NO_REFERENCE]

    def extract_documents(self, items: Iterable[Document | ReadError]) -> Iterator[Result | ReadError]:
        """Facts of each document, in input order, parsing in batches with ``nlp.pipe``.

        Read errors in the stream are passed through in their places, so a
        caller can hand over everything it read. The first batch is small and
        each next one twice as large, up to ``batch_size``: the first facts come
        out after a few documents, and a long run still gets large batches.

        A document longer than :data:`CHUNK_CHARS` is parsed in paragraph-aligned
        chunks whose offsets are mapped back to the whole body; each chunk is
        extracted as soon as it is parsed and then let go, so the memory a
        document needs does not grow with its length. A document whose
        parsing or extraction fails becomes a :class:`ReadError` (kind
        ``extract_failed``) and the run goes on with the next one.
        """
        queue: list[tuple[Document, list[tuple[int, str]]] | ReadError] = []
        texts, limit = 0, min(FIRST_BATCH, self.batch_size)
        for item in items:
            if isinstance(item, ReadError) and not queue:
                yield item
                continue
            if isinstance(item, ReadError):
                queue.append(item)
                continue
            pieces = chunks(item.body, self.chunk_chars)
            queue.append((item, pieces))
            texts += len(pieces)
            if texts >= limit:
                yield from self._finish(queue)
                queue, texts, limit = [], 0, min(self.batch_size, 2 * limit)
        yield from self._finish(queue)

    def _finish(self, queue: list[tuple[Document, list[tuple[int, str]]] | ReadError]) -> Iterator[Result | ReadError]:
        """Parse the chunks of the queued documents and yield everything queued, in order."""
        parsed = self._parse([(text, entry[0].title) for entry in queue if not isinstance(entry, ReadError)
                              for _, text in entry[1]])
        for entry in queue:
            if isinstance(entry, ReadError):
                yield entry
                continue
            document, pieces = entry
            facts: list[Fact] = []
            failure: str | None = None
            for (offset, text), doc in zip(pieces, parsed):  # noqa: B905 (parsed streams the whole queue)
                if failure is not None:
                    continue
                if isinstance(doc, Exception):
                    failure = f"parsing failed: {doc.__class__.__name__}: {doc}"
                    continue
                try:
                    facts.extend(self._extract(document, doc, offset, text))
                except Exception as exc:  # one bad document must not lose the others
                    failure = f"extraction failed: {exc.__class__.__name__}: {exc}"
            yield self._result(document, facts, failure)

    def _parse(self, texts: list[tuple[str, str | None]]) -> Iterator:
        """spaCy Docs for the texts (each with its document's title), in order, one batch at a time;
        a text that breaks the pipeline gives its exception instead.

        The title rides along in ``doc.user_data`` (:data:`TITLE_KEY`): a headline that names
        "Jeep Recon" tells discovery that the body's "Jeep Recon" is a vehicle.

        A batch holds at most ``batch_size`` texts and :data:`BATCH_CHARS`
        characters (a single longer text alone): the parser's memory grows with
        the characters of a batch, not with the number of texts.
        """
        for batch in batches(texts, self.batch_size, self.batch_chars):
            try:
                docs = list(self.nlp.pipe((self._doc(text, title) for text, title in batch), batch_size=len(batch)))
            except Exception:
                docs = [self._parse_one(text, title) for text, title in batch]
            for i, doc in enumerate(docs):
                docs[i] = None  # the caller holds the one it extracts; the batch's list lets go of it
                yield doc

    def _doc(self, text: str, title: str | None):
        doc = self.nlp.make_doc(text)
        if title:
            doc.user_data[TITLE_KEY] = title
        return doc

    def _parse_one(self, text: str, title: str | None):
        try:
            return self.nlp(self._doc(text, title))
        except Exception as exc:  # isolate the one text that fails
            return exc

    def _extract(self, document: Document, doc, offset: int, text: str) -> list[Fact]:
        reference, _ = self.reference_for(document)
        ctx = DocContext(document=document, doc=doc, text=text, reference=reference, dates=self.dates,
                         quantities=self.quantities, gazetteer=self.gazetteer,
                         requires=self.requires, lexicon=self.lexicon)
        facts: list[Fact] = []
        for ftype in self.types:
            facts.extend(EXTRACTORS[ftype](ctx))
        for fact in facts:
            fact.doc = document.path
            fact.start += offset
            fact.end += offset
        return facts

    def _result(self, document: Document, facts: list[Fact], failure: str | None) -> Result | ReadError:
        if failure is not None:
            return ReadError(document.path, "extract_failed", failure)
        _, warnings = self.reference_for(document)
        language = language_warning(document.body, self.nlp.Defaults.stop_words)
        return Result(document, consolidate(facts), document.warnings + ([language] if language else []) + warnings)

    def extract_text(self, text: str, published: dt.date | str | None = None, path: str = "<text>") -> list[Fact]:
        """Facts of one text (no front matter parsing): the library's simplest entry point.

        ``published`` is a ``datetime.date`` (or datetime) or an ISO date string
        such as ``"2024-05-01"``; anything else raises TypeError.
        """
        document = Document(path=path, body=text, published=as_date(published, "published"))
        result = next(self.extract_documents([document]))
        if isinstance(result, ReadError):
            raise RuntimeError(f"{result.path}: {result.message}")
        return result.facts


def as_date(value: object, name: str) -> dt.date | None:
    """A library caller's date: a date, a datetime (its day) or an ISO string; None stays None.

    Checked here, at the door, so a wrong type is a TypeError naming the
    argument rather than a failure deep in the date normalizer.
    """
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{name}={value!r} is not an ISO date like '2024-05-01'") from None
    raise TypeError(f"{name} must be a datetime.date or an ISO date string like '2024-05-01', "
                    f"not {type(value).__name__}")


# ----- chunking ------------------------------------------------------------------------

#: Documents in the first ``nlp.pipe`` batch of a run; later batches double up to ``batch_size``.
FIRST_BATCH = 4

#: Longest text parsed at once; longer documents are parsed in chunks of this size
#: (no article of the dev set or the samples comes near it: the longest has 15,000).
CHUNK_CHARS = 20_000
#: Most characters parsed in one ``nlp.pipe`` batch (about a dozen press articles).
#: The parser's and NER's working memory grows faster than the characters of a batch
#: (some 130 MB for 50,000, 330 MB for 100,000), so this bounds the memory of a run
#: whatever the length of its documents (``bench/bench_memory.py --article-sizes``).
BATCH_CHARS = 50_000


def batches(texts: list[tuple[str, str | None]], most: int, chars: int) -> Iterator[list[tuple[str, str | None]]]:
    """(text, title) pairs in order, in groups of at most ``most`` texts and ``chars`` characters
    (a longer text alone)."""
    batch: list[tuple[str, str | None]] = []
    size = 0
    for item in texts:
        if batch and (len(batch) >= most or size + len(item[0]) > chars):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += len(item[0])
    if batch:
        yield batch


def chunks(body: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split a body into (offset, text) pieces of at most ``size`` characters.

    Pieces end at a paragraph break where possible, else at a line break or a
    sentence end, so that no sentence is cut in two except in a text with none.
    """
    if len(body) <= size:
        return [(0, body)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(body):
        end = min(len(body), start + size)
        if end < len(body):
            window = body[start:end]
            for sep in ("\n\n", "\n", ". "):
                cut = window.rfind(sep)
                if cut > size // 4:
                    end = start + cut + len(sep)
                    break
        out.append((start, body[start:end]))
        start = end
    return out


# ----- consolidation -------------------------------------------------------------------

def consolidate(facts: list[Fact]) -> list[Fact]:
    """One fact per statement, in document order (see module docstring)."""
    kept: dict[tuple, Fact] = {}
    for fact in facts:
        key = fact.key() if fact.type != "stakeholder" else (fact.type, fact.subject.lower(),
                                                            fact.values["name"].lower())
        if key not in kept or fact.confidence > kept[key].confidence:
            kept[key] = fact
    result = list(kept.values())
    launch_facts = [f for f in result if f.type == "launch_date"]
    result = [f for f in result if not (f.type == "launch_date" and any(
        o.subject == f.subject and o.values["event"] == f.values["event"]
        and refines(f.values["date"], o.values["date"]) for o in launch_facts))]
    chemistries = {(f.subject, f.values["value"]) for f in result
                   if f.type == "battery" and f.values["spec"] == "chemistry"}
    result = [f for f in result if not (
        f.type == "battery" and f.values["value"] == "lithium-ion"
        and any(s == f.subject and v != "lithium-ion" for s, v in chemistries))]
    return sorted(result, key=lambda f: (f.start, TYPES.index(f.type), f.subject, str(f.values)))
