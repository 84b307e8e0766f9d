"""Refusing regular expressions that can take exponential time, before they are ever run.

A user pattern such as ``{TEXT: {REGEX: "^(a+)+$"}}`` makes Python's
backtracking engine try every way of splitting a long token between the two
quantifiers: a token of 30 ``a``s and a ``!`` takes minutes, one of 100 takes
longer than the universe. spaCy's Matcher runs such a regex on every token with
no time limit, so evfacts refuses it when the pattern file is loaded (the
``regex`` package's timeouts cannot be used: spaCy compiles with ``re``).

The check is the classic one: a quantifier that can repeat more than once,
applied to something that itself holds such a quantifier, where at least one
of the two is unbounded (``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``, ``(a{1,9})+``).
Possessive quantifiers and atomic groups never backtrack and are allowed.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT}
_UNBOUNDED = _sre.MAXREPEAT


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (invalid, or open to catastrophic backtracking), or None."""
    try:
        parsed = _sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"invalid regular expression {pattern!r}: {exc}"
    if _nested(parsed, outer=None):
        return (f"regular expression {pattern!r} nests one repetition inside another (as in '(a+)+'), "
                "which can take exponential time on a long token; rewrite it without the nesting "
                "(e.g. '^a+$') or make the inner one possessive ('(a++)+')")
    return None


def _nested(items: Any, outer: tuple[int, int] | None) -> bool:
    """Whether a repeat with more than one repetition lies inside ``outer``, one of the two unbounded."""
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            if high > 1 and outer is not None and _UNBOUNDED in (high, outer[1]):
                return True
            if _nested(body, (low, high) if high > 1 else outer):
                return True
        elif op == _sre.SUBPATTERN:
            if _nested(arg[-1], outer):
                return True
        elif op == _sre.BRANCH:
            if any(_nested(branch, outer) for branch in arg[1]):
                return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            if _nested(arg[1], outer):
                return True
        # POSSESSIVE_REPEAT and ATOMIC_GROUP (3.11+) never backtrack into their bodies: safe
    return False
