"""YAML from files a user does not control: front matter, claims files, gold files, patterns.

PyYAML's ``safe_load`` builds no arbitrary objects, but it still expands
aliases: a kilobyte of "billion laughs" (``a: &a [x, x]``, ``b: &b [*a, *a]``,
...) becomes gigabytes of lists before anything can look at it. Its composer
also recurses once per nesting level, so ``[[[[...`` a hundred thousand deep
overflows the stack. :class:`BoundedLoader` refuses both while composing, before
any Python object is built: no article, claims or pattern file needs an alias
or more than :data:`MAX_DEPTH` levels.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError

#: The deepest nesting of collections accepted (real files use a handful).
MAX_DEPTH = 64


class BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that rejects aliases and collections nested deeper than :data:`MAX_DEPTH`."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, "aliases (*name) are not allowed here", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"collections nested more than {MAX_DEPTH} deep",
                                self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load(text: str) -> Any:
    """Parse one YAML document with :class:`BoundedLoader`; errors are ``yaml.YAMLError``."""
    return yaml.load(text, Loader=BoundedLoader)  # noqa: S506 - BoundedLoader is a SafeLoader
