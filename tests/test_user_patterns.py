"""A user's own pattern folder (``Extractor(patterns=[DIR])``, ``--patterns DIR``) is used (issue 4).

The folder adds a made-up EV venture with its models (a ``kind: gazetteer``
file), a supplier, and trigger files (``kind: triggers``) with a new launch
phrase and a new stakeholder cue. One Extractor is built with it for the
module; the shared session ``extractor`` (defaults only) is the control.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.patterns import PatternError

#: Environment variables that change which model or patterns evfacts loads (as in conftest.py).
EVFACTS_ENV = ("EVFACTS_MODEL", "EVFACTS_PATTERNS", "EVFACTS_PATTERNS_DIR")
PUBLISHED = dt.date(2024, 3, 1)

GAZETTEER = """\
    kind: gazetteer
    organizations:
      - name: Norvik Motors
        kind: ev_venture
        aliases: [Norvik, Norvik Automotive]
      - name: Kestrel Cells
        kind: battery_supplier
        aliases: [Kestrel]
      # extends the default entry of that name with one more alias
      - name: IM Motors
        kind: ev_venture
        aliases: [Zhiji Tech]
    models:
      - name: Fjordline
        brand: Norvik Motors
        aliases: [Fjordline EV, Norvik FL]
      - name: Skerry
        brand: Norvik Motors
"""

LAUNCH_TRIGGERS = """\
    kind: triggers
    type: launch_date
    triggers:
      - id: user.launch.showrooms
        label: launch
        phrase: [bows in showrooms, bow in showrooms]
        example: "the Fjordline bows in showrooms in May"
"""

STAKE_TRIGGERS = """\
    kind: triggers
    type: stakeholder
    triggers:
      - id: user.stake.underwritten_by
        label: investor/after
        phrase: underwritten by
        example: "a startup underwritten by Equinor Ventures"
"""


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("user_patterns")
    (folder / "norvik.yaml").write_text(textwrap.dedent(GAZETTEER), encoding="utf-8")
    (folder / "launch.yaml").write_text(textwrap.dedent(LAUNCH_TRIGGERS), encoding="utf-8")
    (folder / "stakes.yml").write_text(textwrap.dedent(STAKE_TRIGGERS), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def user_extractor(user_dir):
    """An Extractor with the defaults plus the user's folder (no evfacts environment variables)."""
    from evfacts.extract import Extractor

    with pytest.MonkeyPatch.context() as mp:
        for var in EVFACTS_ENV:
            mp.delenv(var, raising=False)
        return Extractor(patterns=[user_dir])


def facts(extractor, text: str) -> set[tuple]:
    """(type, subject, main values..., rule) of each fact."""
    out = set()
    for f in extractor.extract_text(text, published=PUBLISHED):
        if f.type == "launch_date":
            out.add((f.type, f.subject, f.values["event"], f.values["date"], f.rule))
        elif f.type == "battery":
            out.add((f.type, f.subject, f.values["spec"], f.values["value"], f.rule))
        elif f.type == "stakeholder":
            out.add((f.type, f.subject, f.values["name"], f.values["role"], f.rule))
    return out


def test_user_gazetteer_entries_are_known(user_extractor, extractor):
    gazetteer = user_extractor.gazetteer
    assert gazetteer.lookup("Norvik FL").canonical == "Fjordline"
    assert gazetteer.lookup("Norvik FL").brand == "Norvik Motors"
    assert gazetteer.lookup("Norvik Automotive").canonical == "Norvik Motors"
    assert gazetteer.same("Norvik", "Norvik Motors")
    assert gazetteer.lookup("Kestrel").kind == "battery_supplier"
    # A user entry with a default name extends it: the new alias joins the old ones.
    assert gazetteer.lookup("Zhiji Tech").canonical == "IM Motors"
    assert gazetteer.same("Zhiji Tech", "Zhiji")
    # The defaults alone know none of it.
    assert extractor.gazetteer.lookup("Norvik FL") is None
    assert extractor.gazetteer.lookup("Zhiji Tech") is None


@pytest.mark.parametrize("text, expected", [
    pytest.param(
        "Norvik Automotive will start production of the Fjordline EV in Trondheim in May.",
        {("launch_date", "Fjordline", "production", "2024-05", "launch.production.start_production")},
        id="alias-of-model-and-maker"),
    pytest.param(
        "The Norvik FL has a 77 kWh battery.",
        {("battery", "Fjordline", "capacity", 77.0, "battery.capacity.kWh")},
        id="model-alias-only"),
    pytest.param(
        "Norvik will start deliveries of the Skerry in June.",
        {("launch_date", "Skerry", "delivery", "2024-06", "launch.delivery.start_shipments")},
        id="second-model"),
    pytest.param(
        "The Norvik Fjordline uses cells from Kestrel.",
        {("stakeholder", "Fjordline", "Kestrel", "supplier", "stake.supplier.from")},
        id="user-supplier-of-user-model"),
    pytest.param(
        "Norvik Motors, a Tencent-backed startup, will launch the Fjordline in May.",
        {("stakeholder", "Norvik Motors", "Tencent", "investor", "stake.investor.backed"),
         ("launch_date", "Fjordline", "launch", "2024-05", "launch.launch.launch")},
        id="user-company-as-stake-subject"),
])
def test_user_gazetteer_gives_subjects(user_extractor, text, expected):
    assert facts(user_extractor, text) == expected


def test_user_launch_trigger(user_extractor, extractor):
    text = "The Fjordline bows in showrooms in September."
    assert facts(user_extractor, text) == {
        ("launch_date", "Fjordline", "launch", "2024-09", "user.launch.showrooms")}
    # Without the user's folder, neither the phrase nor the model is known.
    assert not [f for f in extractor.extract_text(text, published=PUBLISHED) if f.type == "launch_date"]


def test_user_stakeholder_trigger(user_extractor, extractor):
    text = "Norvik Motors, a startup underwritten by Equinor Ventures, will launch the Skerry in May."
    assert facts(user_extractor, text) == {
        ("stakeholder", "Norvik Motors", "Equinor Ventures", "investor", "user.stake.underwritten_by"),
        ("launch_date", "Skerry", "launch", "2024-05", "launch.launch.launch")}
    assert not [f for f in extractor.extract_text(text, published=PUBLISHED) if f.type == "stakeholder"]


def test_user_pattern_error_names_the_file(tmp_path):
    """A user model without a brand is refused with the file and the entry named, before spaCy loads."""
    from evfacts.extract import Extractor

    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: gazetteer\nmodels:\n  - name: Tern\n    aliases: [Tern EV]\n", encoding="utf-8")
    with pytest.raises(PatternError) as info:
        Extractor(patterns=[tmp_path])
    assert "bad.yaml" in str(info.value) and "Tern" in str(info.value) and "brand" in str(info.value)


def test_cli_extract_with_user_patterns(user_dir, tmp_path):
    from evfacts.cli import app

    article = tmp_path / "norvik-fjordline.md"
    article.write_text(textwrap.dedent("""\
        ---
        title: Norvik readies the Fjordline
        published: 2024-03-01
        ---
        Norvik Automotive will start production of the Fjordline EV in Trondheim in May.
        The Norvik FL has a 77 kWh battery. The Fjordline bows in showrooms in September.
    """), encoding="utf-8")
    env = {var: None for var in EVFACTS_ENV} | {"NO_COLOR": "1"}
    result = CliRunner(env=env).invoke(
        app, ["extract", str(article), "--patterns", str(user_dir), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    got = {(r["type"], r["subject"], r.get("event") or r.get("spec"), r.get("date") or r.get("value"), r["rule"])
           for r in rows}
    assert got == {
        ("launch_date", "Fjordline", "production", "2024-05", "launch.production.start_production"),
        ("battery", "Fjordline", "capacity", 77.0, "battery.capacity.kWh"),
        ("launch_date", "Fjordline", "launch", "2024-09", "user.launch.showrooms"),
    }
