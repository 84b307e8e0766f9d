"""evfacts.nlp.pipeline: model choice, model errors, the evfacts components, line breaks."""

from __future__ import annotations

import importlib.util

import pytest

from evfacts.nlp import pipeline
from evfacts.nlp.pipeline import (
    DEFAULT_MODELS,
    MODEL_ENV,
    TRIGGERS_KEY,
    ModelError,
    build_pipeline,
    choose_model,
    load_model,
)

COMPONENTS = ("evfacts_lines", "evfacts_gazetteer", "evfacts_models", "evfacts_triggers")


# ----- choosing and loading a model ----------------------------------------------------


def test_choose_model_explicit_name_wins(clean_env):
    clean_env.setenv(MODEL_ENV, "from_the_env")
    assert choose_model("named_one") == "named_one"


def test_choose_model_env_when_no_name(clean_env):
    clean_env.setenv(MODEL_ENV, "from_the_env")
    assert choose_model() == "from_the_env"
    assert choose_model(None) == "from_the_env"


def test_choose_model_installed_default(clean_env):
    chosen = choose_model()
    assert chosen in DEFAULT_MODELS
    assert importlib.util.find_spec(chosen) is not None
    # The first installed default, in order.
    assert chosen == next(m for m in DEFAULT_MODELS if importlib.util.find_spec(m) is not None)


def test_choose_model_none_installed_says_how_to_install(clean_env, monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_MODELS", ("no_such_pkg_aaa", "no_such_pkg_bbb"))
    with pytest.raises(ModelError) as info:
        choose_model()
    message = str(info.value)
    assert "pip install" in message
    assert "--model" in message and MODEL_ENV in message


def test_load_model_missing_is_model_error():
    with pytest.raises(ModelError) as info:
        load_model("no_such_pipeline_xyz")
    message = str(info.value)
    assert "'no_such_pipeline_xyz'" in message
    assert "Install" in message
    assert "--model" in message


def test_model_without_parser_is_rejected(tmp_path, extractor):
    import spacy

    folder = tmp_path / "blank_en"
    spacy.blank("en").to_disk(folder)
    with pytest.raises(ModelError, match="no parser or sentence recognizer"):
        build_pipeline(str(folder), extractor.patterns, extractor.gazetteer)


# ----- the built pipeline ----------------------------------------------------------------


def test_extractor_uses_the_default_model(extractor, clean_env):
    assert extractor.model_name == choose_model()
    assert extractor.nlp.meta["evfacts"]["model"] == extractor.model_name


def test_pipeline_has_evfacts_components_in_order(nlp):
    names = nlp.pipe_names
    for name in COMPONENTS:
        assert name in names
    first_sentence_component = "parser" if "parser" in names else "senter"
    assert names.index("evfacts_lines") < names.index(first_sentence_component)
    if "ner" in names:
        assert names.index("evfacts_gazetteer") < names.index("ner") < names.index("evfacts_models")
    assert names[-1] == "evfacts_triggers"


def test_line_break_ends_a_sentence(nlp):
    headline = "Kia EV5 arrives with 88 kWh pack"
    body = "Kia will start deliveries of the EV5 next month."
    doc = nlp(f"{headline}\n{body}")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == [headline, body]
    # The same words without the line break run together: the split is the component's doing.
    joined = nlp(f"{headline} {body}")
    assert len(list(joined.sents)) == 1


def test_no_sentence_crosses_a_line_break(nlp):
    # The parser may still split inside a line ("-" of a bullet); it never joins two lines.
    text = "Key specs\n- 77 kWh battery\n- 550 km range\n- 135 kW charging"
    doc = nlp(text)
    assert all("\n" not in s.text.strip() for s in doc.sents)
    line_starts = [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for offset in line_starts:
        token = next(t for t in doc if t.idx == offset)
        assert token.is_sent_start, token.text


def test_blank_lines_do_not_make_empty_sentences(nlp):
    doc = nlp("First line without a period\n\n\nSecond line.")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences == ["First line without a period", "Second line."]


def test_triggers_are_spans_with_type_labels_and_rule_ids(nlp):
    doc = nlp("The EV5 has an 88 kWh battery and a range of 500 km.")
    spans = list(doc.spans[TRIGGERS_KEY])
    assert spans
    allowed = {"launch_date", "production_target", "battery", "stakeholder", "guard"}
    assert all(s.label_.split(":", 1)[0] in allowed for s in spans)
    assert all(s.id_ for s in spans)
    assert any(s.label_.startswith("battery:") for s in spans)


def test_gazetteer_marks_a_known_company(nlp):
    doc = nlp("Volkswagen said on Monday that its new car sells well.")
    assert any(ent.text == "Volkswagen" for ent in doc.ents)


def test_gazetteer_case_rule_and_legal_forms(nlp):
    """Names match whatever their case, but a capitalized name never matches a lowercase word;
    an organization takes a following legal form into its span."""
    doc = nlp("Engineers will seal the pack before BYD ships the Seal. Tesla Inc. and XPENG build EVs.")
    ents = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Seal", "EV_MODEL", "Seal") in ents
    assert not any(e.text == "seal" for e in doc.ents)
    assert ("Tesla Inc.", "ORG", "Tesla") in ents
    assert any(e.text == "XPENG" and e.ent_id_ == "XPeng" for e in doc.ents)
