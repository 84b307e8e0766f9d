"""The stand-ins for the model's components: identical annotations, or the NER only where names are."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from evfacts.nlp.selective_ner import SelectiveNER, name_tokens, runs
from evfacts.nlp.speedups import CachedLemmatizer, FastAttributeRuler

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.md"))]


@pytest.fixture(scope="module")
def raw(extractor):
    """The same model as loaded by spaCy, without evfacts' changes."""
    return spacy.load(extractor.model_name)


def test_the_stand_ins_are_installed(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    assert isinstance(nlp.get_pipe("ner"), SelectiveNER)


def test_tags_parts_of_speech_morphology_and_lemmas_are_identical_to_the_model(nlp, raw, texts):
    ours = nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    with ours:
        mine = list(nlp.pipe(texts))
    with raw.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]):
        theirs = list(raw.pipe(texts))
    assert len(mine) == len(texts) > 5
    for a, b in zip(mine, theirs, strict=True):
        assert [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in a] \
            == [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in b]


def test_lemmas_are_the_same_when_asked_twice(nlp):
    first = [t.lemma_ for t in nlp("Deliveries began as the plants were building more cars.")]
    again = [t.lemma_ for t in nlp("Deliveries began as the plants were building more cars.")]
    assert first == again and "begin" in first and "build" in first and "plant" in first


def test_ner_reads_only_around_names_the_gazetteer_does_not_know(nlp):
    text = ("Tesla said output rose.\n\nThe company expects 500,000 units next year.\n\n"
            "Jorge Almeida, a former Renault engineer, joined Voltaro Motors, a Chinese startup, in March.")
    with nlp.select_pipes(enable=nlp.pipe_names[:nlp.pipe_names.index("ner")]):
        before = nlp(text)
    third = list(before.sents)[2]
    names = [before[i].text for i in name_tokens(before)]
    assert names == ["Jorge", "Almeida", "Voltaro", "Motors", "Chinese", "March"]  # not Tesla nor Renault
    assert runs(before) == [(third.start, third.end - 1)]  # one stretch: the names are close together
    labels = {e.text: e.label_ for e in nlp(text).ents}
    assert labels.get("Jorge Almeida") == "PERSON"
    assert labels.get("Chinese") == "NORP"
    assert labels.get("Tesla") == "ORG"  # the gazetteer's entity is kept
    assert "500,000" not in labels and "next year" not in labels  # the NER never read that sentence


def test_around_names_it_finds_what_the_full_ner_finds(nlp, texts):
    from spacy.tokens import DocBin

    before_ner = nlp.pipe_names[:nlp.pipe_names.index("ner")]
    with nlp.select_pipes(enable=before_ner):
        docs = list(nlp.pipe(texts))
    data = DocBin(docs=docs).to_bytes()
    selective, full = (list(DocBin().from_bytes(data).get_docs(nlp.vocab)) for _ in range(2))
    read = [runs(doc) for doc in selective]
    preset = [{(e.start, e.end, e.label_) for e in doc.ents} for doc in selective]
    ner = nlp.get_pipe("ner")
    list(ner.pipe(selective))
    list(ner.ner.pipe(full))
    agree = total = 0
    for mine, theirs, ranges, before in zip(selective, full, read, preset, strict=True):
        inside = {i for start, end in ranges for i in range(start, end)}

        def outside(entities, inside=inside):
            return {(s, e, label) for s, e, label in entities if not inside & set(range(s, e))}

        for start, end in ranges:
            a = {(e.start, e.end, e.label_) for e in mine.ents if start <= e.start < end}
            b = {(e.start, e.end, e.label_) for e in theirs.ents if start <= e.start < end}
            agree, total = agree + len(a & b), total + len(a | b)
        # elsewhere only the entities set before the NER
        assert outside((e.start, e.end, e.label_) for e in mine.ents) == outside(before)
    assert sum(len(r) for r in read) > 20 and total > 100
    assert agree / total >= 0.99, f"{agree} of {total} entities agree"
