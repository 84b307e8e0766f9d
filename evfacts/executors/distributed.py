"""Extraction on a Dask cluster: ``evfacts extract --scheduler ADDRESS``.

For collections that outgrow one machine's cores. The inputs are cut into
slices (as for ``--jobs``), each slice is one task, and the worker that runs
it reads its sources itself (files, spans of JSON Lines files, URLs: see
:mod:`evfacts.inputs`) and extracts them with an Extractor it builds once per
worker process. Only names travel to the workers and only facts come back, so
every worker must see the files (shared storage) and have evfacts and the
model installed. Slices are collected in input order, each as soon as
it is done, so the output is the same, byte for byte, as one process's.

Dask is an optional dependency (``pip install -e '.[dask]'`` in a clone of evfacts), imported
only when a scheduler is used; the CLI does not import this module otherwise.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Union

from ..documents import ReadError
from ..extract import Extractor, Result
from ..inputs import Reading, Source, read_source
from .parallel import SLICE, extract_slice, failed_slice, jobs_count, slices

if TYPE_CHECKING:
    from distributed import Client

#: Seconds to wait for the scheduler before giving up on it.
CONNECT_TIMEOUT = 10.0
#: ``local`` or ``local:N`` starts a cluster on this machine instead of joining one.
LOCAL = "local"
#: evfacts is not on PyPI: its extra is installed from a clone (from the clone's folder).
INSTALL = "pip install -e '.[dask]' in your clone of evfacts"

# One Extractor per worker process, with the options it was built from: the
# model takes seconds to load, so it is built on the process's first task and
# kept for the next ones (rebuilt only when a run with other options arrives).
_cached: tuple[dict[str, Any], Extractor] | None = None
# A worker may run several tasks at once in threads; they share the Extractor,
# and CPU-bound parsing gains nothing from threads, so they take turns.
_lock = threading.Lock()


class SchedulerError(Exception):
    """Dask is not installed, or the scheduler address is wrong or cannot be reached."""


def connect(address: str, timeout: float | None = None) -> "Client":
    """A client of the scheduler at ``address`` (``tcp://host:8786``), waiting ``timeout`` seconds
    (default :data:`CONNECT_TIMEOUT`) for it.

    ``local:N`` starts a cluster of N worker processes on this machine
    (``local``: one per core) that closes with the client.
    """
    try:
        from distributed import Client
        from distributed.comm import get_address_host_port
    except ImportError:
        raise SchedulerError(f"--scheduler needs Dask, which is not installed: {INSTALL}") from None
    if address == LOCAL or address.startswith(LOCAL + ":"):
        return Client(n_workers=_local_workers(address), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR, set_as_default=False)
    try:  # checked first: a Client given a bad address hangs on to it and stalls when collected
        get_address_host_port(address)
    except ValueError as exc:
        raise SchedulerError(f"{address!r} is not a Dask scheduler address like tcp://host:8786 ({exc})") from None
    timeout = timeout or CONNECT_TIMEOUT
    _probe(address, timeout)
    return _client_within(Client, address, timeout)


def _probe(address: str, timeout: float) -> None:
    """Make sure a Dask scheduler answers at ``address`` within ``timeout`` seconds, else SchedulerError.

    distributed's Client does not bound everything: a listener that accepts
    the connection but never speaks Dask keeps ``Client()`` waiting for ever,
    one that speaks HTTP makes it fail (and then stall for 20 s more in its
    finalizer), and an unroutable or ``tls://`` address fails only after twice
    the timeout. So one comm is opened first, on an event loop of its own (a
    caller may be running one, as Jupyter does), under a hard deadline, and
    asked who it is; only a scheduler gets a Client.
    """
    import asyncio

    from distributed.comm import connect as open_comm

    async def ask() -> Any:
        comm = await open_comm(address, timeout=timeout * 0.9)  # its own message (refused...) before ours
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        identity = _within(lambda: asyncio.run(asyncio.wait_for(ask(), timeout)), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: no answer within {timeout:g} s") from None
    except MemoryError:  # the first bytes read as a frame length of exabytes: another protocol
        raise SchedulerError(f"{address} answers, but not in Dask's protocol (an HTTP server?)") from None
    except Exception as exc:  # refused, unroutable, TLS without certificates, a closed connection
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {exc.__class__.__name__}: "
                             f"{_first_line(exc)}") from None
    if not isinstance(identity, dict) or identity.get("type") != "Scheduler":
        raise SchedulerError(f"{address} answers, but not as a Dask scheduler")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def _within(make: Callable[[], Any], timeout: float) -> Any:
    """``make()``, run in a daemon thread that is abandoned after ``timeout`` seconds (TimeoutError)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = make()
        except Exception as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, name="evfacts-dask-connect", daemon=True)
    thread.start()
    thread.join(timeout + 1)  # make() bounds itself; the second is for its cleanup
    if "value" in box:
        return box["value"]
    raise box.get("error") or TimeoutError(f"no answer within {timeout:g} s")


def _client_within(client_class: Any, address: str, timeout: float) -> "Client":
    """``Client(address)``, or SchedulerError if it is not connected within ``timeout`` seconds.

    The scheduler answered :func:`_probe` a moment ago, so this should be quick;
    the deadline holds anyway.
    """
    try:
        return _within(lambda: client_class(address, timeout=timeout, set_as_default=False), timeout)
    except Exception as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {_first_line(exc)}") from None


def _local_workers(address: str) -> int:
    count = address[len(LOCAL) + 1:] or "0"
    if not count.isdigit():
        raise SchedulerError(f"{address!r}: write local:N with N a number of worker processes (0: one per core)")
    return jobs_count(int(count))


def extract_dask(client_or_address: Union["Client", str], sources: Iterable[Source | ReadError],
                 options: dict[str, Any], reading: Reading, partition_size: int = SLICE,
                 ) -> Iterator[Result | ReadError]:
    """Results of every source, in input order, computed on a Dask cluster.

    ``client_or_address`` is a connected ``distributed.Client``, or an address
    for :func:`connect` (that client is closed at the end). ``options`` are the
    :class:`Extractor`'s keyword arguments. Relative paths are read from this
    process's folder and keep their names in the output. Every slice is
    submitted at once; slices not yet collected are cancelled if the caller
    stops early. A slice whose task fails (Dask gives up on a task whose
    workers keep dying) comes back as ``extract_failed`` records.
    """
    cwd = os.getcwd()
    tasks = list(slices(sources, partition_size))
    client = connect(client_or_address) if isinstance(client_or_address, str) else client_or_address
    futures: deque = deque()
    try:
        futures.extend(client.map(_run_slice, tasks, options=_portable(options, cwd), reading=reading,
                                  cwd=cwd, pure=False))
        for piece in tasks:
            try:
                batch = futures[0].result()
            except Exception as exc:  # KilledWorker (its workers died, as Dask retries), a lost worker...
                batch = failed_slice(piece, f"the Dask task reading it failed: {exc.__class__.__name__}: "
                                            f"{_first_line(exc)}", reading)
            yield from batch
            futures.popleft()
    finally:
        if futures:
            client.cancel(list(futures))
        if client is not client_or_address:
            client.close()


def _portable(options: dict[str, Any], cwd: str) -> dict[str, Any]:
    """The options as a worker running in another folder must read them: folders by absolute path."""
    model = options.get("model")
    return {**options, "patterns": [Path(cwd, p) for p in options.get("patterns") or []],
            "model": str(Path(cwd, model)) if model and Path(model).exists() else model}


def _run_slice(sources: list[Source | ReadError], options: dict[str, Any], reading: Reading,
               cwd: str) -> list[Result | ReadError]:
    """One task on a worker: read one slice (from the client's folder, under the names the client
    gave) and extract it with the worker's Extractor."""
    global _cached
    with _lock:
        if _cached is None or _cached[0] != options:
            _cached = (options, Extractor(**options))
        return extract_slice(_cached[1], [item for source in sources for item in read_source(source, reading, cwd)])
