"""URLs (issue 13): pages fetched from a local server, and each way a fetch fails as its own error record.

The server (``web`` in conftest.py) listens on 127.0.0.1; nothing here touches the internet.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts import __version__
from evfacts.cli import app
from evfacts.documents import Document, ReadError
from evfacts.inputs import Reading, read_inputs

PAGES = Path(__file__).resolve().parent.parent / "samples" / "pages"
PAGE = PAGES / "wire-volvo-ex30-unveil.html"
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}


def extract(*args: str):
    result = CliRunner(env=ENV).invoke(app, ["extract", "--format", "jsonl", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return result, [r for r in lines if "doc" in r], [r for r in lines if "error" in r]


def _facts(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "doc"} for r in records]


def test_a_page_from_a_url_gives_the_saved_pages_facts(web):
    url = web.add("/autos/volvo-ex30.html", PAGE.read_bytes())
    result, facts, errors = extract(url)
    assert result.exit_code == 0, result.output
    _, saved, _ = extract(str(PAGE))
    assert facts and _facts(facts) == _facts(saved)
    assert {f["doc"] for f in facts} == {url}
    # The page's canonical URL and publication date, not the address it was fetched from.
    assert {(f["url"], f["published"]) for f in facts} == {
        ("https://autowire.example.com/autos/2023/06/07/volvo-cars-ex30-unveil", "2023-06-07")}


def test_requests_say_who_is_asking(web):
    url = web.add("/ua/page.html", PAGE.read_bytes())
    list(read_inputs([url]))
    assert (("/ua/page.html", f"evfacts/{__version__}") in
            [(path, agent.split(" ")[0]) for path, agent in web.requests])


def test_a_redirect_is_followed_and_the_final_address_is_the_url(web):
    page = "<html><head><title>Moved</title></head><body><article><p>" + "Nothing about cars here. " * 20 + \
           "</p></article></body></html>"
    final = web.add("/final.html", page)
    start = web.add("/old.html", b"", status=301, headers={"Location": "/final.html"})
    (doc,) = read_inputs([start])
    assert isinstance(doc, Document) and doc.path == start and doc.url == final


@pytest.mark.parametrize("setup, kind, message", [
    (lambda web: web.url("/nowhere.html"), "not_found", "HTTP 404 Not Found"),
    (lambda web: web.add("/broken.html", "<html>oops</html>", status=503), "http_error", "HTTP 503"),
    (lambda web: web.url("/slow/3"), "timeout", "no complete answer within 0.5 s (--timeout)"),
    (lambda web: web.add("/data.json", '{"a": 1}', "application/json"), "unsupported",
     "not a web page: the server sent application/json"),
    (lambda web: web.add("/report.pdf", b"%PDF-1.7 ...", "application/pdf"), "unsupported", "application/pdf"),
    (lambda web: web.add("/huge.html", b"<html>" + b"x" * 60_000 + b"</html>"), "too_large", "--max-bytes"),
    (lambda web: web.add("/blank.html", b""), "empty", "empty page"),
    (lambda web: web.add("/app.html", "<html><head><title>App</title></head><body><div id=root></div>"
                                      "<script src=app.js></script></body></html>"),
     "empty", "no article text found in the page"),
], ids=["404", "503", "timeout", "json", "pdf", "too-large", "blank", "no-article"])
def test_each_failure_is_an_error_record_and_exit_1(web, setup, kind, message):
    url = setup(web)
    ok = web.add("/fine.html", PAGE.read_bytes())
    result, facts, errors = extract(url, ok, "--timeout", "0.5", "--max-bytes", "50000")
    assert result.exit_code == 1, result.output
    assert [(e["path"], e["error"]) for e in errors] == [(url, kind)]
    assert message in errors[0]["message"]
    assert f"skipped {url}: " in result.stderr
    assert {f["doc"] for f in facts} == {ok}  # the other page is still extracted


def test_nothing_listening_is_unreachable():
    with socket.socket() as sock:  # a port that was free a moment ago: nothing answers on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (item,) = read_inputs([f"http://127.0.0.1:{port}/page.html"], Reading(timeout=5))
    assert isinstance(item, ReadError) and item.error == "unreachable" and "refused" in item.message


def test_an_unknown_host_is_unreachable():
    (item,) = read_inputs(["http://no-such-host.invalid/page.html"], Reading(timeout=5))
    assert isinstance(item, ReadError) and item.error in ("unreachable", "timeout")


def test_plain_text_is_read_as_an_article_with_front_matter(web):
    text = "---\ntitle: Brief\npublished: 2024-05-01\n---\nKia will begin production of the EV5 in March 2025.\n"
    url = web.add("/brief.md", text, "text/plain; charset=utf-8")
    (doc,) = read_inputs([url])
    assert isinstance(doc, Document)
    assert (doc.title, str(doc.published), doc.url) == ("Brief", "2024-05-01", url)
    assert doc.body == "Kia will begin production of the EV5 in March 2025.\n"


def test_the_servers_charset_decodes_the_page(web):
    page = "<html><body><article><p>" + "Škoda’s Elroq costs 33 000 € in Česko. " * 10 + "</p></article></body></html>"
    url = web.add("/latin.html", page.encode("cp1250", errors="replace"), "text/html; charset=windows-1250")
    (doc,) = read_inputs([url])
    assert isinstance(doc, Document) and "Škoda" in doc.body and "Česko" in doc.body


def test_urls_file_lists_pages_and_names_a_bad_line(web, tmp_path):
    url = web.add("/listed.html", PAGE.read_bytes())
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# pages to read\n\n{url}\nwww.example.com/no-scheme\n", encoding="utf-8")
    result, facts, errors = extract("--urls", str(listing))
    assert result.exit_code == 1, result.output
    assert {f["doc"] for f in facts} == {url}
    assert [(e["path"], e["error"]) for e in errors] == [(f"{listing}:4", "unsupported")]


def test_urls_file_that_cannot_be_read_is_a_usage_error(tmp_path):
    result = CliRunner(env=ENV).invoke(app, ["extract", "--urls", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_no_input_at_all_is_a_usage_error():
    result = CliRunner(env=ENV).invoke(app, ["extract"])
    assert result.exit_code == 2 and "give an article file, folder or URL, or --urls FILE" in result.stderr


def test_nothing_is_fetched_without_a_url(web, tmp_path):
    before = len(web.requests)
    (tmp_path / "a.md").write_text("Kia will begin production of the EV5 in March 2025.\n", encoding="utf-8")
    result, facts, _ = extract(str(tmp_path))
    assert result.exit_code == 0 and facts
    assert len(web.requests) == before


def test_check_reads_urls_too(web):
    url = web.add("/check/volvo.html", PAGE.read_bytes())
    result = CliRunner(env=ENV).invoke(app, ["check", "--in", url, "--format", "jsonl",
                                             "The EX30 has a 51 kWh battery"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["verdict"] == "supported"
