"""Where documents come from: files and folders, standard input, saved web pages, JSON Lines
corpora and URLs.

Reading happens in two steps so that the work can be shared among processes:

1. :func:`sources` expands the command line's inputs into *sources*, small
   picklable names of documents: a file path (or ``-``), a :class:`~.jsonl.Lines`
   span of a JSON Lines file, or a :class:`~.web.Url`;
2. whoever extracts them (this process, a ``--jobs`` worker, a Dask worker)
   reads each source itself with :func:`read_source`, which yields its
   Documents and ReadErrors.

So only names travel between processes, and a source's :func:`weight` (its
number of documents) lets the executors cut the work into even slices.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Union

from ..documents import (DEFAULT_MAX_BYTES, STDIN, Document, Item, Parser, ReadError, display_path, iter_paths,
                         parse_document, read_document)
from .html import looks_like_html, parse_html
from .jsonl import Fields, Lines, is_jsonl, read_span, read_stream, spans, split_span
from .web import DEFAULT_TIMEOUT, Url, is_url, read_url

#: ``--input-format``: ``auto`` reads a file by its suffix (``.html``/``.htm`` pages, ``.jsonl``/
#: ``.ndjson`` corpora, anything else text) and standard input or a URL by its content.
FORMATS = ("auto", "text", "html", "jsonl")
HTML_SUFFIXES = (".html", ".htm")

#: A file path (or ``-``), a span of a JSON Lines file, or a web page.
Source = Union[str, Lines, Url]


@dataclass(frozen=True)
class Reading:
    """How inputs are read: the command line's reading options, passed to every worker."""

    max_bytes: int = DEFAULT_MAX_BYTES
    input_format: str = "auto"
    text_field: str | None = None
    doc_field: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def fields(self) -> Fields:
        return Fields(text=self.text_field, doc=self.doc_field)


def sources(inputs: Iterable[str | ReadError], reading: Reading = Reading()) -> Iterator[Source | ReadError]:
    """Every input as sources, in order: folders walked (sorted), JSON Lines files cut into spans.

    An input may already be a ReadError (a bad line of ``--urls``); it passes through.
    """
    for raw in inputs:
        if isinstance(raw, ReadError):
            yield raw
        elif is_url(raw):
            yield Url(raw)
        else:
            yield from _paths(raw, reading)


def _paths(raw: str, reading: Reading) -> Iterator[str | Lines | ReadError]:
    """A file or folder argument's files, a JSON Lines file's as spans (read by whoever extracts them)."""
    for item in iter_paths([raw]):
        if isinstance(item, str) and item != STDIN and kind_of(item, reading) == "jsonl":
            yield from spans(item, reading.max_bytes)
        else:
            yield item


def weight(source: Source | ReadError) -> int:
    """How many documents (or error records) a source gives, as far as is known before reading it."""
    return source.count if isinstance(source, Lines) else 1


def read_source(source: Source | ReadError, reading: Reading = Reading(),
                cwd: str | None = None) -> Iterator[Item]:
    """The Documents and ReadErrors of one source.

    ``cwd`` is the folder relative paths are read from (a Dask worker runs
    elsewhere); documents keep the names the inputs gave them.
    """
    if isinstance(source, ReadError):
        yield source
    elif isinstance(source, Url):
        yield read_url(source.url, reading.max_bytes, reading.timeout)
    elif isinstance(source, Lines):
        span = Lines(_located(source.path, cwd), source.start, source.end, source.first, source.count)
        yield from read_span(span, reading.fields, reading.max_bytes, name=display_path(source.path))
    elif kind_of(source, reading) == "jsonl":  # standard input (or a library caller's file): one pass
        yield from _read_jsonl(source, reading, cwd)
    else:
        item = read_document(_located(source, cwd), reading.max_bytes, parser_for(source, reading))
        name = display_path(source)  # as the input named it (read from ``cwd``), in text that can be written
        yield item if item.path == name else replace(item, path=name)


def read_exactly(source: Source | ReadError, reading: Reading = Reading(), cwd: str | None = None) -> list[Item]:
    """The items of a source, exactly :func:`weight` of them, as the executors count on: a JSON Lines
    file that lost lines since it was split ends with an error record for each line gone."""
    items = list(read_source(source, reading, cwd))
    missing = weight(source) - len(items)
    if missing > 0:
        items += [ReadError(source_name(source), "unreadable", "the file changed while it was read")] * missing
    return items[:weight(source)]


def single_documents(items: Iterable[Source | ReadError], reading: Reading = Reading()) -> list[Source | ReadError]:
    """The sources with every span of JSON Lines cut into spans of one article (to retry them one by one)."""
    return [one for item in items
            for one in (split_span(item, reading.max_bytes) if isinstance(item, Lines) else [item])]


def source_name(source: Source | ReadError) -> str:
    """How the output names a source as a whole: its path, ``FILE:LINE`` for a span (of its first line), its URL."""
    if isinstance(source, Url):
        return source.url
    if isinstance(source, ReadError):
        return source.path
    if isinstance(source, Lines):
        return f"{display_path(source.path)}:{source.first}"
    return display_path(source)


def read_inputs(inputs: Iterable[str | ReadError], reading: Reading = Reading()) -> Iterator[Item]:
    """Every input's Documents and ReadErrors, in order, in this process."""
    for source in sources(inputs, reading):
        yield from read_source(source, reading)


def kind_of(path: str, reading: Reading = Reading()) -> str:
    """``text``, ``html`` or ``jsonl``: ``--input-format``, else the file's suffix (``auto`` for ``-``)."""
    if reading.input_format != "auto":
        return reading.input_format
    if path == STDIN:
        return "auto"
    if is_jsonl(path):
        return "jsonl"
    return "html" if os.path.splitext(path)[1].lower() in HTML_SUFFIXES else "text"


def parser_for(path: str, reading: Reading = Reading()) -> Parser:
    """How the decoded text of a file is read: a web page's main text, or front matter and body."""
    kind = kind_of(path, reading)
    if kind == "html":
        return parse_html
    if kind == "auto":
        return _sniffed
    return parse_document


def _sniffed(path: str, text: str) -> Document | ReadError:
    """Standard input without ``--input-format``: a web page if it starts like one, else text."""
    return parse_html(path, text) if looks_like_html(text) else parse_document(path, text)


def _read_jsonl(path: str, reading: Reading, cwd: str | None) -> Iterator[Item]:
    """A whole JSON Lines stream read in one pass (not cut into spans)."""
    if path == STDIN:
        yield from read_stream(STDIN, sys.stdin.buffer, reading.fields, reading.max_bytes)
        return
    found = list(spans(_located(path, cwd), reading.max_bytes, size=sys.maxsize))
    for span in found:
        yield from (read_span(span, reading.fields, reading.max_bytes, name=display_path(path))
                    if isinstance(span, Lines) else [replace(span, path=display_path(path))])


def _located(path: str, cwd: str | None) -> str:
    return os.path.join(cwd, path) if cwd and path != STDIN else path


__all__ = ["FORMATS", "Reading", "Source", "kind_of", "parser_for", "read_exactly", "read_inputs", "read_source",
           "single_documents", "source_name", "sources", "weight"]
