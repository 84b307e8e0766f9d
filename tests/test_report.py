"""evfacts.report: the HTML report, parsed back and checked against what extraction and merging give.

The reports are built from real extractions (the shared extractor) and the
real merge; the checks never name particular facts: whatever the extractor
finds must be marked in the text, listed in the table and reachable from the
timelines. Only the overlap tests build facts by hand, to force evidence that
overlaps (the samples have none today).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import json

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from evfacts.cli import app
from evfacts.commands.options import SHARED_NAMES
from evfacts.documents import Document, ReadError, read_documents
from evfacts.extract import Result
from evfacts.facts import Fact
from evfacts.merge import Subjects, merge, statements_of
from evfacts.report import build_report, output_problem, write_report
from evfacts.report.builder import fact_value
from evfacts.report.highlight import Evidence, layers, render_marks
from evfacts.report.pages import render_file, render_folder

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ENV = {"EVFACTS_MODEL": None, "EVFACTS_PATTERNS": None, "EVFACTS_PATTERNS_DIR": None, "NO_COLOR": "1"}
HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']


# ----- a small DOM, from the standard library's parser ----------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list = field(default_factory=list)   # Nodes and strings

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag and (cls is None or cls in n.classes)]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def ancestor(self, tag: str) -> Node | None:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root
        self.raw_attrs: list[tuple[str, str, str | None]] = []   # (tag, name, value) of every attribute

    def handle_starttag(self, tag, attrs):
        self.raw_attrs += [(tag, name, value) for name, value in attrs]
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, "unclosed elements"
    return builder


def ids(root: Node) -> dict[str, Node]:
    found: dict[str, Node] = {}
    for node in root.walk():
        if "id" in node.attrs:
            assert node.attrs["id"] not in found, f"duplicate id {node.attrs['id']}"
            found[node.attrs["id"]] = node
    return found


def highlight_text(mark: Node) -> str:
    (span,) = [c for c in mark.children if isinstance(c, Node) and "ev-text" in c.classes]
    return span.text()


# ----- reports on real extractions --------------------------------------------------------

def extract(extractor, items) -> tuple[list[Result], list[ReadError]]:
    results, errors = [], []
    for item in extractor.extract_documents(items):
        (errors if isinstance(item, ReadError) else results).append(item)
    return results, errors


def report_of(extractor, results, errors):
    statements = statements_of(results)
    return build_report(results, errors, merge(statements, Subjects.of_statements(extractor.gazetteer, statements)))


@pytest.fixture(scope="module")
def samples(extractor):
    results, errors = extract(extractor, read_documents([str(SAMPLES)]))
    return results, errors, report_of(extractor, results, errors)


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """The acceptance commands: ``extract samples/ --format jsonl``, ``report -o report.html`` and ``-o DIR``."""
    runner = CliRunner(env=ENV)
    out = tmp_path_factory.mktemp("report")
    extracted = runner.invoke(app, ["extract", str(SAMPLES), "--format", "jsonl"])
    assert extracted.exit_code == 0, extracted.output
    facts = [json.loads(line) for line in extracted.stdout.splitlines()]
    for target in (out / "report.html", out / "site"):
        made = runner.invoke(app, ["report", str(SAMPLES), "-o", str(target)])
        assert made.exit_code == 0, made.output
    return facts, out / "report.html", out / "site"


@pytest.fixture(scope="module")
def sample_html(cli_runs):
    return cli_runs[1].read_text(encoding="utf-8")


def check_highlights(root: Node, facts: list[dict]) -> None:
    """Every fact has one mark with its doc, offsets and text, listing a table row that states the fact."""
    marks: dict[tuple, Node] = {}
    for mark in root.find_all("mark", "ev"):
        key = (mark.attrs["data-doc"], int(mark.attrs["data-start"]), int(mark.attrs["data-end"]))
        assert key not in marks, f"two marks for one evidence {key}"
        marks[key] = mark
    assert facts
    for fact in facts:
        mark = marks.get((fact["doc"], fact["start"], fact["end"]))
        assert mark is not None, f"no mark for {fact}"
        assert highlight_text(mark) == fact["text"]
        section = mark.ancestor("section")
        article = section.attrs["id"].removeprefix("article-")
        rows = [root_ids(root)[f"fact-{article}-{n}"] for n in mark.attrs["data-facts"].split()]
        stated = [(r.attrs["data-type"], r.find_all("td")[1].text(), r.find_all("span", "value")[0].text(),
                   r.find_all("code", "rule")[0].text()) for r in rows]
        assert (fact["type"], fact["subject"], fact_value(fact), fact["rule"]) in stated
        assert all(r.attrs["data-evidence"] == mark.attrs["id"] for r in rows)
        assert section.find_all("h2")[0].text()   # the article's title heading
        assert fact["subject"] in mark.attrs["title"] and fact["rule"] in mark.attrs["title"]


_ID_CACHE: dict[int, dict[str, Node]] = {}


def root_ids(root: Node) -> dict[str, Node]:
    if id(root) not in _ID_CACHE:
        _ID_CACHE[id(root)] = ids(root)
    return _ID_CACHE[id(root)]


def test_every_extracted_fact_has_its_highlight_in_its_article(cli_runs, sample_html):
    facts = cli_runs[0]
    root = parse(sample_html).root
    check_highlights(root, facts)
    for section in root.find_all("section", "article"):
        table_rows = section.find_all("tr")[1:]
        assert len(table_rows) == len({r.attrs["id"] for r in table_rows})
    assert sum(len(s.find_all("tr")) - 1 for s in root.find_all("section", "article") if s.find_all("tr")) \
        == len(facts)


def test_the_article_text_is_the_body_unchanged(samples, sample_html):
    """Mark texts and the text between them add up to the body: nothing dropped or added."""
    results, _, _ = samples
    root = parse(sample_html).root
    for result, section in zip(results, root.find_all("section", "article"), strict=True):
        (entities,) = section.find_all("div", "entities")[:1]

        def visible(node: Node) -> str:
            out = []
            for c in node.children:
                if isinstance(c, str):
                    out.append(c)
                elif c.tag == "br":
                    out.append("\n")
                elif c.tag != "sup":
                    out.append(visible(c))
            return "".join(out)

        assert visible(entities).strip() == result.document.body.strip()


def test_links_resolve_and_timelines_point_at_evidence(samples, sample_html):
    """Every timeline point (current and moved dates alike) links to the mark of its evidence."""
    root = parse(sample_html).root
    known = root_ids(root)
    hrefs = [a.attrs["href"] for a in root.find_all("a")]
    assert hrefs and all(h.startswith("#") and h[1:] in known for h in hrefs), \
        [h for h in hrefs if h[1:] not in known]
    timelines = root.find_all("ol", "timeline")
    assert timelines, "the samples have launch dates, so some subject has a timeline"
    for timeline in timelines:
        for point in timeline.find_all("a"):
            target = known[point.attrs["href"][1:]]
            assert target.tag == "mark" and "ev" in target.classes
    milestones = {m.attrs["id"] for t in timelines for m in t.find_all("li", "milestone")}
    assert len(milestones) == sum(len(s.milestones) for s in samples[2].subjects)


def test_one_file_is_self_contained(sample_html):
    tree = parse(sample_html)
    assert len(sample_html.encode()) < 2_000_000
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base", "form"):
        assert not tree.root.find_all(tag), tag
    for tag, name, value in tree.raw_attrs:
        assert not name.startswith("on"), (tag, name)
        if name in ("href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"):
            assert value is not None and value.startswith("#"), (tag, name, value)
    for style in tree.root.find_all("style"):
        assert "url(" not in style.text() and "@import" not in style.text()
    assert not re.search(r"(?i)\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:|//|data:|javascript:)", sample_html)
    (csp,) = [m for m in tree.root.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp.attrs["content"]


def test_index_lists_subjects_articles_and_errors(extractor, tmp_path):
    good = tmp_path / "ev5.md"
    good.write_text("---\npublished: 2024-05-01\n---\nKia will begin production of the EV5 in March 2025.\n")
    (tmp_path / "scan.md").write_bytes(b"%PDF-1.4 binary\x00\x00")
    results, errors = extract(extractor, read_documents([str(tmp_path)]))
    assert errors and results
    report = report_of(extractor, results, errors)
    root = parse(render_file(report)).root
    known = root_ids(root)
    assert "errors" in known
    error_rows = known["index"].find_all("table", "errors")[0].find_all("tr")[1:]
    assert [r.find_all("td")[0].text() for r in error_rows] == [e.path for e in errors]
    articles = known["index"].find_all("a")
    assert {a.attrs["href"] for a in articles} >= {f"#article-{a.page.slug}" for a in report.articles}
    assert {a.attrs["href"] for a in articles} >= {f"#subject-{s.page.slug}" for s in report.subjects}


# ----- hostile text ----------------------------------------------------------------------

def test_hostile_article_text_renders_as_text(extractor, tmp_path):
    body = (f"Kia will begin production of the EV5 in March 2025. {HOSTILE[0]}\n\n"
            f"The EV5 {HOSTILE[1]} has an 88 kWh battery.\n")
    text = f'---\ntitle: "EV5 {HOSTILE[1]}"\nurl: "javascript:alert(1)"\npublished: 2024-05-01\n---\n{body}'
    path = tmp_path / "hostile.md"
    path.write_text(text)
    results, errors = extract(extractor, read_documents([str(path)]))
    assert results[0].facts, "the article states facts, so its text is marked around the hostile parts"
    html = render_file(report_of(extractor, results, errors))
    tree = parse(html)
    assert not tree.root.find_all("script") and not tree.root.find_all("img")
    assert not [name for _, name, _ in tree.raw_attrs if name.startswith("on")]
    (section,) = tree.root.find_all("section", "article")
    shown = section.text()
    for hostile in HOSTILE:
        assert hostile in shown     # as text, exactly
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html


def test_hostile_names_in_hover_text_and_tables_are_escaped(extractor):
    """A subject or value with markup (as a bad pattern or gazetteer could give) stays text everywhere."""
    body = "Acme will unveil its car soon."
    fact = Fact(type="stakeholder", subject=HOSTILE[1], values={"name": HOSTILE[0], "entity": "organization",
                                                                "role": "partner", "title": None},
                text="Acme", start=0, end=4, sentence=body, rule="test.rule", confidence=0.5, doc="x.md")
    results = [Result(Document(path="x.md", body=body, title=HOSTILE[0]), [fact])]
    html = render_file(report_of(extractor, results, []))
    tree = parse(html)
    assert not tree.root.find_all("script") and not tree.root.find_all("img")
    (mark,) = tree.root.find_all("mark", "ev")
    assert HOSTILE[1] in mark.attrs["title"] and HOSTILE[0] in mark.attrs["title"]
    assert HOSTILE[0] in tree.root.find_all("table", "facts")[0].text()


# ----- overlapping evidence --------------------------------------------------------------

def _fact(fact_type: str, start: int, end: int, body: str, **values) -> Fact:
    return Fact(type=fact_type, subject="EV5", values=values, text=body[start:end], start=start, end=end,
                sentence=body, rule=f"test.{fact_type}", confidence=0.8, doc="ev5.md")


def test_overlapping_evidence_each_gets_a_mark_of_its_own(extractor):
    body = "Intro line.\nThe EV5 has an 88 kWh battery pack from CATL, built from 2025.\nLast line."
    at = body.index("88 kWh")
    capacity = _fact("battery", at, at + 6, body, spec="capacity", value=88, unit="kWh")
    longer = _fact("battery", at, at + 14, body, spec="chemistry", value="lithium-ion", unit=None)
    shared = _fact("production_target", at, at + 6, body, units=88, date=None, rate=None, kind="target")
    inner = body.index("battery pack")
    crossing = _fact("stakeholder", inner, body.index(" from CATL"), body, name="CATL",
                     entity="organization", role="supplier", title=None)
    results = [Result(Document(path="ev5.md", body=body, published=dt.date(2024, 1, 1)),
                      [capacity, longer, shared, crossing])]
    root = parse(render_file(report_of(extractor, results, []))).root
    check_highlights(root, [f.to_dict() for f in (capacity, longer, shared, crossing)])
    marks = root.find_all("mark", "ev")
    assert len(marks) == 3    # capacity and the target share one
    assert not any(m.find_all("mark") for m in marks)   # never nested
    excerpts = root.find_all("blockquote", "excerpt")
    assert excerpts and all(int(x.attrs["data-start"]) == body.index("The EV5") for x in excerpts)
    in_text = root.find_all("div", "text")[0].find_all("div", "entities")[0]
    # The longest evidence is marked in the text; the two it overlaps, in one excerpt of their line.
    assert [highlight_text(m) for m in in_text.find_all("mark")] == ["88 kWh battery"]
    assert [highlight_text(m) for m in excerpts[0].find_all("mark")] == ["88 kWh", "battery pack"]


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), max_size=25))
def test_layers_hold_every_evidence_once_without_overlaps(spans):
    evidence = [Evidence(f"e{i}", s, s + n, ("battery",), (i,), "") for i, (s, n) in enumerate(spans)]
    found = layers(evidence)
    assert sorted(e.anchor for layer in found for e in layer) == sorted(e.anchor for e in evidence)
    for layer in found:
        assert not any(a.overlaps(b) for i, a in enumerate(layer) for b in layer[i + 1:])


def test_marks_keep_offsets_for_an_excerpt():
    body = "abc 88 kWh def"
    ev = Evidence("ev-x-4-10", 4, 10, ("battery",), (1,), "1. battery")
    root = parse(str(render_marks(body[2:], [ev], "d.md", offset=2))).root
    (mark,) = root.find_all("mark")
    assert (mark.attrs["data-start"], mark.attrs["data-end"], highlight_text(mark)) == ("4", "10", "88 kWh")


# ----- slipped dates ----------------------------------------------------------------------

def test_a_slipped_date_is_struck_newest_source_first(extractor):
    docs = [Document(path="old.md", body="Kia will begin production of the EV5 in March 2025.",
                     title="Kia plans EV5", published=dt.date(2024, 5, 1)),
            Document(path="new.md", body="Kia will begin production of the EV5 in June 2025.",
                     title="Kia delays EV5", published=dt.date(2024, 9, 1))]
    results, _ = extract(extractor, docs)
    report = report_of(extractor, results, [])
    (subject,) = [s for s in report.subjects if s.milestones]
    (milestone,) = subject.milestones
    assert milestone.conflicts and milestone.date == "2025-06"
    assert [(p.published, p.status, p.slipped) for p in milestone.points] == [
        ("2024-09-01", "current", False), ("2024-05-01", "superseded", True)]
    root = parse(render_file(report)).root
    (ms,) = root.find_all("li", "milestone")
    assert [d.text() for d in ms.find_all("del")] == ["2025-03"]
    assert "date moved" in ms.text()
    known = root_ids(root)
    targets = [known[a.attrs["href"][1:]] for a in ms.find_all("a")]
    assert [(t.attrs["data-doc"], highlight_text(t)) for t in targets[1:]] == [
        ("new.md", results[1].facts[0].text), ("old.md", results[0].facts[0].text)]


# ----- a folder of pages -------------------------------------------------------------------

def test_folder_pages_link_to_existing_pages_and_anchors(cli_runs, samples):
    facts, _, out = cli_runs
    report = samples[2]
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert pages == sorted(path for path, _ in render_folder(report))
    assert len(pages) == 1 + len(report.subjects) + len(report.articles)
    parsed = {page: parse((out / page).read_text(encoding="utf-8")) for page in pages}
    page_ids = {page: root_ids(tree.root) for page, tree in parsed.items()}
    root = out.resolve()
    checked = 0
    for page, tree in parsed.items():
        for a in tree.root.find_all("a"):
            parts = urlsplit(a.attrs["href"])
            assert not parts.scheme and not parts.netloc, a.attrs["href"]
            target = ((out / page).parent / unquote(parts.path) if parts.path else out / page).resolve()
            assert target.is_file() and target.is_relative_to(root), (page, a.attrs["href"])
            if parts.fragment:
                assert parts.fragment in page_ids[target.relative_to(root).as_posix()], (page, a.attrs["href"])
            checked += 1
        for point in [a for t in tree.root.find_all("ol", "timeline") for a in t.find_all("a")]:
            path, _, anchor = point.attrs["href"].partition("#")
            target = ((out / page).parent / path).resolve().relative_to(root).as_posix()
            assert target.startswith("articles/") and page_ids[target][anchor].tag == "mark"
    assert checked > len(pages)
    for fact in facts:   # each fact is marked on its article's page
        page = next(a.page for a in report.articles if a.path == fact["doc"])
        marks = [m for m in parsed[f"articles/{page.slug}.html"].root.find_all("mark", "ev")
                 if (int(m.attrs["data-start"]), int(m.attrs["data-end"])) == (fact["start"], fact["end"])]
        assert len(marks) == 1 and highlight_text(marks[0]) == fact["text"]


def test_folder_replaces_an_earlier_report_and_refuses_other_folders(samples, tmp_path):
    out = tmp_path / "report"
    write_report(samples[2], out)
    stale = out / "articles" / "stale.html"
    stale.write_text("old")
    assert output_problem(out) is None
    write_report(samples[2], out)
    assert not stale.exists() and (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["report"]    # no staging folders left behind
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    assert "not an evfacts report" in output_problem(other)
    (tmp_path / "file").write_text("x")
    assert "is a file" in output_problem(tmp_path / "file")
    assert "does not exist" in output_problem(tmp_path / "nowhere" / "r.html")
    assert output_problem(tmp_path / "r.html") is None


# ----- the command ------------------------------------------------------------------------

def test_report_takes_the_shared_options_but_format():
    group = typer.main.get_command(app)
    shape = {name: {p.name: (tuple(p.opts), p.help, p.default) for p in group.commands[name].params
                    if p.name in SHARED_NAMES} for name in ("report", "extract")}
    assert set(shape["report"]) == set(SHARED_NAMES) - {"format"}   # its own -o: FILE.html or DIR
    assert all(shape["report"][n] == shape["extract"][n] for n in shape["report"] if n != "output")
    assert shape["report"]["output"][0] == shape["extract"]["output"][0]


def test_report_command_exit_codes_and_outputs(tmp_path):
    runner = CliRunner(env=ENV)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ev5.md").write_text(
        "---\npublished: 2024-05-01\n---\nKia will begin production of the EV5 in March 2025. "
        "The EV5 has an 88 kWh battery.\n")
    (tmp_path / "in" / "scan.md").write_bytes(b"%PDF-1.4\x00\x00")
    piped = runner.invoke(app, ["report", str(tmp_path / "in"), "--type", "battery", "--title", "EV5 <watch>"])
    assert piped.exit_code == 1 and "scan.md" in piped.stderr       # one input skipped, the report still made
    tree = parse(piped.stdout)
    assert [m.attrs["class"] for m in tree.root.find_all("mark")] == ["ev t-battery"]
    assert [li.text() for li in tree.root.find_all("ul", "legend")[0].find_all("li")] == ["battery"]
    assert tree.root.find_all("title")[0].text() == "EV5 <watch>"
    assert "scan.md" in tree.root.find_all("table", "errors")[0].text()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    twice = runner.invoke(app, ["report", str(tmp_path / "in" / "ev5.md"), str(tmp_path / "in" / "ev5.md")])
    assert twice.exit_code == 0, twice.output
    assert len(parse(twice.stdout).root.find_all("section", "article")) == 1   # one article, ids stay unique
    ids(parse(twice.stdout).root)
    for bad in (tmp_path / "mine", tmp_path / "nowhere" / "r.html"):
        refused = runner.invoke(app, ["report", str(tmp_path / "in"), "-o", str(bad)])
        assert refused.exit_code == 2 and str(bad) in refused.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"
