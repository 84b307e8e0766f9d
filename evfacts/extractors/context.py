"""What every extractor needs to know about one parsed document.

Three things are shared by all fact types and live here so each is done once:

* **segments**: a sentence split at commas, semicolons, dashes and
  contrastive conjunctions. Press sentences pack several claims together
  ("IM L7 will hit the market on March 29 and deliveries will start in
  April"); a trigger pairs first with the words of its own segment.
* **tense** of a segment, which decides the year of "April" or "December 28"
  and whether a dateless milestone was "just done".
* **subjects**: which vehicle (or company) a fact is about. The rules, in
  order: the models named in the trigger's segment; else in its sentence;
  else the model named most recently in the preceding three sentences; else
  the article's main model (the most mentioned, the title counting double;
  in a spec sheet that names it only in its title, the title's);
  else the company the sentence names; else the article's main company.
  A generic plural object ("its EVs", "cars") means the company.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable

from ..nlp.discover import NOT_MODEL_WORDS
from ..documents import Document
from ..normalize.dates import DateMention, DateNormalizer
from ..normalize.entities import Gazetteer, clean_name
from ..normalize.quantities import Quantity, QuantityFinder
from ..nlp.pipeline import TRIGGERS_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MODEL_LABEL = "EV_MODEL"
COMPANY_KINDS = {"carmaker", "brand", "ev_venture", "joint_venture"}
SEGMENT_BREAKS = {",", ";", ":", "—", "–", "(", ")", "but", "while", "although", "whereas", "though"}
FUTURE_WORDS = {"will", "'ll", "shall", "upcoming", "slated", "scheduled", "expected", "expects",
                "expect", "plans", "plan", "planned", "aims", "aim", "intends", "intend", "set",
                "due", "going", "targets", "targeting", "should", "would", "hopes", "poised"}
GENERIC_VEHICLE_PLURALS = {"evs", "cars", "vehicles", "models", "products", "nevs", "suvs", "trucks"}
POSSESSIVES = {"its", "their", "our", "his", "her", "'s", "’s"}
# A model named in a clause with one of these is a yardstick, not the subject.
COMPARISON_WORDS = {"rival", "rivals", "rivalling", "competitor", "competitors", "compete", "competes",
                    "competing", "against", "compared", "comparison", "versus", "vs", "vs.", "than", "like",
                    "par", "undercut", "undercuts", "such", "challenger", "alternative", "unlike"}


def date_extra(mention: DateMention | None) -> dict[str, str | None]:
    """The date expression a fact used: its text, and the end of a range ("between 2024 and 2026")."""
    return {"date_text": mention.text if mention else None, "date_end": mention.end_value if mention else None}


@dataclass
class Mention:
    """A vehicle or company mention: its canonical name and where it is."""

    name: str
    start: int  # token index in the Doc
    end: int
    kind: str   # "model" or an organization kind
    comparison: bool = False  # named as a yardstick ("rivals such as the Model Y")


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
                                        and t.head.lemma_ not in {"be"} for t in toks):
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

    # ----- mentions and subjects -------------------------------------------------------
    @cached_property
    def mentions(self) -> list[Mention]:
        """Vehicle models and carmaker-like organizations, in text order."""
        out: list[Mention] = []
        for ent in self.ents:
            if ent.label_ == MODEL_LABEL:
                out.append(Mention(self.model_name(ent), ent.start, ent.end, "model",
                                   comparison=self._in_comparison(ent)))
            elif ent.label_ == "ORG":
                entry = self.gazetteer.lookup(ent.ent_id_ or ent.text)
                # a former employer, a yardstick ("unlike Tesla") or a backer ("SAIC Motor-backed IM")
                # is not what the sentence is about
                former = (ent.start > 0 and self.doc[ent.start - 1].lower_ in {"former", "ex", "ex-"}
                          or self._in_comparison(ent) or self._backer(ent))
                if entry is not None and entry.kind in COMPANY_KINDS:
                    out.append(Mention(entry.canonical, ent.start, ent.end, entry.kind, comparison=former))
                elif entry is None and clean_name(ent.text) in self.unknown_companies:
                    out.append(Mention(clean_name(ent.text), ent.start, ent.end, "company", comparison=former))
        return out

    @cached_property
    def unknown_companies(self) -> set[str]:
        """Organizations the gazetteer does not know but the article names twice or in its title.

        A new startup ("Voltaro", "Haoyun") is the subject of its own story;
        one stray NER guess is not enough to make a company of it.
        """
        counts: Counter[str] = Counter()
        for ent in self.ents:
            if ent.label_ == "ORG" and not ent.ent_id_ and ent.root.pos_ == "PROPN" \
                    and self.gazetteer.lookup(ent.text) is None:
                name = clean_name(ent.text)
                if name and name[0].isupper() and not any(c.isdigit() for c in name) \
                        and not (name.isupper() and len(name) <= 4):  # "CLTC", "NEV", "OTA": terms
                    counts[name] += 1
        title = self.document.title or ""
        return {n for n, c in counts.items() if c >= 2 or n in title}

    def _in_comparison(self, ent: "Span") -> bool:
        sent = self.sentence_of(ent)
        lo, _ = self.segment_of(sent, ent.start)
        return any(t.lower_ in COMPARISON_WORDS for t in self.doc[lo:ent.start])

    def _backer(self, ent: "Span") -> bool:
        nxt = self.doc[ent.end:ent.end + 2]
        return len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ in {"backed", "owned", "funded", "led"}

    def model_name(self, ent: "Span") -> str:
        """Canonical model name: the gazetteer's, else the cleaned surface text."""
        if ent.ent_id_:
            return ent.ent_id_
        text = clean_name(ent.text)
        words = text.split()
        if words and words[0].isdigit() and len(words[0]) == 4:  # "2024 Kia EV9"
            text = " ".join(words[1:])
        return text

    def models_in(self, start: int, end: int) -> list[Mention]:
        """Models named between two token positions, leaving out yardsticks of comparison."""
        return [m for m in self.mentions if m.kind == "model" and not m.comparison
                and start <= m.start and m.end <= end]

    def companies_in(self, start: int, end: int) -> list[Mention]:
        """Companies named between two token positions, leaving out former employers."""
        return [m for m in self.mentions if m.kind != "model" and not m.comparison
                and start <= m.start and m.end <= end]

    @cached_property
    def main_model(self) -> str | None:
        """The article's most mentioned model (title mentions count double)."""
        counts: Counter[str] = Counter(m.name for m in self.mentions if m.kind == "model" and not m.comparison)
        title = (self.document.title or "").lower()
        for name in list(counts):
            if name.lower() in title:
                counts[name] += 1
        if not counts:
            return self._title_model
        best = counts.most_common()
        # Ties go to the first mentioned, for a deterministic result.
        top = best[0][1]
        first = [m.name for m in self.mentions if m.kind == "model" and not m.comparison and counts[m.name] == top]
        return first[0]

    @cached_property
    def _title_model(self) -> str | None:
        """The model a title names after a company of the article, when the body names none by itself.

        Press kits and spec sheets are headed "Corvid Tern - Technical
        Specifications" and then say "the car" or nothing at all. The words
        after the company's name (up to two, capitalised, before any
        punctuation) are the model if the body uses them too.
        """
        title = (self.document.title or "").split()
        makers = {m.name.split()[0].lower() for m in self.mentions if m.kind != "model"}
        if len(title) < 2 or title[0].lower() not in makers:
            return None
        words: list[str] = []
        for word in title[1:3]:
            bare = word.rstrip(",:;")
            if not bare[:1].isupper() or not bare.replace("-", "").isalnum() or bare in NOT_MODEL_WORDS \
                    or bare.lower() in self.lexicon.get("product_words", ()):
                break
            words.append(bare)
            if bare != word:
                break
        name = " ".join(words)
        body = self.text.split("\n", 1)[-1]  # the body's own first line may only repeat the title
        return name if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body) else None

    @cached_property
    def main_company(self) -> str | None:
        counts: Counter[str] = Counter(m.name for m in self.mentions if m.kind != "model" and not m.comparison)
        if not counts:
            return None
        top = counts.most_common(1)[0][1]
        return next(m.name for m in self.mentions if m.kind != "model" and counts[m.name] == top)

    def vehicle_subjects(self, sent: "Span", anchor: "Span") -> list[str]:
        """The subjects of a vehicle fact anchored at ``anchor`` (see module docstring)."""
        seg = self.segment_of(sent, anchor.start)
        for lo, hi in (seg, (sent.start, sent.end)):
            models = self.models_in(lo, hi)
            if models:
                return self._nearest_group(models, anchor)
        generic = self._generic_plural_object(anchor)
        if generic is not None:
            if not generic:
                return []  # "the launch of mainstream electric cars": no one's milestone
            company = self.companies_in(sent.start, sent.end)
            return [company[0].name] if company else ([self.main_company] if self.main_company else [])
        n = self.sentence_index(anchor.start)
        recent = [s for s in self.sentences[max(0, n - 3):n] if not self._paragraph_break(s.end, sent.start)]
        if self._plural_anaphor(sent):
            for prev in reversed(self.sentences[max(0, n - 8):n]):
                groups = [g for g in self._groups(self.models_in(prev.start, prev.end)) if len(g) >= 2]
                if groups:
                    return list(dict.fromkeys(m.name for m in groups[-1]))
        for prev in reversed(recent):
            names = [m.name for m in self.models_in(prev.start, prev.end)]
            if names:
                # the nearest sentence naming a model decides; between its models, the article's own
                return [self.main_model if self.main_model in names else names[0]]
        section = self._section_model(n)
        if section:
            return [section]
        if self.main_model:
            return [self.main_model]
        company = self.companies_in(sent.start, sent.end)
        if company:
            return [company[0].name]
        return [self.main_company] if self.main_company else []

    @cached_property
    def _headings(self) -> list[int]:
        """Indexes of heading sentences: a short line of its own with no final period."""
        out = []
        for n, sent in enumerate(self.sentences):
            text = self.text_of(sent).strip()
            line_alone = (sent.start == 0 or "\n" in self.doc[sent.start - 1].whitespace_
                          or "\n" in self.doc[sent.start - 1].text)
            if line_alone and 0 < len(sent) <= 10 and text and text[-1] not in ".!?\"”:":
                out.append(n)
        return out

    def _section_model(self, n: int) -> str | None:
        """The model named by the nearest heading above sentence n ("Wuling - Hong Guang MINI EV")."""
        for h in reversed([h for h in self._headings if h < n]):
            models = self.models_in(self.sentences[h].start, self.sentences[h].end)
            return models[-1].name if models else None
        return None

    def _paragraph_break(self, start_char_token: int, end_token: int) -> bool:
        """A blank line between two token positions."""
        between = self.doc[start_char_token - 1:end_token]
        return "\n\n" in between.text_with_ws or any("\n\n" in t.whitespace_ for t in between)

    def _plural_anaphor(self, sent: "Span") -> bool:
        """"Both SUVs", "the two models", "both cars": the last coordinated models are meant."""
        words = [t.lower_ for t in sent]
        return any(w in {"both", "two"} and i + 1 < len(words) and words[i + 1] in {
            "suvs", "models", "cars", "vehicles", "evs", "sedans", "versions", "variants", "trucks"}
            for i, w in enumerate(words))

    def _groups(self, models: list[Mention]) -> list[list[Mention]]:
        """Models coordinated with "and", "or" or commas form one group ("the X and the X Sportback")."""
        if not models:
            return []
        groups: list[list[Mention]] = [[models[0]]]
        for m in models[1:]:
            gap = self.doc[groups[-1][-1].end:m.start]
            if all(t.lower_ in {",", "and", "or", "&", "the", "its", "their", "/"} or t.pos_ == "ADJ" for t in gap):
                groups[-1].append(m)
            else:
                groups.append([m])
        return groups

    def _nearest_group(self, models: list[Mention], anchor: "Span") -> list[str]:
        """The coordinated group of models nearest the anchor."""
        groups = self._groups(models)

        def distance(group: list[Mention]) -> int:
            if group[0].start >= anchor.end:
                return group[0].start - anchor.end
            if group[-1].end <= anchor.start:
                return anchor.start - group[-1].end
            return 0

        best = min(groups, key=distance)
        names: list[str] = []
        for m in best:
            if m.name not in names:
                names.append(m.name)
        return names

    def _generic_plural_object(self, anchor: "Span") -> bool | None:
        """Vehicles in general after the anchor: True for a company's ("its EVs"),
        False for nobody's ("mainstream electric cars"), None when there are none."""
        sent = self.sentence_of(anchor)
        window = self.doc[anchor.end:min(sent.end, anchor.end + 5)]
        for k, tok in enumerate(window):
            if tok.lower_ in GENERIC_VEHICLE_PLURALS:
                return any(t.lower_ in POSSESSIVES or t.tag_ == "POS" for t in window[:k])
        return None

    def company_subject(self, sent: "Span") -> str | None:
        """The company a sentence is about, else the article's main company."""
        companies = self.companies_in(sent.start, sent.end)
        if companies:
            return companies[0].name
        return self.main_company
