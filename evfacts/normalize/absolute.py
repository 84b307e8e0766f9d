"""Absolute dates read by dateparser: the calendar arithmetic evfacts does not hand-write.

The date grammar (:mod:`evfacts.normalize.dates`) finds a date expression and
knows its context (bound words, ranges, tense); the text of an absolute day
it finds ("7/15/24", "15/07/2024", "2024-07-15", "Sept. 9, 2026", "the 9th of
September") is turned into a day here, by dateparser, as are the publication
dates of front matter ("May 1, 2024", "2024-05-01T10:00:00Z").

Settings are explicit, so a result never depends on the machine or the day:

* English only (``languages=['en']``); no language detection.
* Numeric day/month order: the first number is the day when it is over 12
  ("15/07/2024"), else the month ("7/15/24", and the ambiguous "03/04/2024"
  is March 4: the US order, the English press's most common one).
* Two-digit years are 20YY (dateparser's own rule for these).
* A day without a year is parsed against a fixed leap year (2000, so that
  "February 29" is a day); the caller decides the year from its context.
* dateparser's relative-time parser is off, and only absolute expressions
  are handed to it: relative ones ("next Friday") are the grammar's, against
  the article's own reference date, never today.

Parsers are built once per day order and results are cached by text: the same
expressions recur across a corpus, and dateparser's parse is slower than a regex.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

#: The year a yearless day is parsed in; a leap year, so February 29 exists.
YEARLESS_BASE = dt.datetime(2000, 1, 1)
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.]\s*\d{1,2}\s*[/.]\s*\d{2,4}")


@functools.lru_cache(maxsize=4)
def _parser(order: str):
    """A dateparser parser for one day order, built once (its setup is the slow part)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "DATE_ORDER": order,
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "current_period",
        "RELATIVE_BASE": YEARLESS_BASE,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # never "relative-time"
    })


def _order(text: str) -> str:
    """Day first when a numeric date's first number cannot be a month, else month first (US)."""
    m = _NUMERIC.search(text)
    return "DMY" if m and int(m.group(1)) > 12 else "MDY"


@functools.lru_cache(maxsize=4096)
def parse_day(text: str) -> dt.date | None:
    """The day ``text`` names, or None where it names no single day (dateparser reads it at day precision)."""
    data = _parser(_order(text)).get_date_data(text)
    if data is None or data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()


def parse_published(value: str) -> dt.date | None:
    """A front-matter date string ("May 1, 2024", "2024-05-01T10:00:00Z") as a day; None if it names none.

    Only a full date counts: "May 2024" is no publication day.
    """
    text = value.strip()
    if not text or not re.search(r"\d{4}", text):  # a year must be written: nothing is filled in from today
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return parse_day(text)
