"""Load and validate the YAML pattern files under ``patterns/``.

Patterns are data: every phrase that signals a fact (milestone verbs, target
words, units, stake and role phrases, chemistries, the gazetteer, date words)
lives in a YAML file. This module is the one place that reads those files, so
that every mistake in one is reported the same way: the file, the line and the
pattern id, never a traceback from deep inside spaCy.

Each file is a mapping with a ``kind`` key naming what it holds (``triggers``,
``gazetteer``, ``dates``, ``units``...) and the rest is read by the module that
owns that kind. Mappings come back as :class:`LineDict`, which remembers the
line it started on, so later validation can still point at the source.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from .safeyaml import BoundedLoader

PATTERNS_ENV = "EVFACTS_PATTERNS"


class PatternError(Exception):
    """A pattern file that cannot be used; the message names file, line and pattern."""

    def __init__(self, path: Path | str, message: str, line: int | None = None,
                 pattern_id: str | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.pattern_id = pattern_id
        self.reason = message
        where = self.path + (f":{line}" if line else "")
        who = f" (pattern {pattern_id!r})" if pattern_id else ""
        super().__init__(f"{where}{who}: {message}")


class LineDict(dict):
    """A dict that knows the 1-based line of the YAML mapping it came from."""

    line: int = 0


class _LineLoader(BoundedLoader):
    """SafeLoader (without aliases, see :mod:`evfacts.safeyaml`) whose mappings are LineDicts,
    with YAML 1.2 booleans.

    YAML 1.1 reads a bare ``on``, ``off``, ``yes`` or ``no`` as a boolean, a trap
    in word lists ("production on", "no"); here only true/false are booleans.
    """


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict(loader.construct_pairs(node, deep=True))
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file safely; syntax errors become PatternError with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PatternError(path, f"cannot read pattern file: {exc}") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PatternError(path, f"invalid YAML: {exc.problem or exc}", line) from exc
    except yaml.YAMLError as exc:
        raise PatternError(path, f"invalid YAML: {exc}") from exc


def node_line(path: Path, keys: Iterable[str | int]) -> int | None:
    """The line of the YAML node at ``keys`` (or of its nearest existing parent) in the file at ``path``.

    Loaded data only remembers the lines of mappings; an error in a plain
    string of a list is still reported at its own line by re-reading the
    file's node tree, which happens only when there is an error to report.
    """
    try:
        node: yaml.Node | None = yaml.compose(path.read_text(encoding="utf-8"), Loader=BoundedLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = node.start_mark.line + 1 if node else None
    for k in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for kn, v in node.value if kn.value == str(k)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(k, int) and k < len(node.value):
            node = node.value[k]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def line_of(obj: Any) -> int | None:
    """The source line of a mapping loaded by :func:`load_yaml`, if known."""
    return getattr(obj, "line", None) or None


@dataclass
class PatternFile:
    """One parsed pattern file: its path, its ``kind`` and the whole mapping."""

    path: Path
    kind: str
    data: LineDict

    def error(self, message: str, obj: Any = None, pattern_id: str | None = None) -> PatternError:
        """A PatternError pointing at ``obj`` (a mapping from this file) or the file."""
        return PatternError(self.path, message, line_of(obj) or line_of(self.data), pattern_id)


@dataclass
class PatternSet:
    """All pattern files of a run, grouped by kind, defaults first then the user's."""

    files: list[PatternFile] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[PatternFile]:
        return [f for f in self.files if f.kind == kind]


def default_patterns_dir() -> Path:
    """The patterns shipped with evfacts, wherever the package is installed.

    A wheel carries them as ``evfacts/_patterns``; a source checkout (and an
    editable install) has them at the top level beside the package.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_patterns", here.parent / "patterns"):
        if candidate.is_dir():
            return candidate
    raise PatternError(here / "_patterns", "the default pattern folder is missing from this installation")


def _yaml_files(directory: Path) -> list[Path]:
    if directory.is_file():
        return [directory]
    if not directory.is_dir():
        raise PatternError(directory, "no such pattern file or folder")
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_patterns(extra: Iterable[Path] = (), include_defaults: bool = True) -> PatternSet:
    """Read the default pattern folder plus any user folders or files.

    User folders come from ``extra`` and from the ``EVFACTS_PATTERNS``
    environment variable (``os.pathsep``-separated). Every file must fit the
    schema of its ``kind`` (:mod:`evfacts.pattern_schema`); the owner of each
    kind checks what needs the whole vocabulary.
    """
    dirs: list[Path] = [default_patterns_dir()] if include_defaults else []
    env = os.environ.get(PATTERNS_ENV, "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += [Path(p) for p in extra]
    pset = PatternSet()
    for directory in dirs:
        for path in _yaml_files(directory):
            data = load_yaml(path)
            if data is None:
                continue
            if not isinstance(data, dict):
                raise PatternError(path, "a pattern file must be a mapping with a 'kind' key", 1)
            check_schema(path, data)
            pset.files.append(PatternFile(path, data["kind"], data))
    return pset


def check_schema(path: Path, data: LineDict) -> None:
    """Raise PatternError, with the line, for the most telling way ``data`` does not fit the pattern schema."""
    from .pattern_schema import validate

    problems = validate(data)
    if problems:
        keys, message = problems[0]
        raise PatternError(path, message, node_line(path, keys))
