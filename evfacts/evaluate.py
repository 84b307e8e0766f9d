"""Score predicted facts against hand-written gold files.

This is the measuring stick for pattern work: a user annotates a few articles
in ``*.gold.yaml`` files (see the "Gold files" section of the annotation
guidelines), runs ``evfacts evaluate GOLD_DIR`` and reads precision, recall
and F1 per fact type. The rules follow the guidelines' "Scoring" section:

* Per document and type, gold and predicted facts are matched one to one on
  the type's key (:data:`KEYS`). The *value* score stops there; the *strict*
  score also requires the subject to match.
* A gold field may be a list of acceptable values; a prediction matches if it
  equals any of them.
* Names and subjects compare case-insensitively, ignoring punctuation,
  whitespace, a trailing "'s" and a leading article; dates compare as
  upper-cased strings (a YAML date object counts as its ISO form); battery
  numbers match within 0.5% of the gold value.
* Repeated predictions of one key for one (normalized) subject count once, so
  an extractor is not punished for finding a fact in every sentence that
  repeats it, but two models sharing a date are still two facts.
* The one-to-one matching is a maximum bipartite matching, not greedy: with
  list-valued gold fields a greedy pass in gold order can pair a prediction
  with the "wrong" gold fact and report a miss plus an extra that an optimal
  pairing avoids. The score therefore never depends on fact order.

This module imports no NLP library, so scoring stays fast and testable
without a model; running the extractor is the caller's job.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable

import yaml

from . import safeyaml
from .printable import printable

TYPES = ("launch_date", "production_target", "battery", "stakeholder")

#: The fields that identify a fact of each type (the guidelines' key).
KEYS: dict[str, tuple[str, ...]] = {
    "launch_date": ("event", "date"),
    "production_target": ("units", "date"),
    "battery": ("spec", "value"),
    "stakeholder": ("name",),
}

#: Fields shown for a fact in the error listing, in the guidelines' order.
SHOWN_FIELDS: dict[str, tuple[str, ...]] = {
    "launch_date": ("event", "date"),
    "production_target": ("units", "date", "rate", "kind"),
    "battery": ("spec", "value", "unit"),
    "stakeholder": ("name", "entity", "role", "title"),
}

#: Relative tolerance for battery numbers ("numbers within 0.5%").
NUMBER_TOLERANCE = 0.005

MICRO = "micro"

#: The columns of ``evaluate --format csv``: one row per mode and type.
SCORE_COLUMNS = ["scores", "type", "precision", "recall", "f1", "tp", "predicted", "gold"]


# --------------------------------------------------------------------------- gold files


@dataclass
class GoldDoc:
    """One gold file: the article it annotates and its facts as written.

    ``doc`` is the article's name as extraction names it: the file's name,
    or ``FILE:LINE`` for an article of a JSON Lines corpus (a gold file with
    ``line: N``); ``path`` is the file to read.
    """

    doc: str
    path: Path
    gold_path: Path
    facts: list[dict]


def load_gold(gold_dir: Path) -> list[GoldDoc]:
    """Every ``*.gold.yaml`` under ``gold_dir`` (recursively, in sorted order).

    A malformed file raises ``ValueError`` naming it, because a silently
    skipped or half-read gold file would make every score quietly wrong.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise ValueError(f"{gold_dir}: not a folder of gold files")
    return [_load_gold_file(path) for path in sorted(gold_dir.rglob("*.gold.yaml"))]


def _load_gold_file(path: Path) -> GoldDoc:
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read gold file: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a gold file must be a mapping with `doc` and `facts`")
    doc = data.get("doc")
    if not isinstance(doc, str) or not doc.strip():
        raise ValueError(f"{path}: `doc` must name the article file")
    if "facts" not in data:
        raise ValueError(f"{path}: no `facts` (write `facts: []` for an article without facts)")
    facts = data["facts"] if data["facts"] is not None else []
    if not isinstance(facts, list):
        raise ValueError(f"{path}: `facts` must be a list")
    for number, fact in enumerate(facts, 1):
        _check_gold_fact(path, number, fact)
    article = path.parent / doc
    if not article.is_file():
        raise ValueError(f"{path}: doc {doc!r} not found beside the gold file")
    line = data.get("line")
    if line is not None:  # one article of a JSON Lines corpus
        if not isinstance(line, int) or isinstance(line, bool) or line < 1:
            raise ValueError(f"{path}: `line` must be the article's line number in {doc} (1 or more)")
        doc = f"{doc}:{line}"
    return GoldDoc(doc=doc, path=article, gold_path=path, facts=facts)


def _check_gold_fact(path: Path, number: int, fact: Any) -> None:
    """Reject facts that could never match, so a typo shows up as an error, not a miss."""
    where = f"{path}: fact {number}"
    if not isinstance(fact, dict):
        raise ValueError(f"{where}: must be a mapping")
    if fact.get("type") not in TYPES:
        raise ValueError(f"{where}: type {fact.get('type')!r} is not one of {', '.join(TYPES)}")
    # A date may legitimately be null (a target with no deadline); nothing else in a key may.
    for field in ("subject",) + tuple(f for f in KEYS[fact["type"]] if f != "date"):
        if fact.get(field) in (None, "", []):
            raise ValueError(f"{where} ({fact['type']}): no `{field}`")


# --------------------------------------------------------------------------- normalization

_POSSESSIVE = re.compile(r"['\u2019\u02bc]s\W*$")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def _norm_name(value: Any) -> str | None:
    """Name or subject as compared: "The SAIC Motor's" and "saic-motor" both give "saicmotor".

    Whitespace goes with the punctuation so "Mercedes-Benz", "Mercedes Benz"
    and "U.S." / "US" agree.
    """
    if value is None:
        return None
    text = " ".join(str(value).casefold().split())
    text = _ARTICLE.sub("", _POSSESSIVE.sub("", text))
    return _NOT_ALNUM.sub("", text)


def _norm_word(value: Any) -> str | None:
    """Vocabulary value (event, spec): case and surrounding space do not matter."""
    return None if value is None else str(value).strip().casefold()


def _norm_date(value: Any) -> str | None:
    """Date as compared: YAML turns unquoted 2022-03-29 into a date object, "2024-q1" is "2024-Q1"."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip().upper()


def _norm_number(value: Any) -> float | str | None:
    """A number as float ("10,000" too); anything else (a chemistry) as a normalized name."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return float(value.strip().replace(",", ""))
    return _norm_name(value)


_NORMALIZERS: dict[str, Callable[[Any], Any]] = {
    "subject": _norm_name,
    "name": _norm_name,
    "event": _norm_word,
    "spec": _norm_word,
    "date": _norm_date,
    "units": _norm_number,
    "value": _norm_number,
}


def _alternatives(field: str, value: Any) -> tuple:
    """The normalized acceptable values of a field (a list in gold means "any of these")."""
    values = value if isinstance(value, list) else [value]
    return tuple(_NORMALIZERS[field](v) for v in values)


def _same(field: str, gold: Any, predicted: Any) -> bool:
    """One normalized gold value against one predicted value; battery numbers get a tolerance."""
    if field == "value" and isinstance(gold, float) and isinstance(predicted, float):
        return abs(predicted - gold) <= NUMBER_TOLERANCE * abs(gold) + 1e-9
    return gold == predicted


def _field_matches(field: str, gold_fact: dict, predicted_fact: dict) -> bool:
    return any(
        _same(field, g, p)
        for g in _alternatives(field, gold_fact.get(field))
        for p in _alternatives(field, predicted_fact.get(field))
    )


def _fact_matches(fields: tuple[str, ...], gold_fact: dict, predicted_fact: dict) -> bool:
    return all(_field_matches(f, gold_fact, predicted_fact) for f in fields)


def _dedupe(facts: list[dict], fact_type: str) -> list[dict]:
    """Predictions with one key and one normalized subject, first kept: a repeated fact counts once."""
    seen: set[tuple] = set()
    unique = []
    for fact in facts:
        signature = tuple(_alternatives(f, fact.get(f)) for f in KEYS[fact_type] + ("subject",))
        if signature not in seen:
            seen.add(signature)
            unique.append(fact)
    return unique


# --------------------------------------------------------------------------- matching


def _max_matching(gold: list[dict], predicted: list[dict],
                  matches: Callable[[dict, dict], bool]) -> dict[int, int]:
    """Maximum one-to-one pairing (Kuhn's augmenting paths): predicted index -> gold index.

    Per document and type there are a handful of facts, so the simple
    O(V·E) algorithm is plenty.
    """
    edges = [[p for p, fact in enumerate(predicted) if matches(g_fact, fact)] for g_fact in gold]
    owner: dict[int, int] = {}

    def augment(g: int, visited: set[int]) -> bool:
        for p in edges[g]:
            if p not in visited:
                visited.add(p)
                if p not in owner or augment(owner[p], visited):
                    owner[p] = g
                    return True
        return False

    for g in range(len(gold)):
        augment(g, set())
    return owner


# --------------------------------------------------------------------------- scores


@dataclass
class Score:
    """Counts for one type (or micro) in one mode; the rates derive from them.

    Where a denominator is zero the rate is vacuous, and the convention is
    chosen so that doing nothing is never rewarded:

    * nothing gold, nothing predicted: precision = recall = F1 = 1.0;
    * nothing predicted but gold to find: precision 0.0 (silence is not
      precise), recall 0.0;
    * predictions but nothing gold: precision 0.0, recall 1.0 (nothing was
      missed);
    * F1 is the harmonic mean, 0.0 when precision and recall are both 0.
    """

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        if self.predicted:
            return self.tp / self.predicted
        return 1.0 if self.gold == 0 else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold)

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass
class ErrorRow:
    """A strict-mode gold fact nobody predicted ("missed") or a prediction with no gold ("extra")."""

    doc: str
    type: str
    kind: str
    fact: dict

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "type": self.type, "kind": self.kind, "fact": _jsonable(self.fact)}


@dataclass
class Report:
    """Value and strict scores per type plus ``"micro"``, and the strict errors."""

    value: dict[str, Score]
    strict: dict[str, Score]
    errors: list[ErrorRow]

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": {name: s.to_dict() for name, s in self.value.items()},
            "strict": {name: s.to_dict() for name, s in self.strict.items()},
            "errors": [e.to_dict() for e in self.errors],
        }


def _jsonable(value: Any) -> Any:
    """Gold facts hold YAML date objects; JSON wants strings."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def score(gold: list[GoldDoc], predictions: dict[str, list[dict]], types: tuple[str, ...] = TYPES) -> Report:
    """Compare predictions with gold, per document and type.

    ``predictions`` maps an article's file name (``Path(doc).name``) to its
    predicted facts; an article with no entry counts as predicting nothing.
    Predictions for articles without a gold file, and facts of unknown type,
    are ignored: there is nothing to score them against. Only ``types`` are
    scored (``evaluate --type``), and the micro score sums those.
    """
    types = tuple(t for t in TYPES if t in types)
    value = {t: Score() for t in types}
    strict = {t: Score() for t in types}
    errors: list[ErrorRow] = []
    for gold_doc in gold:
        predicted = predictions.get(Path(gold_doc.doc).name, [])
        for fact_type in types:
            gold_facts = [f for f in gold_doc.facts if f.get("type") == fact_type]
            pred_facts = _dedupe([f for f in predicted if f.get("type") == fact_type], fact_type)
            value_pairs = _pair(gold_facts, pred_facts, KEYS[fact_type])
            strict_pairs = _pair(gold_facts, pred_facts, KEYS[fact_type] + ("subject",))
            value[fact_type] += Score(len(value_pairs), len(pred_facts), len(gold_facts))
            strict[fact_type] += Score(len(strict_pairs), len(pred_facts), len(gold_facts))
            errors += _errors(gold_doc.doc, fact_type, gold_facts, pred_facts, strict_pairs)
    return Report(value=_with_micro(value), strict=_with_micro(strict), errors=errors)


def _pair(gold_facts: list[dict], pred_facts: list[dict], fields: tuple[str, ...]) -> dict[int, int]:
    """Best one-to-one pairing of facts that agree on ``fields``: predicted index -> gold index."""
    return _max_matching(gold_facts, pred_facts, lambda g, p: _fact_matches(fields, g, p))


def _with_micro(scores: dict[str, Score]) -> dict[str, Score]:
    return {**scores, MICRO: sum(scores.values(), Score())}


def _errors(doc: str, fact_type: str, gold_facts: list[dict], pred_facts: list[dict],
            pairs: dict[int, int]) -> list[ErrorRow]:
    matched_gold = set(pairs.values())
    missed = [ErrorRow(doc, fact_type, "missed", f) for i, f in enumerate(gold_facts) if i not in matched_gold]
    extra = [ErrorRow(doc, fact_type, "extra", f) for i, f in enumerate(pred_facts) if i not in pairs]
    return missed + extra


# --------------------------------------------------------------------------- rendering


def render_report(report: Report, show_errors: bool = False) -> str:
    """A plain-text table (one row per type and micro), optionally the errors, then the headline."""
    lines = [f"{'type':<18}{'value P':>9}{'R':>7}{'F1':>7}{'strict P':>11}{'R':>7}{'F1':>7}{'gold':>7}"]
    for name in report.value:
        v, s = report.value[name], report.strict[name]
        lines.append(f"{name:<18}{v.precision:>9.3f}{v.recall:>7.3f}{v.f1:>7.3f}"
                     f"{s.precision:>11.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.gold:>7d}")
    if show_errors and report.errors:
        lines.append("")
        lines += [printable(_error_line(e)) for e in report.errors]  # article text: no terminal escapes
    lines.append(f"strict micro F1 {report.strict[MICRO].f1:.3f}")
    return "\n".join(lines)


def score_rows(report: Report) -> list[dict[str, Any]]:
    """One flat row per mode (value, strict) and type (with micro last): the shape of CSV and JSON Lines."""
    return [{"scores": mode, "type": name, **scores[name].to_dict()}
            for mode, scores in (("value", report.value), ("strict", report.strict)) for name in scores]


def write_jsonl(report: Report, out: IO[str], show_errors: bool = False) -> None:
    """One score row per line, then (with ``show_errors``) one line per missed or extra fact."""
    for row in score_rows(report):
        out.write(json.dumps(row) + "\n")
    for error in report.errors if show_errors else ():
        out.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")


def write_csv(report: Report, out: IO[str]) -> None:
    """The score rows as CSV (the errors do not fit the table; use JSON or JSON Lines for them)."""
    writer = csv.DictWriter(out, fieldnames=SCORE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(score_rows(report))


def _error_line(error: ErrorRow) -> str:
    fields = ("subject",) + SHOWN_FIELDS.get(error.type, ())
    shown = ", ".join(f"{f}={_show(error.fact[f])}" for f in fields if f in error.fact)
    quote = error.fact.get("quote") or error.fact.get("text")
    tail = f'  "{quote}"' if quote else ""
    return f"{error.kind:<7}{error.doc}: {error.type}: {shown}{tail}"


def _show(value: Any) -> str:
    """A field for a person: lists as a|b, dates in ISO form, null as null."""
    if isinstance(value, list):
        return "|".join(_show(v) for v in value)
    if value is None:
        return "null"
    return str(_jsonable(value))


__all__ = ["TYPES", "GoldDoc", "load_gold", "Score", "ErrorRow", "Report", "score", "render_report",
           "score_rows", "write_jsonl", "write_csv"]
