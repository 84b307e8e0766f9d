"""Where a command's words go: data to stdout or an ``-o`` file, messages to stderr, and the exit codes.

Exit codes: 0 all inputs processed; 1 some inputs were skipped or failed (all
others still written); 2 a usage error, unusable patterns or no model;
130 interrupted.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Callable, NoReturn

import typer

from .options import Format, Options

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: ``write(out, color)`` writes a command's output to ``out``, in colour or not.
Writer = Callable[[IO[str], bool], None]


def err(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    sys.stderr.write(f"evfacts: {message}\n")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Say ``message`` on stderr and stop with ``code``."""
    err(message)
    raise typer.Exit(code)


def emit(opts: Options, write: Writer) -> None:
    """Run ``write`` on standard output or, atomically, on the ``-o`` file.

    Ctrl-C leaves no half-written file and exits 130; a closed pipe (``| head``)
    ends the run quietly.
    """
    from ..render import atomic_output

    try:
        if opts.output is not None:
            with atomic_output(opts.output) as fh:
                write(fh, False)
        else:
            write(sys.stdout, sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    except KeyboardInterrupt:
        fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(EXIT_OK) from None


def report_writer(fmt: Format, items: list, errors: list, *, table: Callable, json: Callable, jsonl: Callable,
                  csv: Callable) -> Writer:
    """The writer of a whole-run report (``check``, ``merge``) in ``fmt``: its items and the inputs skipped."""
    if fmt == Format.table:
        return lambda out, color: table(items, out, color=color, width=None if color else 100)
    write = {Format.json: json, Format.jsonl: jsonl, Format.csv: csv}[fmt]
    return lambda out, color: write(items, errors, out)
