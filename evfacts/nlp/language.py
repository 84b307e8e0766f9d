"""Does an article read as English? A cheap check, so that a German or Japanese article gets a
warning instead of silently giving no facts (evfacts' model and patterns read English only).

No language model is loaded for this: English prose is about one third stop
words ("the", "of", "has", "will"), other languages written in Latin letters
share few of them (German and Dutch prose scores under 0.1), and a text in
another script has few Latin letters at all. Only prose counts: a spec sheet's
table rows ("Battery: 77 kWh LFP") have no stop words in any language.
"""

from __future__ import annotations

import re
from collections.abc import Collection

#: Below this share of the model's stop words, prose is not English (English press: 0.3 and up).
MIN_STOP_SHARE = 0.15
#: Prose words needed for a verdict; a shorter text is not judged.
MIN_WORDS = 40
#: A line of prose has at least this many words (a table row or a heading has fewer).
PROSE_LINE_WORDS = 8
#: Letters needed to judge the script, and the share of them that must be Latin.
MIN_LETTERS = 100
MIN_LATIN_SHARE = 0.5

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")


def language_warning(text: str, stop_words: Collection[str]) -> str | None:
    """A warning if ``text`` does not read as the language of ``stop_words`` (English), else None."""
    letters = len(_LETTER.findall(text))
    if letters >= MIN_LETTERS:
        latin = len(_LATIN.findall(text)) / letters
        if latin < MIN_LATIN_SHARE:
            return (f"this text does not look like English (only {latin:.0%} of its letters are Latin); "
                    "evfacts reads English articles, so expect few or no facts")
    words: list[str] = []
    for line in text.splitlines():
        line_words = _WORD.findall(line.lower())
        if len(line_words) >= PROSE_LINE_WORDS:
            words += line_words
    if len(words) < MIN_WORDS:
        return None
    share = sum(w in stop_words for w in words) / len(words)
    if share < MIN_STOP_SHARE:
        return (f"this text does not look like English (only {share:.0%} of its words are common English "
                "words such as 'the' or 'has'); evfacts reads English articles, so expect few or no facts")
    return None
