"""The Fact record and its JSON shape, in one place.

Field names follow ``GUIDELINES.md`` so that evfacts output can be scored
and consumed without a mapping layer. Every fact carries its evidence (the
matched text, its sentence and character offsets into the document body) and
the id of the rule that found it, so a user can always ask "why".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TYPES: tuple[str, ...] = ("launch_date", "production_target", "battery", "stakeholder")

#: The type-specific fields of each fact type, in output order.
FIELDS: dict[str, tuple[str, ...]] = {
    "launch_date": ("event", "date"),
    "production_target": ("units", "date", "rate", "kind"),
    "battery": ("spec", "value", "unit"),
    "stakeholder": ("name", "entity", "role", "title"),
}
#: Every type's fields once, in output order: the columns of the CSV formats.
ALL_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(f for t in TYPES for f in FIELDS[t]))

EVENTS = ("unveil", "preorder", "launch", "delivery", "production")
RATES = ("day", "week", "month", "year")
TARGET_KINDS = ("target", "capacity")
SPECS = ("capacity", "chemistry", "range", "charging", "voltage")
CHEMISTRIES = ("lithium-ion", "LFP", "NMC", "NCA", "LMFP", "sodium-ion", "solid-state",
               "semi-solid-state", "lithium-metal")
ROLES = ("founder", "investor", "shareholder", "partner", "supplier", "manufacturer", "executive")
ENTITIES = ("organization", "person")


@dataclass
class Fact:
    """One extracted fact with its evidence.

    ``values`` holds the type-specific fields named in :data:`FIELDS`;
    ``extra`` holds optional detail that is not part of the schema proper
    (for example the surface text of the date a launch fact used).
    """

    type: str
    subject: str
    values: dict[str, Any]
    text: str
    start: int
    end: int
    sentence: str
    rule: str
    confidence: float = 0.8
    doc: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def key(self) -> tuple:
        """Identity of the fact within a document: type, subject and its fields."""
        return (self.type, self.subject.lower(),
                tuple(str(self.values.get(f)) for f in FIELDS[self.type]))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: doc, type, subject, the type's fields, evidence, rule."""
        out: dict[str, Any] = {"doc": self.doc, "type": self.type, "subject": self.subject}
        for name in FIELDS[self.type]:
            out[name] = self.values.get(name)
        out.update(self.extra)
        out.update(text=self.text, start=self.start, end=self.end, sentence=self.sentence,
                   confidence=round(self.confidence, 2), rule=self.rule)
        return out


def value_summary(fact: dict[str, Any]) -> str:
    """A short human reading of a fact's value, for tables."""
    t = fact["type"]
    if t == "launch_date":
        return f"{fact['event']} {fact['date']}"
    if t == "production_target":
        rate = f"/{fact['rate']}" if fact.get("rate") else ""
        when = f" by {fact['date']}" if fact.get("date") else ""
        return f"{fact['units']:,}{rate} ({fact['kind']}){when}"
    if t == "battery":
        unit = f" {fact['unit']}" if fact.get("unit") else ""
        value = fact["value"]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{fact['spec']}: {value}{unit}"
    title = f", {fact['title']}" if fact.get("title") else ""
    return f"{fact['name']} ({fact['role']}{title})"
