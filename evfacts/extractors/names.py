"""Names that can be stakeholders, and the stakeholder fact built from one.

A stakeholder is any person or organization the article names: the cast
(:mod:`evfacts.cast`) has already decided which names are people and which
organizations, and the gazetteer only canonicalizes a name and guards the
kinds that are never stakeholders (outlets, regulators, models). A name is a
whole entity, or a run of proper nouns the NER left out; coordinated names
("A, B and C") are read as a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..facts import Fact
from ..nlp.discover import NOT_LETTER_CODES
from ..normalize.entities import clean_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .context import DocContext

NOT_STAKEHOLDER_LABELS = {"MEDIA", "GOV", "GPE", "LOC", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL",
                          "ORDINAL", "QUANTITY", "EV_MODEL", "PRODUCT", "EVENT", "FAC", "LAW", "LANGUAGE"}
NOT_STAKEHOLDER_KINDS = {"outlet", "regulator", "research", "model"}
SKIPPABLE = {"DET", "ADJ", "NUM", "ADV"}
DESCRIPTOR_NOUNS = {"subsidiary", "unit", "division", "affiliate", "arm", "partner", "supplier", "maker",
                    "giant", "firm", "company", "designer", "startup", "group", "automaker", "carmaker"}


@dataclass
class Name:
    """A candidate stakeholder: its text, token range and whether it is a person."""

    text: str
    start: int
    end: int
    person: bool


def is_stakeholder_ent(ctx: "DocContext", ent: "Span") -> bool:
    if ent.label_ in NOT_STAKEHOLDER_LABELS:
        return False
    entry = ctx.gazetteer.lookup(ent.ent_id_ or ent.text)
    return entry is None or entry.kind not in NOT_STAKEHOLDER_KINDS


def name_at(ctx: "DocContext", i: int, limit: int) -> "Name | None":
    """The entity or proper-noun run starting at token i (i < limit), if any."""
    ent = ctx.entity_at(i)
    # the NER often takes the article in: "the Nordic Mobility Fund", looked at from "Nordic"
    if ent is not None and (ent.start == i or ent.start == i - 1 and ctx.doc[i - 1].lower_ == "the"):
        if not is_stakeholder_ent(ctx, ent):
            return None
        if ent.label_ == "PERSON":  # "CEO Jane Roe": the NER took the title in
            end = ent.end
            if end < limit and ctx.doc[end - 1].text == "-" and not ctx.doc[end - 1].whitespace_ \
                    and ctx.doc[end].is_title:
                end += 1  # a double-barrelled name the NER cut after its hyphen: "Geeta Gupta-|Fisker"
            elif end + 1 < limit and ctx.doc[end].text == "-" and not ctx.doc[end - 1].whitespace_ \
                    and not ctx.doc[end].whitespace_ and ctx.doc[end + 1].is_title:
                end += 2  # ... or before it: "Geeta Gupta|-Fisker"
            return person_from(ctx, i, end)
        end = ent.end
        if not ent.ent_id_ and ctx.gazetteer.lookup(ent.text) is None:
            # "Norra and Stellar" taken as one name: two, unless a known one ("Johnson and Johnson")
            end = next((t.i for t in ctx.doc[i + 1:ent.end - 1] if t.lower_ == "and" and t.nbor(1).is_title
                        and t.nbor(-1).is_title and t.i - i <= 2 and ent.end - t.i - 1 <= 2), ent.end)
        text = ctx.doc[i:end].text
        return Name(clean_name(text), i, end, is_person(ctx, text))
    tok = ctx.doc[i]
    if tok.pos_ != "PROPN" or tok.ent_type_ in NOT_STAKEHOLDER_LABELS:
        return None
    if tok.lower_ in ctx.lexicon.get("title_words", frozenset()):
        nxt = ctx.entity_at(i + 1) if i + 1 < limit else None  # "CEO Jane Roe": the person, not the title
        return person_from(ctx, i, nxt.end) if nxt is not None and nxt.label_ == "PERSON" else None
    j = i
    while j < limit and (ctx.doc[j].pos_ == "PROPN" or ctx.doc[j].text in {"-", "&"} and j + 1 < limit
                         and ctx.doc[j + 1].pos_ == "PROPN") and ctx.doc[j].ent_type_ not in NOT_STAKEHOLDER_LABELS:
        j += 1
    text = clean_name(ctx.doc[i:j].text)
    return Name(text, i, j, is_person(ctx, text)) if text else None


def is_person(ctx: "DocContext", text: str) -> bool:
    entry = ctx.gazetteer.lookup(text)
    return entry is not None and entry.kind == "person"


def names_after(ctx: "DocContext", sent: "Span", i: int) -> list[Name]:
    """Coordinated names starting at or shortly after token i ("by A, B and C")."""
    names: list[Name] = []
    j, skipped = i, 0
    while j < sent.end and skipped <= 6:
        name = name_at(ctx, j, sent.end)
        if name is not None:
            # "Mercedes-Benz subsidiary Accumotive", "former Audi engineer Katrin Vogel", "the Abu Dhabi
            # fund CYVN Holdings": a name that only describes the next one gives way to it.
            nxt = _described(ctx, sent, name) or _possessed(ctx, sent, name)
            if nxt is not None:
                name = nxt
            names.append(name)
            j = name.end
            if j + 1 < sent.end and ctx.doc[j].lower_ in {",", "and", "&"}:
                k = j + 1 if ctx.doc[j + 1].lower_ not in {"and", "the"} else j + 2
                if ctx.doc[k].lower_ == "the":
                    k += 1
                place = ctx.entity_at(k) if k < sent.end else None
                if place is not None and place.label_ in {"GPE", "NORP"} and place.end < sent.end \
                        and ctx.doc[place.end].tag_ == "POS":
                    k = place.end + 1  # "..., Norway's Ostrava Capital and ..."
                skip = k  # "... and the fund Ostrava Capital": a described name continues the list
                while skip < min(sent.end, k + 5) and (ctx.doc[skip].is_lower and ctx.doc[skip].pos_ in {"NOUN", "ADJ"}
                                                       or ctx.doc[skip].text == "-" or ctx.doc[skip].tag_ == "VBN"):
                    skip += 1  # "and the fund B", "and state-owned carmaker B"
                if skip > k and skip < sent.end and name_at(ctx, skip, sent.end) is not None:
                    k = skip
                more = name_at(ctx, k, sent.end) if k < sent.end else None
                nxt = more.end if more is not None else sent.end
                while nxt < sent.end and ctx.doc[nxt].pos_ == "ADV":
                    nxt += 1
                if more is not None and nxt < sent.end and ctx.doc[nxt].pos_ in {"VERB", "AUX"} \
                        and ctx.doc[j].text == ",":
                    more = None  # "..., Telvo said", "..., and Kia recently adopted": a new clause's subject
                if more is not None:
                    j = k
                    continue
            break
        tok = ctx.doc[j]
        based = tok.lower_ in {"based", "headquartered", "owned"} and j > 0 and ctx.doc[j - 1].text == "-"
        # "firms such as A, B and C", "backers including A"
        connector = tok.lower_ in {"such", "as", "including", "like"} and (tok.lower_ != "as" or j > i
                                                                           and ctx.doc[j - 1].lower_ == "such")
        # "with Swedish electronics giant, the Holmvik Group": a described name after a comma;
        # "from Swedish investors, including Jane Roe": the list after it
        restated = tok.text == "," and skipped > 0 and j > i and ctx.doc[j - 1].pos_ == "NOUN" and j + 1 < sent.end \
            and (ctx.doc[j + 1].lower_ in {"the", "including", "such", "like", "notably", "namely"}
                 or name_at(ctx, j + 1, sent.end) is not None)
        if connector or restated:
            j += 1
            skipped = min(skipped, 2)  # the words after "including" describe the names anew
            continue
        if tok.pos_ in SKIPPABLE or tok.tag_ == "POS" or tok.ent_type_ in {"GPE", "NORP", "LOC"} or based \
                or tok.lower_ in DESCRIPTOR_NOUNS or tok.text == "-" or tok.pos_ == "NOUN" and skipped < 4:
            j += 1
            skipped += 1
            continue
        break
    return _with_conjuncts(ctx, sent, names)


def _with_conjuncts(ctx: "DocContext", sent: "Span", names: list[Name]) -> list[Name]:
    """Add the names the parse coordinates with the last one across an apposition the list
    reading stops at: "from Sumitomo, a Japanese conglomerate known for tyres, and Abdul Latif Jameel"."""
    if not names:
        return names
    taken = {i for n in names for i in range(n.start, n.end)}
    last = ctx.doc[names[-1].end - 1]
    heads = [last.head] if last.dep_ in {"compound", "flat"} and last.head.i < sent.end else [last]
    stack = [c for h in heads for c in h.children if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN"}]
    more: list[Name] = []
    while stack:
        tok = stack.pop(0)
        ent = ctx.entity_at(tok.i)
        start = ent.start if ent is not None else tok.i
        while start > sent.start and ent is None and ctx.doc[start - 1].dep_ == "compound" \
                and ctx.doc[start - 1].pos_ == "PROPN":
            start -= 1  # "Abdul Latif Jameel": the compound words before the conjunct's head
        name = name_at(ctx, start, sent.end) if start not in taken else None
        if name is not None and name.person == names[-1].person:
            more.append(name)
            taken.update(range(name.start, name.end))
            stack.extend(c for c in tok.children if c.dep_ == "conj")
    return names + more


def _described(ctx: "DocContext", sent: "Span", name: Name) -> Name | None:
    """The name that a name plus one to three common nouns describe: "Audi engineer Katrin Vogel"."""
    titles = ctx.lexicon.get("title_words", frozenset())
    j = name.end
    # "Salesforce CEO Marc Benioff", "Tesla co-founder Marc Tarpenning": the person is meant
    while j < sent.end and j - name.end < 3 and (ctx.doc[j].pos_ == "NOUN" and ctx.doc[j].is_lower
                                                 or ctx.doc[j].lower_ in titles):
        j += 1
    if j == name.end or j >= sent.end:
        return None
    return name_at(ctx, j, sent.end)


def _possessed(ctx: "DocContext", sent: "Span", name: Name) -> Name | None:
    """The organization a company's possessive names: "Holmvik's Thomas Coachworks" (not a person's
    company: "Jane Roe's Quintar" keeps Jane Roe, a founder or owner)."""
    j = name.end if ctx.doc[name.end - 1].tag_ == "POS" else name.end + 1  # the NER may take the "'s" in
    if name.person or j >= sent.end or ctx.doc[j - 1].tag_ != "POS":
        return None
    owned = name_at(ctx, j, sent.end)
    ent = ctx.entity_at(j)
    if owned is None or owned.person or ent is None or ent.label_ != "ORG":
        return None
    after = ctx.doc[owned.end] if owned.end < sent.end else None
    return None if after is not None and after.pos_ == "NOUN" and after.is_lower else owned  # not "X's Drive platform"


def names_before(ctx: "DocContext", sent: "Span", i: int) -> list[Name]:
    """Coordinated names ending right before token i ("Alibaba and SAIC Motor-backed")."""
    names: list[Name] = []
    end = i
    while end > sent.start and ctx.doc[end - 1].pos_ == "ADV" and not ctx.doc[end - 1].ent_type_:
        # "Alibaba also holds shares"
        end -= 1
    if end - 1 > sent.start and ctx.doc[end - 1].lower_ in {"which", "who", "that"}:
        end -= 2 if ctx.doc[end - 2].text == "," else 1  # "Kongu Group, which holds a 60 per cent stake"
    while end > sent.start:
        start = end - 1
        ent = ctx.entity_at(start)
        if ent is not None:
            start = ent.start
        else:
            while start > sent.start and ctx.doc[start - 1].pos_ == "PROPN" and not ctx.doc[start - 1].ent_type_:
                start -= 1
        name = name_at(ctx, start, end)
        if name is None or name.end != end and ent is None:
            break
        names.insert(0, name)
        k = start
        while k - 1 > sent.start and start - k < 3 and (ctx.doc[k - 1].is_lower and ctx.doc[k - 1].pos_ in {"NOUN", "ADJ"}
                                                       or ctx.doc[k - 1].lower_ == "the"):
            k -= 1  # "A and the fund B": a described name goes on the list
        if k - 1 > sent.start and ctx.doc[k - 1].lower_ in {"and", ",", "&"}:
            end = k - 1
            continue
        break
    return names


def names_adjacent(ctx: "DocContext", sent: "Span", i: int) -> list[Name]:
    """Names right after the cue, with nothing between: "investors Kestrel Partners and ..."."""
    if i < sent.end and ctx.doc[i].text in {",", ":"}:
        i += 1  # "majority shareholder, Saudi Arabia's PIF"; "Major shareholders: Ridgeway Capital"
    return names_after(ctx, sent, i) if i < sent.end and (
        name_at(ctx, i, sent.end) is not None or ctx.doc[i].ent_type_ in {"GPE", "NORP"}) else []


def names_subject(ctx: "DocContext", sent: "Span", cue: "Span") -> list[Name]:
    """Names in the grammatical subject of the cue's clause."""
    head = cue.root
    for _ in range(3):
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children) or head.head.i == head.i:
            break
        head = head.head
    subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or cue.start <= subjects[0].i < cue.end:
        return []  # the cue noun is the subject: "Lorry fleet owners are looking ..." names no owner
    if subjects[0].lower_ in {"it", "they", "we"}:
        subjects = _speaker(ctx, head) or subjects  # "Holmvik said it would take a stake": Holmvik
    # the subject and its conjuncts, not what an apposition or clause says of it
    # ("Nio, a Tencent-backed carmaker, will build ..." names Nio only)
    # ("Buffett's Berkshire Hathaway invested" names Berkshire Hathaway: a possessive is another's)
    keep = [t for t in subjects[0].subtree
            if not _under(t, subjects[0], {"appos", "relcl", "acl", "prep", "amod", "poss"})]
    names: list[Name] = []
    j, end = keep[0].i, keep[-1].i + 1
    allowed = {t.i for t in keep}
    while j < end:
        name = name_at(ctx, j, end) if j in allowed else None
        if name is not None and not all(k in allowed for k in range(name.start, name.end)) and not name.person:
            k = name.start  # an entity the NER ran into the verb: "with [SAIC Motor holding] the largest stake"
            while k < name.end and k in allowed:
                k += 1
            text = clean_name(ctx.doc[name.start:k].text)
            name = Name(text, name.start, k, is_person(ctx, text)) if k > name.start and text else None
        if name is not None and all(k in allowed for k in range(name.start, name.end)):
            names.append(name)
            j = name.end
        else:
            j += 1
    if not names and subjects[0].lower_ in DESCRIPTOR_NOUNS | {"conglomerate", "fund", "investor", "start-up"}:
        # "the online retail giant Brennick Partners is leading": the company the noun describes
        named = [c for c in subjects[0].children if c.dep_ == "appos"]
        names = [n for c in named if (n := name_at(ctx, ctx.entity_at(c.i).start if ctx.entity_at(c.i) else c.i,
                                                     sent.end)) is not None and not n.person]
    return names


def _speaker(ctx: "DocContext", verb: "Token") -> list["Token"]:
    """The subject of the verb of saying whose reported clause holds ``verb`` ("Holmvik said ...")."""
    speech = ctx.lexicon.get("reporting_verbs", frozenset())
    node = verb
    while node.dep_ in {"ccomp", "xcomp", "conj"} and node.head.i != node.i:
        node = node.head
        if node.lemma_ in speech:
            return [c for c in node.children if c.dep_ == "nsubj" and c.lower_ not in {"it", "they", "we", "he", "she"}
                    and c.ent_type_ != "PERSON"]  # "we are joining forces," said Jane Roe: her company, unnamed
    return []


def _under(tok: "Token", top: "Token", deps: set[str]) -> bool:
    """True when the path from ``tok`` up to ``top`` passes through one of ``deps``."""
    while tok.i != top.i and tok.head.i != tok.i:  # spaCy makes a new Token object on each access
        if tok.dep_ in deps:
            return True
        tok = tok.head
    return False


def person_from(ctx: "DocContext", start: int, end: int) -> "Name | None":
    """A person name, without title words the NER swept into it."""
    while start < end and ctx.doc[start].lower_ in ctx.lexicon.get("title_words", set()):
        start += 1
    text = clean_name(ctx.doc[start:end].text)
    return Name(text, start, end, True) if text and len(text.split()) <= 4 else None


def canonical(ctx: "DocContext", text: str) -> str:
    entry = ctx.gazetteer.lookup(text)
    return entry.canonical if entry is not None else clean_name(text)


def acceptable(ctx: "DocContext", name: str, subject: str) -> bool:
    """Names that can be stakeholders: proper names, not the subject, not outlets or models."""
    if not name or not subject or ctx.gazetteer.same(name, subject) or not name[0].isupper() and not name[0].isdigit():
        return False
    entry = ctx.gazetteer.lookup(name)
    if entry is not None and entry.kind in NOT_STAKEHOLDER_KINDS:
        return False
    if entry is None and any(w.lower() in ctx.lexicon.get("not_venture_words", ()) for w in name.split()):
        return False  # "Nordic Mobility Institute", "Autocast Research": researchers and reporters
    if entry is None and name.isupper() and len(name) <= 4 and not _acronym_company(ctx, name):
        return False  # "LFP", "EV", "CTC": unknown short acronyms are terms, not companies
    if entry is None and any(w.lower() in ctx.lexicon.get("product_words", ()) for w in name.split()):
        return False  # "Compact Modular Architecture", "Drive Hyperion platform": products, not owners
    if entry is not None and entry.kind != "person":
        subject_entry = ctx.gazetteer.lookup(subject)
        if subject_entry is not None and subject_entry.brand and ctx.gazetteer.same(subject_entry.brand, name):
            return False  # a brand making or supplying its own model is no stakeholder
    return name.lower() not in {"it", "they", "the company", "we"}


def _acronym_company(ctx: "DocContext", name: str) -> bool:
    """A short name in capitals the article writes as an organization again and again ("NEVS"), and
    no term of the trade ("LFP", "SUV")."""
    if name in NOT_LETTER_CODES:
        return False
    return sum(1 for ent in ctx.ents if ent.label_ == "ORG" and ent.text == name) >= 2


def make_fact(ctx: "DocContext", sent: "Span", cue: "Span", subject: str, name: Name, role: str,
          title: str | None = None, confidence: float = 0.75) -> Fact:
    span = ctx.doc[name.start:name.end]
    org_words = ctx.lexicon.get("organization_words", frozenset())
    person = (name.person or role == "executive") and not any(w.lower() in org_words for w in name.text.split())
    return Fact(
        type="stakeholder", subject=subject,
        values={"name": name.text, "entity": "person" if person else "organization",
                "role": role, "title": title},
        text=span.text, start=span.start_char, end=span.end_char, sentence=sent.text.strip(),
        rule=cue.id_, confidence=confidence)
