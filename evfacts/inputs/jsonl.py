"""JSON Lines corpora: one article per line, as scrapers and news APIs dump them.

Files are streamed a line at a time (a 2 GB dump is never read whole), and a
line is read at most ``--max-bytes`` at a time, so one runaway line costs its
length in time, not in memory. Each line is its own article: ``doc`` is
``FILE:LINE`` (or a field of the record, ``--doc-field``), and a line that is
not a JSON object or has no text is an error record naming ``FILE:LINE``
while the other lines are still extracted.

For ``--jobs`` and Dask a file is cut into :class:`Lines` spans of a few
lines each, found by one quick pass over the file; each worker reads its own
spans, so only file names and byte offsets travel between processes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import IO, Iterator

from ..documents import Document, ReadError, _not_regular, display_path, published_date
from .html import looks_like_html, parse_html

#: Fields that hold the article's text, in order of preference (``--text-field`` names another).
TEXT_FIELDS = ("text", "body", "content", "article")
#: Fields that hold its publication date, in order of preference.
PUBLISHED_FIELDS = ("published", "date", "published_at")
#: Articles per span: the unit of work a worker reads (the executors' slice size).
SPAN = 16
#: Bytes read at once while skipping the rest of a line that is over the limit.
_SKIP = 1 << 20


@dataclass(frozen=True)
class Lines:
    """A span of a JSON Lines file: bytes ``start`` to ``end``, whose first line is number ``first``.

    ``count`` is how many articles (non-blank lines) it holds. Picklable and
    small: it names the lines, a worker reads them.
    """

    path: str
    start: int
    end: int
    first: int
    count: int


@dataclass(frozen=True)
class Fields:
    """Which record fields to read: ``--text-field`` and ``--doc-field`` (None: the defaults)."""

    text: str | None = None
    doc: str | None = None


def spans(path: str, max_bytes: int, size: int = SPAN) -> Iterator[Lines | ReadError]:
    """The spans of a JSON Lines file, ``size`` articles each, by one streaming pass over it.

    A file that cannot be opened is a ReadError, and so is one without a
    single non-blank line (``empty``).
    """
    try:
        problem = _not_regular(os.stat(path).st_mode)  # a named pipe or a device would never end
        if problem:
            yield ReadError(display_path(path), "unreadable", problem)
            return
        with open(path, "rb") as fh:
            start = first = None
            count = 0
            for number, offset, line in _lines(fh, max_bytes):
                if line is not None and not line.strip():
                    continue
                if start is None:
                    start, first = offset, number
                count += 1
                if count == size:
                    yield Lines(path, start, fh.tell(), first, count)
                    start, count = None, 0
            if start is not None:
                yield Lines(path, start, fh.tell(), first, count)
            elif first is None:
                yield ReadError(display_path(path), "empty", "no JSON lines to read")
    except FileNotFoundError:
        yield ReadError(display_path(path), "not_found", "no such file or folder")
    except OSError as exc:
        yield ReadError(display_path(path), "unreadable", exc.strerror or str(exc))


def split_span(span: Lines, max_bytes: int) -> list[Lines]:
    """A span as spans of one article each (a worker died on it: each is retried alone); unsplit if the
    file cannot be read again."""
    if span.count == 1:
        return [span]
    found: list[Lines] = []
    try:
        with open(span.path, "rb") as fh:
            fh.seek(span.start)
            for number, offset, line in _lines(fh, max_bytes, span.first):
                if line is None or line.strip():
                    found.append(Lines(span.path, offset, fh.tell(), number, 1))
                if fh.tell() >= span.end:
                    break
    except OSError:
        return [span]
    return found if len(found) == span.count else [span]


def read_span(span: Lines, fields: Fields, max_bytes: int, name: str | None = None) -> Iterator[Document | ReadError]:
    """The articles of a span, read from the file; ``name`` is the file's name in ``doc`` (default its path)."""
    name = span.path if name is None else name
    try:
        with open(span.path, "rb") as fh:
            fh.seek(span.start)
            for number, _, line in _lines(fh, max_bytes, span.first):
                yield from _article(name, number, line, fields, max_bytes)
                if fh.tell() >= span.end:
                    return
    except OSError as exc:  # the file changed or vanished since it was split
        yield ReadError(f"{name}:{span.first}", "unreadable", exc.strerror or str(exc))


def read_stream(name: str, fh: IO[bytes], fields: Fields, max_bytes: int) -> Iterator[Document | ReadError]:
    """Every article of a JSON Lines stream (standard input), read as it comes."""
    for number, _, line in _lines(fh, max_bytes):
        yield from _article(name, number, line, fields, max_bytes)


def _lines(fh: IO[bytes], max_bytes: int, number: int = 1) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, line) for each line from here on; None for a line over ``max_bytes``,
    whose rest is skipped without being kept."""
    offset = fh.tell() if fh.seekable() else 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        length = len(line)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = fh.readline(_SKIP)
                length += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, offset, None
        else:
            yield number, offset, line
        number += 1
        offset += length


def _article(name: str, number: int, line: bytes | None, fields: Fields,
             max_bytes: int) -> Iterator[Document | ReadError]:
    """The article of one line; nothing for a blank line."""
    where = f"{name}:{number}"
    if line is None:
        yield ReadError(where, "too_large", f"the line is over the limit of {max_bytes:,} bytes (--max-bytes)")
        return
    if not line.strip():
        return
    if number == 1:
        line = line.removeprefix(b"\xef\xbb\xbf")
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        yield ReadError(where, "invalid_json", f"not a JSON line: {_short(exc)}")
        return
    if not isinstance(record, dict):
        yield ReadError(where, "invalid_json", f"not a JSON object but {type(record).__name__}")
        return
    yield record_document(where, record, fields)


def record_document(where: str, record: dict, fields: Fields) -> Document | ReadError:
    """A Document from one JSON record: its text, and title, url and published where it has them."""
    names = (fields.text,) if fields.text else TEXT_FIELDS
    key = next((k for k in names if isinstance(record.get(k), str) and record[k].strip()), None)
    if key is None:
        wanted = f"'{fields.text}'" if fields.text else ", ".join(TEXT_FIELDS) + " (or --text-field)"
        return ReadError(where, "no_text", f"no text in field {wanted}")
    path = where
    warnings: list[str] = []
    if fields.doc:
        value = record.get(fields.doc)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            path = str(value)
        else:
            warnings.append(f"no '{fields.doc}' field (--doc-field); named {where}")
    text = record[key].replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):  # a scraper's raw page: its main text, as for a saved page
        page = parse_html(path, text, url=_string(record.get("url")))
        if isinstance(page, ReadError):
            return page
        body, title, url, published = page.body, page.title, page.url, page.published
        warnings += page.warnings
    else:
        body, title, url, published = text, None, None, None
    date_key = next((k for k in PUBLISHED_FIELDS if record.get(k) is not None), None)
    if date_key is not None:
        published = published_date(record[date_key])
        if published is None:
            warnings.append(f"'{date_key}' is not a date: {record[date_key]!r}")
    return Document(path=path, body=body, title=_string(record.get("title")) or title,
                    url=_string(record.get("url")) or url, published=published, warnings=warnings)


def _string(value: object) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) else None


def _short(exc: Exception) -> str:
    message = str(exc)
    return message if len(message) <= 120 else message[:117] + "..."


def is_jsonl(path: str) -> bool:
    """Whether a file's name says JSON Lines."""
    return os.path.splitext(path)[1].lower() in (".jsonl", ".ndjson")
