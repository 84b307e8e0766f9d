"""stakeholder facts: who has a stake in a venture or vehicle, and in what role.

Cues come from ``patterns/stakeholders.yaml``. A cue's label names the role
and the *shape* of the relation, i.e. where the stakeholder stands:

* ``before``: the names right before the cue ("Alibaba and SAIC Motor-backed");
* ``after``: the names right after it ("backed by Japan's SoftBank Group");
* ``subject``: the grammatical subject of the cue's clause ("Alibaba and
  Tencent are minority shareholders", "BAIC will manufacture the SU7");
* ``jv``: a joint venture named beside the cue, with its partners (named in
  the text, or known parents from the gazetteer);
* ``owned``: a noun of ownership between an owner and what it owns, in the
  parse: "Holmvik's premium brand, Ilvar", "the Holmvik subsidiary Ilvar",
  "Ilvar, Holmvik's new sub-brand" (the owner is the possessive or name
  compound of the noun, the owned its apposition, the name it heads or the
  name it is in apposition to);
* ``from`` and ``with``: the names after that preposition wherever the parse
  hangs it below the cue ("raised $40 million in an extended round from X",
  "a partnership, announced on Monday, with X");
* ``possessive``: an organization's possessive on another organization's
  name makes the first its owner ("SK Innovation's SK On");
* ``relative``: the person a "who heads / who founded" clause is on;
* ``makes``: the subject of a making verb whose object is another company's
  model ("Velmar will engineer and manufacture the Quintar Uno");
* ``as``: a role noun after "as its" is the verb's object's role ("had
  Tarrow Cells as its battery supplier");
* ``headed`` and ``title``: executives, a named person with a title of office.

Names are whole entities (the gazetteer's or the NER's) or runs of proper
nouns, coordinated with "," and "and". News outlets, regulators, places and
the subject itself are never stakeholders, nor is anything in a negated
clause ("is not the sole supplier").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from ..facts import Fact
from ..nlp.discover import RANK_WORDS, VEHICLE_NOUNS
from ..normalize.entities import clean_name
from .context import DocContext
from .executives import executive_facts
from .names import (Name, acceptable, canonical, is_stakeholder_ent, make_fact, name_at, names_adjacent,
                    names_after, names_before, names_subject, person_from)

if TYPE_CHECKING:
    from spacy.tokens import Token

VEHICLE_ROLES = {"supplier", "manufacturer"}
# A supplier is named for a part: "cells from X", "X's E-GMP platform", "powered by X's chip".
COMPONENT_NOUNS = {"battery", "batteries", "cell", "cells", "pack", "packs", "platform", "platforms", "chip",
                   "chips", "chipset", "processor", "system", "systems", "motor", "motors", "lidar", "sensor",
                   "sensors", "software", "architecture", "technology", "module", "modules", "e-axle",
                   "drivetrain", "powertrain", "inverter", "cathode", "anode", "materials", "components", "parts"}
SUPPLIER_CUES_NEEDING_PART = {"stake.supplier.powered_by", "stake.supplier.features", "stake.supplier.built_on"}
# cues that say nothing of the venture unless it is named ("X invested ... in Y")
NEEDS_EXPLICIT_SUBJECT = {"stake.investor.invested_in", "stake.investor.made_investment_in", "stake.investor.sank_into"}
COMPANY_NOUNS = {"company", "firm", "automaker", "carmaker", "brand", "startup", "group", "maker", "venture",
                 "manufacturer", "it", "they", "we"}


def extract(ctx: DocContext) -> list[Fact]:
    facts: list[Fact] = []
    for sent in ctx.sentences:
        titles = []
        for cue in ctx.triggers(sent, "stakeholder"):
            label = cue.label_.split(":", 1)[1]
            if label == "title":
                titles.append(cue)  # a title is no claim a clause can deny ("The Quintar boss did not ...")
                continue
            if _negated(ctx, sent, cue):
                continue
            elif label == "headed":
                facts.extend(_headed_facts(ctx, sent, cue))
            else:
                role, shape = label.split("/", 1)
                facts.extend(_relation_facts(ctx, sent, cue, role, shape))
        if titles:
            facts.extend(executive_facts(ctx, sent, titles))
    return _merge_aliases(ctx, facts)


def _merge_aliases(ctx: DocContext, facts: list[Fact]) -> list[Fact]:
    """One fact per stakeholder and subject, whatever spelling ("Alibaba Group", "Alibaba")."""
    kept: list[Fact] = []
    for fact in facts:
        if not any(k.subject == fact.subject and ctx.gazetteer.same(k.values["name"], fact.values["name"])
                   for k in kept):
            kept.append(fact)
    return kept


# ----- relations ------------------------------------------------------------------------

def _negated(ctx: DocContext, sent: "Span", cue: "Span") -> bool:
    """A denied, ended or merely possible stake: "is not the sole supplier", "the partnership with X
    ended", "is considering buying a stake"."""
    lo, hi = ctx.segment_of(sent, cue.start)
    if any(t.dep_ == "neg" or t.lower_ in {"not", "never", "no"} for t in ctx.doc[lo:cue.end]):
        return True
    maybe = ctx.lexicon.get("hypothetical_words", frozenset())
    if any(t.lower_ in maybe for t in ctx.doc[lo:cue.end]) or any(t.lower_ in maybe for t in cue.root.ancestors):
        return True  # "is considering buying a stake", "could supply the cells if ..."
    if any(t.lemma_ in ENDED_LEMMAS for t in cue.root.ancestors if t.pos_ == "VERB"):
        return True  # "X, which had a 6% stake in Y, completely divested"
    if any(t.pos_ == "VERB" and (t.lemma_ in ENDED_LEMMAS or t.lemma_ == "sell" and any(
            c.dep_ == "dobj" and c.lower_ in {"stake", "stakes", "shares", "holding", "interest"} for c in t.children))
           for t in ctx.doc[lo:hi]):
        return True
    return ctx.negated(cue)


#: Verbs that say a stake is over ("the partnership ended", "sold its stake", "exited").
ENDED_LEMMAS = {"end", "terminate", "dissolve", "exit", "divest", "unwind", "quit"}


def _relation_facts(ctx: DocContext, sent: "Span", cue: "Span", role: str, shape: str) -> list[Fact]:
    if _inside_a_name(ctx, sent, cue):
        return []  # "Investor Day", "Partner Summit": a cue word inside a proper name says nothing
    if shape == "jv":
        return _joint_venture_facts(ctx, sent, cue)
    if shape == "owned":
        return _owned_facts(ctx, sent, cue, role)
    if shape == "possessive":
        return _possessive_facts(ctx, sent, cue, role)
    if shape == "relative":
        return _relative_leader_facts(ctx, sent, cue, role)
    if shape == "makes":
        return _contract_maker_facts(ctx, sent, cue, role)
    if cue.id_ == "stake.shareholder.parent_company" and cue.end < sent.end and ctx.doc[cue.end].lower_ == "of":
        # "Holmvik Group (the parent company of Holmvik Motor)": the owned follows, the owner is the head
        owner = _apposition_head(ctx, sent, cue)
        owned = names_after(ctx, sent, cue.end + 1)
        mention = next((m for m in reversed(ctx.subjects.companies_in(sent.start, cue.start)) if m.name == owner), None)
        if owner is None or not owned or mention is None:
            return []
        holder = Name(owner, mention.start, mention.end, False)
        return [make_fact(ctx, sent, cue, canonical(ctx, o.text), holder, role)
                for o in owned if not o.person and acceptable(ctx, owner, canonical(ctx, o.text))]
    taken_as = _role_taken_as(ctx, sent, cue)
    if taken_as is not None:  # "Quintar had Tarrow Cells as its battery supplier"
        subject, name = taken_as
        return [make_fact(ctx, sent, cue, subject, name, role)] if acceptable(ctx, name.text, subject) else []
    if shape == "as":
        return []  # a role noun read only in the "as its ..." frame
    modified = _role_as_modifier(ctx, sent, cue)
    if modified is not None:  # "Quintar investor Brightwater", "with supplier Kestrel"
        subject, names = modified
        return [make_fact(ctx, sent, cue, subject, name, role) for name in names if acceptable(ctx, name.text, subject)]
    names = _holders(ctx, sent, cue, shape)
    if cue.id_ in OWNER_OF_CUES:
        names = [n for n in names if _heads_its_phrase(ctx, cue, n)]
    if cue.id_ == "stake.manufacturer.assembled_at":
        names = [n for n in names if _a_plant_of(ctx, n)]
    if cue.id_ in SUPPLIER_CUES_NEEDING_PART:
        before = ctx.doc[max(sent.start, cue.start - 5):cue.start]  # "its batteries are supplied by CATL"
        names = [n for n in names if any(t.lower_ in COMPONENT_NOUNS
                                         for t in [*ctx.doc[n.end:min(sent.end, n.end + 6)], *before])]
    names = [n for n in names if not _product_use(ctx, n) and not (n.person and role in ORG_ROLES)]
    if "money" in ctx.requires.get(cue.id_, frozenset()) and not _raises_money(ctx, cue):
        return []  # "received the first cells from X" is no investment
    if role == "manufacturer" and shape == "subject" and _makes_its_own(cue):
        return []  # "Hyundai and Kia will produce their new electric vehicles": no contract maker
    if "vehicle" in ctx.requires.get(cue.id_, frozenset()) and not _makes_vehicles(ctx, cue):
        return []  # "Dingolfing will be able to produce e-drives", "signed an agreement to build its base"
    if not names:
        return []
    if "venture" in ctx.requires.get(cue.id_, frozenset()):
        venture = _object_venture(ctx, cue)  # "A and B established X": only a company founded counts
        subjects = [venture] if venture else []
    elif role == "partner" and shape == "subject" and len(names) == 1 and cue.end < sent.end \
            and ctx.doc[cue.end].lower_ == "with" and not names[0].person:
        # "Holmvik signed a strategic partnership with Gallin Systems": the subject's partner follows;
        # a supply deal makes a supplier, a deal to make the cars (for production) is left to its own cue
        window = ctx.doc[cue.start:min(sent.end, cue.end + 12)]
        words = {t.lower_ for t in window}
        if any(t.lower_ in MAKING_WORDS and not any(c.dep_ == "dobj" and c.lower_ in PLANT_WORDS
                                                     for c in t.children) for t in window):
            return []  # not "joined hands with X to build a battery plant"
        if words & CUSTOMER_WORDS:
            return []  # "signed an agreement with Quintar with an option to purchase 10,000 vans": a customer
        signer = names[0]
        subjects = [canonical(ctx, signer.text)]
        names = [n for n in names_after(ctx, sent, cue.end + 1) if not n.person]
        if words & {"supply", "supplies", "sourcing"}:
            role = "supplier"
            if names and _supplies_parts(ctx, subjects[0]) and not _supplies_parts(ctx, names[0].text):
                # "Tarrow Cells signed a supply agreement with Quintar": the buyer follows "with"
                subjects, names = [canonical(ctx, names[0].text)], [signer]
    elif role == "partner" and shape == "subject" and len(names) >= 2:
        # "A and B signed an agreement": each is the other's partner; the article's company is the subject
        # (people who sign sign for their companies: "Quintar CEO Jane Roe and Holmvik chief Tomas Brandt")
        names = [n for n in names if not n.person]
        if len(names) < 2:
            return []
        main = ctx.subjects.main_company
        first = next((n for n in names if main and ctx.gazetteer.same(n.text, main)), names[0])
        subjects = [canonical(ctx, first.text)]
        names = [n for n in names if n is not first]
    else:
        subjects = _relation_subjects(ctx, sent, cue, role, shape, names)
    return [make_fact(ctx, sent, cue, subject, name, role) for name in names for subject in subjects
            if acceptable(ctx, name.text, subject)]


#: "X of NAME" cues whose NAME must head the phrase: "part of Geely", not "part of Geely's efforts".
OWNER_OF_CUES = {"stake.shareholder.unit_of", "stake.shareholder.brand_of"}
OWNER_HEADS = {"group", "company", "conglomerate", "empire", "stable", "family", "portfolio", "holding",
               "holdings", "corporation", "corp", "automaker", "carmaker", "maker", "firm", "giant"}
PLANT_WORDS = {"plant", "plants", "factory", "factories", "facility", "facilities", "works", "site", "gigafactory",
               "line", "lines", "complex"}


#: Words of a customer's deal: the company that buys is no partner.
CUSTOMER_WORDS = {"purchase", "buy", "order", "orders", "lease", "leasing", "procure"}


def _supplies_parts(ctx: DocContext, name: str) -> bool:
    """A battery or parts maker, by the gazetteer or by a word of its name ("Tarrow Cells")."""
    entry = ctx.gazetteer.lookup(name)
    if entry is not None:
        return entry.kind in {"battery_supplier", "tech_supplier"}
    return any(w.lower() in ctx.lexicon.get("supplier_words", frozenset()) for w in name.split())


#: Words of a deal to make the cars, left to the manufacturer cues.
MAKING_WORDS = {"production", "manufacturing", "assembly", "assemble", "produce", "build", "licence", "license"}
#: Roles only an organization can hold: a person neither builds nor supplies a car.
ORG_ROLES = {"manufacturer", "supplier"}
#: Nouns after an organization's name that keep it an organization ("the Holmvik plant" is Holmvik's).
ORG_HEAD_NOUNS = OWNER_HEADS | PLANT_WORDS | {"unit", "subsidiary", "division", "brand", "team", "board", "arm",
                                               "affiliate", "venture", "partner", "partners", "consortium"}


def _product_use(ctx: DocContext, name: Name) -> bool:
    """An unknown name used as a product's: "the Android operating system", "the Ultium battery"
    (after "the", modifying a common noun that is no organization's)."""
    if ctx.gazetteer.lookup(name.text) is not None or name.start == 0 or name.end >= len(ctx.doc):
        return False
    last = ctx.doc[name.end - 1]
    head = last.head
    return (ctx.doc[name.start - 1].lower_ in {"the", "a", "an"} and last.dep_ in {"compound", "nmod", "amod"}
            and head.i >= name.end and head.pos_ == "NOUN" and head.lower_ not in ORG_HEAD_NOUNS)


def _makes_its_own(cue: "Span") -> bool:
    """The making verb's object belongs to its subject: "will produce their new EVs"."""
    verb = next((t for t in cue if t.pos_ == "VERB"), cue.root)
    return any(c.dep_ == "dobj" and any(g.dep_ == "poss" and g.lower_ in {"their", "its", "our", "his", "her"}
                                        for g in c.children) for c in verb.children)


def _makes_vehicles(ctx: DocContext, cue: "Span") -> bool:
    """A making verb whose object is vehicles: a model, a vehicle noun or a count of them."""
    verb = next((t for t in cue if t.pos_ == "VERB"), cue.root)
    sent = ctx.sentence_of(verb)
    models = {t for m in ctx.subjects.models_in(sent.start, sent.end) for t in range(m.start, m.end)}
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ in {"relcl", "acl"}:
        objects.append(verb.head)  # "the first passenger EV that Stellantis will make"
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ in {"that", "which"}), None)
    if not objects and mark is not None and mark.i > 0:
        objects.append(ctx.doc[mark.i - 1])  # the same, parsed as a "that" clause
    for obj in objects:
        if obj.i in models or obj.lower_ in VEHICLE_NOUNS:
            return True
        if any(c.dep_ in {"compound", "nmod", "poss"} and c.i in models for c in obj.children):
            return True
    return False


def _role_as_modifier(ctx: DocContext, sent: "Span", cue: "Span") -> "tuple[str, list[Name]] | None":
    """A role noun standing before a name as a title does: "Quintar investor Brightwater" (the stake
    is in the company named before the noun), "with supplier Kestrel" (in the clause's company)."""
    if len(cue) != 1 or cue.root.pos_ != "NOUN" or cue.end >= sent.end:
        return None
    after = name_at(ctx, cue.end, sent.end)
    if after is None or after.person and cue.root.lower_ in {"supplier", "suppliers"}:
        return None
    before = ctx.subjects.mention_ending_at(cue.start)
    if before is not None and before.kind != "model":
        return before.name, [after]
    ent = ctx.entity_at(cue.start - 1) if cue.start > sent.start else None
    if ent is not None and ent.end == cue.start and ent.label_ == "ORG" and is_stakeholder_ent(ctx, ent):
        return canonical(ctx, ent.ent_id_ or ent.text), [after]
    prev = ctx.doc[cue.start - 1] if cue.start > sent.start else None
    if prev is not None and (prev.pos_ == "ADP" or prev.lower_ in {"and", ","}):
        company = ctx.subjects.company(sent)  # "working on motors with supplier Hitachi"
        return (company, [after]) if company else None
    j = cue.start - 1
    while j > sent.start and ctx.doc[j].pos_ == "NOUN" and ctx.doc[j].is_lower:
        j -= 1
    if j >= sent.start and ctx.doc[j].lower_ in {"its", "their"}:
        company = ctx.subjects.company_before(j)  # "Quintar and its battery supplier Tarrow Cells"
        return (company, [after]) if company else None
    return None


def _role_taken_as(ctx: DocContext, sent: "Span", cue: "Span") -> "tuple[str, Name] | None":
    """"Quintar only had Tarrow Cells as its battery supplier" / "picked X as its partner": the role
    noun after "as" with "its" is the verb's object's role for the verb's subject."""
    noun = cue.root
    prep = noun.head
    if noun.pos_ != "NOUN" or noun.dep_ != "pobj" or prep.lower_ != "as" or not any(
            c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in noun.children):
        return None
    verb = prep.head
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if obj is None or subj is None:
        return None
    ent = ctx.entity_at(obj.i)
    name = name_at(ctx, ent.start if ent is not None else obj.i, sent.end)
    subject = _names_in_phrase(ctx, subj)
    if name is None or name.person or not subject:
        return None
    return subject[0], name


def _heads_its_phrase(ctx: DocContext, cue: "Span", name: Name) -> bool:
    """The name is what the cue's "of" governs, not a modifier of another noun ("Geely's efforts")."""
    of = cue[-1]
    objects = [c for c in of.children if c.dep_ == "pobj"]
    if not objects:
        return True
    head = objects[0]
    return name.start <= head.i < name.end or head.lower_ in OWNER_HEADS and not any(
        t.tag_ == "POS" for t in ctx.doc[name.end:head.i])


def _a_plant_of(ctx: DocContext, name: Name) -> bool:
    """"assembled at the Holmvik plant": a company, not the town the plant is in."""
    nxt = ctx.doc[name.end:name.end + 2]
    words = [t.lower_ for t in nxt if t.tag_ != "POS"]
    return bool(words) and words[0] in PLANT_WORDS


def _object_venture(ctx: DocContext, cue: "Span") -> str | None:
    """The company a verb's object names ("established BlueOval SK"), else None."""
    verb = cue.root
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"}:
            mention = ctx.subjects.mention_at(child.i)
            if mention is not None and mention.kind != "model":
                return mention.name
            ent = ctx.entity_at(child.i)
            if ent is not None and ent.label_ == "ORG" and is_stakeholder_ent(ctx, ent):
                return canonical(ctx, ent.ent_id_ or ent.text)
    return None


def _holders(ctx: DocContext, sent: "Span", cue: "Span", shape: str) -> list[Name]:
    """The stakeholders a cue names, by its shape (see the module docstring)."""
    if shape == "before":
        return names_before(ctx, sent, cue.start)
    if shape in {"after", "list"}:
        start = cue.end + 1 if cue.end < sent.end and ctx.doc[cue.end].text in {",", ":"} else cue.end
        return names_after(ctx, sent, _past_fund_words(ctx, sent, start))
    if shape in PREPOSITION_SHAPES:
        return _names_by_preposition(ctx, sent, cue, PREPOSITION_SHAPES[shape]) or _possessive_of_noun(ctx, sent, cue)
    if cue.root.pos_ in {"VERB", "AUX"} and any(c.dep_ == "auxpass" for c in cue.root.children):
        return []  # "The One is produced for Calder": a passive subject is what is made, not who makes it
    # "Alibaba and Tencent are shareholders", else "existing investors Kestrel Partners and ..."
    # (the small model's tagger sometimes mislabels a name as an adverb, leaving no subject:
    # then the names right before the cue stand in)
    predicate = cue.root.pos_ != "NOUN" or cue.root.dep_ in {"attr", "appos", "oprd", "conj", "nsubj"}
    return (names_subject(ctx, sent, cue) if predicate else []) or names_before(ctx, sent, cue.start) \
        or names_adjacent(ctx, sent, cue.end)


#: Links a "from" may hang on below a money cue: "raised $40 million in an extended round from X".
FROM_PATH = {"dobj", "prep", "pobj", "npadvmod", "compound", "amod", "nummod", "quantmod", "nmod", "appos", "dative"}
#: Nouns for the pools money comes from on behalf of a named firm: "funds and accounts managed by X".
FUND_NOUNS = {"funds", "fund", "accounts", "vehicles", "entities", "affiliates", "clients", "investors"}
#: Words between "from" and the lenders that only say whose money it is ("from funds managed by X").
MANAGED_FUNDS = FUND_NOUNS | {"managed", "advised", "affiliated", "led", "run", "by", "with", "a", "the", "clutch",
                              "group", "of", "and"}
#: Words that make a cue's object money raised.
MONEY_WORDS = {"funding", "funds", "round", "investment", "investments", "capital", "financing", "series", "seed",
               "backing", "cash", "money", "equity"}
AMOUNT_WORDS = {"million", "billion", "m", "bn", "mn", "crore", "lakh", "yuan", "dollars", "euros", "pounds", "rupees"}


#: Shapes whose stakeholders follow a preposition hanging below the cue in the parse.
PREPOSITION_SHAPES = {"from": "from", "with": "with"}


def _names_by_preposition(ctx: DocContext, sent: "Span", cue: "Span", preposition: str) -> list[Name]:
    """The names a preposition below the cue governs, the nearest such preposition first: the lenders
    of "raised $40 million in a round from X", the partner of "a partnership, announced Monday, with X"."""
    found: list["Token"] = []
    stack, seen = [cue.root], {cue.root.i}
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.lower_ == preposition and child.dep_ in {"prep", "agent"}:
                found.append(child)
            elif child.dep_ in FROM_PATH and child.i not in seen:
                seen.add(child.i)
                stack.append(child)
    for prep in sorted(found, key=lambda t: t.i):
        names = names_after(ctx, sent, _past_fund_words(ctx, sent, prep.i + 1))
        if names:
            return names
    return []


def _past_fund_words(ctx: DocContext, sent: "Span", i: int) -> int:
    """Past the words that only say whose money it is: "from [funds and accounts managed by] X"."""
    j = i
    while j < sent.end and ctx.doc[j].lower_ in MANAGED_FUNDS and name_at(ctx, j, sent.end) is None:
        j += 1
    skipped = {t.lower_ for t in ctx.doc[i:j]}
    return j if skipped & FUND_NOUNS and j < sent.end and ctx.doc[j - 1].lower_ in {"by", "of", "with"} else i


def _possessive_of_noun(ctx: DocContext, sent: "Span", cue: "Span") -> list[Name]:
    """"Ostrava Capital's investment in Quintar": an organization's possessive on the cue noun (the
    stake's target must then be named: see ``NEEDS_EXPLICIT_SUBJECT``)."""
    noun = cue.root
    if noun.pos_ != "NOUN" or not any(c.dep_ == "prep" and c.lower_ in {"in", "into"} for c in noun.children):
        return []
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    ent = ctx.entity_at(owner.i) if owner is not None else None
    name = name_at(ctx, ent.start, sent.end) if ent is not None and _venture_ent(ctx, ent) else None
    return [name] if name is not None else []


def _raises_money(ctx: DocContext, cue: "Span") -> bool:
    """The verb's object is money: an amount, or a round, funding or investment."""
    verb = cue.root
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(t.ent_type_ == "MONEY" or t.tag_ == "$" or t.lower_ in MONEY_WORDS | AMOUNT_WORDS
               for o in objects for t in o.subtree)


def _inside_a_name(ctx: DocContext, sent: "Span", cue: "Span") -> bool:
    """A capitalised cue word between capitalised words, not at the start of its sentence."""
    first, last = cue[0], cue[-1]
    if first.i == sent.start or not (first.is_title and last.is_title):
        return False
    after = ctx.doc[cue.end] if cue.end < sent.end else None
    return after is not None and after.is_title and after.pos_ == "PROPN"


def _relation_subjects(ctx: DocContext, sent: "Span", cue: "Span", role: str, shape: str,
                       names: list[Name]) -> list[str]:
    """What the stake is in, most explicit first.

    1. the company the cue's own phrase names: "a stake in X", "invested ... in
       X", "X's majority shareholder", "batteries to X", "vehicles for X";
    2. the name the cue's phrase is in apposition to: "X, a unit of Y",
       "X, now part of Y", "X, backed by Y";
    3. the subject of the cue's clause when it is not a stakeholder itself:
       "Hyundai gets batteries from Y", "Daimler collaborated with Y";
    4. by role: a supplier or maker of the vehicle the sentence is about; else
       the company the sentence names, else the article's main company.
    """
    taken = {n.text.lower() for n in names}
    if cue.id_ == "stake.founder.arm_called":
        after = names_after(ctx, sent, cue.end)
        return [canonical(ctx, after[0].text)] if after else []
    if role == "partner" and (_pronoun_subject(ctx, sent, cue) or _model_subject(ctx, cue)):
        # "It is the result of X's partnership with Y", "the bZ4X was a product of its collaboration with Y"
        return ctx.subjects.vehicle(sent, cue)
    possessor = _possessor(ctx, sent, cue)
    explicit = _stake_in(ctx, sent, cue, role) or ([possessor] if possessor else [])
    explicit = [e for e in explicit if e.lower() not in taken]
    if cue.id_ in NEEDS_EXPLICIT_SUBJECT or explicit:
        return explicit  # "invested $200 million in India" names no venture
    if shape in {"after", "list"} and not cue.id_.startswith("stake.partner.joint_venture"):
        attached = _apposition_head(ctx, sent, cue)
        if attached is not None and attached.lower() not in taken:
            return [attached]
        clause = _clause_subject(ctx, sent, cue, names)
        if clause is not None:
            return [clause]
    if role in VEHICLE_ROLES or shape == "after" and role == "shareholder":
        return ctx.subjects.vehicle(sent, cue)
    if role == "partner" and _non_company_subject(ctx, sent, cue):
        return []
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


#: The preposition that names what a stake is in, by role ("a stake in X", "batteries for X").
TARGET_PREPOSITIONS = {"investor": {"in", "into"}, "shareholder": {"in"}, "founder": set(), "partner": set(),
                       "supplier": {"to", "for"}, "manufacturer": {"for"}}


def _apposition_head(ctx: DocContext, sent: "Span", cue: "Span") -> str | None:
    """The company or model a cue's phrase is in apposition to: "X, the battery-making unit of Y"."""
    doc = ctx.doc
    i = cue.start - 1
    # (or a relative clause on it: "Ardent Cells, which is backed by Y")
    while i > sent.start and i >= cue.start - 7 and (doc[i].pos_ in {"DET", "ADJ", "ADV", "NOUN", "NUM", "AUX"}
                                                     or doc[i].lower_ in {"which", "that", "who"}
                                                     or doc[i].text == "-" or doc[i].tag_ == "POS"
                                                     or doc[i].ent_type_ in {"NORP", "GPE"}):
        i -= 1
    if i <= sent.start or doc[i].text not in {",", "(", "—", "–"}:
        return None
    mention = ctx.subjects.mention_ending_at(i)
    if mention is not None:
        return mention.name
    ent = ctx.entity_at(i - 1)
    if ent is not None and ent.end == i and ent.label_ == "ORG" and is_stakeholder_ent(ctx, ent):
        return canonical(ctx, ent.ent_id_ or ent.text)
    return None


def _clause_subject(ctx: DocContext, sent: "Span", cue: "Span", names: list[Name]) -> str | None:
    """The company or model that is the subject of the cue's clause, if it is no stakeholder itself."""
    verb = cue.root
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            break
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    held = {i for n in names for i in range(n.start, n.end)}
    for child in verb.children:
        if child.dep_ not in {"nsubj", "nsubjpass"} or child.i in held:
            continue
        mention = ctx.subjects.mention_at(child.i) or ctx.subjects.mention_in_phrase(child)
        if mention is not None and not mention.comparison:
            return mention.name
        if child.lower_ in {"it", "they"} or child.lower_ in COMPANY_NOUNS:
            return ctx.subjects.company_before(child.i)
        ent = ctx.entity_at(child.i)  # an organization that is no vehicle maker: "Quintar Energy is a unit of ..."
        if ent is not None and ent.label_ == "ORG" and is_stakeholder_ent(ctx, ent) and (
                ent.ent_id_ or (ent.root.pos_ == "PROPN" or ent.root.is_title) and not (ent.text.isupper() and len(ent.text) <= 4)):
            return canonical(ctx, ent.ent_id_ or ent.text)
    return None


def _stake_in(ctx: DocContext, sent: "Span", cue: "Span", role: str) -> list[str]:
    """The companies after "stake in" / "invested ... in" / "supplies cells to", if named in the clause:
    every name the preposition's object phrase holds ("in electric pickup maker Quintar Auto",
    "to Quintar, Holmvik and Norra"), else an organization within a few words of it."""
    prepositions = TARGET_PREPOSITIONS.get(role, {"in"})
    end = min(ctx.segment_of(sent, cue.start)[1], cue.end + 12)
    first = cue.end - 1 if cue[-1].lower_ in prepositions else cue.end  # "supply battery cells to"
    for tok in ctx.doc[first:end]:
        if tok.lower_ not in prepositions:
            continue
        named = [name for obj in tok.children if obj.dep_ == "pobj" and obj.lower_ not in MONEY_WORDS
                 for name in _names_in_phrase(ctx, obj)]  # not "raised $40 million in a Series C round"
        if named:
            return list(dict.fromkeys(named))
        # the parse lost the phrase: the first name within a few words, before any comma
        stop = next((t.i for t in ctx.doc[tok.i + 1:min(sent.end, tok.i + 9)] if t.text in {",", ";", "(", "—"}),
                    min(sent.end, tok.i + 9))
        found = [m for m in ctx.subjects.mentions if tok.i + 1 <= m.start < stop and not m.comparison]
        if found:
            return [found[0].name]
        for k in range(tok.i + 1, stop):  # an organization named once
            ent = ctx.entity_at(k)
            if ent is not None and _venture_ent(ctx, ent):
                return [canonical(ctx, ent.ent_id_ or ent.text)]
    return []


def _venture_ent(ctx: DocContext, ent: "Span") -> bool:
    """An organization entity that can have stakeholders: not "EV" (an unknown term in capitals)
    nor "Series C" (a rank)."""
    return ent.label_ == "ORG" and is_stakeholder_ent(ctx, ent) and ent[0].text not in RANK_WORDS and not (
        ent.text.isupper() and len(ent.text) <= 4 and ctx.gazetteer.lookup(ent.text) is None)


#: Links inside a noun phrase that still name what the phrase is ("maker Quintar Auto", "A, B and C").
PHRASE_LINKS = {"compound", "appos", "conj", "nmod", "amod", "det", "cc", "punct", "poss", "case", "npadvmod"}


def _names_in_phrase(ctx: DocContext, head: "Token") -> list[str]:
    """Companies and models a noun phrase names, its own words and its conjuncts', not those of its
    clauses or prepositions ("Quintar Auto, which builds vans for Holmvik" names Quintar Auto)."""
    names: list[str] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        mention = ctx.subjects.mention_at(tok.i)
        if mention is not None and not mention.comparison:
            names.append((mention.start, mention.name))
        else:
            ent = ctx.entity_at(tok.i)
            if ent is not None and _venture_ent(ctx, ent):
                names.append((ent.start, canonical(ctx, ent.ent_id_ or ent.text)))
        stack.extend(c for c in tok.children if c.dep_ in PHRASE_LINKS)
    models = {m.start for m in ctx.subjects.mentions if m.kind == "model"}
    spans = {start: ctx.entity_at(start) for start, _ in names}
    # a maker's name before its model's is part of the model's name: "for the Norra N4" names the N4
    return [name for start, name in sorted(set(names))
            if not (spans[start] is not None and spans[start].end in models and start not in models)]


def _possessor(ctx: DocContext, sent: "Span", cue: "Span") -> str | None:
    """"Lucid's majority shareholder": the company whose stake it is."""
    j = cue.start - 1
    while j > sent.start and (ctx.doc[j].pos_ == "ADJ" or ctx.doc[j].pos_ == "NOUN" and ctx.doc[j].is_lower):
        j -= 1  # "Quintar's majority shareholder", "Quintar's battery cell supplier"
    if j > sent.start and ctx.doc[j].tag_ == "POS":
        ent = ctx.entity_at(j - 1)
        if ent is None and ctx.entity_at(j) is not None and ctx.entity_at(j).end == j + 1:
            ent = ctx.entity_at(j)  # the NER took the "'s" in
        if ent is not None and _venture_ent(ctx, ent):
            return canonical(ctx, ent.ent_id_ or ent.text)
    return None


def _model_subject(ctx: DocContext, cue: "Span") -> bool:
    """The cue's clause is about a vehicle: its subject names a model."""
    node = cue.root
    for _ in range(4):
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                mention = ctx.subjects.mention_at(child.i) or ctx.subjects.mention_in_phrase(child)
                return mention is not None and mention.kind == "model"
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _pronoun_subject(ctx: DocContext, sent: "Span", cue: "Span") -> bool:
    """"It is the result of X's partnership with Y": a pronoun subject of a copula stands for a product
    (not "it closed a deal with Y", where it is the company)."""
    lo, _ = ctx.segment_of(sent, cue.start)
    return any(t.lower_ in {"it", "this"} and t.dep_ in {"nsubj", "nsubjpass"} and t.head.lemma_ == "be"
               for t in ctx.doc[lo:cue.start])


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


def _owned_facts(ctx: DocContext, sent: "Span", cue: "Span", role: str) -> list[Fact]:
    """"Holmvik's premium brand, Ilvar" / "the Holmvik subsidiary Ilvar" / "Ilvar, Holmvik's sub-brand"."""
    noun = cue.root
    owner = next((name_at(ctx, _name_start(ctx, c), sent.end) for t in cue for c in t.children  # "sub-brand": pieces
                  if c.dep_ in {"poss", "compound", "nmod"} and c.i < cue.start and ctx.entity_at(c.i) is not None),
                 None)
    if owner is None or owner.person:
        return []
    owned = None
    if cue.end < sent.end and ctx.doc[cue.end].text == "," and cue.end + 1 < sent.end:
        owned = name_at(ctx, cue.end + 1, sent.end)  # "Holmvik's premium electric brand, Ilvar, ..."
    elif cue.end < sent.end:
        owned = name_at(ctx, cue.end, sent.end)  # "the Holmvik subsidiary Ilvar"
    appos = next((t for t in cue if t.dep_ == "appos" and t.head.i < cue.start), None)
    if owned is None and appos is not None:
        owned = name_at(ctx, _name_start(ctx, appos.head), sent.end)  # "Ilvar, Holmvik's new sub-brand, ..."
    if owned is None or owned.person or ctx.gazetteer.same(owned.text, owner.text):
        return []
    if owned.end < sent.end and (ctx.doc[owned.end].lower_ in ctx.lexicon.get("title_words", frozenset())
                                 or ctx.doc[owned.end].pos_ == "NOUN"):
        return []  # "SAIC's new EV brand, Alibaba spokesperson Jane Roe said": a new clause's subject
    # the owned must be an EV venture or vehicle (the guidelines), not a supplier or a listed arm:
    # a maker, brand or venture the gazetteer knows, one the article is about (a subject's mention),
    # or a brand (in the car press, a brand is a car brand)
    entry = ctx.gazetteer.lookup(owned.text)
    brand = noun.lower_ in {"brand", "marque"}
    if entry is not None and entry.kind not in EV_KINDS \
            or entry is None and not brand and ctx.subjects.mention_at(owned.start) is None:
        return []
    words = owner.text.split()
    if len(words) > 1 and words[-1] in {"EV", "EVs", "Electric"}:  # "the Proton EV brand e.MAS"
        owner = Name(" ".join(words[:-1]), owner.start, owner.end - 1, owner.person)
    subject = canonical(ctx, owned.text)
    return [make_fact(ctx, sent, cue, subject, owner, role)] if acceptable(ctx, owner.text, subject) else []


def _possessive_facts(ctx: DocContext, sent: "Span", cue: "Span", role: str) -> list[Fact]:
    """"SK Innovation's SK On", "Holmvik Group's Lumeris Energy": an organization's possessive on
    another organization names its owner (not on a model, a person, a product or a place)."""
    owner_ent = ctx.entity_at(cue.start - 1) if cue.start > sent.start else None
    if owner_ent is not None and owner_ent.end == cue.end:
        owner_ent = Span(ctx.doc, owner_ent.start, cue.start, label=owner_ent.label_)  # "[Holmvik Group's]"
    if owner_ent is None or owner_ent.end != cue.start or not _venture_ent(ctx, owner_ent):
        return []
    owned_ent = ctx.entity_at(cue.end) if cue.end < sent.end else None
    if owned_ent is None or owned_ent.start != cue.end or not _venture_ent(ctx, owned_ent):
        return []
    mention = ctx.subjects.mention_at(cue.end)
    if mention is not None and mention.kind == "model":
        return []  # "Holmvik's Ilvar S" is a product, not a company it owns
    after = ctx.doc[owned_ent.end] if owned_ent.end < sent.end else None
    if after is not None and (after.pos_ == "NOUN" and after.is_lower or after.tag_ == "POS"):
        return []  # "NVIDIA's Drive Hyperion platform": a product's name
    owner = name_at(ctx, owner_ent.start, cue.start)
    if owner is None or owner.person:
        return []
    subject = canonical(ctx, owned_ent.ent_id_ or owned_ent.text)
    outside = ctx.lexicon.get("investor_words", frozenset()) | ctx.lexicon.get("not_venture_words", frozenset())
    if ctx.gazetteer.lookup(subject) is None and any(w.lower() in outside for w in subject.split()):
        return []  # "Marrow Family's Ostrava Capital": an investment firm's owner has no stake in a vehicle venture
    return [make_fact(ctx, sent, cue, subject, owner, role)] if acceptable(ctx, owner.text, subject) else []


def _relative_leader_facts(ctx: DocContext, sent: "Span", cue: "Span", role: str) -> list[Fact]:
    """"Jane Roe, who heads Quintar, ..." / "Piet Varga, who runs Holmvik's Ilvar brand": the person a
    relative clause is on leads (or founded) the company its verb's object names."""
    verb = next((t for t in cue if t.pos_ == "VERB"), None)
    if verb is None or verb.dep_ != "relcl":
        return []
    ent = ctx.entity_at(verb.head.i)
    if ent is None or ent.label_ != "PERSON":
        return []
    person = person_from(ctx, ent.start, ent.end)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if person is None or obj is None:
        return []
    named = _names_in_phrase(ctx, obj)
    if not named:
        return []
    subject = named[-1]  # "Holmvik's Ilvar brand": the brand, not its owner
    title = verb.lemma_ if role == "executive" else None
    return [make_fact(ctx, sent, cue, subject, person, role, title=title)] if acceptable(ctx, person.text, subject) else []


#: Verbs that have another make something: "is having Velmar build the car".
CAUSATIVE_LEMMAS = {"have", "get", "let", "hire", "contract", "commission", "choose", "pick", "select", "task"}


def _contract_maker_facts(ctx: DocContext, sent: "Span", cue: "Span", role: str) -> list[Fact]:
    """A maker of another's vehicles: the subject of a making verb whose object names another's model
    or brand ("Velmar will engineer and manufacture the Quintar Uno", "Velmar is producing Quintar
    models"), or the one a company has build its car ("is having Velmar build the car")."""
    verb = cue.root
    if verb.pos_ != "VERB" or any(c.dep_ == "auxpass" for c in verb.children) or _makes_its_own(cue):
        return []
    makers = [n for n in names_subject(ctx, sent, cue) if not n.person]
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if not makers or obj is None:
        return []
    made: list[str] = []
    contract = cue.id_ == "stake.manufacturer.contract_manufactures"
    mention = ctx.subjects.mention_at(obj.i) or ctx.subjects.mention_in_phrase(obj)
    if mention is not None and not mention.comparison:
        made = [m.name for m in ctx.subjects.mentions if obj.left_edge.i <= m.start <= obj.right_edge.i
                and not m.comparison] or [mention.name]
    elif verb.head.lemma_ in CAUSATIVE_LEMMAS and verb.dep_ in {"ccomp", "xcomp"} and obj.lower_ in VEHICLE_NOUNS:
        made, contract = ctx.subjects.vehicle(sent, cue), True  # "is having Velmar build the car"
    facts = []
    for subject in dict.fromkeys(made):
        for maker in makers:
            if (contract or _anothers(ctx, subject, maker.text)) and acceptable(ctx, maker.text, subject):
                facts.append(make_fact(ctx, sent, cue, subject, maker, role))
    return facts


def _anothers(ctx: DocContext, made: str, maker: str) -> bool:
    """The model or brand belongs to a company other than the maker and not owned by it: by the
    gazetteer, or (a name it does not know) by a company the article names with the model's first
    word ("the Quintar Uno" and "Quintar Auto"). Not "Holmvik builds the Ilvar S", which may be a
    brand of its own."""
    gazetteer = ctx.gazetteer
    entry = gazetteer.lookup(made)
    owner = entry.brand if entry is not None and entry.kind == "model" else entry.canonical if entry is not None else None
    if owner is not None:
        owner_entry = gazetteer.lookup(owner)
        owned_by_maker = owner_entry is not None and any(gazetteer.same(p, maker) for p in
                                                         (owner_entry.parent, *owner_entry.parents) if p)
        return not gazetteer.same(owner, maker) and not owned_by_maker
    first = made.split()[0].lower()
    return first != maker.split()[0].lower() and any(
        e.label_ == "ORG" and e[0].lower_ == first and not ctx.subjects.mention_at(e.start) for e in ctx.ents)


#: Gazetteer kinds of an EV venture or vehicle, in which an owner has a stake.
EV_KINDS = {"carmaker", "brand", "ev_venture", "joint_venture", "model"}


def _name_start(ctx: DocContext, tok: "Token") -> int:
    """The first token of the entity holding ``tok`` (else the token itself)."""
    ent = ctx.entity_at(tok.i)
    return ent.start if ent is not None else tok.i


def _joint_venture_facts(ctx: DocContext, sent: "Span", cue: "Span") -> list[Fact]:
    """A joint venture and its partners, each where the press puts them.

    The venture: the name before the cue ("the SAIC-GM joint venture"), one in apposition to it
    ("Norra and Stellar's joint venture, Nordstell"; "Nordstell, a joint venture between ..."), else
    none. The partners: the names after "with", "between" or "of"; else the possessive before the
    cue ("Norra and Stellar's joint venture"); else the two halves of a hyphenated name ("the
    Norra-Stellar joint venture"); and the parents the gazetteer knows. With no venture named, the
    partners are each other's. (Not the coordinated subject of its clause, "Norra and Stellar announced
    their joint venture": the venture is often named elsewhere, and is then the stake's subject.)
    """
    before = ctx.entity_at(cue.start - 1) if cue.start > sent.start else None
    partners: list[Name] = []
    jv = None
    if before is not None and before.end == cue.start and before.label_ in {"ORG", "FAC"}:
        halves = _hyphen_halves(ctx, before)
        if halves:
            partners = halves
        elif before.label_ == "ORG":
            jv = canonical(ctx, before.ent_id_ or before.text)
    elif cue.start - 3 >= sent.start and ctx.doc[cue.start - 2].text == "-" and not ctx.doc[cue.start - 2].whitespace_:
        pair = ctx.doc[cue.start - 3:cue.start]  # "the Holmvik-Tarrow joint venture", no entity
        if pair[0].is_title and pair[2].is_title and not pair[0].ent_type_ and not pair[2].ent_type_:
            partners = [Name(pair[0].text, pair.start, pair.start + 1, False),
                        Name(pair[2].text, pair.start + 2, pair.end, False)]
    if jv is None:
        jv = _venture_named_beside(ctx, sent, cue)
    if not partners:
        for tok in ctx.doc[cue.end:min(sent.end, cue.end + 8)]:
            if tok.lower_ in {"with", "between", "of"}:
                partners = names_after(ctx, sent, tok.i + 1)
                break
    if not partners:
        partners = _possessive_owners(ctx, sent, cue)
    partners = [n for n in partners if not n.person and not (jv and ctx.gazetteer.same(n.text, jv))]
    if jv is None:
        if len(partners) < 2:
            return []
        first = canonical(ctx, partners[0].text)
        return [make_fact(ctx, sent, cue, first, n, "partner") for n in partners[1:] if acceptable(ctx, n.text, first)]
    entry = ctx.gazetteer.lookup(jv)
    parents = list(entry.parents) if entry is not None else []
    facts = [make_fact(ctx, sent, cue, jv, n, "partner") for n in partners if acceptable(ctx, n.text, jv)]
    named = [n.text for n in partners]
    for parent in parents:
        if not any(ctx.gazetteer.same(parent, n) for n in named) and acceptable(ctx, parent, jv):
            facts.append(make_fact(ctx, sent, cue, jv, Name(parent, cue.start, cue.end, False), "partner",
                                   confidence=0.6))
    return facts


def _hyphen_halves(ctx: DocContext, ent: "Span") -> list[Name]:
    """"the Norra-Stellar joint venture": two names the gazetteer does not know as one."""
    text = clean_name(ent.text)
    if ent.ent_id_ or ctx.gazetteer.lookup(text) is not None or text.count("-") != 1:
        return []
    left, right = (part.strip() for part in text.split("-"))
    if not (left[:1].isupper() and right[:1].isupper()) or " " in left + right:
        return []
    return [Name(left, ent.start, ent.end, False), Name(right, ent.start, ent.end, False)]


def _venture_named_beside(ctx: DocContext, sent: "Span", cue: "Span") -> str | None:
    """The venture's name in apposition: "joint venture, Nordstell," / "Nordstell, a joint venture"."""
    venture = cue.root
    for child in venture.children:
        if child.dep_ == "appos":
            ent = ctx.entity_at(child.i)
            if ent is not None and _venture_ent(ctx, ent):
                return canonical(ctx, ent.ent_id_ or ent.text)
    if venture.dep_ == "appos":
        ent = ctx.entity_at(venture.head.i)
        if ent is not None and _venture_ent(ctx, ent):
            return canonical(ctx, ent.ent_id_ or ent.text)
    return None


def _possessive_owners(ctx: DocContext, sent: "Span", cue: "Span") -> list[Name]:
    """"Norra and Stellar's (new, 50-50) joint venture": the names before the possessive."""
    i = cue.start - 1
    while i > sent.start and (ctx.doc[i].pos_ in {"ADJ", "NUM"} or ctx.doc[i].text == "-"):
        i -= 1
    if i <= sent.start or ctx.doc[i].tag_ != "POS":
        return []
    return names_before(ctx, sent, i)


# ----- executives ------------------------------------------------------------------------

def _headed_facts(ctx: DocContext, sent: "Span", cue: "Span") -> list[Fact]:
    """"headed by Richard Yu": the person leads the company in context."""
    ent = ctx.entity_at(cue.end) if cue.end < sent.end else None
    if ent is None or ent.label_ != "PERSON":
        return []
    person = person_from(ctx, ent.start, ent.end)
    if person is None:
        return []
    subject = None
    for prev in reversed(ctx.sentences[max(0, ctx.sentence_index(cue.start) - 3):ctx.sentence_index(cue.start) + 1]):
        orgs = [e for e in prev.ents if e.label_ == "ORG" and is_stakeholder_ent(ctx, e)
                and not (e.start > 0 and ctx.doc[e.start - 1].lower_ in {"former", "ex", "ex-"})]
        if orgs:
            subject = canonical(ctx, orgs[-1].ent_id_ or orgs[-1].text)
            break
    if subject is None or not acceptable(ctx, person.text, subject):
        return []
    return [make_fact(ctx, sent, cue, subject, person, "executive", title="head")]
