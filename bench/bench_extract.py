"""Benchmark: evfacts extraction beside the raw spaCy pipeline on the same texts.

Builds a corpus of N documents by cycling through the articles of the given
folders (default: samples/), writes it to a temporary folder, and reports in
one run:

* words per second of one evfacts process reading and extracting the files
  (what ``evfacts extract DIR`` does), its time to the first document's facts
  once the pipeline is built, and its peak memory (RSS);
* the time from invoking ``evfacts extract DIR --format jsonl`` (a new
  process: Python, the model load and all) to its first line of output;
* words per second of the raw ``nlp.pipe`` of the same model on the same
  texts, with spaCy's default batch size and with evfacts' batch size, and
  the ratio of evfacts' speed to the faster of the two;
* with ``--jobs N``: the same files through N worker processes (what
  ``evfacts extract --jobs N`` does) and the speed-up over one process.

Run: ``.venv/bin/python bench/bench_extract.py --docs 2000 --jobs 2 [FOLDER ...]``.
This is a measurement, not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path


def write_corpus(folders: list[str], n: int, out: Path) -> list[str]:
    """N article files in ``out``, cycled from the readable articles of ``folders``."""
    from evfacts.documents import Document, read_documents

    base = [d for d in read_documents(folders) if isinstance(d, Document)]
    if not base:
        sys.exit("no readable articles in " + ", ".join(folders))
    paths = []
    for i, d in zip(range(n), itertools.cycle(base)):
        path = out / f"{i:06d}.md"
        front = f"---\npublished: {d.published}\n---\n" if d.published else ""
        path.write_text(front + d.body, encoding="utf-8")
        paths.append(str(path))
    return paths


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=["samples"])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--model", default=None)
    ap.add_argument("--jobs", type=int, default=0, help="also measure N worker processes (0: skip)")
    args = ap.parse_args()

    import spacy

    from evfacts.documents import Document, read_document
    from evfacts.extract import Extractor

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(args.folders, args.docs, Path(tmp))
        bodies = [d.body for d in (read_document(p) for p in paths) if isinstance(d, Document)]
        words = sum(len(b.split()) for b in bodies)

        t0 = time.perf_counter()
        extractor = Extractor(model=args.model)
        load = time.perf_counter() - t0

        t0 = time.perf_counter()
        first, facts = None, 0
        for result in extractor.extract_documents(read_document(p) for p in paths):
            if first is None:
                first = time.perf_counter() - t0
            facts += len(getattr(result, "facts", ()))
        ours = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        raw_nlp = spacy.load(extractor.model_name)
        raw = {}
        for label, kwargs in (("spaCy default batch", {}), (f"batch {extractor.batch_size}",
                                                            {"batch_size": extractor.batch_size})):
            t0 = time.perf_counter()
            for _ in raw_nlp.pipe(bodies, **kwargs):
                pass
            raw[label] = time.perf_counter() - t0
        parallel = _parallel(extractor, args, paths) if args.jobs else None
        invoked = _first_line_from_invocation(tmp, args.model)

    fastest = min(raw.values())
    print(f"machine             {machine()}")
    print(f"documents           {len(bodies)}  ({words:,} words)")
    print(f"model               {extractor.model_name}  (pipeline built in {load:.2f} s)")
    print(f"evfacts extract     {words / ours:,.0f} words/s  ({ours:.2f} s, {facts:,} facts)")
    for label, seconds in raw.items():
        print(f"raw nlp.pipe        {words / seconds:,.0f} words/s  ({seconds:.2f} s, {label})")
    print(f"ratio               {fastest / ours:.2f}  (evfacts speed / the faster raw pipe)")
    print(f"first output after  {first:.3f} s  (from the built pipeline)")
    print(f"first output after  {invoked:.3f} s  (from invoking evfacts extract, model load included)")
    print(f"peak memory (RSS)   {peak_mb:,.0f} MB  (evfacts run)")
    if parallel is not None:
        print(f"--jobs {args.jobs}             {words / parallel:,.0f} words/s  ({parallel:.2f} s), "
              f"{ours / parallel:.2f}x one process")


def _first_line_from_invocation(folder: str, model: str | None) -> float:
    """Seconds from starting ``evfacts extract FOLDER`` to its first line on stdout; the run is then stopped."""
    import subprocess

    command = [sys.executable, "-m", "evfacts", "extract", folder, "--format", "jsonl", "-q"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(command + (["--model", model] if model else []), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        proc.stdout.readline()
        return time.perf_counter() - t0
    finally:
        proc.kill()
        proc.wait()


def _parallel(extractor, args, paths: list[str]) -> float:
    """Seconds for ``extract_parallel`` over the corpus files, as ``evfacts extract --jobs N`` runs it."""
    from evfacts.executors.parallel import extract_parallel
    from evfacts.inputs import Reading

    t0 = time.perf_counter()
    for _ in extract_parallel(extractor, {"model": args.model}, paths, args.jobs, Reading(max_bytes=10**7)):
        pass
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
