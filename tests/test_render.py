"""evfacts.render: every writer on a small real extraction, and atomic output.

The facts come from the shared real extractor; only the table-markup test
builds a Fact by hand (to put brackets into the evidence deterministically).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from evfacts.documents import Document, ReadError, read_document
from evfacts.extract import Result
from evfacts.facts import FIELDS, TYPES, Fact
from evfacts.outfile import atomic_output
from evfacts.render import CSV_COLUMNS, write_csv, write_json, write_jsonl, write_table

KIA = "Kia will begin production of the EV5 in March 2025. The EV5 has an 88 kWh battery."
ZEEKR = ("Zeekr’s new 7X goes on sale in Europe\n"
         "The Zeekr 7X has a 100 kWh battery and a range of 615 km. "
         "It charges at up to 360 kW on an 800V architecture.\n")
EVIDENCE = ("text", "start", "end", "sentence", "confidence", "rule")


@pytest.fixture(scope="module")
def results(extractor):
    docs = [
        Document(path="news/kia-ev5.md", body=KIA, title="Kia sets EV5 production date",
                 url="https://example.org/kia", published=dt.date(2024, 5, 1)),
        Document(path="news/zeekr-7x.md", body=ZEEKR, published=dt.date(2024, 9, 2)),
    ]
    return list(extractor.extract_documents(docs))


@pytest.fixture
def items(results):
    """Results with a skipped file in the middle, as the CLI passes them."""
    return [results[0], ReadError("news/scan.md", "binary", "skipped: a PDF file"), results[1]]


def render(writer, items, **kwargs) -> str:
    out = io.StringIO()
    writer(items, out, **kwargs)
    return out.getvalue()


def test_small_extraction_finds_facts(results):
    kia = [f.to_dict() for f in results[0].facts]
    assert {"type": "launch_date", "subject": "EV5", "event": "production", "date": "2025-03"} in [
        {k: f.get(k) for k in ("type", "subject", "event", "date")} for f in kia]
    assert any(f["type"] == "battery" and f["spec"] == "capacity" and f["value"] == 88 and f["unit"] == "kWh"
               for f in kia)
    assert any(f.type == "battery" for f in results[1].facts)


# ----- jsonl -----------------------------------------------------------------------------


def test_jsonl_one_valid_object_per_fact(items, results):
    lines = render(write_jsonl, items).splitlines()
    n_facts = sum(len(r.facts) for r in results)
    assert len(lines) == n_facts + 1
    records = [json.loads(line) for line in lines]
    facts = [r for r in records if "error" not in r]
    assert len(facts) == n_facts
    for record in facts:
        assert record["type"] in TYPES
        for key in ("doc", "type", "subject", *EVIDENCE, *FIELDS[record["type"]]):
            assert key in record, (key, record)
        assert record["doc"] in ("news/kia-ev5.md", "news/zeekr-7x.md")
        assert isinstance(record["start"], int) and isinstance(record["end"], int)
        assert 0 <= record["confidence"] <= 1


def test_jsonl_read_error_line(items):
    records = [json.loads(line) for line in render(write_jsonl, items).splitlines()]
    errors = [r for r in records if "error" in r]
    assert errors == [{"path": "news/scan.md", "error": "binary", "message": "skipped: a PDF file"}]
    assert "doc" not in errors[0]


def test_jsonl_keeps_input_order(items):
    docs = [json.loads(line).get("doc", "ERR") for line in render(write_jsonl, items).splitlines()]
    collapsed = [d for i, d in enumerate(docs) if i == 0 or docs[i - 1] != d]
    assert collapsed == ["news/kia-ev5.md", "ERR", "news/zeekr-7x.md"]


def test_jsonl_keeps_non_ascii(results):
    text = render(write_jsonl, [results[1]])
    assert "Zeekr" in text and "\\u" not in text


def test_jsonl_facts_carry_their_source(items):
    """Issue 15: a fact loaded into a database still says where and when it was stated."""
    records = [json.loads(line) for line in render(write_jsonl, items).splitlines()]
    kia = [r for r in records if r.get("doc") == "news/kia-ev5.md"]
    zeekr = [r for r in records if r.get("doc") == "news/zeekr-7x.md"]
    assert kia and zeekr
    assert {(r["published"], r["url"], r["doc_title"]) for r in kia} == {
        ("2024-05-01", "https://example.org/kia", "Kia sets EV5 production date")}
    assert {(r["published"], r["url"], r["doc_title"]) for r in zeekr} == {("2024-09-02", None, None)}
    assert list(kia[0])[:5] == ["doc", "published", "url", "doc_title", "type"]


# ----- json ------------------------------------------------------------------------------


def test_json_documents_and_errors(items, results):
    data = json.loads(render(write_json, items))
    assert set(data) == {"documents", "errors"}
    assert [d["path"] for d in data["documents"]] == ["news/kia-ev5.md", "news/zeekr-7x.md"]
    kia = data["documents"][0]
    assert kia["title"] == "Kia sets EV5 production date"
    assert kia["url"] == "https://example.org/kia"
    assert kia["published"] == "2024-05-01"
    assert kia["facts"] == json.loads(json.dumps([f.to_dict() for f in results[0].facts]))
    assert data["documents"][1]["title"] is None
    assert data["errors"] == [{"path": "news/scan.md", "error": "binary", "message": "skipped: a PDF file"}]


@pytest.mark.parametrize("case", ["nothing", "only_errors", "only_one_doc"])
def test_json_always_parses(case, results):
    given = {"nothing": [], "only_errors": [ReadError("a.md", "empty", "no text to read")],
             "only_one_doc": [results[0]]}[case]
    data = json.loads(render(write_json, given))
    assert len(data["documents"]) == (1 if case == "only_one_doc" else 0)
    assert len(data["errors"]) == (1 if case == "only_errors" else 0)


# ----- csv -------------------------------------------------------------------------------


def test_csv_header_and_one_row_per_fact(items, results):
    text = render(write_csv, items)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_COLUMNS
    n_facts = sum(len(r.facts) for r in results)
    assert len(rows) == 1 + n_facts
    records = list(csv.DictReader(io.StringIO(text)))
    expected = [f.to_dict() for r in results for f in r.facts]
    assert [(r["doc"], r["type"], r["subject"], r["text"]) for r in records] == [
        (f["doc"], f["type"], f["subject"], f["text"]) for f in expected]
    assert all(int(r["end"]) > int(r["start"]) for r in records)


def test_csv_rows_carry_their_source(items):
    records = list(csv.DictReader(io.StringIO(render(write_csv, items))))
    kia = [r for r in records if r["doc"] == "news/kia-ev5.md"]
    assert kia and all((r["published"], r["url"], r["doc_title"]) ==
                       ("2024-05-01", "https://example.org/kia", "Kia sets EV5 production date") for r in kia)
    assert all(r["published"] == "2024-09-02" and r["url"] == "" for r in records if r["doc"] == "news/zeekr-7x.md")


def test_csv_columns_cover_every_field():
    for ftype in TYPES:
        assert set(FIELDS[ftype]) <= set(CSV_COLUMNS)
    assert len(CSV_COLUMNS) == len(set(CSV_COLUMNS))


# ----- table -----------------------------------------------------------------------------


def test_table_plain_fits_100_columns(items):
    text = render(write_table, items, color=False, width=100)
    assert "\x1b[" not in text
    lines = text.splitlines()
    assert lines
    assert max(len(line) for line in lines) <= 100
    assert "EV5" in text and "Zeekr" in text
    assert "Kia sets EV5 production date" in text       # the title
    assert "zeekr-7x.md" in text                        # the file name when there is no title
    assert "capacity: 88 kWh" in text


def test_table_fits_80_columns_without_cutting_a_column(items):
    lines = render(write_table, items, color=False, width=80).splitlines()
    rows = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert rows and max(len(line) for line in lines) <= 80
    assert all(line[-1] in "┓┃┩│┘" for line in rows)


def test_table_document_without_facts(extractor):
    (result,) = extractor.extract_documents([Document(path="quiet.md", body="Nothing to see here today.")])
    assert result.facts == []
    text = render(write_table, [result], color=False, width=100)
    assert "no facts found" in text and "quiet.md" in text


def test_table_brackets_are_text_not_markup():
    fact = Fact(type="battery", subject="EV5 [base]", values={"spec": "capacity", "value": 88.0, "unit": "kWh"},
                text="88 kWh", start=12, end=18, sentence="[/caption] 88 kWh pack [photo] here",
                rule="battery.capacity.kWh", doc="[draft]/a.md")
    result = Result(Document(path="[draft]/a.md", body="x"), [fact])
    text = render(write_table, [result], color=False, width=100)
    assert "[/caption]" in text and "[photo]" in text
    assert "[draft]/a.md" in text and "EV5 [base]" in text


# ----- evidence offsets ------------------------------------------------------------------


def test_offsets_point_at_the_evidence(results):
    for result in results:
        body = result.document.body
        assert result.facts
        for fact in result.facts:
            assert body[fact.start:fact.end] == fact.text, fact.to_dict()
            assert fact.text in fact.sentence


def test_offsets_count_from_body_in_code_points(tmp_path, extractor):
    # Front matter, CRLF line ends and non-ASCII text before the facts must not shift offsets.
    text = ("---\r\ntitle: Škoda’s électrique\r\npublished: 2024-09-02\r\n---\r\n"
            "Škoda’s Elroq — «enfin» — arrives\r\n"
            "Škoda will start deliveries of the Elroq in November 2024. "
            "The Elroq has an 82 kWh battery and a range of 560 km.\r\n")
    path = tmp_path / "elroq.md"
    path.write_bytes(text.encode("utf-8"))
    document = read_document(str(path))
    assert isinstance(document, Document)
    (result,) = extractor.extract_documents([document])
    assert len(result.facts) >= 2
    for fact in result.facts:
        assert document.body[fact.start:fact.end] == fact.text


# ----- atomic output ---------------------------------------------------------------------


def test_atomic_output_failure_leaves_no_file(tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(RuntimeError):
        with atomic_output(target) as fh:
            fh.write("partial")
            raise RuntimeError("boom")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_failure_keeps_previous_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(target) as fh:
            fh.write("partial")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_atomic_output_success_replaces_target(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old content\n", encoding="utf-8")
    with atomic_output(target) as fh:
        fh.write("new “content”\n")
        assert target.read_text(encoding="utf-8") == "old content\n"   # not yet replaced
    assert target.read_text(encoding="utf-8") == "new “content”\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_atomic_output_relative_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with atomic_output(Path("rel.csv")) as fh:
        fh.write("a,b\n")
    assert (tmp_path / "rel.csv").read_text(encoding="utf-8") == "a,b\n"


def test_atomic_output_gets_the_umask_permissions_or_the_replaced_files(tmp_path):
    """Not the temporary file's private 0600: a report or a facts file is meant to be shared."""
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.jsonl"
        with atomic_output(fresh) as fh:
            fh.write("{}\n")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.jsonl"
        kept.write_text("old\n")
        kept.chmod(0o640)
        with atomic_output(kept) as fh:
            fh.write("new\n")
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
