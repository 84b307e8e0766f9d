"""Documents: finding input files, decoding them, and splitting off front matter.

A Document is what the rest of evfacts sees: a path, the front-matter fields
that matter (title, url, published) and the body. Offsets in facts count from
the first character of the body, in code points, as GUIDELINES.md says.

Reading never raises for one bad file: a file that cannot be used becomes a
:class:`ReadError` record, so the caller can report it and go on with the rest.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

import yaml

from . import safeyaml

#: Files a folder walk reads: text and Markdown articles and saved web pages (JSON Lines files are
#: read when named: evfacts' own output is JSON Lines, and a folder walk must not read it back).
SUFFIXES = (".md", ".txt", ".markdown", ".html", ".htm")
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
#: Decoded text to a Document (or why not): front matter for text files, main-text extraction for web pages.
Parser = Callable[[str, str], Union[Document, ReadError]]


def display_path(path: str) -> str:
    """A path as evfacts prints and records it: always valid text.

    A file name that is not valid UTF-8 (``bad\\xffbyte.md``) reaches Python with
    each bad byte as a lone surrogate, which no UTF-8 writer can encode; such
    bytes are written as ``\\xNN``, so the output never fails on a file name.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")


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
            yield ReadError(display_path(str(path)), "not_found", "no such file or folder")


def _walk(root: Path) -> Iterator[str | ReadError]:
    """The problems met under ``root`` (unsupported files, folders that cannot be listed), then its
    article files, each sorted. An explicit stack, not recursion, so a tree of any depth is walked
    (a recursive walk dies with RecursionError past about 1,000 levels)."""
    found: list[str] = []
    errors: list[ReadError] = []
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            errors.append(ReadError(display_path(folder), "unreadable", f"cannot list folder: {exc.strerror}"))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if _is_dir(entry):
                if not entry.is_symlink():
                    stack.append(entry.path)
            elif name.lower().endswith(SUFFIXES):
                found.append(entry.path)
            elif name.lower().endswith(UNSUPPORTED_SUFFIXES):
                errors.append(ReadError(display_path(entry.path), "unsupported",
                                        f"skipped: not a text article ({os.path.splitext(name)[1].lower()})"))
    if not found:  # an empty folder, or a wrong one: never a silent run that read nothing
        errors.append(ReadError(display_path(str(root)), "no_articles",
                                f"no article files ({', '.join(SUFFIXES)}) in this folder"))
    yield from sorted(errors, key=lambda e: e.path)
    yield from sorted(found)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a name the system cannot stat (too long, vanished): read it as a file, reported then
        return False


#: Byte-order marks, longest first: UTF-32 LE's starts with UTF-16 LE's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: Encodings whose text is full of NUL bytes; the only ones a file with NULs may be in.
_WIDE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]


def detect_encoding(data: bytes) -> tuple[str | None, bool]:
    """The codec of ``data`` and whether it was guessed; ``(None, True)`` for bytes that are no text.

    A byte-order mark decides; else valid UTF-8 is UTF-8. Anything else is
    left to charset-normalizer: among the legacy 8-bit and CJK encodings when
    there is no NUL byte (UTF-16 and UTF-32 would read any even-length bytes),
    among UTF-16 and UTF-32 when there are (else it is binary). Of encodings
    that read the bytes equally well, Windows-1252 (the commonest legacy
    encoding of English text) is preferred, so "caf\\xe9" is not read as Polish.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, False
    nul = b"\x00" in data
    if not nul:
        try:
            data.decode("utf-8")
            return "utf-8", False
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    matches = (from_bytes(data, cp_isolation=_WIDE) if nul
               else from_bytes(data, cp_exclusion=[*_WIDE, "utf_16", "utf_32", "utf_7"]))
    best = matches.best()
    if best is None:
        return None, True
    ties = [m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence]
    if any("cp1252" in m.could_be_from_charset for m in ties):
        return "cp1252", True
    return best.encoding, True


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text, with the encoding :func:`detect_encoding` finds, and warnings about it.

    A guessed encoding is named in a warning; bytes that no encoding explains
    are replaced (and said). Line endings are normalized to ``\\n`` so offsets
    are the same whatever system wrote the file.
    """
    warnings: list[str] = []
    codec, guessed = detect_encoding(data)
    if codec is None:
        codec = "utf-8"
        warnings.append("no text encoding fits these bytes; read as UTF-8 with the undecodable bytes replaced")
    elif guessed:
        windows = codec[2:] if codec.startswith("cp125") else None
        name = f"Windows-{windows} ({codec})" if windows else codec
        warnings.append(f"not valid UTF-8; read as {name}, detected by charset-normalizer")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:  # truncated or corrupt: never raise for one bad file
        text = data.decode(codec, errors="replace")
        warnings.append("undecodable bytes were replaced")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _sniff_binary(data: bytes) -> str | None:
    """What a file is when it is surely not an article: a known binary signature, or NUL bytes
    that no UTF-16 or UTF-32 reading explains."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    if b"\x00" in data and detect_encoding(data)[0] is None:
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
        meta = safeyaml.load(raw)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date (published: 2023-02-30)
        reason = getattr(exc, "problem", None) or exc.__class__.__name__
        return {}, body, [f"front matter is not valid YAML ({reason}); ignored"]
    if meta is None:
        return {}, body, []
    if not isinstance(meta, dict):
        return {}, body, ["front matter is not a mapping; ignored"]
    return meta, body, []


#: Front-matter keys that give the publication date, in order of preference (``date`` is Hugo's and Jekyll's).
PUBLISHED_KEYS = ("published", "date")


def published_date(value: object) -> dt.date | None:
    """A publication date as front matter, a web page or a JSON line gives it: YAML's own dates, or a
    string such as "May 1, 2024" or "2024-05-01T10:00:00Z"."""
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
    published = published_date(meta[key]) if key else None
    if key and published is None:
        warnings.append(f"front matter '{key}' is not a date: {meta[key]!r}")
    title = meta.get("title")
    url = meta.get("url")
    return Document(path=path, body=body, title=str(title) if title is not None else None,
                    url=str(url) if url is not None else None, published=published, warnings=warnings)


#: What a path that is not a regular file is, for the ``unreadable`` message.
_FILE_TYPES = ((stat.S_ISDIR, "is a folder"), (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
               (stat.S_ISCHR, "is a character device, not a regular file"),
               (stat.S_ISBLK, "is a block device, not a regular file"), (stat.S_ISSOCK, "is a socket, not a regular file"))


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _FILE_TYPES if test(mode)), "is not a regular file")


def _too_large(path: str, size: int | None, max_bytes: int) -> ReadError:
    """``size`` None: a stream, read up to the limit and no further."""
    if size is None:
        return ReadError(path, "too_large", f"longer than the limit of {max_bytes:,} bytes (--max-bytes)")
    return ReadError(path, "too_large", f"{size:,} bytes is over the limit of {max_bytes:,} (--max-bytes)")


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | ReadError:
    """The bytes of a regular file (or of standard input for ``-``), never more than ``max_bytes``.

    Only regular files are opened: a named pipe would block for ever, and a
    device such as ``/dev/zero`` never ends. The file is opened without
    blocking and checked again once open, in case it was swapped in between.
    Reading stops one byte past the limit, so an endless stream (``- <
    /dev/zero``) costs ``max_bytes`` of memory at most.
    """
    shown = display_path(path)
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read(max_bytes + 1)
            return _too_large(shown, None, max_bytes) if len(data) > max_bytes else data
        problem = _not_regular(os.stat(path).st_mode)
        if problem:
            return ReadError(shown, "unreadable", problem)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as fh:
            info = os.fstat(fd)
            problem = _not_regular(info.st_mode)
            if problem:
                return ReadError(shown, "unreadable", problem)
            if info.st_size > max_bytes:
                return _too_large(shown, info.st_size, max_bytes)
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return ReadError(shown, "not_found", "no such file or folder")
    except OSError as exc:
        return ReadError(shown, "unreadable", exc.strerror or str(exc))
    return _too_large(shown, None, max_bytes) if len(data) > max_bytes else data


def read_document(path: str, max_bytes: int = DEFAULT_MAX_BYTES, parse: Parser | None = None) -> Item:
    """Read one file (or ``-`` for stdin) into a Document, or say why not.

    The Document's path is the :func:`display_path` of ``path``. ``parse`` turns
    the decoded text into a Document; by default it is chosen from the file's
    suffix (a web page's main text is extracted, see :mod:`evfacts.inputs`).
    """
    data = read_bytes(path, max_bytes)
    if isinstance(data, ReadError):
        return data
    shown = display_path(path)
    binary = _sniff_binary(data)
    if binary:
        return ReadError(shown, "binary", f"skipped: {binary}")
    text, warnings = decode(data)
    if parse is None:
        from .inputs import parser_for

        parse = parser_for(path)
    doc = parse(shown, text)
    if isinstance(doc, ReadError):
        return doc
    doc.warnings[:0] = warnings
    if not doc.body.strip():
        return ReadError(shown, "empty", "no text to read")
    return doc


def read_documents(inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every input (files, folders, ``-``, JSON Lines corpora, URLs) as a Document or a ReadError,
    in a deterministic order; :func:`evfacts.inputs.read_inputs` takes the other reading options."""
    from .inputs import Reading, read_inputs

    return read_inputs(inputs, Reading(max_bytes=max_bytes))
