"""Which vehicle or company a fact is about: one model of subject attribution for every fact type.

A fact's evidence (a milestone trigger, a quantity, a stake cue) sits in a
sentence that may name several vehicles and companies: the one it is about,
a rival it is compared with, an older sibling told as history, the maker. The
subject is chosen in two steps.

1. **The evidence's own arguments**, read from the dependency parse: the
   object of a milestone verb ("unveiled the Ilvar S"), its subject ("the Ilvar
   S goes on sale", "Holmvik will start production" when there is no object),
   a passive subject ("will be built"), the noun a relative clause or
   participle hangs on ("the EV6, the SUV that debuted in 2021"), the subject of
   the verb that governs it ("is expected to go on sale"), and for a noun the
   ``of``-phrase, possessive or compound that names its vehicle ("production of
   the Ilvar X", "the Ilvar S's debut", "Ilvar S deliveries"). An argument that
   names a model gives it and the models coordinated with it; a vehicle noun
   with no name ("the car", "the new SUV", "its first electric MPV") is the
   model the article was last talking about, else its main model.
2. **Where the evidence stands**, when the parse names no vehicle: the models
   of its clause (nearest coordinated group); of its sentence; the group a
   plural anaphor points back to ("both SUVs"); the model named most recently
   in the preceding sentences of its paragraph; the model of its section's
   heading; the article's main model; the company its sentence names; the
   article's main company.

Models named as yardsticks ("rivals such as the Model Y", "unlike Tesla"),
former employers and backers ("SAIC Motor-backed") are never subjects.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..nlp.discover import CODE, NOT_MODEL_WORDS, RANK_WORDS, VEHICLE_NOUNS
from ..normalize.entities import clean_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .context import DocContext

MODEL_LABEL = "EV_MODEL"
COMPANY_KINDS = {"carmaker", "brand", "ev_venture", "joint_venture"}
GENERIC_VEHICLE_PLURALS = {"evs", "cars", "vehicles", "models", "products", "nevs", "suvs", "trucks"}
POSSESSIVES = {"its", "their", "our", "his", "her", "'s", "’s"}
# A model named in a clause with one of these is a yardstick, not the subject.
COMPARISON_WORDS = {"rival", "rivals", "rivalling", "competitor", "competitors", "compete", "competes",
                    "competing", "against", "compared", "comparison", "versus", "vs", "vs.", "than", "like",
                    "par", "undercut", "undercuts", "such", "challenger", "alternative", "unlike", "below",
                    "above", "cheaper", "pricier", "outsells", "outsold", "beats", "trails"}
#: Nouns that make a sentence about a plant ("the Zhaoqing site", "the Oakville complex").
PLANT_NOUNS = {"plant", "plants", "factory", "factories", "site", "facility", "facilities", "gigafactory", "works",
               "complex", "base", "campus"}
#: Arguments of a verb, in the order they name what a milestone or spec is about.
OBJECT_DEPS = ("dobj", "nsubjpass", "attr")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
#: Verbs whose subject is rarely the vehicle of the facts they govern ("said", "announced").
REPORTING_LEMMAS = {"say", "tell", "announce", "add", "note", "report", "state", "explain", "confirm", "claim",
                    "reveal", "write", "believe", "think", "expect", "hope", "plan"}
RELATIVE_PRONOUNS = {"which", "that", "who"}
ANAPHORIC_DETERMINERS = {"the", "this", "that", "these", "those", "its", "their"}
#: Nouns that stand for a vehicle already named ("the car", "the new model").
VEHICLE_ANAPHORS = VEHICLE_NOUNS - {"ev", "evs", "bev", "phev", "models", "cars", "vehicles"} | {"ev", "bev"}


@dataclass
class Mention:
    """A vehicle or company mention: its canonical name and where it is."""

    name: str
    start: int  # token index in the Doc
    end: int
    kind: str   # "model" or an organization kind
    comparison: bool = False  # named as a yardstick ("rivals such as the Model Y")


#: Plural vehicle nouns that "both" or "two" make point back to coordinated models.
PLURAL_VEHICLES = {"suvs", "models", "cars", "vehicles", "evs", "sedans", "versions", "variants", "trucks", "vans",
                   "pickups", "buses", "hatchbacks", "crossovers"}


class Subjects:
    """The vehicles and companies of one document, and the subject of each fact (see module docstring)."""

    def __init__(self, ctx: "DocContext") -> None:
        self.ctx = ctx
        self.doc = ctx.doc

    # ----- the cast of vehicles and companies ---------------------------------------------
    @cached_property
    def mentions(self) -> list[Mention]:
        """Vehicle models and carmaker-like organizations, in text order."""
        ctx = self.ctx
        out: list[Mention] = []
        for ent in ctx.ents:
            if ent.label_ == MODEL_LABEL:
                out.append(Mention(self.model_name(ent), ent.start, ent.end, "model",
                                   comparison=self._in_comparison(ent)))
            elif ent.label_ == "ORG":
                entry = ctx.gazetteer.lookup(ent.ent_id_ or ent.text)
                # a former employer, a yardstick ("unlike Tesla") or a backer ("SAIC Motor-backed IM")
                # is not what the sentence is about
                former = (ent.start > 0 and self.doc[ent.start - 1].lower_ in {"former", "ex", "ex-"}
                          or self._in_comparison(ent) or self._backer(ent))
                if entry is not None and entry.kind in COMPANY_KINDS:
                    out.append(Mention(entry.canonical, ent.start, ent.end, entry.kind, comparison=former))
                elif entry is None and clean_name(ent.text) in self.unknown_companies:
                    out.append(Mention(ctx.gazetteer.without_legal_form(clean_name(ent.text)), ent.start, ent.end,
                                       "company", comparison=former))
        return out

    @cached_property
    def _mention_at(self) -> dict[int, Mention]:
        return {i: m for m in self.mentions for i in range(m.start, m.end)}

    def mention_at(self, i: int) -> Mention | None:
        """The vehicle or company mention covering token i."""
        return self._mention_at.get(i)

    def mention_ending_at(self, i: int) -> Mention | None:
        """The mention that ends right before token i."""
        return self._mention_at.get(i - 1) if i > 0 and (i - 1) in self._mention_at \
            and self._mention_at[i - 1].end == i else None

    def mention_in_phrase(self, tok: "Token") -> Mention | None:
        """A mention inside a noun phrase's modifiers ("Meridian's Sentinel pickup", "the Holmvik brand")."""
        for child in tok.children:
            if child.dep_ in {"compound", "nmod", "poss", "amod", "appos"}:
                mention = self._mention_at.get(child.i)
                if mention is not None:
                    return mention
        return None

    def company_before(self, i: int) -> str | None:
        """The company "it" or "the company" at token i points back to: the last one named before it
        in its sentence or the two before, else the article's main company."""
        n = self.ctx.sentence_index(i)
        first = self.ctx.sentences[max(0, n - 2)].start
        for m in reversed(self.mentions):
            if m.kind != "model" and not m.comparison and first <= m.start and m.end <= i:
                return m.name
        return self.main_company

    @cached_property
    def unknown_companies(self) -> set[str]:
        """Organizations the gazetteer does not know that can be a fact's subject.

        A new startup ("Voltaro", "Haoyun") is the subject of its own story: an
        organization (as the cast decided, :mod:`evfacts.nlp.cast`) that the
        article names twice, in its title, as the subject of a clause or as the owner of what
        companies have ("Quintar's plant", ``org_possessions`` in ``patterns/names.yaml``). Terms
        in capitals ("CLTC", "NEV"), funds and investment firms ("Ashgrove
        Ventures"), researchers and outlets are left out.
        """
        counts: Counter[str] = Counter()
        acting: set[str] = set()
        definite_only: dict[str, bool] = {}
        lexicon = self.ctx.lexicon
        excluded = (lexicon.get("not_venture_words", frozenset()) | lexicon.get("investor_words", frozenset())
                    | lexicon.get("supplier_words", frozenset()))
        possessions = lexicon.get("org_possessions", frozenset())
        for ent in self.ctx.ents:
            if ent.label_ == "ORG" and not ent.ent_id_ and (ent.root.pos_ == "PROPN" or ent.root.is_title) \
                    and self.ctx.gazetteer.lookup(ent.text) is None:
                name = clean_name(ent.text)
                if ent.end < len(self.doc) and self.doc[ent.end].like_num or name.partition(" ")[0] in RANK_WORDS:
                    continue  # a rank or category with its number: "Class 5 chassis", "Level 2", "Series C"
                if name and name[0].isupper() and not any(c.isdigit() for c in name) \
                        and not (name.isupper() and len(name) <= 4) \
                        and not any(w.lower() in excluded for w in name.split()):
                    counts[name] += 1
                    after_the = ent.start > 0 and self.doc[ent.start - 1].lower_ == "the" or ent[0].lower_ == "the"
                    definite_only[name] = definite_only.get(name, True) and after_the
                    if ent.root.dep_ in {"nsubj", "nsubjpass"} or ent.root.dep_ == "poss" \
                            and ent.root.head.lower_ in possessions:  # "Quintar's plant"
                        acting.add(name)
        title = self.ctx.document.title or ""
        # a one-word name the article only ever writes as "the X" is a product: "the Wrangler"
        products = {n for n in counts if " " not in n and definite_only.get(n)}
        return {n for n, c in counts.items() if (c >= 2 or n in title or n in acting) and n not in products}

    def _in_comparison(self, ent: "Span") -> bool:
        sent = self.ctx.sentence_of(ent)
        if not any(t.lower_ in COMPARISON_WORDS for t in self.doc[sent.start:ent.start]):
            return False  # no comparison word before it at all: no need to cut the sentence in segments
        lo, _ = self.ctx.segment_of(sent, ent.start)
        return any(t.lower_ in COMPARISON_WORDS for t in self.doc[lo:ent.start])

    def _backer(self, ent: "Span") -> bool:
        nxt = self.doc[ent.end:ent.end + 2]
        return len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ in {"backed", "owned", "funded", "led"}

    def model_name(self, ent: "Span") -> str:
        """Canonical model name: the gazetteer's (one name per model across articles, which
        ``merge`` and reports rely on), else the cleaned surface text."""
        return ent.ent_id_ or _bare_model(ent.text)

    @cached_property
    def _starts(self) -> list[int]:
        return [m.start for m in self.mentions]

    def _between(self, start: int, end: int) -> list[Mention]:
        """Mentions within two token positions (found by bisection: asked for every clause and fact)."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def models_in(self, start: int, end: int) -> list[Mention]:
        """Models named between two token positions, leaving out yardsticks of comparison."""
        return [m for m in self._between(start, end) if m.kind == "model" and not m.comparison]

    def companies_in(self, start: int, end: int) -> list[Mention]:
        """Companies named between two token positions, leaving out former employers."""
        return [m for m in self._between(start, end) if m.kind != "model" and not m.comparison]

    @cached_property
    def main_model(self) -> str | None:
        """The article's most mentioned model (title mentions count double)."""
        counts: Counter[str] = Counter(m.name for m in self.mentions if m.kind == "model" and not m.comparison)
        title = (self.ctx.document.title or "").lower()
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
        punctuation, no vehicle noun: "Volta Trucks" is a company) are the
        model if the body uses them too.
        """
        title = (self.ctx.document.title or "").split()
        makers = {m.name.split()[0].lower() for m in self.mentions if m.kind != "model"}
        if len(title) >= 2 and title[0].lower() not in makers:
            return self._headline_model(title)
        if len(title) < 2:
            return None
        words: list[str] = []
        for word in title[1:3]:
            bare = word.rstrip(",:;")
            if not bare[:1].isupper() or not bare.replace("-", "").isalnum() or bare in NOT_MODEL_WORDS \
                    or bare.lower() in self.ctx.lexicon.get("product_words", ()) or bare.lower() in VEHICLE_NOUNS:
                break
            words.append(bare)
            if bare != word:
                break
        name = " ".join(words)
        body = self.ctx.text.split("\n", 1)[-1]  # the body's own first line may only repeat the title
        return name if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body) else None

    def _headline_model(self, title: list[str]) -> str | None:
        """A headline that opens with a model-shaped name ("Ilvar S arrives in Norway": a name and a
        letter or code) over a body that only says "the car": the name is the car."""
        first, second = title[0], title[1].rstrip(",:;")
        if not (first.istitle() and first.isalpha()) or first.lower() in VEHICLE_NOUNS:
            return None
        if not (len(second) == 1 and second.isupper() or CODE.match(second)):
            return None
        body = self.ctx.text.lower()
        return f"{first} {second}" if any(f"the {noun}" in body for noun in VEHICLE_ANAPHORS) else None

    @cached_property
    def main_company(self) -> str | None:
        counts: Counter[str] = Counter(m.name for m in self.mentions if m.kind != "model" and not m.comparison)
        if not counts:
            return None
        top = counts.most_common(1)[0][1]
        return next(m.name for m in self.mentions if m.kind != "model" and counts[m.name] == top)

    # ----- step 1: the evidence's own arguments -------------------------------------------
    def from_arguments(self, anchor: "Span") -> list[str] | None:
        """The models the parse makes the evidence's arguments, or None when it names none."""
        for tok in self.arguments(anchor):
            names = self._models_named_by(tok)
            if names:
                return names
        return None

    def arguments(self, anchor: "Span") -> list["Token"]:
        """Tokens that can name what the evidence is about, most telling first.

        From the anchor's root up through the nouns and prepositions that
        hold it to its verb: the ``of``/``for`` phrases, possessives and name
        compounds on the way; then the verb's object, passive subject, the
        noun it modifies as a relative clause or participle, its subject, and
        the subject of the verb it depends on.
        """
        inside = set(range(anchor.start, anchor.end))
        # what a noun of the evidence itself is of or for: "Bookings for both SUVs will open"
        out: list["Token"] = [g for tok in anchor if tok.pos_ in {"NOUN", "PROPN"} and tok.i != anchor.root.i
                              for p in tok.children if p.dep_ == "prep" and p.lower_ in {"of", "for"}
                              for g in p.children if g.dep_ == "pobj"]
        node = anchor.root
        for _ in range(5):
            for child in node.children:
                if child.dep_ == "prep" and (child.lower_ in {"of", "for"} or child.i in inside):
                    # even inside the evidence: "production of its luxury sedan has kicked off"; a
                    # preposition of the evidence names its object: "lifted the curtain on the S"
                    out.extend(g for g in child.children if g.dep_ == "pobj")
                    continue
                if child.i in inside:
                    continue
                if child.dep_ == "poss" or child.dep_ in {"compound", "nmod"} and child.pos_ == "PROPN":
                    out.append(child)
            if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
                break
            if node.dep_ not in {"pobj", "prep", "dobj", "nsubj", "nsubjpass", "attr", "compound", "amod",
                                 "nummod", "npadvmod", "appos", "conj", "oprd", "acomp"}:
                break
            node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            out.extend(self._verb_arguments(node, inside))
        return out

    def _verb_arguments(self, verb: "Token", inside: set[int]) -> list["Token"]:
        out: list["Token"] = []
        verbs = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
        for v in verbs:
            out.extend(c for c in v.children if c.dep_ in OBJECT_DEPS and c.i not in inside)
        if verb.dep_ in {"relcl", "acl"}:
            out.append(verb.head)
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i not in inside]
        out.extend(s for s in subjects if s.lower_ not in RELATIVE_PRONOUNS)
        node = verb
        while not subjects and node.dep_ in {"xcomp", "conj", "advcl", "ccomp", "pcomp"} and node.head.i != node.i:
            node = node.head
            if node.lemma_ in REPORTING_LEMMAS and node.dep_ != "xcomp" and node is not verb.head:
                break
            subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS]
            out.extend(s for s in subjects if s.lower_ not in RELATIVE_PRONOUNS)
            if node.dep_ in {"relcl", "acl"}:
                out.append(node.head)
        # "Bookings for both SUVs will open": what an argument is of or for
        out.extend(g for tok in list(out) for p in tok.children if p.dep_ == "prep" and p.lower_ in {"of", "for"}
                   for g in p.children if g.dep_ == "pobj")
        return out

    def _models_named_by(self, tok: "Token") -> list[str] | None:
        """The models an argument names, with those coordinated with it; None for a company or nothing.

        Coordination is read both from the parse ("the X, which ..., and the
        Y") and from the text ("the X and X Sportback", where the parse often
        breaks a name in two).
        """
        if tok.lower_ in PLURAL_VEHICLES and any(c.lower_ == "both" for c in tok.children):
            group = self._last_group(tok.i)  # "Bookings for both SUVs will open in January": however far back
            if group:
                return group
        found = self._model_of_phrase(tok)
        if found is None:
            return None
        if isinstance(found, str):
            return [found]
        mentions = [found]
        sent = self.ctx.sentence_of(self.doc[found.start])
        for group in self._groups(self.models_in(sent.start, sent.end)):
            if any(m.start == found.start for m in group):
                mentions.extend(group)
        for conj in _conjuncts(self.doc[found.end - 1]) + _conjuncts(tok):
            more = self._model_of_phrase(conj)
            if isinstance(more, Mention):
                mentions.append(more)
        return list(dict.fromkeys(m.name for m in mentions))

    def _model_of_phrase(self, tok: "Token") -> "Mention | str | None":
        """The model a noun phrase names: itself, a name inside it, its apposition, or by anaphora
        (then the name only)."""
        mention = self._mention_at.get(tok.i)
        if mention is not None:  # a rival is the subject of its own milestone ("the D3 went on sale")
            return mention if mention.kind == "model" else None
        for child in tok.children:  # "the first Ilvar S units", "the Ilvar S's launch"
            if child.dep_ in {"compound", "nmod", "poss", "amod"}:
                inner = self._mention_at.get(child.i)
                if inner is not None and inner.kind == "model" and not inner.comparison:
                    return inner
        if tok.lower_ not in VEHICLE_ANAPHORS:
            return None
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                maker = self._mention_at.get(obj.i)
                if maker is not None and maker.kind != "model":
                    return maker.name  # "the first electric car from NEVS": the company's milestone
        for other in [tok.head] if tok.dep_ == "appos" else [c for c in tok.children if c.dep_ == "appos"]:
            inner = self._mention_at.get(other.i)
            if inner is not None and inner.kind == "model" and not inner.comparison:
                return inner  # "the Kia EV6, the brand's SUV that debuted in 2021"
        determiners = {c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}}
        owner = next((self._mention_at.get(c.i) for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None and owner.kind != "model" and not owner.comparison:
            determiners.add("its")  # "Tarsis's first-ever fully electric car": the company's own vehicle
        if not determiners & ANAPHORIC_DETERMINERS:
            return None  # "a new SUV" introduces a vehicle; it does not point back to one
        return self._recent_model(tok.i) or self._section_model(self.ctx.sentence_index(tok.i)) or self.main_model

    def _recent_model(self, i: int) -> str | None:
        """The model named most recently before token i, in its paragraph or the two sentences before."""
        n = self.ctx.sentence_index(i)
        first = self.ctx.sentences[max(0, n - 2)].start
        for m in reversed(self.mentions):
            if m.kind == "model" and not m.comparison and first <= m.start and m.end <= i \
                    and not self._paragraph_break(m.end, i):
                return m.name
        return None

    # ----- step 2: where the evidence stands ----------------------------------------------
    def vehicle(self, sent: "Span", anchor: "Span") -> list[str]:
        """The subjects of a vehicle fact anchored at ``anchor`` (see module docstring)."""
        named = self.from_arguments(anchor)
        if named:
            return named
        ctx = self.ctx
        seg = ctx.segment_of(sent, anchor.start)
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
        n = ctx.sentence_index(anchor.start)
        recent = [s for s in ctx.sentences[max(0, n - 3):n] if not self._paragraph_break(s.end, sent.start)]
        if self._plural_anaphor(sent):
            both = any(t.lower_ == "both" for t in sent)  # "both SUVs": however far back; "two models": near
            group = self._last_group(sent.start, within=None if both else 8)
            if group:
                return group
        own = self._own_company(sent)
        for prev in reversed(recent):
            models = self.models_in(prev.start, prev.end)
            if models:
                # the nearest sentence naming a model decides; between its models, the article's own,
                # with the models coordinated with it ("the FH, FM and FMX trucks ... Sales begin in May")
                chosen = next((m for m in models if m.name == self.main_model), models[0])
                if own and not self._made_by(chosen.name, own):
                    return [own]
                group = next(g for g in self._groups(models) if chosen in g)
                return list(dict.fromkeys(m.name for m in group))
        section = self._section_model(n)
        if section:
            return [section]
        if self.main_model and not (own and not self._made_by(self.main_model, own)):
            return [self.main_model]
        company = self.companies_in(sent.start, sent.end)
        if company:
            return [company[0].name]
        return [self.main_company] if self.main_company else []

    def _own_company(self, sent: "Span") -> str | None:
        """The company a sentence with no model is about: the first it names as the subject of a clause."""
        for m in self.companies_in(sent.start, sent.end):
            tok = self.doc[m.end - 1]
            if tok.dep_ in {"nsubj", "nsubjpass", "poss"} or tok.head.dep_ in {"nsubj", "nsubjpass"}:
                return m.name
        return None

    def _made_by(self, model: str, company: str) -> bool:
        """The model is the company's (or one of its brands'), as far as the gazetteer or the model's
        own name tells; unknown makers are given the benefit of the doubt."""
        gazetteer = self.ctx.gazetteer
        entry = gazetteer.lookup(model)
        makers: list[str] = []
        if entry is not None and entry.brand:
            makers.append(entry.brand)
            brand = gazetteer.lookup(entry.brand)
            if brand is not None and brand.parent:
                makers.append(brand.parent)
        elif len(model.split()) > 1:
            makers.append(model.split()[0])  # a discovered "Volvo FH"
        if not makers:
            return True
        company_entry = gazetteer.lookup(company)
        parents = {company, company_entry.parent} if company_entry is not None and company_entry.parent else {company}
        return any(gazetteer.same(maker, c) or maker.lower() == c.lower() for maker in makers for c in parents if c)

    def plant_company(self, sent: "Span", anchor: "Span") -> str | None:
        """The company whose plant a production fact is about, when its sentence names a plant and no
        model: "production began in May at the Zhaoqing site", "opened the Kestrel EVO Plant"."""
        if self.models_in(sent.start, sent.end):
            return None
        plants = [t for t in sent if t.lower_ in PLANT_NOUNS and not _a_place_for(t)]
        if not plants:
            return None  # "begins production at its plant in Ulsan": the plant only says where
        for tok in plants:
            for child in tok.children:
                mention = self._mention_at.get(child.i)
                if mention is not None and mention.kind != "model" and not mention.comparison:
                    return mention.name  # "XPeng's Zhaoqing plant", "the Kia Gwangmyeong plant"
        return self.company(sent)

    def company(self, sent: "Span") -> str | None:
        """The company a sentence is about, else the article's main company."""
        companies = self.companies_in(sent.start, sent.end)
        if companies:
            return companies[0].name
        return self.main_company

    @cached_property
    def _headings(self) -> list[int]:
        """Indexes of heading sentences: a short line of its own with no final period."""
        out = []
        for n, sent in enumerate(self.ctx.sentences):
            text = self.ctx.text_of(sent).strip()
            line_alone = (sent.start == 0 or "\n" in self.doc[sent.start - 1].whitespace_
                          or "\n" in self.doc[sent.start - 1].text)
            if line_alone and 0 < len(sent) <= 10 and text and text[-1] not in ".!?\"”:":
                out.append(n)
        return out

    def _section_model(self, n: int) -> str | None:
        """The model named by the nearest heading above sentence n ("Wuling - Hong Guang MINI EV")."""
        for h in reversed([h for h in self._headings if h < n]):
            models = self.models_in(self.ctx.sentences[h].start, self.ctx.sentences[h].end)
            return models[-1].name if models else None
        return None

    def _paragraph_break(self, start_token: int, end_token: int) -> bool:
        """A blank line between two token positions."""
        between = self.doc[max(0, start_token - 1):end_token]
        return "\n\n" in between.text_with_ws or any("\n\n" in t.whitespace_ for t in between)

    def _plural_anaphor(self, sent: "Span") -> bool:
        """"Both SUVs", "the two models", "both cars": the last coordinated models are meant."""
        words = [t.lower_ for t in sent]
        return any(w in {"both", "two"} and i + 1 < len(words) and words[i + 1] in PLURAL_VEHICLES
                   for i, w in enumerate(words))

    def _last_group(self, i: int, within: int | None = None) -> list[str]:
        """The models last coordinated before token i, within so many sentences (else however far)."""
        n = self.ctx.sentence_index(i)
        for prev in reversed(self.ctx.sentences[max(0, n - within) if within else 0:n]):
            groups = [g for g in self._groups(self.models_in(prev.start, prev.end)) if len(g) >= 2]
            if groups:
                return list(dict.fromkeys(m.name for m in groups[-1]))
        return []

    def _groups(self, models: list[Mention]) -> list[list[Mention]]:
        """Models coordinated with "and", "or" or commas form one group ("the X and the X Sportback")."""
        if not models:
            return []
        groups: list[list[Mention]] = [[models[0]]]
        for m in models[1:]:
            gap = self.doc[groups[-1][-1].end:m.start]
            # the maker's name may open the next one ("the Volvo FL Electric and Volvo FE Electric")
            if all(t.lower_ in {",", "and", "or", "&", "the", "its", "their", "/"} or t.pos_ == "ADJ"
                   or t.ent_type_ == "ORG" for t in gap):
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
        sent = self.ctx.sentence_of(anchor)
        window = self.doc[anchor.end:min(sent.end, anchor.end + 5)]
        for k, tok in enumerate(window):
            if tok.lower_ in GENERIC_VEHICLE_PLURALS:
                # the possessive may sit inside the evidence: "deliver its first vehicles"
                return any(t.lower_ in POSSESSIVES or t.tag_ == "POS" for t in self.doc[anchor.start:window.start + k])
        return None


def _a_place_for(tok: "Token") -> bool:
    """A plant named only as where something happens: the object of "at"/"in" beside a verb."""
    return tok.dep_ == "pobj" and tok.head.lower_ in {"at", "in", "from", "near"} and tok.head.head.pos_ in {"VERB", "AUX"}


def _bare_model(text: str) -> str:
    """A model name without the debris of its mention or a model year ("2024 Kia EV9")."""
    text = clean_name(text)
    words = text.split()
    if words and words[0].isdigit() and len(words[0]) == 4:
        text = " ".join(words[1:])
    return text


def _conjuncts(tok: "Token") -> list["Token"]:
    """Tokens coordinated with ``tok`` after it ("the X, the Y and the Z")."""
    out, todo = [], [tok]
    while todo:
        for child in todo.pop().children:
            if child.dep_ == "conj":
                out.append(child)
                todo.append(child)
    return out
