"""Bad input never costs a user their results (issue 6).

One run over a folder that mixes good articles with every kind of bad file
must return the good articles' facts, one error record per bad file, exit
code 1 and no traceback; long documents are parsed in chunks with offsets
still right; random text never breaks the extraction.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from evfacts import extract as extract_module
from evfacts.cli import app
from evfacts.documents import Document, ReadError

GOOD = """---
title: Kestrel Motors starts building the Osprey
published: 2024-05-14
---
Kestrel Motors began production of the Osprey electric SUV at its plant in Tilburg on Monday.
The Osprey has a 77 kWh battery and a WLTP range of 520 km. Deliveries will start in July.
"""

GOOD_CP1252 = ("The Kia EV9 will go on sale in Europe in March 2025, the company’s chief executive said. "
               "The EV9 has a 99.8 kWh battery.\n").encode("cp1252")


def _bad_folder(root):
    """Good articles beside one file of each bad kind; returns the expected bad paths and kinds."""
    (root / "good.md").write_text(GOOD, encoding="utf-8")
    (root / "legacy.txt").write_bytes(GOOD_CP1252)
    (root / "crlf.md").write_bytes(GOOD.replace("\n", "\r\n").encode("utf-8"))
    (root / "broken-front-matter.md").write_text("---\ntitle: [unclosed\n---\n" + GOOD.split("---\n", 2)[2],
                                                 encoding="utf-8")
    bad = {
        "scan.pdf": ("unsupported", b"%PDF-1.7\n..."),
        "photo.png": ("unsupported", b"\x89PNG\r\n\x1a\n\x00\x00"),
        "binary.md": ("binary", b"some text\x00\x00\x01\x02 more"),
        "empty.md": ("empty", b"   \n\n"),
        "huge.txt": ("too_large", b"word " * 3000),
    }
    for name, (_, data) in bad.items():
        (root / name).write_bytes(data)
    (root / "gone.md").symlink_to(root / "does-not-exist.md")  # a dangling link: unreadable
    loop = root / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(root, target_is_directory=True)  # a symlink loop
    expected = {name: kind for name, (kind, _) in bad.items()}
    expected["gone.md"] = "not_found"
    return expected


def test_mixed_folder_keeps_good_facts_and_reports_each_bad_file(tmp_path):
    expected = _bad_folder(tmp_path)
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--format", "jsonl", "--max-bytes", "10000"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    errors = {os.path.basename(r["path"]): r["error"] for r in lines if "error" in r}
    assert errors == expected
    facts = [r for r in lines if "doc" in r]
    by_doc = {os.path.basename(f["doc"]) for f in facts}
    assert {"good.md", "legacy.txt", "crlf.md", "broken-front-matter.md"} <= by_doc
    good = [f for f in facts if f["doc"].endswith("good.md")]
    assert any(f["type"] == "battery" and f["value"] == 77 and f["subject"] == "Osprey" for f in good)
    assert any(f["type"] == "launch_date" and f["event"] == "delivery" and f["date"] == "2024-07" for f in good)
    assert "Traceback" not in result.stderr
    for name in expected:
        assert name in result.stderr


def test_json_output_carries_the_errors_and_is_deterministic(tmp_path):
    _bad_folder(tmp_path)
    runs = [CliRunner().invoke(app, ["extract", str(tmp_path), "--format", "json", "--max-bytes", "10000"])
            for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout  # byte-identical
    data = json.loads(runs[0].stdout)
    assert len(data["errors"]) == 6 and all({"path", "error", "message"} <= set(e) for e in data["errors"])
    warned = {d["path"].rsplit("/", 1)[-1]: d["warnings"] for d in data["documents"]}
    assert any("Windows-1252" in w for w in warned["legacy.txt"])
    assert any("front matter" in w for w in warned["broken-front-matter.md"])


def test_offsets_point_at_the_decoded_text(extractor, tmp_path):
    from evfacts.documents import read_document

    path = tmp_path / "crlf.md"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode("utf-8"))
    document = read_document(str(path))
    (result,) = extractor.extract_documents([document])
    assert result.facts
    for fact in result.facts:
        assert document.body[fact.start:fact.end] == fact.text


def test_long_document_is_parsed_in_chunks_with_offsets_mapped_back(extractor):
    paragraph = ("Filler news about the weather and the markets, with nothing to extract at all. " * 6).strip()
    fact_para = "The Kia EV6 has a 77 kWh battery pack."
    body = "\n\n".join([paragraph] * 30 + [fact_para] + [paragraph] * 5)
    pieces = extract_module.chunks(body, 2_000)
    assert len(pieces) > 5 and "".join(text for _, text in pieces) == body
    assert all(body[offset:offset + len(text)] == text for offset, text in pieces)
    old = extractor.chunk_chars
    extractor.chunk_chars = 2_000
    try:
        (result,) = extractor.extract_documents([Document(path="long.md", body=body, published=dt.date(2024, 1, 1))])
    finally:
        extractor.chunk_chars = old
    battery = [f for f in result.facts if f.type == "battery"]
    assert [(f.values["value"], f.subject) for f in battery] == [(77.0, "EV6")]
    assert body[battery[0].start:battery[0].end] == battery[0].text


def test_one_failing_document_does_not_stop_the_others(extractor, monkeypatch):
    real = extract_module.EXTRACTORS["battery"]

    def flaky(ctx):
        if "EXPLODE" in ctx.document.body:
            raise ValueError("boom")
        return real(ctx)

    monkeypatch.setitem(extract_module.EXTRACTORS, "battery", flaky)
    docs = [Document(path="a.md", body="The Kia EV6 has a 77 kWh battery."),
            Document(path="b.md", body="EXPLODE. The Kia EV9 has an 82 kWh battery."),
            Document(path="c.md", body="The Kia EV9 has an 82 kWh battery.")]
    results = list(extractor.extract_documents(docs))
    assert [type(r).__name__ for r in results] == ["Result", "ReadError", "Result"]
    assert results[1].error == "extract_failed" and "boom" in results[1].message
    assert [f.values["value"] for f in results[2].facts if f.type == "battery"] == [82.0]


EV_WORDS = st.sampled_from(["Tesla", "Model Y", "production", "2024", "Q3", "kWh", "km", "miles", "$10", "by",
                            "March", "-backed", "CEO", "5 lakh", "units", "a year", "(", ")", "’s", "\n", "\n\n",
                            "800V", "Ioniq 5", "deliveries", "unveiled", "next", "stake", "%", "—", "\r"])
TEXTS = st.lists(st.one_of(EV_WORDS, st.text(min_size=1, max_size=12), st.integers(0, 10**7).map(str)),
                 max_size=40).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_random_text_never_breaks_extraction(extractor, text):
    results = list(extractor.extract_documents([Document(path="fuzz.md", body=text,
                                                         published=dt.date(2024, 6, 1))]))
    assert len(results) == 1
    result = results[0]
    assert not isinstance(result, ReadError), result.message
    for fact in result.facts:
        assert text[fact.start:fact.end] == fact.text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=200, max_size=2000))
def test_very_long_tokens_and_control_characters(extractor, token):
    (result,) = extractor.extract_documents([Document(path="long-token.md", body=f"The Osprey {token} 77 kWh.")])
    assert not isinstance(result, ReadError), result.message


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_output_file_is_written_whole(tmp_path, fmt):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / f"facts.{fmt}"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").strip()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    """SIGINT during a run: exit code 130, a one-line message, no traceback, no output file."""
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(8000):  # enough work that the run is still going when the signal comes, even on a fast machine
        (folder / f"a{n:04}.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    # as from an interactive shell: Ctrl-C at its default (another test's library may leave the test
    # process ignoring SIGINT, and a child started from it would inherit that and never see the signal)
    proc = subprocess.Popen([sys.executable, "-m", "evfacts", "extract", str(folder), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    # into the extraction: the first facts are in the temporary output file (the model is loaded)
    while not any(p.name.startswith(".facts.jsonl.") and p.stat().st_size for p in tmp_path.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it wrote anything"
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before the signal could be sent"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in"]


# ----- fuzzing file names and claims files (issue 16) -----------------------------------------

#: File names as the system stores them: any bytes but "/" and NUL, not hidden, with an article suffix.
NAMES = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")) \
    .filter(lambda b: not b.startswith(b".")).map(lambda b: b + b".md")


@settings(max_examples=60, deadline=None)
@given(names=st.sets(NAMES, min_size=1, max_size=5))
def test_any_file_name_is_read_and_written_as_valid_utf8(names):
    """Every file shows up once, under a name any UTF-8 writer can write (bad bytes as \\xNN)."""
    import io
    import tempfile

    from evfacts.documents import read_documents
    from evfacts.extract import Result
    from evfacts.render import write_json

    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            with open(os.fsencode(tmp) + b"/" + name, "wb") as fh:
                fh.write(GOOD.encode("utf-8"))
        items = list(read_documents([tmp]))
    assert len(items) == len(names)
    assert all(isinstance(i, Document) for i in items), items
    out = io.StringIO()
    write_json([Result(i, [], []) for i in items], out)
    out.getvalue().encode("utf-8")  # strict: no lone surrogate from a file name
    assert len({d["path"] for d in json.loads(out.getvalue())["documents"]}) == len(names)


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**400, 10**400), st.floats(), st.text(max_size=12),
                     st.dates(), st.sampled_from(["launch_date", "production_target", "battery", "stakeholder",
                                                  "capacity", "chemistry", "LFP", "over", "investor", "unveil",
                                                  "2024-05", "month", "kWh", "target", "Osprey", "Kestrel Motors"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=5), inner, max_size=3), max_leaves=5)
_ENTRIES = st.one_of(st.text(max_size=30), st.dictionaries(st.sampled_from(
    ["type", "subject", "event", "date", "units", "rate", "kind", "spec", "value", "unit", "name", "entity",
     "role", "title", "qualifier", "id", "claim", "other"]), _VALUES, max_size=8))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_ENTRIES, max_size=4))
def test_any_claims_file_is_checked_or_refused_with_a_message(extractor, entries):
    """A claims file is either checked (valid JSON out, no NaN) or refused with ClaimError, never a traceback."""
    import io
    import tempfile

    import yaml

    from evfacts import claims
    from evfacts.merge import Subjects, merge, statements_of

    result = next(extractor.extract_documents([Document(path="good.md", body=GOOD.split("---\n", 2)[2],
                                                        published=dt.date(2024, 5, 14))]))
    statements = statements_of([result])
    subjects = Subjects.of_statements(extractor.gazetteer, statements)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False) as fh:
        yaml.safe_dump(entries, fh, allow_unicode=True)
    try:
        loaded = claims.load_claims_file(Path(fh.name))
        checked = claims.build_claims(loaded, lambda text: [], "item")
    except claims.ClaimError as exc:
        assert str(exc)
        return
    finally:
        os.unlink(fh.name)
    out = io.StringIO()
    claims.write_json(claims.check(checked, merge(statements, subjects), subjects), [], out)
    json.loads(out.getvalue(), parse_constant=lambda name: pytest.fail(f"{name} in the JSON output"))
