"""Merging facts across articles (``evfacts.merge``) and the ``evfacts merge`` command.

The articles are written for these tests: a model whose production date is
refined over three articles, a delivery date that slips, battery options,
two targets of one plan, a venture unknown to the gazetteer named three
ways, and two same-day articles that disagree (and an undated one).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.cli import app
from evfacts.documents import ReadError, read_documents
from evfacts.merge import (
    Record,
    Subjects,
    dates_compatible,
    merge,
    numbers_compatible,
    qualifier_in,
    same_subject,
    statements_of,
    titles_compatible,
)

ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}


def article(published: str | None, title: str, body: str) -> str:
    front = f"published: {published}\n" if published else ""
    return f"---\n{front}title: {title}\n---\n" + textwrap.dedent(body).lstrip()


ARTICLES = {
    "kia-a.md": article("2023-05-10", "Kia pencils in EV5 output for next year", """
        Kia will start production of the EV5 in 2024, the carmaker told suppliers this week.

        Kia aims to produce 1,950 EV5 units in March 2024, a spokesperson said.
        """),
    "kia-b.md": article("2023-11-02", "Kia EV5 edges closer", """
        Kia will begin mass production of the EV5 in the first quarter of 2024.

        First deliveries of the EV5 will start in May 2024. Kia plans to build more than 10,000 EV5 units by July 2024.

        The EV5 comes with an 88 kWh battery.
        """),
    "kia-c.md": article("2024-01-15", "Kia EV5 production date confirmed", """
        Kia will begin production of the EV5 in February 2024. Deliveries of the EV5 are now expected to begin in August 2024.

        The EV5 comes with a 64 kWh or an 88 kWh battery.
        """),
    "voltaro-a.md": article("2024-09-01", "Voltaro sets a date for its hatchback", """
        Voltaro will start deliveries of its hatchback, the One, in June 2025. The One has a range of 420 km.
        """),
    "voltaro-b.md": article("2025-02-03", "Voltaro delays its first car", """
        Voltaro will start deliveries of the Voltaro One in September 2025.
        """),
    "voltaro-c.md": article("2025-03-01", "Driving the Voltaro One", """
        The Voltaro One hatchback has a range of 420 km.
        """),
    "ev3-a.md": article("2024-06-10", "Kia to show a smaller EV", """
        Kia will unveil the EV3 in October 2024.
        """),
    "ev3-b.md": article("2024-06-10", "EV3 debut", """
        Kia will unveil the EV3 in November 2024.
        """),
    "ev3-undated.md": article(None, "EV3 notes", """
        Kia will unveil the EV3 in December 2024.
        """),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("merge-corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def records(extractor, corpus) -> list[Record]:
    documents = [d for d in read_documents([str(corpus)]) if not isinstance(d, ReadError)]
    statements = statements_of(extractor.extract_documents(documents))
    return merge(statements, Subjects.of_statements(extractor.gazetteer, statements))


def find(records: list[Record], type_: str, subject: str, **fields) -> list[Record]:
    return [r for r in records if r.type == type_ and r.subject == subject
            and all(r.get(k) == v for k, v in fields.items())]


def one(records: list[Record], type_: str, subject: str, **fields) -> Record:
    found = find(records, type_, subject, **fields)
    assert len(found) == 1, [r.to_dict() for r in records if r.type == type_]
    return found[0]


# ----- comparing values ------------------------------------------------------------------

@pytest.mark.parametrize("a, b, expected", [
    ("2024-Q1", "2024-02", True),
    ("2024-Q1", "2024-07", False),
    ("2024", "2024-02-15", True),
    ("2024-H1", "2024-Q2", True),
    ("2024-H1", "2024-Q3", False),
    ("2024-02", "2024-02-15", True),
    ("2024-02-15", "2024-02-16", False),
    ("2024", "2025", False),
    ("2024-Q2", "2024-06-30", True),
])
def test_dates_are_compatible_when_one_contains_the_other(a, b, expected):
    assert dates_compatible(a, b) is expected
    assert dates_compatible(b, a) is expected


def test_a_date_range_contains_the_dates_inside_it():
    assert dates_compatible("2024", "2025-06", a_end="2026")
    assert not dates_compatible("2024", "2027", a_end="2026")


@pytest.mark.parametrize("a, qa, b, qb, expected", [
    (93, None, 93.4, None, True),        # within 0.5%
    (93, None, 94, None, False),         # 1.1% apart
    (10_000, "over", 12_000, None, True),
    (10_000, "over", 9_000, None, False),
    (10_000, "over", 10_000, None, True),
    (2_000, "about", 1_950, None, True),  # within 5%
    (2_000, "about", 2_200, None, False),
    (500, "under", 450, None, True),
    (500, "under", 600, None, False),
    (10_000, "over", 10_000, "over", True),
    (2_000, "about", 10_000, "over", False),
])
def test_numbers_honour_tolerance_and_qualifiers(a, qa, b, qb, expected):
    assert numbers_compatible(a, b, qa, qb) is expected
    assert numbers_compatible(b, a, qb, qa) is expected


@pytest.mark.parametrize("sentence, text, expected", [
    ("The firm aims to build over 10,000 units by July.", "10,000 units", "over"),
    ("It plans to make about 2,000 units in March.", "2,000 units", "about"),
    ("It will build no more than 5,000 cars.", "5,000 cars", "under"),
    ("It has more than 12,000 orders and 2,000 units in stock.", "2,000 units", None),
    ("One version offers up to 668km of range.", "668km", None),  # "up to" states the spec itself
    ("It will make 3,000 units.", "3,000 units", None),
])
def test_qualifier_is_read_from_the_words_before_the_number(sentence, text, expected):
    assert qualifier_in(sentence, text) == expected


def test_titles_compare_by_words():
    assert titles_compatible("CEO", "Founder and CEO")
    assert titles_compatible("chief executive officer", "CEO")
    assert not titles_compatible("CEO", "CFO")
    assert titles_compatible(None, "CFO")


def test_subjects_match_by_alias_and_brand_prefix(extractor):
    gazetteer = extractor.gazetteer
    assert same_subject(gazetteer, "Zhiji", "IM Motors")
    assert same_subject(gazetteer, "Xiaomi SU7", "SU7")
    assert same_subject(gazetteer, "Voltaro One", "One")      # unknown brand, one word in front
    assert not same_subject(gazetteer, "Q8 e-tron", "e-tron")  # a model code is not a brand
    assert not same_subject(gazetteer, "Model 3", "3")


# ----- merged records --------------------------------------------------------------------

def test_a_refined_date_has_a_history_and_no_conflict(records):
    record = one(records, "launch_date", "EV5", event="production")
    assert record.get("date") == "2024-02"
    assert record.agreement == 3 and not record.conflicts
    assert [(h["published"], h["date"]) for h in record.history] == [
        ("2023-05-10", "2024"), ("2023-11-02", "2024-Q1"), ("2024-01-15", "2024-02")]
    assert Path(record.to_dict()["newest"]["doc"]).name == "kia-c.md"


def test_a_changed_date_supersedes_the_older_source(records):
    record = one(records, "launch_date", "EV5", event="delivery")
    out = record.to_dict()
    assert out["date"] == "2024-08" and out["conflicts"] is True and out["agreement"] == 1
    statuses = {Path(s["doc"]).name: s["status"] for s in out["sources"]}
    assert statuses == {"kia-c.md": "current", "kia-b.md": "superseded"}
    assert [h["date"] for h in out["history"]] == ["2024-05", "2024-08"]


def test_battery_options_are_separate_facts_not_conflicts(records):
    capacities = find(records, "battery", "EV5", spec="capacity")
    assert sorted(r.get("value") for r in capacities) == [64, 88]
    assert not any(r.conflicts for r in capacities)
    assert one(records, "battery", "EV5", spec="capacity", value=88).agreement == 2


def test_targets_for_different_deadlines_are_separate_facts(records):
    targets = find(records, "production_target", "EV5")
    assert sorted((r.get("units"), r.get("date")) for r in targets) == [(1950, "2024-03"), (10000, "2024-07")]
    over = one(records, "production_target", "EV5", units=10000)
    assert over.to_dict()["sources"][0]["qualifier"] == "over"


def test_brand_prefix_and_company_fold_into_the_only_model(records):
    """'One' and 'Voltaro One' (a brand prefix) are one subject, whichever an article writes."""
    delivery = one(records, "launch_date", "One", event="delivery")
    assert set(delivery.subjects) == {"One", "Voltaro One"}
    assert delivery.get("date") == "2025-09"
    assert [s.status for s in delivery.sources] == ["current", "superseded"]
    range_ = one(records, "battery", "One", spec="range")
    assert range_.agreement == 2 and set(range_.subjects) == {"One", "Voltaro One"}


def test_same_day_sources_that_disagree_are_flagged_and_undated_ones_count_as_older(records):
    record = one(records, "launch_date", "EV3", event="unveil")
    statuses = sorted((Path(s.statement.fact.doc).name, s.status) for s in record.sources)
    assert statuses == [("ev3-a.md", "current"), ("ev3-b.md", "disagrees"), ("ev3-undated.md", "superseded")]
    assert record.conflicts
    assert record.history[0]["published"] is None


def test_record_dict_has_the_fact_schema_and_evidence_offsets(records, corpus):
    from evfacts.documents import parse_document

    out = one(records, "launch_date", "EV5", event="production").to_dict()
    assert {"type", "subject", "subjects", "event", "date", "agreement", "conflicts", "newest",
            "history", "sources"} <= set(out)
    for source in out["sources"]:
        body = parse_document(source["doc"], Path(source["doc"]).read_text(encoding="utf-8")).body
        assert body[source["start"]:source["end"]] == source["text"]
        assert source["sentence"] and dt.date.fromisoformat(source["published"])


# ----- the command -------------------------------------------------------------------------

def test_merge_command_writes_one_json_record_per_fact(corpus, tmp_path):
    out = tmp_path / "merged.json"
    result = CliRunner(env=ENV).invoke(app, ["merge", str(corpus), str(tmp_path / "missing.md"),
                                             "--format", "json", "-o", str(out), "-q"])
    assert result.exit_code == 1, result.output  # one input skipped, as for extract
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["error"] for e in data["errors"]] == ["not_found"]
    production = [f for f in data["facts"] if f["type"] == "launch_date" and f["subject"] == "EV5"
                  and f["event"] == "production"]
    assert len(production) == 1 and production[0]["agreement"] == 3
    assert [h["date"] for h in production[0]["history"]] == ["2024", "2024-Q1", "2024-02"]
