"""The options every command shares (issue 15): declared once, the same on extract, check, merge and evaluate.

``-o`` picks the format from the file's extension, ``-o -`` is standard
output, and every format is available to every command.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from evfacts.cli import app
from evfacts.commands.options import SHARED_NAMES

ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}
COMMANDS = ("extract", "check", "merge", "evaluate")
SHARED_FLAGS = ("--format", "--output", "--type", "--jobs", "--quiet", "--model", "--patterns",
                "--reference-date", "--max-bytes", "--input-format", "--text-field")
#: Shared options a command leaves out: evaluate reads the files its gold names, under their own names.
OMITTED = {"evaluate": {"urls", "doc_field", "timeout"}}

ARTICLE = textwrap.dedent("""\
    ---
    title: Kia sets EV5 production date
    published: 2024-05-01
    ---
    Kia will begin production of the EV5 in March 2025. The EV5 has an 88 kWh battery.
""")
GOLD = textwrap.dedent("""\
    doc: kia-ev5.md
    facts:
      - {type: battery, subject: EV5, spec: capacity, value: 88, unit: kWh}
""")


@pytest.fixture
def runner():
    return CliRunner(env=ENV)


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kia-ev5.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "kia-ev5.gold.yaml").write_text(GOLD, encoding="utf-8")
    return tmp_path / "in"


def _options_of(command: str) -> set[str]:
    group = typer.main.get_command(app)
    return {name for param in group.commands[command].params for name in param.opts}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_the_shared_options(command):
    assert set(SHARED_FLAGS) <= _options_of(command)


def test_shared_options_are_declared_once():
    """Same names, same help, same defaults on every command: the declaration is shared, not copied."""
    group = typer.main.get_command(app)
    shapes = {}
    for command in COMMANDS:
        params = {p.name: p for p in group.commands[command].params if p.name in SHARED_NAMES}
        assert set(params) == set(SHARED_NAMES) - OMITTED.get(command, set())
        shapes[command] = {name: (tuple(p.opts), p.help, p.default, p.multiple)
                           for name, p in params.items()}
    assert all(shape == {k: v for k, v in shapes["extract"].items() if k in shape} for shape in shapes.values())


@pytest.mark.parametrize("suffix, fmt", [(".csv", "csv"), (".json", "json"), (".jsonl", "jsonl")])
def test_output_extension_picks_the_format(runner, folder, tmp_path, suffix, fmt):
    out = tmp_path / f"facts{suffix}"
    result = runner.invoke(app, ["extract", str(folder / "kia-ev5.md"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["type"] for r in rows} == {"launch_date", "battery"}
    elif fmt == "json":
        assert [d["path"] for d in json.loads(text)["documents"]] == [str(folder / "kia-ev5.md")]
    else:
        assert {json.loads(line)["type"] for line in text.splitlines()} == {"launch_date", "battery"}


def test_format_option_wins_over_the_extension(runner, folder, tmp_path):
    out = tmp_path / "facts.csv"
    result = runner.invoke(app, ["extract", str(folder / "kia-ev5.md"), "-o", str(out), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["doc"].endswith("kia-ev5.md")


def test_unknown_extension_without_format_is_a_usage_error(runner, folder, tmp_path):
    out = tmp_path / "facts.txt"
    result = runner.invoke(app, ["extract", str(folder / "kia-ev5.md"), "-o", str(out)])
    assert result.exit_code == 2
    assert "--format" in result.stderr and "facts.txt" in result.stderr
    assert not out.exists()
    result = runner.invoke(app, ["extract", str(folder / "kia-ev5.md"), "-o", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("doc,published,url,doc_title,type,subject")


def test_dash_is_standard_output(runner, folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(folder / "kia-ev5.md"), "-o", "-", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("doc,published,url,doc_title,type,subject")
    assert not (tmp_path / "-").exists()


def test_merge_writes_csv(runner, folder):
    result = runner.invoke(app, ["merge", str(folder), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    battery = [r for r in rows if r["type"] == "battery"]
    assert battery and float(battery[0]["value"]) == 88 and battery[0]["agreement"] == "1"
    assert battery[0]["docs"] == str(folder / "kia-ev5.md")


def test_check_writes_csv_and_keeps_only_the_types_asked(runner, folder):
    result = runner.invoke(app, ["check", "--in", str(folder), "--format", "csv", "--type", "battery",
                                 "The EV5 has an 88 kWh battery", "Kia will start production of the EV5 in May 2026"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["type"], r["verdict"]) for r in rows] == [("battery", "supported")]
    assert rows[0]["evidence_doc"] == str(folder / "kia-ev5.md")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_evaluate_writes_score_rows(runner, folder, fmt):
    result = runner.invoke(app, ["evaluate", str(folder), "--format", fmt, "--type", "battery"])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
    else:
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(r["scores"], r["type"]) for r in rows} == {(m, t) for m in ("value", "strict")
                                                       for t in ("battery", "micro")}
    strict_micro = next(r for r in rows if r["scores"] == "strict" and r["type"] == "micro")
    assert float(strict_micro["f1"]) == 1.0


def test_evaluate_json_flag_is_gone(runner, folder):
    """``--format json`` replaced ``evaluate --json``: one way to ask for JSON on every command."""
    result = runner.invoke(app, ["evaluate", str(folder), "--json"])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["check", "merge"])
def test_jobs_gives_the_same_output(runner, folder, tmp_path, command):
    for n in range(3):
        (folder / f"copy{n}.md").write_text(ARTICLE.replace("88 kWh", f"{70 + n} kWh"), encoding="utf-8")
    args = (["check", "--in", str(folder), "The EV5 has an 88 kWh battery"] if command == "check"
            else ["merge", str(folder)])
    outputs = []
    for jobs in ("1", "2"):
        result = runner.invoke(app, [*args, "--format", "json", "--jobs", jobs])
        assert result.exit_code in (0, 1), result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] and json.loads(outputs[0])


def test_help_of_every_command_names_its_options(runner):
    for command in COMMANDS:
        result = runner.invoke(app, [command, "--help"], terminal_width=200)
        assert result.exit_code == 0
        assert all(flag in click.unstyle(result.stdout) for flag in SHARED_FLAGS), command


def test_empty_folder_says_so_and_exits_1(runner, tmp_path):
    """Issue 15: ``evfacts extract empty/`` said nothing and exited 0."""
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["extract", str(tmp_path / "empty"), "--format", "jsonl"])
    assert result.exit_code == 1
    assert f"skipped {tmp_path / 'empty'}: no article files" in result.stderr
    assert json.loads(result.stdout) == {"path": str(tmp_path / "empty"), "error": "no_articles",
                                         "message": "no article files (.md, .txt, .markdown, .html, .htm) in this folder"}


def _on_a_terminal(args: list[str], columns: int, env: dict[str, str]) -> str:
    """What ``evfacts ARGS`` prints on a terminal ``columns`` wide (a real pseudo-terminal)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ENV and k != "COLUMNS"} | env
    proc = subprocess.Popen([sys.executable, "-m", "evfacts", *args], stdout=follower, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=full_env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;[0-9;]+)m")


@pytest.mark.parametrize("command", ["extract", "merge", "check"])
def test_no_color_removes_colour_only_and_the_table_fits_80_columns(command):
    """Issue 15: NO_COLOR forced a width of 100, and at 80 columns the extract table's rule column was cut."""
    article = "samples/wire-volvo-ex30-unveil.md"
    args = {"extract": ["extract", article], "merge": ["merge", article],
            "check": ["check", "--in", article, "The EX30 has a 51 kWh battery"]}[command]
    text = _on_a_terminal(args, 80, {"NO_COLOR": "1"})
    assert not COLOUR.search(text)
    lines = [ANSI.sub("", line) for line in text.splitlines()]
    table = [line for line in lines if line[:1] in "┏┃┡│└┗├"]
    assert table and max(len(line) for line in lines) <= 80
    assert all(line[-1] in "┓┃┩│┘┛┤" for line in table), "a column is cut at the right edge"
    if command == "extract":
        body = "".join(line.split("│")[-2].strip() for line in table if line.startswith("│"))
        assert "launch.preorder.can_be_ordered" in body          # the rule id, folded but whole


def test_colour_on_a_terminal_without_no_color():
    text = _on_a_terminal(["extract", "samples/brief-fisker-ocean-graz-sop.md"], 80, {"NO_COLOR": ""})
    assert ANSI.search(text)
