"""Find the date expressions of one sentence and normalize them (guidelines, "Dates").

:meth:`DateNormalizer.find` returns every date expression of a sentence with
its value at the precision the text gives, no finer. All English words come
from the ``kind: dates`` pattern files (``patterns/dates.yaml`` plus any user
file, merged); this module is only the mechanism that combines them::

    [bound word] [vagueness word] DATE [range connector DATE]

where DATE is absolute ("March 29, 2022", "Q1 2024", "spring 2024", "2025"),
partial ("in April", "the fourth quarter", "on Tuesday") or relative ("next
year", "later this month", "in two years"). The grammar is regular expressions
built from the vocabulary; the day an absolute expression names ("7/15/24",
"15/07/2024", "2024-07-15", "Sept. 9, 2026", "the 9th of September") is read
by dateparser (:mod:`evfacts.normalize.absolute`, with its settings and the
day/month order documented there), and the grammar keeps what dateparser
cannot do: quarters, halves, seasons, vagueness, ranges, tense and relative
dates. Nothing here touches the network.

Documented choices (precision first: a wrong date is worse than none)
-----------------------------------------------------------------------
* Spans include the bound word and the vagueness word ("by July 2024", "from
  December 15", "mid to late February", "by the end of 2024") and the whole of
  a range ("between 2024 and 2026"); never a plain "in"/"on"/"at".
* ``modifier``: a bound word wins over a vagueness word ("by the end of 2024"
  -> "by"), which wins over the phrase's own ("year-end" -> "end").
* A part of a year with no year (month, day, quarter, half, season) takes the
  year that puts it nearest the reference date in the tense's direction:
  future -> the first one not yet over at the reference date; past -> the last
  one already begun by it; present/unknown -> the reference's own year, except
  after "since", which looks back as the past tense does. "last"/"this past"
  take the last one wholly before the reference date, "next"/"coming" the
  first one starting after it, "this" the reference's year.
* A weekday ("Thursday", "on Thursday", "this Thursday"): past -> the latest
  such day on or before the reference date; future -> the first on or after
  it; present/unknown -> the nearest one (at most three days away, either
  side). "last"/"this past" -> the latest strictly before; "this coming" -> the
  first strictly after; "next" -> the one in the following Monday-to-Sunday
  week ("next Tuesday" said on a Monday is eight days later).
* "this/next/last week" give the month the (shifted) reference day falls in.
* "in two years" and "within three years" count from the reference year, but
  not in a past-tense clause, where they are durations.
* Guarded words are dates only beside a context word ("in", "by", "during"...),
  a bound or vagueness word, or a day/year: "May" and "March" (verbs) and month
  abbreviations (also right after another month: "in April and May"); "Q4"/"H2"
  without a year, which must not be followed by a capitalised or hyphenated
  word ("Q4 e-tron"), and after a bare "the" must be followed by a period noun
  ("the Q4 results"); seasons without a year ("fall" is a verb); a year followed
  by a capitalised word (a model year: "the 2024 Equinox EV"). A year right
  before a known brand is always a model year ("the 2024 Kia EV9", and also
  "in 2024 Tesla ..."), and a Q-number right after one is a model ("Audi Q4").
* Numeric dates: "7/15/24" and "03/04/2024" are month first (US order),
  "15/07/2024" is day first (15 cannot be a month); two-digit years are 20YY.
* Not dates: money and fiscal years ("$2024", "FY2024"), a number before a
  count noun ("2024 units", "2000 rpm"), "2023-24", decades ("the 1980s"),
  years outside 1900-2100, durations ("15 to 20 years", "10 years of usage").
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Union

from ..patterns import PatternFile, load_patterns, line_of
from .absolute import parse_day

KIND = "dates"

_VAGUE = ("early", "mid", "late", "end")
_BOUNDS = ("by", "from", "until", "before", "after", "between", "since")
_UNITS = ("day", "week", "month", "quarter", "year")
_RELATIONS = ("previous", "next", "coming", "this")
_PERIOD_SIZES = {"quarter": 4, "half": 2}
_TENSE_RULE = {"past": "past", "future": "future"}  # anything else: "same" (the reference's year)
_LOOKBACK = 80  # characters of left context searched for a bound, vagueness or context word

_DIGITS_YEAR = r"(?:19[0-9][0-9]|20[0-9][0-9]|2100)(?![\w]|[.,][0-9])"
_DAY_NUMBER = r"(?:3[01]|[12][0-9]|0?[1-9])"

#: Capitalised words ending in the name of an event after a year ("2019 Tokyo Motor Show"):
#: the year dates the event, it is no model year.
_EVENT_AFTER = re.compile(
    r"\s+(?:[A-Z][\w.&'’-]*\s+){0,3}(?:Motor\s?[Ss]how|Auto\s?[Ss]how|Motorshow|Salon|Expo|Fair|Show|Summit|"
    r"Conference|Olympics|Games|Festival|Forum|Tech\s+Day|Investor\s+Day|Exhibition|Convention|CES|IAA)\b")


# --------------------------------------------------------------------------- public result
@dataclass(frozen=True)
class DateMention:
    """One date expression of a sentence, normalized (see the module docstring for the rules)."""

    text: str
    start: int
    end: int
    value: str
    precision: str
    end_value: str | None = None
    modifier: str | None = None
    relative: bool = False


# --------------------------------------------------------------------------- vocabulary
@dataclass(frozen=True)
class _Shift:
    """A time named by its distance from the reference date ("next month" = month, +1)."""

    unit: str
    offset: int
    modifier: str | None = None


@dataclass(frozen=True)
class _Season:
    months: tuple[int, int]
    half: int | None


@dataclass(frozen=True)
class _Period:
    letter: str
    words: tuple[str, ...]


def _key(phrase: str) -> str:
    """Lookup form of a phrase: case-folded, hyphens as spaces, single spaces."""
    return " ".join(phrase.casefold().replace("-", " ").split())


@dataclass
class _Vocab:
    """The merged words of all ``kind: dates`` files. Keys of phrase maps are :func:`_key` forms."""

    month_names: dict[str, int] = field(default_factory=dict)  # as written ("March")
    month_abbrevs: dict[str, int] = field(default_factory=dict)  # as written, no dot ("Mar")
    ambiguous_months: set[str] = field(default_factory=set)
    weekdays: dict[str, int] = field(default_factory=dict)  # as written ("Thursday")
    ordinals: dict[str, int] = field(default_factory=dict)
    periods: dict[str, _Period] = field(default_factory=dict)
    seasons: dict[str, _Season] = field(default_factory=dict)
    vague: dict[str, str] = field(default_factory=dict)
    bounds: dict[str, str] = field(default_factory=dict)
    ranges: dict[str, list[str]] = field(default_factory=dict)
    relation_words: dict[str, str] = field(default_factory=dict)
    relative: dict[str, _Shift] = field(default_factory=dict)
    counted: dict[str, _Shift] = field(default_factory=dict)  # template with "{n}" -> unit/modifier
    numbers: dict[str, int] = field(default_factory=dict)
    year_phrases: dict[str, int] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)  # the plain word lists, by section

    def word_list(self, section: str) -> list[str]:
        return self.words.get(section, [])


_WORD_LISTS = ("context_words", "period_context_words", "period_nouns", "list_words", "count_nouns",
               "not_a_year_after", "brands")


@dataclass(frozen=True)
class _At:
    """Only a line number: errors about lists and scalars, which do not remember their line."""

    line: int


class _Reader:
    """Validates one ``kind: dates`` file and merges it into a vocabulary.

    Every problem raises PatternError naming the file, the line (of the
    enclosing mapping, or of the section key) and the section.
    """

    def __init__(self, pf: PatternFile, vocab: _Vocab) -> None:
        self.pf = pf
        self.vocab = vocab

    def read(self) -> None:
        sections: dict[str, Callable[[Any, str], None]] = {
            "months": self._months, "ambiguous_months": self._ambiguous_months,
            "weekdays": self._weekdays, "ordinals": self._ordinals, "periods": self._periods,
            "seasons": self._seasons, "vague": self._vague, "bounds": self._bounds,
            "ranges": self._ranges, "relation_words": self._relation_words,
            "relative": self._relative, "counted": self._counted, "numbers": self._numbers,
            "year_phrases": self._year_phrases,
            **{name: self._word_list for name in _WORD_LISTS},
        }
        if self.pf.kind != KIND:
            raise self.pf.error(f"expected a 'kind: {KIND}' file, got kind {self.pf.kind!r}")
        for name in self.pf.data:
            if name != "kind" and name not in sections:
                raise self._fail(f"unknown section {name!r}; known: {', '.join(sections)}", None, name)
        for name, read in sections.items():  # fixed order: months before ambiguous_months
            if name in self.pf.data:
                read(self.pf.data[name], name)

    # ----- errors and basic types
    def _fail(self, message: str, owner: Any, section: str) -> Exception:
        where = owner if line_of(owner) else self._section_line(section)
        return self.pf.error(message, where, section)

    def _section_line(self, section: str) -> _At | None:
        try:
            lines = self.pf.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        pattern = re.compile(rf"{re.escape(section)}\s*:")
        return next((_At(n) for n, line in enumerate(lines, 1) if pattern.match(line)), None)

    def _mapping(self, value: Any, owner: Any, section: str, what: str) -> dict:
        if not isinstance(value, dict):
            raise self._fail(f"{what} must be a mapping", owner, section)
        return value

    def _strings(self, value: Any, owner: Any, section: str, what: str) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self._fail(f"{what} must be a list of non-empty strings", owner, section)
        bad = next((v for v in value if not (isinstance(v, str) and v.strip())), None)
        if bad is not None or "" in value:
            hint = " (quote words that YAML reads as booleans)" if isinstance(bad, bool) else ""
            raise self._fail(f"{what} must be a list of non-empty strings; got {bad!r}{hint}", owner, section)
        return [v.strip() for v in value]

    def _int(self, value: Any, owner: Any, section: str, what: str, allowed: Iterable[int]) -> int:
        allowed = list(allowed)
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            shown = f"{allowed[0]}..{allowed[-1]}" if len(allowed) > 5 else ", ".join(map(str, allowed))
            raise self._fail(f"{what} must be an integer in {shown}, got {value!r}", owner, section)
        return value

    def _choice(self, value: Any, owner: Any, section: str, what: str, choices: Iterable[str]) -> str:
        choices = tuple(choices)
        if value not in choices:
            raise self._fail(f"{what} must be one of {', '.join(choices)}; got {value!r}", owner, section)
        return value

    def _only(self, spec: dict, keys: Iterable[str], section: str) -> None:
        extra = sorted(set(spec) - set(keys))
        if extra:
            raise self._fail(f"unknown key {extra[0]!r}; expected {', '.join(keys)}", spec, section)

    def _phrase_map(self, value: Any, section: str, check: Callable[[Any, dict], Any]) -> dict[str, Any]:
        """A mapping phrase -> value, each value checked by ``check``; keys in lookup form."""
        table = self._mapping(value, value, section, f"'{section}'")
        out: dict[str, Any] = {}
        for phrase, item in table.items():
            if not isinstance(phrase, str) or not _key(phrase):
                raise self._fail(f"keys of '{section}' must be non-empty phrases, got {phrase!r}", table, section)
            out[_key(phrase)] = check(item, table)
        return out

    def _proper_name(self, name: str, owner: Any, section: str) -> str:
        if not name[0].isupper():
            raise self._fail(f"{name!r}: names are matched with a capital first letter; write it capitalised",
                             owner, section)
        return name

    # ----- sections
    def _months(self, value: Any, section: str) -> None:
        table = self._mapping(value, value, section, "'months' (month number -> names, abbreviations)")
        for number, entry in table.items():
            number = self._int(number, table, section, "a month number", range(1, 13))
            spec = self._mapping(entry, table, section, f"month {number}")
            self._only(spec, ("names", "abbreviations"), section)
            for kind, target in (("names", self.vocab.month_names), ("abbreviations", self.vocab.month_abbrevs)):
                for name in self._strings(spec.get(kind, []), spec, section, f"month {number} {kind}"):
                    name = self._proper_name(name.rstrip("."), spec, section)
                    known = self._month_number(name)
                    if known not in (None, number):
                        raise self._fail(f"{name!r} is already month {known}", spec, section)
                    target[name] = number

    def _month_number(self, name: str) -> int | None:
        folded = name.casefold()
        for table in (self.vocab.month_names, self.vocab.month_abbrevs):
            for known, number in table.items():
                if known.casefold() == folded:
                    return number
        return None

    def _ambiguous_months(self, value: Any, section: str) -> None:
        for name in self._strings(value, value, section, f"'{section}'"):
            if self._month_number(name) is None:
                raise self._fail(f"{name!r} is not a month name or abbreviation", value, section)
            self.vocab.ambiguous_months.add(name.casefold())

    def _weekdays(self, value: Any, section: str) -> None:
        table = self._mapping(value, value, section, "'weekdays' (0 = Monday -> names)")
        for number, names in table.items():
            number = self._int(number, table, section, "a weekday number (0 = Monday)", range(7))
            for name in self._strings(names, table, section, f"weekday {number}"):
                self.vocab.weekdays[self._proper_name(name, table, section)] = number

    def _ordinals(self, value: Any, section: str) -> None:
        self.vocab.ordinals.update(self._phrase_map(
            value, section, lambda v, owner: self._int(v, owner, section, "an ordinal", (1, 2, 3, 4, -1))))

    def _periods(self, value: Any, section: str) -> None:
        table = self._mapping(value, value, section, "'periods'")
        for name, spec in table.items():
            name = self._choice(name, table, section, "a period", _PERIOD_SIZES)
            spec = self._mapping(spec, table, section, f"period {name}")
            self._only(spec, ("letter", "words"), section)
            letter = spec.get("letter")
            if not (isinstance(letter, str) and len(letter) == 1 and letter.isupper()):
                raise self._fail(f"period {name}: 'letter' must be one capital letter", spec, section)
            words = self._strings(spec.get("words", []), spec, section, f"period {name} words")
            old = self.vocab.periods.get(name)
            merged = tuple(dict.fromkeys((old.words if old else ()) + tuple(words)))
            self.vocab.periods[name] = _Period(letter, merged)

    def _seasons(self, value: Any, section: str) -> None:
        def season(spec: Any, owner: Any) -> _Season:
            spec = self._mapping(spec, owner, section, "a season ({months: [first, last], half: 1|2})")
            self._only(spec, ("months", "half"), section)
            months = spec.get("months")
            if not (isinstance(months, list) and len(months) == 2):
                raise self._fail("a season needs 'months: [first, last]'", spec, section)
            first, last = (self._int(m, spec, section, "a month number", range(1, 13)) for m in months)
            if first > last:
                raise self._fail("a season's months must not wrap the year; use [1, 12]", spec, section)
            half = spec.get("half")
            if half is not None:
                half = self._int(half, spec, section, "'half'", (1, 2))
            return _Season((first, last), half)

        self.vocab.seasons.update(self._phrase_map(value, section, season))

    def _vague(self, value: Any, section: str) -> None:
        self.vocab.vague.update(self._phrase_map(
            value, section, lambda v, owner: self._choice(v, owner, section, "a vagueness modifier", _VAGUE)))

    def _bounds(self, value: Any, section: str) -> None:
        self.vocab.bounds.update(self._phrase_map(
            value, section, lambda v, owner: self._choice(v, owner, section, "a bound modifier", _BOUNDS)))

    def _ranges(self, value: Any, section: str) -> None:
        table = self._mapping(value, value, section, "'ranges' (bound modifier -> connectors)")
        for modifier, connectors in table.items():
            modifier = self._choice(modifier, table, section, "a range's bound modifier", _BOUNDS)
            words = self._strings(connectors, table, section, f"connectors of {modifier!r}")
            self.vocab.ranges[modifier] = list(dict.fromkeys(self.vocab.ranges.get(modifier, []) + words))

    def _relation_words(self, value: Any, section: str) -> None:
        self.vocab.relation_words.update(self._phrase_map(
            value, section, lambda v, owner: self._choice(v, owner, section, "a relation", _RELATIONS)))

    def _shift_entries(self, value: Any, section: str, counted: bool) -> Iterable[tuple[str, _Shift]]:
        if not isinstance(value, list):
            raise self._fail(f"'{section}' must be a list of {{phrases, unit, ...}} entries", value, section)
        for entry in value:
            spec = self._mapping(entry, value, section, f"each '{section}' entry")
            keys = ("phrases", "unit", "modifier", "offset")
            self._only(spec, keys, section)
            unit = self._choice(spec.get("unit"), spec, section, "'unit'", _UNITS)
            if counted:  # the direction of the count: +1 ahead ("in two years"), -1 back ("two years ago")
                offset = self._int(spec.get("offset", 1), spec, section, "'offset' (1 or -1)", (1, -1))
            else:
                offset = self._int(spec.get("offset"), spec, section, "'offset'", range(-50, 51))
            modifier = spec.get("modifier")
            if modifier is not None:
                modifier = self._choice(modifier, spec, section, "'modifier'", _VAGUE + _BOUNDS)
            for phrase in self._strings(spec.get("phrases"), spec, section, "'phrases'"):
                if counted and phrase.split().count("{n}") != 1:
                    raise self._fail(f"{phrase!r} must hold '{{n}}' once, as a word of its own", spec, section)
                yield phrase, _Shift(unit, offset, modifier)

    def _relative(self, value: Any, section: str) -> None:
        for phrase, shift in self._shift_entries(value, section, counted=False):
            self.vocab.relative[_key(phrase)] = shift

    def _counted(self, value: Any, section: str) -> None:
        for phrase, shift in self._shift_entries(value, section, counted=True):
            self.vocab.counted[" ".join(phrase.split())] = shift

    def _numbers(self, value: Any, section: str) -> None:
        self.vocab.numbers.update(self._phrase_map(
            value, section, lambda v, owner: self._int(v, owner, section, "a number", range(1, 100))))

    def _year_phrases(self, value: Any, section: str) -> None:
        self.vocab.year_phrases.update(self._phrase_map(
            value, section, lambda v, owner: self._int(v, owner, section, "a year offset", range(-50, 51))))

    def _word_list(self, value: Any, section: str) -> None:
        words = self._strings(value, value, section, f"'{section}'")
        self.vocab.words[section] = list(dict.fromkeys(self.vocab.word_list(section) + words))


# --------------------------------------------------------------------------- calendar model
@dataclass(frozen=True)
class _Slot:
    """A part of any year (a day, month, quarter, half, season or the whole year)."""

    precision: str
    label: str  # what follows the year in the value: "03-29", "03", "Q1", "H2", ""
    months: tuple[int, int]  # first and last month it covers
    day: int | None = None

    @staticmethod
    def of_day(month: int, day: int) -> _Slot:
        return _Slot("day", f"{month:02d}-{day:02d}", (month, month), day)

    @staticmethod
    def of_month(month: int) -> _Slot:
        return _Slot("month", f"{month:02d}", (month, month))

    @staticmethod
    def of_period(period: str, index: int) -> _Slot:
        size = 12 // _PERIOD_SIZES[period]
        return _Slot(period, f"{period[0].upper()}{index}", (size * (index - 1) + 1, size * index))

    @staticmethod
    def of_season(season: _Season) -> _Slot:
        if season.half:
            return _Slot("half", f"H{season.half}", season.months)
        return _Slot("year", "", season.months)

    @staticmethod
    def of_year() -> _Slot:
        return _Slot("year", "", (1, 12))

    def span(self, year: int) -> tuple[dt.date, dt.date] | None:
        """First and last day in ``year``; None where there is none (Feb 29, year 0)."""
        try:
            if self.day is not None:
                day = dt.date(year, self.months[0], self.day)
                return day, day
            first = dt.date(year, self.months[0], 1)
            after = dt.date(year + 1, 1, 1) if self.months[1] == 12 else dt.date(year, self.months[1] + 1, 1)
        except (ValueError, OverflowError):
            return None
        return first, after - dt.timedelta(days=1)

    def value(self, year: int) -> str:
        return f"{year:04d}-{self.label}" if self.label else f"{year:04d}"


@dataclass(frozen=True)
class _YearRef:
    """Where a slot's year comes from: stated, shifted from the reference year, or inferred."""

    year: int | None = None  # stated: "2024"
    shift: int | None = None  # from the reference year: "next year" -> 1
    relation: str | None = None  # inferred: "previous" | "next" | "coming" | "this" | None (the tense decides)

    @property
    def inferred(self) -> bool:
        return self.year is None and self.shift is None


@dataclass(frozen=True)
class _InYear:
    slot: _Slot
    year: _YearRef


@dataclass(frozen=True)
class _Weekday:
    weekday: int
    relation: str | None


_When = Union[_InYear, _Weekday, _Shift]


@dataclass(frozen=True)
class _Resolved:
    value: str
    precision: str
    first: dt.date
    relative: bool


def _nearest_year(slot: _Slot, ref: dt.date, rule: str) -> int | None:
    """The year of a yearless slot under ``rule`` (see the module docstring)."""
    rule = "next" if rule == "coming" else rule
    if rule in ("same", "this"):
        return ref.year if slot.span(ref.year) else None
    spans = [(y, s) for y in (ref.year - 1, ref.year, ref.year + 1) if (s := slot.span(y))]
    tests: dict[str, tuple[Callable[..., int], Callable[[tuple[dt.date, dt.date]], bool]]] = {
        "future": (min, lambda s: s[1] >= ref),
        "past": (max, lambda s: s[0] <= ref),
        "previous": (max, lambda s: s[1] < ref),
        "next": (min, lambda s: s[0] > ref),
    }
    pick, ok = tests[rule]
    return pick((y for y, s in spans if ok(s)), default=None)


def _year_of(when: _InYear, ref: dt.date, rule: str) -> int | None:
    ref_year = when.year
    if ref_year.year is not None:
        return ref_year.year
    if ref_year.shift is not None:
        return ref.year + ref_year.shift
    return _nearest_year(when.slot, ref, ref_year.relation or rule)


def _in_year(when: _InYear, year: int | None) -> _Resolved | None:
    span = when.slot.span(year) if year is not None and 1 <= year <= 9999 else None
    if span is None:
        return None
    return _Resolved(when.slot.value(year), when.slot.precision, span[0], when.year.year is None)


def _weekday_date(when: _Weekday, ref: dt.date, rule: str) -> dt.date:
    """The day a weekday names (rules in the module docstring)."""
    rule = when.relation if when.relation in ("previous", "next", "coming") else rule
    today, ahead = ref.weekday(), (when.weekday - ref.weekday()) % 7  # days to the next one, 0 = today
    deltas = {
        "previous": ahead - 7 if ahead else -7,
        "coming": ahead or 7,
        "next": 7 - today + when.weekday,
        "past": ahead - 7 if ahead else 0,
        "future": ahead,
    }
    return ref + dt.timedelta(days=deltas.get(rule, ahead - 7 if ahead > 3 else ahead))


def _shifted(shift: _Shift, ref: dt.date) -> _Resolved | None:
    """A unit count away from the reference date, at that unit's precision (a week -> its month)."""
    if shift.unit in ("day", "week"):
        day = ref + dt.timedelta(days=shift.offset * (7 if shift.unit == "week" else 1))
        slot = _Slot.of_day(day.month, day.day) if shift.unit == "day" else _Slot.of_month(day.month)
        year = day.year
    elif shift.unit == "month":
        year, month = divmod(ref.year * 12 + ref.month - 1 + shift.offset, 12)
        slot = _Slot.of_month(month + 1)
    elif shift.unit == "quarter":
        year, quarter = divmod(ref.year * 4 + (ref.month - 1) // 3 + shift.offset, 4)
        slot = _Slot.of_period("quarter", quarter + 1)
    else:
        year, slot = ref.year + shift.offset, _Slot.of_year()
    return _in_year(_InYear(slot, _YearRef()), year)


def _resolve(when: _When, ref: dt.date | None, rule: str) -> _Resolved | None:
    if ref is None:  # no reference date: only what the text dates by itself, nothing made up
        stated = isinstance(when, _InYear) and when.year.year is not None
        return _in_year(when, when.year.year) if stated else None
    try:
        if isinstance(when, _InYear):
            return _in_year(when, _year_of(when, ref, rule))
        if isinstance(when, _Weekday):
            day = _weekday_date(when, ref, rule)
            return _Resolved(day.isoformat(), "day", day, True)
        return _shifted(when, ref)
    except (OverflowError, ValueError):  # a reference date at the very edge of the calendar
        return None


def _resolve_range(first: _When, second: _When, ref: dt.date | None, rule: str) -> tuple[_Resolved, _Resolved] | None:
    """Both ends of a range, in order; a yearless end borrows its year from the other end."""
    if isinstance(first, _InYear) and first.year.inferred and isinstance(second, _InYear) and not second.year.inferred:
        b = _resolve(second, ref, rule)  # "between March and May 2024"
        years = (b.first.year, b.first.year - 1) if b else ()
        a = next((r for y in years if (r := _in_year(first, y)) and r.first < b.first), None)
        a = a and replace(a, relative=b.relative)
    else:
        a = _resolve(first, ref, rule)
        if a and isinstance(second, _InYear) and second.year.inferred:  # "from December 15 to January 5"
            years = (a.first.year, a.first.year + 1)
            b = next((r for y in years if (r := _in_year(second, y)) and r.first > a.first), None)
            b = b and replace(b, relative=a.relative)
        else:
            b = _resolve(second, ref, rule) if a else None
    if a is None or b is None or b.first <= a.first:
        return None
    return a, b


# --------------------------------------------------------------------------- regex building
def _phrase(phrase: str) -> str:
    """Regex for a phrase in :func:`_key` form: words escaped, white space or hyphens between them."""
    return r"[\s-]+".join(re.escape(word) for word in phrase.split())


def _alternation(phrases: Iterable[str]) -> str:
    """Longest first, so that "starting in" is preferred to "starting"; never matches when empty.

    Phrases are taken in :func:`_key` form, so "year-end" also matches "year end"
    and "mid to late" matches "mid-to-late"; lookups use the same form.
    """
    unique = sorted({_key(p) for p in phrases} - {""}, key=lambda p: (-len(p), p))
    return "|".join(_phrase(p) for p in unique) or "(?!)"


#: What every pattern with a year or a numbered period needs.
_DIGIT = re.compile(r"[0-9]")


def _last_word_needed(phrases: list[str], alternation: Callable[[list[str]], str],
                      rx: Callable[[str], re.Pattern]) -> re.Pattern | None:
    """A pattern for the last words of ``phrases``, which any match of one of them contains.

    Each phrase ends at a word boundary after a space or hyphen, so its last
    word stands alone; a phrase ending in a placeholder ("{n}") gives no such
    word, and then nothing is needed.
    """
    last = [p.split()[-1] for p in phrases if p.split()]
    if not last or len(last) < len(phrases) or any("{" in w for w in last):
        return None
    return rx(rf"(?<!\w)(?:{alternation(sorted(set(last)))})(?!\w)")


def _proper(names: Iterable[str]) -> str:
    """Names whose first letter must be a capital; the rest may be in any case ("MARCH")."""
    unique = sorted(set(names), key=lambda n: (-len(n), n))
    return "|".join(f"(?-i:{re.escape(n[0])}){re.escape(n[1:])}" for n in unique) or "(?!)"


@dataclass(frozen=True)
class _Base:
    """A date expression before prefixes and resolution."""

    start: int
    end: int
    when: _When
    guard: str | None = None  # None, "word", "month", "season" or "period": which context makes it a date
    until: _InYear | None = None  # the second end of a range written inside it ("2024-2026")


_Builder = Callable[[re.Match, str, str], Union[_Base, None]]


class DateNormalizer:
    """Finds and normalizes the date expressions of a sentence (see the module docstring)."""

    def __init__(self, files: list[PatternFile]) -> None:
        vocab = _Vocab()
        for pf in files:
            _Reader(pf, vocab).read()
        self._vocab = vocab
        self._lookups(vocab)
        self._compile(vocab)

    @classmethod
    def default(cls) -> DateNormalizer:
        """The normalizer of the default (and EVFACTS_PATTERNS) pattern files, built once."""
        return _default_normalizer()

    # ----- setup
    def _lookups(self, v: _Vocab) -> None:
        self._month_of = {_key(n): m for table in (v.month_names, v.month_abbrevs) for n, m in table.items()}
        self._guarded_months = {_key(n) for n in v.month_abbrevs} | {_key(n) for n in v.ambiguous_months}
        self._weekday_of = {_key(n): d for n, d in v.weekdays.items()}
        self._not_model = set(self._month_of) | set(self._weekday_of)
        self._brands = {_key(b) for b in v.word_list("brands")}
        self._counted = list(v.counted.items())

    def _compile(self, v: _Vocab) -> None:
        mon = (rf"(?P<mon>(?<!\w)(?:(?:{_proper(v.month_names)})(?!\w)"
               rf"|(?:{_proper(v.month_abbrevs)})(?!\w)\.?))")
        wd = rf"(?P<wd>(?<!\w)(?:{_proper(v.weekdays)})(?!\w))"
        day = rf"(?P<day>{_DAY_NUMBER})(?:st|nd|rd|th)?(?!\w)(?![.,:][0-9])"
        year_words = rf"(?:{_alternation(v.year_phrases)})(?!\w)"
        tail = rf"(?P<ytail>(?:,?\s+|\s+of\s+)(?:{_DIGITS_YEAR}|{year_words}))"
        seasons = rf"(?P<season>(?<!\w)(?:{_alternation(v.seasons)})(?!\w))"
        vague = _alternation(v.vague)
        context = _alternation(v.word_list("context_words"))
        period_context = _alternation(v.word_list("period_context_words"))

        def rx(pattern: str) -> re.Pattern:
            return re.compile(pattern, re.IGNORECASE)

        # A pattern may name a cheaper one it cannot match without (a month name, the last word
        # of one of its phrases); a text without that skips the pattern. Most sentences have no date.
        months_needed = rx(mon)
        self._bases: list[tuple[re.Pattern, _Builder, re.Pattern | None]] = [
            (rx(rf"(?:{wd},?\s+)?{mon}\s+{day}(?:\s*[-–]\s*(?P<day2>{_DAY_NUMBER})(?!\w))?{tail}?"),
             self._month_day, months_needed),
            (rx(rf"(?<![\w.,])(?:the\s+)?{day}\s+(?:of\s+)?{mon}{tail}?"), self._month_day, months_needed),
            (rx(rf"{mon}{tail}"), self._month, months_needed),
            (rx(mon), self._month, None),
            (rx(r"(?<![\w.-])(?P<y>(?:19|20)[0-9][0-9])-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])(?![\w-])"),
             self._iso, _DIGIT),
            (rx(r"(?<![\w./$-])[0-9]{1,2}/[0-9]{1,2}/(?:(?:19|20)[0-9]{2}|[0-9]{2})(?![\w/])"), self._numeric, _DIGIT),
            (rx(rf"{seasons}{tail}?"), self._season, None),
            (rx(rf"(?P<rel>(?<!\w)(?:{_alternation(v.relation_words)}))\s+(?:{mon}(?:\s+{day})?|{seasons}|{wd})"),
             self._relation, None),
            (rx(wd), self._weekday, None),
            (rx(rf"(?<!\w)(?:{_alternation(v.relative)})(?!\w)"), self._relative,
             _last_word_needed([_key(p) for p in v.relative], _alternation, rx)),
            (rx(rf"(?<![\w.,])(?P<y1>{_DIGITS_YEAR})\s*[-–—]\s*(?P<y2>{_DIGITS_YEAR})"), self._year_range, _DIGIT),
            (rx(rf"(?<![\w.,])(?<!/[0-9]/)(?<!/[0-9][0-9]/)(?P<year>{_DIGITS_YEAR})(?!\s*[-–/]\s*[0-9])"),
             self._year, _DIGIT),  # not the year of "15/07/2024", even where that is no date
        ]
        if self._counted:
            templates = [t for t, _ in self._counted]
            self._bases.append((rx("|".join(self._counted_pattern(i, t, v) for i, t in enumerate(templates))),
                                self._counted_base,
                                _last_word_needed(templates, lambda ws: "|".join(map(re.escape, ws)), rx)))
        for period, spec in v.periods.items():
            self._bases += self._period_patterns(period, spec, v, tail, year_words, rx)

        self._vague_before = rx(rf"(?<!\w)(?P<w>{vague})(?:\s*-\s*|\s+)(?:the\s+)?\Z")
        self._vague_at = rx(rf"(?:(?P<w>{vague})(?:\s*-\s*|\s+))?")
        self._bound_before = rx(rf"(?<!\w)(?P<w>{_alternation(v.bounds)})\s+(?:the\s+)?\Z")
        months = rf"(?:{_proper(v.month_names)}|{_proper(v.month_abbrevs)})\.?"
        list_words = _alternation(v.word_list("list_words"))
        self._context_before = {
            "word": rx(rf"(?<!\w)(?:{context})\s+\Z"),
            "month": rx(rf"(?:(?<!\w)(?:{context})\s+|(?<!\w){months}(?:\s*,\s*|\s+(?:{list_words})\s+))\Z"),
            "season": rx(rf"(?<!\w)(?:{context})\s+(?:the\s+)?\Z"),
            "period": rx(rf"(?<!\w)(?:{context})\s+(?:the\s+)?\Z"),
        }
        self._period_context_before = rx(rf"(?<!\w)(?:{period_context})\s+\Z")
        self._period_noun_after = rx(rf"\s+(?:{_alternation(v.word_list('period_nouns'))})(?!\w)")
        self._connectors = {mod: rx(self._connector_pattern(words)) for mod, words in v.ranges.items()}
        self._the = rx(r"the\s+")
        self._the_before = rx(r"(?<!\w)the\s+\Z")
        self._of_after = rx(r"\s+of(?!\w)")
        self._count_after = rx(rf"\s*(?:%|(?:{_alternation(v.word_list('count_nouns'))})(?![\w-]))")
        self._money_before = rx(rf"(?<!\w)(?:{_alternation(v.word_list('not_a_year_after'))})\s*\Z")
        self._brand_before = rx(rf"(?<!\w)(?:{_alternation(v.word_list('brands'))})\s+\Z")
        self._capital_after = re.compile(r"\s+(?P<w>[A-Z][\w'’.-]*)")
        self._hyphenated_after = re.compile(r"-|\s+\w+-\w")

    def _counted_pattern(self, index: int, template: str, v: _Vocab) -> str:
        number = rf"(?P<n{index}>[0-9]{{1,2}}|{_alternation(v.numbers)})"
        words = [number if w == "{n}" else re.escape(w) for w in template.split()]
        body = r"\s+".join(words)
        return rf"(?P<c{index}>(?<!\w){body}(?!\w))"

    @staticmethod
    def _connector_pattern(words: list[str]) -> str:
        spoken = [w for w in words if w[0].isalnum()]
        signs = [w for w in words if not w[0].isalnum()]
        sign = "|".join(re.escape(w) for w in signs) or "(?!)"
        return rf"(?:\s+(?:{_alternation(spoken)})\s+|\s*(?:{sign})\s*)"

    def _period_patterns(self, period: str, spec: _Period, v: _Vocab, tail: str, year_words: str,
                         rx: Callable[[str], re.Pattern]) -> list[tuple[re.Pattern, _Builder, re.Pattern | None]]:
        """"Q1 2024"/"Q4, 2022"/"Q2 of 2023"/"Q1'24", "1Q24", "2024 Q1", "the first quarter of 2024"."""
        letter = f"(?-i:{re.escape(spec.letter)})"
        n = f"(?P<n>[1-{_PERIOD_SIZES[period]}])"
        letters = functools.partial(self._period_letter, period)
        return [
            (rx(rf"(?<![\w-]){letter}{n}(?!\w)(?:(?P<ytail>(?:\s*,\s*|\s+of\s+|\s+|\s*-\s*)"
                rf"(?:{_DIGITS_YEAR}|{year_words}))|\s*['’](?P<yy>[0-9][0-9])(?!\w))?"), letters, _DIGIT),
            (rx(rf"(?<![\w.]){n}{letter}\s*(?:(?P<year>{_DIGITS_YEAR})|(?P<yy>[0-9][0-9])(?!\w))"), letters,
             _DIGIT),
            (rx(rf"(?<![\w.,])(?P<year>{_DIGITS_YEAR})(?:\s+|-){letter}{n}(?!\w)"), letters, _DIGIT),
            (rx(rf"(?<!\w)(?:the\s+)?(?P<ord>{_alternation(v.ordinals)})[\s-]+(?:{_alternation(spec.words)})"
                rf"(?!\w){tail}?"), functools.partial(self._period_words, period),
             rx(rf"(?<!\w)(?:{_alternation(spec.words)})(?!\w)")),
        ]

    # ----- checks shared by the builders
    def _before(self, pattern: re.Pattern, text: str, pos: int) -> re.Match | None:
        """``pattern`` (anchored with \\Z) matching the text that ends at ``pos``."""
        return pattern.search(text, max(0, pos - _LOOKBACK), pos)

    def _year_ref(self, tail: str | None) -> _YearRef | None:
        """The year a tail such as ", 2024", " of next year" gives; None for an unusable tail."""
        if tail is None:
            return _YearRef()
        words = tail.strip().lstrip(",-–").split()
        has_of = words[0].casefold() == "of"
        phrase = " ".join(words[1:] if has_of else words)
        if phrase[:4].isdigit():
            return _YearRef(year=int(phrase[:4]))
        shift = self._vocab.year_phrases.get(_key(phrase))
        if shift is None or (phrase.casefold().startswith("the ") and not has_of):
            return None  # "March the year before"
        return _YearRef(shift=shift)

    # ----- builders: one per regex, each returns a _Base or None for a non-date
    def _month_day(self, m: re.Match, text: str, tense: str) -> _Base | None:
        month = self._month_of.get(_key(m.group("mon").rstrip(".")))
        year = self._year_ref(m.group("ytail"))
        if month is None or year is None or (m.group("ytail") is None and self._count_after.match(text, m.end())):
            return None
        if self._before(self._money_before, text, m.start()):
            return None
        day, day2 = int(m.group("day")), m.groupdict().get("day2")
        parsed = None if day2 or (year.year is None and m.group("ytail")) else parse_day(m.group(0))
        if parsed is not None:  # dateparser's reading; a month name only a user pattern file knows stays ours
            month, day = parsed.month, parsed.day
            if year.year is not None and parsed.year != year.year:
                return None
        until = _InYear(_Slot.of_day(month, int(day2)), year) if day2 else None
        return _Base(m.start(), m.end(), _InYear(_Slot.of_day(month, day), year), until=until)

    def _month(self, m: re.Match, text: str, tense: str) -> _Base | None:
        name = _key(m.group("mon").rstrip("."))
        month, year = self._month_of.get(name), self._year_ref(m.groupdict().get("ytail"))
        if month is None or year is None:
            return None
        guard = "month" if year.inferred and name in self._guarded_months else None
        return _Base(m.start(), m.end(), _InYear(_Slot.of_month(month), year), guard)

    def _iso(self, m: re.Match, text: str, tense: str) -> _Base | None:
        return self._day(m, parse_day(m.group(0)))

    def _numeric(self, m: re.Match, text: str, tense: str) -> _Base | None:
        """"7/15/24", "15/07/2024": dateparser reads the day (order rules in :mod:`.absolute`)."""
        return self._day(m, parse_day(m.group(0)))

    @staticmethod
    def _day(m: re.Match, day: dt.date | None) -> _Base | None:
        if day is None:  # "2024-02-30", "13/13/2024"
            return None
        return _Base(m.start(), m.end(), _InYear(_Slot.of_day(day.month, day.day), _YearRef(year=day.year)))

    def _season(self, m: re.Match, text: str, tense: str) -> _Base | None:
        season, year = self._vocab.seasons.get(_key(m.group("season"))), self._year_ref(m.group("ytail"))
        if season is None or year is None:
            return None
        if year.inferred and (self._of_after.match(text, m.end()) or self._capital_after.match(text, m.end())):
            return None  # "the fall of ...", "the Spring Festival"
        return _Base(m.start(), m.end(), _InYear(_Slot.of_season(season), year), "season" if year.inferred else None)

    def _relation(self, m: re.Match, text: str, tense: str) -> _Base | None:
        relation = self._vocab.relation_words.get(_key(m.group("rel")))
        if m.group("wd"):
            weekday = self._weekday_of.get(_key(m.group("wd")))
            when: _When | None = None if weekday is None else _Weekday(weekday, relation)
        elif m.group("season"):
            season = self._vocab.seasons.get(_key(m.group("season")))
            when = _InYear(_Slot.of_season(season), _YearRef(relation=relation)) if season else None
        else:  # "last December", "last December 15"
            month = self._month_of.get(_key(m.group("mon").rstrip(".")))
            if month is None:
                return None
            slot = _Slot.of_day(month, int(m.group("day"))) if m.group("day") else _Slot.of_month(month)
            when = _InYear(slot, _YearRef(relation=relation))
        return _Base(m.start(), m.end(), when) if when and relation else None

    def _weekday(self, m: re.Match, text: str, tense: str) -> _Base | None:
        weekday = self._weekday_of.get(_key(m.group("wd")))
        return None if weekday is None else _Base(m.start(), m.end(), _Weekday(weekday, None))

    def _relative(self, m: re.Match, text: str, tense: str) -> _Base | None:
        if self._of_after.match(text, m.end()) or self._before(self._the_before, text, m.start()):
            return None  # "last quarter of 2024", "over the last year" (a duration)
        shift = self._vocab.relative.get(_key(m.group()))
        return None if shift is None else _Base(m.start(), m.end(), shift)

    def _counted_base(self, m: re.Match, text: str, tense: str) -> _Base | None:
        index = next(i for i in range(len(self._counted)) if m.group(f"c{i}"))
        shift = self._counted[index][1]
        if shift.offset > 0 and tense == "past" or self._of_after.match(text, m.end()):
            return None  # "doubled in two years", "in 10 years of use": durations
        number = m.group(f"n{index}")
        count = int(number) if number.isdigit() else self._vocab.numbers.get(_key(number))
        return None if not count else _Base(m.start(), m.end(), _Shift(shift.unit, count * shift.offset,
                                                                        shift.modifier))

    def _year_checks(self, text: str, start: int, end: int) -> tuple[bool, str | None]:
        """(is it a year at all, its guard) for a bare year or year range at text[start:end].

        Money, fiscal years and counts are not years. Before a brand it is a
        model year ("the 2024 Kia EV9"); before another capitalised word it may
        be one ("the 2024 Equinox EV"), so it needs a context word ("word").
        """
        if self._before(self._money_before, text, start) or self._count_after.match(text, end):
            return False, None
        after = self._capital_after.match(text, end)
        if after is None:
            return True, None
        word = _key(re.sub(r"(['’]s|\.)$", "", after.group("w")))
        if word in self._brands or word.split()[0] in self._brands:
            return False, None
        if _EVENT_AFTER.match(text, end):
            return True, None  # "the 2019 Tokyo Motor Show": the year of an event
        return True, None if word in self._not_model else "word"

    def _year(self, m: re.Match, text: str, tense: str) -> _Base | None:
        ok, guard = self._year_checks(text, m.start(), m.end())
        when = _InYear(_Slot.of_year(), _YearRef(year=int(m.group("year"))))
        return _Base(m.start(), m.end(), when, guard) if ok else None

    def _year_range(self, m: re.Match, text: str, tense: str) -> _Base | None:
        first, last = int(m.group("y1")), int(m.group("y2"))
        ok, guard = self._year_checks(text, m.start(), m.end())
        if not ok or not first < last <= first + 50:
            return None
        year = _Slot.of_year()
        return _Base(m.start(), m.end(), _InYear(year, _YearRef(year=first)), guard,
                     until=_InYear(year, _YearRef(year=last)))

    def _period_words(self, period: str, m: re.Match, text: str, tense: str) -> _Base | None:
        """"the first quarter of 2024", "second half of next year", "the fourth quarter"."""
        index = self._vocab.ordinals.get(_key(m.group("ord")))
        if _key(m.group("ord")) == "last" and not m.group("ytail"):
            return None  # "the last quarter" alone is the previous one (a relative phrase)
        year = self._year_ref(m.group("ytail"))
        if index is None or year is None or (year.inferred and self._of_after.match(text, m.end())):
            return None  # "the first half of the decade"
        index = _PERIOD_SIZES[period] if index == -1 else index
        if index > _PERIOD_SIZES[period]:
            return None
        return _Base(m.start(), m.end(), _InYear(_Slot.of_period(period, index), year))

    def _period_letter(self, period: str, m: re.Match, text: str, tense: str) -> _Base | None:
        """"Q1 2024", "1Q24", "2024 Q1", "Q1 next year"; a bare "Q3" only where the context allows."""
        if self._before(self._brand_before, text, m.start()):
            return None  # "Audi Q4 2022"
        groups = m.groupdict()
        if groups.get("yy"):
            year: _YearRef | None = _YearRef(year=2000 + int(groups["yy"]))
        elif groups.get("year"):
            year = _YearRef(year=int(groups["year"]))
        else:
            year = self._year_ref(groups.get("ytail"))
        if year is None:
            return None
        when = _InYear(_Slot.of_period(period, int(groups["n"])), year)
        if not year.inferred:
            return _Base(m.start(), m.end(), when)
        if self._capital_after.match(text, m.end()) or self._hyphenated_after.match(text, m.end()):
            return None  # "Q4 e-tron", "Q4 Sportback"
        noun = (self._before(self._period_context_before, text, m.start())
                and self._period_noun_after.match(text, m.end()))  # "the Q4 results", not "the Q4 is"
        return _Base(m.start(), m.end(), when, None if noun else "period")

    # ----- assembling mentions
    def _bases_of(self, text: str, tense: str) -> list[_Base]:
        bases = []
        present: dict[int, bool] = {}  # id of a needed pattern -> whether the text has it
        for pattern, build, needed in self._bases:
            if needed is not None:
                if id(needed) not in present:
                    present[id(needed)] = needed.search(text) is not None
                if not present[id(needed)]:
                    continue
            for m in pattern.finditer(text):
                base = build(m, text, tense)
                if base is not None:
                    bases.append(base)
        return bases

    def _prefix(self, pattern: re.Pattern, text: str, pos: int, table: dict[str, str]) -> tuple[str | None, int]:
        """The modifier of a bound/vagueness phrase ending at ``pos``, and where it starts."""
        m = self._before(pattern, text, pos)
        if m is None:
            return None, pos
        return table.get(_key(m.group("w"))), m.start()

    def _range_tail(self, text: str, pos: int, modifier: str | None,
                    by_start: dict[int, list[_Base]]) -> tuple[_When, int] | None:
        """The second date of "between A and B" / "from A to B" that starts after ``pos``."""
        connector = self._connectors.get(modifier) if modifier else None
        m = connector.match(text, pos) if connector else None
        if m is None:
            return None
        after_vague = self._vague_at.match(text, m.end()).end()
        the = self._the.match(text, after_vague)
        starts = (after_vague, the.end()) if the else (after_vague,)
        options = [b for s in starts for b in by_start.get(s, ()) if b.until is None]
        if not options:
            return None
        second = max(options, key=lambda b: b.end)
        return second.when, second.end

    def _mention(self, text: str, base: _Base, by_start: dict[int, list[_Base]],
                 ref: dt.date | None, rule: str) -> DateMention | None:
        vague, vague_start = self._prefix(self._vague_before, text, base.start, self._vocab.vague)
        bound, start = self._prefix(self._bound_before, text, vague_start, self._vocab.bounds)
        if base.guard and not (vague or bound or self._before(self._context_before[base.guard], text, start)):
            return None
        rule = "past" if rule == "same" and bound == "since" else rule
        ends = self._resolve_ends(text, base, by_start, ref, rule, bound)
        if ends is None:
            return None
        first, second, end = ends
        if bound == "between" and second is None:
            bound, start = None, vague_start  # "between" with no second date is not a bound
        own = base.when.modifier if isinstance(base.when, _Shift) else None
        return DateMention(text[start:end], start, end, first.value, first.precision,
                           second.value if second else None, bound or vague or own,
                           first.relative or bool(second and second.relative))

    def _resolve_ends(self, text: str, base: _Base, by_start: dict[int, list[_Base]], ref: dt.date | None,
                      rule: str, bound: str | None) -> tuple[_Resolved, _Resolved | None, int] | None:
        """Resolve the base, as a range when it has a second end; else alone."""
        tail = (base.until, base.end) if base.until else self._range_tail(text, base.end, bound, by_start)
        if tail is not None:
            pair = _resolve_range(base.when, tail[0], ref, rule)
            if pair is not None:
                return pair[0], pair[1], tail[1]
            if base.until:
                return None
        first = _resolve(base.when, ref, rule)
        return None if first is None else (first, None, base.end)

    def find(self, text: str, reference: dt.date | None, tense: str = "unknown") -> list[DateMention]:
        """The date expressions of ``text`` (one sentence or headline), in text order, non-overlapping.

        ``reference`` is the publication date that partial and relative dates
        resolve against; without one (None) they resolve to nothing, and only
        dates stated in full ("March 2025", "Q2 2024") are found; ``tense`` ("past", "present", "future", "unknown") is
        the tense of the clause and picks the year of a yearless month or day.
        Where expressions overlap, the longest wins (then the earliest).
        """
        if isinstance(reference, dt.datetime):
            reference = reference.date()
        rule = _TENSE_RULE.get(tense, "same")
        bases = self._bases_of(text, tense)
        by_start: dict[int, list[_Base]] = {}
        for base in bases:
            by_start.setdefault(base.start, []).append(base)
        mentions = [m for b in bases if (m := self._mention(text, b, by_start, reference, rule))]
        return _restated(text, _longest_first(mentions))


def _longest_first(mentions: list[DateMention]) -> list[DateMention]:
    taken: list[DateMention] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


#: The precisions a mention can have, coarsest first (a season is a half or a year; a week, its month).
_PRECISION_RANK = {"year": 0, "half": 1, "quarter": 2, "month": 3, "day": 4}
#: What may stand between a date and its restatement: "Friday (July 7)", "a year ago, in May 2021".
_RESTATING_GAP = re.compile(r"^\s*(?:,|\(|—|–|-)\s*(?:on|in|or|that is|i\.e\.)?\s*$")


def _restated(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Fold a date restated right after itself, more precisely or absolutely ("on Friday (July 7)",
    "just under a year ago, in May 2021", "this weekend, on Oct. 30"), into one mention spanning both
    with the restatement's value: the writer's second, exact wording is the date meant."""
    out: list[DateMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and _RESTATING_GAP.match(text[prev.end:m.start]) and _more_exact(m, prev):
            out[-1] = replace(m, start=prev.start, text=text[prev.start:m.end], modifier=m.modifier or prev.modifier)
            continue
        out.append(m)
    return out


def _more_exact(second: DateMention, first: DateMention) -> bool:
    """Finer, or as fine and stated outright: absolute, or in figures where the first is in words."""
    finer = _PRECISION_RANK.get(second.precision, 0) - _PRECISION_RANK.get(first.precision, 0)
    outright = first.relative and not second.relative or (
        any(c.isdigit() for c in second.text) and not any(c.isdigit() for c in first.text))
    return finer > 0 or finer == 0 and outright


@functools.lru_cache(maxsize=1)
def _default_normalizer() -> DateNormalizer:
    return DateNormalizer(load_patterns().of_kind(KIND))


# ----- comparing normalized dates ---------------------------------------------------------

_NORMALIZED = re.compile(r"^(\d{4})(?:-(?:(H[12])|(Q[1-4])|(\d{2})(?:-(\d{2}))?))?$")


def date_span(value: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last day a normalized date covers ("2024-Q1" -> Jan 1 .. Mar 31), or None."""
    match = _NORMALIZED.match(str(value)) if value is not None else None
    if not match:
        return None
    year, half, quarter, month, day = match.groups()
    y = int(year)
    try:
        if day:
            d = dt.date(y, int(month), int(day))
            return d, d
        if month:
            first, last = int(month), int(month)
        elif quarter:
            first, last = 3 * int(quarter[1]) - 2, 3 * int(quarter[1])
        elif half:
            first, last = (1, 6) if half == "H1" else (7, 12)
        else:
            first, last = 1, 12
        return dt.date(y, first, 1), dt.date(y, last, calendar.monthrange(y, last)[1])
    except ValueError:  # "2024-13": not a date, compared as text instead
        return None


def refines(coarse: Any, fine: Any) -> bool:
    """True when ``fine`` is a more precise date inside ``coarse`` (2024 ⊃ 2024-H1 ⊃ 2024-Q1 ⊃ 2024-02)."""
    outer, inner = date_span(coarse), date_span(fine)
    return (outer is not None and inner is not None and outer != inner
            and outer[0] <= inner[0] and inner[1] <= outer[1])
