"""``evfacts report``: the extraction and merge of some articles as HTML a person reads (see :mod:`evfacts.report`)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .options import STDOUT, Options, shared_options
from .output import EXIT_PARTIAL, emit, err, fail
from .run import Run, build_extractor


@shared_options(omit=("format", "output"))
def report(
    paths: Optional[List[str]] = typer.Argument(None, metavar="PATH...",
                                      help="Articles: files (.md, .txt, .html, .jsonl), folders (searched recursively), http(s) URLs; '-' reads stdin."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="FILE.html|DIR",
        help="A .html file: the whole report in one page. Anything else: a folder with index.html and "
             "one page per subject and per article (for large runs). Written atomically; '-' is standard output."),
    title: str = typer.Option("evfacts report", "--title", help="The report's title."),
    *,
    opts: Options,
) -> None:
    """Write an HTML report: each article with its facts' evidence marked, a timeline per subject.

    The facts are those of extract, merged as merge does: dates that moved
    between articles are struck through, newest source first. The report
    loads nothing from the network and runs no script.

    Exit codes as for extract: 0 all inputs read; 1 some skipped; 2 usage error.

    Examples:

      evfacts report samples/ -o report.html

      evfacts report archive/ --jobs 0 -o report/
    """
    from .. import merge as merging
    from ..report import build_report, output_problem, write_report
    from ..report.pages import LARGE_RUN, is_folder, render_file

    target = None if output is None or str(output) == STDOUT else output
    if target is None and sys.stdout.isatty():
        fail("the report is HTML: give -o report.html (one page) or -o DIR (a page per subject and article), "
             "or redirect standard output")
    problem = output_problem(target) if target is not None else None
    if problem:
        fail(problem)
    inputs = opts.inputs(paths)
    run = Run(build_extractor(opts), dataclasses.replace(opts, output=target))  # -o is never one of the inputs
    results = run.extracted(inputs)
    statements = merging.statements_of(results)
    records = merging.merge(statements, merging.Subjects.of_statements(run.extractor.gazetteer, statements))
    view = build_report(results, run.skipped, records, types=opts.types, title=title)
    if target is not None and is_folder(target):
        try:
            write_report(view, target)
        except OSError as exc:  # a read-only or full disk: one line and exit 2, never a traceback
            fail(f"cannot write {target}: {exc.strerror or exc}")
    else:
        if len(results) > LARGE_RUN and not opts.quiet:
            err(f"warning: {len(results)} articles in one page; -o DIR writes a page per subject and per article")
        emit(dataclasses.replace(opts, output=target), lambda out, color, width: out.write(render_file(view)))
    if run.skipped:
        err(f"{len(run.skipped)} of {run.total} input(s) skipped")
        raise typer.Exit(EXIT_PARTIAL)
