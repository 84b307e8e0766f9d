"""Hostile and unlucky inputs (issue 16): no hang, no traceback, nothing lost.

Each case is built for real (a FIFO, a YAML alias bomb, a catastrophic regex,
a worker killed with SIGKILL, a listener that never speaks Dask, a symlink,
/dev/zero, a tree 1,100 folders deep, a file name that is not UTF-8...) and
run through the real command line in a child process, or in-process where a
child would add nothing. Every run must end within a generous bound (a hang
is the bug; no speed is asserted), print no traceback, keep the good
documents' facts and end with the documented exit code.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evfacts.cli import app

#: No case may take longer than this (seconds): the bound on a hang, not a speed target.
BOUND = 120

GOOD = """---
title: Kestrel Motors starts building the Osprey
published: 2024-05-14
---
Kestrel Motors began production of the Osprey electric SUV at its plant in Tilburg on Monday.
The Osprey has a 77 kWh battery and a WLTP range of 520 km. Deliveries will start in July.
"""
GOOD_BODY = GOOD.split("---\n", 2)[2]
#: Environment of a child evfacts: no developer settings, UTF-8 output.
ENV = {k: v for k, v in os.environ.items() if not k.startswith("EVFACTS_")} | {"PYTHONIOENCODING": "utf-8"}


def evfacts(*args: str, stdin: bytes | None = None, timeout: float = BOUND, env: dict | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m evfacts ARGS`` in a child process, bounded by ``timeout`` (a hang fails the test)."""
    return subprocess.run([sys.executable, "-m", "evfacts", *args], input=stdin, capture_output=True,
                          timeout=timeout, env=env or ENV, cwd=cwd)


def records(output: bytes) -> list[dict]:
    return [json.loads(line) for line in output.decode("utf-8").splitlines() if line.strip()]


def assert_clean(proc: subprocess.CompletedProcess, code: int) -> str:
    """The documented exit code and no traceback; returns stderr."""
    err = proc.stderr.decode("utf-8", errors="replace")
    assert proc.returncode == code, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    return err


def good_facts(rows: list[dict], name: str = "good.md") -> list[dict]:
    facts = [r for r in rows if "doc" in r and r["doc"].endswith(name)]
    assert any(f["type"] == "battery" and f["value"] == 77 and f["subject"] == "Osprey" for f in facts), rows
    return facts


def errors_of(rows: list[dict]) -> dict[str, str]:
    return {Path(r["path"]).name: r["error"] for r in rows if "error" in r}


# ----- hangs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fifo_in_a_folder_and_named(tmp_path, jobs):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    os.mkfifo(tmp_path / "named")
    proc = evfacts("extract", str(tmp_path), str(tmp_path / "named"), "--format", "jsonl", "--jobs", jobs)
    err = assert_clean(proc, 1)
    rows = records(proc.stdout)
    good_facts(rows)
    assert errors_of(rows) == {"pipe.md": "unreadable", "named": "unreadable"}
    assert "named pipe" in err


BOMB = "\n".join([
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    *(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")),
])


def test_alias_bomb_in_front_matter(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bomb.md").write_text(f"---\n{BOMB}\ntitle: *i\n---\n{GOOD_BODY}", encoding="utf-8")
    proc = evfacts("extract", str(tmp_path), "--format", "json", "--reference-date", "2024-05-14")
    assert_clean(proc, 0)
    documents = {Path(d["path"]).name: d for d in json.loads(proc.stdout)["documents"]}
    assert any("aliases" in w for w in documents["bomb.md"]["warnings"])
    assert documents["bomb.md"]["facts"] and documents["good.md"]["facts"]  # the body is still read


def test_alias_bomb_in_a_claims_file(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    claims = tmp_path / "claims.yaml"
    claims.write_text(f"{BOMB}\nclaims:\n  - type: battery\n    subject: Osprey\n    spec: capacity\n    value: *i\n",
                      encoding="utf-8")
    proc = evfacts("check", "--in", str(tmp_path), "--claims", str(claims))
    err = assert_clean(proc, 2)
    assert "claims.yaml" in err and "aliases" in err


def test_catastrophic_regex_in_a_user_pattern(tmp_path):
    (tmp_path / "good.md").write_text(GOOD + "\n" + "a" * 5000 + "!\n", encoding="utf-8")
    patterns = tmp_path / "mine.yaml"
    patterns.write_text('kind: triggers\ntype: battery\ntriggers:\n  - id: mine.redos\n    label: capacity\n'
                        '    pattern: [{TEXT: {REGEX: "^(a+)+$"}}]\n', encoding="utf-8")
    proc = evfacts("extract", str(tmp_path / "good.md"), "--patterns", str(patterns))
    err = assert_clean(proc, 2)
    assert f"{patterns}:6" in err and "nests one repetition inside another" in err


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_killed_worker_with_jobs_2(tmp_path):
    """SIGKILL a worker (as the out-of-memory killer does): the run still ends, nothing is lost."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(64):
        (folder / f"a{n:03}.md").write_text(GOOD, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "evfacts", "extract", str(folder), "--jobs", "2",
                             "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    deadline = time.monotonic() + BOUND
    while not _children(proc.pid):
        assert proc.poll() is None and time.monotonic() < deadline, "no worker was started"
        time.sleep(0.05)
    os.kill(_children(proc.pid)[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=BOUND)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
    rows = records(out)
    assert len({r["doc"] for r in rows}) == 64  # the dead worker's slice was retried
    assert all(f["value"] == 77 for f in rows if f.get("spec") == "capacity")


def test_a_document_that_kills_its_worker_twice_is_an_error_record():
    """The retry rule itself: a slice a worker died on is retried one document per task, once."""
    from evfacts.executors.parallel import _after_death, _Task

    filled = {0: [None, None, None]}
    retries = _after_death(_Task(0, 0, ["a.md", "b.md", "c.md"]), "killed", filled)
    assert [(t.offset, t.items, t.retried) for t in retries] == [(0, ["a.md"], True), (1, ["b.md"], True),
                                                                 (2, ["c.md"], True)]
    assert _after_death(retries[1], "the worker process extracting it was killed by SIGKILL", filled) == []
    failed = filled[0][1]
    assert failed.error == "extract_failed" and failed.path == "b.md" and "SIGKILL" in failed.message
    assert filled[0][0] is None and filled[0][2] is None  # the others are still to come


class _Listener:
    """A TCP server on 127.0.0.1 that accepts connections and never speaks Dask (or answers HTTP)."""

    def __init__(self, http: bool) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.http = http
        self.address = f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            if self.http:
                try:
                    conn.recv(4096)
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
        self.sock.close()


class _Unanswered:
    """A TCP port on 127.0.0.1 whose connections never complete, as an unroutable address's do.

    A listener with a backlog of 0 that never accepts: once its queue is full,
    the kernel drops further connection requests, so a client waits as it
    would for a host that does not exist.
    """

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        port = self.sock.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        self.fillers = []
        for _ in range(4):  # fill the accept queue
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            self.fillers.append(filler)
        time.sleep(0.2)

    def close(self) -> None:
        for filler in self.fillers:
            filler.close()
        self.sock.close()


def _bounded(run, seconds: float = BOUND):
    """``run()`` in a thread, failing the test if it has not returned within ``seconds`` (a hang)."""
    box: list = []
    thread = threading.Thread(target=lambda: box.append(run()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"no answer within {seconds} s: a hang"
    return box[0]


@pytest.mark.parametrize("kind", ["silent", "http", "unroutable"])
def test_scheduler_that_never_speaks_dask(tmp_path, monkeypatch, kind):
    pytest.importorskip("distributed")
    import evfacts.executors.distributed as distributed

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 3.0)  # the README's 10 s, shortened for the test
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    listener = _Unanswered() if kind == "unroutable" else _Listener(http=kind == "http")
    try:
        result = _bounded(lambda: CliRunner().invoke(app, ["extract", str(tmp_path), "--scheduler",
                                                           listener.address]), 60)
    finally:
        listener.close()
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert listener.address in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert {"silent": "no answer within 3 s", "http": "not in Dask's protocol",
            "unroutable": "cannot reach the Dask scheduler"}[kind] in result.stderr


def test_tls_scheduler_without_certificates_is_a_message():
    pytest.importorskip("distributed")
    result = CliRunner().invoke(app, ["extract", "samples", "--scheduler", "tls://127.0.0.1:1"])
    assert result.exit_code == 2 and "cannot reach the Dask scheduler at tls://127.0.0.1:1" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ----- data lost -----------------------------------------------------------------------------

def test_output_naming_an_input_is_refused_before_reading(tmp_path):
    article = tmp_path / "good.md"
    article.write_text(GOOD, encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(article)
    for target in (article, link):
        proc = evfacts("extract", str(tmp_path), "-o", str(target), "--format", "jsonl")
        err = assert_clean(proc, 2)
        assert "is one of the inputs" in err
        assert article.read_text(encoding="utf-8") == GOOD and link.is_symlink()


def test_output_through_a_symlink_keeps_the_link(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    real = tmp_path / "out" / "facts.jsonl"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "facts.jsonl"
    link.symlink_to(real)
    proc = evfacts("extract", str(tmp_path / "good.md"), "-o", str(link))
    assert_clean(proc, 0)
    assert link.is_symlink() and os.readlink(link) == str(real)
    good_facts(records(real.read_bytes()))
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the replaced file's mode is kept
    assert sorted(p.name for p in real.parent.iterdir()) == ["facts.jsonl"]  # no temporary file left


def test_output_to_a_device_like_target_is_written_through(tmp_path):
    """A named pipe stands for a device: it must be written, never replaced by a regular file."""
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    fifo = tmp_path / "facts.jsonl"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = evfacts("extract", str(tmp_path / "good.md"), "-o", str(fifo))
    reader.join(BOUND)
    assert_clean(proc, 0)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    good_facts(records(received[0]))


def test_write_errors_are_exit_2(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    with open("/dev/full", "wb") as full:  # a full disk behind standard output
        proc = subprocess.run([sys.executable, "-m", "evfacts", "extract", str(tmp_path / "good.md"),
                               "--format", "jsonl"], stdout=full, stderr=subprocess.PIPE, timeout=BOUND, env=ENV)
    err = assert_clean(proc, 2)
    assert "cannot write standard output: No space left on device" in err


def test_output_onto_a_device_node_is_written_through_and_its_errors_are_exit_2(tmp_path):
    """``-o /dev/full``, on a twin of /dev/full made in the test's folder (the real one is never at risk)."""
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    full = tmp_path / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        with open(full, "wb") as probe:
            probe.write(b"x")
    except PermissionError:
        pytest.skip("device nodes cannot be made or opened here")
    except OSError:
        pass  # No space left on device: it is /dev/full
    proc = evfacts("extract", str(tmp_path / "good.md"), "-o", str(full), "--format", "jsonl")
    err = assert_clean(proc, 2)
    assert err.strip() == f"evfacts: cannot write {full}: No space left on device"
    assert stat.S_ISCHR(full.lstat().st_mode)  # written through, never replaced by a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "good.md"]


def test_a_full_disk_under_a_regular_output_file_is_exit_2(tmp_path):
    """A disk that fills while the temporary file is written (here: the file-size limit, which makes every
    write past it fail as a full disk does): one line, exit 2, and neither output nor temporary file left."""
    import resource

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(20):
        (folder / f"a{n:02}.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for args in (["extract", str(folder), "-o", str(out / "facts.jsonl")],
                 ["extract", str(folder), "-o", str(out / "facts.json")],
                 ["report", str(folder), "-o", str(out / "report.html")]):
        proc = subprocess.run([sys.executable, "-m", "evfacts", *args, "--quiet"], capture_output=True,
                              timeout=BOUND, env=ENV,
                              preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000)))
        err = assert_clean(proc, 2)
        assert err.strip() == f"evfacts: cannot write {args[-1]}: File too large"
        assert list(out.iterdir()) == []


def test_read_only_output_folder_is_exit_2(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    # root may write anywhere it can chmod; sysfs refuses new files even to root
    target = locked / "facts.jsonl" if os.geteuid() != 0 else Path("/sys/evfacts-facts.jsonl")
    try:
        proc = evfacts("extract", str(tmp_path / "good.md"), "-o", str(target))
    finally:
        locked.chmod(0o755)
    err = assert_clean(proc, 2)
    assert f"cannot write {target}" in err and len(err.strip().splitlines()) == 1


def test_endless_inputs_are_bounded_by_max_bytes(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    proc = evfacts("extract", str(tmp_path / "good.md"), "/dev/zero", "--format", "jsonl", "--max-bytes", "100000")
    err = assert_clean(proc, 1)
    rows = records(proc.stdout)
    good_facts(rows)
    assert errors_of(rows) == {"zero": "unreadable"} and "character device" in err
    with open("/dev/zero", "rb") as zero:  # - < /dev/zero
        proc = subprocess.run([sys.executable, "-m", "evfacts", "extract", "-", "--format", "jsonl",
                               "--max-bytes", "100000"], stdin=zero, capture_output=True, timeout=BOUND, env=ENV)
    assert_clean(proc, 1)
    assert errors_of(records(proc.stdout)) == {"-": "too_large"}


def _remove_chain(top: Path) -> None:
    """Remove a deep chain of folders bottom-up (shutil.rmtree, and so pytest's cleanup, would recurse)."""
    chain = [top]
    while (chain[-1] / "d").is_dir():
        chain.append(chain[-1] / "d")
    for folder in reversed(chain):
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder.rmdir()


def test_folder_nested_1100_deep(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    deep = tmp_path
    try:
        for _ in range(1100):
            deep = deep / "d"
            deep.mkdir()
        (deep / "deep.md").write_text(GOOD, encoding="utf-8")
        proc = evfacts("extract", str(tmp_path), "--format", "jsonl")
    finally:
        if (tmp_path / "d").is_dir():
            _remove_chain(tmp_path / "d")
    assert_clean(proc, 0)
    rows = records(proc.stdout)
    good_facts(rows)
    good_facts(rows, "deep.md")


def test_file_name_that_is_not_utf8(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    bad = os.fsencode(tmp_path) + b"/bad\xffbyte.md"
    with open(bad, "wb") as fh:
        fh.write(GOOD.encode("utf-8"))
    out = tmp_path / "facts.jsonl"
    for args in (["-o", str(out)], ["--format", "jsonl"], ["--format", "table"]):
        proc = evfacts("extract", str(tmp_path), *args)
        assert_clean(proc, 0)
    rows = records(out.read_bytes())
    good_facts(rows)
    good_facts(rows, "bad\\xffbyte.md")  # each undecodable byte written as \xNN


def test_310_digit_number_is_no_fact(tmp_path):
    huge = "9" * 310
    (tmp_path / "good.md").write_text(GOOD + f"Kestrel Motors plans to produce {huge} units a year. "
                                             "It will make 0.0 units per month of the Tern.\n", encoding="utf-8")
    proc = evfacts("extract", str(tmp_path), "--format", "jsonl")
    assert_clean(proc, 0)
    rows = records(proc.stdout)
    good_facts(rows)
    assert not [r for r in rows if r["type"] == "production_target"]
    proc = evfacts("check", "--in", str(tmp_path), f"The Osprey will be built at a rate of {huge} units a year.")
    err = assert_clean(proc, 2)
    assert "no fact could be read" in err


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-16-le", "utf-16-be"])
def test_wide_encodings_with_or_without_bom(tmp_path, codec):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "wide.md").write_bytes(GOOD.encode(codec))
    proc = evfacts("extract", str(tmp_path), "--format", "json")
    assert_clean(proc, 0)
    documents = {Path(d["path"]).name: d for d in json.loads(proc.stdout)["documents"]}
    def facts(name: str) -> list[dict]:
        return [{k: v for k, v in f.items() if k != "doc"} for f in documents[name]["facts"]]

    assert facts("wide.md") == facts("good.md") and facts("good.md")
    if codec in ("utf-32-le", "utf-16-le", "utf-16-be"):  # no BOM: detected, and said
        assert any("charset-normalizer" in w for w in documents["wide.md"]["warnings"])


# ----- tracebacks ----------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("value", ".inf", "'value' must be a positive number"),
    ("value", "1.0e+400", "'value' must be a positive number"),
    ("value", ".nan", "'value' must be a positive number"),
    ("units", ".inf", "'units' must be a positive number"),
    ("units", "1" + "0" * 400, "'units' must be a positive number"),
    ("qualifier", "[over]", "'qualifier' must be over, about or under"),
])
def test_non_finite_and_wrongly_typed_claims(tmp_path, field, value, message):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    fact = ({"type": "production_target", "subject": "Osprey", "units": "1000"} if field == "units" else
            {"type": "battery", "subject": "Osprey", "spec": "capacity", "value": "77"})
    fact[field] = value
    claims = tmp_path / "claims.yaml"
    claims.write_text("- {" + ", ".join(f"{k}: {v}" for k, v in fact.items()) + "}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--in", str(tmp_path), "--claims", str(claims), "--format", "json"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{claims} item 1: {message}" in result.stderr
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout


@pytest.mark.parametrize("body, line, message", [
    ("kind: triggers\ntype: battery\ntriggers:\n  - {id: x, label: range, phrase: range, requires: [[start]]}\n",
     4, "triggers[0].requires[0]: Input should be a valid string"),
    ("kind: triggers\ntype: battery\ntriggers:\n  - id: [x, y]\n    label: range\n    phrase: range\n",
     4, "triggers[0].id: Input should be a valid string"),
    ("kind: triggerz\ntype: battery\ntriggers: []\n", 1, "unknown kind 'triggerz'"),
    ("kind: triggers\ntype: battery\nrules: []\ntriggers: []\n", 3, "rules: unknown key"),
    ("kind: triggers\ntype: launch_datez\ntriggers: []\n", 2, "type: Input should be 'launch_date'"),
])
def test_schema_violating_pattern_files(tmp_path, body, line, message):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    patterns = tmp_path / "mine.yaml"
    patterns.write_text(body, encoding="utf-8")
    result = CliRunner(env={"EVFACTS_PATTERNS": None}).invoke(
        app, ["extract", str(tmp_path / "good.md"), "--patterns", str(patterns)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{patterns}:{line}: {message}" in result.stderr


@pytest.mark.parametrize("signum, jobs", [(signal.SIGTERM, "2"), (signal.SIGHUP, "1")])
def test_sigterm_and_sighup_during_output(tmp_path, signum, jobs):
    """Sent to the whole process group, as a terminal or a service manager does: no worker tracebacks."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3000):
        (folder / f"a{n:04}.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "evfacts", "extract", str(folder), "-o", str(out),
                             "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                            start_new_session=True)
    deadline = time.monotonic() + BOUND
    while not any(p.name.startswith(".facts.jsonl.") for p in tmp_path.iterdir()):  # writing has begun
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it wrote anything"
        time.sleep(0.1)
    time.sleep(1)
    os.killpg(proc.pid, signum)
    _, err = proc.communicate(timeout=BOUND)
    assert proc.returncode == 128 + signum, err.decode()
    assert b"Traceback" not in err and err.decode().strip() == f"evfacts: terminated by {signal.Signals(signum).name}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no output and no .tmp file


def test_escape_sequences_never_reach_the_terminal(tmp_path):
    title = "\x1b]0;pwned\x07Kestrel \x1b[2J\u202eMotors"
    written = '"\\e]0;pwned\\aKestrel \\e[2J\\u202eMotors"'  # YAML's escapes for the same title
    (tmp_path / "evil\x1b[2J.md").write_text(GOOD.replace("Kestrel Motors starts building the Osprey", written),
                                             encoding="utf-8")
    proc = evfacts("extract", str(tmp_path), "--format", "table")
    err = assert_clean(proc, 0)
    assert b"\x1b" not in proc.stdout and b"\x07" not in proc.stdout and "\u202e" not in proc.stdout.decode()
    assert "pwned" in proc.stdout.decode() and "\x1b" not in err
    proc = evfacts("check", "--in", str(tmp_path), "--format", "table",
                   "The Osprey has a 77 kWh battery.\x1b[2J\x1b]0;pwned\x07")
    assert_clean(proc, 0)
    assert b"\x1b" not in proc.stdout and b"\x07" not in proc.stdout
    proc = evfacts("extract", str(tmp_path), "--format", "jsonl")  # data formats keep the text exactly
    assert all(r["doc_title"] == title for r in records(proc.stdout))


# ----- issue 15: encodings and languages ------------------------------------------------------

def test_shift_jis_is_decoded_and_named_and_the_language_is_said(tmp_path):
    japanese = "電気自動車メーカーの新会社は、2025年に新型の電気自動車を発売すると発表した。航続距離は500キロメートル。\n" * 3
    (tmp_path / "ja.md").write_bytes(japanese.encode("shift_jis"))
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    proc = evfacts("extract", str(tmp_path), "--format", "json")
    assert_clean(proc, 0)
    documents = {Path(d["path"]).name: d for d in json.loads(proc.stdout)["documents"]}
    warnings = documents["ja.md"]["warnings"]
    assert any("read as cp932" in w for w in warnings)
    assert any("does not look like English" in w for w in warnings)
    assert not any("English" in w for w in documents["good.md"]["warnings"])
    proc = evfacts("report", str(tmp_path / "ja.md"), "-o", str(tmp_path / "r.html"))
    assert japanese.splitlines()[0] in (tmp_path / "r.html").read_text(encoding="utf-8")  # decoded, not mojibake


def test_article_in_another_language_gets_a_warning(extractor):
    german = ("Der Hersteller hat am Montag in München sein neues Elektroauto vorgestellt, das ab dem nächsten "
              "Jahr im Werk in Zwickau gebaut werden soll. Die Batterie hat eine Kapazität von 77 kWh und die "
              "Reichweite liegt nach WLTP bei 520 Kilometern, sagte der Vorstandschef des Unternehmens.\n") * 2
    from evfacts.documents import Document

    (result,) = extractor.extract_documents([Document("de.md", german)])
    assert any("does not look like English" in w for w in result.warnings)
    (result,) = extractor.extract_documents([Document("en.md", GOOD_BODY * 3)])
    assert not any("English" in w for w in result.warnings)
