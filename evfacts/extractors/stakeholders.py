"""stakeholder facts: who has a stake in a venture or vehicle, and in what role.

Cues come from ``patterns/stakeholders.yaml``. A cue's label names the role
and the *shape* of the relation, i.e. where the stakeholder stands:

* ``before``: the names right before the cue ("Alibaba and SAIC Motor-backed");
* ``after``: the names right after it ("backed by Japan's SoftBank Group");
* ``subject``: the grammatical subject of the cue's clause ("Alibaba and
  Tencent are minority shareholders", "BAIC will manufacture the SU7");
* ``jv``: a joint venture named beside the cue, with its partners (named in
  the text, or known parents from the gazetteer);
* ``headed`` and ``title``: executives, a named person with a title of office.

Names are whole entities (the gazetteer's or the NER's) or runs of proper
nouns, coordinated with "," and "and". News outlets, regulators, places and
the subject itself are never stakeholders, nor is anything in a negated
clause ("is not the sole supplier").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..facts import Fact
from ..normalize.entities import clean_name
from .context import DocContext

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

NOT_STAKEHOLDER_LABELS = {"MEDIA", "GOV", "GPE", "LOC", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL",
                          "ORDINAL", "QUANTITY", "EV_MODEL", "PRODUCT", "EVENT", "FAC", "LAW", "LANGUAGE"}
NOT_STAKEHOLDER_KINDS = {"outlet", "regulator", "research", "model"}
SKIPPABLE = {"DET", "ADJ", "NUM", "ADV"}
DESCRIPTOR_NOUNS = {"subsidiary", "unit", "division", "affiliate", "arm", "partner", "supplier", "maker",
                    "giant", "firm", "company", "designer", "startup", "group", "automaker", "carmaker"}
VEHICLE_ROLES = {"supplier", "manufacturer"}
# A supplier is named for a part: "cells from X", "X's E-GMP platform", "powered by X's chip".
COMPONENT_NOUNS = {"battery", "batteries", "cell", "cells", "pack", "packs", "platform", "platforms", "chip",
                   "chips", "chipset", "processor", "system", "systems", "motor", "motors", "lidar", "sensor",
                   "sensors", "software", "architecture", "technology", "module", "modules", "e-axle",
                   "drivetrain", "powertrain", "inverter", "cathode", "anode", "materials", "components", "parts"}
SUPPLIER_CUES_NEEDING_PART = {"stake.supplier.powered_by", "stake.supplier.features", "stake.supplier.built_on"}
# cues that say nothing of the venture unless it is named ("X invested ... in Y")
NEEDS_EXPLICIT_SUBJECT = {"stake.investor.invested_in"}
COMPANY_NOUNS = {"company", "firm", "automaker", "carmaker", "brand", "startup", "group", "maker", "venture",
                 "manufacturer", "it", "they", "we"}


@dataclass
class Name:
    """A candidate stakeholder: its text, token range and whether it is a person."""

    text: str
    start: int
    end: int
    person: bool


def extract(ctx: DocContext) -> list[Fact]:
    facts: list[Fact] = []
    for sent in ctx.sentences:
        for cue in ctx.triggers(sent, "stakeholder"):
            if _negated(ctx, sent, cue):
                continue
            label = cue.label_.split(":", 1)[1]
            if label == "title":
                facts.extend(_executive_facts(ctx, sent, cue))
            elif label == "headed":
                facts.extend(_headed_facts(ctx, sent, cue))
            else:
                role, shape = label.split("/", 1)
                facts.extend(_relation_facts(ctx, sent, cue, role, shape))
    return _merge_aliases(ctx, facts)


def _merge_aliases(ctx: DocContext, facts: list[Fact]) -> list[Fact]:
    """One fact per stakeholder and subject, whatever spelling ("Alibaba Group", "Alibaba")."""
    kept: list[Fact] = []
    for fact in facts:
        if not any(k.subject == fact.subject and ctx.gazetteer.same(k.values["name"], fact.values["name"])
                   for k in kept):
            kept.append(fact)
    return kept


# ----- candidate names ------------------------------------------------------------------

def _is_stakeholder_ent(ctx: DocContext, ent: "Span") -> bool:
    if ent.label_ in NOT_STAKEHOLDER_LABELS:
        return False
    entry = ctx.gazetteer.lookup(ent.ent_id_ or ent.text)
    return entry is None or entry.kind not in NOT_STAKEHOLDER_KINDS


def _name_at(ctx: DocContext, i: int, limit: int) -> "Name | None":
    """The entity or proper-noun run starting at token i (i < limit), if any."""
    ent = ctx.entity_at(i)
    # the NER often takes the article in: "the Nordic Mobility Fund", looked at from "Nordic"
    if ent is not None and (ent.start == i or ent.start == i - 1 and ctx.doc[i - 1].lower_ == "the"):
        if not _is_stakeholder_ent(ctx, ent):
            return None
        text = ctx.doc[i:ent.end].text
        return Name(clean_name(text), i, ent.end, ent.label_ == "PERSON" or _is_person(ctx, text))
    tok = ctx.doc[i]
    if tok.pos_ != "PROPN" or tok.ent_type_ in NOT_STAKEHOLDER_LABELS:
        return None
    j = i
    while j < limit and (ctx.doc[j].pos_ == "PROPN" or ctx.doc[j].text in {"-", "&"} and j + 1 < limit
                         and ctx.doc[j + 1].pos_ == "PROPN") and ctx.doc[j].ent_type_ not in NOT_STAKEHOLDER_LABELS:
        j += 1
    text = clean_name(ctx.doc[i:j].text)
    return Name(text, i, j, _is_person(ctx, text)) if text else None


def _is_person(ctx: DocContext, text: str) -> bool:
    entry = ctx.gazetteer.lookup(text)
    return entry is not None and entry.kind == "person"


def _names_after(ctx: DocContext, sent: "Span", i: int) -> list[Name]:
    """Coordinated names starting at or shortly after token i ("by A, B and C")."""
    names: list[Name] = []
    j, skipped = i, 0
    while j < sent.end and skipped <= 6:
        name = _name_at(ctx, j, sent.end)
        if name is not None:
            # "Mercedes-Benz subsidiary Accumotive": the descriptor points at the next name.
            if name.end < sent.end and ctx.doc[name.end].lower_ in DESCRIPTOR_NOUNS:
                nxt = _name_at(ctx, name.end + 1, sent.end)
                if nxt is not None:
                    name = nxt
            names.append(name)
            j = name.end
            if j + 1 < sent.end and ctx.doc[j].lower_ in {",", "and", "&"}:
                k = j + 1 if ctx.doc[j + 1].lower_ not in {"and", "the"} else j + 2
                if ctx.doc[k].lower_ == "the":
                    k += 1
                more = _name_at(ctx, k, sent.end) if k < sent.end else None
                if more is not None:
                    j = k
                    continue
            break
        tok = ctx.doc[j]
        based = tok.lower_ in {"based", "headquartered", "owned"} and j > 0 and ctx.doc[j - 1].text == "-"
        if tok.pos_ in SKIPPABLE or tok.tag_ == "POS" or tok.ent_type_ in {"GPE", "NORP", "LOC"} or based \
                or tok.lower_ in DESCRIPTOR_NOUNS or tok.text == "-" or tok.pos_ == "NOUN" and skipped < 4:
            j += 1
            skipped += 1
            continue
        break
    return names


def _names_before(ctx: DocContext, sent: "Span", i: int) -> list[Name]:
    """Coordinated names ending right before token i ("Alibaba and SAIC Motor-backed")."""
    names: list[Name] = []
    end = i
    while end > sent.start and ctx.doc[end - 1].pos_ == "ADV" and not ctx.doc[end - 1].ent_type_:
        # "Alibaba also holds shares"
        end -= 1
    while end > sent.start:
        start = end - 1
        ent = ctx.entity_at(start)
        if ent is not None:
            start = ent.start
        else:
            while start > sent.start and ctx.doc[start - 1].pos_ == "PROPN" and not ctx.doc[start - 1].ent_type_:
                start -= 1
        name = _name_at(ctx, start, end)
        if name is None or name.end != end and ent is None:
            break
        names.insert(0, name)
        if start - 1 > sent.start and ctx.doc[start - 1].lower_ in {"and", ",", "&"}:
            end = start - 1
            continue
        break
    return names


def _names_adjacent(ctx: DocContext, sent: "Span", i: int) -> list[Name]:
    """Names right after the cue, with nothing between: "investors Kestrel Partners and ..."."""
    if i < sent.end and ctx.doc[i].text in {",", ":"}:
        i += 1  # "majority shareholder, Saudi Arabia's PIF"; "Major shareholders: Ridgeway Capital"
    return _names_after(ctx, sent, i) if i < sent.end and (
        _name_at(ctx, i, sent.end) is not None or ctx.doc[i].ent_type_ in {"GPE", "NORP"}) else []


def _names_subject(ctx: DocContext, sent: "Span", cue: "Span") -> list[Name]:
    """Names in the grammatical subject of the cue's clause."""
    head = cue.root
    for _ in range(3):
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children) or head.head.i == head.i:
            break
        head = head.head
    subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return []
    # the subject and its conjuncts, not what an apposition or clause says of it
    # ("Nio, a Tencent-backed carmaker, will build ..." names Nio only)
    keep = [t for t in subjects[0].subtree if not _under(t, subjects[0], {"appos", "relcl", "acl", "prep", "amod"})]
    names: list[Name] = []
    j, end = keep[0].i, keep[-1].i + 1
    allowed = {t.i for t in keep}
    while j < end:
        name = _name_at(ctx, j, end) if j in allowed else None
        if name is not None and all(k in allowed for k in range(name.start, name.end)):
            names.append(name)
            j = name.end
        else:
            j += 1
    return names


def _under(tok: "Token", top: "Token", deps: set[str]) -> bool:
    """True when the path from ``tok`` up to ``top`` passes through one of ``deps``."""
    while tok.i != top.i and tok.head.i != tok.i:  # spaCy makes a new Token object on each access
        if tok.dep_ in deps:
            return True
        tok = tok.head
    return False


# ----- relations ------------------------------------------------------------------------

def _negated(ctx: DocContext, sent: "Span", cue: "Span") -> bool:
    lo, hi = ctx.segment_of(sent, cue.start)
    return any(t.dep_ == "neg" or t.lower_ in {"not", "never", "no"} for t in ctx.doc[lo:cue.end])


def _relation_facts(ctx: DocContext, sent: "Span", cue: "Span", role: str, shape: str) -> list[Fact]:
    if shape == "jv":
        return _joint_venture_facts(ctx, sent, cue)
    if shape == "before":
        names = _names_before(ctx, sent, cue.start)
    elif shape == "after":
        names = _names_after(ctx, sent, cue.end)
    else:
        # "Alibaba and Tencent are shareholders", else "existing investors Kestrel Partners and ..."
        # (the small model's tagger sometimes mislabels a name as an adverb, leaving no subject:
        # then the names right before the cue stand in)
        names = _names_subject(ctx, sent, cue) or _names_before(ctx, sent, cue.start) \
            or _names_adjacent(ctx, sent, cue.end)
    if cue.id_ in SUPPLIER_CUES_NEEDING_PART:
        before = ctx.doc[max(sent.start, cue.start - 5):cue.start]  # "its batteries are supplied by CATL"
        names = [n for n in names if any(t.lower_ in COMPONENT_NOUNS
                                         for t in [*ctx.doc[n.end:min(sent.end, n.end + 6)], *before])]
    if not names:
        return []
    subjects = _relation_subjects(ctx, sent, cue, role, shape, names)
    return [_fact(ctx, sent, cue, subject, name, role) for name in names for subject in subjects
            if _acceptable(ctx, name.text, subject)]


def _relation_subjects(ctx: DocContext, sent: "Span", cue: "Span", role: str, shape: str,
                       names: list[Name]) -> list[str]:
    """What the stake is in: see the module docstring and the rules per shape."""
    taken = {n.text.lower() for n in names}
    if cue.id_ == "stake.founder.arm_called":
        after = _names_after(ctx, sent, cue.end)
        return [_canonical(ctx, after[0].text)] if after else []
    if role in VEHICLE_ROLES or shape == "after" and role == "shareholder" or role == "partner" and (
            ctx.subjects.models_in(sent.start, sent.end) or _pronoun_subject(ctx, sent, cue)):
        return ctx.subjects.vehicle(sent, cue)
    if role == "partner" and _non_company_subject(ctx, sent, cue):
        return []
    explicit = _stake_in(ctx, sent, cue) or _possessor(ctx, sent, cue)
    if cue.id_ in NEEDS_EXPLICIT_SUBJECT:
        return [explicit] if explicit else []  # "invested $200 million in India" names no venture
    if explicit:
        return [explicit]
    if shape == "before":
        for m in ctx.subjects.companies_in(cue.end, min(sent.end, cue.end + 6)):
            if m.name.lower() not in taken:
                return [m.name]
    for m in reversed(ctx.subjects.companies_in(sent.start, cue.start)):
        if m.name.lower() not in taken and not any(ctx.gazetteer.same(m.name, t) for t in sorted(taken)):
            return [m.name]
    for m in ctx.subjects.companies_in(sent.start, sent.end):
        if m.name.lower() not in taken:
            return [m.name]
    main = ctx.subjects.main_company
    return [main] if main and main.lower() not in taken else []


def _stake_in(ctx: DocContext, sent: "Span", cue: "Span") -> str | None:
    """The company after "stake in" / "shareholders in" / "invested ... in", if named in the clause."""
    end = min(ctx.segment_of(sent, cue.start)[1], cue.end + 12)
    for tok in ctx.doc[cue.end:end]:
        if tok.lower_ == "in":
            found = ctx.subjects.companies_in(tok.i + 1, min(sent.end, tok.i + 5))
            if found:
                return found[0].name
    return None


def _possessor(ctx: DocContext, sent: "Span", cue: "Span") -> str | None:
    """"Lucid's majority shareholder": the company whose stake it is."""
    j = cue.start - 1
    while j > sent.start and ctx.doc[j].pos_ == "ADJ":
        j -= 1
    if j <= sent.start or ctx.doc[j].tag_ != "POS":
        return None
    ent = ctx.entity_at(j - 1)
    if ent is not None and ent.label_ == "ORG" and _is_stakeholder_ent(ctx, ent):
        return _canonical(ctx, ent.ent_id_ or ent.text)
    return None


def _pronoun_subject(ctx: DocContext, sent: "Span", cue: "Span") -> bool:
    lo, _ = ctx.segment_of(sent, cue.start)
    return any(t.lower_ in {"it", "this"} and t.dep_ in {"nsubj", "nsubjpass"} for t in ctx.doc[lo:cue.start])


def _non_company_subject(ctx: DocContext, sent: "Span", cue: "Span") -> bool:
    """True when the clause's subject is a thing, not a company ("The tool was developed...")."""
    head = cue.root
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"} or head.head.i == head.i:
            break
        head = head.head
    for child in head.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.ent_type_ in {"ORG", "PERSON"} or child.lower_ in COMPANY_NOUNS:
                return False
            return child.pos_ == "NOUN"
    return False


def _joint_venture_facts(ctx: DocContext, sent: "Span", cue: "Span") -> list[Fact]:
    """"the SAIC-GM joint venture (50/50 with SAIC)" / "(between SAIC, GM and Wuling)"."""
    before = ctx.entity_at(cue.start - 1) if cue.start > sent.start else None
    if before is None or before.label_ != "ORG":
        return []
    jv = _canonical(ctx, before.ent_id_ or before.text)
    names: list[Name] = []
    for tok in ctx.doc[cue.end:min(sent.end, cue.end + 8)]:
        if tok.lower_ in {"with", "between"}:
            names = _names_after(ctx, sent, tok.i + 1)
            break
    entry = ctx.gazetteer.lookup(jv)
    parents = list(entry.parents) if entry is not None else []
    facts = [_fact(ctx, sent, cue, jv, n, "partner") for n in names if _acceptable(ctx, n.text, jv)]
    named = [n.text for n in names]
    for parent in parents:
        if not any(ctx.gazetteer.same(parent, n) for n in named) and _acceptable(ctx, parent, jv):
            facts.append(_fact(ctx, sent, cue, jv, Name(parent, before.start, before.end, False), "partner",
                               confidence=0.6))
    return facts


# ----- executives ------------------------------------------------------------------------

TITLE_CONTINUATION = {"of", "for", "and", "&", "-"}


def _executive_facts(ctx: DocContext, sent: "Span", cue: "Span") -> list[Fact]:
    """A person named right after a title ("Xiaomi CEO Lei Jun") or before it ("A, CEO at B")."""
    title_start = _title_start(ctx, sent, cue)
    person, title_end = _person_after_title(ctx, sent, cue)
    company: str | None
    if person is not None:
        company = _company_before(ctx, sent, title_start)
    else:
        person = _person_before_title(ctx, sent, title_start)
        if person is None:
            return []
        title_end = _title_end(ctx, sent, cue)
        company = _company_after(ctx, sent, title_end) or _company_before(ctx, sent, title_start)
    title = _clean_title(ctx.doc[title_start:title_end].text)
    if not title:
        return []
    subject = company or ctx.subjects.company(sent)
    if subject is None or not _acceptable(ctx, person.text, subject):
        return []
    return [_fact(ctx, sent, cue, subject, person, "executive", title=title)]


def _title_start(ctx: DocContext, sent: "Span", cue: "Span") -> int:
    """Extend a title backwards over its modifiers ("PR Manager", "sports director")."""
    i = cue.start
    words = ctx.lexicon.get("title_words", frozenset())
    while i - 1 >= sent.start:
        tok = ctx.doc[i - 1]
        joined = tok.lower_ in {"&", "and"} and i - 2 >= sent.start and ctx.doc[i - 2].lower_ in words
        swept = tok.lower_ in words and not tok.ent_id_  # "MD" of "Vayu Motors MD & CEO", inside the NER's ORG
        if joined or swept or tok.pos_ in {"NOUN", "PROPN", "ADJ"} and not tok.ent_type_ and tok.tag_ != "POS" \
                and not tok.is_punct and ctx.gazetteer.lookup(tok.text) is None and i - 1 >= cue.start - 3:
            i -= 1
        else:
            break
    return i


def _title_end(ctx: DocContext, sent: "Span", cue: "Span") -> int:
    """Extend a title forwards over "of quality and delivery" up to "at/of COMPANY"."""
    j = cue.end
    while j < sent.end:
        tok = ctx.doc[j]
        if tok.lower_ in {"at", "of", "for", "with"} and ctx.subjects.companies_in(j + 1, min(sent.end, j + 5)):
            break
        if tok.lower_ in TITLE_CONTINUATION or tok.pos_ in {"NOUN", "PROPN", "ADJ"} and not tok.ent_type_:
            j += 1
            continue
        break
    while j > cue.end and ctx.doc[j - 1].lower_ in TITLE_CONTINUATION:
        j -= 1
    return j


def _person_after_title(ctx: DocContext, sent: "Span", cue: "Span") -> tuple["Name | None", int]:
    """A person right after the title, through "of Manufacturing" and an optional comma."""
    j = cue.end
    steps = 0
    while j < sent.end and steps < 6:
        tok = ctx.doc[j]
        ent = ctx.entity_at(j)
        if ent is not None and ent.label_ == "PERSON":
            return _person_from(ctx, ent.start, ent.end), j
        if ent is not None and not ent.ent_id_ and ent.label_ == "ORG" and ent[0].lower_ in ctx.lexicon.get("title_words", ()):
            person = _person_from(ctx, ent.start, ent.end)  # NER's "Manufacturing Enrique Araiza"
            if person is not None and len(person.text.split()) >= 2:
                return person, j
        if tok.text == ",":
            nxt = ctx.entity_at(j + 1) if j + 1 < sent.end else None
            if nxt is not None and nxt.label_ == "PERSON" and nxt.start == j + 1:
                return _person_from(ctx, nxt.start, nxt.end), j
            break
        after_of = j > cue.end and ctx.doc[j - 1].lower_ in {"of", "and", "&"} and tok.pos_ == "NOUN"
        if tok.lower_ in TITLE_CONTINUATION or after_of or tok.pos_ == "PROPN" and not tok.ent_type_ \
                or tok.ent_type_ == "ORG":
            j += 1
            steps += 1
            continue
        break
    return None, cue.end


def _person_from(ctx: DocContext, start: int, end: int) -> "Name | None":
    """A person name, without title words the NER swept into it."""
    while start < end and ctx.doc[start].lower_ in ctx.lexicon.get("title_words", set()):
        start += 1
    text = clean_name(ctx.doc[start:end].text)
    return Name(text, start, end, True) if text and len(text.split()) <= 4 else None


def _person_before_title(ctx: DocContext, sent: "Span", title_start: int) -> "Name | None":
    """"Bhavish Aggarwal, CEO at Ola Electric" / "Xu Ji, the PR Manager of IM Auto"."""
    i = title_start - 1
    while i >= sent.start and ctx.doc[i].pos_ == "DET":
        i -= 1
    # "Lei Jun, CEO of Xiaomi" / "Lei Jun is the CEO of Xiaomi" / "Lei Jun, who serves as CEO"
    if i < sent.start or not (ctx.doc[i].text == "," or ctx.doc[i].lemma_ == "be" or ctx.doc[i].lower_ == "as"):
        return None
    ent = ctx.entity_at(i - 1) if i - 1 >= sent.start else None
    if ent is not None and ent.label_ == "PERSON":
        return _person_from(ctx, ent.start, ent.end)
    j = i
    while j - 1 >= sent.start and ctx.doc[j - 1].pos_ == "PROPN" and not ctx.doc[j - 1].ent_type_ in {"ORG", "GPE"}:
        j -= 1
    if j < i and (j == sent.start or ctx.doc[j - 1].is_punct) and i - j <= 3:
        return _person_from(ctx, j, i)
    return None


def _company_before(ctx: DocContext, sent: "Span", i: int) -> str | None:
    """"Xiaomi CEO", "IM Auto's CEO", "Ford of Mexico Director", "The carmaker's CEO"."""
    j = i - 1
    if j >= sent.start and ctx.doc[j].tag_ == "POS":
        j -= 1
    if j < sent.start:
        return None
    ent = ctx.entity_at(j)
    if ent is not None and ent.label_ == "ORG" and not ent.ent_id_ and ent.end > i:
        # the NER ran the company into the title: "Vayu Motors MD" of "Vayu Motors MD & CEO"
        ent = ctx.doc[ent.start:i] if i > ent.start else None
        return clean_name(ent.text) if ent is not None and len(ent) else None
    if (ent is None or ent.label_ == "PERSON" and len(ent) == 1) and ctx.doc[j].pos_ == "PROPN" \
            and ctx.doc[j].is_title and ctx.doc[j].lower_ not in ctx.lexicon.get("title_words", ()):
        return _canonical(ctx, ctx.doc[j].text)  # an unknown company: "Hanbit's CEO", "Haoyun president"
    if ent is not None and ent.label_ == "GPE" and ent.start >= sent.start + 2 and ctx.doc[ent.start - 1].lower_ == "of":
        ent = ctx.entity_at(ent.start - 2)
        if ent is not None and ent.label_ == "ORG":
            return clean_name(ctx.doc[ent.start:j + 1].text)
    if ent is not None and ent.label_ == "ORG" and _is_stakeholder_ent(ctx, ent):
        return _canonical(ctx, ent.ent_id_ or ent.text)
    if ent is not None and ent.label_ == "GPE" and ent.start - 1 >= sent.start:
        inner = ctx.entity_at(ent.start - 1)
        if inner is not None and inner.label_ == "ORG":
            return _canonical(ctx, inner.ent_id_ or inner.text)
    return None


def _company_after(ctx: DocContext, sent: "Span", j: int) -> str | None:
    if j < sent.end and ctx.doc[j].lower_ in {"at", "of", "for", "with"}:
        found = ctx.subjects.companies_in(j + 1, min(sent.end, j + 5))
        if found:
            return found[0].name
    return None


def _clean_title(text: str) -> str:
    return " ".join(text.replace("’s", "").replace("'s", "").split()).strip(" ,-")


def _headed_facts(ctx: DocContext, sent: "Span", cue: "Span") -> list[Fact]:
    """"headed by Richard Yu": the person leads the company in context."""
    ent = ctx.entity_at(cue.end) if cue.end < sent.end else None
    if ent is None or ent.label_ != "PERSON":
        return []
    person = _person_from(ctx, ent.start, ent.end)
    if person is None:
        return []
    subject = None
    for prev in reversed(ctx.sentences[max(0, ctx.sentence_index(cue.start) - 3):ctx.sentence_index(cue.start) + 1]):
        orgs = [e for e in prev.ents if e.label_ == "ORG" and _is_stakeholder_ent(ctx, e)
                and not (e.start > 0 and ctx.doc[e.start - 1].lower_ in {"former", "ex", "ex-"})]
        if orgs:
            subject = _canonical(ctx, orgs[-1].ent_id_ or orgs[-1].text)
            break
    if subject is None or not _acceptable(ctx, person.text, subject):
        return []
    return [_fact(ctx, sent, cue, subject, person, "executive", title="head")]


# ----- shared ----------------------------------------------------------------------------

def _canonical(ctx: DocContext, text: str) -> str:
    entry = ctx.gazetteer.lookup(text)
    return entry.canonical if entry is not None else clean_name(text)


def _acceptable(ctx: DocContext, name: str, subject: str) -> bool:
    """Names that can be stakeholders: proper names, not the subject, not outlets or models."""
    if not name or not subject or ctx.gazetteer.same(name, subject) or not name[0].isupper() and not name[0].isdigit():
        return False
    entry = ctx.gazetteer.lookup(name)
    if entry is not None and entry.kind in NOT_STAKEHOLDER_KINDS:
        return False
    if entry is None and name.isupper() and len(name) <= 4:
        return False  # "LFP", "EV", "CTC": unknown short acronyms are terms, not companies
    if entry is None and any(w.lower() in ctx.lexicon.get("product_words", ()) for w in name.split()):
        return False  # "Compact Modular Architecture", "Drive Hyperion platform": products, not owners
    if entry is not None and entry.kind != "person":
        subject_entry = ctx.gazetteer.lookup(subject)
        if subject_entry is not None and subject_entry.brand and ctx.gazetteer.same(subject_entry.brand, name):
            return False  # a brand making or supplying its own model is no stakeholder
    return name.lower() not in {"it", "they", "the company", "we"}


def _fact(ctx: DocContext, sent: "Span", cue: "Span", subject: str, name: Name, role: str,
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
