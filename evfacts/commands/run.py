"""Running the extraction for a command: the Extractor, and the stream of results every command reads.

One stream for all commands, so ``--jobs``, the progress bar and the way
skipped inputs and warnings are reported are the same in ``extract``,
``check``, ``merge`` and ``evaluate``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Union

from .options import Options
from .output import EXIT_USAGE, err, fail

if TYPE_CHECKING:
    from pathlib import Path

    from ..documents import ReadError
    from ..extract import Extractor, Result

    Item = Union[Result, ReadError]


def build_extractor(opts: Options) -> "Extractor":
    """The library Extractor for these options, with model and pattern problems turned into exit 2."""
    from ..extract import Extractor
    from ..nlp.pipeline import ModelError
    from ..patterns import PatternError

    try:
        return Extractor(**opts.extractor_options())
    except (PatternError, ModelError) as exc:
        fail(str(exc), EXIT_USAGE)


@dataclass
class Run:
    """The results of a command's inputs, streamed in input order, each problem said once on stderr.

    ``skipped`` holds the inputs that could not be read or extracted, and
    ``total`` how many inputs there were (documents and error records: a
    JSON Lines file counts its lines), once the stream is consumed.
    """

    extractor: "Extractor"
    opts: Options
    client: Any = None          # a dask.distributed Client (extract --scheduler), else None
    skipped: list["ReadError"] = field(default_factory=list)
    total: int = 0

    def results(self, inputs: Iterable) -> Iterator["Item"]:
        """Every input's Result or ReadError: in this process, on ``--jobs`` workers or on a Dask cluster.

        ``inputs`` are what :meth:`Options.inputs` gives: paths, URLs, and ReadErrors for bad ``--urls`` lines.
        """
        from ..documents import STDIN
        from ..inputs import read_source, sources, weight

        reading = self.opts.reading()
        found = list(sources(inputs, reading))
        refuse_to_overwrite(self.opts.output, found)
        if self.client is not None:
            from ..executors.distributed import extract_dask

            stream = extract_dask(self.client, found, self.opts.extractor_options(), reading)
        elif self.opts.jobs != 1 and STDIN not in found:
            from ..executors.parallel import extract_parallel

            stream = extract_parallel(self.extractor, self.opts.extractor_options(), found, self.opts.jobs, reading)
        else:
            stream = self.extractor.extract_documents(item for source in found
                                                      for item in read_source(source, reading))
        expected = None if STDIN in found and reading.input_format == "jsonl" else sum(map(weight, found))
        self.total = 0
        for item in _progress(stream, expected, self.opts.quiet):
            self.total += 1
            yield self._report(item)

    def extracted(self, inputs: Iterable) -> list["Result"]:
        """The Results of every input that could be read and extracted; the others end up in ``skipped``."""
        from ..documents import ReadError

        return [item for item in self.results(inputs) if not isinstance(item, ReadError)]

    def _report(self, item: "Item") -> "Item":
        """Every skipped input is said once on stderr (and kept); warnings too, unless quiet."""
        from ..documents import ReadError

        if isinstance(item, ReadError):
            self.skipped.append(item)
            err(f"skipped {item.path}: {item.message}")
        elif not self.opts.quiet:
            for warning in item.warnings:
                err(f"warning: {item.document.path}: {warning}")
        return item


def refuse_to_overwrite(output: "Path | None", inputs: Iterable[Any]) -> None:
    """Exit 2, before anything is read, if the ``-o`` file is one of the inputs (or a link to one):
    the output would replace the article (or claims file) it was made from."""
    import os

    from ..documents import ReadError

    if output is None or not output.exists():
        return
    paths = dict.fromkeys(item if isinstance(item, str) else item.path for item in inputs  # a span of a JSON
                          if isinstance(item, str) or (hasattr(item, "path") and not isinstance(item, ReadError)))
    for path in paths:  # Lines file names its file; a URL and a skipped input name none
        if path != "-":
            try:
                same = os.path.samefile(path, output)
            except OSError:
                continue
            if same:
                fail(f"-o {output} is one of the inputs ({path}); writing it would replace that input. "
                     "Name another output file")


def _progress(items: Iterator["Item"], total: int | None, quiet: bool) -> Iterator["Item"]:
    """A rich progress bar on stderr for long runs on a terminal (``total`` None: not known); a no-op otherwise."""
    if quiet or (total is not None and total < 20) or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("extracting", total=total)
        for item in items:
            yield item
            progress.advance(task)
