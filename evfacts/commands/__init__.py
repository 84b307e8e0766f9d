"""The ``evfacts`` command line: one module per command, the options they share in :mod:`.options`.

Nothing heavy is imported here: spaCy, rich and the extractors load inside
the commands, so ``evfacts --help`` answers at once.
"""

from __future__ import annotations

import sys

import typer

from .check import check
from .evaluate import evaluate
from .extract import extract
from .merge import merge
from .output import EXIT_INTERRUPTED, Terminated, err, handle_stop_signals
from .validate import validate
from .report import report
from .text import text

app = typer.Typer(
    name="evfacts",
    help="Extract launch dates, production targets, battery specs and stakeholders "
         "from electric-vehicle press articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("extract")(extract)
app.command("evaluate")(evaluate)
app.command("check")(check)
app.command("merge")(merge)
app.command("validate")(validate)
app.command("report")(report)
app.command("text")(text)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            sys.stdout.write(f"evfacts {version('evfacts')}\n")
        except PackageNotFoundError:
            sys.stdout.write("evfacts (not installed)\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Extract launch dates, production targets, battery specs and stakeholders from EV press articles."""


def main() -> None:
    """Console-script entry point; usage errors exit 2, as click does.

    SIGTERM and SIGHUP end the run as Ctrl-C does (no traceback, no
    half-written ``-o`` file), with exit code 128 + the signal's number.
    """
    handle_stop_signals()
    try:
        app()
    except KeyboardInterrupt:
        err("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except Terminated as exc:
        err(str(exc))
        sys.exit(exc.exit_code)
