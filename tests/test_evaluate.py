"""Tests for evfacts.evaluate: gold loading, matching rules, scores and the report."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evfacts.evaluate import (
    TYPES,
    ErrorRow,
    GoldDoc,
    Report,
    Score,
    load_gold,
    render_report,
    score,
)


def write_gold(folder: Path, name: str, body: str) -> Path:
    """Write ``name``.md (a stub article) and ``name``.gold.yaml with ``body``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text("Stub article.\n", encoding="utf-8")
    path = folder / f"{name}.gold.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def gold_doc(facts: list[dict], doc: str = "a.md") -> GoldDoc:
    """A GoldDoc built in memory, for tests of the matching rules alone."""
    return GoldDoc(doc=doc, path=Path(doc), gold_path=Path(doc + ".gold.yaml"), facts=facts)


def counts(s: Score) -> tuple[int, int, int]:
    return (s.tp, s.predicted, s.gold)


def prf(s: Score) -> tuple[float, float, float]:
    return (round(s.precision, 4), round(s.recall, 4), round(s.f1, 4))


ROADSTER_GOLD = """\
    doc: roadster.md
    facts:
      - type: launch_date
        subject: [Volt Roadster, Roadster]
        event: unveil
        date: 2031-05-14
        quote: not scored
      - type: production_target
        subject: [Volt Roadster]
        units: 25000
        date: "2032"
        rate: year
        kind: target
      - type: battery
        subject: [Volt Roadster]
        spec: capacity
        value: 93
        unit: kWh
      - type: battery
        subject: [Volt Roadster]
        spec: chemistry
        value: LFP
        unit: null
      - type: stakeholder
        subject: [Volt Motors, Volt]
        name: [Kestrel Holdings, Kestrel]
        entity: organization
        role: investor
        title: null
    """

ROADSTER_PREDICTED = [
    {"type": "launch_date", "subject": "Volt Roadster", "event": "unveil", "date": "2031-05-14"},
    {"type": "production_target", "subject": "Volt Roadster", "units": 25000, "date": "2032",
     "rate": "year", "kind": "target"},
    {"type": "battery", "subject": "Volt Roadster", "spec": "capacity", "value": 93.0, "unit": "kWh"},
    {"type": "battery", "subject": "Volt Roadster", "spec": "chemistry", "value": "LFP", "unit": None},
    {"type": "stakeholder", "subject": "Volt Motors", "name": "Kestrel Holdings",
     "entity": "organization", "role": "investor", "title": None},
]


# --------------------------------------------------------------------------- load_gold


def test_load_gold_finds_files_recursively_in_sorted_order(tmp_path: Path) -> None:
    write_gold(tmp_path / "b", "second", "doc: second.md\nfacts: []\n")
    write_gold(tmp_path / "a", "first", ROADSTER_GOLD.replace("roadster.md", "first.md"))
    docs = load_gold(tmp_path)
    assert [d.doc for d in docs] == ["first.md", "second.md"]
    assert docs[0].path == tmp_path / "a" / "first.md"
    assert docs[0].gold_path == tmp_path / "a" / "first.gold.yaml"
    assert len(docs[0].facts) == 5
    assert docs[0].facts[0]["date"] == dt.date(2031, 5, 14)  # unquoted YAML date stays a date
    assert docs[1].facts == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("facts: []\n", "`doc`"),
        ("doc: x.md\nfacts: {type: battery}\n", "must be a list"),
        ("doc: x.md\n", "no `facts`"),
        ("doc: x.md\nfacts:\n  - type: range\n    subject: [A]\n", "type 'range'"),
        ("doc: x.md\nfacts:\n  - subject: [A]\n    name: B\n", "type None"),
        ("doc: x.md\nfacts:\n  - type: stakeholder\n    subject: [A]\n", "no `name`"),
        ("doc: x.md\nfacts:\n  - type: stakeholder\n    name: B\n", "no `subject`"),
        ("doc: x.md\nfacts: [\n", "cannot read"),
        ("- just a list\n", "mapping"),
        ("doc: missing.md\nfacts: []\n", "not found"),
    ],
)
def test_malformed_gold_file_error_names_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = write_gold(tmp_path, "x", body)
    with pytest.raises(ValueError) as info:
        load_gold(tmp_path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_null_facts_means_no_facts(tmp_path: Path) -> None:
    write_gold(tmp_path, "x", "doc: x.md\nfacts:\n")
    assert load_gold(tmp_path)[0].facts == []


def test_production_target_gold_may_have_null_date(tmp_path: Path) -> None:
    write_gold(tmp_path, "x", "doc: x.md\nfacts:\n  - {type: production_target, subject: [A], units: 5, date: null}\n")
    assert load_gold(tmp_path)[0].facts[0]["date"] is None


# --------------------------------------------------------------------------- matching rules


def test_perfect_match(tmp_path: Path) -> None:
    write_gold(tmp_path, "roadster", ROADSTER_GOLD)
    report = score(load_gold(tmp_path), {"roadster.md": ROADSTER_PREDICTED})
    for mode in (report.value, report.strict):
        assert set(mode) == set(TYPES) | {"micro"}
        assert all(prf(s) == (1.0, 1.0, 1.0) for s in mode.values())
        assert counts(mode["micro"]) == (5, 5, 5)
        assert counts(mode["battery"]) == (2, 2, 2)
    assert report.errors == []


def test_right_value_wrong_subject_counts_for_value_not_strict(tmp_path: Path) -> None:
    write_gold(tmp_path, "roadster", ROADSTER_GOLD)
    predicted = [dict(f, subject="Volt Coupe") for f in ROADSTER_PREDICTED]
    report = score(load_gold(tmp_path), {"roadster.md": predicted})
    assert prf(report.value["micro"]) == (1.0, 1.0, 1.0)
    assert counts(report.strict["micro"]) == (0, 5, 5)
    assert prf(report.strict["micro"]) == (0.0, 0.0, 0.0)
    assert sorted(e.kind for e in report.errors) == ["extra"] * 5 + ["missed"] * 5


def test_list_valued_gold_fields_accept_any_listed_value() -> None:
    gold = [gold_doc([
        {"type": "launch_date", "subject": ["Volt Roadster", "Roadster"], "event": ["launch", "delivery"],
         "date": ["2031-05-14", "2031-05"]},
        {"type": "stakeholder", "subject": ["Volt Motors", "Volt"], "name": ["Kestrel Holdings", "Kestrel"]},
    ])]
    predicted = [
        {"type": "launch_date", "subject": "Roadster", "event": "delivery", "date": "2031-05"},
        {"type": "stakeholder", "subject": "Volt", "name": "Kestrel"},
    ]
    report = score(gold, {"a.md": predicted})
    assert counts(report.strict["micro"]) == (2, 2, 2)
    wrong = [{"type": "launch_date", "subject": "Roadster", "event": "unveil", "date": "2031-05"}]
    assert counts(score(gold, {"a.md": wrong}).value["launch_date"]) == (0, 1, 1)


@pytest.mark.parametrize(
    ("predicted", "matches"),
    [(92.6, True), (93.4, True), ("93", True), (93.0, True), (92, False), (94, False), (92.5, False)],
)
def test_battery_numbers_match_within_half_a_percent(predicted: object, matches: bool) -> None:
    gold = [gold_doc([{"type": "battery", "subject": ["X"], "spec": "capacity", "value": 93}])]
    pred = [{"type": "battery", "subject": "X", "spec": "capacity", "value": predicted}]
    assert score(gold, {"a.md": pred}).strict["battery"].tp == int(matches)


def test_production_units_match_exactly() -> None:
    gold = [gold_doc([{"type": "production_target", "subject": ["X"], "units": 10000, "date": None}])]
    near = [{"type": "production_target", "subject": "X", "units": 10010, "date": None}]
    same = [{"type": "production_target", "subject": "X", "units": "10,000", "date": None}]
    assert score(gold, {"a.md": near}).value["production_target"].tp == 0
    assert score(gold, {"a.md": same}).value["production_target"].tp == 1


def test_chemistry_is_compared_as_a_normalized_name() -> None:
    gold = [gold_doc([{"type": "battery", "subject": ["X"], "spec": "chemistry", "value": "sodium-ion"}])]
    for value, tp in (("Sodium Ion", 1), ("SODIUM-ION", 1), ("lithium-ion", 0)):
        pred = [{"type": "battery", "subject": "X", "spec": "Chemistry", "value": value}]
        assert score(gold, {"a.md": pred}).value["battery"].tp == tp, value


def test_dates_as_yaml_date_objects_and_case(tmp_path: Path) -> None:
    write_gold(tmp_path, "d", """\
        doc: d.md
        facts:
          - {type: launch_date, subject: [X], event: launch, date: 2031-05-14}
          - {type: launch_date, subject: [X], event: delivery, date: [2031-06-01, "2031-06"]}
          - {type: launch_date, subject: [X], event: production, date: 2031-Q3}
        """)
    predicted = [
        {"type": "launch_date", "subject": "X", "event": "launch", "date": "2031-05-14"},
        {"type": "launch_date", "subject": "X", "event": "delivery", "date": dt.date(2031, 6, 1)},
        {"type": "launch_date", "subject": "X", "event": "production", "date": "2031-q3"},
    ]
    assert counts(score(load_gold(tmp_path), {"d.md": predicted}).strict["launch_date"]) == (3, 3, 3)


def test_null_date_matches_only_null() -> None:
    gold = [gold_doc([
        {"type": "production_target", "subject": ["X"], "units": 100, "date": None},
        {"type": "production_target", "subject": ["X"], "units": 200, "date": [None, "2030"]},
    ])]
    predicted = [
        {"type": "production_target", "subject": "X", "units": 100, "date": "2030"},
        {"type": "production_target", "subject": "X", "units": 200, "date": None},
    ]
    assert counts(score(gold, {"a.md": predicted}).value["production_target"]) == (1, 2, 2)


def test_names_ignore_case_punctuation_possessive_and_article() -> None:
    gold = [gold_doc([
        {"type": "stakeholder", "subject": ["Volt Motors"], "name": "Kestrel Holdings"},
        {"type": "stakeholder", "subject": ["Volt Motors"], "name": "Orca-Batteries"},
        {"type": "stakeholder", "subject": ["Volt Motors"], "name": "U.S. Grid Co"},
    ])]
    predicted = [
        {"type": "stakeholder", "subject": "volt motors’s", "name": "the KESTREL holdings’s"},
        {"type": "stakeholder", "subject": "Volt Motors's", "name": "Orca Batteries"},
        {"type": "stakeholder", "subject": "VOLT-MOTORS", "name": "US Grid Co."},
    ]
    assert counts(score(gold, {"a.md": predicted}).strict["stakeholder"]) == (3, 3, 3)


def test_repeated_predictions_count_once_but_other_subjects_do_not_merge() -> None:
    gold = [gold_doc([
        {"type": "launch_date", "subject": ["R7"], "event": "preorder", "date": "2031-05"},
        {"type": "launch_date", "subject": ["R9"], "event": "preorder", "date": "2031-05"},
    ])]
    fact = {"type": "launch_date", "subject": "R7", "event": "preorder", "date": "2031-05"}
    repeated = [fact, dict(fact, subject="r7", text="again"), dict(fact, date="2031-05 ")]
    report = score(gold, {"a.md": repeated})
    assert counts(report.strict["launch_date"]) == (1, 1, 2)
    both = repeated + [dict(fact, subject="R9")]
    assert counts(score(gold, {"a.md": both}).value["launch_date"]) == (2, 2, 2)


def test_document_without_predictions_is_all_missed(tmp_path: Path) -> None:
    write_gold(tmp_path, "roadster", ROADSTER_GOLD)
    write_gold(tmp_path, "other", "doc: other.md\nfacts:\n  - {type: stakeholder, subject: [Y], name: Z}\n")
    report = score(load_gold(tmp_path), {"roadster.md": ROADSTER_PREDICTED, "unannotated.md": ROADSTER_PREDICTED})
    assert counts(report.strict["micro"]) == (5, 5, 6)
    assert prf(report.strict["micro"]) == (1.0, 0.8333, 0.9091)
    assert counts(report.strict["stakeholder"]) == (1, 1, 2)
    assert [(e.doc, e.kind) for e in report.errors] == [("other.md", "missed")]


def test_predictions_are_looked_up_by_file_name(tmp_path: Path) -> None:
    write_gold(tmp_path / "sub", "roadster", ROADSTER_GOLD)
    docs = load_gold(tmp_path)
    assert score(docs, {"roadster.md": ROADSTER_PREDICTED}).strict["micro"].tp == 5


def test_matching_is_optimal_not_greedy() -> None:
    # Greedy in gold order would give the day-precise prediction's partner away.
    gold = [gold_doc([
        {"type": "launch_date", "subject": ["A"], "event": "launch", "date": ["2031-05-14", "2031-05"]},
        {"type": "launch_date", "subject": ["A"], "event": "launch", "date": "2031-05"},
    ])]
    predicted = [
        {"type": "launch_date", "subject": "A", "event": "launch", "date": "2031-05"},
        {"type": "launch_date", "subject": "A", "event": "launch", "date": "2031-05-14"},
    ]
    assert counts(score(gold, {"a.md": predicted}).value["launch_date"]) == (2, 2, 2)


def test_unknown_predicted_types_are_ignored() -> None:
    gold = [gold_doc([])]
    report = score(gold, {"a.md": [{"type": "price", "subject": "X"}, {"subject": "Y"}]})
    assert counts(report.value["micro"]) == (0, 0, 0)


def test_hand_computed_example() -> None:
    """Two documents, every type, counted by hand below."""
    doc1 = gold_doc([
        {"type": "launch_date", "subject": ["Q5"], "event": "launch", "date": "2031"},       # hit
        {"type": "launch_date", "subject": ["Q5"], "event": "delivery", "date": "2031-H2"},  # missed
        {"type": "battery", "subject": ["Q5"], "spec": "range", "value": 500},               # value only
        {"type": "stakeholder", "subject": ["Qmotors"], "name": "Lin Wei"},                  # hit
    ], doc="one.md")
    doc2 = gold_doc([
        {"type": "production_target", "subject": ["Qmotors"], "units": 300000, "date": None},  # hit
        {"type": "production_target", "subject": ["Qmotors"], "units": 50000, "date": "2032"},  # missed
    ], doc="two.md")
    predictions = {
        "one.md": [
            {"type": "launch_date", "subject": "Q5", "event": "launch", "date": "2031"},
            {"type": "launch_date", "subject": "Q5", "event": "launch", "date": "2031"},       # duplicate
            {"type": "launch_date", "subject": "Q5", "event": "unveil", "date": "2030"},      # extra
            {"type": "battery", "subject": "Qmotors", "spec": "range", "value": 501},         # wrong subject
            {"type": "stakeholder", "subject": "Qmotors", "name": "Lin Wei"},
        ],
        "two.md": [
            {"type": "production_target", "subject": "Qmotors", "units": 300000, "date": None},
            {"type": "production_target", "subject": "Qmotors", "units": 50000, "date": "2033"},  # wrong date
        ],
    }
    report = score([doc1, doc2], predictions)
    # value: launch 1/2 of 2, target 1/2 of 2, battery 1/1 of 1, stakeholder 1/1 of 1
    assert counts(report.value["launch_date"]) == (1, 2, 2)
    assert counts(report.value["production_target"]) == (1, 2, 2)
    assert counts(report.value["battery"]) == (1, 1, 1)
    assert counts(report.value["stakeholder"]) == (1, 1, 1)
    assert counts(report.value["micro"]) == (4, 6, 6)
    assert prf(report.value["micro"]) == (0.6667, 0.6667, 0.6667)
    # strict: the battery fact fails on subject
    assert counts(report.strict["battery"]) == (0, 1, 1)
    assert counts(report.strict["micro"]) == (3, 6, 6)
    assert prf(report.strict["micro"]) == (0.5, 0.5, 0.5)
    assert prf(report.strict["battery"]) == (0.0, 0.0, 0.0)
    kinds = sorted((e.doc, e.type, e.kind) for e in report.errors)
    assert kinds == [
        ("one.md", "battery", "extra"), ("one.md", "battery", "missed"),
        ("one.md", "launch_date", "extra"), ("one.md", "launch_date", "missed"),
        ("two.md", "production_target", "extra"), ("two.md", "production_target", "missed"),
    ]


@settings(max_examples=50, deadline=None)
@given(st.randoms(use_true_random=False))
def test_score_does_not_depend_on_prediction_order(rnd) -> None:
    gold = [gold_doc([
        {"type": "launch_date", "subject": ["A", "B"], "event": ["launch", "delivery"], "date": ["2031", "2031-H1"]},
        {"type": "launch_date", "subject": ["B"], "event": "launch", "date": "2031"},
        {"type": "launch_date", "subject": ["A"], "event": "delivery", "date": "2031-H1"},
    ])]
    predicted = [
        {"type": "launch_date", "subject": s, "event": e, "date": d}
        for s in ("A", "B") for e in ("launch", "delivery") for d in ("2031", "2031-H1")
    ]
    expected = score(gold, {"a.md": predicted})
    rnd.shuffle(predicted)
    shuffled = score(gold, {"a.md": predicted})
    assert counts(shuffled.value["micro"]) == counts(expected.value["micro"]) == (3, 8, 3)
    assert counts(shuffled.strict["micro"]) == counts(expected.strict["micro"]) == (3, 8, 3)


# --------------------------------------------------------------------------- scores and report


@pytest.mark.parametrize(
    ("tp", "predicted", "gold", "expected"),
    [
        (0, 0, 0, (1.0, 1.0, 1.0)),
        (0, 0, 4, (0.0, 0.0, 0.0)),
        (0, 3, 0, (0.0, 1.0, 0.0)),
        (2, 4, 3, (0.5, 0.6667, 0.5714)),
    ],
)
def test_score_conventions(tp: int, predicted: int, gold: int, expected: tuple[float, float, float]) -> None:
    assert prf(Score(tp, predicted, gold)) == expected


def test_to_dict_is_json_with_dates_as_strings(tmp_path: Path) -> None:
    write_gold(tmp_path, "roadster", ROADSTER_GOLD)
    data = score(load_gold(tmp_path), {}).to_dict()
    again = json.loads(json.dumps(data))
    assert again["value"]["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "predicted": 0, "gold": 5}
    assert set(again["strict"]) == set(TYPES) | {"micro"}
    missed_launch = next(e for e in again["errors"] if e["type"] == "launch_date")
    assert missed_launch["kind"] == "missed" and missed_launch["fact"]["date"] == "2031-05-14"


def test_render_report_table_errors_and_micro_line(tmp_path: Path) -> None:
    write_gold(tmp_path, "roadster", ROADSTER_GOLD)
    predicted = ROADSTER_PREDICTED[:4] + [{"type": "stakeholder", "subject": "Volt", "name": "Heron Capital"}]
    report = score(load_gold(tmp_path), {"roadster.md": predicted})
    text = render_report(report)
    lines = text.splitlines()
    assert lines[-1] == "strict micro F1 0.800"
    assert [line.split()[0] for line in lines[1:6]] == list(TYPES) + ["micro"]
    assert lines[5].split() == ["micro", "0.800", "0.800", "0.800", "0.800", "0.800", "0.800", "5"]
    assert "missed" not in text
    detailed = render_report(report, show_errors=True)
    assert "missed roadster.md: stakeholder: subject=Volt Motors|Volt, name=Kestrel Holdings|Kestrel" in detailed
    assert "extra  roadster.md: stakeholder: subject=Volt, name=Heron Capital" in detailed
    assert detailed.splitlines()[-1] == "strict micro F1 0.800"


def test_render_report_shows_gold_dates_in_iso_form() -> None:
    row = ErrorRow("a.md", "launch_date", "missed",
                   {"type": "launch_date", "subject": ["X"], "event": "launch", "date": dt.date(2031, 1, 2)})
    report = Report(value={n: Score() for n in TYPES + ("micro",)},
                    strict={n: Score() for n in TYPES + ("micro",)}, errors=[row])
    assert "missed a.md: launch_date: subject=X, event=launch, date=2031-01-02" in render_report(report, True)
