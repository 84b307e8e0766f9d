"""The report in a real browser: headless Chromium renders it, screenshots it and hands back the DOM it built.

Skipped where Debian's ``chromium`` is not installed (``apt-get install
chromium``); the HTML checks in ``test_report.py`` run everywhere. The
browser's DOM is what a reader gets: browsers repair malformed markup in their
own way, so the marks and the escaping are checked again on it.
"""

from __future__ import annotations

import importlib.util
import json
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.cli import app

ROOT = Path(__file__).resolve().parent.parent
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}

pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Chromium (/usr/bin/chromium)")


def _screenshots():
    spec = importlib.util.spec_from_file_location("report_screenshots", ROOT / "bench" / "report_screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shots():
    return _screenshots()


def _report(tmp_path: Path, *paths: str) -> Path:
    out = tmp_path / "report.html"
    made = CliRunner(env=ENV).invoke(app, ["report", *paths, "-o", str(out), "-q"])
    assert made.exit_code == 0, made.output
    return out


def test_the_browser_marks_every_fact_and_screenshots_at_1280(shots, tmp_path):
    from test_report import check_highlights, parse

    out = _report(tmp_path, str(ROOT / "samples"))
    extracted = CliRunner(env=ENV).invoke(app, ["extract", str(ROOT / "samples"), "--format", "jsonl"])
    facts = [json.loads(line) for line in extracted.stdout.splitlines()]
    dom = shots.chromium(out.as_uri(), dump_dom=True)
    check_highlights(parse(dom).root, facts)
    png = tmp_path / "shot.png"
    shots.chromium(out.as_uri(), screenshot=png, height=900)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 900)
    assert len(data) > 20_000    # a page of text and colour, not a blank one


def test_hostile_text_stays_text_in_the_browser(shots, tmp_path):
    from test_report import HOSTILE, parse

    article = tmp_path / "hostile.md"
    article.write_text(f"---\ntitle: 'EV5 {HOSTILE[1]}'\npublished: 2024-05-01\n---\n"
                       f"Kia will begin production of the EV5 in March 2025. {HOSTILE[0]} {HOSTILE[1]}\n")
    dom = parse(shots.chromium(_report(tmp_path, str(article)).as_uri(), dump_dom=True))
    assert not dom.root.find_all("script") and not dom.root.find_all("img")
    assert not [name for _, name, _ in dom.raw_attrs if name.startswith("on")]
    (section,) = dom.root.find_all("section", "article")
    assert all(h in section.text() for h in HOSTILE)


def test_screenshot_script_writes_the_two_readme_images(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "bench/report_screenshots.py", "--out", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["report-article.png", "report-subject.png"]
