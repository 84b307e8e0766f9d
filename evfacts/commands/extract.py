"""``evfacts extract``: facts of each article, as a table, JSON, JSON Lines or CSV."""

from __future__ import annotations

from typing import IO, List, Optional

import typer

from .options import Options, shared_options
from .output import EXIT_PARTIAL, EXIT_USAGE, emit, err, fail
from .run import Run, build_extractor


@shared_options
def extract(
    ctx: typer.Context,
    paths: Optional[List[str]] = typer.Argument(None, metavar="PATH...",
                                      help="Articles: files (.md, .txt, .html, .jsonl), folders (searched recursively), http(s) URLs; '-' reads stdin."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="Run on a Dask cluster: its scheduler (tcp://host:8786), or local:N "
                                                 "for N worker processes here. The workers read the files themselves. "
                                                 "Needs Dask: pip install -e '.\\[dask]' in the evfacts clone."),
    *,
    opts: Options,
) -> None:
    """Extract facts from articles and print them as a table, JSON, JSON Lines or CSV.

    Examples:

      evfacts extract samples/

      evfacts extract articles/ --format jsonl | jq 'select(.type=="battery")'

      cat story.md | evfacts extract - --format json -o facts.json

      evfacts extract saved-pages/ dump.jsonl https://example.com/news/story.html
    """
    from ..render import WRITERS, write_table

    fmt = opts.output_format()
    inputs = opts.inputs(paths)
    client = _dask_client(scheduler, opts, inputs) if scheduler is not None else None
    if client is not None:
        ctx.call_on_close(client.close)
    run = Run(build_extractor(opts), opts, client)

    def write(out: IO[str], color: bool, width: Optional[int]) -> None:
        if fmt == "table":
            write_table(run.results(inputs), out, color=color, width=width)
        else:
            WRITERS[fmt.value](run.results(inputs), out)

    emit(opts, write)
    if run.skipped:
        err(f"{len(run.skipped)} of {run.total} input(s) skipped")
        raise typer.Exit(EXIT_PARTIAL)


def _dask_client(scheduler: str, opts: Options, inputs: list):
    """A client of the ``--scheduler``, once the uses that cannot work are refused (exit 2)."""
    from ..documents import STDIN

    if opts.jobs != 1:
        fail("--scheduler and --jobs cannot be used together: the cluster's workers do the work (drop --jobs)")
    if STDIN in inputs or opts.urls == STDIN:
        fail("'-' (standard input) cannot be used with --scheduler: the workers read the files themselves; "
             "save it to a file on shared storage")
    from ..executors.distributed import SchedulerError, connect

    try:
        return connect(scheduler)
    except SchedulerError as exc:
        fail(str(exc), EXIT_USAGE)
