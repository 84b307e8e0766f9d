"""``evfacts merge``: one record per fact across articles, with its sources, agreement, history and conflicts."""

from __future__ import annotations

from typing import List, Optional

import typer

from .options import Options, shared_options
from .output import EXIT_PARTIAL, emit, err, report_writer
from .run import Run, build_extractor


@shared_options
def merge(
    paths: Optional[List[str]] = typer.Argument(None, metavar="PATH...",
                                      help="Articles: files (.md, .txt, .html, .jsonl), folders (searched recursively), http(s) URLs; '-' reads stdin."),
    *,
    opts: Options,
) -> None:
    """Merge facts across articles: one record per fact with its sources, agreement, history and conflicts.

    Exit codes as for extract: 0 all inputs read; 1 some skipped; 2 usage error.

    Examples:

      evfacts merge articles/

      evfacts merge articles/ | jq 'select(.conflicts)'
    """
    from .. import merge as merging

    fmt = opts.output_format()
    run = Run(build_extractor(opts), opts)
    statements = merging.statements_of(run.extracted(opts.inputs(paths)))
    records = merging.merge(statements, merging.Subjects.of_statements(run.extractor.gazetteer, statements))
    emit(opts, report_writer(fmt, records, run.skipped, table=merging.write_table, json=merging.write_json,
                             jsonl=merging.write_jsonl, csv=merging.write_csv))
    if run.skipped:
        err(f"{len(run.skipped)} of {run.total} input(s) skipped")
        raise typer.Exit(EXIT_PARTIAL)
