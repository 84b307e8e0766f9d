"""URLs: fetching a page named on the command line (or in ``--urls FILE``) and reading it.

The standard library's ``urllib`` is enough for one GET per page and says
exactly what went wrong, which an error record must name: the host does not
resolve or answer (``unreachable``), the server answers with an error status
(``not_found`` for 404 and 410, ``http_error`` otherwise), no answer within
``--timeout`` seconds (``timeout``), more than ``--max-bytes`` (``too_large``),
or something that is not a page (``unsupported``). Nothing is fetched unless a
URL is given. Requests say who is asking (``evfacts/VERSION``), follow
redirects, honour the usual proxy variables, and never retry.

HTML is read as saved pages are (:mod:`.html`); ``text/plain`` and
``text/markdown`` as text files are, front matter and all.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import __version__
from ..documents import STDIN, Document, ReadError, decode, parse_document
from .html import looks_like_html, parse_html

if TYPE_CHECKING:
    from email.message import Message

USER_AGENT = f"evfacts/{__version__} (fact extraction from EV press coverage; Python urllib)"
#: Seconds to wait for a server, to connect and between bytes, and for the whole page (``--timeout``).
DEFAULT_TIMEOUT = 30.0
SCHEMES = ("http://", "https://")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Url:
    """A web page to fetch (picklable: a worker fetches it itself)."""

    url: str


def is_url(name: str) -> bool:
    """Whether an input names a web page rather than a file."""
    return name.lower().startswith(SCHEMES)


def url_lines(path: str) -> list[str | ReadError]:
    """The URLs listed in a file (``-``: standard input), one a line; blank lines and ``#`` comments are
    skipped, and a line that is not an http(s) URL is a ReadError naming ``FILE:LINE``."""
    import sys

    if path == STDIN:
        lines = sys.stdin.read().splitlines()
    else:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    found: list[str | ReadError] = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found.append(line if is_url(line) else
                     ReadError(f"{path}:{number}", "unsupported", f"not an http:// or https:// URL: {line[:80]!r}"))
    return found


def read_url(url: str, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> Document | ReadError:
    """Fetch one page and read it into a Document, or say why not (one ReadError per failure)."""
    fetched = fetch(url, max_bytes, timeout)
    if isinstance(fetched, ReadError):
        return fetched
    data, headers, final_url = fetched
    if not data.strip():
        return ReadError(url, "empty", "the server sent an empty page")
    text, warnings = _decode(data, headers.get_content_charset())
    kind = headers.get_content_type() if "content-type" in headers else None
    if kind in HTML_TYPES or (kind is None and looks_like_html(text)):
        doc = parse_html(url, text, url=final_url)
    else:
        doc = parse_document(url, text)
        doc.url = doc.url or final_url
    if isinstance(doc, ReadError):
        return doc
    doc.warnings[:0] = warnings
    return doc


def fetch(url: str, max_bytes: int, timeout: float) -> tuple[bytes, "Message", str] | ReadError:
    """The page's bytes, its headers and its URL after redirects; or the ReadError that says what failed."""
    import http.client  # here, not at the top: most runs fetch nothing, and the CLI starts faster
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,text/markdown;q=0.5",
    })
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers = response.headers
            kind = headers.get_content_type() if "content-type" in headers else None
            if kind is not None and kind not in HTML_TYPES + TEXT_TYPES:
                return ReadError(url, "unsupported", f"not a web page: the server sent {kind}")
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                return _too_large(url, int(length), max_bytes)
            data = bytearray()
            while chunk := response.read(_CHUNK):
                data += chunk
                if len(data) > max_bytes:
                    return _too_large(url, len(data), max_bytes, more=True)
                if time.monotonic() > deadline:
                    return _timeout(url, timeout)
            return bytes(data), headers, response.geturl()
    except urllib.error.HTTPError as exc:
        exc.close()
        kind = "not_found" if exc.code in (404, 410) else "http_error"
        return ReadError(url, kind, f"HTTP {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        return _unreachable(url, exc.reason, timeout)
    except (TimeoutError, socket.timeout):
        return _timeout(url, timeout)
    except (OSError, http.client.HTTPException, ValueError) as exc:  # ValueError: a malformed URL
        return _unreachable(url, exc, timeout)


def _unreachable(url: str, reason: object, timeout: float) -> ReadError:
    import ssl

    if isinstance(reason, (TimeoutError, socket.timeout)):
        return _timeout(url, timeout)
    if isinstance(reason, socket.gaierror):
        return ReadError(url, "unreachable", f"cannot resolve the host name ({reason.strerror or reason})")
    if isinstance(reason, ConnectionRefusedError):
        return ReadError(url, "unreachable", "connection refused")
    if isinstance(reason, ssl.SSLError):
        return ReadError(url, "unreachable", f"TLS failed: {reason.reason or reason}")
    return ReadError(url, "unreachable", f"cannot fetch: {reason}")


def _timeout(url: str, timeout: float) -> ReadError:
    return ReadError(url, "timeout", f"no complete answer within {timeout:g} s (--timeout)")


def _too_large(url: str, size: int, max_bytes: int, more: bool = False) -> ReadError:
    over = "more than " if more else ""
    return ReadError(url, "too_large", f"{over}{size:,} bytes is over the limit of {max_bytes:,} (--max-bytes)")


def _decode(data: bytes, charset: str | None) -> tuple[str, list[str]]:
    """The page's text in the charset its server declares, else as files are decoded."""
    if charset:
        try:
            text = data.decode(charset)
        except LookupError:
            pass
        except UnicodeDecodeError:
            text = data.decode(charset, errors="replace")
            return _newlines(text), [f"bytes that are not {charset}, as the server said, were replaced"]
        else:
            return _newlines(text), []
    return decode(data)


def _newlines(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
