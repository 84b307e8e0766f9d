"""Documents: finding input files, decoding them, and splitting off front matter.

A Document is what the rest of evfacts sees: a path, the front-matter fields
that matter (title, url, published) and the body. Offsets in facts count from
the first character of the body, in code points, as GUIDELINES.md says.

Reading never raises for one bad file: a file that cannot be used becomes a
:class:`ReadError` record, so the caller can report it and go on with the rest.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Union

import yaml

SUFFIXES = (".md", ".txt", ".markdown")
#: Files a folder walk reports as skipped (a stray PDF or image is worth a word);
#: any other suffix (.yaml, .json, .csv: data beside the articles) is passed over quietly.
UNSUPPORTED_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".zip",
                        ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".doc", ".docx", ".xls",
                        ".xlsx", ".ppt", ".pptx", ".odt", ".rtf", ".epub", ".exe", ".bin", ".mp3", ".mp4")
#: Files larger than this are skipped (``too_large``): the library's default and ``--max-bytes``'.
DEFAULT_MAX_BYTES = 1_000_000
STDIN = "-"

# Leading bytes of formats that are surely not articles.
_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


@dataclass
class Document:
    """One article: where it came from, its front matter and its body text."""

    path: str
    body: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ReadError:
    """A file that was skipped, and why (``error`` is a short kind, ``message`` says it)."""

    path: str
    error: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "error": self.error, "message": self.message}


Item = Union[Document, ReadError]


def iter_paths(inputs: Iterable[str]) -> Iterator[str | ReadError]:
    """Expand files and folders (recursively, sorted, hidden entries skipped).

    Folders yield only files with an article suffix (a folder with none is a
    ``no_articles`` error); a file named explicitly is read whatever its suffix. Symlinked folders are not followed, so a
    link loop cannot hang the walk.
    """
    for raw in inputs:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield str(path)
        else:
            yield ReadError(str(path), "not_found", "no such file or folder")


def _walk(root: Path) -> Iterator[str | ReadError]:
    found: list[str] = []
    errors: list[ReadError] = []

    def onerror(exc: OSError) -> None:
        errors.append(ReadError(str(exc.filename), "unreadable", f"cannot list folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            if name.lower().endswith(SUFFIXES):
                found.append(path)
            elif name.lower().endswith(UNSUPPORTED_SUFFIXES):
                errors.append(ReadError(path, "unsupported",
                                        f"skipped: not a text article ({os.path.splitext(name)[1].lower()})"))
    if not found:  # an empty folder, or a wrong one: never a silent run that read nothing
        errors.append(ReadError(str(root), "no_articles",
                                f"no article files ({', '.join(SUFFIXES)}) in this folder"))
    yield from sorted(errors, key=lambda e: e.path)
    yield from sorted(found)


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252.

    Line endings are normalized to ``\\n`` so offsets are the same whatever
    system wrote the file. Returns the text and any warnings about it.
    """
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:  # truncated or corrupt UTF-16: never raise for one bad file
            text = data.decode("utf-16", errors="replace")
            warnings.append("undecodable bytes were replaced")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                warnings.append("not valid UTF-8; read as Windows-1252")
            except UnicodeDecodeError:
                text = data.decode("utf-8", errors="replace")
                warnings.append("undecodable bytes were replaced")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file (it contains NUL bytes)"
    return None


def split_front_matter(text: str) -> tuple[dict, str, list[str]]:
    """Split ``---`` YAML front matter from the body.

    Returns (fields, body, warnings). Front matter that does not parse is
    reported and left out, and the body after it is still used.
    """
    if not text.startswith("---\n"):
        return {}, text, []
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return {}, text, ["front matter starts with '---' but is never closed; read as body"]
    raw, body = text[4:end + 1], text[end + 5:]
    try:
        meta = yaml.safe_load(raw)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date (published: 2023-02-30)
        return {}, body, [f"front matter is not valid YAML ({exc.__class__.__name__}); ignored"]
    if meta is None:
        return {}, body, []
    if not isinstance(meta, dict):
        return {}, body, ["front matter is not a mapping; ignored"]
    return meta, body, []


#: Front-matter keys that give the publication date, in order of preference (``date`` is Hugo's and Jekyll's).
PUBLISHED_KEYS = ("published", "date")


def _as_date(value: object) -> dt.date | None:
    """A front-matter date: YAML's own dates, or a string such as "May 1, 2024" or "2024-05-01T10:00:00Z"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        from .normalize.absolute import parse_published

        return parse_published(value)
    return None


def parse_document(path: str, text: str) -> Document:
    """A Document from decoded text; front matter fields become attributes."""
    meta, body, warnings = split_front_matter(text)
    key = next((k for k in PUBLISHED_KEYS if meta.get(k) is not None), None)
    published = _as_date(meta[key]) if key else None
    if key and published is None:
        warnings.append(f"front matter '{key}' is not a date: {meta[key]!r}")
    title = meta.get("title")
    url = meta.get("url")
    return Document(path=path, body=body, title=str(title) if title is not None else None,
                    url=str(url) if url is not None else None, published=published, warnings=warnings)


def read_document(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Item:
    """Read one file (or ``-`` for stdin) into a Document, or say why not."""
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read()
        else:
            size = os.path.getsize(path)
            if size > max_bytes:
                return ReadError(path, "too_large", f"{size:,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
            with open(path, "rb") as fh:
                data = fh.read()
    except FileNotFoundError:
        return ReadError(path, "not_found", "no such file or folder")
    except IsADirectoryError:
        return ReadError(path, "unreadable", "is a folder")
    except OSError as exc:
        return ReadError(path, "unreadable", exc.strerror or str(exc))
    if len(data) > max_bytes:
        return ReadError(path, "too_large", f"{len(data):,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
    binary = _sniff_binary(data)
    if binary:
        return ReadError(path, "binary", f"skipped: {binary}")
    text, warnings = decode(data)
    doc = parse_document(path, text)
    doc.warnings[:0] = warnings
    if not doc.body.strip():
        return ReadError(path, "empty", "no text to read")
    return doc


def read_documents(inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every input as a Document or a ReadError, in a deterministic order."""
    for item in iter_paths(inputs):
        yield item if isinstance(item, ReadError) else read_document(item, max_bytes)
