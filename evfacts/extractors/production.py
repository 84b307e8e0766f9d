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
    for q in ctx.find_quantities(sent):
        if q.unit != "count" or q.value < MIN_UNITS and q.rate is None:
            continue
        if q.noun is None and q.rate is None:
            continue
        if q.noun is not None and q.noun not in VEHICLE_COUNT_NOUNS:
            continue
        qspan = ctx.token_span(sent, q.start, q.end)
        if qspan is None:
            continue
        cue = _governing_cue(ctx, sent, cues, qspan)
        if cue is None or cue.label_ == "production_target:sales" or _already_done(ctx, sent, cue):
            continue
        if ctx.negated(qspan) or ctx.negated(cue) or ctx.guarded(sent, qspan) or _forecast(ctx, sent, cue):
            continue  # "has no plans to build 50,000 a year", "will not reach 20,000 units"
        lo, hi = ctx.segment_of(sent, qspan.start)
        seg_words = {t.lower_ for t in ctx.doc[lo:hi]}
        kind = "capacity" if cue.label_.endswith(":capacity") and not seg_words & GOAL_WORDS else "target"
        mention = _deadline(ctx, sent, qspan)
        for subject in _subjects(ctx, sent, qspan, q.noun):
            facts.append(Fact(
                type="production_target", subject=subject,
                values={"units": int(round(q.value)), "date": mention.value if mention else None,
                        "rate": q.rate, "kind": kind},
                text=q.text, start=sent.start_char + q.start, end=sent.start_char + q.end,
                sentence=sent.text.strip(), rule=cue.id_, confidence=0.8 if mention else 0.7,
                extra=date_extra(mention)))
    return facts


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


def _subjects(ctx: DocContext, sent: "Span", qspan: "Span", noun: str | None) -> list[str]:
    if ctx.subjects.models_in(sent.start, sent.end) or noun not in GENERIC_NOUNS:
        return ctx.subjects.vehicle(sent, qspan)
    company = ctx.subjects.company(sent)
    return [company] if company else ctx.subjects.vehicle(sent, qspan)


#: Verbs of a forecast: a production figure an analyst "estimates" is no target of the maker's.
FORECAST_LEMMAS = {"estimate", "forecast", "predict", "project", "expect", "reckon", "see"}


def _forecast(ctx: DocContext, sent: "Span", cue: "Span") -> bool:
    """"Lindgren Research estimates Norra will produce 35,000": a researcher's figure, not the maker's plan."""
    not_venture = ctx.lexicon.get("not_venture_words", frozenset()) | {"analyst", "analysts", "research"}
    node = cue.root
    for _ in range(6):
        if node.lemma_ in FORECAST_LEMMAS and node.pos_ == "VERB":
            for child in node.children:
                if child.dep_ == "nsubj" and any(t.lower_ in not_venture for t in child.subtree):
                    return True
        if node.head.i == node.i:
            break
        node = node.head
    return False
