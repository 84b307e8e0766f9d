"""``--scheduler``: a Dask cluster gives the same output, byte for byte, as one process.

One LocalCluster of two worker processes serves the module; each worker loads
the model once (a few seconds), on its first task.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.cli import app

distributed = pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
#: Environment variables that change which model or patterns evfacts loads (as in conftest.py).
EVFACTS_ENV = ("EVFACTS_MODEL", "EVFACTS_PATTERNS", "EVFACTS_PATTERNS_DIR")
ENV = {var: None for var in EVFACTS_ENV}


@pytest.fixture(scope="module")
def scheduler():
    """The address of a two-worker LocalCluster, started with no evfacts settings in its environment."""
    with pytest.MonkeyPatch.context() as mp:
        for var in EVFACTS_ENV:
            mp.delenv(var, raising=False)
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
    yield cluster.scheduler_address
    cluster.close()


@pytest.fixture
def bad_files(tmp_path) -> Path:
    """A folder with an article, an empty file and a binary one, named by relative paths."""
    (tmp_path / "fisker.md").write_text((SAMPLES / "brief-fisker-ocean-graz-sop.md").read_text("utf-8"), "utf-8")
    (tmp_path / "empty.md").write_text("", "utf-8")
    (tmp_path / "scan.md").write_bytes(b"%PDF-1.7\n\x00\x01")
    return tmp_path


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in EVFACTS_ENV}
    return subprocess.run([sys.executable, "-m", "evfacts", "extract", "--format", "jsonl", *args],
                          capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


def test_cluster_gives_identical_output(scheduler, bad_files):
    # Relative paths: the workers run in another folder, yet read these files and report these names.
    inputs = (str(SAMPLES), "empty.md", "fisker.md", "missing.md", "scan.md")
    one = run(bad_files, *inputs)
    cluster = run(bad_files, *inputs, "--scheduler", scheduler)
    assert one.returncode == cluster.returncode == 1, one.stderr + cluster.stderr
    assert len(one.stdout.splitlines()) > 50
    assert cluster.stdout == one.stdout
    assert cluster.stderr == one.stderr  # the same skipped files, in the same order, and nothing else
    errors = [line for line in one.stdout.splitlines() if '"error"' in line]
    assert [line.split('"')[3] for line in errors] == ["empty.md", "missing.md", "scan.md"]


def test_library_streams_in_input_order(scheduler, bad_files):
    from evfacts.executors.distributed import extract_dask
    from evfacts.documents import ReadError
    from evfacts.inputs import Reading

    names = [str(bad_files / n) for n in ("empty.md", "fisker.md", "scan.md", "fisker.md")]
    results = list(extract_dask(scheduler, names, {}, Reading(), partition_size=1))  # its own client, closed after
    assert [r.path if isinstance(r, ReadError) else r.document.path for r in results] == names
    assert [type(r).__name__ for r in results] == ["ReadError", "Result", "ReadError", "Result"]
    assert results[1].facts and results[1].document.body == ""  # bodies are not shipped back


def test_a_failing_task_is_extract_failed_records(scheduler, bad_files):
    """A task that fails on the worker (here: a model the workers do not have) loses no input and raises nothing."""
    from evfacts.documents import ReadError
    from evfacts.executors.distributed import extract_dask
    from evfacts.inputs import Reading

    names = [str(bad_files / n) for n in ("fisker.md", "scan.md")]
    results = list(extract_dask(scheduler, names, {"model": "no_such_model_here"}, Reading(), partition_size=1))
    assert [(r.path, r.error) for r in results] == [(names[0], "extract_failed"), (names[1], "extract_failed")]
    assert all("the Dask task reading it failed: ModelError" in r.message for r in results)
    assert all(isinstance(r, ReadError) for r in results)


def test_corpus_lines_and_urls_are_split_among_workers(scheduler, bad_files, web):
    """A JSON Lines corpus travels as spans of lines and pages as URLs; each worker reads its own."""
    import json

    lines = [(SAMPLES / name).read_text("utf-8").split("---\n", 2)[2] for name in
             ("brief-fisker-ocean-graz-sop.md", "wire-volvo-ex30-unveil.md", "funding-voltaro-series-c.md")]
    records = [json.dumps({"text": text, "published": "2024-05-01"}) for text in lines] * 12 + ["{broken"]
    (bad_files / "dump.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    pages = [web.add(f"/dask/{page.name}", page.read_bytes()) for page in sorted((SAMPLES / "pages").glob("*.html"))]
    inputs = ("dump.jsonl", *pages, web.url("/dask/missing.html"))
    one = run(bad_files, *inputs)
    cluster = run(bad_files, *inputs, "--scheduler", scheduler)
    assert one.returncode == cluster.returncode == 1, one.stderr + cluster.stderr
    assert cluster.stdout == one.stdout and cluster.stderr == one.stderr
    docs = {json.loads(line).get("doc") for line in one.stdout.splitlines()}
    assert {f"dump.jsonl:{n}" for n in range(1, 37)} | set(pages) <= docs
    assert [json.loads(line)["path"] for line in one.stdout.splitlines() if '"error"' in line] == [
        "dump.jsonl:37", web.url("/dask/missing.html")]


@pytest.mark.parametrize("args, message", [
    (["--jobs", "2"], "--scheduler and --jobs cannot be used together"),
    (["-"], "standard input"),
    (["--scheduler", "local:x"], "local:N"),
])
def test_usage_errors(args, message):
    result = CliRunner(env=ENV).invoke(app, ["extract", str(SAMPLES), "--scheduler", "tcp://127.0.0.1:1", *args])
    assert result.exit_code == 2 and message in result.stderr


def test_unreachable_scheduler(monkeypatch):
    import evfacts.executors.distributed

    monkeypatch.setattr(evfacts.executors.distributed, "CONNECT_TIMEOUT", 0.5)
    result = CliRunner(env=ENV).invoke(app, ["extract", str(SAMPLES), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.stderr


def test_without_dask(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    result = CliRunner(env=ENV).invoke(app, ["extract", str(SAMPLES), "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and "pip install -e '.[dask]' in your clone of evfacts" in result.stderr
