"""FastMatcher finds exactly what spaCy's Matcher finds, for every kind of pattern it handles."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from evfacts.nlp.matching import FastMatcher, max_length

PATTERNS = {
    # one token, evaluated as arrays
    "tag": [[{"TAG": "NNP"}]],
    "tag_lower": [[{"TAG": "VBD", "LOWER": "said"}], [{"LOWER": {"IN": ["the", "a"]}, "TAG": "DT"}]],
    "not_in": [[{"TAG": {"NOT_IN": ["NN", "NNP", "DT"]}, "IS_SPACE": False}]],
    # anchored on the first token's words
    "maker_code": [[{"LOWER": {"IN": ["tesla", "byd", "kia"]}, "IS_LOWER": False},
                    {"TEXT": {"REGEX": r"^[A-Z]{1,2}\d$"}}]],
    "start_production": [[{"LEMMA": {"IN": ["start", "begin"]}}, {"OP": "{0,3}"}, {"LOWER": "production"}]],
    "rate_of": [[{"LOWER": "at"}, {"LOWER": "a"}, {"LOWER": "rate"}, {"LOWER": "of"}]],
    "optional_tail": [[{"ORTH": "Model"}, {"TEXT": {"REGEX": r"^[A-Z3Y]$"}}, {"LOWER": "long", "OP": "?"}]],
    # not anchored: unbounded, optional first token, regex first token
    "star": [[{"LEMMA": "be"}, {"POS": "ADV", "OP": "*"}, {"TAG": "VBN"}]],
    "optional_first": [[{"LOWER": "the", "OP": "?"}, {"LOWER": "plant"}]],
    "regex_first": [[{"TEXT": {"REGEX": r"^\d+$"}}, {"LOWER": {"IN": ["units", "cars"]}}]],
    "regex_only": [[{"LOWER": {"REGEX": r"^(?:bui|rep)"}}], [{"TEXT": {"REGEX": r"^[A-Z]+$"}}, {"IS_PUNCT": True}]],
    "after_fixed": [[{"IS_DIGIT": True}, {"IS_PUNCT": True, "OP": "?"}, {"LOWER": "units"}],
                    [{"TEXT": {"REGEX": "^[a-z]+$"}}, {"LOWER": "plant"}, {"LOWER": "was", "OP": "?"}]],
    "unbounded_then_anchor": [[{"IS_ALPHA": True, "OP": "+"}, {"LOWER": "production"}]],
}

TEXTS = [
    "Tesla said it began production of the Model Y Long Range at a rate of 5,000 units a week.",
    "BYD will start mass production at the plant in 2025, and Kia EV5 deliveries are expected soon.",
    "The cars were quickly built and the plant was never shipped 300 cars; KIA K5 is not electric.",
    "production started   with 12 units\n\nthe TESLA Model 3 was reportedly begun",
]


def _both(nlp, patterns: dict[str, list]) -> tuple[Matcher, FastMatcher]:
    slow, fast = Matcher(nlp.vocab), FastMatcher(nlp.vocab)
    for key, pats in patterns.items():
        slow.add(key, pats)
        fast.add(key, pats)
    return slow, fast


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_same_matches_as_spacy_for_each_kind_of_pattern(nlp, key):
    slow, fast = _both(nlp, {key: PATTERNS[key]})
    found = 0
    for doc in nlp.pipe(TEXTS):
        expected = sorted(slow(doc))
        assert sorted(fast(doc)) == expected, (key, doc.text)
        found += len(expected)
    assert found, f"no text exercises {key}"


def test_all_patterns_together_and_windows_at_the_end_of_the_doc(nlp):
    slow, fast = _both(nlp, PATTERNS)
    for doc in nlp.pipe(TEXTS + ["at a rate", "Tesla", ""]):
        assert sorted(fast(doc)) == sorted(slow(doc))
        for start in range(0, len(doc), 3):  # a span is matched with offsets relative to its start
            assert sorted(fast(doc[start:])) == sorted(slow(doc[start:]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(["Tesla", "tesla", "Y3", "at", "a", "rate", "of", "start", "began",
                                       "production", "the", "plant", "Model", "Y", "long", "12", "units", ",",
                                       "was", "never", "built", "\n"]), max_size=30))
def test_same_matches_on_arbitrary_word_sequences(nlp, words):
    slow, fast = _both(nlp, PATTERNS)
    doc = nlp(" ".join(words))
    assert sorted(fast(doc)) == sorted(slow(doc))


def test_interface_used_by_spacy_rulers(nlp):
    fast = FastMatcher(nlp.vocab)
    fast.add("rate", PATTERNS["rate_of"])
    fast.add("star", PATTERNS["star"])
    assert "rate" in fast and len(fast) == 2
    assert fast.get("rate")[1] == PATTERNS["rate_of"]
    fast.remove("rate")
    assert "rate" not in fast and not fast(nlp("at a rate of 5 a week"))
    with pytest.raises(TypeError):
        fast(nlp("x"), as_spans=True)


def test_max_length_bounds_every_operator():
    assert max_length([{"LOWER": "a"}, {"OP": "?"}, {"OP": "{0,4}"}, {"OP": "{2}"}]) == 8
    assert max_length([{"LOWER": "a"}, {"OP": "*"}]) is None
    assert max_length([{"LOWER": "a"}, {"OP": "{1,}"}]) is None
    assert max_length([{"LOWER": "a"}, {"OP": "+"}]) is None


def test_the_pipeline_rulers_and_attribute_ruler_use_it(nlp):
    from evfacts.nlp.pipeline import TRIGGERS_KEY

    for name in ("evfacts_gazetteer", TRIGGERS_KEY):
        assert isinstance(nlp.get_pipe(name).matcher, FastMatcher), name
    assert isinstance(nlp.get_pipe("attribute_ruler").ruler.matcher, FastMatcher)
