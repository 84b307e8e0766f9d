"""The samples/ folder end to end: the accuracy floor and facts extracted today.

This is ``evfacts evaluate samples/`` through the library (load_gold, the
shared extractor, score), so the model is not loaded a second time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evfacts.documents import Document
from evfacts.inputs import read_inputs
from evfacts.evaluate import load_gold, score
from evfacts.facts import CHEMISTRIES, ENTITIES, EVENTS, FIELDS, RATES, ROLES, SPECS, TARGET_KINDS

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

#: Strict micro F1 on samples/ must not fall below this. Measured 0.661 when set
#: (it rose from 0.49 during the same session's extractor work). Raise it as
#: accuracy improves (keep it ~0.05 under the measured value); never lower it quietly.
FLOOR = 0.75

DATE = re.compile(r"^\d{4}(?:-(?:Q[1-4]|H[12]|(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?))?$")
UNITS = {"capacity": "kWh", "chemistry": None, "range": "km", "charging": "kW", "voltage": "V"}

#: Facts extracted correctly today (each also in the sample's gold file):
#: (article, type, acceptable subjects, fields the fact must have).
EXPECTED = [
    ("wire-volvo-ex30-unveil.md", "launch_date", {"EX30", "Volvo EX30"},
     {"event": "unveil", "date": "2023-06-07"}),
    ("wire-volvo-ex30-unveil.md", "battery", {"EX30", "Volvo EX30"},
     {"spec": "capacity", "value": 51, "unit": "kWh"}),
    ("wire-volvo-ex30-unveil.md", "battery", {"EX30", "Volvo EX30"},
     {"spec": "chemistry", "value": "LFP", "unit": None}),
    ("wire-volvo-ex30-unveil.md", "stakeholder", {"Volvo Cars", "Volvo"},
     {"name": "Jim Rowan", "entity": "person", "role": "executive"}),
    ("blog-kia-ev3-spec-rundown.md", "battery", {"EV3", "Kia EV3"},
     {"spec": "capacity", "value": 81.4, "unit": "kWh"}),
    ("blog-kia-ev3-spec-rundown.md", "launch_date", {"EV3", "Kia EV3"},
     {"event": "launch", "date": "2024-07"}),
    ("brief-fisker-ocean-graz-sop.md", "launch_date", {"Ocean", "Fisker Ocean"},
     {"event": "production", "date": "2022-11-17"}),
    ("brief-fisker-ocean-graz-sop.md", "stakeholder", {"Fisker", "Fisker Inc."},
     {"name": "Henrik Fisker", "entity": "person", "role": ("founder", "executive")}),
    ("cnev-haoyun-october-deliveries-s9.md", "production_target", {"S9", "Haoyun S9"},
     {"units": 10000, "date": "2025-03", "rate": "month", "kind": "target"}),
    ("wire-rivian-r2-r3-unveil.md", "production_target", {"Rivian", "Rivian Automotive", "R2", "Rivian R2"},
     {"units": 215000, "date": None, "rate": "year", "kind": "capacity"}),
    ("wire-rivian-r2-r3-unveil.md", "stakeholder", {"Rivian", "Rivian Automotive"},
     {"name": "Amazon", "entity": "organization", "role": "investor"}),
    ("brief-ev-roundup-frankfurt-2019.md", "production_target", {"Volkswagen", "VW", "ID.3"},
     {"units": 330000, "date": "2021", "rate": "year", "kind": "capacity"}),
]


@pytest.fixture(scope="module")
def gold():
    return load_gold(SAMPLES)


@pytest.fixture(scope="module")
def results(gold, extractor):
    documents = list(read_inputs(dict.fromkeys(str(g.path) for g in gold)))
    assert all(isinstance(d, Document) for d in documents), documents
    return {Path(r.document.path).name: r for r in extractor.extract_documents(documents)}


@pytest.fixture(scope="module")
def predictions(results):
    return {name: [f.to_dict() for f in r.facts] for name, r in results.items()}


def test_every_sample_has_gold(gold):
    """Every article of every kind: text and web pages by file name, JSON Lines articles as FILE:LINE."""
    articles = {p.name for suffix in ("*.md", "*.html") for p in SAMPLES.rglob(suffix)} - {"README.md"}
    for corpus in SAMPLES.rglob("*.jsonl"):
        lines = corpus.read_text(encoding="utf-8").splitlines()
        articles |= {f"{corpus.name}:{n}" for n, line in enumerate(lines, 1) if line.strip()}
    assert any(a.endswith(".html") for a in articles) and any(".jsonl:" in a for a in articles)
    assert {g.doc for g in gold} == articles


def test_strict_micro_f1_floor(gold, predictions):
    report = score(gold, predictions)
    f1 = report.strict["micro"].f1
    assert f1 >= FLOOR, f"strict micro F1 {f1:.3f} fell below the floor {FLOOR:.3f}"
    # Value-only matching never scores below strict matching.
    assert report.value["micro"].f1 >= f1


def _matches(fact: dict, subjects: set[str], fields: dict) -> bool:
    if fact["subject"] not in subjects:
        return False
    for name, wanted in fields.items():
        got = fact.get(name)
        if isinstance(wanted, tuple):
            if got not in wanted:
                return False
        elif isinstance(wanted, (int, float)) and not isinstance(wanted, bool):
            if not isinstance(got, (int, float)) or abs(got - wanted) > 1e-9:
                return False
        elif got != wanted:
            return False
    return True


@pytest.mark.parametrize("doc, ftype, subjects, fields", EXPECTED,
                         ids=[f"{d.split('.')[0]}:{t}:{next(iter(f.values()))}" for d, t, _, f in EXPECTED])
def test_known_fact_is_extracted(predictions, doc, ftype, subjects, fields):
    facts = [f for f in predictions[doc] if f["type"] == ftype]
    assert any(_matches(f, subjects, fields) for f in facts), (
        f"no {ftype} {sorted(subjects)} {fields} in {doc}; got "
        + "; ".join(f"{f['subject']}: " + ", ".join(f"{k}={f.get(k)}" for k in FIELDS[ftype]) for f in facts))


def test_expected_facts_cover_every_type():
    assert {t for _, t, _, _ in EXPECTED} == set(FIELDS)


def test_every_fact_follows_the_schema(predictions):
    facts = [f for fs in predictions.values() for f in fs]
    assert len(facts) > 50
    for f in facts:
        assert f["subject"] and f["subject"].strip() == f["subject"], f
        assert 0 < f["confidence"] <= 1 and f["rule"], f
        t = f["type"]
        if t == "launch_date":
            assert f["event"] in EVENTS and DATE.match(f["date"] or ""), f
        elif t == "production_target":
            assert isinstance(f["units"], int) and f["units"] > 0, f
            assert f["rate"] in RATES + (None,) and f["kind"] in TARGET_KINDS, f
            assert f["date"] is None or DATE.match(f["date"]), f
        elif t == "battery":
            assert f["spec"] in SPECS and f["unit"] == UNITS[f["spec"]], f
            if f["spec"] == "chemistry":
                assert f["value"] in CHEMISTRIES, f
            else:
                assert isinstance(f["value"], (int, float)) and f["value"] > 0, f
        else:
            assert t == "stakeholder", f
            assert f["name"] and f["entity"] in ENTITIES and f["role"] in ROLES, f
            if f["role"] == "executive":       # "title: for an executive, the title given, else null"
                assert isinstance(f["title"], str) and f["title"].strip(), f
            else:
                assert f["title"] is None, f


def test_evidence_offsets_in_every_sample(results):
    checked = 0
    for name, result in results.items():
        body = result.document.body
        for fact in result.facts:
            assert body[fact.start:fact.end] == fact.text, (name, fact.to_dict())
            assert fact.text in fact.sentence, (name, fact.to_dict())
            assert fact.doc == result.document.path
            checked += 1
    assert checked > 50


def test_facts_come_in_document_order(results):
    for result in results.values():
        starts = [f.start for f in result.facts]
        assert starts == sorted(starts)
