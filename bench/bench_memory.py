"""Benchmark: peak memory of ``evfacts extract`` as the number of documents grows.

Facts stream out document by document, so a 20,000-document run should need
no more memory than a 1,000-document run. For each size this writes a corpus
cycled from the articles of the given folders (default: samples/), runs
``evfacts extract DIR --format jsonl`` in a child process with its output
thrown away, and reports the child's peak resident memory and its time.

Run: ``.venv/bin/python bench/bench_memory.py --sizes 1000,20000 [--jobs 1] [FOLDER ...]``.
This is a measurement, not a test: nothing asserts on memory or time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import machine, write_corpus  # noqa: E402


def run(folder: str, jobs: int) -> tuple[float, float]:
    """Peak RSS (MB) and seconds of one ``evfacts extract`` child process over ``folder``.

    With ``--jobs`` above 1 the figure is the parent's (workers are its children).
    """
    cmd = [sys.executable, "-m", "evfacts", "extract", folder, "--format", "jsonl", "--quiet",
           "--reference-date", "2025-01-01", "--jobs", str(jobs)]
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"evfacts extract failed with exit code {os.waitstatus_to_exitcode(status)}")
    return usage.ru_maxrss / 1024, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=["samples"])
    ap.add_argument("--sizes", default="1000,20000", help="comma-separated corpus sizes")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine   {machine()}")
    peaks = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(args.folders, size, Path(tmp))
            peak, seconds = run(tmp, args.jobs)
        peaks[size] = peak
        print(f"{size:>8,} documents  peak RSS {peak:,.0f} MB  ({seconds:,.0f} s)", flush=True)
    smallest, largest = min(sizes), max(sizes)
    print(f"peak at {largest:,} / peak at {smallest:,}: {peaks[largest] / peaks[smallest]:.3f}")


if __name__ == "__main__":
    main()
