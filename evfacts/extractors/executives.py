"""Executives: a named person, a title of office and the company the title is at.

A title cue (``label: title`` in ``patterns/stakeholders.yaml``: CEO, chief,
president, head, founder, spokesperson...) is grown into the whole title
phrase ("senior vice president of design and brand", "platforms boss",
"co-founder and CEO"), then three questions are answered from where the words
stand, in every order the press writes them:

* **who**: the person right after the title ("CEO Jane Roe", "its chief
  executive, Jane Roe"), the person the title is in apposition to ("Jane Roe,
  Quintar CEO", "Jane Roe, the chief executive of Quintar", "Jane Roe (CEO)"),
  the person a copula or "as" makes it ("Quintar's chief is Jane Roe", "Jane
  Roe is president of Quintar", "Jane Roe will lead the company as CEO");
* **at which company**: the company inside the title phrase ("Quintar CEO",
  "Quintar's president", "chief executive of Swedish EV startup Quintar",
  "executive chair, Quintar Motor Company"), else the company its possessive
  points back to ("its CEO", "the company's president": the company the
  sentence is about, else the article's), else for a bare title ("CEO Jane
  Roe said") the company the sentence names, else the article's main company;
* **is it an office**: a former title ("former Audi engineer", "ex-CEO"), a
  title with no company that is a public office ("President Jane Roe", "the
  minister"), an outlet's or a regulator's staff are no stakeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..facts import Fact
from .names import Name, acceptable, canonical, is_stakeholder_ent, make_fact, person_from

if TYPE_CHECKING:
    from spacy.tokens import Span

    from .context import DocContext

#: Verbs of leaving an office: the one who "resigned as CEO" holds it no more.
LEAVING_LEMMAS = {"resign", "quit", "leave", "retire", "depart", "exit", "step", "stand", "vacate"}
#: Words before a title that say when it was taken, not what it is: "its new chief executive".
INTERIM_WORDS = {"new", "incoming", "newly", "interim", "acting", "current", "longtime", "long-time"}
FORMER = {"former", "ex", "ex-", "then", "previous", "erstwhile", "outgoing", "late", "retired", "one-time", "once",
          "until"}
#: Verbs in a relative clause that make an organization a customer ("X, which ordered 750 vans").
CUSTOMER_VERBS = {"order", "buy", "purchase", "lease", "rent", "operate", "use", "deploy", "acquire", "reserve"}
#: Titles that without a company are public offices, not a company's.
PUBLIC_OFFICES = {"president", "minister", "governor", "mayor", "secretary", "senator", "premier", "chancellor",
                  "king", "prince", "ambassador", "commissioner", "chairman"}
#: Words that continue a title phrase to the right: "head of design and brand", "director for strategy".
TITLE_LINKS = {"of", "for", "and", "&", "-", "/"}
#: Generic company words a possessive or determiner makes point back to a company.
COMPANY_WORDS = {"company", "firm", "automaker", "carmaker", "brand", "startup", "start-up", "group", "maker",
                 "manufacturer", "venture", "business", "marque", "unit", "supplier"}
PRONOUN_POSSESSIVES = {"its", "their", "our"}
#: Parts of a company that the NER takes for one ("the Board of Management", "the Production Division").
INTERNAL_UNITS = {"board", "division", "department", "management", "committee", "team", "office", "unit",
                  "operations", "council"}


@dataclass
class Title:
    """A title phrase: its token range and the words around it that can name its company."""

    start: int
    end: int
    text: str


def executive_facts(ctx: "DocContext", sent: "Span", cues: list["Span"]) -> list[Fact]:
    """Every executive a sentence names, one fact per (person, company)."""
    facts: list[Fact] = []
    seen: set[tuple[int, int]] = set()
    for cue in cues:
        title = _title_phrase(ctx, sent, cue)
        if (title.start, title.end) in seen or _former(ctx, sent, title) or _analyst(ctx, sent, title):
            continue
        seen.add((title.start, title.end))
        person = _person_for(ctx, sent, title)
        if person is None:
            continue
        company = _company_for(ctx, sent, title, person)
        if company is None or not acceptable(ctx, person.text, company):
            continue
        facts.append(make_fact(ctx, sent, cue, company, person, "executive", title=title.text))
    return facts


# ----- the title phrase ----------------------------------------------------------------

def _title_words(ctx: "DocContext") -> frozenset[str]:
    return ctx.lexicon.get("title_words", frozenset())


def _title_phrase(ctx: "DocContext", sent: "Span", cue: "Span") -> Title:
    """Grow a cue into its title: modifiers before it, "of/for DEPARTMENT" after it."""
    doc, words = ctx.doc, _title_words(ctx)
    start = cue.start
    while start - 1 >= sent.start:
        tok = doc[start - 1]
        joined = tok.lower_ in {"&", "and", "/"} and start - 2 >= sent.start and doc[start - 2].lower_ in words
        modifier = (tok.pos_ in {"NOUN", "ADJ", "PROPN"} and not tok.ent_type_ and tok.tag_ != "POS"
                    and not tok.is_punct and ctx.gazetteer.lookup(tok.text) is None
                    and tok.lower_ not in COMPANY_WORDS | FORMER and start - 1 >= cue.start - 3)
        if joined or tok.lower_ in words and not tok.ent_id_ or modifier or tok.text == "-" and start - 2 >= sent.start \
                and doc[start - 2].lower_ in words | {"co", "vice"}:
            start -= 1
        else:
            break
    end = cue.end
    j = end
    while j < sent.end:
        tok = doc[j]
        if tok.lower_ in {"of", "for", "at", "with"} and _org_after(ctx, sent, j) is not None:
            break
        if tok.text == "," and j + 1 < sent.end and (doc[j + 1].lower_ in words or doc[j + 1].lower_ == "and"
                                                     and j + 2 < sent.end and doc[j + 2].lower_ in words):
            j += 1  # "President, CEO, and Director of ArcLight"
            continue
        if tok.lower_ in TITLE_LINKS or tok.lower_ in words or (
                tok.pos_ in {"NOUN", "ADJ"} and not tok.ent_type_ and doc[j - 1].lower_ in TITLE_LINKS | words
                and j > cue.end):
            j += 1
            if tok.lower_ in words or tok.pos_ in {"NOUN", "ADJ"}:
                end = j
            continue
        break
    while start < cue.start and doc[start].lower_ in INTERIM_WORDS:
        start += 1  # "its new chief executive": the office is "chief executive"
    text = " ".join(doc[start:end].text.replace("’s", "").replace("'s", "").split()).strip(" ,-&/")
    return Title(start, end, text)


def _former(ctx: "DocContext", sent: "Span", title: Title) -> bool:
    """"former CEO", "ex-Tesla engineer", "Tesla's then-president": no office held now."""
    window = ctx.doc[max(sent.start, title.start - 4):title.end]
    return any(t.lower_ in FORMER or t.lower_.startswith("ex-") for t in window)


def _analyst(ctx: "DocContext", sent: "Span", title: Title) -> bool:
    """"vice president of forecasting at X", "senior analyst": a title that reads the market."""
    words = ctx.lexicon.get("analyst_titles", frozenset())
    return any(t.lower_ in words for t in ctx.doc[title.start:min(sent.end, title.end + 4)])


# ----- who holds it --------------------------------------------------------------------

def _person_for(ctx: "DocContext", sent: "Span", title: Title) -> Name | None:
    return (_person_after(ctx, sent, title) or _person_in_apposition(ctx, sent, title)
            or _person_by_copula(ctx, sent, title) or _person_as(ctx, sent, title)
            or _person_named(ctx, sent, title))


#: Verbs that give someone an office: "Norra named Henrik Sollen its new chief executive".
NAMING_LEMMAS = {"name", "appoint", "make", "promote", "elect", "hire", "tap"}


def _person_named(ctx: "DocContext", sent: "Span", title: Title) -> Name | None:
    """The person a naming verb gives the title to, its object right before the title phrase."""
    doc = ctx.doc
    i = title.start - 1
    while i >= sent.start and (doc[i].pos_ in {"DET", "ADJ"} or doc[i].lower_ in {"its", "their", "his", "her"}
                               or doc[i].tag_ == "POS" or ctx.entity_at(i) is not None
                               and ctx.entity_at(i).label_ == "ORG"):
        i -= 1
    ent = ctx.entity_at(i) if i >= sent.start else None
    if ent is None or ent.label_ != "PERSON":
        return None
    # the object of the naming verb, or (as the small parser often has it) a modifier of the title
    # the verb takes as its complement: "named [Jane Roe] chief executive"
    root = ent.root
    verb = root.head if root.dep_ in {"dobj", "dative"} else root.head.head if root.dep_ in {"nmod", "compound"} \
        and root.head.dep_ in {"oprd", "dobj", "attr"} else None
    if verb is None or verb.lemma_ not in NAMING_LEMMAS:
        return None
    return person_from(ctx, ent.start, ent.end)


def _person_at(ctx: "DocContext", i: int) -> Name | None:
    ent = ctx.entity_at(i)
    if ent is None or ent.label_ != "PERSON" or ent.start != i:
        return None
    return person_from(ctx, ent.start, ent.end)


def _person_after(ctx: "DocContext", sent: "Span", title: Title) -> Name | None:
    """"CEO Jane Roe", "its chief executive, Jane Roe", NER's "Manufacturing Jane Roe"."""
    j = title.end
    if j < sent.end and ctx.doc[j].text == ",":
        j += 1
    if j >= sent.end:
        return None
    person = _person_at(ctx, j)
    if person is not None:
        return person
    ent = ctx.entity_at(j)  # the NER took a title word into the name: "Manufacturing Enrique Araiza"
    if ent is not None and not ent.ent_id_ and ent.label_ in {"ORG", "PERSON"} \
            and title.start <= ent.start <= j and ent[0].lower_ in _title_words(ctx):
        person = person_from(ctx, j, ent.end)
        if person is not None and len(person.text.split()) >= 2:
            return person
    return None


def _person_in_apposition(ctx: "DocContext", sent: "Span", title: Title) -> Name | None:
    """"Jane Roe, Quintar CEO" / "Jane Roe, the chief executive of Quintar" / "Jane Roe (CEO)"."""
    i = title.start - 1
    doc = ctx.doc
    # over the company that modifies the title ("Quintar's", "Quintar", "the company's", "its")
    while i >= sent.start and (doc[i].pos_ in {"DET", "ADJ"} or doc[i].tag_ == "POS" or doc[i].lower_ in
                               PRONOUN_POSSESSIVES | COMPANY_WORDS or doc[i].ent_type_ == "ORG"
                               or doc[i].ent_type_ in {"GPE", "NORP"}):
        i -= 1
    if i < sent.start or doc[i].text not in {",", "("}:
        return None
    ent = ctx.entity_at(i - 1) if i - 1 >= sent.start else None
    if ent is not None and ent.label_ == "PERSON" and ent.end == i:
        return person_from(ctx, ent.start, ent.end)
    return None


def _person_by_copula(ctx: "DocContext", sent: "Span", title: Title) -> Name | None:
    """"Quintar's chief is Jane Roe" / "Jane Roe is (the) president of Quintar" / "Jane Roe became CEO"."""
    doc = ctx.doc
    j = title.end
    if j + 1 < sent.end and doc[j].lemma_ == "be":
        person = _person_at(ctx, j + 1)
        if person is not None:
            return person
    i = title.start - 1
    while i >= sent.start and (doc[i].pos_ == "DET" or doc[i].lower_ in {"named", "appointed", "as", "new", "made",
                                                                         "elected", "promoted", "been"}):
        i -= 1
    if i >= sent.start and (doc[i].lemma_ in {"be", "become", "remain", "serve", "join"}
                            or doc[i].lemma_ == "have" and doc[i].dep_ == "aux"):
        verb = doc[i].head if doc[i].dep_ in {"aux", "auxpass"} else doc[i]  # "was named", "has been appointed"
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                ent = ctx.entity_at(child.i)
                if ent is not None and ent.label_ == "PERSON":
                    return person_from(ctx, ent.start, ent.end)
    return None


def _person_as(ctx: "DocContext", sent: "Span", title: Title) -> Name | None:
    """"Jane Roe will continue to lead the company as chairman and CEO"."""
    doc = ctx.doc
    i = title.start - 1
    while i >= sent.start and (doc[i].pos_ in {"DET", "ADJ"} or doc[i].lower_ in PRONOUN_POSSESSIVES
                               or doc[i].tag_ == "POS" or doc[i].ent_type_ == "ORG"):
        i -= 1  # "as the new", "as their new", "as Quintar's"
    if i < sent.start or doc[i].lower_ != "as":
        return None
    verb = doc[i].head
    if verb.lemma_ in LEAVING_LEMMAS or any(c.dep_ == "prt" and c.lower_ in {"down", "aside"} for c in verb.children):
        return None  # "stepped down as Norra's chief executive", "resigned as CFO"
    replaced = verb.lemma_ in {"replace", "succeed", "oust", "unseat"}
    for child in verb.children:  # "Quintar named Jane Roe as CEO", "appointed Jane Roe as CFO"
        if child.dep_ == "dobj" and not replaced:  # not "Jane Roe replaced Tomas Brandt as CEO"
            ent = ctx.entity_at(child.i)
            if ent is not None and ent.label_ == "PERSON":
                return person_from(ctx, ent.start, ent.end)
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            ent = ctx.entity_at(subjects[0].i)
            if ent is not None and ent.label_ == "PERSON":
                return person_from(ctx, ent.start, ent.end)
            return None
        if verb.head.i == verb.i:
            break
        verb = verb.head
    return None


# ----- at which company ----------------------------------------------------------------

def _company_for(ctx: "DocContext", sent: "Span", title: Title, person: Name) -> str | None:
    for named in (_org_before(ctx, sent, title.start), _org_after_title(ctx, sent, title)):
        if named == "":
            return None  # the title is at an outlet, a regulator or a place
        if named is not None:
            return named
    if _possessive_pronoun(ctx, sent, title) or _generic_company(ctx, sent, title):
        return _company_in_context(ctx, sent, person, title)
    if title.text.lower().split()[-1] in PUBLIC_OFFICES and title.text.lower().split()[0] not in {"vice", "senior"}:
        return None  # "President Jane Roe", "the chairman" with no company: not enough to place the office
    return _company_in_context(ctx, sent, person, title)


def _org_name(ctx: "DocContext", ent: "Span") -> str | None:
    """A company's name from its entity; "" for an entity that is no company (an outlet, a place)."""
    if ent.label_ != "ORG" or not is_stakeholder_ent(ctx, ent):
        return ""
    name = canonical(ctx, ent.ent_id_ or ent.text)
    outside = ctx.lexicon.get("not_venture_words", frozenset()) | ctx.lexicon.get("investor_words", frozenset())
    if not ent.ent_id_ and any(w.lower() in outside for w in name.split()):
        return ""  # an institute's, a newspaper's or an investment firm's staff
    if _customer(ctx, ent):
        return ""  # "president of Pennick Leasing, which ordered 750 vans": a customer's boss
    return name


def _customer(ctx: "DocContext", ent: "Span") -> bool:
    """An organization a relative clause says orders, buys or leases vehicles."""
    for tok in ent:
        for child in tok.children:
            if child.dep_ == "relcl" and child.lemma_ in CUSTOMER_VERBS:
                return True
    return False


def _org_before(ctx: "DocContext", sent: "Span", start: int) -> str | None:
    """"Quintar CEO", "Quintar's president", "Ford of Mexico director", "Holmvik Group (the parent..."."""
    doc = ctx.doc
    j = start - 1
    while j >= sent.start and doc[j].lower_ in INTERIM_WORDS:
        j -= 1  # "Quintar's new chief executive"
    if j >= sent.start and doc[j].tag_ == "POS":
        j -= 1
    if j < sent.start:
        return None
    ent = ctx.entity_at(j)
    if ent is None:
        return None
    if ent.label_ == "GPE" and ent.start - 2 >= sent.start and doc[ent.start - 1].lower_ == "of":
        outer = ctx.entity_at(ent.start - 2)  # "Ford of Mexico"
        if outer is not None and outer.label_ == "ORG":
            from ..normalize.entities import clean_name

            return clean_name(doc[outer.start:j + 1].text)
    if ent.label_ in {"GPE", "NORP", "LOC"}:
        return None  # "Korean CEO", "Ohio plant manager": a place says nothing of the company
    if ent.end > start and ent.label_ == "ORG" and not ent.ent_id_:
        ent = doc[ent.start:start]  # the NER ran the company into the title: "Vayu Motors MD & CEO"
        while len(ent) and (ent[-1].tag_ == "POS" or ent[-1].is_punct):
            ent = doc[ent.start:ent.end - 1]
        if not len(ent):
            return None
        from ..normalize.entities import clean_name

        return clean_name(ent.text)
    if ent.label_ == "PERSON":
        return None
    return _org_name(ctx, ent) if ent.label_ in {"ORG", "MEDIA", "GOV"} else None


def _org_after(ctx: "DocContext", sent: "Span", j: int) -> "Span | None":
    """The organization of "of/at/for [the descriptive words of] ORG" starting at token j."""
    doc = ctx.doc
    for k in range(j + 1, min(sent.end, j + 12)):
        tok = doc[k]
        ent = ctx.entity_at(k)
        if ent is not None and ent.label_ in {"ORG", "MEDIA", "GOV"} and ent[0].lower_ not in _title_words(ctx):
            if ent[-1].lower_ in INTERNAL_UNITS or ent[-1].lower_ == "of":
                continue  # "the Board of Management of BMW AG", "the Domestic Production Division at Kia"
            return ent
        if ent is not None and ent.label_ in {"GPE", "NORP"} or tok.pos_ in {"DET", "ADJ", "NOUN", "PROPN", "NUM"} \
                or tok.text == "-" or tok.tag_ == "POS" or tok.lower_ in {"of", "at", "in"} and k > j + 1:
            continue
        return None
    return None


def _org_after_title(ctx: "DocContext", sent: "Span", title: Title) -> str | None:
    """"chief executive of Swedish EV startup Quintar" / "executive chair, Quintar Motor Company"."""
    doc = ctx.doc
    j = title.end
    if j < sent.end and doc[j].lower_ in {"of", "at", "for", "with"}:
        ent = _org_after(ctx, sent, j)
        if ent is not None:
            return _org_name(ctx, ent)
        j += 1  # "head of India, Ostrava Capital": a region or department, then the company
        while j < sent.end and (ctx.entity_at(j) is not None and ctx.entity_at(j).label_ in {"GPE", "LOC", "NORP"}
                                or doc[j].pos_ in {"DET", "ADJ", "NOUN"} or doc[j].lower_ == "and"):
            j += 1
    if j + 1 < sent.end and doc[j].text == ",":
        ent = ctx.entity_at(j + 1)
        if ent is not None and ent.start == j + 1 and ent.label_ == "ORG" and (
                ent.end >= sent.end or doc[ent.end].is_punct or doc[ent.end].pos_ in {"VERB", "AUX"}):
            return _org_name(ctx, ent)
    return None


def _possessive_pronoun(ctx: "DocContext", sent: "Span", title: Title) -> bool:
    """"its CEO", "the company's president", "the automaker's head of design"."""
    doc = ctx.doc
    i = title.start - 1
    if i >= sent.start and doc[i].lower_ in PRONOUN_POSSESSIVES:
        return True
    return i - 1 >= sent.start and doc[i].tag_ == "POS" and doc[i - 1].lower_ in COMPANY_WORDS


def _generic_company(ctx: "DocContext", sent: "Span", title: Title) -> bool:
    """"brand CEO", "company spokesperson": a title modified by a company word."""
    return ctx.doc[title.start].lower_ in COMPANY_WORDS


def _company_in_context(ctx: "DocContext", sent: "Span", person: Name, title: Title) -> str | None:
    """The company a title with no name of its own is at.

    The company named before it in its sentence (the antecedent of "its"),
    else the company the article is about. A company named later in the
    sentence is what the person talks about ("brand CEO Christian Meunier
    said the platform showcases Stellantis' ability"), not where they work.
    """
    subjects = ctx.subjects
    before = [m for m in subjects.companies_in(sent.start, title.start) if not (person.start <= m.start < person.end)]
    if before:
        return before[-1].name
    return subjects.main_company
