"""``evfacts evaluate``: score the extraction against gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Optional

import typer

from .options import Format, Options, shared_options
from .output import EXIT_PARTIAL, emit, err, fail
from .run import Run, build_extractor


@shared_options(omit=("urls", "doc_field", "timeout"))
def evaluate(
    gold_dir: Path = typer.Argument(..., metavar="GOLD_DIR",
                                    help="Folder of articles with NAME.gold.yaml files beside them."),
    show_errors: bool = typer.Option(False, "--show-errors",
                                     help="List each missed and extra fact (strict); in JSON they are always there."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", metavar="F1",
                                               help="Exit 1 when the strict micro F1 is below this."),
    *,
    opts: Options,
) -> None:
    """Score extraction against gold files (precision, recall, F1; strict and value-only).

    The default format is the table, also when piped.
    """
    from ..evaluate import load_gold, render_report, score, write_csv, write_jsonl

    fmt = opts.output_format(piped=Format.table)
    try:
        gold = load_gold(gold_dir)
    except (ValueError, OSError) as exc:
        fail(str(exc))
    if not gold:
        fail(f"no *.gold.yaml files under {gold_dir}")
    run = Run(build_extractor(opts), opts)
    predictions = {Path(r.document.path).name: [f.to_dict() for f in r.facts]
                   for r in run.extracted(list(dict.fromkeys(str(g.path) for g in gold)))}
    report = score(gold, predictions, opts.types)
    writers = {
        Format.table: lambda out: out.write(render_report(report, show_errors=show_errors) + "\n"),
        Format.json: lambda out: out.write(json.dumps(report.to_dict(), indent=2) + "\n"),
        Format.jsonl: lambda out: write_jsonl(report, out, show_errors=show_errors),
        Format.csv: lambda out: write_csv(report, out),
    }

    def write(out: IO[str], color: bool, width: Optional[int]) -> None:
        writers[fmt](out)

    emit(opts, write)
    if fail_under is not None and report.strict["micro"].f1 < fail_under:
        fail(f"strict micro F1 {report.strict['micro'].f1:.3f} is below --fail-under {fail_under:.3f}", EXIT_PARTIAL)
    if run.skipped:
        err(f"{len(run.skipped)} of {run.total} article(s) skipped")
        raise typer.Exit(EXIT_PARTIAL)

