"""Word lists (``kind: lexicon`` pattern files) shared by the extractors."""

from __future__ import annotations

from .patterns import PatternFile


def load_lexicon(files: list[PatternFile]) -> dict[str, frozenset[str]]:
    """Merge the ``lists`` of every lexicon file; words are compared lower-cased.

    The files' shape (a ``lists`` mapping of name -> list of strings) was
    checked against the pattern schema when they were loaded.
    """
    merged: dict[str, set[str]] = {}
    for pf in files:
        for name, words in pf.data["lists"].items():
            merged.setdefault(name, set()).update(w.lower() for w in words)
    return {name: frozenset(words) for name, words in merged.items()}
