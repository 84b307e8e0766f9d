"""The cast: people, organizations and places decided per article (evfacts/cast.py).

Every name here is invented, so the gazetteer cannot help: the label must come
from the article's own evidence. Each case gives a text, a name written in it
and the entity label every mention of that name must carry afterwards.
"""

from __future__ import annotations

import pytest

CASES = [
    pytest.param("British commercial EV start-up Corvane has made its first van. Corvane said in May that it "
                 "would build 20 vans this year.", "Corvane", "ORG", id="start-up-descriptor"),
    pytest.param("The first vans will go to logistics firm and Corvane investor Parcelon after a trial. "
                 "Parcelon said the trial went well.", "Parcelon", "ORG", id="investor-descriptor"),
    pytest.param("Quintar's chief executive Jane Roe said the plant was ready. Roe added that hiring had begun.",
                 "Roe", "PERSON", id="surname-of-a-person-named-in-full"),
    pytest.param("Platforms boss Tom Kessling told reporters the layoffs were over. \"It has been a hard year,\" "
                 "said Kessling.", "Kessling", "PERSON", id="surname-after-said"),
    pytest.param("Holmvik has secured a $160 million round. Holmvik says its chassis costs less than a diesel "
                 "truck. The round brings Holmvik's total capital raised to $358 million.",
                 "Holmvik", "ORG", id="its-and-capital"),
    pytest.param("Norra Trucks has made the first van at its plant in Bexworth, Oxfordshire. The Bexworth "
                 "factory will build 20 vans this year.", "Bexworth", "GPE", id="town-with-county"),
    pytest.param("Investors in the round included Marrow Capital and Ostrava Partners.",
                 "Marrow Capital", "ORG", id="corporate-word"),
    pytest.param("\"We are ready,\" said Lena Varga, the company's head of production.",
                 "Lena Varga", "PERSON", id="given-name"),
    pytest.param("Chen Weiming, the founder of Haoyun, said deliveries would start soon.",
                 "Chen Weiming", "PERSON", id="family-name-first"),
]


@pytest.mark.parametrize("text, name, label", CASES)
def test_cast_labels(nlp, text: str, name: str, label: str) -> None:
    doc = nlp(text)
    found = [(e.text, e.label_) for e in doc.ents if e.text == name]
    assert found, f"{name!r} is not an entity: {[(e.text, e.label_) for e in doc.ents]}"
    assert {lab for _, lab in found} == {label}, found


def test_a_company_mentioned_by_a_place_preposition_stays_a_company(nlp) -> None:
    """"A stake in X" or "invested in X" is not a place: the "in" is the investment's."""
    doc = nlp("Brightwater holds a stake in Corvane. Brightwater invested $50 million in Corvane last year, "
              "and Corvane's board welcomed it.")
    assert {e.label_ for e in doc.ents if e.text == "Corvane"} == {"ORG"}


def test_known_names_keep_their_labels(nlp) -> None:
    """Gazetteer entities are settled: the cast never relabels them."""
    doc = nlp("In Tesla, engineers work long hours. Tesla said its Berlin plant is ready.")
    assert {e.label_ for e in doc.ents if e.text == "Tesla"} == {"ORG"}
