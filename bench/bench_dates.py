"""Benchmark: the date normalizer's share of the extract command's time.

Runs the whole extraction over a folder (default ``../shared/eval/dev``) and
times every call of ``DateNormalizer.find`` made during it, so the figure is
the real cost of date handling inside ``evfacts extract``, cache included.

Run: ``.venv/bin/python bench/bench_dates.py [FOLDER ...] [--repeat N]``.
A measurement, not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import time

from evfacts.documents import Document, read_documents
from evfacts.extract import Extractor


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=["../shared/eval/dev"])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    extractor = Extractor()
    docs = [d for d in read_documents(args.folders) if isinstance(d, Document)]
    spent = [0.0, 0]
    find = extractor.dates.find

    def timed_find(*a, **k):
        t0 = time.perf_counter()
        try:
            return find(*a, **k)
        finally:
            spent[0] += time.perf_counter() - t0
            spent[1] += 1

    extractor.dates.find = timed_find  # type: ignore[method-assign]
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for _result in extractor.extract_documents(docs):
            pass
    total = time.perf_counter() - t0
    print(f"documents            {len(docs)} x {args.repeat} runs")
    print(f"extract time         {total:.2f} s")
    print(f"date normalization   {spent[0]:.3f} s in {spent[1]:,} calls ({1000 * spent[0] / max(spent[1], 1):.2f} ms/call)")
    print(f"share                {100 * spent[0] / total:.1f}% of extraction")


if __name__ == "__main__":
    main()
