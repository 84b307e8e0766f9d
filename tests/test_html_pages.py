"""Saved web pages (issue 13): the article's main text and metadata, never the page around it.

Each page under ``samples/pages/`` is the same article as a ``samples/*.md``
twin, dressed as a news site dresses it (cookie banner, navigation, share
bar, related stories with their own dates and models, comments, footer).
The facts are compared live with the twin's, so the test holds whatever the
extraction rules become.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml
from typer.testing import CliRunner

from evfacts.cli import app
from evfacts.documents import Document, ReadError, read_document
from evfacts.inputs import Reading, read_inputs

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAGES = sorted((SAMPLES / "pages").glob("*.html"))
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}
#: The parts of a page that are not the article, as news sites mark them up.
BOILERPLATE = ("//nav", "//aside", "//footer", "//header", "//*[@id='comments']", "//form",
               "//*[contains(@class, 'related') or contains(@class, 'ticker') or contains(@class, 'cookie')"
               " or contains(@class, 'consent') or contains(@class, 'gdpr') or contains(@class, 'widget')"
               " or contains(@class, 'trending') or contains(@class, 'comment')]")


def _twin(page: Path) -> Path:
    return SAMPLES / f"{page.stem}.md"


def _facts(extractor, document: Document) -> list[dict]:
    (result,) = extractor.extract_documents([document])
    return [{k: v for k, v in f.to_dict().items() if k not in ("doc", "start", "end")} for f in result.facts]


def _boilerplate(page: Path) -> list[str]:
    """Every sentence-sized text of the page's boilerplate (nav, related links, comments, ...)."""
    tree = lxml.html.fromstring(page.read_bytes())
    texts = {" ".join(t.split()) for xpath in BOILERPLATE for element in tree.xpath(xpath)
             for t in element.itertext()}
    return sorted(t for t in texts if len(t) > 25)


def test_there_are_pages_each_with_a_twin():
    assert len(PAGES) >= 3
    assert all(_twin(page).is_file() for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_page_gives_the_facts_of_its_markdown_twin(extractor, page):
    html, md = read_document(str(page)), read_document(str(_twin(page)))
    assert isinstance(html, Document) and isinstance(md, Document)
    assert (html.title, html.url, html.published) == (md.title, md.url, md.published)
    facts = _facts(extractor, html)
    assert facts and facts == _facts(extractor, md)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_text_of_the_page_around_the_article_is_read(extractor, page):
    html = read_document(str(page))
    boilerplate = _boilerplate(page)
    assert len(boilerplate) >= 8
    assert not [t for t in boilerplate if t in html.body]
    # Read raw, the same page gives facts from those parts: the test above is not empty.
    raw = read_document(str(page), parse=lambda path, text: Document(path=path, body=text, published=html.published))
    raw_sentences = {f["sentence"] for f in _facts(extractor, raw)}
    assert any(any(t in s or s in t for t in boilerplate) for s in raw_sentences)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_page_shares_its_twins_gold(page):
    gold = yaml.safe_load((page.parent / f"{page.stem}.gold.yaml").read_text(encoding="utf-8"))
    twin = yaml.safe_load((SAMPLES / f"{page.stem}.gold.yaml").read_text(encoding="utf-8"))
    assert gold["doc"] == page.name and twin["doc"] == _twin(page).name
    assert gold["facts"] == twin["facts"]


def _page(head: str, body: str = "") -> str:
    paragraph = ("<p>Volvo Cars said on Wednesday that the EX30 will go on sale next year, and that the small "
                 "SUV will be offered with a 51 kWh battery in every European market where it is sold.</p>")
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{paragraph * 3}</article>{body}</body></html>"


@pytest.mark.parametrize("head, published", [
    ('<meta property="article:published_time" content="2023-06-07T14:32:00+02:00">', "2023-06-07"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
     '"datePublished": "2023-06-07T09:00:00Z", "dateModified": "2023-07-01T09:00:00Z"}</script>', "2023-06-07"),
    ('<link rel="canonical" href="https://news.example.com/2023/06/07/volvo-ex30">', "2023-06-07"),
    ("<title>No date anywhere</title>", None),
], ids=["article-published-time", "json-ld", "canonical-url", "none"])
def test_the_publication_date_comes_from_the_pages_metadata(tmp_path, head, published):
    path = tmp_path / "page.html"
    path.write_text(_page(head), encoding="utf-8")
    doc = read_document(str(path))
    assert isinstance(doc, Document)
    assert (doc.published.isoformat() if doc.published else None) == published


def test_relative_dates_resolve_against_the_pages_date(tmp_path, extractor):
    path = tmp_path / "page.html"
    path.write_text(_page('<meta property="article:published_time" content="2023-06-07T14:32:00Z">'), "utf-8")
    launch = [f for f in _facts(extractor, read_document(str(path))) if f["type"] == "launch_date"]
    assert launch and {f["date"] for f in launch} == {"2024"}


def test_html_on_stdin_is_recognised(monkeypatch):
    page = PAGES[0]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page.read_bytes())))
    (doc,) = read_inputs(["-"])
    assert isinstance(doc, Document) and doc.body == read_document(str(page)).body and doc.path == "-"


def test_input_format_html_reads_a_page_whatever_its_name(tmp_path):
    path = tmp_path / "saved-page.txt"
    path.write_bytes(PAGES[0].read_bytes())
    as_text, as_page = read_inputs([str(path)]), read_inputs([str(path)], Reading(input_format="html"))
    assert "<html" in next(as_text).body
    assert next(as_page).body == read_document(str(PAGES[0])).body


def test_a_folder_of_saved_pages_is_read(tmp_path):
    for page in PAGES:
        (tmp_path / page.name).write_bytes(page.read_bytes())
    result = CliRunner(env=ENV).invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert {line.split('"doc": "')[1].split('"')[0] for line in result.stdout.splitlines()} == \
           {str(tmp_path / page.name) for page in PAGES}


def test_a_page_without_article_text_is_an_empty_record(tmp_path):
    path = tmp_path / "app.htm"
    path.write_text("<html><head><title>App</title></head><body><div id=root></div><script src=a.js></script>"
                    "</body></html>", encoding="utf-8")
    item = read_document(str(path))
    assert isinstance(item, ReadError) and item.error == "empty" and "no article text" in item.message
