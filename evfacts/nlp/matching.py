"""A drop-in for spaCy's token ``Matcher`` that only looks where a pattern can match.

spaCy's Matcher tries every pattern at every token, so its time grows with
patterns x tokens: the gazetteer's hundred "maker + model code" patterns, the
fifty trigger patterns and the model's own attribute ruler (179 patterns)
together cost more than the parser. :class:`FastMatcher` finds the same
matches three cheaper ways, chosen per pattern when it is added:

* a one-token pattern of plain attribute tests ("TAG is NN and LOWER is
  'that'", a regular expression on the text) depends only on the token's values of those attributes: the
  patterns matching each combination of values are worked out once and
  remembered;
* a pattern with a token that names its words ("LOWER IN [tesla, byd]",
  "LEMMA IN [start, begin]"), and only single tokens before it, is anchored:
  a look-up over the array finds the tokens holding one of those words, and
  the pattern runs on a short window around each;
* anything else (no anchor, unbounded "*" or "+", callbacks, greedy
  filtering) runs in an ordinary Matcher over the whole Doc.

The matches are exactly spaCy's (same keys, starts and ends; the rulers that
call a matcher sort and deduplicate them), so the entity, span and attribute
rulers keep their semantics; only the time changes.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: First-token attributes an anchor may use, the most selective first (TEXT is ORTH).
ANCHOR_ATTRS = ("LOWER", "ORTH", "TEXT", "LEMMA", "NORM", "DEP", "TAG")
#: Attributes a one-token pattern may test to be evaluated as arrays: string-valued ones...
STRING_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "TAG", "DEP", "LEMMA"}
#: ...and boolean lexical flags.
FLAG_ATTRS = {"IS_SPACE", "IS_ALPHA", "IS_PUNCT", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "LIKE_NUM"}
#: Which required value indexes a one-token pattern: the most selective attribute it tests.
INDEX_PREFERENCE = ("LOWER", "ORTH", "NORM", "LEMMA", "DEP", "TAG")
#: Attribute-value combinations remembered for one-token patterns before the memory starts over.
MAX_REMEMBERED = 200_000
_BOUNDED_OP = re.compile(r"^\{(\d*),?(\d*)\}$")


def _attr(name: str) -> str:
    return "ORTH" if name == "TEXT" else name


def _anchor(spec: dict) -> tuple[str, tuple[str, ...]] | None:
    """The attribute and words a first token must have, or None when it is not anchored."""
    if spec.get("OP") not in (None, "1"):
        return None
    for attr in ANCHOR_ATTRS:
        value = spec.get(attr)
        if isinstance(value, str):
            return _attr(attr), (value,)
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list) \
                and all(isinstance(v, str) for v in value["IN"]):
            return _attr(attr), tuple(value["IN"])
    return None


def _array_tests(pattern: list[dict]) -> list[tuple[str, str, Any]] | None:
    """A one-token pattern as (attribute, test, value) triples, or None if it needs the Matcher."""
    if len(pattern) != 1 or pattern[0].get("OP") not in (None, "1"):
        return None
    tests: list[tuple[str, str, Any]] = []
    for name, value in pattern[0].items():
        if name == "OP":
            continue
        if name in FLAG_ATTRS and isinstance(value, bool):
            tests.append((name, "==", int(value)))
        elif name in STRING_ATTRS and isinstance(value, str):
            tests.append((_attr(name), "==", value))
        elif name in STRING_ATTRS and isinstance(value, dict) and len(value) == 1 \
                and next(iter(value)) in ("IN", "NOT_IN") and isinstance(next(iter(value.values())), list) \
                and all(isinstance(v, str) for v in next(iter(value.values()))):
            (op, values), = value.items()
            tests.append((_attr(name), op, tuple(values)))
        elif name in STRING_ATTRS and isinstance(value, dict) and set(value) == {"REGEX"} \
                and isinstance(value["REGEX"], str):
            tests.append((_attr(name), "REGEX", re.compile(value["REGEX"])))
        else:
            return None
    return tests or None


def max_length(pattern: list[dict]) -> int | None:
    """The most tokens the pattern can cover, or None when unbounded."""
    total = 0
    for spec in pattern:
        op = spec.get("OP")
        if op in (None, "1", "!", "?"):
            total += 1  # a negated token is counted too: a longer window is only ever safe
            continue
        bounded = _BOUNDED_OP.match(op) if isinstance(op, str) else None
        if bounded is None or (op.count(",") and not bounded.group(2)):
            return None  # "*", "+" and "{n,}" have no upper bound
        total += int(bounded.group(2) or bounded.group(1))
    return total


def _anchored(pattern: list[dict]) -> tuple[int, str, tuple[str, ...]] | None:
    """The first token spec that names its words, if every spec before it is exactly one token.

    Returns its position in the pattern (so a match starts that many tokens
    before the anchor word), its attribute and its words.
    """
    for offset, spec in enumerate(pattern):
        anchor = _anchor(spec)
        if anchor is not None:
            return (offset, *anchor)
        if spec.get("OP") not in (None, "1"):
            return None
    return None


class _Group:
    """Anchored patterns that share an anchor spec and position: one Matcher, one window."""

    def __init__(self, matcher: Any, offset: int, attr: str, words: tuple[str, ...]) -> None:
        self.matcher, self.offset, self.attr, self.words, self.length = matcher, offset, attr, words, 0


class FastMatcher:
    """``Matcher``'s interface (``add``, ``get``, ``remove``, ``in``, ``len``, call), faster."""

    def __init__(self, vocab: Any, validate: bool = False, **_: Any) -> None:
        from spacy.matcher import Matcher

        self.vocab, self._new = vocab, lambda: Matcher(vocab, validate=validate)
        self._rest = self._new()
        self._groups: dict[str, _Group] = {}
        self._arrays: list[tuple[int, list[tuple[str, str, Any]]]] = []
        self._by_values: dict[tuple[int, ...], list[int]] = {}  # tested values -> keys of matching patterns
        self._array_index: tuple[dict[str, dict[int, list[int]]], set[int]] | None = None
        self._patterns: dict[int, list[list[dict]]] = {}
        self._index: dict[str, tuple[Any, dict[int, list[_Group]]]] | None = None
        # rebuilt with the index: the attributes one-token patterns test, and those read from each Doc
        self._tested: list[str] = []
        self._columns: list[str] = []

    def _normalize_key(self, key: Any) -> int:
        """A key as its string id (the name spaCy's rulers call)."""
        return self.vocab.strings.add(key) if isinstance(key, str) else key

    _key = _normalize_key

    def add(self, key: Any, patterns: list[list[dict]], on_match: Any = None, greedy: Any = None) -> None:
        """Add patterns under ``key``, each to the cheapest strategy that finds all its matches."""
        key = self._key(key)
        for pattern in patterns:
            self._patterns.setdefault(key, []).append(pattern)
            plain = on_match is None and greedy is None  # callbacks and greedy filtering see the whole Doc
            tests = _array_tests(pattern) if plain else None
            if tests is not None:
                self._arrays.append((key, [(name, test, self._ids(value)) for name, test, value in tests]))
                self._by_values.clear()
                self._array_index = None
                continue
            anchor = _anchored(pattern) if plain else None
            length = max_length(pattern) if anchor else None
            if anchor is None or length is None:
                self._rest.add(key, [pattern], on_match=on_match, greedy=greedy)
                continue
            name = json.dumps([anchor[0], pattern[anchor[0]]], sort_keys=True)
            group = self._groups.get(name)
            if group is None:
                group = self._groups[name] = _Group(self._new(), *anchor)
            group.matcher.add(key, [pattern])
            group.length = max(group.length, length)
        self._index = None

    def _ids(self, value: Any) -> Any:
        """A test's value as the Doc array holds it: a flag, a string id, or a set of ids."""
        if isinstance(value, (int, re.Pattern)):
            return value
        if isinstance(value, str):
            return self.vocab.strings.add(value)
        return frozenset(self.vocab.strings.add(v) for v in value)

    def get(self, key: Any, default: Any = None) -> tuple[None, list[list[dict]]] | Any:
        key = self._key(key)
        return (None, self._patterns[key]) if key in self._patterns else default

    def remove(self, key: Any) -> None:
        key = self._key(key)
        if key not in self._patterns:
            raise ValueError(f"no patterns under key {key!r}")
        del self._patterns[key]
        for matcher in [self._rest] + [g.matcher for g in self._groups.values()]:
            if key in matcher:
                matcher.remove(key)
        self._arrays = [(k, tests) for k, tests in self._arrays if k != key]
        self._by_values.clear()
        self._array_index = None
        self._groups = {name: g for name, g in self._groups.items() if len(g.matcher)}
        self._index = None

    def __contains__(self, key: Any) -> bool:
        return self._key(key) in self._patterns

    def __len__(self) -> int:
        return len(self._patterns)

    def _array_matches(self, token: dict[str, int]) -> list[int]:
        """Keys of the one-token patterns that a token with these attribute values matches."""
        def holds(name: str, test: str, value: Any) -> bool:
            if test == "==":
                return token[name] == value
            if test == "REGEX":
                return value.search(self.vocab.strings[token[name]]) is not None
            return (token[name] in value) == (test == "IN")

        if self._array_index is None:
            self._array_index = self._index_arrays()
        by_value, unindexed = self._array_index
        candidates = [n for name, table in by_value.items() for n in table.get(token[name], ())]
        return [self._arrays[n][0] for n in sorted(set(candidates) | unindexed)
                if all(holds(*t) for t in self._arrays[n][1])]

    def _index_arrays(self) -> tuple[dict[str, dict[int, list[int]]], set[int]]:
        """One-token patterns by a value they require, so a token is tested against few of them."""
        by_value: dict[str, dict[int, list[int]]] = {}
        unindexed: set[int] = set()
        for n, (_, tests) in enumerate(self._arrays):
            required = [(name, test, value) for name, test, value in tests if test in ("==", "IN")]
            if not required:
                unindexed.add(n)
                continue
            name, test, value = min(required, key=lambda t: INDEX_PREFERENCE.index(t[0])
                                    if t[0] in INDEX_PREFERENCE else len(INDEX_PREFERENCE))
            table = by_value.setdefault(name, {})
            for v in ([value] if test == "==" else value):
                table.setdefault(v, []).append(n)
        return by_value, unindexed

    def _build_index(self) -> dict[str, tuple[Any, dict[int, list[_Group]]]]:
        """Per anchor attribute: the array of anchor word ids, and each word's groups."""
        import numpy

        index: dict[str, dict[int, list[_Group]]] = {}
        for group in self._groups.values():
            by_word = index.setdefault(group.attr, {})
            for word in sorted(set(group.words)):
                by_word.setdefault(self.vocab.strings.add(word), []).append(group)
        return {attr: (numpy.fromiter(by_word, dtype="uint64", count=len(by_word)), by_word)
                for attr, by_word in index.items()}

    def __call__(self, doc: Any, allow_missing: bool = False, as_spans: bool = False,
                 **kwargs: Any) -> list[tuple[int, int, int]]:
        """All (key, start, end) matches of every pattern in ``doc``, like ``Matcher.__call__``."""
        import numpy
        from spacy.attrs import IDS

        if as_spans or kwargs:
            raise TypeError("FastMatcher returns (key, start, end) tuples only")
        if self._index is None:
            self._index = self._build_index()
            self._tested = sorted({a for _, tests in self._arrays for a, _, _ in tests})
            self._columns = sorted(set(self._tested) | set(self._index))
        out = list(self._rest(doc, allow_missing=allow_missing)) if len(self._rest) else []
        if not len(doc) or not (self._index or self._arrays):
            return out
        tested, names = self._tested, self._columns
        column = {name: n for n, name in enumerate(names)}
        values = doc.to_array([IDS[name] for name in names]).reshape(len(doc), len(names))
        if tested:
            if len(self._by_values) > MAX_REMEMBERED:
                self._by_values.clear()
            for i, row in enumerate(values[:, [column[name] for name in tested]].tolist()):
                row = tuple(row)
                keys = self._by_values.get(row)
                if keys is None:
                    keys = self._by_values[row] = self._array_matches(dict(zip(tested, row, strict=True)))
                out.extend((key, i, i + 1) for key in keys)
        for attr, (keys, by_word) in self._index.items():
            col = values[:, column[attr]]
            for i in numpy.flatnonzero(numpy.isin(col, keys)).tolist():
                for group in by_word[int(col[i])]:
                    first = i - group.offset
                    if first < 0:
                        continue
                    window = doc[first:min(len(doc), first + group.length)]
                    out.extend((key, first, first + end) for key, start, end in group.matcher(window) if start == 0)
        return out


__all__ = ["FastMatcher", "max_length"]
