"""``evfacts validate GOLD_DIR`` (issue 15): every problem of a gold file, named by file and fact."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.cli import app
from evfacts.validate import fact_problems, validate_dir

ROOT = Path(__file__).resolve().parent.parent
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}
GOOD = textwrap.dedent("""\
    doc: kia.md
    facts:
      - type: launch_date
        subject: [EV5, Kia EV5]
        event: production
        date: 2025-03
        quote: will begin production of the EV5 in March 2025
      - {type: production_target, subject: EV5, units: 200000, date: null, rate: year, kind: capacity}
      - {type: battery, subject: EV5, spec: capacity, value: 88, unit: kWh}
      - {type: battery, subject: EV5, spec: chemistry, value: [NMC, lithium-ion], unit: null}
      - {type: stakeholder, subject: Kia, name: Ho Sung Song, entity: person, role: executive, title: CEO}
""")
BAD = textwrap.dedent("""\
    doc: kia.md
    facts:
      - {type: launch_date, subject: EV5, event: launched, date: 2025-13}
      - {type: battery, subject: EV5, spec: capcity, value: 88, unit: kWh}
      - {type: battery, subject: EV5, spec: range, value: 500, unit: miles}
      - {type: stakeholder, subject: Kia, name: Hyundai, entity: company, role: owner}
      - {type: production_target, subject: EV5, units: "lots", date: 2025-Q5, rate: year, kind: target, qualifier: over}
      - {type: launch_dates, subject: EV5}
      - {type: battery, spec: capacity, value: 88, unit: kWh}
""")


def _folder(tmp_path: Path, gold: str, article: bool = True) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    if article:
        (folder / "kia.md").write_text("Kia will begin production of the EV5 in March 2025.\n", encoding="utf-8")
    (folder / "kia.gold.yaml").write_text(gold, encoding="utf-8")
    return folder


def test_a_good_gold_file_passes(tmp_path):
    result = CliRunner(env=ENV).invoke(app, ["validate", str(_folder(tmp_path, GOOD))])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 gold file(s), 5 fact(s): no problems" in result.stderr


def test_every_problem_is_named_by_file_and_fact(tmp_path):
    folder = _folder(tmp_path, BAD)
    result = CliRunner(env=ENV).invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    gold = folder / "kia.gold.yaml"
    lines = result.stdout.splitlines()
    expected = [
        (1, "`event` 'launched' is not one of unveil"),
        (1, "`date` '2025-13' is not a date like"),
        (2, "`spec` 'capcity' is not one of capacity"),
        (3, "`unit` 'miles' is not 'km'"),
        (4, "`entity` 'company' is not one of organization, person"),
        (4, "`role` 'owner' is not one of founder"),
        (5, "unknown field `qualifier`"),
        (5, "`units` 'lots' is not a whole number"),
        (5, "`date` '2025-Q5' is not a date like"),
        (6, "type 'launch_dates' is not one of launch_date"),
        (7, "`subject` must be a name"),
    ]
    for number, message in expected:
        assert any(line.startswith(f"{gold}: fact {number}: ") and message in line for line in lines), (number, message)
    assert len(lines) == len(expected), lines
    assert f"{len(expected)} problem(s)" in result.stderr


def test_missing_article_and_missing_facts(tmp_path):
    folder = _folder(tmp_path, "doc: kia.md\n", article=False)
    _, _, problems = validate_dir(folder)
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "doc 'kia.md' is not a file beside the gold file",
        "no `facts` (write `facts: []` for an article without facts)"]


def test_no_gold_files_is_a_usage_error(tmp_path):
    result = CliRunner(env=ENV).invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2 and "no *.gold.yaml files" in result.stderr


@pytest.mark.parametrize("date", ["2024", "2024-H2", "2024-Q1", "2024-02", "2024-02-29"])
def test_date_formats(date):
    fact = {"type": "launch_date", "subject": "EV5", "event": "launch", "date": date}
    assert list(fact_problems(fact)) == []


@pytest.mark.parametrize("date", ["2023-02-29", "24-02", "2024-Q0", "Feb 2024", None])
def test_bad_dates(date):
    fact = {"type": "launch_date", "subject": "EV5", "event": "launch", "date": date}
    assert [p for p in fact_problems(fact) if "`date`" in p]


def test_the_samples_are_valid():
    files, facts, problems = validate_dir(ROOT / "samples")
    assert files >= 13 and facts >= 200 and problems == []


def test_the_guide_example_is_a_valid_gold_file(tmp_path):
    """docs/annotating.md's gold file example passes the validator it tells readers to use."""
    import re

    guide = (ROOT / "docs" / "annotating.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"^```yaml\n(.*?)^```", guide, flags=re.MULTILINE | re.DOTALL)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "voltaro-one.md").write_text("Voltaro said on Tuesday it will start taking orders.\n", encoding="utf-8")
    (folder / "voltaro-one.gold.yaml").write_text(example, encoding="utf-8")
    files, facts, problems = validate_dir(folder)
    assert (files, facts, problems) == (1, 4, [])


@pytest.mark.parametrize("doc, line, problem", [
    ("news.jsonl", 2, None),
    ("news.jsonl", 3, "line 3 of news.jsonl holds no article"),
    ("news.jsonl", 9, "line 9 of news.jsonl holds no article"),
    ("news.jsonl", "two", "`line` 'two' is not a line number"),
    ("kia.md", 1, "`line` is for an article of a JSON Lines corpus"),
])
def test_line_names_an_article_of_a_json_lines_corpus(tmp_path, doc, line, problem):
    folder = _folder(tmp_path, f"doc: {doc}\nline: {line}\nfacts: []\n")
    (folder / "news.jsonl").write_text('{"text": "One."}\n{"text": "Two."}\n\n', encoding="utf-8")
    _, _, problems = validate_dir(folder)
    messages = [p.message for p in problems]
    if problem is None:
        assert messages == []
    else:
        assert len(messages) == 1 and problem in messages[0], messages
