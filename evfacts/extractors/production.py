"""production_target facts: a vehicle count governed by a production cue.

A count of vehicles ("2,000 units", "half a million cars", "20 lakh electric
scooters", "70 units per day") becomes a target when the nearest cue before
it in its clause is a production or capacity word (``patterns/production.yaml``)
rather than a sales, delivery or order word, and the clause does not report
output already achieved ("has produced 160,000 units").

Subject: a model named in the sentence; else, when the count is of generic
vehicles ("1.5 million electric cars") the company or plant is meant, so the
company; else ("2,000 units") the model in context, as for other facts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..facts import Fact
from .context import DocContext, date_extra

if TYPE_CHECKING:
    from spacy.tokens import Span

    from ..normalize.dates import DateMention

VEHICLE_COUNT_NOUNS = {"unit", "vehicle", "car", "ev", "suv", "sedan", "truck", "pickup", "van", "bus",
                       "scooter", "e-scooter", "motorcycle", "two-wheeler", "bike", "nev", "model"}
GENERIC_NOUNS = VEHICLE_COUNT_NOUNS - {"unit"}
GOAL_WORDS = {"goal", "target", "targets", "aim", "aims", "plan", "plans", "increase", "raise", "boost"}
MIN_UNITS = 100  # smaller counts are models or plants ("12 all-new EVs"), unless per period


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
        if _already_done(ctx, sent, cue) or ctx.negated(qspan) or ctx.negated(cue) or ctx.guarded(sent, qspan) \
                or ctx.forecast(cue):
            continue  # "has produced 160,000", "has no plans to build 50,000 a year", an analyst's estimate
        lo, hi = ctx.segment_of(sent, qspan.start)
        seg_words = {t.lower_ for t in ctx.doc[lo:hi]}
        kind = "capacity" if cue.label_.endswith(":capacity") and not seg_words & GOAL_WORDS else "target"
        subjects = _subjects(ctx, sent, qspan, q.noun, kind)
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
        facts.extend(_listed_after(ctx, sent, q, qspan, quantities, cue, kind, text))
    return facts


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


def _listed_after(ctx: DocContext, sent: "Span", q, qspan: "Span", quantities: list, cue: "Span", kind: str,
                  text: str) -> list[Fact]:
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
        subjects = subjects or _subjects(ctx, sent, qspan, q.noun, kind)
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


def _already_done(ctx: DocContext, sent: "Span", cue: "Span") -> bool:
    """A production verb in the past ("produced 43,866 units last year") is not a plan."""
    if cue.label_.endswith(":capacity"):
        return False
    head = cue.root
    if head.pos_ != "VERB":
        head = head.head if head.head.pos_ == "VERB" else head
    if head.tag_ == "VBD":
        return True
    auxes = {c.lower_ for c in head.children if c.dep_ in {"aux", "auxpass"}}
    # "has produced 160,000 units" is done; "aims to have built 20,000 cars" is a plan
    return head.tag_ == "VBN" and bool(auxes & {"have", "has", "had"}) and not auxes & {"to", "will", "would"}


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


_BETWEEN = re.compile(r"\bbetween\s+(\d{1,3}(?:,\d{3})+|\d+)\s+and\s+$", re.IGNORECASE)
