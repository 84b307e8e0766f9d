"""``--jobs N``: worker processes give the same output, byte for byte, as one process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "evfacts", "extract", str(SAMPLES), "--format", "jsonl",
                           *args], capture_output=True, text=True, timeout=300)


def test_two_workers_give_identical_output():
    one, two = run("--jobs", "1"), run("--jobs", "2")
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert one.stdout and one.stdout == two.stdout
    assert len(one.stdout.splitlines()) > 50


def test_jobs_zero_means_all_cores():
    from evfacts.executors.parallel import jobs_count

    assert jobs_count(0) >= 1 and jobs_count(3) == 3 and jobs_count(1) == 1
