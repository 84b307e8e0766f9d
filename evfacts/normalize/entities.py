"""EV-world names: the gazetteer of companies, vehicle models and people.

spaCy's small English model does not know the EV world: it calls
"Zhangjiang Hi-Tech" a person, "Alibaba" a place, keeps the hyphen of
"SAIC Motor-backed" and knows no car model at all. The gazetteer fixes that
as data (``patterns/gazetteer/*.yaml``, ``kind: gazetteer``) and serves two
needs:

* :meth:`Gazetteer.lookup` / :meth:`Gazetteer.same` map any spelling found in
  text ("Zhiji", "IM Auto", "the IM Motors'") to one canonical entry, so a
  stakeholder or subject is counted once whatever the article calls it;
* :meth:`Gazetteer.phrase_patterns` gives patterns for a spaCy
  ``entity_ruler`` placed before ``ner`` (names as PhraseMatcher phrases,
  generic model shapes as token patterns, plus the case rule and legal forms
  that ``pipeline.GazetteerCheck`` applies after matching), so the
  statistical NER builds its entities around the known names instead of
  splitting or mislabelling them.

Lookup and the ruler agree by construction: every matchable surface form is
resolved through the same index that :meth:`lookup` reads, so a span the ruler
labels carries the id that ``lookup`` would return for its text.

spaCy is never imported at module import time (``evfacts --help`` must stay
fast); a tokenizer is passed in, or a blank English one is made on demand.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from evfacts.patterns import PatternError, PatternFile, load_patterns

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer

GAZETTEER_KIND = "gazetteer"
MODEL_KIND = "model"
PERSON_KIND = "person"

#: Organization kinds a gazetteer entry may declare.
ORG_KINDS = frozenset({
    "carmaker", "brand", "ev_venture", "joint_venture", "battery_supplier", "tech_supplier",
    "contract_manufacturer", "investor", "outlet", "regulator", "research", "other",
})
#: Organizations whose names may stand in front of a model name ("Kia EV9").
VEHICLE_MAKER_KINDS = frozenset({"carmaker", "brand", "ev_venture"})

#: Entity-ruler label per entry kind; every other organization kind is ORG.
LABELS = {MODEL_KIND: "EV_MODEL", PERSON_KIND: "PERSON", "outlet": "MEDIA", "regulator": "GOV"}

_SECTION_FIELDS = {
    "organizations": frozenset({"name", "aliases", "kind", "parent", "parents", "prefixes"}),
    "models": frozenset({"name", "brand", "aliases", "brand_only"}),
    "people": frozenset({"name", "aliases", "company", "title"}),
}
_LIST_FIELDS = frozenset({"aliases", "parents", "prefixes", "brand_only"})
_TOP_KEYS = frozenset({"kind", "generic_models", "corporate_suffixes", *_SECTION_FIELDS})
_GENERIC_FIELDS = frozenset({"code", "not_codes", "suffixes"})
# Sections in the order their entries claim names: a later section wins a
# shared name, so a model beats an organization and a person for one span.
_SECTION_ORDER = ("organizations", "people", "models")
_SECTION_KIND = {"people": PERSON_KIND, "models": MODEL_KIND}

_NUMBER_SHAPE = r"\d{1,3}"          # "Zeekr 007", "Polestar 5"; never a 4-digit year
_SERIES_SHAPE = r"[A-Z0-9]{1,2}\.?"  # "Model Q", "Ioniq 7", "Aion LX"; "Q." ends a sentence


@dataclass(frozen=True)
class Entry:
    """One known entity: a company, a vehicle model or a person.

    ``aliases`` are the other spellings the data lists (brand-prefixed model
    names like "Kia EV9" are generated, not stored). ``brand`` is a model's
    maker, ``parent`` an organization's owner (a person's company), ``parents``
    the partners of a joint venture; all three hold canonical names.
    """

    canonical: str
    kind: str
    aliases: tuple[str, ...]
    brand: str | None = None
    parent: str | None = None
    parents: tuple[str, ...] = ()
    title: str | None = None
    prefixes: tuple[str, ...] = ()
    brand_only: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.canonical, *self.aliases)


def label_of(entry: Entry) -> str:
    """The entity-ruler label for an entry: EV_MODEL, PERSON, MEDIA, GOV or ORG."""
    return LABELS.get(entry.kind, "ORG")


# ----- surface normalization ------------------------------------------------------------

_QUOTES = "\"'“”‘’«»„`"
_EDGE_STRIP = _QUOTES + "()[]{}<>*_ \t\n"
_POSSESSIVE = re.compile(r"['’`]s?$")
_ARTICLE = re.compile(r"^(?:the|an|a)\s+(?=\S)", re.IGNORECASE)
_TRAILING_PUNCT = re.compile(r"[\s,;:!?\-–—/|]+$")
# A conjunction the NER ran into the name at the end of a list ("Quintar Auto and").
_TRAILING_CONJUNCTION = re.compile(r"\s+(?:and|or)$")
# A compound modifier glued to a name by the NER ("SAIC Motor-backed").
_COMPOUND_TAIL = re.compile(
    r"-(?:backed|owned|based|led|funded|controlled|affiliated|supported|made|built|run)$",
    re.IGNORECASE)
# Abbreviations whose final period is part of the name ("Tesla Inc.").
_ABBREVIATIONS = frozenset({"inc", "co", "corp", "ltd", "bros", "jr", "sr"})
#: Corporate words that are part of what a company is called, not only its legal form.
_NAME_WORDS = frozenset({"group", "holding", "holdings", "corporation"})
_MODEL_YEAR = re.compile(r"^(?:19|20)\d\d (?=\S)")


def clean_name(text: str) -> str:
    """A name as it should be reported: without the debris NER spans carry.

    Strips surrounding quotes and brackets, a leading article, a possessive,
    a trailing hyphen or compound modifier ("SAIC Motor-" and
    "SAIC Motor-backed" -> "SAIC Motor"), trailing punctuation and a trailing
    "and", keeping the period of an abbreviation ("Tesla Inc.").
    """
    name = " ".join(text.split())
    previous = None
    while name != previous:
        previous = name
        name = name.strip(_EDGE_STRIP)
        name = _ARTICLE.sub("", name)
        name = _POSSESSIVE.sub("", name)
        name = _COMPOUND_TAIL.sub("", name)
        name = _TRAILING_PUNCT.sub("", name)
        name = _TRAILING_CONJUNCTION.sub("", name)
        name = _strip_final_period(name)
    return name


def _strip_final_period(name: str) -> str:
    if not name.endswith("."):
        return name
    last = name.split()[-1]
    if last[:-1].lower() in _ABBREVIATIONS or "." in last[:-1]:
        return name
    return name[:-1]


def norm_key(text: str) -> str:
    """The key every lookup compares: case, accents, punctuation and articles ignored.

    NFKC, accents dropped ("Škoda" = "Skoda"), lower case, "&" read as "and"
    and "+" as "plus" (so "S1 X+" stays apart from "S1 X"), a trailing
    possessive and a leading article removed, every other non-alphanumeric
    character a space ("SAIC-GM-Wuling" = "SAIC GM Wuling", "ID.4" = "ID 4").
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.lower().strip()
    text = _POSSESSIVE.sub("", text)
    text = text.replace("&", " and ").replace("+", " plus ")
    text = re.sub(r"[^\w]+|_", " ", text).strip()
    return _ARTICLE.sub("", text)


def _hyphen_variants(name: str) -> list[str]:
    """The name, and with hyphens between words as spaces ("Mercedes Benz")."""
    spaced = re.sub(r"(?<=\w)-(?=[^\W\d_])", " ", name)
    return [name] if spaced == name else [name, spaced]


def _strip_prefix(name: str, prefixes: Iterable[str]) -> str | None:
    """The rest of ``name`` after one of ``prefixes`` and a space, if it starts so."""
    lowered = name.lower()
    for prefix in sorted(prefixes, key=len, reverse=True):
        if lowered.startswith(prefix.lower() + " ") and len(name) > len(prefix) + 1:
            return name[len(prefix) + 1:]
    return None


# ----- reading and validating the YAML ---------------------------------------------------

@dataclass
class _Record:
    """An entry being merged from one or more files; ``origin`` is its last definition."""

    section: str
    values: dict[str, Any]
    origin: tuple[PatternFile, Any]

    def error(self, message: str) -> PatternError:
        pf, obj = self.origin
        return pf.error(message, obj, self.values.get("name"))


@dataclass
class _Generic:
    """Settings of the generic "brand + model code" patterns (section ``generic_models``)."""

    code: str | None = None
    not_codes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)


def _string_list(pf: PatternFile, value: Any, what: str, obj: Any, pid: str | None) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise pf.error(f"'{what}' must be a list of names", obj, pid)
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise pf.error(f"every item of '{what}' must be a non-empty string, not {item!r}", obj, pid)
    return [item.strip() for item in value]


def _optional_string(pf: PatternFile, value: Any, what: str, obj: Any, pid: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise pf.error(f"'{what}' must be a non-empty string", obj, pid)
    return value.strip()


def _read_entry(pf: PatternFile, section: str, obj: Any) -> dict[str, Any]:
    """One validated raw entry: known fields, a name, strings where strings belong."""
    if not isinstance(obj, dict):
        raise pf.error(f"each item of '{section}' must be a mapping with a 'name'", obj)
    name = obj.get("name")
    if not isinstance(name, str) or not name.strip():
        raise pf.error(f"an entry of '{section}' has no 'name'", obj)
    pid = name.strip()
    unknown = set(obj) - _SECTION_FIELDS[section]
    if unknown:
        raise pf.error(f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_SECTION_FIELDS[section])}",
                       obj, pid)
    values: dict[str, Any] = {"name": pid}
    for key, value in obj.items():
        if key == "name" or value is None:
            continue
        if key in _LIST_FIELDS:
            values[key] = _string_list(pf, value, key, obj, pid)
        else:
            values[key] = _optional_string(pf, value, key, obj, pid)
    if "kind" in values and values["kind"] not in ORG_KINDS:
        raise pf.error(f"unknown kind {values['kind']!r}; use one of {sorted(ORG_KINDS)}", obj, pid)
    return values


def _read_generic(pf: PatternFile, generic: _Generic) -> None:
    data = pf.data.get("generic_models")
    if data is None:
        return
    if not isinstance(data, dict) or set(data) - _GENERIC_FIELDS:
        raise pf.error(f"'generic_models' must be a mapping with {sorted(_GENERIC_FIELDS)}", data)
    code = _optional_string(pf, data.get("code"), "code", data, "generic_models")
    if code is not None:
        try:
            re.compile(code)
        except re.error as exc:
            raise pf.error(f"invalid regular expression in 'code': {exc}", data, "generic_models") from exc
        generic.code = code
    generic.not_codes += _string_list(pf, data.get("not_codes"), "not_codes", data, "generic_models")
    generic.suffixes += _string_list(pf, data.get("suffixes"), "suffixes", data, "generic_models")


def _check_file_duplicates(pf: PatternFile, section: str, entries: list[tuple[Any, dict]]) -> None:
    """Within one file, two entries of a section may share neither a name nor an alias."""
    owner: dict[str, str] = {}
    for obj, values in entries:
        canonical = norm_key(values["name"])
        if canonical in owner and owner[canonical] == canonical:
            raise pf.error(f"duplicate entry in '{section}'", obj, values["name"])
        for name in [values["name"], *values.get("aliases", [])]:
            key = norm_key(name)
            if owner.get(key, canonical) != canonical:
                raise pf.error(f"the name {name!r} is already used by another entry of '{section}'",
                               obj, values["name"])
            owner[key] = canonical


def _merge(records: dict[tuple[str, str], _Record], section: str, pf: PatternFile, obj: Any,
           values: dict[str, Any]) -> None:
    """Add an entry, or extend/override the one of an earlier file with the same name."""
    key = (section, norm_key(values["name"]))
    record = records.get(key)
    if record is None:
        records[key] = _Record(section, dict(values), (pf, obj))
        return
    for name, value in values.items():
        if name == "name":
            continue
        if name in _LIST_FIELDS:
            old = record.values.get(name, [])
            record.values[name] = old + [v for v in value if v not in old]
        else:
            record.values[name] = value
    record.origin = (pf, obj)


def _required(record: _Record) -> None:
    needed = {"organizations": "kind", "models": "brand"}.get(record.section)
    if needed and not record.values.get(needed):
        raise record.error(f"an entry of '{record.section}' needs '{needed}'")


# ----- the gazetteer ---------------------------------------------------------------------

class Gazetteer:
    """Known organizations, models and people, merged from ``kind: gazetteer`` files.

    Files are read in order (defaults, then a user's). An entry whose name
    matches one of an earlier file extends it: aliases are added and any
    field it gives overrides. Where two entries claim one spelling, a model
    beats a person and a person an organization (a model name is the more
    specific reading of a span); between entries of one section the later
    file wins, and within one file a shared name is an error.
    """

    def __init__(self, files: list[PatternFile]) -> None:
        records: dict[tuple[str, str], _Record] = {}
        self._generic = _Generic()
        self._corporate_suffixes: list[str] = []
        for pf in files:
            self._read_file(pf, records)
        for record in records.values():
            _required(record)
        self._resolve_references(records)
        self._entries = [self._entry(r) for s in _SECTION_ORDER for r in records.values() if r.section == s]
        self._orgs = {e.canonical: e for e in self._entries if e.kind in ORG_KINDS}
        self._legal_forms = frozenset(norm_key(s) for s in self._corporate_suffixes)
        self._maker_keys = {norm_key(n): e.canonical for e in self._orgs.values() for n in self._maker_names(e)}
        self._index: dict[str, Entry] = {}
        self._surfaces: list[str] = []
        self._build_index()

    # -- construction --

    def _read_file(self, pf: PatternFile, records: dict[tuple[str, str], _Record]) -> None:
        unknown = set(pf.data) - _TOP_KEYS
        if unknown:
            raise pf.error(f"unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
        for section in _SECTION_FIELDS:
            items = pf.data.get(section)
            if items is None:
                continue
            if not isinstance(items, list):
                raise pf.error(f"'{section}' must be a list of entries")
            entries = [(obj, _read_entry(pf, section, obj)) for obj in items]
            _check_file_duplicates(pf, section, entries)
            for obj, values in entries:
                _merge(records, section, pf, obj, values)
        _read_generic(pf, self._generic)
        self._corporate_suffixes += _string_list(pf, pf.data.get("corporate_suffixes"),
                                                 "corporate_suffixes", pf.data, None)

    @staticmethod
    def _resolve_references(records: dict[tuple[str, str], _Record]) -> None:
        """Turn brand/parent/parents/company into canonical organization names, or fail."""
        orgs: dict[str, str] = {}
        for record in records.values():
            if record.section == "organizations":
                for name in [record.values["name"], *record.values.get("aliases", [])]:
                    orgs.setdefault(norm_key(name), record.values["name"])

        def resolve(record: _Record, name: str, what: str) -> str:
            canonical = orgs.get(norm_key(name))
            if canonical is None:
                raise record.error(f"'{what}' names {name!r}, which is not an organization of the gazetteer")
            return canonical

        for record in records.values():
            for what in ("brand", "parent", "company"):
                if record.values.get(what):
                    record.values[what] = resolve(record, record.values[what], what)
            record.values["parents"] = [resolve(record, p, "parents") for p in record.values.get("parents", [])]

    @staticmethod
    def _entry(record: _Record) -> Entry:
        v = record.values
        return Entry(
            canonical=v["name"],
            kind=_SECTION_KIND.get(record.section) or v["kind"],
            aliases=tuple(a for a in v.get("aliases", []) if a != v["name"]),
            brand=v.get("brand"),
            parent=v.get("parent") or v.get("company"),
            parents=tuple(v.get("parents", [])),
            title=v.get("title"),
            prefixes=tuple(v.get("prefixes", [])),
            brand_only=tuple(v.get("brand_only", [])),
        )

    def _build_index(self) -> None:
        """Claim every spelling for its entry, then the generated model spellings."""
        generated: list[tuple[str, Entry]] = []
        for entry in self._entries:  # sections in claiming order: later wins
            alone = [n for n in entry.names if n not in entry.brand_only]
            for name in alone:
                self._index[norm_key(name)] = entry
            self._surfaces += [v for n in alone for v in _hyphen_variants(n)]
            if entry.kind == MODEL_KIND:
                prefixed = self._prefixed_names(entry)
                generated += [(n, entry) for n in [*entry.brand_only, *prefixed]]
                self._surfaces += [v for n in prefixed for v in _hyphen_variants(n)]
        for name, entry in generated:
            self._index.setdefault(norm_key(name), entry)

    @staticmethod
    def _maker_names(maker: Entry) -> tuple[str, ...]:
        """Every name of a maker, to recognize it at the start of a listed model name."""
        return (*maker.names, *maker.prefixes)

    @staticmethod
    def _prefix_names(maker: Entry) -> list[str]:
        """The names the press puts before a model: canonical, prefixes, one-word aliases.

        "Kia EV9" and "VW ID.4" yes; "Kia Motors Corporation EV9" is not
        written, and every generated spelling costs matching time.
        """
        names = [maker.canonical, *maker.prefixes, *(a for a in maker.aliases if " " not in a)]
        return list(dict.fromkeys(v for n in names for v in _hyphen_variants(n)))

    def _stems(self, model: Entry) -> list[str]:
        """A model's names without its brand: "Kia EV9" -> "EV9", "EV9" -> "EV9"."""
        prefixes = self._maker_names(self._orgs[model.brand]) if model.brand else ()
        names = (*model.names, *model.brand_only)
        return list(dict.fromkeys(_strip_prefix(n, prefixes) or n for n in names))

    def _prefixed_names(self, model: Entry) -> list[str]:
        """The "<maker> <model>" spellings the ruler matches as one model span.

        Every short maker name goes before the canonical and brand-only names
        ("Chevy Bolt", "VW ID.4"); only the maker's canonical name goes before
        the other aliases ("Mercedes-Benz EQS 580"), to keep the pattern count
        down. Lookups accept any maker name before any model name anyway.
        """
        maker = self._orgs[model.brand or ""]
        prefixes = self._maker_names(maker)

        def stem(name: str) -> str:
            return _strip_prefix(name, prefixes) or name

        spellings = [f"{p} {stem(n)}" for p in self._prefix_names(maker) for n in (model.canonical, *model.brand_only)]
        spellings += [f"{maker.canonical} {stem(a)}" for a in model.aliases]
        return list(dict.fromkeys(spellings))

    # -- public interface --

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer of the default pattern folder (plus ``$EVFACTS_PATTERNS``), built once."""
        return _default_gazetteer()

    @property
    def entries(self) -> tuple[Entry, ...]:
        """All entries: organizations, then people, then models."""
        return tuple(self._entries)

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every spelling the entity ruler matches for a listed entry (generated ones included)."""
        return tuple(self._surfaces)

    def lookup(self, surface: str) -> Entry | None:
        """The entry a name found in text refers to, or None.

        Case, accents, punctuation, quotes, a possessive, a leading article and
        a trailing hyphen do not matter; a leading model year ("2024 Kia EV9")
        and a trailing legal form ("Tesla Inc.") are dropped when the whole
        name is not known, and a model is found after any name of its maker
        ("Kia Motors EV9").
        """
        key = norm_key(clean_name(surface))
        if not key:
            return None
        for candidate in (key, _MODEL_YEAR.sub("", key), self._without_legal_form(key)):
            entry = self._index.get(candidate)
            if entry is not None:
                return entry
        return self._model_after_maker(_MODEL_YEAR.sub("", key))

    def _model_after_maker(self, key: str) -> Entry | None:
        """A model written after any name of its maker ("Kia Motors EV9", "IM Auto L7")."""
        words = key.split()
        for cut in range(len(words) - 1, 0, -1):
            maker = self._maker_keys.get(" ".join(words[:cut]))
            model = self._index.get(" ".join(words[cut:]))
            if maker is not None and model is not None and model.brand == maker:
                return model
        return None

    def same(self, a: str, b: str) -> bool:
        """Whether two names denote one entity: aliases of one entry, or equal once normalized."""
        entry_a, entry_b = self.lookup(a), self.lookup(b)
        if entry_a is not None and entry_b is not None:
            return entry_a == entry_b
        return norm_key(clean_name(a)) == norm_key(clean_name(b))

    def without_legal_form(self, name: str) -> str:
        """A company's name without a trailing legal form ("Corvid Automotive AB" -> "Corvid
        Automotive"); words that name a group ("Yulon Group", "SK Holdings") stay."""
        words = name.split()
        while len(words) > 1 and norm_key(words[-1]) in self._legal_forms \
                and norm_key(words[-1]) not in _NAME_WORDS:
            words.pop()
        return " ".join(words).rstrip(",")

    def _without_legal_form(self, key: str) -> str:
        words = key.split()
        while len(words) > 1 and words[-1] in self._legal_forms:
            words.pop()
        return " ".join(words)

    # -- entity-ruler patterns --

    def phrase_patterns(self, tokenizer: Tokenizer | None = None) -> tuple[list[dict], dict[tuple[str, ...], tuple[bool, ...]], frozenset[str]]:
        """The same names for spaCy's PhraseMatcher, which is far faster than the Matcher.

        Returns the entity-ruler patterns (names as phrases matched on LOWER,
        plus the generic model patterns, which need the token Matcher), the
        capital rule of each name (lower-cased tokens -> whether each token was
        written with a capital, so that "seal" is not "Seal") and the legal
        forms an organization's name may be followed by. The caller applies
        the last two after matching (see ``pipeline.GazetteerCheck``).
        """
        split = _splitter(tokenizer)
        patterns: list[dict] = []
        capitals: dict[tuple[str, ...], tuple[bool, ...]] = {}
        seen: set[tuple[str, ...]] = set()
        for surface in self._surfaces:
            entry = self._index[norm_key(surface)]
            for tokens in _token_variants(surface, split):
                key = tuple(t.lower() for t in tokens)
                flags = tuple(t[:1].isupper() for t in tokens)
                # two spellings with the same letters: the more permissive case rule wins
                capitals[key] = tuple(a and b for a, b in zip(capitals.get(key, flags), flags, strict=True))
                if tokens and key not in seen:
                    seen.add(key)
                    # the written case, not lower case: spaCy splits a lowercase "im" as "I'm"
                    patterns.append({"label": label_of(entry), "pattern": " ".join(tokens), "id": entry.canonical})
        legal = frozenset(s.lower() for s in self._corporate_suffixes if len(split(s)) == 1)
        return patterns + self._generic_patterns(split), capitals, legal

    def _generic_patterns(self, split: Callable[[str], list[str]]) -> list[dict]:
        """EV_MODEL patterns for a known maker followed by a model-like token.

        Makers are grouped by the token length of their names, one pattern per
        group and tail, because the Matcher's time grows with the number of
        patterns, not with the size of an ``IN`` set.
        """
        if self._generic.code is None:
            return []
        makers, numbered, series = self._generic_makers(split)
        not_codes = set(self._generic.not_codes)
        patterns: list[list[dict]] = []
        for head in _heads(makers):
            code = _regex_token(self._generic.code, not_codes | self._followers_of(head, split))
            patterns.append([*head, code])
            patterns += [[*head, code, *_token_pattern(split(sfx))] for sfx in self._generic.suffixes]
        for head in _heads(numbered):
            patterns.append([*head, _regex_token(_NUMBER_SHAPE, self._followers_of(head, split))])
        for word, names in sorted(series.items()):
            for maker_head in _heads(names):
                head = maker_head + _token_pattern([word])
                patterns.append([*head, _regex_token(_SERIES_SHAPE, self._followers_of(head, split))])
        return [{"label": "EV_MODEL", "pattern": pattern} for pattern in patterns]

    def _generic_makers(self, split: Callable[[str], list[str]]
                        ) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], dict[str, list[tuple[str, ...]]]]:
        """Token tuples of maker names: all, those with numbered models, those per series word."""
        models: dict[str, list[Entry]] = defaultdict(list)
        for entry in self._entries:
            if entry.kind == MODEL_KIND and entry.brand:
                models[entry.brand].append(entry)
        makers: list[tuple[str, ...]] = []
        numbered: list[tuple[str, ...]] = []
        series: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for maker in self._orgs.values():
            if maker.kind not in VEHICLE_MAKER_KINDS and maker.canonical not in models:
                continue
            names = [tuple(split(n)) for n in self._prefix_names(maker)]
            stems = [split(s) for m in models[maker.canonical] for s in self._stems(m)]
            makers += names
            if any(len(s) == 1 and re.fullmatch(_NUMBER_SHAPE, s[0]) for s in stems):
                numbered += names
            for s in stems:
                if len(s) == 2 and s[0].isalpha() and re.fullmatch(_SERIES_SHAPE, s[1]):
                    series[s[0]] += [n for n in names if n not in series[s[0]]]
        return makers, numbered, series

    def _followers_of(self, head: list[dict], split: Callable[[str], list[str]]) -> set[str]:
        """Tokens that follow ``head`` in a listed spelling; a generic tail must refuse them.

        Without this a generic match could cover exactly a listed spelling
        ("Seres M5", listed as AITO M5) and the ruler would pick one of the
        two readings at random.
        """
        allowed = [_lowers(spec) for spec in head]
        taken: set[str] = set()
        for surface in self._surfaces:
            tokens = [t.lower() for t in split(surface)]
            if len(tokens) > len(head) and all(t in a for t, a in zip(tokens, allowed, strict=False)):
                taken.add(tokens[len(head)])
        return taken


def _heads(names: list[tuple[str, ...]]) -> list[list[dict]]:
    """One pattern head per token length of the names, each position an ``IN`` set."""
    return [_alternatives([n for n in names if len(n) == length]) for length in sorted({len(n) for n in names})]


def _alternatives(names: list[tuple[str, ...]]) -> list[dict]:
    """One token spec per position, matching that position of any of the names.

    The product of the positions may join halves of two names ("Great Auto");
    such a run followed by a model code does not occur in text, and one
    pattern instead of hundreds keeps the Matcher fast.
    """
    specs: list[dict] = []
    for column in zip(*names, strict=True):
        spec: dict[str, Any] = {"LOWER": {"IN": sorted({t.lower() for t in column})}}
        if all(t[:1].isupper() for t in column):
            spec["IS_LOWER"] = False
        specs.append(spec)
    return specs


def _lowers(spec: dict) -> set[str]:
    value = spec["LOWER"]
    return set(value["IN"]) if isinstance(value, dict) else {value}


def _regex_token(regex: str, excluded: Iterable[str]) -> dict:
    return {"TEXT": {"REGEX": _shape(regex, excluded)}}


def _shape(regex: str, excluded: Iterable[str]) -> str:
    """A whole-token regex for ``regex`` that rejects the ``excluded`` tokens in any case.

    An excluded token is also rejected with a period glued on ("S."), the way
    spaCy tokenizes a single letter at the end of a sentence.
    """
    banned = "|".join(re.escape(x) for x in sorted(set(excluded)))
    guard = f"(?!(?i:{banned})\\.?$)" if banned else ""
    return f"^{guard}(?:{regex})$"


def _token_variants(surface: str, split: Callable[[str], list[str]]) -> list[list[str]]:
    """The name's tokens, plus its tokens before a full stop if the stop merges in.

    spaCy keeps a single letter and a period together ("Model S." is "Model",
    "S.") and even retokenizes some names ("ET5T" is "ET5", "T" but "ET5T."
    is one token), so such a name needs a second pattern to be found at the
    end of a sentence.
    """
    tokens = split(surface)
    dotted = split(surface + ".")
    if dotted != [*tokens, "."] and dotted and dotted[-1].endswith("."):
        return [tokens, dotted]
    return [tokens]


def _token_pattern(tokens: list[str]) -> list[dict]:
    """LOWER per token, but a capitalized token never matches an all-lowercase word.

    Case may vary ("XPENG", "Xpeng", "XPeng"), yet "Seal" must not match the
    verb "seal", nor "Hyundai Motor" the phrase "the Hyundai motor produces".
    """
    pattern: list[dict] = []
    for token in tokens:
        spec: dict[str, Any] = {"LOWER": token.lower()}
        if token[:1].isupper():
            spec["IS_LOWER"] = False
        pattern.append(spec)
    return pattern


def _splitter(tokenizer: Tokenizer | None) -> Callable[[str], list[str]]:
    """Token texts of a name, as the pipeline's tokenizer (or English defaults) splits them."""
    if tokenizer is None:
        import spacy  # only here: callers that build a pipeline have spaCy loaded anyway

        tokenizer = spacy.blank("en").tokenizer
    cache: dict[str, list[str]] = {}

    def split(text: str) -> list[str]:
        if text not in cache:
            cache[text] = [t.text for t in tokenizer(text) if not t.is_space]
        return cache[text]

    return split


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(load_patterns().of_kind(GAZETTEER_KIND))


__all__ = ["LABELS", "ORG_KINDS", "Entry", "Gazetteer", "clean_name", "label_of", "norm_key"]
