"""The report as HTML: one self-contained file, or a folder of linked pages.

Jinja2 lays out the view model (``model.py``) with autoescaping on, so
article text, titles and names, all untrusted, are always text. The CSS is
inlined and the pages carry a Content-Security-Policy that forbids loading
anything and running any script: a report opens offline and hostile text in an
article cannot act even if it slipped past escaping.

A small run fits one file whose links are ``#anchors``. A large one is a folder
(``index.html``, ``subjects/SLUG.html``, ``articles/SLUG.html``) whose links are
relative paths, so the folder can be moved or zipped as a whole. Both are
written atomically: an interrupted run leaves the previous report, or none.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..outfile import atomic_output, creation_mode
from .builder import TYPE_LABELS
from .model import ARTICLE, INDEX, SUBJECT, Link, Page, Report

#: Written into every page (``<meta name="generator">``); a folder whose
#: ``index.html`` has it is a report that may be replaced.
GENERATOR = "evfacts report"
#: ``-o`` names ending so are one file; anything else is a folder.
FILE_SUFFIXES = (".html", ".htm")
#: Past this many articles one file gets slow to open; ``-o DIR`` is suggested.
LARGE_RUN = 300

INDEX_PAGE = Page(INDEX)
HREF = Callable[[Link], str]


def environment() -> Environment:
    """The templates, from the package, with autoescaping always on."""
    return Environment(loader=PackageLoader("evfacts.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def is_folder(path: Path) -> bool:
    """Whether ``-o path`` asks for a folder of pages rather than one file."""
    return path.is_dir() or path.suffix.lower() not in FILE_SUFFIXES


def output_problem(path: Path) -> str | None:
    """Why the report cannot be written to ``path`` (checked before any work), or None."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"cannot write {path}: folder {parent} does not exist"
    if not is_folder(path):
        return None
    if path.exists() and not path.is_dir():
        return f"cannot write a report folder at {path}: it is a file (name a .html file for a one-file report)"
    if path.is_dir() and any(path.iterdir()) and not _is_report(path):
        return f"{path} is a folder that is not an evfacts report; name a new or empty folder"
    return None


def _is_report(folder: Path) -> bool:
    try:
        head = (folder / "index.html").read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}">' in head


# ----- links ----------------------------------------------------------------------------

def section_id(page: Page) -> str:
    """The id of a page's section when every page is one section of one file."""
    return "index" if page.kind == INDEX else f"{page.kind}-{page.slug}"


def page_path(page: Page) -> str:
    """A page's file within a report folder."""
    if page.kind == INDEX:
        return "index.html"
    folder = {ARTICLE: "articles", SUBJECT: "subjects"}[page.kind]
    return f"{folder}/{page.slug}.html"


def file_href(link: Link) -> str:
    """An ``href`` within the one-file report: always an anchor."""
    return "#" + (link.anchor or section_id(link.page))


def folder_href(current: Page) -> HREF:
    """``href``\\ s from the page ``current`` to any place in a report folder."""
    up = "" if current.kind == INDEX else "../"

    def href(link: Link) -> str:
        if link.page == current:
            return "#" + (link.anchor or section_id(current))
        return up + page_path(link.page) + (f"#{link.anchor}" if link.anchor else "")

    return href


# ----- rendering and writing ----------------------------------------------------------

def _render(env: Environment, template: str, report: Report, href: HREF, **page) -> str:
    errors_page = Link(INDEX_PAGE, "errors")
    return env.get_template(template).render(
        report=report, href=href, section_id=section_id, link_to=Link, type_labels=TYPE_LABELS,
        generator=GENERATOR, index_link=Link(INDEX_PAGE), errors_link=errors_page,
        subject=page.get("subject"), article=page.get("article"))


def render_file(report: Report) -> str:
    """The whole report as one HTML page."""
    return _render(environment(), "file.html.j2", report, file_href)


def render_folder(report: Report) -> Iterator[tuple[str, str]]:
    """Every page of the report as a folder, one at a time: (relative path, HTML)."""
    env = environment()
    yield page_path(INDEX_PAGE), _render(env, "page.html.j2", report, folder_href(INDEX_PAGE))
    for s in report.subjects:
        yield page_path(s.page), _render(env, "page.html.j2", report, folder_href(s.page), subject=s)
    for a in report.articles:
        yield page_path(a.page), _render(env, "page.html.j2", report, folder_href(a.page), article=a)


def write_file(report: Report, path: Path) -> None:
    """Write the one-file report to ``path``, atomically."""
    html = render_file(report)
    with atomic_output(path) as fh:
        fh.write(html)


def write_folder(report: Report, path: Path) -> None:
    """Write the report as a folder of pages at ``path``, replacing an earlier report there as a whole.

    The pages are written to a new folder beside ``path``, which then takes
    its place: a reader never sees half of one run and half of another.
    """
    parent = path.parent if str(path.parent) else Path(".")
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    try:
        for relative, html in render_folder(report):
            target = staging / relative
            target.parent.mkdir(exist_ok=True)
            target.write_text(html, encoding="utf-8")
        staging.chmod(creation_mode(0o777))
        if path.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=parent))
            os.replace(path, old / path.name)
            os.replace(staging, path)
            shutil.rmtree(old)
        else:
            os.replace(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
