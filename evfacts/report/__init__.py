"""``evfacts report``: what extraction and merging found, as HTML a person reads.

An analyst trusts a fact once they have seen the sentence behind it, and asks
of a pile of coverage "when will it ship, and has that date slipped?". The
report answers both: each article with every fact's evidence marked by type,
and each subject's milestones on a timeline, dates that moved struck through.

Data flows one way: extraction :class:`~evfacts.extract.Result`\\ s and
:func:`evfacts.merge.merge` records -> ``builder.build_report`` (a view model,
``model.py``; the article text marked by displaCy, ``highlight.py``) ->
``pages`` (Jinja2 templates, one file or a folder of pages).
"""

from __future__ import annotations

from pathlib import Path

from .builder import build_report
from .model import Report
from .pages import is_folder, output_problem, write_file, write_folder

__all__ = ["Report", "build_report", "output_problem", "write_report"]


def write_report(report: Report, path: Path) -> None:
    """Write ``report`` to ``path``: one file for ``*.html``, else a folder of linked pages."""
    (write_folder if is_folder(path) else write_file)(report, path)
