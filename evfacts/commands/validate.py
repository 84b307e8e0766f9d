"""``evfacts validate``: check gold files (fields, vocabularies, dates, the article beside each)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .output import EXIT_PARTIAL, err, fail


def validate(
    gold_dir: Path = typer.Argument(..., metavar="GOLD_DIR", help="Folder of NAME.gold.yaml files (searched recursively)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line on stderr; problems are still listed."),
) -> None:
    """Check gold files: required fields, vocabularies, date formats, the article each names.

    Each problem is one line on stdout naming the file and the fact (counted
    from 1). Exit codes: 0 no problem; 1 problems found; 2 no gold files.
    See docs/annotating.md for the format.
    """
    from ..validate import validate_dir

    if not gold_dir.is_dir():
        fail(f"{gold_dir}: not a folder")
    files, facts, problems = validate_dir(gold_dir)
    if not files:
        fail(f"no *.gold.yaml files under {gold_dir}")
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if not quiet:
        err(f"{files} gold file(s), {facts} fact(s): " + (f"{len(problems)} problem(s)" if problems else "no problems"))
    if problems:
        raise typer.Exit(EXIT_PARTIAL)
