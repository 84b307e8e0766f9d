"""Web pages: the article's main text and metadata, extracted by trafilatura.

A saved news page is mostly not the article: navigation, a cookie banner,
share buttons, "related stories" with their own dates and models, comments.
Read raw, all of it would become text to extract facts from, and its dates
would resolve against the wrong day. trafilatura (a library made for this)
finds the main text and drops the boilerplate; the page's own metadata gives
the title, the canonical URL and the publication date, which are used as
front matter's ``title``, ``url`` and ``published`` are.

The Document's body is trafilatura's plain text with one blank line between
blocks (paragraphs, headings, list items, table rows), as Markdown separates
paragraphs; fact offsets count in that text, which ``evfacts text`` prints.
"""

from __future__ import annotations

import logging
import re

from ..documents import Document, ReadError, published_date

#: Where the publication date is looked for, as htmldate reads it for trafilatura: the page's
#: metadata (meta tags such as ``article:published_time``, JSON-LD ``datePublished``, a date in
#: the canonical URL), else its date elements (a byline's ``<time>``), else an ISO date written in
#: the page. ``extensive_search`` (written dates in the text, "May 14") is off: it would take a
#: date the article mentions. ``original_date``: the publication date, not the last update.
DATE_SEARCH = {"original_date": True, "extensive_search": False}

#: The start of a document that is a web page whatever its name (standard input, a URL).
_HTML_START = re.compile(r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)

# trafilatura and htmldate log what they discard as warnings; evfacts reports its own problems.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def looks_like_html(text: str) -> bool:
    """Whether text (from standard input, a URL or a JSON field) is a whole HTML page."""
    return bool(_HTML_START.match(text[:4096]))


def parse_html(path: str, text: str, url: str | None = None) -> Document | ReadError:
    """A Document from a web page's HTML: its main text, and title, url and published from its metadata.

    ``url`` is where the page was fetched from, the url when the page names
    no canonical one. A page in which no article text is found is an ``empty``
    ReadError.
    """
    import trafilatura

    try:
        page = trafilatura.bare_extraction(
            text, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, include_formatting=False, deduplicate=False,
            date_extraction_params=DATE_SEARCH)
    except Exception as exc:  # a page that breaks the extractor must not stop the run
        return ReadError(path, "unreadable", f"cannot extract the page's text: {exc.__class__.__name__}: {exc}")
    body = blocks_text(page.text) if page is not None and page.text else ""
    if not body:
        return ReadError(path, "empty", "no article text found in the page")
    warnings = []
    published = published_date(page.date) if page.date else None
    if page.date and published is None:
        warnings.append(f"the page's publication date is not a date: {page.date!r}")
    return Document(path=path, body=body, title=page.title or None, url=page.url or url, published=published,
                    warnings=warnings)


def blocks_text(text: str) -> str:
    """trafilatura's text (one block a line) with a blank line between blocks, and no trailing spaces."""
    return "\n\n".join(line.rstrip() for line in text.split("\n") if line.strip()) + "\n"
