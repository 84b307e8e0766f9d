"""Extraction on several processes: ``evfacts extract --jobs N``.

spaCy's pipeline and evfacts' extractors are CPU-bound Python, so threads do
not help; processes do. Each worker holds one :class:`~evfacts.extract.Extractor`
(on Linux it is inherited from the parent through ``fork``, so the model is
loaded once per run; elsewhere each worker builds its own once), reads and
extracts a slice of the inputs, and sends back plain results. ``imap`` keeps
the input order, so the output is the same, byte for byte, as one process's.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import replace
from typing import Any, Iterable, Iterator

from ..documents import Document, ReadError, read_document
from ..extract import Extractor, Result

#: Inputs per task: large enough to batch ``nlp.pipe``, small enough to balance the workers.
SLICE = 16

_worker: Extractor | None = None
_worker_options: dict[str, Any] = {}


def jobs_count(jobs: int) -> int:
    """``0`` means one process per core."""
    return os.cpu_count() or 1 if jobs == 0 else max(1, jobs)


def _init(extractor: Extractor | None, options: dict[str, Any]) -> None:
    global _worker, _worker_options
    _worker, _worker_options = extractor, options


def _run(task: tuple[list[str | ReadError], int]) -> list[Result | ReadError]:
    """Read and extract one slice of inputs in a worker."""
    global _worker
    if _worker is None:
        _worker = Extractor(**_worker_options)
    items, max_bytes = task
    return extract_slice(_worker, [i if isinstance(i, ReadError) else read_document(i, max_bytes) for i in items])


def extract_slice(extractor: Extractor, items: list[Document | ReadError]) -> list[Result | ReadError]:
    """Results of one slice, read by a worker, in its order, ready to send back to the parent.

    The documents go through one ``extract_documents`` stream so ``nlp.pipe``
    batches them; read errors pass through in their places. Shared by the worker
    processes here and the Dask workers (:mod:`evfacts.executors.distributed`).
    """
    return [_without_body(result) for result in extractor.extract_documents(items)]


def _without_body(result: Result | ReadError) -> Result | ReadError:
    """The body is not needed by any writer: don't ship it back."""
    return replace(result, document=replace(result.document, body="")) if isinstance(result, Result) else result


def extract_parallel(extractor: Extractor, options: dict[str, Any], inputs: Iterable[str | ReadError],
                     jobs: int, max_bytes: int) -> Iterator[Result | ReadError]:
    """Results of every input, in input order, computed by ``jobs`` worker processes.

    ``extractor`` is the parent's (already built, so pattern and model errors
    were reported before any work); ``options`` rebuild it where processes
    cannot inherit it.
    """
    items = list(inputs)
    tasks = [(items[i:i + SLICE], max_bytes) for i in range(0, len(items), SLICE)]
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    context = mp.get_context(method)
    inherited = extractor if method == "fork" else None
    with context.Pool(jobs_count(jobs), initializer=_init, initargs=(inherited, options)) as pool:
        for batch in pool.imap(_run, tasks):
            yield from batch
