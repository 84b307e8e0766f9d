"""Which vehicle or company a fact is about (issue 4; rules in evfacts/extractors/context.py).

Each case asserts the (subject, ...) tuples of the launch_date and battery
facts (and, for name cleaning, stakeholder facts) of a short text written for
these tests. Cases the extractor gets wrong today are in ``*_XFAIL`` lists,
marked ``xfail(strict=True)`` so they fail loudly once fixed.
"""

from __future__ import annotations

import datetime as dt

import pytest

PUBLISHED = dt.date(2024, 3, 1)  # a Friday


def milestones(extractor, text: str, published: dt.date = PUBLISHED) -> set[tuple]:
    """(subject, event, date) of the launch_date facts and (subject, spec, value) of the battery facts."""
    out = set()
    for f in extractor.extract_text(text, published=published):
        if f.type == "launch_date":
            out.add((f.subject, f.values["event"], f.values["date"]))
        elif f.type == "battery":
            out.add((f.subject, f.values["spec"], f.values["value"]))
    return out


def stakes(extractor, text: str, published: dt.date = PUBLISHED) -> set[tuple]:
    return {(f.subject, f.values["name"], f.values["role"])
            for f in extractor.extract_text(text, published=published) if f.type == "stakeholder"}


def xfail(*values, reason: str, id: str):
    """A case the extractor gets wrong today; XPASS (a failure) once it is fixed."""
    return pytest.param(*values, id=id, marks=pytest.mark.xfail(strict=True, reason=reason))


SUBJECTS = [
    # -- several models in one sentence: one fact per model
    pytest.param(
        "Production of the Q8 e-tron and the Q8 e-tron Sportback starts in Brussels in December.",
        {("Q8 e-tron", "production", "2024-12"), ("Q8 e-tron Sportback", "production", "2024-12")},
        id="two-models-one-sentence"),
    pytest.param(
        "The Ioniq 5 and the EV6 share a 77.4 kWh battery.",
        {("Ioniq 5", "capacity", 77.4), ("EV6", "capacity", 77.4)},
        id="two-models-share-a-battery"),
    # -- no model in the sentence: the model of the previous sentence of the paragraph
    pytest.param(
        "Kia unveiled the EV3 in Seoul on Tuesday. It will go on sale in July.",
        {("EV3", "unveil", "2024-02-27"), ("EV3", "launch", "2024-07")},
        id="pronoun-takes-previous-sentence-model"),
    pytest.param(
        "Kia sold 5,000 EV9 SUVs in Korea last year. The EV9 is Kia's flagship.\n\n"
        "Kia also showed the EV3 on Tuesday. It will go on sale in July.",
        {("EV3", "unveil", "2024-02-27"), ("EV3", "launch", "2024-07")},
        id="previous-paragraph-model-does-not-carry-over"),
    # -- a model named for comparison is never the subject
    pytest.param(
        "BYD showed the Seal at the Munich motor show. It rivals the Tesla Model Y. It has an 82.5 kWh battery.",
        {("Seal", "unveil", "2024-03"), ("Seal", "capacity", 82.5)},
        id="rivals-model-is-not-subject"),
    pytest.param(
        "Xpeng showed the G9 in Guangzhou. It is a rival to the Tesla Model Y. It will go on sale in September.",
        {("G9", "unveil", "2024-03"), ("G9", "launch", "2024-09")},
        id="a-rival-to-model-is-not-subject"),
    pytest.param(
        "The Xpeng G9 competes with the Tesla Model Y and the Nio ES6. It has a 98 kWh battery.",
        {("G9", "capacity", 98.0)},
        id="competes-with-two-models"),
    # -- generic plurals take the company
    pytest.param(
        "Nio will start selling its EVs in Japan from 2025.",
        {("NIO", "launch", "2025")},
        id="its-evs-known-company"),
    pytest.param(
        "Nio unveiled the ET9 in December. Nio will start selling its EVs in Japan from 2025.",
        {("ET9", "unveil", "2023-12"), ("NIO", "launch", "2025")},
        id="its-evs-company-not-previous-model"),
    pytest.param(
        "Orvano Motors will start selling its EVs in Japan from 2025. Orvano Motors was founded in Turin in 2019.",
        {("Orvano Motors", "launch", "2025")},
        id="its-evs-unknown-company-named-twice"),
    # -- a plural anaphor means the coordinated models
    pytest.param(
        "Rivian unveiled the R2 and the R3 in March. Both SUVs will go on sale in 2026.",
        {("R2", "unveil", "2024-03"), ("R3", "unveil", "2024-03"), ("R2", "launch", "2026"), ("R3", "launch", "2026")},
        id="both-suvs"),
    # -- a section heading names the model of the paragraphs under it
    pytest.param(
        "Hyundai Ioniq 6\n\nThe Ioniq 6 goes on sale in Europe in May. The Ioniq 6 offers a 77.4 kWh battery.\n\n"
        "Kia EV6\n\nKia has priced the crossover from 45,000 euros. The crossover will go on sale in June.",
        {("Ioniq 6", "launch", "2024-05"), ("Ioniq 6", "capacity", 77.4), ("EV6", "launch", "2024-06")},
        id="section-heading"),
    # -- alias groups give one canonical subject
    pytest.param(
        "Production of the Mercedes EQS starts in Sindelfingen in August. The Mercedes-Benz EQS has a 108 kWh battery.",
        {("EQS", "production", "2024-08"), ("EQS", "capacity", 108.0)},
        id="mercedes-eqs-is-eqs"),
    pytest.param(
        "Zhiji's LS7 Hits The Market In Autumn\nThe LS7 will hit the market in September.",
        {("IM LS7", "launch", "2024-09")},
        id="headline-possessive-alias"),
    # -- discovered models: a made-up brand and model
    pytest.param(
        "Haoyun, a startup based in Hefei, unveiled the Haoyun S9 in Shanghai on Monday. "
        "The Haoyun S9 will go on sale in June. The S9 has a 100 kWh battery.",
        {("Haoyun S9", "unveil", "2024-02-26"), ("Haoyun S9", "launch", "2024-06"),
         ("Haoyun S9", "capacity", 100.0)},
        id="discovered-maker-and-code"),
    pytest.param(
        "Haoyun's S9 Goes On Sale In June\nThe Haoyun S9 will go on sale in June. The S9 has a 100 kWh battery.",
        {("Haoyun S9", "launch", "2024-06"), ("Haoyun S9", "capacity", 100.0)},
        id="discovered-model-under-possessive-headline"),
    pytest.param(
        "Voltaro will launch the Aero compact SUV in October. The Aero has a 64 kWh battery.",
        {("Aero", "launch", "2024-10"), ("Aero", "capacity", 64.0)},
        id="discovered-the-name-compact-suv"),
    pytest.param(
        "Voltaro showed its first car in Berlin. The One is a four-seat hatchback with a 42 kWh battery. "
        "Voltaro will start deliveries of the One in September.",
        {("One", "unveil", "2024-03"), ("One", "capacity", 42.0), ("One", "delivery", "2024-09")},
        id="discovered-the-one-is-a-hatchback"),
    pytest.param("The Kia EV9 is Kia's flagship. The EV9 sells well in Korea. Kia unveiled the EV3 in Seoul on Tuesday. "
          "It will go on sale in July.",
          {("EV3", "unveil", "2024-02-27"), ("EV3", "launch", "2024-07")}, id="pronoun-prefers-previous-sentence-over-main-model"),
    pytest.param("Xpeng's new SUV competes with the Tesla Model Y and the Nio ES6, and will go on sale in May.",
          {("XPeng", "launch", "2024-05")}, id="second-coordinated-yardstick-is-not-subject"),
    pytest.param("SAIC Motor-backed IM Motors will start deliveries in May.",
          {("IM Motors", "delivery", "2024-05")}, id="backer-is-not-milestone-subject"),
    pytest.param("The Marlow S9 sedan will go on sale in June. The S9 has a 100 kWh battery.",
          {("Marlow S9", "launch", "2024-06"), ("Marlow S9", "capacity", 100.0)}, id="discovered-maker-is-not-a-model"),
    pytest.param("The Zeekr 7X competes with the Tesla Model Y and the Xpeng G6. It has a 100 kWh battery.",
          {("Zeekr 7X", "capacity", 100.0)}, id="yardstick-not-subject-when-own-model-unknown"),  # a digit-letter code
]

SUBJECTS_XFAIL = [
    pytest.param("Acme will start selling its EVs in Japan from 2025.",
                 {("Acme", "launch", "2025")},
                 id="its-evs-unknown-company-named-once"),
]


@pytest.mark.parametrize("text, expected", SUBJECTS + SUBJECTS_XFAIL)
def test_subjects(extractor, text, expected):
    assert milestones(extractor, text) == expected


# ----- names are cleaned of headline, possessive and hyphen debris ------------------------

CLEANED = [
    pytest.param(
        "SAIC Motor-backed IM Motors will launch the IM L6 in May.",
        {("IM Motors", "SAIC Motor", "investor")}, {("IM L6", "launch", "2024-05")},
        id="hyphen-compound-backed"),
    pytest.param(
        "The Xiaomi SU7 is powered by NVIDIA's Drive Orin platform.",
        {("SU7", "NVIDIA", "supplier")}, set(),
        id="possessive-supplier"),
    pytest.param(
        "Haoyun's S9 Goes On Sale In June\nHaoyun, a Geely-backed startup, will start selling the Haoyun S9 in June.",
        {("Haoyun", "Geely", "investor")}, {("Haoyun S9", "launch", "2024-06")},
        id="headline-possessive-unknown-maker"),
]


@pytest.mark.parametrize("text, expected_stakes, expected_milestones", CLEANED)
def test_names_are_cleaned(extractor, text, expected_stakes, expected_milestones):
    assert stakes(extractor, text) == expected_stakes
    assert milestones(extractor, text) == expected_milestones


def test_charges_at_is_peak_charging(extractor):
    facts = extractor.extract_text("The Xiaomi SU7 charges at up to 150 kW, and its motor makes 220 kW.",
                                   published=dt.date(2024, 3, 1))
    assert [(f.subject, f.values["spec"], f.values["value"]) for f in facts if f.type == "battery"] == \
        [("SU7", "charging", 150.0)]


@pytest.mark.parametrize("text, expected", [
    ("Buyers of the VW ID.3 will choose between 45, 58 and 77 kWh batteries.", [45.0, 58.0, 77.0]),
    ("The Kia EV9 comes with a 76.1 or 99.8 kWh pack.", [76.1, 99.8]),
    ("In 2024, 77 kWh packs went into the Kia EV6.", [77.0]),
])
def test_values_listed_before_one_unit(extractor, text, expected):
    facts = extractor.extract_text(text, published=dt.date(2024, 3, 1))
    assert [f.values["value"] for f in facts if f.type == "battery"] == expected


SPEC_SHEET = """KESTREL AURA
Technical data - preliminary

Start of production: Q3 2025
Usable capacity           82 kWh
Peak DC charging power    250 kW

The Aura is built by Kestrel Automotive AB in Uusikaupunki. Kestrel Automotive AB was founded in 2020.
"""


@pytest.mark.parametrize("title, subject", [
    ("Kestrel Aura - Technical Data", "Aura"),           # the company, then the model the body names too
    ("Kestrel Aura: technical data", "Aura"),
    # the body never writes the Aura as a vehicle ("The Aura is built by ..."): the title decides
    ("Kestrel announces technical data", "Kestrel Automotive"),  # no capitalised word after the company
    ("Kestrel Falcon - Technical Data", "Kestrel Automotive"),   # a word the body never uses
    ("Technical data of the Aura", "Kestrel Automotive"),        # not headed by the company
])
def test_a_spec_sheet_is_about_the_model_its_title_names(extractor, title, subject):
    from evfacts.documents import Document

    body = SPEC_SHEET if subject == "Aura" else SPEC_SHEET.replace(
        "The Aura is built by Kestrel Automotive AB", "Kestrel Automotive AB builds it")
    [result] = list(extractor.extract_documents([Document(path="kestrel.md", body=body, title=title,
                                                          published=PUBLISHED)]))
    found = {(f.subject, f.values.get("spec") or f.values.get("event")) for f in result.facts
             if f.type in ("battery", "launch_date")}
    assert found == {(subject, "production"), (subject, "capacity"), (subject, "charging")}


def test_a_body_that_builds_the_model_makes_it_the_subject_whatever_the_title(extractor):
    from evfacts.documents import Document

    [result] = list(extractor.extract_documents([Document(path="kestrel.md", body=SPEC_SHEET,
                                                          title="Technical data", published=PUBLISHED)]))
    assert {f.subject for f in result.facts if f.type == "battery"} == {"Aura"}
