"""Benchmark: peak memory of ``evfacts extract`` as the number of documents grows.

Facts stream out document by document, so a 20,000-document run should need
no more memory than a 1,000-document run. For each size this writes a corpus
cycled from the articles of the given folders (default: samples/), runs
``evfacts extract`` on it in a child process with its output thrown away, and
reports the child's peak resident memory and its time.

``--input files`` (the default) writes one article file each and runs
``evfacts extract DIR``; ``--input jsonl`` writes one JSON Lines file, an
article a line, and runs ``evfacts extract corpus.jsonl``, which is read a
line at a time.

Run: ``.venv/bin/python bench/bench_memory.py --sizes 1000,20000 [--input jsonl] [--jobs 1] [FOLDER ...]``.

``--article-sizes 100000,1000000,5000000`` measures single long articles
instead: one article of each size in bytes (the sample articles' bodies one
after another), run alone with ``--max-bytes`` raised to fit it, reporting the
peak RSS and the time per MB (a long article is parsed in chunks, so both
should stay flat as it grows).

This is a measurement, not a test: nothing asserts on memory or time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import machine, write_corpus  # noqa: E402


def write_jsonl(folders: list[str], n: int, out: Path) -> str:
    """One JSON Lines file in ``out`` of N articles cycled from the readable articles of ``folders``."""
    from evfacts.documents import Document, read_documents

    base = [d for d in read_documents(folders) if isinstance(d, Document)]
    if not base:
        sys.exit("no readable articles in " + ", ".join(folders))
    path = out / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, d in zip(range(n), itertools.cycle(base)):
            record = {"id": i, "title": d.title, "published": str(d.published) if d.published else None,
                      "text": d.body}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return str(path)


def run(folder: str, jobs: int, *options: str) -> tuple[float, float]:
    """Peak RSS (MB) and seconds of one ``evfacts extract`` child process over ``folder`` (or a corpus file).

    With ``--jobs`` above 1 the figure is the parent's (workers are its children).
    """
    cmd = [sys.executable, "-m", "evfacts", "extract", folder, "--format", "jsonl", "--quiet",
           "--reference-date", "2025-01-01", "--jobs", str(jobs), *options]
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"evfacts extract failed with exit code {os.waitstatus_to_exitcode(status)}")
    return usage.ru_maxrss / 1024, seconds


def write_article(folders: list[str], size: int, path: Path) -> int:
    """One article of ``size`` bytes at ``path``: the bodies of the folders' articles, one after another."""
    from evfacts.documents import Document, read_documents

    bodies = [d.body.strip() for d in read_documents(folders) if isinstance(d, Document)]
    if not bodies:
        sys.exit("no readable articles in " + ", ".join(folders))
    parts, total = ["---\npublished: 2024-05-01\n---\n"], 0
    while total < size:
        for body in bodies:
            parts.append(body + "\n\n")
            total += len(body.encode("utf-8")) + 2
    data = "".join(parts).encode("utf-8")[:size].decode("utf-8", errors="ignore")
    path.write_text(data, encoding="utf-8")
    return path.stat().st_size


def long_articles(folders: list[str], sizes: list[int]) -> None:
    """Peak RSS and time of ``evfacts extract`` on one article of each size, alone."""
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            article = Path(tmp) / "long.md"
            written = write_article(folders, size, article)
            peak, seconds = run(str(article), 1, "--max-bytes", str(written))
        print(f"article {written:>11,} bytes  peak RSS {peak:,.0f} MB  ({seconds:,.0f} s, "
              f"{seconds / (written / 1e6):,.0f} s per MB)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=["samples"])
    ap.add_argument("--sizes", default="1000,20000", help="comma-separated corpus sizes")
    ap.add_argument("--article-sizes", help="comma-separated sizes in bytes of single long articles, "
                                            "measured instead of corpora (e.g. 100000,1000000,5000000)")
    ap.add_argument("--input", choices=("files", "jsonl"), default="files",
                    help="one file per article, or one JSON Lines file")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    print(f"machine   {machine()}")
    if args.article_sizes:
        long_articles(args.folders, [int(s) for s in args.article_sizes.split(",")])
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"input     {'one JSON Lines file' if args.input == 'jsonl' else 'one file per article'}")
    peaks = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            if args.input == "jsonl":
                target = write_jsonl(args.folders, size, Path(tmp))
            else:
                write_corpus(args.folders, size, Path(tmp))
                target = tmp
            peak, seconds = run(target, args.jobs)
        peaks[size] = peak
        print(f"{size:>8,} documents  peak RSS {peak:,.0f} MB  ({seconds:,.0f} s)", flush=True)
    smallest, largest = min(sizes), max(sizes)
    print(f"peak at {largest:,} / peak at {smallest:,}: {peaks[largest] / peaks[smallest]:.3f}")


if __name__ == "__main__":
    main()
