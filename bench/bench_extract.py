"""Benchmark: evfacts extraction beside the raw spaCy pipeline on the same texts.

Builds a corpus of N documents by cycling through the articles of the given
folders (default: samples/), then reports, in one run:

* words per second of ``Extractor.extract_documents`` (what ``evfacts extract`` does),
* words per second of the raw ``nlp.pipe`` of the same model on the same texts,
* their ratio, the time to the first document's facts, and peak memory (RSS),
* with ``--jobs N``: the same corpus read from files by N worker processes
  (what ``evfacts extract --jobs N`` does) and the speed-up over one process.

Run: ``.venv/bin/python bench/bench_extract.py --docs 500 --jobs 2 [FOLDER ...]``.
This is a measurement, not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
from pathlib import Path


def corpus(folders: list[str], n: int):
    from evfacts.documents import Document, read_documents

    base = [d for d in read_documents(folders) if isinstance(d, Document)]
    if not base:
        sys.exit("no readable articles in " + ", ".join(folders))
    return [Document(path=f"{d.path}#{i}", body=d.body, title=d.title, published=d.published)
            for i, d in zip(range(n), itertools.cycle(base))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=["samples"])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--model", default=None)
    ap.add_argument("--jobs", type=int, default=0, help="also measure N worker processes (0: skip)")
    args = ap.parse_args()

    import spacy

    from evfacts.extract import Extractor

    docs = corpus(args.folders, args.docs)
    words = sum(len(d.body.split()) for d in docs)

    t0 = time.perf_counter()
    extractor = Extractor(model=args.model)
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    first = None
    facts = 0
    for result in extractor.extract_documents(docs):
        if first is None:
            first = time.perf_counter() - t0
        facts += len(result.facts)
    ours = time.perf_counter() - t0

    raw_nlp = spacy.load(extractor.model_name)
    t0 = time.perf_counter()
    for _ in raw_nlp.pipe((d.body for d in docs), batch_size=extractor.batch_size):
        pass
    raw = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    parallel = _parallel(extractor, args, docs) if args.jobs else None
    print(f"documents           {len(docs)}  ({words:,} words)")
    print(f"model               {extractor.model_name}  (pipeline built in {load:.2f} s)")
    print(f"evfacts extract     {words / ours:,.0f} words/s  ({ours:.2f} s, {facts:,} facts)")
    print(f"raw nlp.pipe        {words / raw:,.0f} words/s  ({raw:.2f} s)")
    print(f"ratio               {raw / ours:.2f}  (evfacts speed / raw pipe speed)")
    print(f"first output after  {first:.3f} s")
    print(f"peak memory (RSS)   {peak_mb:,.0f} MB")
    if parallel is not None:
        print(f"--jobs {args.jobs}             {words / parallel:,.0f} words/s  ({parallel:.2f} s), "
              f"{ours / parallel:.2f}x one process")


def _parallel(extractor, args, docs) -> float:
    """Seconds for ``extract_parallel`` over the corpus written to files, as the CLI runs it."""
    import tempfile

    from evfacts.parallel import extract_parallel

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, d in enumerate(docs):
            path = Path(tmp) / f"{n:06d}.md"
            front = f"---\npublished: {d.published}\n---\n" if d.published else ""
            path.write_text(front + d.body, encoding="utf-8")
            paths.append(str(path))
        t0 = time.perf_counter()
        for _ in extract_parallel(extractor, {"model": args.model}, paths, args.jobs, 10**7):
            pass
        return time.perf_counter() - t0


if __name__ == "__main__":
    main()
