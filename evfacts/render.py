"""Writers for every output format: table, json, jsonl, csv.

Data goes out as plain text written directly to the stream (never through
rich's console, which wraps long lines); only the table, meant for people,
uses rich. Every writer streams: it takes the results as they come, so a
long run shows output early and holds one document's facts at a time.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Union

from .documents import ReadError
from .extract import Result
from .facts import ALL_FIELDS, value_summary
from .printable import printable

#: The document a fact was stated in, on every JSONL line and CSV row: a fact loaded into a
#: database still says where and when it was stated. ``doc_title``, since a stakeholder's
#: ``title`` is the person's job title.
SOURCE_FIELDS = ("published", "url", "doc_title")

CSV_COLUMNS = ["doc", *SOURCE_FIELDS, "type", "subject", *ALL_FIELDS,
               "date_text", "date_end", "units_end", "text", "start", "end", "sentence", "confidence", "rule"]

Item = Union[Result, ReadError]


def _json(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent, default=str)


def document_dict(result: Result) -> dict[str, Any]:
    doc = result.document
    return {"path": doc.path, "title": doc.title, "url": doc.url,
            "published": doc.published.isoformat() if doc.published else None,
            "warnings": result.warnings, "facts": [f.to_dict() for f in result.facts]}


def fact_records(result: Result) -> Iterator[dict[str, Any]]:
    """Each fact of a document as a flat record: ``doc``, its source (:data:`SOURCE_FIELDS`), then the fact."""
    doc = result.document
    source = {"published": doc.published.isoformat() if doc.published else None, "url": doc.url,
              "doc_title": doc.title}
    for fact in result.facts:
        record = fact.to_dict()
        yield {"doc": record.pop("doc"), **source, **record}


def write_jsonl(items: Iterable[Item], out: IO[str]) -> None:
    """One fact per line (with ``doc`` and its source); a skipped file is a line with ``error``."""
    for item in items:
        if isinstance(item, ReadError):
            out.write(_json(item.to_dict()) + "\n")
            continue
        for record in fact_records(item):
            out.write(_json(record) + "\n")
        out.flush()


def write_json(items: Iterable[Item], out: IO[str]) -> None:
    """``{"documents": [...], "errors": [...]}``, written document by document."""
    errors: list[dict] = []
    out.write('{\n  "documents": [')
    first = True
    for item in items:
        if isinstance(item, ReadError):
            errors.append(item.to_dict())
            continue
        body = _json(document_dict(item), indent=2).replace("\n", "\n    ")
        out.write(("\n    " if first else ",\n    ") + body)
        first = False
        out.flush()
    out.write(("\n  " if not first else "") + '],\n  "errors": ')
    out.write(_json(errors, indent=2).replace("\n", "\n  ") + "\n}\n")


def write_csv(items: Iterable[Item], out: IO[str]) -> None:
    """One row per fact; skipped files are reported on stderr only."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for item in items:
        if isinstance(item, ReadError):
            continue
        writer.writerows(fact_records(item))


def write_table(items: Iterable[Item], out: IO[str], color: bool = True, width: int | None = None) -> None:
    """A rich table per document that fits ``width`` (None: the terminal's), down to 80 columns.

    The rule id goes under the evidence, dimmed, rather than in a column of
    its own: a rule id is one long word, and a column of them cannot shrink.
    Every text from the data is :func:`~evfacts.printable.printable` first: a
    title may carry terminal escape sequences.
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, width=width, no_color=not color, highlight=False,
                      force_terminal=color if color else None)
    for item in items:
        if isinstance(item, ReadError):
            continue
        doc = item.document
        title = printable(doc.title or Path(doc.path).name)
        # Article text and paths are data, not rich markup: "[/caption]" must not raise.
        table = Table(title=f"{escape(title)}\n[dim]{escape(printable(doc.path))}[/dim]", title_justify="left",
                      expand=False,
                      show_lines=False, header_style="bold")
        table.add_column("type")
        table.add_column("subject", max_width=18)
        table.add_column("value", max_width=30)
        table.add_column("evidence (rule)", ratio=1, overflow="fold")
        for fact in item.facts:
            d = fact.to_dict()
            evidence = Text(printable(_evidence(d), keep_newlines=True))
            evidence.append("\n" + printable(d["rule"]), style="dim")
            table.add_row(d["type"].replace("_", " "), Text(printable(d["subject"])),
                          Text(printable(value_summary(d))), evidence)
        if not item.facts:
            table.add_row("—", "", "no facts found", "")
        console.print(table)


def _evidence(fact: dict[str, Any], width: int = 90) -> str:
    """The matched text inside a window of its sentence, for the table."""
    sentence = fact["sentence"]
    i = sentence.find(fact["text"])
    if i < 0 or len(sentence) <= width:
        return sentence if len(sentence) <= width else sentence[:width - 1] + "…"
    lo = max(0, i - (width - len(fact["text"])) // 2)
    snippet = sentence[lo:lo + width]
    return ("…" if lo else "") + snippet + ("…" if lo + width < len(sentence) else "")


WRITERS = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}
