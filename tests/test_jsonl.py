"""JSON Lines corpora (issue 13): one article per line, streamed; a bad line costs only that line."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.cli import app
from evfacts.documents import Document, ReadError
from evfacts.inputs import Reading, read_inputs, read_source, sources
from evfacts.inputs.jsonl import Fields, Lines, read_stream, spans

CORPUS = Path(__file__).resolve().parent.parent / "samples" / "corpus" / "newswire.jsonl"
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}

GOOD = {"id": "a-1", "title": "Kia sets EV5 date", "url": "https://example.com/ev5", "published_at": "2024-05-01T10:00:00Z",
        "text": "Kia will begin production of the EV5 next March. The EV5 has an 88 kWh battery."}
OTHER = {"id": "b-2", "body": "Voltaro said on Monday its One sedan carries a 75 kWh battery.", "date": "May 6, 2024"}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_each_line_is_an_article_named_file_line():
    items = list(read_inputs([str(CORPUS)]))
    count = sum(1 for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(items) == count >= 5 and all(isinstance(d, Document) for d in items)
    assert [d.path for d in items] == [f"{CORPUS}:{n}" for n in range(1, count + 1)]
    first = json.loads(CORPUS.read_text(encoding="utf-8").splitlines()[0])
    assert (items[0].title, items[0].url, items[0].body) == (first["title"], first["url"], first["content"])
    assert str(items[0].published) == first["published_at"][:10]  # published_at with a time: its day


def test_a_corrupt_line_costs_only_that_line(tmp_path, extractor):
    corpus = write_lines(tmp_path / "dump.jsonl", [
        json.dumps(GOOD), '{"id": "x", "text": "truncated by the scrap', '"just a string"', "",
        json.dumps({"id": "no-text", "title": "A headline only"}), json.dumps(OTHER)])
    items = list(read_inputs([str(corpus)]))
    assert [(i.path, i.error) if isinstance(i, ReadError) else i.path for i in items] == [
        f"{corpus}:1", (f"{corpus}:2", "invalid_json"), (f"{corpus}:3", "invalid_json"),
        (f"{corpus}:5", "no_text"), f"{corpus}:6"]
    # The good lines give exactly the facts their texts give on their own.
    for item, record in ((items[0], GOOD), (items[-1], OTHER)):
        alone = extractor.extract_text(record.get("text") or record["body"], published=item.published)
        (result,) = extractor.extract_documents([item])
        assert result.facts and [f.to_dict() | {"doc": None} for f in result.facts] == \
               [f.to_dict() | {"doc": None} for f in alone]


def test_cli_reports_bad_lines_and_exits_1(tmp_path):
    corpus = write_lines(tmp_path / "dump.jsonl", [json.dumps(GOOD), "{not json", json.dumps(OTHER)])
    result = CliRunner(env=ENV).invoke(app, ["extract", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["path"] for e in lines if "error" in e] == [f"{corpus}:2"]
    assert {f["doc"] for f in lines if "doc" in f} == {f"{corpus}:1", f"{corpus}:3"}
    assert f"skipped {corpus}:2: not a JSON line" in result.stderr
    assert "1 of 3 input(s) skipped" in result.stderr


def test_text_field_and_doc_field(tmp_path):
    corpus = write_lines(tmp_path / "api.ndjson", [
        json.dumps({"uuid": "u-17", "headline": "x", "story": "Kia will build the EV5 in Slovakia."}),
        json.dumps({"story": "The EV5 has an 88 kWh battery."})])
    reading = Reading(text_field="story", doc_field="uuid")
    first, second = read_inputs([str(corpus)], reading)
    assert (first.path, first.body) == ("u-17", "Kia will build the EV5 in Slovakia.")
    assert second.path == f"{corpus}:2" and "no 'uuid' field" in second.warnings[0]
    (missing,) = [i for i in read_inputs([str(corpus)], Reading(text_field="content")) if i.path.endswith(":1")]
    assert isinstance(missing, ReadError) and missing.error == "no_text" and "'content'" in missing.message


def test_a_field_holding_a_whole_page_is_read_as_a_page():
    page = (CORPUS.parent.parent / "pages" / "brief-fisker-ocean-graz-sop.html").read_text(encoding="utf-8")
    (doc,) = read_stream("-", io.BytesIO(json.dumps({"html": page}).encode() + b"\n"), Fields(text="html"), 10**6)
    assert doc.body.startswith("IN BRIEF\n\nFISKER OCEAN") and "Leave a Reply" not in doc.body
    assert str(doc.published) == "2022-11-17"


def test_stdin_with_input_format_jsonl():
    data = "\n".join([json.dumps(GOOD), json.dumps(OTHER)]) + "\n"
    result = CliRunner(env=ENV).invoke(app, ["extract", "-", "--input-format", "jsonl", "--format", "jsonl"],
                                       input=data)
    assert result.exit_code == 0, result.output
    docs = [json.loads(line)["doc"] for line in result.stdout.splitlines()]
    assert docs and set(docs) == {"-:1", "-:2"}


def test_a_line_over_max_bytes_is_skipped_without_being_kept(tmp_path):
    long = json.dumps({"text": "Kia builds cars. " * 2000})
    corpus = write_lines(tmp_path / "big.jsonl", [json.dumps(GOOD), long, json.dumps(OTHER)])
    items = list(read_inputs([str(corpus)], Reading(max_bytes=1000)))
    assert [(i.path, getattr(i, "error", None)) for i in items] == [
        (f"{corpus}:1", None), (f"{corpus}:2", "too_large"), (f"{corpus}:3", None)]


def test_spans_cover_every_line_once_and_read_as_the_stream(tmp_path):
    lines = [json.dumps({"text": f"Article number {n}."}) if n % 7 else "" for n in range(1, 60)]
    corpus = write_lines(tmp_path / "c.jsonl", lines)
    found = list(spans(str(corpus), 10**6, size=4))
    assert all(isinstance(s, Lines) for s in found)
    assert [s.count for s in found[:-1]] == [4] * (len(found) - 1) and sum(s.count for s in found) == 51
    spanned = [d.path for s in found for d in read_source(s)]
    with open(corpus, "rb") as fh:
        streamed = [d.path for d in read_stream(str(corpus), fh, Fields(), 10**6)]
    assert spanned == streamed and len(set(spanned)) == 51


def test_sources_cut_a_corpus_into_spans_but_not_a_folder_walk(tmp_path):
    corpus = write_lines(tmp_path / "c.jsonl", [json.dumps(GOOD)] * 40)
    (tmp_path / "a.md").write_text("An article.\n", encoding="utf-8")
    named = list(sources([str(corpus)]))
    assert len(named) == 3 and sum(s.count for s in named) == 40
    walked = list(sources([str(tmp_path)]))
    assert walked == [str(tmp_path / "a.md")]  # evfacts' own .jsonl output is never read back from a folder


@pytest.mark.parametrize("content, error", [(b"", "empty"), (b"\n\n  \n", "empty")])
def test_a_corpus_without_lines_is_one_error(tmp_path, content, error):
    corpus = tmp_path / "none.jsonl"
    corpus.write_bytes(content)
    (item,) = list(read_inputs([str(corpus)]))
    assert isinstance(item, ReadError) and item.error == error and item.path == str(corpus)


def test_two_workers_give_the_same_output_on_a_corpus(tmp_path):
    import subprocess
    import sys

    corpus = write_lines(tmp_path / "c.jsonl", [json.dumps(GOOD), "{bad", json.dumps(OTHER)] * 12)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "evfacts", "extract", str(corpus), str(CORPUS),
                               "--format", "jsonl", *args], capture_output=True, text=True, timeout=300)

    one, two = run("--jobs", "1"), run("--jobs", "2")
    assert one.returncode == two.returncode == 1, one.stderr
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert one.stdout.count('"error": "invalid_json"') == 12


def test_a_corpus_named_as_one_source_is_read_in_one_pass():
    whole = [d.path for d in read_source(str(CORPUS))]
    assert whole == [d.path for d in read_inputs([str(CORPUS)])] and len(whole) >= 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_called_jsonl_is_never_opened(tmp_path):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    (item,) = list(read_inputs([str(fifo)]))
    assert isinstance(item, ReadError) and item.error == "unreadable" and "named pipe" in item.message


def test_a_span_a_worker_died_on_is_retried_a_line_at_a_time(tmp_path):
    from evfacts.executors.parallel import _after_death, _Task

    corpus = write_lines(tmp_path / "c.jsonl", [json.dumps(GOOD), "", json.dumps(OTHER), json.dumps(GOOD)])
    (span,) = spans(str(corpus), 10**6)
    filled = {0: [None] * span.count}
    retries = _after_death(_Task(0, 0, [span]), "killed", filled)
    assert [(t.offset, [s.first for s in t.items], t.retried) for t in retries] == [
        (0, [1], True), (1, [3], True), (2, [4], True)]
    assert [d.path for t in retries for d in read_source(t.items[0])] == [f"{corpus}:{n}" for n in (1, 3, 4)]
    assert _after_death(retries[1], "the worker process extracting it was killed by SIGKILL", filled) == []
    assert filled[0][1].path == f"{corpus}:3" and filled[0][1].error == "extract_failed"
    assert filled[0][0] is None and filled[0][2] is None


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_killed_worker_loses_no_line(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    corpus = write_lines(tmp_path / "c.jsonl", [json.dumps(GOOD), json.dumps(OTHER)] * 40)
    proc = subprocess.Popen([sys.executable, "-m", "evfacts", "extract", str(corpus), "--jobs", "2", "--format",
                             "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 120
    while not (children.exists() and children.read_text().split()):
        assert proc.poll() is None and time.monotonic() < deadline, "no worker was started"
        time.sleep(0.05)
    os.kill(int(children.read_text().split()[0]), signal.SIGKILL)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    docs = {json.loads(line)["doc"] for line in out.decode().splitlines()}
    assert docs == {f"{corpus}:{n}" for n in range(1, 81)}
