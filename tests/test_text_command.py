"""``evfacts text`` (issue 13): the body fact offsets count in, for every kind of input.

Slicing what ``evfacts text`` prints with a fact's ``start`` and ``end``
gives the fact's ``text``: for text and Markdown files, saved web pages,
JSON Lines articles, URLs and standard input alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAGE = SAMPLES / "pages" / "india-mahindra-be6e-xev9e-unveil.html"
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}


def invoke(*args: str, input: str | None = None):
    return CliRunner(env=ENV).invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def every_kind(web) -> list[str]:
    """Inputs of every kind: the samples folder (Markdown and saved pages), a JSON Lines corpus, a URL."""
    return [str(SAMPLES), str(SAMPLES / "corpus" / "newswire.jsonl"), web.add("/text/mahindra.html", PAGE.read_bytes())]


def test_slicing_the_printed_body_gives_each_facts_text(every_kind):
    texts = invoke("text", *every_kind, "--format", "jsonl")
    facts = invoke("extract", *every_kind, "--format", "jsonl")
    assert texts.exit_code == facts.exit_code == 0, texts.output + facts.output
    bodies = {r["doc"]: r["body"] for r in map(json.loads, texts.stdout.splitlines())}
    records = [json.loads(line) for line in facts.stdout.splitlines()]
    kinds = {doc.rsplit(".", 1)[-1].split(":")[0] for doc in {r["doc"] for r in records}}
    assert {"md", "html", "jsonl"} <= kinds and any(doc.startswith("http://") for doc in bodies)
    assert len(records) > 100
    for fact in records:
        assert bodies[fact["doc"]][fact["start"]:fact["end"]] == fact["text"], fact


def test_one_document_is_printed_exactly(tmp_path):
    result = invoke("text", str(PAGE))
    assert result.exit_code == 0
    jsonl = json.loads(invoke("text", str(PAGE), "--format", "jsonl").stdout)
    assert result.stdout == jsonl["body"]
    assert jsonl["published"] == "2024-11-27" and jsonl["title"].startswith("Mahindra BE 6e, XEV 9e unveiled")
    out = tmp_path / "body.txt"
    assert invoke("text", str(PAGE), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == jsonl["body"]


def test_front_matter_is_not_part_of_the_body():
    article = SAMPLES / "brief-fisker-ocean-graz-sop.md"
    body = invoke("text", str(article)).stdout
    assert body == article.read_text(encoding="utf-8").split("---\n", 2)[2]


def test_several_documents_each_under_a_header():
    first, second = SAMPLES / "brief-fisker-ocean-graz-sop.md", SAMPLES / "wire-volvo-ex30-unveil.md"
    result = invoke("text", str(first), str(second))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"==> {first} <==\nIN BRIEF\n")
    assert f"\n\n==> {second} <==\nMILAN, June 7" in result.stdout


def test_standard_input_page_offsets():
    page = PAGE.read_text(encoding="utf-8")
    body = invoke("text", "-", input=page).stdout
    facts = [json.loads(line) for line in invoke("extract", "-", "--format", "jsonl", input=page).stdout.splitlines()]
    assert facts and all(body[f["start"]:f["end"]] == f["text"] for f in facts)


def test_unreadable_inputs_are_error_records_and_exit_1(tmp_path):
    result = invoke("text", str(SAMPLES / "brief-fisker-ocean-graz-sop.md"), str(tmp_path / "missing.md"),
                    "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["doc"] for d in data["documents"]] == [str(SAMPLES / "brief-fisker-ocean-graz-sop.md")]
    assert data["errors"] == [{"path": str(tmp_path / "missing.md"), "error": "not_found",
                               "message": "no such file or folder"}]


@pytest.mark.parametrize("path, args", [
    (SAMPLES / "corpus" / "newswire.jsonl", ["--input-format", "jsonl"]),
    (SAMPLES / "wire-volvo-ex30-unveil.md", []),
], ids=["jsonl", "markdown"])
def test_standard_input_corpus_and_text_offsets(path, args):
    """Standard input as a JSON Lines corpus (each line its own body, named -:LINE) and as a Markdown article."""
    data = path.read_text(encoding="utf-8")
    texts = invoke("text", "-", *args, "--format", "jsonl", input=data)
    facts = invoke("extract", "-", *args, "--format", "jsonl", input=data)
    assert texts.exit_code == facts.exit_code == 0, texts.output + facts.output
    bodies = {r["doc"]: r["body"] for r in map(json.loads, texts.stdout.splitlines())}
    records = [json.loads(line) for line in facts.stdout.splitlines()]
    assert records and {r["doc"] for r in records} <= set(bodies)
    assert sorted(bodies) == (sorted(f"-:{n}" for n in range(1, len(data.splitlines()) + 1)) if args else ["-"])
    for fact in records:
        assert bodies[fact["doc"]][fact["start"]:fact["end"]] == fact["text"], fact
