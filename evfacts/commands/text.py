"""``evfacts text``: each document's body exactly as evfacts reads it, the text fact offsets count in.

A fact's ``start`` and ``end`` are offsets into the body: after decoding,
newline normalization, front matter removed, a web page's main text
extracted, a JSON line's text field taken. This command is the one way to
see that text for a page, a JSON line or a URL, so ``body[start:end] == text``
can be checked by a person or a script. No model is loaded.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterable, Iterator, List, Optional, Union

import typer

from .options import STDOUT, Options, shared_options
from .output import EXIT_PARTIAL, emit, err, fail

if TYPE_CHECKING:
    from ..documents import Document, ReadError

    Item = Union[Document, ReadError]


class TextFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


#: The format an ``-o`` file's extension asks for; any other file gets the text.
EXTENSIONS = {".json": TextFormat.json, ".jsonl": TextFormat.jsonl}


@shared_options(omit=("format", "output", "types", "jobs", "model", "patterns", "reference_date"))
def text(
    paths: Optional[List[str]] = typer.Argument(
        None, metavar="PATH...",
        help="Articles: files (.md, .txt, .html, .jsonl), folders (searched recursively), http(s) URLs; '-' reads stdin."),
    format: Optional[TextFormat] = typer.Option(
        None, "--format", "-f", case_sensitive=False,
        help="text: the body as is (a '==> DOC <==' line before each when there are several); jsonl: one "
             "{doc, title, url, published, body} a line; json: {documents, errors}. Default: from the -o "
             "file's extension (.json, .jsonl), else text."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write to FILE (atomically); '-' is standard output."),
    *,
    opts: Options,
) -> None:
    """Print each document's body exactly as evfacts reads it: the text fact offsets count in.

    Exit codes as for extract: 0 all inputs read; 1 some skipped; 2 usage error.

    Examples:

      evfacts text page.html

      evfacts text dump.jsonl --format jsonl | jq -r 'select(.doc == "dump.jsonl:3") | .body'
    """
    from ..documents import ReadError
    from ..inputs import read_source, sources

    target = None if output is None or str(output) == STDOUT else output
    if target is not None and not (target.parent if str(target.parent) else Path(".")).is_dir():
        fail(f"cannot write {target}: folder {target.parent} does not exist")
    fmt = format or (EXTENSIONS.get(target.suffix.lower(), TextFormat.text) if target else TextFormat.text)
    reading = opts.reading()
    inputs = opts.inputs(paths)
    skipped: list[ReadError] = []

    def items() -> Iterator["Item"]:
        for source in sources(inputs, reading):
            for item in read_source(source, reading):
                if isinstance(item, ReadError):
                    skipped.append(item)
                    err(f"skipped {item.path}: {item.message}")
                elif not opts.quiet:
                    for warning in item.warnings:
                        err(f"warning: {item.path}: {warning}")
                yield item

    writers = {TextFormat.text: _write_text, TextFormat.jsonl: _write_jsonl, TextFormat.json: _write_json}
    emit(dataclasses.replace(opts, output=target), lambda out, color, width: writers[fmt](items(), out))
    if skipped:
        err(f"{len(skipped)} input(s) skipped")
        raise typer.Exit(EXIT_PARTIAL)


def _record(document: "Document") -> dict:
    published = document.published.isoformat() if document.published else None
    return {"doc": document.path, "title": document.title, "url": document.url, "published": published,
            "body": document.body}


def _write_text(items: Iterable["Item"], out: IO[str]) -> None:
    """One body as is; several each after a ``==> DOC <==`` line (as ``head`` does), ending with a newline."""
    from ..documents import Document

    documents = (item for item in items if isinstance(item, Document))
    first = list(itertools.islice(documents, 2))
    if len(first) == 1:
        out.write(first[0].body)
        return
    for number, document in enumerate(itertools.chain(first, documents)):
        out.write(f"{'' if number == 0 else chr(10)}==> {document.path} <==\n{document.body}")
        if not document.body.endswith("\n"):
            out.write("\n")


def _write_jsonl(items: Iterable["Item"], out: IO[str]) -> None:
    from ..documents import ReadError

    for item in items:
        record = item.to_dict() if isinstance(item, ReadError) else _record(item)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _write_json(items: Iterable["Item"], out: IO[str]) -> None:
    from ..documents import ReadError

    documents, errors = [], []
    for item in items:
        (errors if isinstance(item, ReadError) else documents).append(
            item.to_dict() if isinstance(item, ReadError) else _record(item))
    out.write(json.dumps({"documents": documents, "errors": errors}, ensure_ascii=False, indent=2) + "\n")
