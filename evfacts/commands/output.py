"""Where a command's words go: data to stdout or an ``-o`` file, messages to stderr, and the exit codes.

Exit codes: 0 all inputs processed; 1 some inputs were skipped or failed (all
others still written); 2 a usage error, unusable patterns or no model;
130 interrupted.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Callable, NoReturn, Optional

import typer

from .options import Format, Options

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: ``write(out, color, width)`` writes a command's output to ``out``, in colour or not; a table
#: fits ``width`` columns (None: the terminal's width).
Writer = Callable[[IO[str], bool, Optional[int]], None]

#: The width of a table written to a file or a pipe, where no terminal says how wide to be.
FILE_WIDTH = 100


def err(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    sys.stderr.write(f"evfacts: {message}\n")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Say ``message`` on stderr and stop with ``code``."""
    err(message)
    raise typer.Exit(code)


def emit(opts: Options, write: Writer) -> None:
    """Run ``write`` on standard output or, atomically, on the ``-o`` file.

    On a terminal a table takes the terminal's width, in colour unless
    ``NO_COLOR`` is set (to anything but the empty string, as no-color.org
    says); elsewhere it is plain and :data:`FILE_WIDTH` wide. Ctrl-C leaves no
    half-written file and exits 130; a closed pipe (``| head``) ends the run quietly.
    """
    from ..render import atomic_output

    try:
        if opts.output is not None:
            with atomic_output(opts.output) as fh:
                write(fh, False, FILE_WIDTH)
        else:
            terminal = sys.stdout.isatty()
            write(sys.stdout, terminal and not os.environ.get("NO_COLOR"), None if terminal else FILE_WIDTH)
    except KeyboardInterrupt:
        fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(EXIT_OK) from None


def report_writer(fmt: Format, items: list, errors: list, *, table: Callable, json: Callable, jsonl: Callable,
                  csv: Callable) -> Writer:
    """The writer of a whole-run report (``check``, ``merge``) in ``fmt``: its items and the inputs skipped."""
    if fmt == Format.table:
        return lambda out, color, width: table(items, out, color=color, width=width)
    write = {Format.json: json, Format.jsonl: jsonl, Format.csv: csv}[fmt]
    return lambda out, color, width: write(items, errors, out)
