"""``--help`` reads cleanly and the README documents every command and option (issue 15).

typer is pinned to a range (pyproject.toml) whose help output these tests
hold: no ``<bool>`` or ``<list[str]>`` metavars, no word split across lines,
no "Value error," in a usage error. The README test is sqlite-utils' idea: a
command or option that is not documented fails the suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from evfacts.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}
GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)


def _help(args: list[str], width: int = 80) -> str:
    result = CliRunner(env=ENV).invoke(app, [*args, "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    return click.unstyle(result.stdout)


def _words(text: str) -> list[str]:
    """The words of a help string as the help shows them (typer unescapes rich's ``\\[``)."""
    return text.replace("\\[", "[").split()


@pytest.mark.parametrize("command", [None, *COMMANDS])
@pytest.mark.parametrize("width", [80, 100])
def test_help_has_no_type_metavars_and_splits_no_word(command, width):
    args = [command] if command else []
    text = _help(args, width)
    assert not re.search(r"<(bool|str|int|float|path|list\[)", text, re.IGNORECASE), text
    shown = set(re.sub(r"[│╭╮╰╯─]", " ", text).split())
    params = (GROUP.commands[command] if command else GROUP).params
    for param in params:
        for word in _words(getattr(param, "help", None) or ""):
            assert word in shown, f"{command} {param.name}: {word!r} is split or missing in --help"


@pytest.mark.parametrize("args, expected", [
    (["extract", "x.md", "--format", "xml"], "'xml' is not one of"),
    (["extract", "x.md", "--jobs", "-1"], "-1 is not in the range x>=0"),
    (["extract", "x.md", "--max-bytes", "0"], "0 is not in the range x>=1"),
    (["extract", "x.md", "--reference-date", "soon"], "'soon' is not a date like 2024-03-25"),
])
def test_usage_errors_read_cleanly(args, expected):
    result = CliRunner(env=ENV).invoke(app, args, terminal_width=200)
    assert result.exit_code == 2
    message = " ".join(click.unstyle(result.stderr).replace("│", " ").split())
    assert expected in message
    assert "Value error" not in message and "Input should be" not in message


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_documents_every_command_and_option(command):
    assert re.search(rf"`evfacts {command}\b", README), f"README says nothing of `evfacts {command}`"
    for param in GROUP.commands[command].params:
        for flag in param.opts:
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in README, f"{command} {flag} is not documented in README.md"
