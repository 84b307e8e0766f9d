"""The benchmarks still run and report what the README quotes (no assertion on speed or memory)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bench_extract_reports_speeds_ratio_first_output_memory_and_jobs():
    out = _run("bench/bench_extract.py", "--docs", "6", "--jobs", "2")
    for label in ("machine", "documents           6", "evfacts extract", "raw nlp.pipe", "ratio",
                  "first output after", "peak memory (RSS)", "--jobs 2"):
        assert label in out, out


def test_bench_memory_reports_the_peak_of_each_size():
    out = _run("bench/bench_memory.py", "--sizes", "2,3")
    assert "2 documents  peak RSS" in out and "3 documents  peak RSS" in out and "peak at 3 / peak at 2" in out


def test_bench_memory_reports_the_peak_of_each_long_article():
    out = _run("bench/bench_memory.py", "--article-sizes", "3000,30000")
    assert "article       3,000 bytes  peak RSS" in out and "article      30,000 bytes  peak RSS" in out, out
    assert "s per MB" in out


def test_bench_memory_runs_on_a_json_lines_corpus():
    out = _run("bench/bench_memory.py", "--sizes", "2,3", "--input", "jsonl")
    assert "one JSON Lines file" in out and "3 documents  peak RSS" in out and "peak at 3 / peak at 2" in out
