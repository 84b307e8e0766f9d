"""Word lists (``kind: lexicon`` pattern files) shared by the extractors."""

from __future__ import annotations

from .patterns import PatternFile


def load_lexicon(files: list[PatternFile]) -> dict[str, frozenset[str]]:
    """Merge the ``lists`` of every lexicon file; words are compared lower-cased."""
    merged: dict[str, set[str]] = {}
    for pf in files:
        lists = pf.data.get("lists")
        if not isinstance(lists, dict):
            raise pf.error("a lexicon file needs a 'lists' mapping of name -> list of words")
        for name, words in lists.items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise pf.error(f"lexicon list {name!r} must be a list of strings", lists, name)
            merged.setdefault(name, set()).update(w.lower() for w in words)
    return {name: frozenset(words) for name, words in merged.items()}
