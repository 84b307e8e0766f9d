"""Checking claims (``evfacts.claims``) and the ``evfacts check`` command.

The articles and claims are written for these tests. Library tests share the
session extractor; each CLI call builds its own, so there are few of them.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.claims import (
    CONTRADICTED,
    NOT_FOUND,
    SUPPORTED,
    ClaimError,
    Verdict,
    build_claims,
    check,
    load_claims_file,
)
from evfacts.cli import app
from evfacts.documents import ReadError, parse_document, read_documents
from evfacts.merge import Subjects, merge, statements_of

ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
CLAIM_DAY = dt.date(2025, 1, 1)


def article(published: str, body: str) -> str:
    return f"---\npublished: {published}\n---\n" + textwrap.dedent(body).lstrip()


ARTICLES = {
    "kia-old.md": article("2023-11-02", """
        Kia will begin mass production of the EV5 in the first quarter of 2024.

        First deliveries of the EV5 will start in May 2024. Kia plans to build more than 10,000 EV5 units by July 2024.
        """),
    "kia-new.md": article("2024-01-15", """
        Kia will begin production of the EV5 in February 2024. Deliveries of the EV5 are now expected to begin in August 2024.

        Kia aims to produce 1,950 EV5 units in March 2024. The EV5 comes with a 64 kWh or an 88 kWh battery.
        """),
    "im.md": article("2022-03-01", """
        IM Motors, the venture backed by SAIC Motor and Alibaba, will deliver the IM L7 in April 2022.
        The IM L7 has a 93 kWh battery.
        """),
    "voltaro.md": article("2024-09-01", """
        Voltaro will start deliveries of its hatchback, the One, in June 2025. The One has a range of 420 km.
        """),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("claims-corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def verdicts_of(extractor, corpus):
    """A function from claim sentences or structured entries to their verdicts against the corpus."""
    documents = [d for d in read_documents([str(corpus)]) if not isinstance(d, ReadError)]
    statements = statements_of(extractor.extract_documents(documents))
    subjects = Subjects.of_statements(extractor.gazetteer, statements)
    records = merge(statements, subjects)

    def run(*entries: str | dict) -> list[Verdict]:
        items = [{"claim": e} if isinstance(e, str) else e for e in entries]
        claims = build_claims(items, lambda text: extractor.extract_text(text, published=CLAIM_DAY))
        return check(claims, records, subjects)

    return run


def verdict(verdicts_of, claim: str | dict) -> Verdict:
    [result] = verdicts_of(claim)
    return result


def cited(result: Verdict) -> list[tuple[str, str]]:
    return [(Path(e.statement.fact.doc).name, e.status) for e in result.evidence]


# ----- verdicts --------------------------------------------------------------------------

def test_supported_cites_the_newest_article_first(verdicts_of):
    result = verdict(verdicts_of, "Kia will start production of the EV5 in February 2024")
    assert result.verdict == SUPPORTED
    assert cited(result)[0] == ("kia-new.md", "supports")


def test_a_coarser_claimed_date_is_supported_by_a_finer_one_and_not_by_another(verdicts_of):
    assert verdict(verdicts_of, "Kia will start production of the EV5 in Q1 2024").verdict == SUPPORTED
    result = verdict(verdicts_of, "Kia will start production of the EV5 in July 2024")
    assert result.verdict == CONTRADICTED
    assert cited(result)[0] == ("kia-new.md", "contradicts")


def test_not_found_when_the_coverage_never_states_the_spec(verdicts_of):
    result = verdict(verdicts_of, "The EV5 has a range of 500 km")
    assert result.verdict == NOT_FOUND and result.evidence == []


def test_the_newest_article_decides_and_older_ones_are_superseded(verdicts_of):
    old_date = verdict(verdicts_of, "First deliveries of the EV5 will start in May 2024")
    assert old_date.verdict == CONTRADICTED
    assert cited(old_date) == [("kia-new.md", "contradicts"), ("kia-old.md", "superseded")]
    new_date = verdict(verdicts_of, "EV5 deliveries will begin in August 2024")
    assert new_date.verdict == SUPPORTED
    assert cited(new_date) == [("kia-new.md", "supports"), ("kia-old.md", "superseded")]


@pytest.mark.parametrize("claim, expected", [
    ("Kia plans to produce 12,000 EV5 units by July 2024", SUPPORTED),     # the article says "more than 10,000"
    ("Kia plans to build 9,000 EV5 units by July 2024", CONTRADICTED),
    ("Kia aims to produce about 2,000 EV5 units in March 2024", SUPPORTED),  # the article says 1,950
    ("The Kia EV5 has an 88.3 kWh battery", SUPPORTED),                    # within 0.5% of 88
    ("The EV5 has an 89 kWh battery", CONTRADICTED),
    ("The EV5 has a 64 kWh battery", SUPPORTED),                           # the other option
])
def test_numbers_within_tolerance_and_qualifiers(verdicts_of, claim, expected):
    assert verdict(verdicts_of, claim).verdict == expected


def test_subjects_and_names_match_by_alias_and_brand_prefix(verdicts_of):
    results = verdicts_of(
        "Zhiji is backed by SAIC",                           # IM Motors / SAIC Motor
        "SAIC Motor is an investor in IM Motors",            # read as shareholder; the article says backed by
        "The Voltaro One hatchback has a range of 420 km",   # the article calls it "the One"
        {"type": "battery", "subject": "L7", "spec": "capacity", "value": 93, "id": "l7-capacity"},
    )
    assert [r.verdict for r in results] == [SUPPORTED] * 4
    assert results[0].evidence[0].statement.get("name") == "SAIC Motor"
    assert results[3].claim.id == "l7-capacity"


def test_a_structured_claim_honours_its_qualifier(verdicts_of):
    claim = {"type": "production_target", "subject": "Kia EV5", "units": 10000, "date": "2024-07",
             "qualifier": "over"}
    assert verdict(verdicts_of, claim).verdict == SUPPORTED
    assert verdict(verdicts_of, {**claim, "units": 12000}).verdict == SUPPORTED
    assert verdict(verdicts_of, {**claim, "units": 12000, "qualifier": None}).verdict == SUPPORTED
    assert verdict(verdicts_of, {**claim, "units": 9000, "qualifier": None}).verdict == CONTRADICTED


def test_a_claim_that_yields_no_fact_is_an_error_naming_it(verdicts_of):
    with pytest.raises(ClaimError, match='"Electric cars are popular."'):
        verdicts_of("Kia will start production of the EV5 in February 2024", "Electric cars are popular.")


# ----- claims files --------------------------------------------------------------------

@pytest.mark.parametrize("entry, message", [
    ({"type": "launch", "subject": "EV5"}, "'type' must be one of"),
    ({"type": "launch_date", "subject": "EV5", "event": "production"}, "needs date"),
    ({"type": "launch_date", "subject": "EV5", "event": "production", "date": "Feb 2024"}, "'date' must be like"),
    ({"type": "launch_date", "subject": "EV5", "event": "sop", "date": "2024-02"}, "'event' must be one of"),
    ({"type": "battery", "subject": "EV5", "spec": "range", "value": 300, "unit": "mi"}, "in km"),
    ({"type": "battery", "subject": "EV5", "spec": "chemistry", "value": "graphene"}, "a chemistry is one of"),
    ({"type": "stakeholder", "subject": "EV5", "name": "Kia", "role": "owner"}, "'role' must be one of"),
    ({"type": "battery", "subject": "EV5", "spec": "capacity", "value": 88, "colour": "red"}, "unknown field"),
    ({"claim": "The EV5 has an 88 kWh battery", "weight": 2}, "only 'claim' and 'id'"),
])
def test_malformed_structured_claims_are_named(entry, message):
    with pytest.raises(ClaimError, match=message) as info:
        build_claims([entry], lambda text: [], where="claims.yaml item")
    assert "claims.yaml item 1" in str(info.value)


def test_claims_file_is_a_yaml_list(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text("- claim: The EV5 has an 88 kWh battery\n  id: one\n"
                    "- {type: launch_date, subject: EV5, event: production, date: 2024-02-15}\n", encoding="utf-8")
    entries = load_claims_file(path)
    [structured] = build_claims(entries[1:], lambda text: [])
    assert structured.statement.get("date") == "2024-02-15"  # YAML reads it as a date; kept as written
    path.write_text("claim: not a list\n", encoding="utf-8")
    with pytest.raises(ClaimError, match="YAML list"):
        load_claims_file(path)
    path.write_text("- [a, list]\n", encoding="utf-8")
    with pytest.raises(ClaimError, match="YAML list"):
        load_claims_file(path)


def test_claims_file_item_may_be_a_bare_sentence(tmp_path):
    """Issue 15: the README says an item is a sentence or a fact; a bare sentence was refused."""
    path = tmp_path / "claims.yaml"
    path.write_text("- The EV5 has an 88 kWh battery\n- {claim: The EV5 has a range of 500 km, id: r}\n",
                    encoding="utf-8")
    entries = load_claims_file(path)
    assert entries == [{"claim": "The EV5 has an 88 kWh battery"},
                       {"claim": "The EV5 has a range of 500 km", "id": "r"}]


# ----- the command -------------------------------------------------------------------------

@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env=ENV)


def test_check_table_exits_0_when_every_claim_is_supported(runner, corpus):
    result = runner.invoke(app, ["check", "--in", str(corpus), "--format", "table",
                                 "Kia will start production of the EV5 in February 2024"])
    assert result.exit_code == 0, result.stderr
    assert "supported" in result.stdout and "kia-new.md" in result.stdout


def test_check_json_lists_every_claim_with_evidence_and_exits_1(runner, corpus, tmp_path):
    claims_file = tmp_path / "claims.yaml"
    claims_file.write_text("- {id: l7, type: battery, subject: IM L7, spec: capacity, value: 93}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "-i", str(corpus), "--claims", str(claims_file), "--format", "json",
                                 "Kia will start production of the EV5 in July 2024",
                                 "The EV5 has a range of 500 km"])
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert [(c["id"], c["verdict"]) for c in data["claims"]] == [
        (None, CONTRADICTED), (None, NOT_FOUND), ("l7", SUPPORTED)]
    assert data["summary"] == {SUPPORTED: 1, CONTRADICTED: 1, NOT_FOUND: 1}
    best = data["claims"][0]["evidence"][0]
    assert {"doc", "sentence", "start", "end", "published", "status"} <= set(best)
    body = parse_document(best["doc"], Path(best["doc"]).read_text(encoding="utf-8")).body
    assert body[best["start"]:best["end"]] == best["text"] and best["published"] == "2024-01-15"


def test_check_exits_2_naming_a_claim_without_facts(runner, corpus):
    result = runner.invoke(app, ["check", "--in", str(corpus), "The EV5 is a fine car."])
    assert result.exit_code == 2
    assert 'no fact could be read from the claim "The EV5 is a fine car."' in result.stderr
    assert result.stdout == ""


def test_check_exits_2_on_an_unreadable_article_but_still_reports(runner, corpus, tmp_path):
    result = runner.invoke(app, ["check", "--in", str(corpus), "--in", str(tmp_path / "gone.md"),
                                 "--format", "jsonl", "The EV5 has a 64 kWh battery"])
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["error"] == "not_found" and lines[1]["verdict"] == SUPPORTED
    assert "gone.md" in result.stderr


def test_check_usage_errors_exit_2_before_any_work(runner, corpus, tmp_path):
    no_inputs = runner.invoke(app, ["check", "The EV5 has a 64 kWh battery"])
    assert no_inputs.exit_code == 2 and "--in" in no_inputs.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {type: rumour, subject: EV5}\n", encoding="utf-8")
    bad_file = runner.invoke(app, ["check", "--in", str(corpus), "--claims", str(bad)])
    assert bad_file.exit_code == 2 and "'type' must be one of" in bad_file.stderr


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/dev is not present")
def test_acceptance_on_the_dev_set(runner):
    """The issue's three commands: supported (citing the article that says February), contradicted, not found."""
    february = runner.invoke(app, ["check", "--in", str(DEV), "--format", "json", "-q",
                                   "Xiaomi will start mass production of the SU7 in February 2024"])
    assert february.exit_code == 0, february.stderr
    [claim] = json.loads(february.stdout)["claims"]
    assert claim["verdict"] == SUPPORTED
    assert "003_" in Path(claim["evidence"][0]["doc"]).name
    assert "February" in claim["evidence"][0]["sentence"]

    july = runner.invoke(app, ["check", "--in", str(DEV), "--format", "json", "-q",
                               "Xiaomi will start mass production of the SU7 in July 2024"])
    assert july.exit_code == 1
    assert json.loads(july.stdout)["claims"][0]["verdict"] == CONTRADICTED

    battery = runner.invoke(app, ["check", "--in", str(DEV), "--format", "json", "-q",
                                  "The Xiaomi SU7 has a 200 kWh battery"])
    assert battery.exit_code == 1
    assert json.loads(battery.stdout)["claims"][0]["verdict"] == NOT_FOUND
