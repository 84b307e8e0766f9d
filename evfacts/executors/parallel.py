"""Extraction on several processes: ``evfacts extract --jobs N``.

spaCy's pipeline and evfacts' extractors are CPU-bound Python, so threads do
not help; processes do. Each worker holds one :class:`~evfacts.extract.Extractor`
(on Linux it is inherited from the parent through ``fork``, so the model is
loaded once per run; elsewhere each worker builds its own once), reads and
extracts a slice of the sources (files, spans of JSON Lines files, URLs: see
:mod:`evfacts.inputs`), and sends back plain results, which come out in input
order: the output is the same, byte for byte, as one process's.

The workers are managed here rather than by ``multiprocessing.Pool``, because
a Pool waits for ever for the result of a worker that was killed (``kill -9``,
the out-of-memory killer) and cannot say which task died with it. Here the
parent watches each worker's process as well as its pipe, so it knows which
slice a dead worker held: that slice is run again one document per task, and
a document that kills its worker a second time becomes an ``extract_failed``
record. Workers ignore Ctrl-C and die quietly on SIGTERM and SIGHUP; the
parent, which reports the interruption, stops them on its way out.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from collections import deque
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any, Iterable, Iterator

from ..documents import Document, ReadError
from ..extract import Extractor, Result
from ..inputs import Reading, Source, read_exactly, single_documents, source_name, weight

#: Documents per task: large enough to batch ``nlp.pipe``, small enough to balance the workers.
SLICE = 16
#: Seconds a worker gets to exit after SIGTERM before it is killed.
STOP_GRACE = 5.0

Item = Result | ReadError


def jobs_count(jobs: int) -> int:
    """``0`` means one process per core."""
    return os.cpu_count() or 1 if jobs == 0 else max(1, jobs)


def slices(sources: Iterable[Source | ReadError], size: int = SLICE) -> Iterator[list[Source | ReadError]]:
    """The sources cut into consecutive slices of about ``size`` documents each (a source is never cut)."""
    batch: list[Source | ReadError] = []
    documents = 0
    for source in sources:
        if batch and documents + weight(source) > size:
            yield batch
            batch, documents = [], 0
        batch.append(source)
        documents += weight(source)
    if batch:
        yield batch


def extract_slice(extractor: Extractor, items: list[Document | ReadError]) -> list[Item]:
    """Results of one slice, read by a worker, in its order, ready to send back to the parent.

    The documents go through one ``extract_documents`` stream so ``nlp.pipe``
    batches them; read errors pass through in their places. Shared by the worker
    processes here and the Dask workers (:mod:`evfacts.executors.distributed`).
    """
    return [_without_body(result) for result in extractor.extract_documents(items)]


def _without_body(result: Item) -> Item:
    """The body is not needed by any writer: don't ship it back."""
    return replace(result, document=replace(result.document, body="")) if isinstance(result, Result) else result


def failed_slice(items: list[Source | ReadError], message: str, reading: Reading = Reading()) -> list[Item]:
    """Every document of a task as an ``extract_failed`` record (read errors stay what they were)."""
    return [i if isinstance(i, ReadError) else ReadError(source_name(i), "extract_failed", message)
            for i in single_documents(items, reading)]


# ----- the worker process --------------------------------------------------------------------

def _serve(conn: Connection, extractor: Extractor | None, options: dict[str, Any], reading: Reading) -> None:
    """A worker's life: receive a task, send its results back, until told to stop (``None``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
    for name in ("SIGTERM", "SIGHUP"):  # the parent's handlers raise; a worker just ends
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if extractor is None:
        extractor = Extractor(**options)
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        key, items = task
        try:
            results = extract_slice(extractor, [d for source in items for d in read_exactly(source, reading)])
        except Exception as exc:  # extract_documents isolates documents; this is a last resort
            results = failed_slice(items, f"extraction failed: {exc.__class__.__name__}: {exc}", reading)
        conn.send((key, results))


# ----- the parent's side ---------------------------------------------------------------------

@dataclass
class _Task:
    """Some sources of one slice: ``offset`` is the document they start at in it; ``retried`` once a worker
    died on them."""

    slice: int
    offset: int
    items: list[Source | ReadError]
    retried: bool = False


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, extractor: Extractor | None, options: dict[str, Any], reading: Reading) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, extractor, options, reading), daemon=True)
        self.process.start()
        child.close()
        self.task: _Task | None = None

    def send(self, task: _Task) -> None:
        """Hand over a task; if the worker just died, its sentinel tells the parent, which retries it."""
        self.task = task
        try:
            self.conn.send(((task.slice, task.offset), task.items))
        except OSError:
            pass

    def stop(self) -> None:
        """Ask politely when idle, else SIGTERM; SIGKILL if it does not go."""
        if self.process.is_alive():
            try:
                if self.task is None:
                    self.conn.send(None)
                else:
                    self.process.terminate()
            except OSError:
                self.process.terminate()
        self.process.join(STOP_GRACE)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _death(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (the out-of-memory killer sends it)" if -code == signal.SIGKILL else ""
        return f"the worker process extracting it was killed by {name}{hint}"
    return f"the worker process extracting it exited with code {code}"


def extract_parallel(extractor: Extractor, options: dict[str, Any], sources: Iterable[Source | ReadError],
                     jobs: int, reading: Reading) -> Iterator[Item]:
    """Results of every source, in input order, computed by ``jobs`` worker processes.

    ``extractor`` is the parent's (already built, so pattern and model errors
    were reported before any work); ``options`` rebuild it where processes
    cannot inherit it. A worker that dies is replaced, and its slice retried
    as described in the module docstring; the run always ends.
    """
    tasks = list(slices(sources))
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    context = mp.get_context(method)
    inherited = extractor if method == "fork" else None

    def start() -> _Worker:
        return _Worker(context, inherited, options, reading)

    pending = deque(_Task(n, 0, s) for n, s in enumerate(tasks))
    filled: dict[int, list[Item | None]] = {n: [None] * sum(map(weight, s)) for n, s in enumerate(tasks)}
    workers = [start() for _ in range(min(jobs_count(jobs), len(tasks)))]
    try:
        for n in range(len(tasks)):
            while any(r is None for r in filled[n]):
                for i, worker in enumerate(workers):
                    if worker.task is None and pending:
                        if not worker.process.is_alive():  # died while idle (killed from outside)
                            worker.stop()
                            workers[i] = worker = start()
                        worker.send(pending.popleft())
                busy = [w for w in workers if w.task is not None]
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
                for i, worker in enumerate(workers):
                    task = worker.task
                    if task is None or not ready & {worker.conn, worker.process.sentinel}:
                        continue
                    results = _receive(worker)
                    if results is None:  # it died: replace it, and retry or fail its task
                        pending.extendleft(reversed(_after_death(task, _death(worker.process), filled, reading)))
                        worker.stop()
                        workers[i] = start()
                        continue
                    worker.task = None
                    _fill(filled, task, results)
            yield from filled.pop(n)  # type: ignore[misc]
    finally:
        for worker in workers:
            worker.stop()


def _receive(worker: _Worker) -> list[Item] | None:
    """The worker's results, or None if it died without sending them."""
    try:
        if worker.conn.poll():
            _, results = worker.conn.recv()
            return results
    except (EOFError, OSError):
        pass
    worker.process.join(STOP_GRACE)
    return None


def _after_death(task: _Task, why: str, filled: dict[int, list[Item | None]],
                 reading: Reading = Reading()) -> list[_Task]:
    """The tasks to run after a worker died on ``task``: each document alone once, then failure."""
    if not task.retried:
        return [_Task(task.slice, task.offset + k, [item], retried=True)
                for k, item in enumerate(single_documents(task.items, reading))]
    _fill(filled, task, failed_slice(task.items, why, reading))
    return []


def _fill(filled: dict[int, list[Item | None]], task: _Task, results: list[Item]) -> None:
    """Put a task's results in their slots of its slice."""
    filled[task.slice][task.offset:task.offset + len(results)] = results
