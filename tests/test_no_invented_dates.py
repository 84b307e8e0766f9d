"""No invented dates (issue 15): without a publication date or --reference-date nothing is dated from today.

A headline "BYD launches Seal in Europe" with no front matter became a launch
in the month the tool ran. Now a fact whose text states no date, or only a
relative one, gets no date, and a launch_date needs one; dates the text
states in full still work. ``date:`` front matter (Hugo, Jekyll) and common
date strings are read as the publication date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from evfacts.documents import Document, parse_document
from evfacts.normalize.dates import DateNormalizer


def _launches(extractor, text: str, published=None) -> list[tuple[str, str, str]]:
    (result,) = extractor.extract_documents([Document(path="a.md", body=text, published=published)])
    return [(f.subject, f.values["event"], f.values["date"]) for f in result.facts if f.type == "launch_date"]


def test_a_milestone_told_as_done_gets_no_date_without_a_reference(extractor):
    text = "BYD launches Seal in Europe\n"
    assert _launches(extractor, text) == []
    assert _launches(extractor, text, published=dt.date(2024, 5, 1)) == [("Seal", "launch", "2024-05")]


def test_relative_dates_resolve_to_nothing_without_a_reference(extractor):
    text = "Kia will begin production of the EV5 next month."
    assert _launches(extractor, text) == []
    assert _launches(extractor, text, published=dt.date(2024, 5, 1)) == [("EV5", "production", "2024-06")]


def test_dates_stated_in_full_still_work_without_a_reference(extractor):
    assert _launches(extractor, "Kia will begin production of the EV5 in March 2025.") == [
        ("EV5", "production", "2025-03")]


def test_the_warning_says_no_date_was_made_up(extractor):
    (result,) = extractor.extract_documents([Document(path="a.md", body="The EV5 has an 88 kWh battery.")])
    assert any("no publication date" in w and "give no fact" in w for w in result.warnings)
    assert not any("today" in w for w in result.warnings)


@pytest.mark.parametrize("sentence, expected", [
    ("Deliveries start next month.", []),
    ("Deliveries start in June.", []),
    ("Deliveries start on Thursday.", []),
    ("Deliveries start in the second half.", []),
    ("Deliveries start in June 2025.", [("June 2025", "2025-06")]),
    ("Deliveries start between March and May 2025.", [("between March and May 2025", "2025-03")]),
])
def test_the_normalizer_without_a_reference(sentence, expected):
    found = DateNormalizer.default().find(sentence, None, "future")
    assert [(m.text, m.value) for m in found] == expected


@pytest.mark.parametrize("front, expected", [
    ("date: 2024-05-01", dt.date(2024, 5, 1)),                       # Hugo / Jekyll
    ("date: 2024-05-01T10:00:00Z", dt.date(2024, 5, 1)),
    ('date: "2024-05-01T10:00:00+02:00"', dt.date(2024, 5, 1)),
    ("published: May 1, 2024", dt.date(2024, 5, 1)),
    ("date: Wed, 01 May 2024 10:00:00 +0000", dt.date(2024, 5, 1)),
    ("published: 1 May 2024\ndate: 2023-01-01", dt.date(2024, 5, 1)),  # 'published' first
    ("published: May 2024", None),                                   # no day: not a publication date
])
def test_front_matter_dates(front, expected):
    document = parse_document("a.md", f"---\n{front}\n---\nBody.\n")
    assert document.published == expected
    if expected is None:
        assert any("is not a date" in w for w in document.warnings)
