"""A negated, denied or ended statement is no fact, for every type (issue 15).

Sentences are written for these tests with invented names, so the gazetteer
cannot help; each pairs a negated statement with its plain twin, which must
give the fact, so the test fails if extraction stops working altogether.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

PUBLISHED = dt.date(2025, 3, 1)

CASES = [
    # (plain statement that gives the fact, its negated twin, fact type, key)
    pytest.param("The Ilvar S supports 800-volt charging.", "The Ilvar S does not support 800-volt charging.",
                 "battery", ("voltage", 800.0), id="does-not-support"),
    pytest.param("The Ilvar S runs an 800-volt system.", "There is no 800-volt system in the Ilvar S.",
                 "battery", ("voltage", 800.0), id="no-determiner"),
    pytest.param("The Ilvar S has an 82 kWh battery.", "The Ilvar S has a 77 kWh battery rather than an 82 kWh one.",
                 "battery", ("capacity", 82.0), id="rather-than"),
    pytest.param("The Ilvar S uses LFP cells in its battery pack.", "The Ilvar S battery pack does without LFP cells.",
                 "battery", ("chemistry", "LFP"), id="without"),
    pytest.param("Holmvik will start production of the Ilvar S in June.",
                 "Holmvik will not start production of the Ilvar S in June.",
                 "launch_date", ("production", "2025-06"), id="will-not-start"),
    pytest.param("The Ilvar S went on sale in May 2024.", "The Ilvar S never went on sale in May 2024.",
                 "launch_date", ("launch", "2024-05"), id="never"),
    pytest.param("Holmvik plans to build 50,000 vans a year.", "Holmvik denied plans to build 50,000 vans a year.",
                 "production_target", (50000, None), id="denied"),
    pytest.param("Holmvik holds a stake in Quintar.", "Holmvik does not hold a stake in Quintar.",
                 "stakeholder", ("Holmvik",), id="stake-not-held"),
    pytest.param("Holmvik has a partnership with Gallin Systems.",
                 "Holmvik's partnership with Gallin Systems ended in 2023.",
                 "stakeholder", ("Gallin Systems",), id="partnership-ended"),
]


def _keys(facts, ftype):
    out = set()
    for f in facts:
        if f.type != ftype:
            continue
        v = f.values
        out.add({"battery": lambda: (v["spec"], v["value"]), "launch_date": lambda: (v["event"], v["date"]),
                 "production_target": lambda: (v["units"], v["date"]),
                 "stakeholder": lambda: (v["name"],)}[ftype]())
    return out


@pytest.mark.parametrize("plain, negated, ftype, key", CASES)
def test_negated_statement_gives_no_fact(extractor, plain, negated, ftype, key):
    assert key in _keys(extractor.extract_text(plain, published=PUBLISHED), ftype), "the plain twin must give the fact"
    assert key not in _keys(extractor.extract_text(negated, published=PUBLISHED), ftype)


def test_check_does_not_support_a_claim_from_a_negated_sentence(tmp_path):
    """"no 800-volt magic here" in an article must not support "supports 800V charging"."""
    from typer.testing import CliRunner

    from evfacts.cli import app

    article = tmp_path / "ilvar.md"
    article.write_text("---\ntitle: Ilvar S driven\npublished: 2025-02-01\n---\n"
                       "The Ilvar S is a compact electric SUV from Holmvik. It charges at up to 150 kW, but there "
                       "is no 800-volt magic here.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--in", str(article), "--format", "json",
                                      "The Ilvar S supports 800V charging"])
    (claim,) = json.loads(result.stdout)["claims"]
    assert claim["fact"]["value"] == 800.0
    assert claim["verdict"] != "supported", claim
