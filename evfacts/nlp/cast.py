"""Who an article names: people, organizations and places, decided once per article.

spaCy's small NER labels each mention from the few words around it, and on the
EV press's new names it is often wrong: a startup called Arrival is a person
("Arrival said"), a market town is an organization ("the Bicester factory"), a
surname alone is a company ("Elvidge said"). Every later step (who the
stakeholders are, which company a fact is about) reads those labels, so they
are settled here, for the article as a whole:

* every mention of a name (an NER entity, or a run of proper nouns the NER
  left out) joins the cluster of its name, written the same way elsewhere;
* each mention votes for a type from its own evidence: the NER's label (a weak
  vote), the name's shape (a legal form or corporate word, a first name, a
  family name written first, an all-capitals acronym), the words around it
  ("start-up Arrival", "CEO Jane Roe", "Quintar investor", "X, a Dutch
  company", "Y, Quintar's chief executive", "a plant in Bicester, Oxfordshire")
  and the name it is coordinated with ("UPS and Hyundai");
* a one-word name that is the surname of a person the article named in full
  is that person; a name of one word is otherwise rarely a person, since the
  press introduces people by their full name;
* the cluster takes the type with the most votes, and every mention of it is
  labelled so. Names the gazetteer knows and models keep their labels.

The word lists are data (``patterns/names.yaml`` and ``lexicon.yaml``); the
weights below say how much each kind of evidence counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..normalize.entities import clean_name

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: The types the cast decides between.
ORG, PERSON, PLACE = "ORG", "PERSON", "GPE"
#: NER labels the cast may overrule, and the vote each casts.
NER_VOTES = {"ORG": ORG, "PERSON": PERSON, "GPE": PLACE, "LOC": PLACE, "FAC": None, "PRODUCT": None,
             "WORK_OF_ART": None, "EVENT": None, "LAW": None}
#: Labels that say a token is no name (numbers, dates) or is settled elsewhere.
FIXED_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "NORP", "EV_MODEL",
                "MEDIA", "GOV", "LANGUAGE"}

# How much each kind of evidence weighs.
NER_WEIGHT = 1.0
NER_PLACE_WEIGHT = 0.6   # the small NER calls many a new company a place ("Harbinger", "Ridgeline")
ITS_WEIGHT = 1.5         # "Harbinger says its chassis ...": "its" refers to the subject
SHAPE_WEIGHT = 3.0       # a legal form, a corporate word, a first name
CONTEXT_WEIGHT = 2.0     # a descriptor or title right beside the name
PLACE_WEIGHT = 1.5       # "in X", "X, <place>"
ACRONYM_WEIGHT = 1.0
COORDINATION_WEIGHT = 1.5
LONE_PERSON_FACTOR = 0.4  # one-word names are seldom people the article has not named in full
#: Votes a type needs before the cast overrules the NER or adds a name it missed.
DECIDE = 1.5
ADD = 2.0

#: Words after which "at X" names where something is made: a place.
SITE_WORDS = {"production", "manufacturing", "assembly", "plant", "factory", "built", "made", "assembled",
              "produced", "manufactured", "build", "produce", "assemble", "manufacture", "site", "works"}
STAKE_WORDS = {"stake", "stakes", "invest", "invests", "invested", "investing", "investment", "investments",
               "interest", "shares", "share", "holding", "role", "position", "career", "job", "tenure"}
#: Verbs whose object, when a name, is an organization: "Norra bought Corvane", "Jane Roe founded Quintar".
OBJECT_OF_ORG = {"acquire", "buy", "purchase", "found", "co-found", "establish"}
#: Participles after which "by X" names an organization: an owner, a backer, a maker, a supplier.
AGENT_OF_ORG = {"acquired", "bought", "purchased", "owned", "controlled", "backed", "funded", "financed", "built",
                "manufactured", "assembled", "produced", "supplied", "powered", "taken"}
#: Words after which "between X and Y" or "with X" names organizations.
DEAL_WORDS = {"venture", "ventures", "partnership", "alliance", "deal", "agreement", "collaboration", "merger", "pact",
              "tie-up", "cooperation"}
TITLE_WORDS_EXTRA = {"boss", "chief", "head", "founder", "co-founder", "spokesperson", "spokesman",
                     "spokeswoman", "president", "chairman", "chairwoman", "ceo", "director", "officer",
                     "manager", "executive", "engineer", "designer", "analyst", "minister", "secretary",
                     "governor", "mayor", "premier", "senator", "chair", "vp", "md"}


@dataclass
class Cluster:
    """All mentions of one name in an article, and the votes cast for its type."""

    key: str
    mentions: list[tuple[int, int, bool]] = field(default_factory=list)  # (start, end, from the NER)
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    words: int = 1

    def decided(self) -> tuple[str | None, float]:
        """The type with the most votes and its margin over the next."""
        ranked = sorted(self.votes.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] <= 0:
            return None, 0.0
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        return ranked[0][0], ranked[0][1] - runner_up


class Cast:
    """The spaCy component: relabel the article's names (see the module docstring)."""

    def configure(self, lexicon: dict[str, frozenset[str]]) -> None:
        self.given = lexicon.get("given_names", frozenset())
        self.surnames_first = lexicon.get("surnames_first", frozenset())
        self.honorifics = lexicon.get("honorifics", frozenset())
        self.descriptors = lexicon.get("org_descriptors", frozenset())
        self.followers = lexicon.get("org_followers", frozenset())
        self.place_before = lexicon.get("place_before", frozenset())
        self.org_words = lexicon.get("organization_words", frozenset())
        self.titles = lexicon.get("title_words", frozenset()) | TITLE_WORDS_EXTRA
        self.places = lexicon.get("places", frozenset())
        self.org_verbs = lexicon.get("org_verbs", frozenset())
        self.org_passive_verbs = lexicon.get("org_passive_verbs", frozenset())
        self.possessions = lexicon.get("org_possessions", frozenset())

    def __call__(self, doc: "Doc") -> "Doc":
        self._ents = list(doc.ents)  # doc.ents builds new Span objects on every access
        self._ent_at_start = {e.start: e for e in self._ents}
        clusters = self._clusters(doc)
        if not clusters:
            return doc
        for cluster in clusters.values():
            if cluster.key in self.places:
                cluster.votes[PLACE] = SHAPE_WEIGHT * 10  # a country or a state is a place, whatever is near it
                continue
            for start, end, ner in cluster.mentions:
                self._vote(doc, doc[start:end], cluster, ner)
        self._link_short_names(doc, clusters)
        self._coordination(doc, clusters)
        self._relabel(doc, clusters)
        return doc

    # ----- clusters -----------------------------------------------------------------------
    def _clusters(self, doc: "Doc") -> dict[str, Cluster]:
        clusters: dict[str, Cluster] = {}
        taken: set[int] = set()
        for ent in self._ents:
            taken.update(range(ent.start, ent.end))
            if ent.ent_id_ or ent.label_ not in NER_VOTES and not _odd_nationality(ent):
                continue
            self._add(clusters, doc, ent.start, ent.end, True)
        headline = title_case_lines(doc)
        # words the article capitalises mid-sentence are names wherever they stand, whatever the tagger says
        self._capitalised = _capitalised_mid_sentence(doc, headline)
        i = 0
        while i < len(doc):
            if i in taken or i in headline or not self._name_word(doc[i]):
                i += 1
                continue
            j = i
            while j < len(doc) and j not in taken and (self._name_word(doc[j]) or doc[j].text == "&"
                                                       and j + 1 < len(doc) and self._name_word(doc[j + 1])):
                j += 1
            self._add(clusters, doc, i, j, False)
            i = j
        return clusters

    def _name_word(self, tok) -> bool:
        """A word that can be part of a name: a capitalised proper noun, or a capitalised word the
        tagger took for a noun or adjective that the article capitalises mid-sentence too, or that
        stands before a title or an organization's noun ("Holmvik chief executive ...")."""
        if not tok.is_alpha or not (tok.is_title or tok.is_upper) or tok.lower_ in self.titles \
                or tok.lower_ in self.honorifics:
            return False
        if tok.pos_ == "PROPN":
            return True
        if tok.pos_ not in {"NOUN", "ADJ"} or not tok.is_title:
            return False
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        before_title = nxt is not None and (nxt.lower_ in self.titles or nxt.lower_ in self.followers)
        # a sentence's first word acting as a company: "Quintar plans to produce 24,000 vehicles" (a
        # plural is a common noun: "Engineers will build ...")
        acting = tok.is_sent_start and not tok.lower_.endswith("s") and len(tok) >= 3 and self._acts_as_company(
            tok.doc[tok.i:tok.i + 1])
        # an adjective modifying the title is no name: "Major shareholders: ...", "Former chief ..."
        before_title = before_title and not (tok.pos_ == "ADJ" and tok.dep_ == "amod" and nxt.tag_ == "NNS")
        # a sentence's first word coordinated with a name: "Norra and Stellar's joint venture"
        coordinated = tok.is_sent_start and nxt is not None and nxt.lower_ in {"and", "&"} \
            and tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 2].pos_ == "PROPN"
        return tok.lower_ in self._capitalised or tok.is_sent_start and before_title or acting or coordinated

    @staticmethod
    def _add(clusters: dict[str, Cluster], doc: "Doc", start: int, end: int, ner: bool) -> None:
        while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
            end -= 1  # the NER sometimes takes in a line break or a comma
        while start < end and (doc[start].is_space or doc[start].is_punct):
            start += 1
        key = clean_name(doc[start:end].text).lower()
        if not key or not any(c.isalpha() for c in key):
            return
        cluster = clusters.setdefault(key, Cluster(key, words=len(key.split())))
        cluster.mentions.append((start, end, ner))

    # ----- votes ---------------------------------------------------------------------------
    def _vote(self, doc: "Doc", span: "Span", cluster: Cluster, ner: bool) -> None:
        votes = cluster.votes
        if ner and NER_VOTES.get(span.label_):
            kind = NER_VOTES[span.label_]
            votes[kind] += NER_PLACE_WEIGHT if kind == PLACE else NER_WEIGHT
        if _its_subject(span):
            votes[ORG] += ITS_WEIGHT
        if span.root.dep_ == "dobj" and span.root.head.lemma_ in OBJECT_OF_ORG and span.root.head.pos_ == "VERB":
            votes[ORG] += CONTEXT_WEIGHT  # "Norra bought Corvane": what is bought is a company (or a thing)
        if self._acts_as_company(span):
            votes[ORG] += CONTEXT_WEIGHT
        words = [t for t in span if not t.is_punct]
        lowers = [t.lower_ for t in words]
        if not words:
            return
        # the name's own shape
        if any(w in self.org_words for w in lowers):
            votes[ORG] += SHAPE_WEIGHT
        elif 2 <= len(words) <= 4 and all(t.is_title for t in words):
            if lowers[0] in self.given:
                votes[PERSON] += SHAPE_WEIGHT
            elif lowers[0] in self.surnames_first and len(words) <= 3:
                votes[PERSON] += SHAPE_WEIGHT * 0.7
        elif len(words) == 1 and words[0].is_upper and len(words[0]) >= 2:
            votes[ORG] += ACRONYM_WEIGHT
        # the words before it
        prev = _previous_word(doc, span.start)
        if prev is not None:
            if prev.lower_ in self.honorifics:
                votes[PERSON] += SHAPE_WEIGHT
            elif prev.lower_ in self.descriptors:
                votes[ORG] += CONTEXT_WEIGHT
            elif prev.lower_ in self.titles and prev.lower_ not in self.org_words:
                votes[PERSON] += CONTEXT_WEIGHT
            elif prev.lower_ in self.place_before and not _after_stake(doc, prev.i):
                votes[PLACE] += PLACE_WEIGHT
            elif prev.lower_ == "at" and prev.i > 0 and doc[prev.i - 1].lemma_ in SITE_WORDS \
                    and not _owns_what_follows(doc, span.end) and not any(w in self.org_words for w in lowers):
                votes[PLACE] += SHAPE_WEIGHT  # "production at Zwickau", "assembled at Graz" (not "at X's plant")
            elif prev.lower_ == "in" and _after_stake(doc, prev.i):
                votes[ORG] += CONTEXT_WEIGHT  # "a stake in Quintar", "invested $50 million in Quintar"
            elif prev.lower_ == "by" and prev.i > 0 and doc[prev.i - 1].lower_ in AGENT_OF_ORG:
                votes[ORG] += CONTEXT_WEIGHT  # "acquired by Norra", "backed by Ostrava", "built by Velmar"
            elif _in_a_deal(doc, span.start):
                votes[ORG] += CONTEXT_WEIGHT  # "a joint venture between Norra and Stellar", "a partnership with Norra"
            elif prev.lower_ in {"at", "of", "for"} and any(t.lower_ in self.titles for t in doc[max(0, prev.i - 5):prev.i]) \
                    and not any(t.lower_ in self.places for t in doc[span.start:span.end]):
                votes[ORG] += CONTEXT_WEIGHT  # "director of battery development at Corvane"
        # the words after it ("Ford of Mexico CEO": Mexico is inside a company's name)
        nxt = doc[span.end] if span.end < len(doc) else None
        if prev is not None and prev.lower_ == "of":
            return
        possessive = span.end if nxt is not None and nxt.tag_ == "POS" else _shared_possessive(doc, span.end)
        if possessive is not None:
            owned = _owned_noun(doc, possessive + 1)
            if owned is not None and (owned.lower_ in self.possessions | self.followers | DEAL_WORDS
                                      or owned.lower_ == "joint"):
                votes[ORG] += CONTEXT_WEIGHT  # "Quintar's plant", "Holmvik's new brand", "Stellar's joint venture"
        elif nxt is not None and nxt.lower_ in self.followers and nxt.lower_ not in {"partner", "partners"}:
            votes[ORG] += CONTEXT_WEIGHT
        elif nxt is not None and nxt.text == ",":
            self._apposition(doc, span.end + 1, votes)

    def _acts_as_company(self, span: "Span") -> bool:
        """The name is the subject of what organizations do: "Quintar plans to produce 24,000 vehicles"."""
        root = span.root
        if root.dep_ not in {"nsubj", "nsubjpass"}:
            return False
        verbs = [root.head, *(c for c in root.head.children if c.dep_ == "xcomp")]  # not what it says (ccomp)
        verbs += [c for v in list(verbs) for c in v.children if c.dep_ == "xcomp"]
        if root.dep_ == "nsubjpass" and root.head.lemma_ in self.org_passive_verbs:
            return True  # "Quintar was founded by Jane Roe"
        return any(v.lemma_ in self.org_verbs for v in verbs)

    def _apposition(self, doc: "Doc", i: int, votes: dict[str, float]) -> None:
        """"X, a Dutch truck maker" / "X, Quintar's chief executive" / "X, Oxfordshire"."""
        ent = self._ent_at_start.get(i)
        if ent is not None and ent.label_ in {"GPE", "LOC"}:
            end = ent.end
            if end >= len(doc) or doc[end].is_punct:
                votes[PLACE] += PLACE_WEIGHT
            return
        for tok in doc[i:min(len(doc), i + 8)]:
            if tok.is_punct and tok.text not in {"-", "'s", "’s"} or tok.pos_ in {"VERB", "AUX"}:
                return
            if tok.lower_ in self.titles and tok.lower_ not in self.org_words:
                votes[PERSON] += CONTEXT_WEIGHT
                return
            if tok.lower_ in self.descriptors:
                votes[ORG] += CONTEXT_WEIGHT
                return

    # ----- what one name says of another ---------------------------------------------------
    def _link_short_names(self, doc: "Doc", clusters: dict[str, Cluster]) -> None:
        """A lone word of a person named in full is that person; a lone word is seldom a person.

        "Tom Elvidge ... Elvidge said": the surname; "Lei Jun ... Jun said": the
        given name of a name written family name first. This outweighs the NER,
        which reads each "Elvidge" alone.
        """
        people = {w for c in clusters.values() if c.words >= 2 and c.decided()[0] == PERSON
                  for w in c.key.split()}
        people |= {t.lower_ for e in self._ents if e.ent_id_ and e.label_ == PERSON and len(e) >= 2 for t in e}
        orgs = {c.key.split()[0] for c in clusters.values() if c.words >= 2 and c.decided()[0] == ORG}
        for cluster in clusters.values():
            if cluster.words != 1:
                continue
            if cluster.key in people and cluster.votes[ORG] < SHAPE_WEIGHT + CONTEXT_WEIGHT:
                cluster.votes.clear()
                cluster.votes[PERSON] = SHAPE_WEIGHT
            else:
                cluster.votes[PERSON] *= LONE_PERSON_FACTOR
                if cluster.key in orgs:
                    cluster.votes[ORG] += CONTEXT_WEIGHT

    def _coordination(self, doc: "Doc", clusters: dict[str, Cluster]) -> None:
        """"UPS and Hyundai": names joined by "and", "&" or "or" are of one type."""
        label_at: dict[int, str] = {}
        for ent in self._ents:
            if ent.ent_id_ and ent.label_ in {ORG, PERSON}:
                label_at[ent.start] = ent.label_
        by_start = {start: c for c in clusters.values() for start, _, _ in c.mentions}
        for c in clusters.values():
            kind, margin = c.decided()
            if kind in {ORG, PERSON} and margin >= DECIDE:
                for start, _, _ in c.mentions:
                    label_at.setdefault(start, kind)
        for cluster in clusters.values():
            for start, end, _ in cluster.mentions:
                for other in _coordinated_starts(doc, start, end):
                    kind = label_at.get(other)
                    if kind and by_start.get(other) is not cluster:
                        cluster.votes[kind] += COORDINATION_WEIGHT

    # ----- writing the labels -------------------------------------------------------------
    def _relabel(self, doc: "Doc", clusters: dict[str, Cluster]) -> None:
        from spacy.tokens import Span

        by_start = self._ent_at_start
        changed = False
        new_ents = dict(by_start)
        for cluster in clusters.values():
            kind, margin = cluster.decided()
            if kind is None:
                continue
            # where the NER labelled one name two ways, any majority settles it; to overrule a
            # consistent NER the evidence must be clear
            labels = {by_start[start].label_ for start, _, ner in cluster.mentions if ner and start in by_start}
            needed = 0.01 if len(labels) > 1 else DECIDE
            for start, end, ner in cluster.mentions:
                if ner:
                    ent = by_start.get(start)
                    if ent is not None and ent.label_ != kind and margin >= needed:
                        new_ents[start] = Span(doc, start, end, label=kind)
                        changed = True
                elif cluster.votes[kind] >= ADD and margin >= DECIDE and kind in {ORG, PERSON}:
                    new_ents[start] = Span(doc, start, end, label=kind)
                    changed = True
        if changed:
            doc.ents = sorted(new_ents.values(), key=lambda s: s.start)


def _capitalised_mid_sentence(doc: "Doc", headline: set[int]) -> set[str]:
    """Lower-cased words the article capitalises inside a sentence (read from attribute arrays:
    ``Token.is_sent_start`` is slow token by token)."""
    import numpy
    from spacy.attrs import IS_ALPHA, IS_TITLE, LOWER, POS, SENT_START
    from spacy.symbols import ADJ, NOUN, PROPN

    if not len(doc):
        return set()
    array = doc.to_array([IS_TITLE, IS_ALPHA, SENT_START, POS, LOWER])
    keep = (array[:, 0] == 1) & (array[:, 1] == 1) & (array[:, 2] != 1) & numpy.isin(array[:, 3], (PROPN, NOUN, ADJ))
    strings = doc.vocab.strings
    return {strings[int(h)] for i, h in zip(numpy.flatnonzero(keep), array[keep, 4]) if int(i) not in headline}


def _owned_noun(doc: "Doc", i: int):
    """The noun a possessive owns, over its adjectives ("Holmvik's premium electric brand")."""
    for tok in doc[i:min(len(doc), i + 4)]:
        if tok.pos_ in {"NOUN", "PROPN"}:
            return tok
        if tok.pos_ not in {"ADJ", "ADV", "NUM"} and tok.text != "-":
            return None
    return None


def _shared_possessive(doc: "Doc", end: int) -> int | None:
    """The possessive a coordinated name shares: "Norra and Stellar's joint venture" (at "'s")."""
    if end >= len(doc) or doc[end].lower_ not in {"and", "&"}:
        return None
    k = end + 1
    while k < len(doc) and doc[k].pos_ == "PROPN":
        k += 1
    return k if k > end + 1 and k < len(doc) and doc[k].tag_ == "POS" else None


def _owns_what_follows(doc: "Doc", end: int) -> bool:
    """The name is followed by a possessive or a site noun: "at Pellan Works' plant", "at the Holmvik factory"."""
    nxt = doc[end] if end < len(doc) else None
    return nxt is not None and (nxt.tag_ == "POS" or nxt.lower_ in SITE_WORDS)


def _its_subject(span: "Span") -> bool:
    """The name is the subject of a clause that then says "its" ("Harbinger says its chassis ...")."""
    root = span.root
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = root.head
    return any(t.lower_ == "its" and t.i > span.end for t in verb.subtree) and not any(
        t.lower_ in {"his", "her"} for t in verb.subtree)


def _previous_word(doc: "Doc", i: int):
    """The word before a name, over a hyphenated or adjectival prefix ("EV start-up", "Dutch")."""
    j = i - 1
    while j >= 0 and doc[j].tag_ in {"HYPH"}:
        j -= 1
    return doc[j] if j >= 0 else None


#: Endings of the words for peoples and nationalities ("German", "Chinese", "Swedish", "Saudi").
DEMONYM_ENDINGS = ("an", "ans", "ese", "ish", "i", "is", "ic", "ch", "sh", "ss", "ek", "eks", "er", "ers", "ite", "ites")


def _odd_nationality(ent: "Span") -> bool:
    """A one-word NORP the NER gave a name that has no nationality's shape ("Stellar" in "between
    Norra and Stellar"): the cast may decide what it is."""
    return ent.label_ == "NORP" and len(ent) == 1 and ent[0].is_title and not ent[0].lower_.endswith(DEMONYM_ENDINGS)


def _in_a_deal(doc: "Doc", start: int) -> bool:
    """The name is one of those "between" or "with" governs after a deal word, over the names and
    "and"s listed before it ("a joint venture between Norra and Stellar")."""
    j = start - 1
    while j >= 0 and start - j <= 8 and (doc[j].lower_ in {"and", ",", "&"} or doc[j].is_title or doc[j].is_upper):
        j -= 1
    return j >= 0 and (doc[j].lower_ in {"between", "with"} and any(t.lower_ in DEAL_WORDS for t in doc[max(0, j - 3):j])
                       or doc[j].lower_ == "of" and j > 0 and doc[j - 1].lower_ in DEAL_WORDS)  # "a venture of A and B"


def _after_stake(doc: "Doc", i: int) -> bool:
    """"a stake in X", "invested $50 million in X": the "in" is an investment's, not a place's."""
    return any(t.lower_ in STAKE_WORDS for t in doc[max(0, i - 6):i])


def _coordinated_starts(doc: "Doc", start: int, end: int) -> list[int]:
    """Starts of the names joined to this one by "and", "&", "or" or a comma."""
    out = []
    if end + 1 < len(doc) and doc[end].lower_ in {"and", "&", "or"}:
        k = end + 1
        if doc[k].lower_ == "the" and k + 1 < len(doc):
            k += 1
        out.append(k)
    if start >= 2 and doc[start - 1].lower_ in {"and", "&", "or"}:
        k = start - 2
        while k > 0 and doc[k - 1].pos_ == "PROPN":
            k -= 1
        out.append(k)
    return out


def title_case_lines(doc: "Doc") -> set[int]:
    """Tokens of headline lines written in title case: every word capitalised says nothing there.

    Computed once per Doc and kept in ``doc.user_data`` (discovery asks too).
    """
    cached = doc.user_data.get(_HEADLINES)
    if cached is not None:
        return cached
    out: set[int] = set()
    doc.user_data[_HEADLINES] = out
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        # Title case leaves only small function words in lower case; a lower-case content word
        # ("started manufacturing") makes it a sentence full of names, not a headline.
        if len(words) >= 3 and sum(t.is_title or t.is_upper for t in words) >= 0.7 * len(words) \
                and not any(t.is_lower and not t.is_stop for t in words):
            out.update(range(sent.start, sent.end))
    return out


_HEADLINES = "evfacts_title_case_lines"
