"""production_target facts: a vehicle count governed by a production cue.

A count of vehicles ("2,000 units", "half a million cars", "20 lakh electric
scooters", "70 units per day") becomes a target when the nearest cue before
it in its clause is a production or capacity word (``patterns/production.yaml``)
rather than a sales, delivery or order word, and the clause does not report
output already achieved ("has produced 160,000 units").

A count with no vehicle noun ("aims to build 5,000", "build 20,000 Ilvar S")
is read from the parse instead: it must be the argument of a production or
capacity cue (see ``_bare_counts``).

Subject: the name the count itself gives ("40 Ferro cars", "20,000 Ilvar S",
"300,000 Quintar vehicles" the company's), else its production noun ("Haul
production", "output of the Ilvar S"); else a model named in the sentence;
else, when the count is of generic vehicles ("1.5 million electric cars") the
company or plant is meant, so the company; else ("2,000 units") the model in
context, as for other facts.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ..facts import Fact
from ..nlp.discover import VEHICLE_NOUNS
from .context import DocContext, date_extra
from .subjects import COMPANY_KINDS, PLANT_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from ..normalize.dates import DateMention

VEHICLE_COUNT_NOUNS = {"unit", "vehicle", "car", "ev", "suv", "sedan", "truck", "pickup", "van", "bus",
                       "scooter", "e-scooter", "motorcycle", "two-wheeler", "bike", "nev", "model", "mpv"}
GENERIC_NOUNS = VEHICLE_COUNT_NOUNS - {"unit"}
#: Words of a goal: a capacity they govern is a target ("aims to reach a capacity of 1 million").
GOAL_LEMMAS = {"goal", "target", "aim", "plan", "ambition", "objective", "want", "hope", "intend", "seek",
               "forecast", "guidance", "outlook", "projection", "estimate"}
#: Nouns a count "for" belongs to as a production figure ("capacity for 2,500", "a target for 5,000").
CUE_NOUNS = {"capacity", "capacities", "production", "output", "target", "goal", "plan", "plans", "line", "lines"}
MIN_UNITS = 100  # smaller counts are models or plants ("12 all-new EVs"), unless per period
#: Entity types of capitalised words that say what kind of vehicles, not which ("10,000 German cars").
NOT_NAME_ENTS = {"NORP", "GPE", "LOC", "DATE", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def extract(ctx: DocContext) -> list[Fact]:
    facts: list[Fact] = []
    for sent in ctx.sentences:
        facts.extend(_sentence_facts(ctx, sent))
    return facts


def _sentence_facts(ctx: DocContext, sent: "Span") -> list[Fact]:
    cues = ctx.triggers(sent, "production_target")
    if not any(c.label_ != "production_target:sales" for c in cues):
        return []
    facts: list[Fact] = []
    text = ctx.text_of(sent)
    quantities = ctx.find_quantities(sent)
    for q in quantities:
        if q.unit != "count" or q.noun is not None and q.noun not in VEHICLE_COUNT_NOUNS:
            continue
        qspan = ctx.token_span(sent, q.start, q.end)
        if qspan is None:
            continue
        cue = _governing_cue(ctx, sent, cues, qspan)
        if cue is None or cue.label_ == "production_target:sales" or not _counts_vehicles(ctx, q, qspan, cue):
            continue
        name = _own_name(ctx, sent, q, qspan)
        own = _facts_of(ctx, sent, q, qspan, cue, text, name)
        if own:
            facts.extend(own)
            facts.extend(_listed_after(ctx, sent, q, qspan, cue, own[0].values["kind"], text, name))
    for q, qspan, cue, name in _bare_counts(ctx, sent, quantities, cues, text):
        if not any(f.start - sent.start_char < q.end and q.start < f.end - sent.start_char for f in facts):
            facts.extend(_facts_of(ctx, sent, q, qspan, cue, text, name))  # not one a list already gave
    return facts


def _facts_of(ctx: DocContext, sent: "Span", q, qspan: "Span", cue: "Span", text: str,
              name: str | None) -> list[Fact]:
    """The facts one vehicle count gives under its cue, unless the clause says it is no plan."""
    if _already_done(ctx, sent, cue, qspan) or _made_for(qspan, cue) or ctx.negated(qspan) or ctx.negated(cue) \
            or ctx.guarded(sent, qspan) or ctx.forecast(cue):
        return []  # "has produced 160,000", "has no plans to build 50,000 a year", an analyst's estimate
    kind = _kind(ctx, sent, qspan, cue)
    name = name or _cue_name(ctx, sent, cue)
    subjects = [name] if name else _subjects(ctx, sent, qspan, q.noun, kind)
    if q.rate is None:
        q = dataclasses.replace(q, rate=_rate_word(ctx, qspan, cue))
    facts: list[Fact] = []
    for units, units_end, span_start, span_end in _figures(q, text):
        mention = _deadline(ctx, sent, ctx.token_span(sent, span_start, span_end) or qspan)
        for subject in subjects:
            facts.append(Fact(
                type="production_target", subject=subject,
                values={"units": units, "date": mention.value if mention else None, "rate": q.rate,
                        "kind": kind},
                text=text[span_start:span_end], start=sent.start_char + span_start,
                end=sent.start_char + span_end, sentence=sent.text.strip(), rule=cue.id_,
                confidence=0.8 if mention else 0.7, extra={**date_extra(mention), "units_end": units_end}))
    return facts


def _kind(ctx: DocContext, sent: "Span", qspan: "Span", cue: "Span") -> str:
    """A capacity cue makes a capacity ("can build", "capacity of", "raise capacity to"), unless a
    goal governs it in the parse ("aims to reach a capacity of ..."); a capacity a plant has is
    the plant's whatever is planned around it ("plans a plant in Spain with a capacity of ...")."""
    if not cue.label_.endswith(":capacity"):
        return "target"
    node = cue.root
    for _ in range(6):
        if node.lower_ in PLANT_NOUNS or node.lower_ == "with" and node.dep_ == "prep":
            return "capacity"  # "a plant ... with a capacity of": what something built will have
        if node.lemma_.lower() in GOAL_LEMMAS and node.i not in range(cue.start, cue.end):
            return "target"
        if node.head.i == node.i:
            break
        node = node.head
    return "capacity"


def _bare_counts(ctx: DocContext, sent: "Span", quantities: list, cues: list["Span"], text: str):
    """Counts that name no vehicle noun, read from the parse: the object of a production or goal
    verb ("aims to build 5,000", "now plans 6,000 in 2026"), a number before a model's name
    ("build 20,000 Ilvar S", "make 18,000 N4 a month"), or what a capacity is ("capacity was 2,500").

    Yields (quantity, its tokens, its cue, the model it counts or None).
    """
    taken = [(q.start, q.end) for q in quantities]
    cue_at = {c.root.i: c for c in cues if c.label_ != "production_target:sales"}
    for q in ctx.quantities.find(text, bare=True):
        if q.unit != "count" or q.noun is not None or q.rate is not None or q.value < MIN_UNITS \
                or any(s < q.end and q.start < e for s, e in taken):
            continue
        qspan = ctx.token_span(sent, q.start, q.end)
        if qspan is None:
            continue
        num = qspan.root
        name = None
        if num.dep_ in {"nummod", "compound"} and num.head.i >= qspan.end:
            counted = _counted_name(ctx, sent, qspan)
            if counted is None:
                continue
            name, holder, rate = counted
            if rate is not None:
                q = dataclasses.replace(q, rate=rate)
        elif num.dep_ in {"dobj", "attr", "pobj"}:
            holder = num
        else:
            continue
        cue = _cue_over(holder, cue_at)
        nearest = _governing_cue(ctx, sent, cues, qspan)
        if cue is None or nearest is not None and nearest.label_ == "production_target:sales":
            continue  # "plans to sell 100,000 in 2028 - 90,000 of them ...": a sales figure
        yield q, qspan, cue, name


def _counted_name(ctx: DocContext, sent: "Span", qspan: "Span") -> tuple[str, "Token", str | None] | None:
    """For a number before a name ("20,000 Ilvar S a week"): the model (or maker) it counts, the
    name's head as the verb's argument, and the period written after the name."""
    head = qspan.root.head
    if head.pos_ not in {"PROPN", "NOUN"} or head.dep_ not in {"dobj", "conj", "nsubjpass", "pobj"}:
        return None
    words = ctx.doc[qspan.end:head.i + 1]
    name = _model_words(ctx, sent, words)
    if name is None:
        return None
    rate = ctx.quantities.rate_after(ctx.text_of(sent), words.end_char - sent.start_char)
    while head.dep_ == "conj":  # "15,000 Ilvar S and 9,000 Ilvar X"
        head = head.head
    return name, head, rate[0] if rate else None


def _cue_over(arg: "Token", cue_at: dict[int, "Span"]) -> "Span | None":
    """The production or capacity cue a count is the argument of: the verb it is the object of
    ("build 5,000"), through "of" or "for" ("capacity of 3,200", "aimed for 20,000"), or the subject
    of the copula it follows ("the capacity was 2,500")."""
    head = arg.head
    if arg.dep_ == "pobj":
        head = head.head if head.lower_ in {"of", "for"} else None
    if head is None:
        return None
    if head.i in cue_at:
        return cue_at[head.i]
    if arg.dep_ == "attr":
        return next((cue_at[c.i] for c in head.children if c.dep_ == "nsubj" and c.i in cue_at
                     and cue_at[c.i].label_.endswith(":capacity")), None)
    return None


def _model_words(ctx: DocContext, sent: "Span", words: "Span") -> str | None:
    """The model or company a run of capitalised words before (or instead of) a counted noun names:
    "40 Ferro cars" the Ferro, "800 Quintar Pulse cars" the Quintar Pulse, "300,000 Quintar
    vehicles" the company Quintar; None for ordinary words ("5,000 Electric Vans" in a
    headline, "10,000 German cars")."""
    toks = [t for t in words if not t.is_punct]
    if not toks or _title_case(ctx, words):
        return None
    if any(not (t.text[:1].isupper() or t.text[:1].isdigit()) or t.ent_type_ in NOT_NAME_ENTS
           or t.lower_ in VEHICLE_NOUNS or ctx.quantities.rate_word(t.lower_) is not None
           or t.is_sent_start and t.pos_ != "PROPN" for t in toks):
        return None  # "Monthly", "Total production" at the start of a sentence: no name
    mention = ctx.subjects.mention_at(toks[0].i)
    if mention is not None and mention.end >= toks[-1].i + 1 and mention.start <= toks[0].i:
        return mention.name
    surface = " ".join(t.text for t in toks)
    if len(toks) == 1:
        # one word: the maker's name, unless another company is the one acting ("Norra will build
        # 40 Ferro cars")
        others = [m for m in ctx.subjects.companies_in(sent.start, sent.end) if m.name != surface]
        known = ctx.gazetteer.lookup(surface)
        if known is not None and known.kind in COMPANY_KINDS or not others and toks[0].ent_type_ == "ORG":
            return known.canonical if known is not None else surface
    return surface


def _cue_name(ctx: DocContext, sent: "Span", cue: "Span") -> str | None:
    """The model a production noun names itself: by its capitalised modifiers ("raise Haul
    production to 14,000", "lift Ilvar X output to 6,000 a month") or its of-phrase ("monthly
    output of the Ilvar S")."""
    root = cue.root
    if root.pos_ not in {"NOUN", "PROPN"} or cue.label_ != "production_target:target":
        return None
    runs = [ctx.doc[root.left_edge.i:root.i]]
    runs += [ctx.doc[g.left_edge.i:g.i + 1] for p in root.children if p.dep_ == "prep" and p.lower_ == "of"
             for g in p.children if g.dep_ == "pobj"]
    for run in runs:
        words = list(run)
        while words and not words[0].text[:1].isupper() or words and words[0].lower_ in {"the", "a", "an"}:
            words.pop(0)
        tail = []
        for tok in reversed(words):  # the capitalised words right before the noun
            if not tok.text[:1].isupper():
                break
            tail.insert(0, tok)
        if tail:
            name = _model_words(ctx, sent, ctx.doc[tail[0].i:tail[-1].i + 1])
            if name:
                return name
    return None


def _rate_word(ctx: DocContext, qspan: "Span", cue: "Span") -> str | None:
    """The period of a count told by a rate word inside it ("14,000 annual units") or on its cue
    noun ("Monthly output of the Ilvar S ... 10,000 units")."""
    words = list(qspan) + [c for c in cue.root.children if c.dep_ in {"amod", "compound"}]
    return next((r for t in words if (r := ctx.quantities.rate_word(t.lower_)) is not None), None)


def _title_case(ctx: DocContext, words: "Span") -> bool:
    """Words on a line written in title case ("Corvane To Build 6,000 Electric Trucks"), where
    capitals name nothing."""
    start = ctx.text.rfind("\n", 0, words.start_char) + 1
    end = ctx.text.find("\n", words.end_char)
    line = ctx.text[start:end if end >= 0 else len(ctx.text)].split()
    long_words = [w for w in line if w.isalpha() and len(w) > 3]
    return len(long_words) >= 3 and all(w[0].isupper() for w in long_words)


def _own_name(ctx: DocContext, sent: "Span", q, qspan: "Span") -> str | None:
    """The model (or maker) a counted noun's own capitalised modifiers name: "40 Ferro cars"."""
    if q.noun is None:
        return None
    nums = []
    for t in qspan:  # the figure's own tokens: "5,500", "1,200 - 1,800" (not "One" of "Calder One")
        if not (t.like_num or t.lower_ in {"-", "to", "and", "between", "million", "half", "a"}):
            break
        nums.append(t)
    nouns = [t for t in qspan if t.i > nums[-1].i and t.lemma_.lower() in {q.noun, q.raw_unit.lower()}] if nums else []
    if not nums or not nouns or nouns[0].i == nums[-1].i + 1:
        return None
    return _model_words(ctx, sent, ctx.doc[nums[-1].i + 1:nouns[0].i])


def _counts_vehicles(ctx: DocContext, q, qspan: "Span", cue: "Span") -> bool:
    """A count is of vehicles: it names them, or a rate or a capacity says so ("capacity was 2,500").

    Small counts are models or plants ("12 all-new EVs") unless a production
    verb makes vehicles of them ("it would produce only 20 vans this year").
    """
    if q.noun is None and q.rate is None and not (cue.label_.endswith(":capacity") and q.value >= MIN_UNITS):
        return False
    if q.value >= MIN_UNITS or q.rate is not None:
        return True
    # "produce only 20 vans": the count in digits is the production verb's own object
    return (q.noun not in {None, "model", "ev", "nev"} and q.value >= 2 and q.text[:1].isdigit()
            and cue.root.pos_ == "VERB" and qspan.root.head.i == cue.root.i and qspan.root.dep_ == "dobj")


def _figures(q, text: str) -> list[tuple[int, int | None, int, int]]:
    """(units, units_end, start, end) of the figures a count gives.

    A range ("100-200 units a month", "between 8,000 and 9,500 vans") is one
    figure with both ends; a change ("from 100,000 to 200,000 units") is two
    figures, the capacity before and after.
    """
    high = int(round(q.value))
    between = _BETWEEN.search(text[max(0, q.start - 40):q.start])
    if q.low is None and between is not None:  # "between 8,000 and 9,500 vans"
        low = int(between.group(1).replace(",", ""))
        start = q.start - (len(text[max(0, q.start - 40):q.start]) - between.start(1))
        return [(low, high, start, q.end)] if low < high else [(high, None, q.start, q.end)]
    if q.low is None:
        return [(high, None, q.start, q.end)]
    low = int(round(q.low))
    if re.search(r"\bfrom\s*$", text[max(0, q.start - 12):q.start], re.IGNORECASE):
        return [(low, None, q.start, q.end), (high, None, q.start, q.end)]
    return [(low, high, q.start, q.end)]


def _listed_after(ctx: DocContext, sent: "Span", q, qspan: "Span", cue: "Span", kind: str, text: str,
                  name: str | None) -> list[Fact]:
    """Counts listed after a counted one with their own dates: "5,000 vans in 2023, 14,000 in 2024 and
    27,000 by 2025" (the later numbers share the first one's noun, and each needs a date)."""
    if q.noun is None:
        return []
    out: list[Fact] = []
    pos = q.end
    subjects = None
    while (m := _LISTED.match(text, pos)) is not None:
        lspan = ctx.token_span(sent, m.start("n"), m.end("n"))
        mention = _deadline(ctx, sent, lspan) if lspan is not None else None
        if mention is None or not 0 <= mention.start - m.end("n") <= 20:
            break  # a listed number's own date follows it
        subjects = subjects or ([name] if name else _subjects(ctx, sent, qspan, q.noun, kind))
        for subject in subjects:
            out.append(Fact(
                type="production_target", subject=subject,
                values={"units": int(m.group("n").replace(",", "")), "date": mention.value, "rate": q.rate,
                        "kind": kind},
                text=m.group("n"), start=sent.start_char + m.start("n"), end=sent.start_char + m.end("n"),
                sentence=sent.text.strip(), rule=cue.id_, confidence=0.7,
                extra={**date_extra(mention), "units_end": None}))
        pos = m.end("n")
    return out


#: The next item of a list of counts: ", 14,000 in 2024", " and 27,000 by 2025", ", rising to 150,000 by 2029".
_LISTED = re.compile(r"[^.;:]{0,40}?(?:,\s+(?:and\s+)?|\s+and\s+)"
                     r"(?:(?:rising|increasing|growing|climbing|going|expanding)\s+to\s+)?"
                     r"(?P<n>[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d{2,6})"
                     r"(?=\s+(?:units\s+|vehicles\s+|cars\s+)?(?:in|by|for|during|next|this|from)\b)")


def _governing_cue(ctx: DocContext, sent: "Span", cues: list["Span"], qspan: "Span") -> "Span | None":
    """The nearest cue before the count in its segment, else the nearest in the sentence."""
    seg = ctx.segment_of(sent, qspan.start)
    before = [c for c in cues if c.end <= qspan.start]
    in_seg = [c for c in before if seg[0] <= c.start]
    pool = in_seg or before
    if pool:
        return max(pool, key=lambda c: c.end)
    after = [c for c in cues if c.start >= qspan.end and ctx.segment_of(sent, c.start) == seg]
    return min(after, key=lambda c: c.start) if after else None


def _already_done(ctx: DocContext, sent: "Span", cue: "Span", qspan: "Span") -> bool:
    """A production verb in the past ("produced 43,866 units last year") is not a plan; a goal
    revised in the past is the goal as it now stands ("cut its 2025 production target to 1,500
    vehicles", "doubled its goal to 48,000")."""
    if cue.label_.endswith(":capacity"):
        return False
    head = cue.root
    if head.pos_ != "VERB":
        head = head.head if head.head.pos_ == "VERB" else head
    prep = qspan.root.head
    if head is not cue.root and cue.root.lemma_.lower() in GOAL_LEMMAS and prep.lower_ == "to" \
            and prep.head.i in {head.i, cue.root.i}:
        return False
    if head.tag_ == "VBD":
        return True
    auxes = {c.lower_ for c in head.children if c.dep_ in {"aux", "auxpass"}}
    # "has produced 160,000 units" is done; "aims to have built 20,000 cars" is a plan
    return head.tag_ == "VBN" and bool(auxes & {"have", "has", "had"}) and not auxes & {"to", "will", "would"}


def _made_for(qspan: "Span", cue: "Span") -> bool:
    """The count is what something else is made for, not what is made: "able to produce e-drives
    for more than half a million electrified vehicles", "make enough cells for 500,000 cars"."""
    arg = qspan.root
    while arg.dep_ in {"nummod", "compound"} and arg.head.i >= qspan.end:
        arg = arg.head  # "90,000 Ilvar S": the name is the argument
    prep = arg.head
    if arg.dep_ != "pobj" or prep.lower_ != "for":
        return False
    holder = prep.head
    if holder.pos_ in {"VERB", "AUX"}:  # "make enough cells for ...": the verb's object is not vehicles
        holder = next((c for c in holder.children if c.dep_ == "dobj"), None)
    return holder is not None and holder.pos_ in {"NOUN", "PROPN"} and holder.i not in range(cue.start, cue.end) \
        and holder.lower_ not in VEHICLE_NOUNS | PLANT_NOUNS | CUE_NOUNS


def _deadline(ctx: DocContext, sent: "Span", qspan: "Span") -> "DateMention | None":
    """The date of the count's segment (nearest), else none."""
    seg = ctx.segment_of(sent, qspan.start)
    tense = ctx.tense(ctx.doc[seg[0]:seg[1]])
    best = None
    for mention in ctx.find_dates(sent, tense):
        span = ctx.token_span(sent, mention.start, mention.end)
        if span is None or mention.modifier == "since" or ctx.segment_of(sent, span.start) != seg:
            continue
        distance = abs(span.start - qspan.end)
        if best is None or distance < best[0]:
            best = (distance, mention)
    return best[1] if best else None


def _subjects(ctx: DocContext, sent: "Span", qspan: "Span", noun: str | None, kind: str) -> list[str]:
    """A model the sentence names; else for a plant's capacity or generic vehicles ("1.5 million
    electric cars", "the plant's annual capacity"), the company whose plant it is; else the model
    in context."""
    named = ctx.subjects.from_arguments(qspan)
    if named:
        return named
    acting = _acting_company(ctx, qspan) if noun in GENERIC_NOUNS else None
    if acting:
        return [acting]  # "Norra, maker of the N4 van, will build 50,000 vehicles": all its vehicles
    if ctx.subjects.models_in(sent.start, sent.end):
        return ctx.subjects.vehicle(sent, qspan)
    plant = ctx.subjects.plant_company(sent, qspan)
    if plant:
        return [plant]
    if noun in GENERIC_NOUNS or kind == "capacity":
        company = ctx.subjects.company(sent)
        if company:
            return [company]
    return ctx.subjects.vehicle(sent, qspan)


def _acting_company(ctx: DocContext, qspan: "Span") -> str | None:
    """The company that is the subject of the verb a count of generic vehicles is the object of
    ("Norra ... will build 50,000 vehicles", "Quintar plans to produce 24,000 cars")."""
    node = qspan.root
    for _ in range(4):
        if node.pos_ in {"VERB", "AUX"}:
            break
        if node.head.i == node.i:
            return None
        node = node.head
    while node.pos_ in {"VERB", "AUX"}:
        subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            mention = ctx.subjects.mention_at(subject.i)
            return mention.name if mention is not None and mention.kind != "model" and not mention.comparison \
                else None
        if node.dep_ != "xcomp" or node.head.i == node.i:
            return None
        node = node.head  # "plans to produce": the subject of "plans"
    return None


_BETWEEN = re.compile(r"\bbetween\s+(\d{1,3}(?:,\d{3})+|\d+)\s+and\s+$", re.IGNORECASE)
