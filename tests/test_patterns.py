"""evfacts.patterns and trigger validation: every mistake names file, line and pattern.

Trigger files are validated against the shared extractor's real spaCy
vocabulary with :func:`evfacts.nlp.pipeline.trigger_patterns`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from evfacts.patterns import (
    PATTERNS_ENV,
    LineDict,
    PatternError,
    default_patterns_dir,
    load_patterns,
    load_yaml,
)
from evfacts.nlp.pipeline import trigger_patterns, trigger_requirements


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def user_triggers(folder: Path, body: str, name: str = "mine.yaml"):
    """Load one user triggers file (no defaults) and return (path, its PatternFiles)."""
    path = write(folder, name, "kind: triggers\ntype: battery\ntriggers:\n" + textwrap.dedent(body))
    return path, load_patterns([path], include_defaults=False).of_kind("triggers")


# ----- default folder -------------------------------------------------------------------


def test_default_patterns_dir_has_every_kind():
    folder = default_patterns_dir()
    assert folder.is_dir()
    pset = load_patterns(include_defaults=True)
    kinds = {f.kind for f in pset.files}
    assert {"triggers", "gazetteer", "dates", "units", "lexicon"} <= kinds
    assert all(Path(f.path).is_relative_to(folder) for f in pset.files)


def test_default_triggers_are_valid(nlp):
    pset = load_patterns(include_defaults=True)
    patterns = trigger_patterns(pset.of_kind("triggers"), nlp)
    assert patterns
    assert all(set(p) == {"label", "pattern", "id"} for p in patterns)
    assert all(":" in p["label"] for p in patterns)


# ----- load_patterns ---------------------------------------------------------------------


def test_extra_dir_added_after_defaults(tmp_path, clean_env):
    user = write(tmp_path, "sub/extra.yaml", """\
        kind: gazetteer
        organizations:
          - name: Zorblax Motors
    """)
    write(tmp_path, "sub/readme.txt", "not a pattern file")
    defaults = load_patterns()
    pset = load_patterns([tmp_path])
    assert len(pset.files) == len(defaults.files) + 1
    last = pset.files[-1]
    assert Path(last.path) == user and last.kind == "gazetteer"
    assert last.data["organizations"][0]["name"] == "Zorblax Motors"
    assert pset.of_kind("gazetteer")[-1] is last


def test_extra_single_file(tmp_path, clean_env):
    path = write(tmp_path, "one.yml", "kind: units\n")
    pset = load_patterns([path], include_defaults=False)
    assert [(Path(f.path), f.kind) for f in pset.files] == [(path, "units")]


def test_env_variable_adds_a_folder(tmp_path, clean_env):
    write(tmp_path, "envpat.yaml", "kind: lexicon\nlists: {mine: [word]}\n")
    clean_env.setenv(PATTERNS_ENV, str(tmp_path))
    pset = load_patterns(include_defaults=False)
    assert [f.kind for f in pset.files] == ["lexicon"]


def test_missing_extra_folder_is_an_error(tmp_path, clean_env):
    with pytest.raises(PatternError, match="no such pattern file or folder") as info:
        load_patterns([tmp_path / "nowhere"], include_defaults=False)
    assert "nowhere" in str(info.value)


def test_empty_file_is_skipped(tmp_path, clean_env):
    write(tmp_path, "empty.yaml", "# only a comment\n")
    assert load_patterns([tmp_path], include_defaults=False).files == []


def test_yaml_syntax_error_names_file_and_line(tmp_path, clean_env):
    path = write(tmp_path, "broken.yaml", """\
        kind: triggers
        type: battery
        triggers:
          - id: broken.one: two
            label: range
    """)
    with pytest.raises(PatternError) as info:
        load_patterns([tmp_path], include_defaults=False)
    err = info.value
    assert err.path == str(path)
    assert err.line == 4
    assert f"{path}:4" in str(err)
    assert "invalid YAML" in str(err)


def test_yaml_error_line_in_a_later_line(tmp_path, clean_env):
    path = write(tmp_path, "late.yaml", "kind: lexicon\nwords:\n  - a\n  - b\n\tbad: tab\n")
    with pytest.raises(PatternError) as info:
        load_yaml(path)
    assert info.value.line == 5
    assert str(path) in str(info.value)


def test_file_without_kind_names_the_file(tmp_path, clean_env):
    path = write(tmp_path, "nokind.yaml", "type: battery\ntriggers: []\n")
    with pytest.raises(PatternError, match="missing 'kind'") as info:
        load_patterns([tmp_path], include_defaults=False)
    assert str(path) in str(info.value)


def test_file_that_is_a_list_names_the_file(tmp_path, clean_env):
    path = write(tmp_path, "list.yaml", "- kind: triggers\n")
    with pytest.raises(PatternError, match="mapping") as info:
        load_patterns([tmp_path], include_defaults=False)
    assert str(path) in str(info.value)


def test_yaml12_booleans_bare_words_stay_strings(tmp_path):
    path = write(tmp_path, "words.yaml", """\
        kind: lexicon
        words: [on, off, no, yes, On, NO, y, n, true, false]
        on: production on
    """)
    data = load_yaml(path)
    assert data["words"] == ["on", "off", "no", "yes", "On", "NO", "y", "n", True, False]
    assert data["on"] == "production on"


def test_mappings_remember_their_line(tmp_path):
    path = write(tmp_path, "lines.yaml", """\
        kind: triggers
        triggers:
          - id: first
          - id: second
    """)
    data = load_yaml(path)
    assert isinstance(data, LineDict) and data.line == 1
    assert [t.line for t in data["triggers"]] == [3, 4]


# ----- trigger validation ----------------------------------------------------------------


def test_valid_user_triggers(tmp_path, nlp):
    _, files = user_triggers(tmp_path, """\
      - id: mine.phrase
        label: charging
        phrase: [Zorblax Charger, zap]
      - id: mine.pattern
        label: range
        pattern: [{LOWER: zorb}, {IS_DIGIT: true}]
        requires: [vehicle, future]
    """)
    patterns = trigger_patterns(files, nlp)
    # phrases become PhraseMatcher phrases (the span ruler matches them on LOWER), patterns stay token patterns
    assert patterns == [
        {"label": "battery:charging", "pattern": "Zorblax Charger", "id": "mine.phrase"},
        {"label": "battery:charging", "pattern": "zap", "id": "mine.phrase"},
        {"label": "battery:range", "pattern": [{"LOWER": "zorb"}, {"IS_DIGIT": True}], "id": "mine.pattern"},
    ]
    from spacy.pipeline import SpanRuler

    ruler = SpanRuler(nlp, spans_key="t", phrase_matcher_attr="LOWER")
    ruler.add_patterns(patterns)
    doc = ruler(nlp.make_doc("The ZORBLAX charger can Zap a Zorb 5 pack."))
    assert sorted((s.text, s.id_) for s in doc.spans["t"]) == [
        ("ZORBLAX charger", "mine.phrase"), ("Zap", "mine.phrase"), ("Zorb 5", "mine.pattern")]
    assert trigger_requirements(files) == {"mine.pattern": frozenset({"vehicle", "future"})}


def test_invalid_token_pattern_names_file_line_and_id(tmp_path, nlp):
    path, files = user_triggers(tmp_path, """\
      - id: mine.ok
        label: range
        phrase: range
      - id: mine.bad
        label: range
        pattern: [{LOWERR: x}]
    """)
    with pytest.raises(PatternError) as info:
        trigger_patterns(files, nlp)
    err = info.value
    assert err.path == str(path)
    assert err.line == 7          # the "- id: mine.bad" line (3 header lines + 3 + 1)
    assert err.pattern_id == "mine.bad"
    message = str(err)
    assert f"{path}:7" in message and "'mine.bad'" in message
    assert "invalid spaCy token pattern" in message
    assert "LOWERR" in message    # the reason, not only spaCy's header


def test_duplicate_trigger_id_in_one_file(tmp_path, nlp):
    path, files = user_triggers(tmp_path, """\
      - id: mine.twice
        label: range
        phrase: range
      - id: mine.twice
        label: range
        phrase: ranges
    """)
    with pytest.raises(PatternError, match="duplicate trigger id") as info:
        trigger_patterns(files, nlp)
    assert info.value.line == 7 and info.value.pattern_id == "mine.twice"
    assert str(path) in str(info.value)


def test_duplicate_of_a_default_trigger_id(tmp_path, nlp, clean_env):
    defaults = load_patterns().of_kind("triggers")
    taken = next(t["id"] for f in defaults for t in f.data["triggers"])
    path = write(tmp_path, "clash.yaml", f"""\
        kind: triggers
        type: battery
        triggers:
          - id: {taken}
            label: range
            phrase: zorblax
    """)
    files = load_patterns([path]).of_kind("triggers")
    with pytest.raises(PatternError, match="duplicate trigger id") as info:
        trigger_patterns(files, nlp)
    assert info.value.path == str(path) and info.value.pattern_id == taken


@pytest.mark.parametrize("requires, message", [
    ("[vehicle, tomorrow]", "unknown requirement(s) ['tomorrow']"),
    ("vehicle", "valid list"),
    ("[Vehicle]", "unknown requirement(s) ['Vehicle']"),
    ("[[start]]", "valid string"),
])
def test_bad_requires_value(tmp_path, requires, message):
    """Checked by the pattern schema as the file is loaded, with file, line and what is wrong."""
    with pytest.raises(PatternError) as info:
        user_triggers(tmp_path, f"""\
      - id: mine.req
        label: range
        phrase: range
        requires: {requires}
    """)
    assert info.value.line == 7 and message in str(info.value)
    assert str(tmp_path / "mine.yaml") in str(info.value)


@pytest.mark.parametrize("entry, line, message", [
    ("- id: mine.x\n  label: range\n", 4, "exactly one of 'phrase' or 'pattern'"),
    ("- id: mine.x\n  label: range\n  phrase: a\n  pattern: [{LOWER: a}]\n", 4, "exactly one of"),
    ("- id: mine.x\n  phrase: a\n", 4, "label: Field required"),
    ("- label: range\n  phrase: a\n", 4, "id: Field required"),
    ("- id: [mine.x, mine.y]\n  label: range\n  phrase: a\n", 4, "id: Input should be a valid string"),
    ("- id: mine.x\n  label: range\n  phrase: a\n  colour: red\n", 7, "colour: unknown key"),
    ("- id: mine.x\n  label: range\n  pattern: []\n", 6, "at least 1 item"),
    ("- id: mine.x\n  label: range\n  phrase: [a, '']\n", 6, "phrase[1]: String should have at least 1 character"),
    ("- just a string\n", 4, "valid dictionary"),
])
def test_malformed_trigger_entries(tmp_path, entry, line, message):
    """The line is the offending value's own, not only its entry's."""
    with pytest.raises(PatternError) as info:
        user_triggers(tmp_path, textwrap.indent(entry, "  "))
    assert message in str(info.value) and str(tmp_path / "mine.yaml") in str(info.value)
    assert info.value.line == line


def test_blank_phrase_is_refused(tmp_path, nlp):
    path, files = user_triggers(tmp_path, "  - {id: mine.x, label: range, phrase: '  '}\n")
    with pytest.raises(PatternError, match="blank") as info:
        trigger_patterns(files, nlp)
    assert info.value.pattern_id == "mine.x" and str(path) in str(info.value)


@pytest.mark.parametrize("body, line, message", [
    ("kind: triggers\ntriggers: []\n", 1, "type: Field required"),
    ("kind: triggers\ntype: battery\n", 1, "triggers: Field required"),
    ("kind: triggers\ntype: launch_datez\ntriggers: []\n", 2, "'launch_date', 'production_target'"),
    ("kind: triggerz\ntype: battery\ntriggers: []\n", 1, "unknown kind 'triggerz'"),
    ("kind: triggers\ntype: battery\ntriggers: []\nrules: []\n", 4, "rules: unknown key"),
    ("kind: lexicon\nlists:\n  a: [x, 1]\n", 3, "lists.a[1]: Input should be a valid string"),
    ("kind: units\nrates:\n  - {rate: fortnightly}\n", 3, "rates[0].rate"),
    ("kind: dates\nmonths: {1: {names: January}}\nweekdays: [Monday]\n", 3, "weekdays"),
    ("kind: gazetteer\nmodels:\n  - {name: Rocket, brand: [A, B]}\n", 3, "models[0].brand"),
])
def test_every_kind_is_checked_against_the_schema(tmp_path, clean_env, body, line, message):
    path = write(tmp_path, "bad.yaml", body)
    with pytest.raises(PatternError) as info:
        load_patterns([path], include_defaults=False)
    assert info.value.path == str(path) and info.value.line == line, str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize("regex", ["^(a+)+$", "(a*)*b", r"(\\w+\\s?)*$", "(x|y{1,9})+"])
def test_catastrophic_regex_is_refused_at_load_time(tmp_path, clean_env, regex):
    path = write(tmp_path, "redos.yaml", f"""\
        kind: triggers
        type: battery
        triggers:
          - id: mine.redos
            label: range
            pattern: [{{TEXT: {{REGEX: '{regex}'}}}}]
    """)
    with pytest.raises(PatternError, match="nests one repetition inside another") as info:
        load_patterns([path], include_defaults=False)
    assert info.value.path == str(path) and info.value.line == 6


def test_safe_regexes_are_accepted(tmp_path, clean_env):
    path = write(tmp_path, "fine.yaml", """\
        kind: triggers
        type: battery
        triggers:
          - {id: mine.a, label: range, pattern: [{TEXT: {REGEX: '^a+$'}}]}
          - {id: mine.b, label: range, pattern: [{LOWER: {REGEX: '^(ab)+c?$'}}]}
          - {id: mine.c, label: range, pattern: [{TEXT: {REGEX: '^(a++)+$'}}]}
    """)
    assert len(load_patterns([path], include_defaults=False).of_kind("triggers")) == 1


def test_every_default_pattern_file_fits_the_schema(clean_env):
    from evfacts.pattern_schema import validate

    for pf in load_patterns().files:
        assert validate(pf.data) == [], pf.path


