"""Numbers and quantities: the one place that reads "93kWh", "300 miles" or "1.5 million cars".

Every extractor that needs a figure asks :class:`QuantityFinder` for the
quantities of a sentence and gets back values already in the units the
guidelines score (kWh, km, kW, V, a plain vehicle count). Units that are not
wanted (GWh, km/h, hp, money, seconds...) are recognized too, so that their
numbers are classified once, here, instead of being mistaken for a wanted
unit or a count by some later heuristic.

The vocabulary (number words, multipliers, units, count nouns, per-period
phrases, qualifiers) is data in ``kind: units`` pattern files; this module
only holds the grammar that strings those words together. It deliberately
does not import spaCy: it works on plain strings and must import fast.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Callable, Generic, Iterable, TypeVar

from ..patterns import LineDict, PatternError, PatternFile, load_patterns, node_line

__all__ = ["Quantity", "QuantityFinder", "paired", "parse_number"]

KIND = "units"
RATES = ("day", "week", "month", "year")
CONTEXTS = ("count", "money")
COUNT = "count"
MONEY = "money"

_SP = r"[ \t\u00a0\u202f]"
_HYPHEN = "\\-\u2010\u2011"  # for use inside a character class
#: between a number and what follows it ("93kWh", "93 kWh", "76.1-kwh"), and between the
#: words of a vocabulary phrase ("kilowatt hours" also reads "kilowatt-hours")
_SEP = rf"{_SP}{{0,3}}(?:[{_HYPHEN}]{_SP}{{0,3}})?"
#: the end of a phrase: a phrase ending in a letter may not run into another letter
_END = r"(?!(?<=\w)\w)"
_DIGITS = (r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"      # 10,000 / 1,234.5
           r"|[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?![.,]?[0-9])"  # 150 000 (space-grouped thousands)
           r"|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?"  # 1,00,000 (Indian grouping)
           r"|[0-9]+(?:\.[0-9]+)?)"
           r"(?![0-9]|[.,][0-9])")                            # never half of "1,2" or "1,2345"
#: a number may not start inside a word, a number or a model name ("Q4", "3.5", "MX-30")
_NUMBER_START = rf"(?<![\w.,])(?<![^\W\d_][{_HYPHEN}])"
_MODIFIER = r"[^\W\d_][\w'’]*(?:[-.\u2011][\w'’]+)*"
_GAPS = re.compile(rf"[\s{_HYPHEN}]+")
_HYPHENS = re.compile(rf"[{_HYPHEN}]")
_WINDOW = 120  # characters looked at before a number for its qualifier and rate words
_YEARS = range(1900, 2100)
#: A count written with dots between groups of thousands ("43.000 vehicles"): no count has decimals.
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")


@dataclass(frozen=True)
class Quantity:
    """One number with what it measures, as written in a text.

    ``text`` is exactly ``source[start:end]`` and covers the currency sign,
    the number, its multiplier, a trailing "+", its unit or counted noun and
    a following per-period phrase; a qualifier ("over") and a preceding rate
    word ("annual capacity of") are reported but lie outside the span, so
    that the span is the figure itself. A written range ("15-17 lakh",
    "2,000 to 3,000 units") is one quantity whose ``value`` is the upper end
    and ``low`` the lower end. ``raw_unit`` is the alias, currency sign or
    count noun as written, without the hyphen or space before it ("volt" for
    "800-volt"), and "" for a count with no noun ("20,000 a month").
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    raw_value: float
    raw_unit: str
    qualifier: str | None = None
    noun: str | None = None
    rate: str | None = None
    low: float | None = None


def _key(phrase: str) -> str:
    """The lookup form of a phrase: case-folded, with spaces and hyphens dropped.

    It matches the tolerance of the compiled regexes, so that whatever surface
    a pattern matched ("Kilowatt-Hours") finds its entry ("kilowatt hours").
    """
    return _GAPS.sub("", phrase).casefold() or phrase


def _phrase_regex(phrase: str) -> str:
    """A regex for one vocabulary phrase with tolerant inner spaces and hyphens."""
    parts = [p for p in _GAPS.split(phrase.strip()) if p]
    return _SEP.join(re.escape(p) for p in parts) if parts else re.escape(phrase.strip())


T = TypeVar("T")


@dataclass
class _Lexicon(Generic[T]):
    """Phrases with a value each, looked up by :func:`_key` and compiled longest first."""

    entries: dict[str, tuple[str, T]] = field(default_factory=dict)

    def add(self, phrase: str, value: T) -> None:
        self.entries[_key(phrase)] = (phrase, value)

    def get(self, surface: str) -> T | None:
        entry = self.entries.get(_key(surface))
        return entry[1] if entry else None

    def __contains__(self, surface: str) -> bool:
        return _key(surface) in self.entries

    def regex(self) -> str:
        """An alternation of all phrases, longest first so "kWh/100 km" beats "kWh"."""
        phrases = sorted((p for p, _ in self.entries.values()), key=len, reverse=True)
        return "(?:" + "|".join(_phrase_regex(p) for p in phrases) + ")" if phrases else "(?!)"


@dataclass(frozen=True)
class _UnitDef:
    """What an alias or prefix stands for: the emitted unit and its conversion."""

    unit: str
    factor: Decimal = Decimal(1)
    digits: int | None = None

    def convert(self, number: Decimal) -> float:
        value = number * self.factor
        if self.digits is not None:  # to_integral never fails on precision, unlike quantize
            value = value.scaleb(self.digits).to_integral_value(ROUND_HALF_UP).scaleb(-self.digits)
        return float(value)


@dataclass(frozen=True)
class _NumberWord:
    value: Decimal
    needs_multiplier: bool = False  # "a", "half a": a number only in "a million", "half a million"
    tens: bool = False              # may take one..nine after it: "twenty-five"


@dataclass(frozen=True)
class _Multiplier:
    value: Decimal
    only_for: frozenset[str] = frozenset()


@dataclass
class _Vocabulary:
    """Everything the ``kind: units`` files say, merged in file order."""

    number_words: _Lexicon[_NumberWord] = field(default_factory=_Lexicon)
    multipliers: _Lexicon[_Multiplier] = field(default_factory=_Lexicon)
    units: _Lexicon[_UnitDef] = field(default_factory=_Lexicon)
    prefixes: _Lexicon[_UnitDef] = field(default_factory=_Lexicon)
    nouns: _Lexicon[str] = field(default_factory=_Lexicon)
    rates_after: _Lexicon[str] = field(default_factory=_Lexicon)
    rates_before: _Lexicon[str] = field(default_factory=_Lexicon)
    rate_blockers: _Lexicon[bool] = field(default_factory=_Lexicon)
    qualifiers: _Lexicon[bool] = field(default_factory=_Lexicon)
    range_connectors: _Lexicon[bool] = field(default_factory=_Lexicon)
    modifier_stopwords: _Lexicon[bool] = field(default_factory=_Lexicon)
    name_words: _Lexicon[bool] = field(default_factory=_Lexicon)
    year_words: _Lexicon[bool] = field(default_factory=_Lexicon)


# ----- reading and validating the pattern files ------------------------------------------

_SECTIONS = ("number_words", "multipliers", "units", "count_nouns", "rates", "rate_blockers",
             "qualifiers", "range_connectors", "modifier_stopwords", "name_words", "year_words")
_WORD_LISTS = ("rate_blockers", "qualifiers", "range_connectors", "modifier_stopwords",
               "name_words", "year_words")

_Path = tuple[str | int, ...]


class _FileReader:
    """Validates one ``kind: units`` file and adds its entries to a vocabulary."""

    def __init__(self, pf: PatternFile, vocab: _Vocabulary) -> None:
        self.pf = pf
        self.vocab = vocab
        self.seen: set[tuple[int, str]] = set()

    def error(self, keys: _Path, message: str) -> PatternError:
        where = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in keys).replace(".[", "[")
        marker = LineDict()
        marker.line = node_line(self.pf.path, keys) or 0
        return self.pf.error(f"{where}: {message}", marker)

    def read(self) -> None:
        data = self.pf.data
        if self.pf.kind != KIND:
            raise self.error(("kind",), f"expected kind: {KIND}, got {self.pf.kind!r}")
        for key in data:
            if key != "kind" and key not in _SECTIONS:
                raise self.error((key,), f"unknown section; expected one of {', '.join(_SECTIONS)}")
        for name in _WORD_LISTS:
            for i, word in enumerate(self.list_of((name,))):
                self.add(getattr(self.vocab, name), (name, i), self.word((name, i), word), True)
        self.read_number_words()
        self.read_multipliers()
        self.read_units()
        self.read_count_nouns()
        self.read_rates()

    # --- generic checks ---

    def list_of(self, keys: _Path) -> list[Any]:
        value: Any = self.pf.data
        for k in keys:
            value = value.get(k) if isinstance(value, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(keys, "must be a list")
        return value

    def word(self, keys: _Path, value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.error(keys, f"must be a non-empty string, got {value!r}")
        return value.strip()

    def entries(self, section: str, required: dict[str, type | tuple[type, ...]],
                optional: dict[str, type | tuple[type, ...]]) -> Iterable[tuple[_Path, dict]]:
        """The mappings of a section, each checked for its keys and their types."""
        for i, item in enumerate(self.list_of((section,))):
            keys: _Path = (section, i)
            if not isinstance(item, dict):
                raise self.error(keys, "each entry must be a mapping")
            for k, v in item.items():
                expected = required.get(k) or optional.get(k)
                if expected is None:
                    raise self.error(keys + (k,), f"unknown key; expected {', '.join([*required, *optional])}")
                if not isinstance(v, expected) or isinstance(v, bool) and expected is not bool:
                    raise self.error(keys + (k,), f"wrong type {type(v).__name__}")
            for k in required:
                if k not in item:
                    raise self.error(keys, f"missing {k!r}")
            yield keys, item

    def add(self, lexicon: _Lexicon[T], keys: _Path, phrase: str, value: T) -> None:
        """Add one phrase; the same phrase twice in one list of one file is a mistake."""
        marker = (id(lexicon), _key(phrase))
        if marker in self.seen:
            raise self.error(keys, f"duplicate phrase {phrase!r}")
        self.seen.add(marker)
        lexicon.add(phrase, value)

    def number(self, keys: _Path, value: Any) -> Decimal:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number <= 0:
            raise self.error(keys, f"must be a positive number, got {value!r}")
        return number

    def words(self, keys: _Path, value: Any) -> list[str]:
        items = value if isinstance(value, list) else [value]
        if not items:
            raise self.error(keys, "must not be empty")
        return [self.word(keys + (i,) if isinstance(value, list) else keys, w) for i, w in enumerate(items)]

    # --- sections ---

    def read_number_words(self) -> None:
        for keys, item in self.entries("number_words", {"word": str, "value": (int, float)},
                                       {"needs_multiplier": bool, "tens": bool}):
            entry = _NumberWord(self.number(keys + ("value",), item["value"]),
                                bool(item.get("needs_multiplier")), bool(item.get("tens")))
            self.add(self.vocab.number_words, keys, self.word(keys + ("word",), item["word"]), entry)

    def read_multipliers(self) -> None:
        for keys, item in self.entries("multipliers", {"words": (list, str), "value": (int, float)},
                                       {"only_for": (list, str)}):
            only_for = self.words(keys + ("only_for",), item["only_for"]) if "only_for" in item else []
            for context in only_for:
                if context not in CONTEXTS:
                    raise self.error(keys + ("only_for",), f"{context!r} is not one of {', '.join(CONTEXTS)}")
            mult = _Multiplier(self.number(keys + ("value",), item["value"]), frozenset(only_for))
            for word in self.words(keys + ("words",), item["words"]):
                self.add(self.vocab.multipliers, keys, word, mult)

    def read_units(self) -> None:
        for keys, item in self.entries("units", {"unit": str, "aliases": (list, str)},
                                       {"prefixes": (list, str), "factor": (int, float), "round": int}):
            unit = self.word(keys + ("unit",), item["unit"])
            digits = item.get("round")
            if digits is not None and not 0 <= digits <= 6:
                raise self.error(keys + ("round",), "must be a number of decimals from 0 to 6")
            factor = self.number(keys + ("factor",), item.get("factor", 1))
            definition = _UnitDef(unit, factor, digits)
            for alias in self.words(keys + ("aliases",), item["aliases"]):
                self.add(self.vocab.units, keys, alias, definition)
            if "prefixes" in item:
                for prefix in self.words(keys + ("prefixes",), item["prefixes"]):
                    self.add(self.vocab.prefixes, keys, prefix, definition)

    def read_count_nouns(self) -> None:
        for keys, item in self.entries("count_nouns", {"noun": str, "forms": (list, str)}, {}):
            noun = self.word(keys + ("noun",), item["noun"]).lower()
            for form in self.words(keys + ("forms",), item["forms"]):
                self.add(self.vocab.nouns, keys, form, noun)

    def read_rates(self) -> None:
        for keys, item in self.entries("rates", {"rate": str}, {"after": (list, str), "before": (list, str)}):
            rate = item["rate"]
            if rate not in RATES:
                raise self.error(keys + ("rate",), f"{rate!r} is not one of {', '.join(RATES)}")
            for side, lexicon in (("after", self.vocab.rates_after), ("before", self.vocab.rates_before)):
                if side in item:
                    for phrase in self.words(keys + (side,), item[side]):
                        self.add(lexicon, keys + (side,), phrase, rate)


def _vocabulary(files: Iterable[PatternFile]) -> _Vocabulary:
    vocab = _Vocabulary()
    for pf in files:
        _FileReader(pf, vocab).read()
    return vocab


# ----- the grammar ------------------------------------------------------------------------


def _connector_regex(vocab: _Vocabulary) -> str:
    """Range connectors: a dash may touch its numbers, a word ("to") needs spaces."""
    parts = []
    for phrase, _ in vocab.range_connectors.entries.values():
        body = _phrase_regex(phrase)
        parts.append(rf"{_SP}+{body}{_SP}+" if re.search(r"\w", phrase) else rf"{_SP}*{body}{_SP}*")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


class _Grammar:
    """The regexes of one vocabulary, compiled once."""

    def __init__(self, vocab: _Vocabulary) -> None:
        flags = re.IGNORECASE
        tens, ones = self._words(vocab, lambda w: w.tens), self._words(vocab, _is_digit_word)
        word = rf"(?<!\w)(?:{tens}(?:{_SEP}{ones})?|{vocab.number_words.regex()}){_END}"
        number = rf"(?:{_DIGITS}|{word})"
        mult = rf"(?:{_SP}*{vocab.multipliers.regex()}(?!\w)){{1,2}}"
        self.multiplier = re.compile(vocab.multipliers.regex(), flags)
        self.number = re.compile(
            rf"{_NUMBER_START}(?:(?P<cur>{vocab.prefixes.regex()}){_SP}*)?(?P<n1>{number})"
            rf"(?:{_connector_regex(vocab)}(?P<n2>{number}))?(?P<mult>{mult})?(?:{_SP}?\+(?![0-9]))?", flags)
        self.standalone = re.compile(rf"\s*(?P<n1>{number})(?P<mult>{mult})?\s*", flags)
        self.unit = re.compile(rf"{_SEP}(?P<alias>{vocab.units.regex()}){_END}", flags)
        self.noun = re.compile(
            rf"(?P<sep>{_SEP})(?P<mods>(?:{_MODIFIER}{_SP}+){{0,3}}?)(?P<noun>{vocab.nouns.regex()})"
            rf"(?![\w{_HYPHEN}])", flags)
        self.next_word = re.compile(rf"{_SP}+(?P<word>[a-z][\w{_HYPHEN}]*)")  # case-sensitive on purpose
        blockers = vocab.rate_blockers.regex()
        self.rate_after = re.compile(
            rf"{_SP}*(?P<rate>{vocab.rates_after.regex()}){_END}(?!{_SP}+{blockers}{_END})", flags)
        self.qualifier = re.compile(rf"(?<!\w)(?P<q>{vocab.qualifiers.regex()}){_SP}*\Z", flags)
        self.rate_before = re.compile(
            rf"(?<!\w)(?P<rate>{vocab.rates_before.regex()})(?:{_SP}+[^\W\d_][\w'’{_HYPHEN}]*){{0,4}}"
            rf"{_SP}*:?{_SP}*\Z", flags)
        self.prev_word = re.compile(rf"(?<![\w.])(?P<word>[^\W\d_][\w.]*){_SP}+\Z")

    @staticmethod
    def _words(vocab: _Vocabulary, keep: Callable[[_NumberWord], bool]) -> str:
        """An alternation of the number words that pass ``keep``."""
        subset = _Lexicon[_NumberWord]()
        for phrase, word in vocab.number_words.entries.values():
            if keep(word):
                subset.add(phrase, word)
        return subset.regex()


#: Above this a number is no measurement of anything a car or a factory has (a 310-digit
#: "number" is junk, and as a float it would be infinite).
_LARGEST = Decimal("1e15")


def _measurable(value: Decimal) -> bool:
    """Whether a number can be a quantity at all: positive ("0.0 units per month" is none) and
    of a size a float holds exactly enough."""
    return Decimal(0) < value <= _LARGEST


def _is_digit_word(word: _NumberWord) -> bool:
    """one..nine: the words that may follow a tens word."""
    return not word.needs_multiplier and word.value in range(1, 10)


# ----- reading one number -----------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """A number as read at one position, before deciding what it measures."""

    start: int                 # the currency sign or the number
    end: int                   # after the number and its multiplier
    value: Decimal             # the number times its multiplier (the upper end of a range)
    low: Decimal | None = None
    currency: str | None = None
    only_for: frozenset[str] = frozenset()
    year_like: bool = False    # 1900..2099 written as four plain digits
    small_int: bool = False    # a plain integer below 1000, as in model names ("Model 3")
    zero_padded: bool = False  # "01", "007": only ever a name


class QuantityFinder:
    """Finds quantities in text with the vocabulary of the ``kind: units`` pattern files."""

    def __init__(self, files: list[PatternFile]) -> None:
        self.vocab = _vocabulary(files)
        self.grammar = _Grammar(self.vocab)

    @classmethod
    @functools.cache
    def default(cls) -> QuantityFinder:
        """The finder for the default and user pattern folders, built once per process."""
        return cls(load_patterns().of_kind(KIND))

    # --- public API ---

    def find(self, text: str, bare: bool = False) -> list[Quantity]:
        """All quantities in ``text``, in order and not overlapping.

        ``bare``: also report a number that names no unit, noun or period
        ("aims to build 5,000", "20,000 Ilvar S") as a count with no noun, for
        a caller that can tell from the parse what it counts; a year-like
        number ("2026") is still none.
        """
        found: list[Quantity] = []
        pos = 0
        while (m := self.grammar.number.search(text, pos)) is not None:
            quantity = self._read(text, m, bare)
            if quantity is None:
                pos = m.end("n1")
                continue
            found.append(quantity)
            pos = quantity.end
        return found

    def parse_number(self, text: str) -> float | None:
        """The value of a text that is only a number ("1.5 million" -> 1500000.0), else None."""
        m = self.grammar.standalone.fullmatch(text)
        if m is None:
            return None
        n1, mult = m.group("n1"), m.group("mult")
        if mult is None and self._needs_multiplier(n1):
            return None
        value = self._number_value(n1)
        factor = self._multiplier(mult)[0] if mult else Decimal(1)
        return None if value is None or factor is None else float(value * factor)

    # --- numbers ---

    def _number_value(self, surface: str) -> Decimal | None:
        if surface[0].isdigit():
            return Decimal(re.sub(r"[,\s\u00a0\u202f\u2009]", "", surface))
        whole = self.vocab.number_words.get(surface)
        if whole is not None:
            return whole.value
        parts = [self.vocab.number_words.get(p) for p in _GAPS.split(surface) if p]
        return sum((p.value for p in parts if p), Decimal(0)) if parts and all(parts) else None

    def _needs_multiplier(self, surface: str) -> bool:
        word = self.vocab.number_words.get(surface)
        return word is not None and word.needs_multiplier

    def _multiplier(self, surface: str) -> tuple[Decimal | None, frozenset[str]]:
        """The product of one or two multipliers ("hundred thousand") and where they may be used."""
        factor, only_for = Decimal(1), frozenset[str]()
        for word in self.grammar.multiplier.findall(surface):
            mult = self.vocab.multipliers.get(word)
            if mult is None:
                return None, only_for
            factor *= mult.value
            only_for |= mult.only_for
        return factor, only_for

    def _readings(self, m: re.Match[str]) -> list[_Reading]:
        """The ways to read a number match, most complete first.

        A multiplier limited to counts or money ("m") is also tried without
        it, and a range is also tried as its first number alone, for when the
        ends do not fit together ("2020-2,000 units").
        """
        n1, n2, mult = m.group("n1"), m.group("n2"), m.group("mult")
        v1, v2 = self._number_value(n1), self._number_value(n2) if n2 else None
        factor, only_for = self._multiplier(mult) if mult else (Decimal(1), frozenset[str]())
        needs = any(self._needs_multiplier(s) for s in (n1, n2) if s)
        if v1 is None or factor is None or (n2 and v2 is None) or (needs and not mult):
            return []
        if n2 and v2 is not None:
            readings = self._range_readings(m, v1, v2, factor, only_for)
        else:
            readings = [_Reading(m.start(), m.end(), v1 * factor, currency=m.group("cur"), only_for=only_for,
                                 year_like=self._year_like(n1, mult), small_int=self._small_int(n1, mult),
                                 zero_padded=_zero_padded(n1))]
        if (n2 or only_for) and not self._needs_multiplier(n1):
            readings.append(self._plain(m, v1))
        return [r for r in readings if _measurable(r.value)]

    def _range_readings(self, m: re.Match[str], v1: Decimal, v2: Decimal, factor: Decimal,
                        only_for: frozenset[str]) -> list[_Reading]:
        """'15-17 lakh', '0-100 km/h': the multiplier of the upper end also scales a smaller lower end."""
        n1, n2, mult = m.group("n1"), m.group("n2"), m.group("mult")
        low = v1 * factor if v1 < v2 else v1
        if low > v2 * factor or self._year_like(n1, None) != self._year_like(n2, mult):
            return []
        readings = [_Reading(m.start(), m.end(), v2 * factor, low, m.group("cur"), only_for)]
        if only_for and not self._needs_multiplier(n2):
            readings.append(_Reading(m.start(), m.end("n2"), v2, v1, m.group("cur")))
        return readings

    def _plain(self, m: re.Match[str], value: Decimal) -> _Reading:
        """The first number alone, without range or multiplier."""
        n1 = m.group("n1")
        return _Reading(m.start(), m.end("n1"), value, currency=m.group("cur"), year_like=self._year_like(n1, None),
                        small_int=self._small_int(n1, None), zero_padded=_zero_padded(n1))

    @staticmethod
    def _year_like(surface: str, mult: str | None) -> bool:
        return not mult and surface.isdigit() and len(surface) == 4 and int(surface) in _YEARS

    @staticmethod
    def _small_int(surface: str, mult: str | None) -> bool:
        return not mult and surface.isdigit() and len(surface) <= 3

    # --- what a number measures ---

    def rate_after(self, text: str, pos: int) -> tuple[str, int] | None:
        """The period of a per-period phrase starting at ``pos`` ("a month", " per day") and where it
        ends, for a count whose noun is a name the vocabulary does not know ("18,000 N4 a month")."""
        m = self.grammar.rate_after.match(text, pos)
        rate = self.vocab.rates_after.get(m.group("rate")) if m else None
        return (rate, m.end()) if m and rate else None

    def rate_word(self, word: str) -> str | None:
        """The period a word written before a count names ("annual" -> "year", "Monthly" ->
        "month"), for a rate word the parse ties to the count from further away ("monthly output
        of the Ilvar S is expected to hit 10,000 units")."""
        return self.vocab.rates_before.get(word)

    def _read(self, text: str, m: re.Match[str], bare: bool = False) -> Quantity | None:
        for reading in self._readings(m):
            quantity = self._classify(text, reading, bare)
            if quantity is not None and (not reading.only_for or quantity.unit in reading.only_for):
                return quantity
        return None

    def _classify(self, text: str, r: _Reading, bare: bool = False) -> Quantity | None:
        if r.currency:
            return self._money(text, r)
        return self._unit(text, r) or self._count(text, r, bare)

    def _make(self, text: str, r: _Reading, end: int, unit: str, value: float, raw_unit: str,
              low: float | None = None, noun: str | None = None, rate: str | None = None) -> Quantity:
        return Quantity(text=text[r.start:end], start=r.start, end=end, value=value, unit=unit,
                        raw_value=float(r.value), raw_unit=raw_unit, qualifier=self._qualifier(text, r.start),
                        noun=noun, rate=rate, low=low)

    def _money(self, text: str, r: _Reading) -> Quantity:
        """A currency sign makes money whatever follows; a currency word after it joins the span."""
        end, raw_unit = r.end, r.currency or ""
        after = self.grammar.unit.match(text, r.end)
        definition = self.vocab.units.get(after.group("alias")) if after else None
        if after and definition and definition.unit == MONEY:
            end = after.end()
        low = float(r.low) if r.low is not None else None
        return self._make(text, r, end, MONEY, float(r.value), raw_unit, low)

    def _unit(self, text: str, r: _Reading) -> Quantity | None:
        m = self.grammar.unit.match(text, r.end)
        definition = self.vocab.units.get(m.group("alias")) if m else None
        if m is None or definition is None:
            return None
        low = definition.convert(r.low) if r.low is not None else None
        return self._make(text, r, m.end(), definition.unit, definition.convert(r.value), m.group("alias"), low)

    def _count(self, text: str, r: _Reading, bare: bool = False) -> Quantity | None:
        """A vehicle count: a count noun, or a bare number with a per-period phrase (or with
        nothing, when ``bare``)."""
        if self._names_a_model(text, r):
            return None
        noun_match = self.grammar.noun.match(text, r.end)
        noun = self._counted_noun(text, r, noun_match) if noun_match else None
        end = noun_match.end() if noun and noun_match else r.end
        rate_match = self.grammar.rate_after.match(text, end)
        rate = self.vocab.rates_after.get(rate_match.group("rate")) if rate_match else None
        if rate and rate_match:
            end = rate_match.end()
        else:
            rate = self._rate_before(text, r.start)
        if noun is None and (rate is None and not bare or r.year_like):
            return None
        low = float(r.low) if r.low is not None else None
        raw_unit = noun_match.group("noun") if noun and noun_match else ""
        value = float(r.value)
        if _THOUSANDS_DOT.fullmatch(text[r.start:r.end]):
            value = float(text[r.start:r.end].replace(".", ""))  # "260.000 vehicles": a dot groups thousands
        return self._make(text, r, end, COUNT, value, raw_unit, low, noun, rate)

    def _counted_noun(self, text: str, r: _Reading, m: re.Match[str]) -> str | None:
        """The counted noun after a number, unless the words around it say it is no count."""
        mods = m.group("mods").split()
        hyphenated = _HYPHENS.search(m.group("sep")) is not None
        if mods and (hyphenated or r.year_like or not m.group("sep")):
            return None  # "five-seat SUVs", "2030 electric cars", "the 2,000th car"
        if r.year_like and self._preceded_by(text, r.start, self.vocab.year_words):
            return None  # "in 2025 cars will..."
        if any(self._not_a_modifier(w) for w in mods):
            return None
        noun_surface = m.group("noun")
        noun = self.vocab.nouns.get(noun_surface)
        if noun is None:
            return None
        singular = _key(noun_surface) == _key(noun) or not noun_surface.lower().endswith("s")
        follower = self.grammar.next_word.match(text, m.end())
        if singular and not hyphenated and follower and not self._ends_count(text, m.end()):
            return None  # "500 car dealers": the noun is a modifier
        return noun

    def _not_a_modifier(self, word: str) -> bool:
        """Function words, and lower-case plurals that head their own phrase ("2,000 workers")."""
        if word in self.vocab.modifier_stopwords:
            return True
        return word.islower() and word.endswith("s") and not word.endswith(("ss", "us", "is", "as", "os"))

    def _ends_count(self, text: str, pos: int) -> bool:
        """True when what follows a singular noun is a rate or a word that cannot extend it."""
        if self.grammar.rate_after.match(text, pos):
            return True
        follower = self.grammar.next_word.match(text, pos)
        return follower is not None and follower.group("word") in self.vocab.modifier_stopwords

    def _names_a_model(self, text: str, r: _Reading) -> bool:
        """'Model 3 cars', 'Peugeot 208 units': the number is part of a name."""
        return r.zero_padded or r.small_int and self._preceded_by(text, r.start, self.vocab.name_words)

    def _preceded_by(self, text: str, start: int, words: _Lexicon[bool]) -> bool:
        m = self.grammar.prev_word.search(text[max(0, start - 40):start])
        return m is not None and (m.group("word") in words or m.group("word").rstrip(".") in words)

    def _qualifier(self, text: str, start: int) -> str | None:
        m = self.grammar.qualifier.search(text[max(0, start - _WINDOW):start])
        return " ".join(m.group("q").split()).lower() if m else None

    def _rate_before(self, text: str, start: int) -> str | None:
        """The rate of "an annual capacity of 300,000": a rate word earlier in the clause."""
        window = text[max(0, start - _WINDOW):start]
        qualifier = self.grammar.qualifier.search(window)
        if qualifier:
            window = window[:qualifier.start()]
        m = self.grammar.rate_before.search(window)
        return self.vocab.rates_before.get(m.group("rate")) if m else None


def _zero_padded(surface: str) -> bool:
    return len(surface) > 1 and surface.startswith("0") and surface.isdigit()


def parse_number(text: str) -> float | None:
    """The value of a text that is only a number, with the default vocabulary.

    '10,000' -> 10000.0, '1.5 million' -> 1500000.0, '20 lakh' -> 2000000.0,
    'half a million' -> 500000.0, 'two' -> 2.0; ambiguous ('1,2') or
    non-numeric text -> None.
    """
    return QuantityFinder.default().parse_number(text)


_PAREN_GAP = re.compile(r"\s*[(\[][^()\[\]0-9]{0,20}")


def paired(q: Quantity, quantities: list[Quantity], text: str) -> Quantity | None:
    """The same figure restated in parentheses right after ``q``, if any.

    "260 km (162 miles)" and "275 miles (442 km)" state one range twice; the
    battery extractor keeps the figure written in km. Only the next quantity
    counts, and only in the same emitted unit (miles are emitted as km).
    """
    following = [o for o in quantities if o.start >= q.end and o is not q]
    if not following:
        return None
    nxt = min(following, key=lambda o: o.start)
    if nxt.unit == q.unit and _PAREN_GAP.fullmatch(text, q.end, nxt.start):
        return nxt
    return None
