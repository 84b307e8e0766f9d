"""The ``evfacts`` command line, through typer's CliRunner and a few real subprocesses.

Every ``extract``/``evaluate`` invocation builds its own Extractor (model and
patterns), so these tests use tiny inputs and few invocations.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import evfacts
from evfacts.cli import app
from evfacts.render import CSV_COLUMNS

#: The runner never sees a developer's evfacts settings; NO_COLOR keeps tables plain.
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}

KIA = textwrap.dedent("""\
    ---
    title: Kia sets EV5 production date
    published: 2024-05-01
    ---
    Kia will begin production of the EV5 in March 2025. The EV5 has an 88 kWh battery.
""")
KIA_GOLD = textwrap.dedent("""\
    doc: kia-ev5.md
    facts:
      - type: launch_date
        subject: [EV5, Kia EV5]
        event: production
        date: "2025-03"
        quote: will begin production of the EV5 in March 2025
      - type: battery
        subject: [EV5, Kia EV5]
        spec: capacity
        value: 88
        unit: kWh
        quote: an 88 kWh battery
""")


@pytest.fixture
def runner():
    return CliRunner(env=ENV)


@pytest.fixture
def kia_file(tmp_path) -> Path:
    path = tmp_path / "kia-ev5.md"
    path.write_text(KIA, encoding="utf-8")
    return path


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV}
    env["NO_COLOR"] = "1"
    return env


def has_kia_facts(records: list[dict]) -> bool:
    production = any(r["type"] == "launch_date" and r["subject"] == "EV5" and r["event"] == "production"
                     and r["date"] == "2025-03" for r in records)
    battery = any(r["type"] == "battery" and r["subject"] == "EV5" and r["spec"] == "capacity"
                  and r["value"] == 88 and r["unit"] == "kWh" for r in records)
    return production and battery


# ----- help, version, options: no model needed -------------------------------------------


@pytest.mark.parametrize("args, expected", [
    (["--help"], ["extract", "evaluate"]),
    (["extract", "--help"], ["--format", "--type", "--reference-date", "--output"]),
    (["evaluate", "--help"], ["--fail-under", "--show-errors", "--format"]),
    (["-h"], ["extract"]),
])
def test_help(runner, args, expected):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    for word in expected:
        assert word in result.stdout


def test_no_arguments_shows_help(runner):
    result = runner.invoke(app, [])
    assert "extract" in result.output and "evaluate" in result.output


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"evfacts {evfacts.__version__}\n"


def test_help_does_not_import_spacy_in_process_check(tmp_path):
    code = textwrap.dedent("""\
        import json, sys
        from typer.testing import CliRunner
        from evfacts.cli import app
        runner = CliRunner()
        codes = [runner.invoke(app, args).exit_code
                 for args in (["--help"], ["extract", "--help"], ["evaluate", "--help"], ["check", "--help"],
                              ["merge", "--help"], ["--version"])]
        heavy = sorted(m for m in sys.modules
                       if m.split(".")[0] in ("spacy", "thinc") or m in ("evfacts.extract", "evfacts.nlp.pipeline"))
        print(json.dumps({"codes": codes, "heavy": heavy}))
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=subprocess_env(),
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report == {"codes": [0, 0, 0, 0, 0, 0], "heavy": []}


def test_help_subprocess_importtime_has_no_spacy(tmp_path):
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "evfacts", "extract", "--help"],
                          cwd=tmp_path, env=subprocess_env(), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout and "--format" in proc.stdout
    imported = [line for line in proc.stderr.splitlines() if line.startswith("import time:")]
    assert any("evfacts.cli" in line for line in imported)      # the check really ran
    assert not [line for line in imported if "spacy" in line or "thinc" in line]


def test_every_option_has_help_text():
    group = typer.main.get_command(app)     # typer vendors click: duck-type the group
    assert hasattr(group, "commands")
    commands = {"evfacts": group, **group.commands}
    assert {"extract", "evaluate"} <= set(commands)
    checked = 0
    missing = []
    for name, command in commands.items():
        for param in command.params:    # options, and typer arguments (which carry help too)
            checked += 1
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{name} {param.opts}")
    assert missing == []
    assert checked >= 15
    for name, command in group.commands.items():
        assert (command.help or "").strip(), f"command {name} has no help"


# ----- usage errors that stop before extraction -----------------------------------------------


def test_invalid_reference_date_exits_2(runner, kia_file):
    result = runner.invoke(app, ["extract", str(kia_file), "--reference-date", "xx"])
    assert result.exit_code == 2
    assert "--reference-date" in result.stderr
    assert "xx" in result.stderr
    assert result.stdout == ""


def test_unknown_type_exits_2(runner, kia_file):
    result = runner.invoke(app, ["extract", str(kia_file), "--type", "price"])
    assert result.exit_code == 2


def test_broken_patterns_exit_2_and_name_the_file(runner, tmp_path, kia_file):
    folder = tmp_path / "mypatterns"
    folder.mkdir()
    broken = folder / "broken.yaml"
    broken.write_text("kind: triggers\ntype: battery\ntriggers:\n  - id: x: y\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(kia_file), "--patterns", str(folder)])
    assert result.exit_code == 2
    assert f"{broken}:4" in result.stderr
    assert "invalid YAML" in result.stderr
    assert "Traceback" not in result.output


def test_missing_model_exits_2_with_a_clear_message(runner, kia_file):
    result = runner.invoke(app, ["extract", str(kia_file), "--model", "no_such_pipeline_xyz"])
    assert result.exit_code == 2
    assert "no_such_pipeline_xyz" in result.stderr
    assert "--model" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_evaluate_without_gold_files_exits_2(runner, tmp_path):
    (tmp_path / "a.md").write_text("Text.\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 2
    assert "no *.gold.yaml" in result.stderr


# ----- extract --------------------------------------------------------------------------


def test_extract_file_jsonl(runner, kia_file):
    result = runner.invoke(app, ["extract", str(kia_file), "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert records and all(r["doc"] == str(kia_file) for r in records)
    assert has_kia_facts(records)
    assert result.stderr == ""


def test_extract_stdin_default_format_is_jsonl_when_piped(runner):
    body = KIA.split("---\n", 2)[2]          # no front matter: a reference date is needed
    result = runner.invoke(app, ["extract", "-", "--reference-date", "2024-05-01"], input=body)
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert has_kia_facts(records)
    assert {r["doc"] for r in records} == {"-"}


def test_extract_type_filter(runner, kia_file):
    result = runner.invoke(app, ["extract", str(kia_file), "--type", "battery", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert records
    assert {r["type"] for r in records} == {"battery"}
    assert any(r["spec"] == "capacity" and r["value"] == 88 for r in records)


def test_extract_output_file_json(runner, kia_file, tmp_path):
    out = tmp_path / "facts.json"
    result = runner.invoke(app, ["extract", str(kia_file), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["errors"] == []
    (document,) = data["documents"]
    assert document["path"] == str(kia_file)
    assert document["title"] == "Kia sets EV5 production date"
    assert document["published"] == "2024-05-01"
    assert has_kia_facts(document["facts"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.json", "kia-ev5.md"]   # no temp file left


def test_extract_csv(runner, kia_file):
    result = runner.invoke(app, ["extract", str(kia_file), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0].keys()) == CSV_COLUMNS
    assert any(r["type"] == "battery" and r["subject"] == "EV5" and float(r["value"]) == 88 for r in rows)


def test_extract_table(runner, kia_file):
    result = runner.invoke(app, ["extract", str(kia_file), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "Kia sets EV5 production date" in result.stdout
    assert "EV5" in result.stdout and "capacity: 88 kWh" in result.stdout
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_extract_folder_with_bad_files_exits_1_and_keeps_good_output(runner, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.md").write_text(KIA, encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "blank.md").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 1
    records = jsonl(result.stdout)
    facts = [r for r in records if "error" not in r]
    errors = {Path(r["path"]).name: r["error"] for r in records if "error" in r}
    assert has_kia_facts(facts)
    assert {Path(r["doc"]).name for r in facts} == {"good.md"}
    assert errors == {"scan.txt": "binary", "blank.md": "empty"}
    assert "skipped" in result.stderr
    assert "scan.txt" in result.stderr and "blank.md" in result.stderr
    assert "2 of 3 input(s) skipped" in result.stderr


def test_reference_date_resolves_relative_dates(runner, tmp_path):
    path = tmp_path / "next-month.md"
    path.write_text("Kia will start deliveries of the EV5 next month.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--reference-date", "2024-05-01", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert any(r["type"] == "launch_date" and r["event"] == "delivery" and r["date"] == "2024-06"
               for r in records), records
    assert "resolved against today" not in result.stderr


# ----- evaluate -------------------------------------------------------------------------


@pytest.fixture
def gold_dir(tmp_path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "kia-ev5.md").write_text(KIA, encoding="utf-8")
    (folder / "kia-ev5.gold.yaml").write_text(KIA_GOLD, encoding="utf-8")
    return folder


def test_evaluate_table_and_fail_under(runner, gold_dir):
    result = runner.invoke(app, ["evaluate", str(gold_dir), "--fail-under", "1.01"])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[:2] == ["type", "value"]
    assert any(line.startswith("micro") for line in lines)
    assert lines[-1].startswith("strict micro F1 ")
    f1 = float(lines[-1].rsplit(" ", 1)[1])
    assert 0 < f1 <= 1
    assert "below --fail-under" in result.stderr


def test_evaluate_json(runner, gold_dir):
    result = runner.invoke(app, ["evaluate", str(gold_dir), "--format", "json", "--fail-under", "0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    micro = report["strict"]["micro"]
    assert micro["gold"] == 2
    assert micro["tp"] >= 1
    assert report["strict"]["battery"]["tp"] == 1


# ----- a real process, end to end -------------------------------------------------------------


def test_subprocess_extract_with_a_missing_input(tmp_path, kia_file):
    missing = tmp_path / "missing.md"
    proc = subprocess.run([sys.executable, "-m", "evfacts", "extract", str(kia_file), str(missing),
                           "--format", "jsonl"],
                          cwd=tmp_path, env=subprocess_env(), capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    records = jsonl(proc.stdout)
    assert has_kia_facts([r for r in records if "error" not in r])
    assert [r for r in records if "error" in r] == [
        {"path": str(missing), "error": "not_found", "message": "no such file or folder"}]
    assert "missing.md" in proc.stderr
    assert "Traceback" not in proc.stderr
