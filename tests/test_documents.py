"""evfacts.documents: front matter, decoding, skipped files and folder walking.

No spaCy here: reading documents is plain Python and must never raise for
one bad file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from pathlib import Path

import pytest

from evfacts.documents import (
    STDIN,
    Document,
    ReadError,
    decode,
    iter_paths,
    parse_document,
    read_document,
    read_documents,
    split_front_matter,
)

ARTICLE = (
    "---\n"
    "title: Kia Confirms EV5 Production Date\n"
    "url: https://example.org/kia-ev5\n"
    "published: 2024-05-01\n"
    "---\n"
    "Kia will begin production of the EV5 in March 2025.\n"
)
HEADER = ARTICLE[: ARTICLE.index("Kia will")]


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read(folder: Path, name: str, data: bytes | str, **kwargs):
    return read_document(str(write(folder, name, data)), **kwargs)


# ----- front matter -----------------------------------------------------------------------


def test_front_matter_fields_parsed_and_stripped(tmp_path):
    doc = read(tmp_path, "a.md", ARTICLE)
    assert isinstance(doc, Document)
    assert doc.title == "Kia Confirms EV5 Production Date"
    assert doc.url == "https://example.org/kia-ev5"
    assert doc.published == dt.date(2024, 5, 1)
    assert type(doc.published) is dt.date
    assert doc.body == "Kia will begin production of the EV5 in March 2025.\n"
    assert "---" not in doc.body and "title:" not in doc.body
    assert doc.warnings == []


def test_body_offsets_start_right_after_closing_fence(tmp_path):
    doc = read(tmp_path, "a.md", ARTICLE)
    start = ARTICLE.index("\n---\n", 3) + len("\n---\n")
    assert start == len(HEADER)
    assert doc.body == ARTICLE[start:]
    # Offset 0 of the body is the first character after "---\n".
    assert doc.body[0] == "K"
    assert doc.body.index("EV5") == ARTICLE.index("EV5", start) - start


def test_body_keeps_leading_blank_line_after_front_matter(tmp_path):
    # Offsets count from the first character after the fence, blank lines included.
    doc = read(tmp_path, "a.md", "---\ntitle: T\n---\n\nBody line.\n")
    assert doc.body == "\nBody line.\n"


def test_published_as_quoted_string_is_a_date(tmp_path):
    doc = read(tmp_path, "a.md", '---\npublished: "2023-06-07"\n---\nBody.\n')
    assert doc.published == dt.date(2023, 6, 7)
    assert doc.warnings == []


def test_published_as_timestamp_is_its_date(tmp_path):
    doc = read(tmp_path, "a.md", "---\npublished: 2023-06-07T09:30:00Z\n---\nBody.\n")
    assert doc.published == dt.date(2023, 6, 7)


@pytest.mark.parametrize("value", ["soon", "June 2023", '"2023-13-45"', "12"])
def test_published_not_a_date_warns(tmp_path, value):
    doc = read(tmp_path, "a.md", f"---\ntitle: T\npublished: {value}\n---\nBody.\n")
    assert isinstance(doc, Document)
    assert doc.published is None
    assert doc.title == "T"
    assert len(doc.warnings) == 1
    assert "published" in doc.warnings[0] and "not a date" in doc.warnings[0]


@pytest.mark.parametrize("value", ["2023-13-45", "2023-02-30"])
def test_impossible_unquoted_date_does_not_raise(tmp_path, value):
    # PyYAML raises ValueError (not YAMLError) building such a date; reading must go on.
    doc = read(tmp_path, "a.md", f"---\npublished: {value}\n---\nBody is kept.\n")
    assert isinstance(doc, Document)
    assert doc.body == "Body is kept.\n"
    assert doc.published is None
    assert doc.warnings


def test_bad_yaml_front_matter_warns_and_keeps_body(tmp_path):
    doc = read(tmp_path, "a.md", "---\ntitle: [unclosed\nurl: x\n---\nBody is kept.\n")
    assert isinstance(doc, Document)
    assert doc.body == "Body is kept.\n"
    assert doc.title is None and doc.published is None
    assert any("not valid YAML" in w for w in doc.warnings)


def test_unclosed_front_matter_warns_and_whole_text_is_body(tmp_path):
    text = "---\ntitle: Never closed\nKia will begin production of the EV5 in March 2025.\n"
    doc = read(tmp_path, "a.md", text)
    assert isinstance(doc, Document)
    assert doc.body == text
    assert doc.title is None
    assert any("never closed" in w for w in doc.warnings)


def test_front_matter_closed_at_end_of_file_without_newline(tmp_path):
    fields, body, warnings = split_front_matter("---\ntitle: T\n---")
    assert fields == {"title": "T"}
    assert body == "" and warnings == []


def test_front_matter_that_is_not_a_mapping_is_ignored(tmp_path):
    doc = read(tmp_path, "a.md", "---\n- just\n- a list\n---\nBody.\n")
    assert doc.body == "Body.\n"
    assert doc.title is None
    assert any("not a mapping" in w for w in doc.warnings)


def test_no_front_matter_leaves_text_untouched():
    text = "Title line\n---\nA horizontal rule is not front matter.\n"
    fields, body, warnings = split_front_matter(text)
    assert (fields, body, warnings) == ({}, text, [])


def test_parse_document_non_string_title_becomes_string():
    doc = parse_document("x.md", "---\ntitle: 2024\n---\nBody.\n")
    assert doc.title == "2024"


# ----- encodings and line endings -------------------------------------------------------


def test_utf8_with_bom_front_matter_still_recognized(tmp_path):
    doc = read(tmp_path, "a.md", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert doc.title == "Kia Confirms EV5 Production Date"
    assert doc.body.startswith("Kia will")
    assert not doc.body.startswith("\ufeff")
    assert doc.warnings == []


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    text = "---\ntitle: Škoda Elroq\n---\nŠkoda’s Elroq has a 82 kWh battery.\n"
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    doc = read(tmp_path, "a.md", bom + text.encode(codec))
    assert isinstance(doc, Document), doc
    assert doc.title == "Škoda Elroq"
    assert doc.body == "Škoda’s Elroq has a 82 kWh battery.\n"


def test_corrupt_utf16_does_not_raise(tmp_path):
    # A BOM followed by an odd number of bytes: replaced, reported, never an exception.
    text, warnings = decode(b"\xff\xfeO\x00k\x00!")
    assert text.startswith("Ok")
    assert warnings
    doc = read(tmp_path, "a.md", b"\xff\xfeO\x00k\x00!")
    assert isinstance(doc, Document)
    assert doc.warnings


def test_cp1252_bytes_decoded_with_warning(tmp_path):
    doc = read(tmp_path, "a.txt", b"caf\xe9 \x93quoted\x94 \x96 ok")
    assert isinstance(doc, Document)
    assert doc.body == "café “quoted” – ok"
    assert any("Windows-1252" in w for w in doc.warnings)


def test_valid_utf8_has_no_warning():
    text, warnings = decode("café “quoted”".encode("utf-8"))
    assert text == "café “quoted”" and warnings == []


@pytest.mark.parametrize("raw", [b"one\r\ntwo\r\nthree", b"one\rtwo\rthree", b"one\r\ntwo\rthree"])
def test_crlf_and_lone_cr_normalized(tmp_path, raw):
    doc = read(tmp_path, "a.txt", raw)
    assert doc.body == "one\ntwo\nthree"
    assert "\r" not in doc.body


def test_crlf_front_matter_parsed(tmp_path):
    doc = read(tmp_path, "a.md", ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert doc.published == dt.date(2024, 5, 1)
    assert doc.body == "Kia will begin production of the EV5 in March 2025.\n"


# ----- files that cannot be used ---------------------------------------------------------


@pytest.mark.parametrize("data, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"Looks like text\x00\x00but is not", "NUL"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
])
def test_binary_files_are_read_errors(tmp_path, data, what):
    item = read(tmp_path, "scan.md", data)
    assert isinstance(item, ReadError)
    assert item.error == "binary"
    assert what in item.message
    assert item.path.endswith("scan.md")


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\r\n\r\n", "---\ntitle: Only front matter\n---\n  \n"])
def test_empty_or_whitespace_only_is_empty(tmp_path, data):
    item = read(tmp_path, "blank.md", data)
    assert isinstance(item, ReadError)
    assert item.error == "empty"


def test_over_max_bytes_is_too_large(tmp_path):
    item = read(tmp_path, "big.md", "x" * 101, max_bytes=100)
    assert isinstance(item, ReadError)
    assert item.error == "too_large"
    assert "--max-bytes" in item.message


def test_exactly_max_bytes_is_read(tmp_path):
    item = read(tmp_path, "ok.md", "x" * 100, max_bytes=100)
    assert isinstance(item, Document)


def test_missing_path_is_not_found(tmp_path):
    missing = str(tmp_path / "nope.md")
    item = read_document(missing)
    assert isinstance(item, ReadError)
    assert item.error == "not_found"
    assert item.path == missing
    (walked,) = list(iter_paths([missing]))
    assert isinstance(walked, ReadError) and walked.error == "not_found"


def test_folder_given_to_read_document_is_unreadable(tmp_path):
    item = read_document(str(tmp_path))
    assert isinstance(item, ReadError)
    assert item.error == "unreadable"


def test_read_error_to_dict():
    assert ReadError("a.md", "binary", "skipped").to_dict() == {
        "path": "a.md", "error": "binary", "message": "skipped"}


def test_stdin_is_read(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    assert list(iter_paths([STDIN])) == [STDIN]
    doc = read_document(STDIN)
    assert isinstance(doc, Document)
    assert doc.path == "-"
    assert doc.published == dt.date(2024, 5, 1)


def test_stdin_over_max_bytes(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"y" * 50)))
    item = read_document(STDIN, max_bytes=10)
    assert isinstance(item, ReadError) and item.error == "too_large"


# ----- folders ---------------------------------------------------------------------------


def make_tree(root: Path) -> None:
    write(root, "z-last.md", "Z.")
    write(root, "a-first.txt", "A.")
    write(root, "m/b-nested.md", "B.")
    write(root, "m/deeper/c.markdown", "C.")
    write(root, "UPPER.TXT", "U.")
    write(root, "m/page.html", "<p>x</p>")  # a saved web page
    # Not articles: other suffixes, JSON Lines (evfacts' own output), hidden files and hidden folders.
    write(root, "notes.pdf", b"%PDF-1.4")
    write(root, "a-first.gold.yaml", "doc: a-first.txt\nfacts: []\n")
    write(root, "facts.jsonl", '{"doc": "a-first.txt", "text": "started production"}\n')
    write(root, ".hidden.md", "H.")
    write(root, ".git/HEAD.md", "G.")
    write(root, "m/.cache/d.md", "D.")


def test_folder_walk_recursive_sorted_articles_only(tmp_path):
    make_tree(tmp_path)
    items = list(iter_paths([str(tmp_path)]))
    found = [p for p in items if isinstance(p, str)]
    rel = [os.path.relpath(p, tmp_path) for p in found]
    assert rel == sorted(rel)
    assert set(rel) == {"z-last.md", "a-first.txt", os.path.join("m", "b-nested.md"),
                        os.path.join("m", "deeper", "c.markdown"), "UPPER.TXT", os.path.join("m", "page.html")}
    # A stray PDF is reported with a reason; data files (.gold.yaml, .jsonl) pass quietly.
    errors = [p for p in items if isinstance(p, ReadError)]
    assert [(os.path.relpath(e.path, tmp_path), e.error) for e in errors] == [("notes.pdf", "unsupported")]
    assert ".pdf" in errors[0].message


def test_explicit_file_is_read_whatever_its_suffix(tmp_path):
    path = write(tmp_path, "story.html", "Plain words.")
    assert list(iter_paths([str(path)])) == [str(path)]


def test_inputs_keep_their_order(tmp_path):
    make_tree(tmp_path)
    z, a = str(tmp_path / "z-last.md"), str(tmp_path / "a-first.txt")
    assert list(iter_paths([z, a])) == [z, a]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_is_not_followed_and_walk_terminates(tmp_path):
    root = tmp_path / "root"
    write(root, "a.md", "A.")
    write(root, "sub/b.md", "B.")
    try:
        os.symlink(root, root / "sub" / "loop", target_is_directory=True)   # sub/loop -> root
        os.symlink(root / "sub", root / "back", target_is_directory=True)   # back -> sub
    except (OSError, NotImplementedError):
        pytest.skip("cannot create symlinks here")
    found = list(iter_paths([str(root)]))
    rel = [os.path.relpath(p, root) for p in found]
    assert rel == ["a.md", os.path.join("sub", "b.md")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_self_referencing_file_link_is_reported_not_raised(tmp_path):
    link = tmp_path / "loop.md"
    try:
        os.symlink(link, link)
    except (OSError, NotImplementedError):
        pytest.skip("cannot create symlinks here")
    items = list(read_documents([str(tmp_path)]))
    assert len(items) == 1
    assert isinstance(items[0], ReadError)


def test_read_documents_mixes_documents_and_errors_in_order(tmp_path):
    write(tmp_path, "a.md", ARTICLE)
    write(tmp_path, "b.md", b"")
    write(tmp_path, "c.txt", b"\x89PNG\r\n\x1a\n")
    missing = str(tmp_path / "missing.md")
    items = list(read_documents([str(tmp_path), missing]))
    kinds = [i.error if isinstance(i, ReadError) else "doc" for i in items]
    assert kinds == ["doc", "empty", "binary", "not_found"]
    assert items[0].title == "Kia Confirms EV5 Production Date"


@pytest.mark.parametrize("contents", [{}, {"notes.yaml": "a: 1", "sub/data.csv": "x,y"}])
def test_folder_without_articles_is_an_error(tmp_path, contents):
    """Issue 15: a folder with no article file is said, not a silent run that read nothing."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in contents.items():
        write(folder, name, text)
    (item,) = list(iter_paths([str(folder)]))
    assert isinstance(item, ReadError) and item.error == "no_articles" and item.path == str(folder)
    assert ".md" in item.message
