"""Text from articles, claims and file names made safe to show on a terminal.

An article's title, a claim or a file name may carry terminal escape
sequences (``\\x1b]0;pwned\\x07`` retitles the window, ``\\x1b[2J`` clears the
screen) or bidirectional overrides that reorder what a person reads. Data
formats (JSON, JSONL, CSV) keep the text exactly, escaped by their own rules;
everything printed for a person (the tables, messages on stderr) goes through
:func:`printable` first.
"""

from __future__ import annotations

import re

# C0 and C1 control characters (ESC, BEL, CSI...), DEL, and the bidirectional
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n]")


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` without control characters; tabs and line breaks become spaces unless ``keep_newlines``.

    An escape sequence loses its ESC and becomes harmless visible text
    (``]0;pwned``), which also shows the reader that something was there.
    """
    text = _CONTROL.sub("", text)
    return text if keep_newlines else _LINE_BREAKS.sub(" ", text)
