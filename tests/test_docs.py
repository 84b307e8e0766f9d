"""The README's command examples run (issue 15; sqlite-utils' test_docs.py is the model).

Every ```sh block of README.md is taken apart into commands, which run with
bash in a folder laid out the way the examples expect (``articles/``,
``samples/``, ``a.md``, ``story.md``, ``claims.yaml`` from the README's own claims example,
...), all made of the sample articles. A command that stops working, a
flag that is renamed, a jq recipe that no longer matches the output: the
test fails. Only what cannot run here is left out, each for a stated reason.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SAMPLES = ROOT / "samples"
ARTICLES = ["brief-fisker-ocean-graz-sop.md", "wire-volvo-ex30-unveil.md", "funding-voltaro-series-c.md"]

#: Commands that cannot run in a test, and why.
NOT_RUN = [
    (re.compile(r"^(python3 -m venv|\.venv/bin/)"), "setup and test runs of a development checkout: .ci/run runs them"),
    (re.compile(r"^pip install"), "installs from the network"),
    (re.compile(r"^dask "), "starts a Dask scheduler or worker daemon"),
    (re.compile(r"--scheduler tcp://"), "needs a Dask cluster (tests/test_dask.py runs --scheduler local:N)"),
    (re.compile(r"evfacts \w+ https://"), "fetches from the internet (tests/test_web.py fetches from a local server, "
                                          "and urls.txt here lists one)"),
]


def _blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)


def _commands(block: str) -> list[str]:
    """A block's commands: comment lines dropped, a quote left open continues on the next line."""
    commands, pending = [], ""
    for line in block.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending = f"{pending}\n{line}" if pending else line
        try:
            shlex.split(pending, comments=True)
        except ValueError:  # an open quote: a jq program over several lines
            continue
        commands.append(pending)
        pending = ""
    assert not pending, f"unterminated command in README: {pending!r}"
    return commands


def _examples() -> list[tuple[str, str | None]]:
    """(command or script, reason it is not run or None) for every ```sh block."""
    examples: list[tuple[str, str | None]] = []
    for block in _blocks(README, "sh"):
        if block.startswith("#!"):
            examples.append((block, None))
            continue
        for command in _commands(block):
            reason = next((why for pattern, why in NOT_RUN if pattern.search(command)), None)
            examples.append((command, reason))
    return examples


EXAMPLES = _examples()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, web) -> Path:
    """A folder holding every file and folder the examples name, made of sample articles
    (``urls.txt`` lists a page on the tests' local web server)."""
    root = tmp_path_factory.mktemp("readme")
    (root / "saved-pages").mkdir()
    for page in sorted((SAMPLES / "pages").glob("*.html")):
        shutil.copy(page, root / "saved-pages" / page.name)
    shutil.copy(page, root / "saved-pages" / "story.html")
    shutil.copy(SAMPLES / "corpus" / "newswire.jsonl", root / "newswire.jsonl")
    url = web.add("/readme/story.html", page.read_bytes())
    (root / "urls.txt").write_text(f"# pages to read\n{url}\n", encoding="utf-8")
    for folder in ("articles", "archive", "coverage", "samples"):
        (root / folder).mkdir()
        for name in ARTICLES:
            shutil.copy(SAMPLES / name, root / folder / name)
    shutil.copy(SAMPLES / ARTICLES[0], root / "a.md")
    shutil.copy(SAMPLES / ARTICLES[1], root / "b.md")
    shutil.copy(SAMPLES / ARTICLES[1], root / "b.txt")
    shutil.copy(SAMPLES / ARTICLES[2], root / "story.md")
    body = (SAMPLES / ARTICLES[2]).read_text(encoding="utf-8").split("---\n", 2)[-1]
    (root / "notes.txt").write_text(body, encoding="utf-8")  # no front matter: --reference-date matters
    (claims,) = [b for b in _blocks(README, "yaml") if "claim:" in b]
    (root / "claims.yaml").write_text(claims, encoding="utf-8")
    (root / "note-claims.yaml").write_text(claims, encoding="utf-8")
    publish = root / "publish"
    publish.write_text("#!/bin/sh\ntouch published\n", encoding="utf-8")
    publish.chmod(0o755)
    return root


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVFACTS_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # this evfacts first
    env["NO_COLOR"] = "1"
    return env


def test_the_readme_has_examples_to_run():
    run = [c for c, reason in EXAMPLES if reason is None]
    assert len(run) >= 15, run
    assert any("| jq" in c for c in run) and any(c.startswith("evfacts check") for c in run)


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
@pytest.mark.parametrize("example", [c for c, reason in EXAMPLES if reason is None],
                         ids=lambda c: c.splitlines()[0][:70])
def test_readme_example_runs(workspace, example):
    script = example if example.startswith("#!") else f"set -o pipefail\n{example}\n"
    proc = subprocess.run(["bash", "-c", script], cwd=workspace, env=_env(), capture_output=True, text=True,
                          timeout=600, stdin=subprocess.DEVNULL)
    # check and the gating script exit 1 when a claim is not supported by these few samples.
    allowed = (0, 1) if "evfacts check" in example else (0,)
    assert proc.returncode in allowed, f"exit {proc.returncode}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr
    if "|" in example.split("#", 1)[0] or "-o " in example:
        return
    assert proc.stdout.strip() or "-q" in example, "the example printed nothing"
