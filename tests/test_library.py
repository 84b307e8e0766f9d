"""The library surface (issue 15): dates given as ISO strings, py.typed in the wheel, one max_bytes default."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import typer

import evfacts
from evfacts.cli import app
from evfacts.documents import DEFAULT_MAX_BYTES, read_document

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Kia will unveil the EV5 next month. The EV5 has an 88 kWh battery."


def _facts(facts) -> list[tuple]:
    return [(f.type, f.subject, f.values.get("date") or f.values.get("value")) for f in facts]


def test_published_as_an_iso_string_is_the_same_as_a_date(extractor):
    as_string = extractor.extract_text(TEXT, published="2024-05-01")
    as_date = extractor.extract_text(TEXT, published=dt.date(2024, 5, 1))
    as_datetime = extractor.extract_text(TEXT, published=dt.datetime(2024, 5, 1, 10, 30))
    assert _facts(as_string) == _facts(as_date) == _facts(as_datetime)
    assert ("launch_date", "EV5", "2024-06") in _facts(as_string)


@pytest.mark.parametrize("value", [20240501, 2024.5, ["2024-05-01"], {"published": "2024-05-01"}])
def test_published_of_another_type_is_a_type_error(extractor, value):
    with pytest.raises(TypeError, match="published must be a datetime.date or an ISO date string"):
        extractor.extract_text(TEXT, published=value)


def test_published_not_iso_is_a_value_error_naming_it(extractor):
    with pytest.raises(ValueError, match="published='1 May 2024' is not an ISO date"):
        extractor.extract_text(TEXT, published="1 May 2024")


def test_module_level_extract_text_checks_the_type_before_loading_a_model():
    with pytest.raises(TypeError):
        evfacts.extract_text(TEXT, published=20240501, model="no-such-model-is-loaded")


def test_one_max_bytes_default_for_the_cli_and_the_library(tmp_path):
    group = typer.main.get_command(app)
    defaults = {p.default for name, command in group.commands.items() for p in command.params
                if p.name == "max_bytes"}
    assert defaults == {DEFAULT_MAX_BYTES}
    big = tmp_path / "big.md"
    big.write_text("The EV5 has an 88 kWh battery. " * (DEFAULT_MAX_BYTES // 31 + 1), encoding="utf-8")
    assert read_document(str(big)).error == "too_large"


def test_the_wheel_ships_py_typed_and_the_patterns(tmp_path):
    """Type checkers read evfacts' hints only if the installed package has a py.typed marker."""
    proc = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("evfacts-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "evfacts/py.typed" in names
    assert "evfacts/_patterns/launch.yaml" in names
    assert "evfacts/commands/options.py" in names and "evfacts/nlp/pipeline.py" in names
