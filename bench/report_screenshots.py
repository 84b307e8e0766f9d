"""Screenshots of ``evfacts report`` on the samples, taken by headless Chromium.

Writes the report on ``samples/`` as a folder of pages, then has Chromium
(Debian's ``chromium`` package) render two of them to PNG at 1280 px wide:
the subject with the most dates that moved and milestones (its timeline) and
the article with the most facts (its marked text, legend and fact table). The README shows them;
look at them after changing the templates or the CSS.

Run: ``.venv/bin/python bench/report_screenshots.py [--out docs] [--chromium /usr/bin/chromium]``.
Chromium runs with no network, sync or first-run work and a fresh profile, so
a page that tried to load anything could not.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
WIDTH = 1280
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def chromium(url: str, *, binary: str = CHROMIUM, screenshot: Path | None = None, height: int = 2000,
             dump_dom: bool = False, timeout: float = 120) -> str:
    """Load ``url`` in a fresh headless Chromium: save a screenshot, or return the DOM it built."""
    with tempfile.TemporaryDirectory(prefix="evfacts-chromium-") as profile:
        args = [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{height}"]
        args += ["--dump-dom"] if dump_dom else [f"--screenshot={screenshot}"]
        done = subprocess.run([*args, url], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def make_report(target: Path, samples: str = "samples/") -> None:
    """``evfacts report samples/ -o target`` with this interpreter's evfacts, run from the repository."""
    subprocess.run([sys.executable, "-m", "evfacts", "report", samples, "-o", str(target), "--quiet"],
                   check=True, cwd=ROOT)


def busiest(pages: list[Path], *patterns: str) -> Path:
    """The page where the ``patterns`` occur most, each counting more than the next (first by name on a tie)."""
    def score(page: Path) -> tuple[int, ...]:
        html = page.read_text(encoding="utf-8")
        return tuple(len(re.findall(p, html)) for p in patterns)

    return max(sorted(pages), key=score)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files")
    ap.add_argument("--chromium", default=CHROMIUM)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evfacts-report-") as tmp:
        site = Path(tmp) / "site"
        make_report(site)
        subject = busiest(list((site / "subjects").glob("*.html")), r'class="milestone conflict', r'class="milestone')
        article = busiest(list((site / "articles").glob("*.html")), r'<mark class="ev')
        for name, page, height in (("report-subject.png", subject, 620), ("report-article.png", article, 820)):
            shot = args.out / name
            chromium(page.as_uri(), binary=args.chromium, screenshot=shot, height=height)
            print(f"{shot}  {page.relative_to(site)}  {WIDTH}x{height}  {shot.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
