"""launch_date facts: a milestone trigger paired with the date it happens.

Triggers come from ``patterns/launch.yaml`` (label = event). A trigger takes
the nearest date of its own segment; failing that, an unclaimed date from a
segment that has no trigger of its own ("At a launch event on December 28,
Xiaomi unveiled its car"). A milestone reported as just done with no date
("Audi has started production") takes the reference month, as the guidelines
say, unless the sentence marks it as old news ("had previously revealed").
Guards (``patterns/guards.yaml``) block triggers in clauses that describe a
missed, abandoned or hypothetical date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import Fact
from ..normalize.dates import DateMention
from .context import DocContext, date_extra

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

VEHICLE_NOUNS = {"car", "cars", "suv", "suvs", "ev", "evs", "sedan", "vehicle", "vehicles", "model",
                 "models", "truck", "pickup", "scooter", "scooters", "van", "hatchback", "crossover",
                 "motorcycle", "limousine", "coupe", "wagon", "minivan", "mpv", "bike", "trucks", "pickups",
                 "vans", "buses", "hatchbacks", "crossovers", "units", "sedans", "suv", "coupes", "wagons"}
START_WORDS = {"start", "starts", "starting", "begin", "begins", "beginning", "from", "kick", "commence",
               "commencing", "onwards"}
START_LEMMAS = {"start", "begin", "kick", "commence", "launch", "enter", "get", "go", "roll", "open", "hit"}
CONTRASTIVE = {"but", "while", "although", "though", "whereas", "however"}
# Objects that still make a vehicle milestone ("launched its first set of scooters").
VEHICLE_OBJECTS = VEHICLE_NOUNS | {"set", "range", "lineup", "line-up", "family", "series", "version", "variant",
                                   "variants", "versions", "production", "sales", "deliveries", "orders",
                                   "bookings", "reservations", "pre-orders", "preorders", "shipments", "first"}
BEFORE_PENALTY = 5
OLD_NEWS = {"previously", "earlier", "already", "formerly", "originally", "once", "had", "since"}
JUST_DONE_EVENTS = {"production", "unveil", "launch", "delivery", "preorder"}


def extract(ctx: DocContext) -> list[Fact]:
    facts: list[Fact] = []
    for sent in ctx.sentences:
        facts.extend(_sentence_facts(ctx, sent, facts[-1] if facts else None))
    return facts


#: Words that date a milestone by the one told just before: to the day ("Reservations opened the
#: same day"), or whatever its precision ("deliveries are expected in the same period").
SAME_DAY = ("same day", "that day", "same date")
SAME_PERIOD = ("same period", "same time", "same quarter", "same month", "same year", "same timeframe",
               "same window")


def _sentence_facts(ctx: DocContext, sent: "Span", previous: Fact | None = None) -> list[Fact]:
    spans = ctx.triggers(sent, "launch_date")
    triggers = [t for t in spans if not t.label_.endswith(":none")
                and not ctx.guarded(sent, t) and _requirements_hold(ctx, sent, t)
                and not _modifier_use(t) and not _non_vehicle_object(ctx, t) and not ctx.negated(t)
                and not ctx.forecast(t)]
    if not triggers:
        return []
    pairs = _pair_dates(ctx, sent, triggers)
    dated_events = {t.label_ for t in triggers if t.start in pairs}
    facts: list[Fact] = []
    for trig in triggers:
        event = trig.label_.split(":", 1)[1]
        mention, confidence = pairs.get(trig.start, (None, 0.6))
        if mention is None and trig.label_ in dated_events:
            continue  # the same milestone told twice in a sentence ("opened pre-sales ... at pre-sale prices")
        before = facts[-1] if facts else previous  # "production starts in H1 2026, deliveries in the same period"
        date = mention.value if mention else _date_of_previous(ctx, sent, trig, event, before) \
            or _just_done_date(ctx, sent, trig, event)
        if date is None:
            continue
        if "dated" in ctx.requires.get(trig.id_, frozenset()) and mention is None:
            continue
        for subject in _subjects(ctx, sent, trig, event):
            facts.append(Fact(
                type="launch_date", subject=subject, values={"event": event, "date": date},
                text=trig.text, start=trig.start_char, end=trig.end_char, sentence=sent.text.strip(),
                rule=trig.id_, confidence=confidence, extra=date_extra(mention)))
    return facts


def _subjects(ctx: DocContext, sent: "Span", trig: "Span", event: str) -> list[str]:
    """The vehicles of a milestone; production at a plant with no vehicle named is its owner's."""
    if event == "production" and not ctx.subjects.from_arguments(trig):
        plant = ctx.subjects.plant_company(sent, trig)
        if plant:
            return [plant]
    return ctx.subjects.vehicle(sent, trig)


def _requirements_hold(ctx: DocContext, sent: "Span", trig: "Span") -> bool:
    needs = ctx.requires.get(trig.id_, frozenset())
    lo, hi = ctx.segment_of(sent, trig.start)
    seg = ctx.doc[lo:hi]
    if "future" in needs and ctx.tense(seg) != "future":
        return False
    if "start" in needs and not _start_head(trig):
        dates = ctx.find_dates(sent, "unknown")
        words = {t.lower_ for t in seg if not (t.i + 2 < len(ctx.doc) and ctx.doc[t.i + 1].text == "-"
                                               and ctx.doc[t.i + 2].lower_ == "up")}  # "start-up" starts nothing
        if not (words & START_WORDS or any(d.modifier == "from" for d in dates)):
            return False
    if "vehicle" in needs and not _vehicle_object(ctx, sent, trig):
        return False
    if "start_head" in needs and not _start_head(trig):
        return False
    if trig.label_.split(":", 1)[1] in {"delivery", "launch"} and _counts_vehicles(ctx, sent, lo, hi):
        return False  # "deliveries of 13,000 vehicles in October" is a sales figure
    return True


def _start_head(trig: "Span") -> bool:
    """The noun's verb, or a verb it governs, says the thing starts ("is scheduled to begin")."""
    head = trig.root.head
    verbs = [head, *(c for c in head.children if c.dep_ in {"xcomp", "ccomp"})]
    verbs += [c for v in list(verbs) for c in v.children if c.dep_ == "xcomp"]
    return any(v.lemma_ in START_LEMMAS | {"commence", "ramp"} or _underway(v) for v in verbs)


def _underway(verb: "Token") -> bool:
    """"Deliveries are underway": the state of having started."""
    return verb.lemma_ == "be" and any(c.lower_ == "underway" or c.lower_ == "under" and any(
        g.lower_ in {"way", "production"} for g in c.children) for c in verb.children)


def _counts_vehicles(ctx: DocContext, sent: "Span", lo: int, hi: int) -> bool:
    for q in ctx.find_quantities(sent):
        span = ctx.token_span(sent, q.start, q.end)
        if q.unit == "count" and q.noun and span is not None and lo <= span.start < hi:
            return True
    return False


def _modifier_use(trig: "Span") -> bool:
    """"debut EVs", "launch version": a milestone word used to modify a noun names no milestone."""
    root = trig.root
    outside = not trig.start <= root.head.i < trig.end
    return outside and root.dep_ in {"compound", "amod", "nmod"} and root.head.pos_ in {"NOUN", "PROPN"}


def _non_vehicle_object(ctx: DocContext, trig: "Span") -> bool:
    """A milestone verb whose object is not a vehicle ("unveiled a new EV arm", "launched an app")."""
    sent = ctx.sentence_of(trig.root)
    models = {t for m in ctx.subjects.models_in(sent.start, sent.end) for t in range(m.start, m.end)}
    parts = ctx.lexicon.get("part_words", frozenset())
    for noun in (t for t in trig if t.pos_ == "NOUN"):  # "production of EV batteries"
        if any(p.dep_ == "prep" and p.lower_ == "of" and g.lower_ in parts
               for p in noun.children for g in p.children if g.dep_ == "pobj"):
            return True
    for verb in (t for t in trig if t.pos_ == "VERB"):
        if any(child.dep_ == "ccomp" for child in verb.children):
            return True  # reported speech: "revealed that ...", "announced Porsche is ready"
        for child in verb.children:
            if child.dep_ == "dobj" and child.i not in range(trig.start, trig.end):
                return child.pos_ == "NOUN" and child.i not in models and child.lower_ not in VEHICLE_OBJECTS
            if child.dep_ == "nsubjpass" and child.lower_ in parts:
                return True  # "the battery base is displayed on a screen"
    return False


def _vehicle_object(ctx: DocContext, sent: "Span", trig: "Span") -> bool:
    """A vehicle follows the trigger with only determiners, adjectives and names between."""
    models = {m.start for m in ctx.subjects.models_in(trig.end, sent.end)}
    for tok in ctx.doc[trig.end:min(sent.end, trig.end + 10)]:
        if tok.i in models or tok.lower_ in VEHICLE_NOUNS:
            return True
        if tok.lower_ in VEHICLE_OBJECTS:
            continue  # "the production version of the Astrel Nova"
        if tok.pos_ in {"NOUN", "VERB", "AUX", "ADP"} and tok.lower_ not in {"all", "-"} or tok.is_punct and tok.text != "-":
            if tok.pos_ == "ADP" and tok.lower_ == "of":
                continue
            return False
    return False


def _pair_dates(ctx: DocContext, sent: "Span", triggers: list["Span"]) -> dict[int, tuple[DateMention, float]]:
    """Assign each date to at most one trigger: nearest in the same segment first."""
    segs = {t.start: ctx.segment_of(sent, t.start) for t in triggers}
    trig_segs = set(segs.values())
    candidates: list[tuple[float, int, int, DateMention]] = []  # (rank, distance, trigger start, date)
    for trig in triggers:
        lo, hi = ctx.segment_of(sent, trig.start)
        tense = ctx.tense(ctx.doc[lo:hi])
        for mention in ctx.find_dates(sent, tense):
            span = ctx.token_span(sent, mention.start, mention.end)
            if span is None or span.start < sent.start:
                continue
            dseg = ctx.segment_of(sent, span.start)
            if dseg == segs[trig.start]:
                rank = 0
            elif dseg not in trig_segs and (span.start < trig.start or dseg[0] <= trig.root.head.i < dseg[1]
                                            or _attached_to(span, trig)):
                # a leading clause lends its date ("At an event on May 2, Kia unveiled ..."), and so
                # does the clause of the trigger's own verb ("Production, ..., is scheduled to begin in 2024")
                # and a date the parse attaches to the trigger across an aside ("launched X - ... - on May 2")
                rank = 1
            else:
                continue
            if rank == 1 and _borrowing_blocked(ctx, sent, trig, span):
                continue
            if _reported_on(ctx, span, trig):
                if tense == "future":
                    continue  # "said Monday it will reveal the S in November": Monday is the statement's
                rank = 2  # a date of the milestone's own comes first ("said on Tuesday deliveries start in June")
            elif _dates_another_clause(span, trig):
                rank += 0.5  # "was founded in 2014 and released its first model in 2016": the second date
            distance = span.start - trig.end if span.start >= trig.end else (trig.start - span.end) + BEFORE_PENALTY
            candidates.append((rank, distance, trig.start, mention))
    pairs: dict[int, tuple[DateMention, float]] = {}
    used: set[int] = set()
    for rank, _, start, mention in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if start in pairs or mention.start in used:
            continue
        used.add(mention.start)
        pairs[start] = (mention, 0.9 if rank == 0 else 0.75)
    return pairs


def _reported_on(ctx: DocContext, date: "Span", trig: "Span") -> bool:
    """The date is the day a statement about the milestone was made: it hangs on a reporting verb
    (``reporting_verbs`` in ``patterns/lexicon.yaml``) whose statement holds the trigger ("Holmvik said
    Monday it will ...", "deliveries were announced in May to begin in 2026")."""
    reporting = ctx.lexicon.get("reporting_verbs", frozenset())
    node = date.root.head  # "said Monday", or through its preposition: "said on Tuesday"
    if node.dep_ == "prep" and node.pos_ == "ADP":
        node = node.head
    if node.pos_ in {"VERB", "AUX"} and node.lemma_.lower() in reporting and not trig.start <= node.i < trig.end:
        if date.start > trig.start and not trig.root.dep_.startswith("nsubj"):
            return False  # the statement comes first: "said Monday (that) ...", or the trigger is what was said
        return any(a.i == node.i for a in trig.root.ancestors)
    # the parse may hang the date on the statement's verb; it still stands between the reporting verb
    # and the statement's subject ("said on Monday it will reveal ...")
    for verb in (a for a in trig.root.ancestors if a.pos_ == "VERB" and a.lemma_.lower() in reporting):
        clause = next((c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.i in
                       {a.i for a in trig.root.ancestors} | {trig.root.i}), None)
        subject = next((c for c in clause.children if c.dep_.startswith("nsubj")), None) if clause is not None else None
        if subject is not None and verb.i < date.start and date.end <= subject.left_edge.i:
            return True
    return False


def _attached_to(date: "Span", trig: "Span") -> bool:
    """The date's phrase hangs on the trigger's verb in the parse (through at most two links)."""
    node = date.root
    # the verb whose object or subject the trigger is ("opened pre-sales of the S9, ..., on October 24")
    verb = trig.root.head if trig.root.dep_ in {"dobj", "nsubj", "nsubjpass"} else None
    for _ in range(3):
        node = node.head
        if trig.start <= node.i < trig.end or verb is not None and node.i == verb.i:
            return True
        if node.head.i == node.i:
            break
    return False


#: Links that start a clause of its own: a date hanging on the far side of one dates another event.
CLAUSE_LINKS = {"conj", "ccomp", "parataxis", "advcl", "relcl", "acl", "csubj"}


def _date_verb(date: "Span") -> "Token | None":
    """The verb a date's phrase hangs on (through at most three links), if any."""
    node = date.root
    for _ in range(3):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return None


def _own_clause(trig: "Span") -> set[int]:
    """The trigger's tokens and the words its clause hangs on, up to the first clause link."""
    own = set(range(trig.start, trig.end))
    node = trig.root
    while node.head.i != node.i and node.dep_ not in CLAUSE_LINKS:
        node = node.head
        own.add(node.i)
    return own


def _describes(verb: "Token", trig: "Span") -> bool:
    """The verb's clause describes the trigger or its object ("deliveries to customers expected in
    August", "deliveries, which began in May"): it hangs below the trigger without a clause link
    other than a noun's modifier."""
    node = verb
    while node.head.i != node.i:
        if node.dep_ in {"conj", "ccomp", "parataxis", "advcl", "csubj"}:
            return False
        node = node.head
        if trig.start <= node.i < trig.end:
            return True
    return False


def _dates_another_clause(date: "Span", trig: "Span") -> bool:
    """The date hangs on the verb of another clause, not the milestone's own nor one describing it
    ("Quintar was founded in 2014 and released its first model, the T1, in 2016")."""
    verb = _date_verb(date)
    return verb is not None and verb.i not in _own_clause(trig) and not _describes(verb, trig)


def _borrowing_blocked(ctx: DocContext, sent: "Span", trig: "Span", date: "Span") -> bool:
    """No date from another clause across "but"/"while", or for a milestone told as old news."""
    lo, hi = sorted((trig.start, date.start))
    if any(t.lower_ in CONTRASTIVE for t in ctx.doc[lo:hi]):
        return True
    seg = ctx.segment_of(sent, trig.start)
    return any(t.lower_ in OLD_NEWS for t in ctx.doc[seg[0]:seg[1]])


def _verbal(trig: "Span") -> bool:
    """The milestone is told by a verb ("has started", "kicked off"), not a bare noun ("this launch")."""
    root = trig.root
    if root.pos_ in {"VERB", "AUX"} or any(t.pos_ == "VERB" for t in trig):
        return True
    return root.head.pos_ in {"VERB", "AUX"} and (root.head.lemma_ in START_LEMMAS or _underway(root.head))


def _date_of_previous(ctx: DocContext, sent: "Span", trig: "Span", event: str, previous: Fact | None) -> str | None:
    """The date of the milestone told just before, for one dated by it: "the same day" (a day),
    "in the same period" (any date), or the same event "also" done ("Rivian also showed the R3")."""
    date = previous.values.get("date") if previous is not None else None
    if not isinstance(date, str):
        return None
    lo, hi = ctx.segment_of(sent, trig.start)
    seg = ctx.doc[lo:hi]
    text = seg.text.lower()
    if any(p in text for p in SAME_DAY):
        return date if len(date) == 10 else None
    if any(p in text for p in SAME_PERIOD):
        return date
    also = any(t.lower_ == "also" and t.head.i in range(trig.start, trig.end) for t in seg)
    return date if also and previous.values.get("event") == event and ctx.tense(seg) == "past" else None


def _just_done_date(ctx: DocContext, sent: "Span", trig: "Span", event: str) -> str | None:
    """The reference month for a milestone reported as done now, else None (also without a reference)."""
    if ctx.reference is None or event not in JUST_DONE_EVENTS or not _verbal(trig):
        return None
    lo, hi = ctx.segment_of(sent, trig.start)
    seg = ctx.doc[lo:hi]
    words = {t.lower_ for t in sent}
    tense = ctx.tense(seg)
    head = trig.root.head
    if tense == "unknown" and head.pos_ in {"VERB", "AUX"}:  # "Deliveries of X, an aside, have started"
        tense = ctx.tense([head, *(c for c in head.children if c.dep_ in {"aux", "auxpass"})])
    if words & OLD_NEWS or tense not in {"past", "present"}:
        return None
    if any(t.dep_ == "neg" for t in sent):
        return None
    if _told_as_time_of_another(trig):
        return None  # "two years after the Dunmore D3 went on sale": history, not news
    return f"{ctx.reference.year:04d}-{ctx.reference.month:02d}"


#: Subordinators of a clause that dates something else by this milestone.
TIME_SUBORDINATORS = {"after", "before", "since", "until", "when", "once", "as", "while"}


def _told_as_time_of_another(trig: "Span") -> bool:
    """The milestone's clause is a time clause of another ("after X went on sale")."""
    node = trig.root
    for _ in range(4):
        if node.dep_ in {"advcl", "pcomp", "relcl", "ccomp"} and any(
                c.dep_ in {"mark", "advmod"} and c.lower_ in TIME_SUBORDINATORS for c in node.children):
            return True  # "the day after the first SUVs began rolling off the line"
        if node.dep_ == "pcomp" and node.head.lower_ in TIME_SUBORDINATORS:
            return True
        # a verb joined by "and" shares its first conjunct's clause ("after X went on sale and the
        # first units rolled off the line")
        if node.pos_ in {"VERB", "AUX"} and node.dep_ not in {"xcomp", "aux", "conj"} or node.head.i == node.i:
            break
        node = node.head
    return False
