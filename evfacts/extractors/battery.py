"""battery facts: capacity (kWh), chemistry, range (km), peak charging (kW), voltage (V).

Quantities come from the quantities normalizer; this module decides which
spec each one states, using cue words from ``patterns/battery.yaml``:

* kWh is a capacity unless the clause is about consumption or storage;
* km (or miles, converted) is a range only in a sentence that speaks of range
  or a charge, and not in a clause about a charging session ("100 km after
  five minutes"), a drift, a warranty or a speed; where the text gives both
  miles and km ("275 miles (442 km)"), the km figure is the fact;
* kW is a charging power only when a charging cue is nearer than a motor or
  output cue, and not for an on-board AC charger or wallbox;
* V between 200 and 1,500 is the system voltage;
* a chemistry phrase counts in a sentence about a battery, cell or pack.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..facts import Fact
from ..normalize.quantities import Quantity, paired
from .context import DocContext

if TYPE_CHECKING:
    from spacy.tokens import Span

LIMITS = {"kWh": (1.0, 300.0), "km": (40.0, 2000.0), "kW": (20.0, 1200.0), "V": (200.0, 1500.0)}
SPEC_OF_UNIT = {"kWh": "capacity", "km": "range", "kW": "charging", "V": "voltage"}


def extract(ctx: DocContext) -> list[Fact]:
    facts: list[Fact] = []
    for sent in ctx.sentences:
        facts.extend(_quantity_facts(ctx, sent))
        facts.extend(_chemistry_facts(ctx, sent))
    return facts


def _cues(ctx: DocContext, sent: "Span", lo: int, hi: int) -> dict[str, list[int]]:
    """Cue label -> token positions, for the battery cues in tokens lo..hi."""
    out: dict[str, list[int]] = {}
    for span in ctx.triggers(sent, "battery"):
        if lo <= span.start < hi:
            out.setdefault(span.label_.split(":", 1)[1], []).append(span.start)
    return out


def _quantity_facts(ctx: DocContext, sent: "Span") -> list[Fact]:
    quantities = ctx.find_quantities(sent)
    sent_cues = _cues(ctx, sent, sent.start, sent.end)
    facts: list[Fact] = []
    for q in quantities:
        spec = SPEC_OF_UNIT.get(q.unit)
        if spec is None:
            continue
        low, high = LIMITS[q.unit]
        if not low <= q.value <= high:
            continue
        qspan = ctx.token_span(sent, q.start, q.end)
        if qspan is None:
            continue
        lo, hi = ctx.segment_of(sent, qspan.start)
        seg_cues = _cues(ctx, sent, lo, hi)
        if not _states_spec(spec, q, qspan.start, sent_cues, seg_cues):
            continue
        if spec == "range" and _km_twin_exists(q, quantities, ctx.text_of(sent)):
            continue
        if ctx.negated(qspan):
            continue  # "does not support 800-volt charging", "no 800-volt magic here"
        subjects = ctx.subjects.vehicle(sent, qspan)
        listed = [x for x in _listed_before(q, ctx.text_of(sent)) if low <= x[2] <= high]
        for text, start, value in [*listed, (q.text, q.start, q.value)]:
            value = round(value) if spec == "range" else value
            for subject in subjects:
                facts.append(Fact(
                    type="battery", subject=subject, values={"spec": spec, "value": value, "unit": q.unit},
                    text=text, start=sent.start_char + start, end=sent.start_char + start + len(text),
                    sentence=sent.text.strip(), rule=f"battery.{spec}.{q.unit}", confidence=0.85))
    return facts


def _listed_before(q: Quantity, text: str) -> list[tuple[str, int, float]]:
    """Bare numbers listed before a quantity share its unit: "45, 58 and 77 kWh" (text, start, value).

    Only for a unit written after the last number (so "300 km and 400 miles"
    is untouched), converted as the quantity's own number was.
    """
    if q.raw_value == 0:
        return []
    factor = q.value / q.raw_value
    head = text[:q.start]
    match = _LIST_BEFORE.search(head)
    if not match:
        return []
    out = []
    for number in _NUMBER.finditer(match.group(0)):
        out.append((number.group(0), match.start() + number.start(), float(number.group(0)) * factor))
    return out


_LIST_BEFORE = re.compile(r"(?:(?<![\w.,])\d{1,4}(?:\.\d+)?\s*(?:,\s*(?:and|or)?|\band\b|\bor\b)\s*)+$")
_NUMBER = re.compile(r"\d{1,4}(?:\.\d+)?")


def _states_spec(spec: str, q: Quantity, at: int, sent_cues: dict, seg_cues: dict) -> bool:
    if spec == "capacity":
        return "not_capacity" not in seg_cues
    if spec == "voltage":
        return True
    if spec == "range":
        return "range" in sent_cues and "not_range" not in seg_cues
    # charging: the nearest of the charging and motor cues in the segment must be a charging cue
    if "not_charging" in seg_cues or "charging" not in seg_cues:
        return False
    nearest_charge = min(abs(p - at) for p in seg_cues["charging"])
    nearest_motor = min((abs(p - at) for p in seg_cues.get("motor", [])), default=10**6)
    return nearest_charge < nearest_motor


def _km_twin_exists(q: Quantity, quantities: list[Quantity], text: str) -> bool:
    """True for a miles figure whose km equivalent is also written ("275 miles (442 km)").

    Also true for the parenthesized miles after a km figure, which is the
    same range stated again.
    """
    twin = paired(q, quantities, text)
    if twin is not None and twin.unit == "km" and q.raw_unit.lower().startswith("mi") \
            and not twin.raw_unit.lower().startswith("mi"):
        return True
    for other in quantities:
        if other is q or other.unit != "km":
            continue
        if paired(other, quantities, text) is q and not other.raw_unit.lower().startswith("mi"):
            return True
    return False


def _chemistry_facts(ctx: DocContext, sent: "Span") -> list[Fact]:
    cues = _cues(ctx, sent, sent.start, sent.end)
    if "battery_context" not in cues:
        return []
    facts: list[Fact] = []
    for span in ctx.triggers(sent, "battery"):
        label = span.label_.split(":", 1)[1]
        if not label.startswith("chemistry="):
            continue
        chemistry = label.split("=", 1)[1]
        if ctx.negated(span):
            continue  # "uses NMC cells rather than LFP"
        for subject in ctx.subjects.vehicle(sent, span):
            facts.append(Fact(
                type="battery", subject=subject, values={"spec": "chemistry", "value": chemistry, "unit": None},
                text=span.text, start=span.start_char, end=span.end_char, sentence=sent.text.strip(),
                rule=span.id_, confidence=0.85))
    return facts
