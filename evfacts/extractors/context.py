"""What every extractor needs to know about one parsed document.

Three things are shared by all fact types and live here so each is done once:

* **segments**: a sentence split at commas, semicolons, dashes and
  contrastive conjunctions. Press sentences pack several claims together
  ("IM L7 will hit the market on March 29 and deliveries will start in
  April"); a trigger pairs first with the words of its own segment.
* **tense** of a segment, which decides the year of "April" or "December 28"
  and whether a dateless milestone was "just done".
* **subjects**: which vehicle (or company) a fact is about, decided by
  :class:`~evfacts.extractors.subjects.Subjects` (``ctx.subjects``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable

from ..documents import Document
from ..normalize.dates import DateMention, DateNormalizer
from ..normalize.entities import Gazetteer
from ..normalize.quantities import Quantity, QuantityFinder
from ..nlp.pipeline import TRIGGERS_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .subjects import Subjects

SEGMENT_BREAKS = {",", ";", ":", "—", "–", "(", ")", "but", "while", "although", "whereas", "though"}
FUTURE_WORDS = {"will", "'ll", "shall", "upcoming", "slated", "scheduled", "expected", "expects",
                "expect", "plans", "plan", "planned", "aims", "aim", "intends", "intend", "set",
                "due", "going", "targets", "targeting", "should", "would", "hopes", "poised"}

def date_extra(mention: DateMention | None) -> dict[str, str | None]:
    """The date expression a fact used: its text, and the end of a range ("between 2024 and 2026")."""
    return {"date_text": mention.text if mention else None, "date_end": mention.end_value if mention else None}


#: Verbs whose infinitive looks ahead even when they are past: "planned to start", "was set to open".
PLAN_LEMMAS = {"plan", "aim", "expect", "intend", "hope", "want", "set", "schedule", "slate", "target", "seek",
               "promise", "pledge", "vow", "prepare", "be", "decide", "agree", "need", "have", "say", "peg",
               "earmark", "tip", "tout", "project", "forecast", "predict", "estimate", "anticipate", "hint",
               "signal", "suggest", "indicate", "announce", "confirm"}


def _done_infinitive(verb: "Token") -> bool:
    """An infinitive a past verb governs that is no plan: "buyers rushed to book", "began to deliver",
    "has started to produce"."""
    head = verb.head
    past = head.tag_ == "VBD" or head.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
    return verb.dep_ == "xcomp" and past and head.lemma_ not in PLAN_LEMMAS


#: Verbs of a forecast (see ``DocContext.forecast``).
FORECAST_LEMMAS = {"estimate", "forecast", "predict", "project", "expect", "reckon", "see"}


@dataclass
class DocContext:
    """A parsed document plus the normalizers, shared by the four extractors."""

    document: Document
    doc: "Doc"
    text: str  # the text the Doc was made from (``doc.text`` would join every token again)
    reference: dt.date | None  # None: no publication date and no --reference-date
    dates: DateNormalizer
    quantities: QuantityFinder
    gazetteer: Gazetteer
    requires: dict[str, frozenset[str]] = field(default_factory=dict)
    lexicon: dict[str, frozenset[str]] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)
    _qty_cache: dict = field(default_factory=dict)

    # ----- sentences and segments -------------------------------------------------
    @cached_property
    def sentences(self) -> list["Span"]:
        return list(self.doc.sents)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index(self, token_i: int) -> int:
        return max(0, bisect_right(self._sentence_starts, token_i) - 1)

    def sentence_of(self, span: "Span | Token") -> "Span":
        """The sentence holding a span or token, as spaCy's ``.sent`` gives it, without its scans.

        (``.sent`` first checks the whole Doc for sentence boundaries, on every call.)
        """
        start, end = (span.i, span.i + 1) if hasattr(span, "i") else (span.start, span.end)
        first = self.sentences[self.sentence_index(start)]
        if end <= first.end:
            return first
        return self.doc[first.start:self.sentences[self.sentence_index(end - 1)].end]

    @cached_property
    def ents(self) -> tuple["Span", ...]:
        """The Doc's entities, built once (``doc.ents`` rebuilds them on each call)."""
        return tuple(self.doc.ents)

    @cached_property
    def _entity_of_token(self) -> dict[int, "Span"]:
        return {i: ent for ent in self.ents for i in range(ent.start, ent.end)}

    def entity_at(self, i: int) -> "Span | None":
        """The entity holding token ``i``, if any."""
        return self._entity_of_token.get(i)

    def text_of(self, span: "Span") -> str:
        """``span.text``, sliced from the Doc's text instead of joined from its tokens."""
        return self.text[span.start_char:span.end_char]

    def segments(self, sent: "Span") -> list[tuple[int, int]]:
        """Token ranges of the sentence's segments (see module docstring).

        Commas inside a date ("March 29, 2022", "Q4, 2022") do not split.
        Computed once per sentence: every trigger and quantity asks for it.
        """
        key = ("segments", sent.start)
        if key not in self._cache:
            self._cache[key] = self._split_segments(sent)
        return self._cache[key]

    def _split_segments(self, sent: "Span") -> list[tuple[int, int]]:
        protected = set()
        for m in self.find_dates(sent, "unknown"):
            span = sent.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                protected.update(range(span.start, span.end))
        bounds, start = [], sent.start
        for tok in sent:
            if tok.i in protected:
                continue
            clause_and = tok.dep_ == "cc" and tok.head.pos_ in {"VERB", "AUX"} and tok.head.i < tok.i
            if tok.lower_ in SEGMENT_BREAKS or clause_and or (tok.text == "-" and tok.whitespace_ and tok.i > sent.start
                                                               and sent.doc[tok.i - 1].whitespace_):
                if tok.i > start:
                    bounds.append((start, tok.i))
                start = tok.i + 1
        if start < sent.end:
            bounds.append((start, sent.end))
        return bounds or [(sent.start, sent.end)]

    def segment_of(self, sent: "Span", token_i: int) -> tuple[int, int]:
        for seg in self.segments(sent):
            if seg[0] <= token_i < seg[1]:
                return seg
        return (sent.start, sent.end)

    # ----- tense ----------------------------------------------------------------------
    def tense(self, tokens: Iterable["Token"]) -> str:
        """future / past / present / unknown, from auxiliaries and verb tags."""
        toks = list(tokens)
        lowers = {t.lower_ for t in toks}
        if lowers & FUTURE_WORDS or any(t.lower_ == "to" and t.head.pos_ == "VERB" and t.dep_ == "aux"
                                        and t.head.lemma_ not in {"be"} and not _done_infinitive(t.head)
                                        for t in toks):
            return "future"
        if any(t.tag_ == "VBD" for t in toks) or any(
                t.tag_ == "VBN" and any(c.lemma_ == "have" for c in t.children) for t in toks):
            return "past"
        if any(t.tag_ in {"VBZ", "VBP"} for t in toks):
            return "present"
        return "unknown"

    # ----- dates and quantities, cached per sentence ----------------------------------
    def find_dates(self, sent: "Span", tense: str) -> list[DateMention]:
        """Date mentions of a sentence; offsets are relative to the sentence text."""
        key = (sent.start, tense)
        if key not in self._cache:
            self._cache[key] = self.dates.find(self.text_of(sent), self.reference, tense)
        return self._cache[key]

    def find_quantities(self, sent: "Span") -> list[Quantity]:
        """Quantities of a sentence; offsets are relative to the sentence text."""
        if sent.start not in self._qty_cache:
            self._qty_cache[sent.start] = self.quantities.find(self.text_of(sent))
        return self._qty_cache[sent.start]

    def token_span(self, sent: "Span", start_char: int, end_char: int) -> "Span | None":
        """The tokens covering sentence-relative character offsets."""
        return sent.char_span(start_char, end_char, alignment_mode="expand")

    # ----- triggers --------------------------------------------------------------------
    @cached_property
    def _trigger_index(self) -> dict[tuple[int, str], list["Span"]]:
        """(sentence start, fact type) -> its trigger spans, built once per document."""
        index: dict[tuple[int, str], list] = {}
        starts = [s.start for s in self.sentences]
        for span in self.doc.spans.get(TRIGGERS_KEY, []):
            n = bisect_right(starts, span.start) - 1
            if n >= 0 and span.end <= self.sentences[n].end:
                index.setdefault((starts[n], span.label_.split(":", 1)[0]), []).append(span)
        return index

    def triggers(self, sent: "Span", ftype: str) -> list["Span"]:
        """Trigger spans of a fact type in a sentence, longest first where they overlap."""
        key = (sent.start, ftype)
        cached = self._cache.get(("triggers",) + key)
        if cached is None:
            from spacy.util import filter_spans

            cached = sorted(filter_spans(self._trigger_index.get(key, [])), key=lambda s: s.start)
            self._cache[("triggers",) + key] = cached
        return cached

    @cached_property
    def subjects(self) -> "Subjects":
        """Which vehicle or company each fact is about (one model per document)."""
        from .subjects import Subjects

        return Subjects(self)

    # ----- negation ----------------------------------------------------------------------
    def negated(self, anchor: "Span") -> bool:
        """The evidence's clause denies it: "does not support 800-volt charging", "no 800-volt
        magic", "never went on sale", "rather than an LFP pack", "denied plans to build".

        Read from the parse: up from the anchor through the nouns and verbs that
        hold it (at most five links), a negation child of any of them, a "no"
        determiner, "without" or "rather than"/"instead of" governing it, or a
        denying verb ("denied", "ruled out") above it; not across a second verb
        joined by "and", and not "not ... until DATE", which dates the milestone. The words are data
        (``negation_words``, ``denial_verbs`` in ``patterns/lexicon.yaml``).
        """
        negations = self.lexicon.get("negation_words", frozenset())
        denials = self.lexicon.get("denial_verbs", frozenset())
        node = anchor.root
        for _ in range(6):
            # "won't enter production until 2026" dates the milestone: "not ... until" affirms
            until = any(c.dep_ == "prep" and c.lower_ in {"until", "till", "before"} for c in node.children)
            for child in node.children:
                if (child.dep_ == "neg" or child.dep_ in {"det", "advmod", "preconj"} and child.lower_ in negations) \
                        and not (until and child.dep_ == "neg"):
                    return True
            if node.lower_ in {"without", "than", "of"} and node.dep_ == "prep" and (
                    node.lower_ == "without" or node.i > 0 and self.doc[node.i - 1].lower_ in {"rather", "instead"}):
                return True
            if node.pos_ == "VERB" and node.i < anchor.start and (node.lower_ in denials or node.lemma_ == "rule" and any(
                    c.dep_ == "prt" and c.lower_ == "out" for c in node.children)):
                return True  # "denied plans to build", "ruled out a plant"
            if node.lower_ in {"lacks", "lack", "lacking"}:
                return True
            if node.dep_ == "conj" and any(  # "a 77 kWh battery rather than an 82 kWh one"
                    c.lower_ == "than" and c.i < node.i and c.i > 0 and self.doc[c.i - 1].lower_ in {"rather", "instead"}
                    for c in node.head.children):
                return True
            if node.head.i == node.i or node.pos_ in {"VERB", "AUX"} and node.dep_ == "conj":
                break  # "didn't waste time and started production": each verb has its own negation
            node = node.head
        return False

    # ----- guards ------------------------------------------------------------------------
    def guarded(self, sent: "Span", anchor: "Span") -> bool:
        """A guard phrase (``patterns/guards.yaml``: a missed, moved, abandoned or hypothetical
        milestone, a test or a prototype) in the anchor's segment, or governing the anchor
        across commas ("The launch of X, once set for April, has been postponed")."""
        if self._conditional(anchor):
            return True  # "If demand holds, Norra may open reservations in May"
        guards = [g for g in self.triggers(sent, "guard") if g.label_ == "guard:blocked"]
        if not guards:
            return False
        segment = self.segment_of(sent, anchor.start)
        if any(self.segment_of(sent, g.start) == segment for g in guards):
            return True
        guard_tokens = {t.i for g in guards for t in g}
        node = anchor.root
        for _ in range(6):
            if node.i in guard_tokens:
                return True
            if node.head.i == node.i:
                break
            node = node.head
        return False

    def forecast(self, anchor: "Span") -> bool:
        """Someone else's forecast: "Lindgren Research estimates Norra will produce 35,000", "Brisk
        Equity expects the Pike to reach customers in 2027" is an analyst's figure or date, not the
        maker's. The subject of a forecast verb above the anchor names a researcher, outlet or
        investor (``not_venture_words``, ``investor_words`` in ``patterns/names.yaml``)."""
        outsiders = (self.lexicon.get("not_venture_words", frozenset()) | self.lexicon.get("investor_words", frozenset())
                     | {"analyst", "analysts", "research"})
        node = anchor.root
        for _ in range(6):
            if node.lemma_ in FORECAST_LEMMAS and node.pos_ == "VERB":
                for child in node.children:
                    if child.dep_ == "nsubj" and any(t.lower_ in outsiders for t in child.subtree):
                        return True
            if node.head.i == node.i:
                break
            node = node.head
        return False

    @staticmethod
    def _conditional(anchor: "Span") -> bool:
        """The anchor's verb depends on a condition: an "if"/"unless" clause hangs on it."""
        node = anchor.root
        for _ in range(4):
            if node.pos_ in {"VERB", "AUX"}:
                for child in node.children:
                    if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in {"if", "unless"}
                                                     for g in child.children):
                        return True
            if node.head.i == node.i:
                break
            node = node.head
        return False
