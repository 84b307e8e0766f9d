"""Writing an ``-o`` file so that nothing is lost: never half a file, never a device or link replaced.

A regular file (or a new one) is written atomically: to a temporary file
beside it, renamed into place only when the whole output is written, so an
interrupted run leaves the previous file or none. Anything else that already
exists is written *through*: a device (``/dev/null``, ``/dev/full``, a
terminal) or a named pipe is opened and written like ``>`` would, since
renaming over it would replace a device node with a plain file; and a
symbolic link is followed, so the file it points to is replaced and the link
stays. Write errors (a full disk, ``/dev/full``) surface as ``OSError``.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


class OutputError(Exception):
    """The output cannot be written (a read-only folder, a full disk, ``/dev/full``): where and why."""


class Guarded:
    """A text stream whose write errors are :class:`OutputError` naming the output.

    Only the output's own failures become OutputError, so a caller can tell
    "cannot write facts.json" from any other error met while producing the
    data. A closed pipe (``| head``) stays BrokenPipeError: that is the reader
    leaving, not a failure.
    """

    def __init__(self, stream: IO[str], name: str) -> None:
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        with _reported(self._name):
            return self._stream.write(text)

    def flush(self) -> None:
        with _reported(self._name):
            self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


@contextmanager
def _reported(name: object) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from exc


def creation_mode(requested: int) -> int:
    """The permissions a new file (``0o666``) or folder (``0o777``) gets under the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return requested & ~umask


def is_regular_or_new(path: Path) -> bool:
    """Whether ``path`` (links followed) is a regular file or does not exist yet."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[str]]:
    """A text stream for ``path``: atomic for regular files, written through for anything else.

    The file gets the permissions a plain ``open`` would give (the umask's,
    or the replaced file's), not the temporary file's private ones. Every
    failure to write is an :class:`OutputError`.
    """
    if not is_regular_or_new(path):
        with _reported(path):
            fh = open(path, "w", encoding="utf-8", newline="")
        try:
            yield Guarded(fh, str(path))  # type: ignore[misc]
        finally:
            with _reported(path):
                fh.close()
        return
    target = Path(os.path.realpath(path))  # through a symlink: the link stays, its file is replaced
    with _reported(path):
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        yield Guarded(fh, str(path))  # type: ignore[misc]
        with _reported(path):
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.is_file() else creation_mode(0o666))
            os.replace(tmp, target)
    except BaseException:
        _discard(fh)
        Path(tmp).unlink(missing_ok=True)
        raise


def _discard(fh: IO[str]) -> None:
    """Close a temporary file that is being given up, ignoring a failed flush of its buffer.

    The error that gave it up (a full disk met while writing) is what the
    user must see; closing flushes the rest of the buffer into the same full
    disk, and that second failure must not replace the first with a traceback.
    The file descriptor is closed either way.
    """
    try:
        fh.close()
    except OSError:
        pass
