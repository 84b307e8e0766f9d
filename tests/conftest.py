"""Shared fixtures: one real spaCy pipeline for the whole session.

Building an :class:`evfacts.extract.Extractor` loads the model, the patterns
and the gazetteer (a second or two), so it is built once and shared. It is
built with the evfacts environment variables cleared, so a developer's
``EVFACTS_MODEL`` or extra pattern folder cannot change what the tests see.
"""

from __future__ import annotations

import pytest

#: Environment variables that change which model or patterns evfacts loads.
EVFACTS_ENV = ("EVFACTS_MODEL", "EVFACTS_PATTERNS", "EVFACTS_PATTERNS_DIR")


@pytest.fixture(scope="session")
def extractor():
    """The real Extractor (default model, default patterns), shared by every test."""
    from evfacts.extract import Extractor

    with pytest.MonkeyPatch.context() as mp:
        for var in EVFACTS_ENV:
            mp.delenv(var, raising=False)
        return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    """The shared extractor's spaCy pipeline (with the evfacts components)."""
    return extractor.nlp


@pytest.fixture
def clean_env(monkeypatch):
    """No evfacts environment variables for the duration of one test."""
    for var in EVFACTS_ENV:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


class WebServer:
    """A local web server for the URL tests (127.0.0.1 only: no test touches the internet).

    ``add(path, body, content_type, status)`` publishes a page; ``/slow/SECONDS`` answers
    after that long; ``requests`` records each request's path and User-Agent.
    """

    def __init__(self) -> None:
        import threading
        from http.server import ThreadingHTTPServer

        self.pages: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
        self.requests: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200,
            headers: dict[str, str] | None = None) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (status, content_type, data, headers or {})
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(web: WebServer):
    import time
    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            web.requests.append((self.path, self.headers.get("User-Agent", "")))
            if self.path.startswith("/slow/"):
                time.sleep(float(self.path.rsplit("/", 1)[1]))
            status, content_type, body, headers = web.pages.get(
                self.path, (404, "text/html", b"<html><body>Not here</body></html>", {}))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a too-large page)
                pass

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return Handler


@pytest.fixture(scope="session")
def web():
    """A local web server for the whole session, with no proxy between it and the tests."""
    with pytest.MonkeyPatch.context() as mp:
        for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            mp.delenv(var, raising=False)
        mp.setenv("no_proxy", "127.0.0.1,localhost")
        server = WebServer()
        yield server
        server.close()
