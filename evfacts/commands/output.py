"""Where a command's words go: data to stdout or an ``-o`` file, messages to stderr, and the exit codes.

Exit codes: 0 all inputs processed; 1 some inputs were skipped or failed (all
others still written); 2 a usage error, unusable patterns or no model, or
output that cannot be written; 130 interrupted (Ctrl-C); 128 + N ended by
signal N (143 SIGTERM, 129 SIGHUP).
"""

from __future__ import annotations

import os
import signal
import sys
from typing import IO, Callable, NoReturn, Optional

import typer

from ..printable import printable
from .options import Format, Options

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: The signals that end a run as Ctrl-C does: cleanly, leaving no half-written file.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(BaseException):
    """Raised in the main thread when SIGTERM or SIGHUP arrives.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    (one document's failure kept from stopping the run) swallows it, and the
    ``-o`` file's cleanup runs on the way out.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        return f"terminated by {signal.Signals(self.signum).name}"


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def handle_stop_signals() -> None:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` (the console script calls this once)."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _terminate)

#: ``write(out, color, width)`` writes a command's output to ``out``, in colour or not; a table
#: fits ``width`` columns (None: the terminal's width).
Writer = Callable[[IO[str], bool, Optional[int]], None]

#: The width of a table written to a file or a pipe, where no terminal says how wide to be.
FILE_WIDTH = 100


def err(message: str) -> None:
    """One line on stderr, prefixed with the program's name; control characters from the data
    (a title or a file name with terminal escapes) are removed, line breaks kept."""
    sys.stderr.write(f"evfacts: {printable(message, keep_newlines=True)}\n")


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
    from ..outfile import Guarded, OutputError, atomic_output

    try:
        if opts.output is not None:
            with atomic_output(opts.output) as fh:
                write(fh, False, FILE_WIDTH)
        else:
            terminal = sys.stdout.isatty()
            out = Guarded(sys.stdout, "standard output")
            write(out, terminal and not os.environ.get("NO_COLOR"), None if terminal else FILE_WIDTH)  # type: ignore[arg-type]
            out.flush()  # a write error (> /dev/full) is reported here, not lost at exit
    except KeyboardInterrupt:
        fail("interrupted", EXIT_INTERRUPTED)
    except Terminated as exc:
        fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        _silence_stdout()
        sys.stderr.close()
        raise typer.Exit(EXIT_OK) from None
    except OutputError as exc:
        if opts.output is None:
            _silence_stdout()
        fail(str(exc), EXIT_USAGE)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's own flush at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's stream)
        pass
    finally:
        os.close(devnull)


def report_writer(fmt: Format, items: list, errors: list, *, table: Callable, json: Callable, jsonl: Callable,
                  csv: Callable) -> Writer:
    """The writer of a whole-run report (``check``, ``merge``) in ``fmt``: its items and the inputs skipped."""
    if fmt == Format.table:
        return lambda out, color, width: table(items, out, color=color, width=width)
    write = {Format.json: json, Format.jsonl: jsonl, Format.csv: csv}[fmt]
    return lambda out, color, width: write(items, errors, out)
