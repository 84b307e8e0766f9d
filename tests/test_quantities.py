"""Tests for evfacts.normalize.quantities: numbers, units, counts and rates.

The table is the specification in examples: each row is a sentence as EV
press coverage writes it and every quantity expected in it, in order. Rows
with an empty list are the negatives (years, model names, number words
without a unit...). Known failures sit in XFAIL_ROWS and are strict, so a
fix shows up as an unexpected pass.
"""

from __future__ import annotations

import textwrap
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evfacts.normalize.quantities import Quantity, QuantityFinder, paired, parse_number
from evfacts.patterns import PatternError, PatternFile, default_patterns_dir, load_yaml

Expected = tuple[float, str, dict[str, Any]]


def E(value: float, unit: str, **fields: Any) -> Expected:
    """One expected quantity: its value, its unit and any other fields to check."""
    return (value, unit, fields)


def C(value: float, noun: str | None = None, **fields: Any) -> Expected:
    """One expected vehicle count."""
    return E(value, "count", noun=noun, **fields)


ROWS: list[tuple[str, list[Expected]]] = [
    # --- battery capacity ---
    ("The sedan packs an 82kWh battery.", [E(82, "kWh", raw_unit="kWh")]),
    ("Buyers can pick a 64 kWh pack for the base trim.", [E(64, "kWh")]),
    ("It uses a 58.2-kwh lithium iron phosphate battery.", [E(58.2, "kWh", raw_unit="kwh")]),
    ("The flagship gets a 111.5-kWh pack.", [E(111.5, "kWh")]),
    ("A 42 kilowatt-hour battery sits under the floor.", [E(42, "kWh")]),
    ("Its pack stores 77 kilowatt hours of energy.", [E(77, "kWh")]),
    ("Either a standard 60kWh battery or an optional 87kWh unit is offered.", [E(60, "kWh"), E(87, "kWh")]),
    # --- voltage ---
    ("The platform runs on an 800V architecture.", [E(800, "V")]),
    ("It uses a 400-volt electrical system.", [E(400, "V", raw_unit="volt")]),
    ("The pack operates at 697 volts.", [E(697, "V")]),
    ("A 400 V system is standard.", [E(400, "V")]),
    # --- charging and motor power (both kW; the battery extractor tells them apart) ---
    ("DC fast charging peaks at 250 kW.", [E(250, "kW")]),
    ("It accepts up to 270kW at a public charger.", [E(270, "kW", qualifier="up to")]),
    ("The front motor makes 160 kilowatts.", [E(160, "kW")]),
    ("A motor rated at 150 kW drives the rear axle.", [E(150, "kW")]),
    # --- range ---
    ("It delivers 610km of WLTP range.", [E(610, "km", raw_unit="km")]),
    ("The car can travel 520 km on one charge.", [E(520, "km")]),
    ("Expect a 250-mile range from the base model.", [E(402, "km", raw_value=250, raw_unit="mile")]),
    ("The EPA rates it at 315 miles.", [E(507, "km", raw_value=315, raw_unit="miles")]),
    ("It covers 480 kilometers on the CLTC cycle.", [E(480, "km")]),
    ("The long-range version manages up to 705 kilometres.", [E(705, "km", qualifier="up to")]),
    ("Owners report around 350 km of real-world range.", [E(350, "km", qualifier="around")]),
    ("It should go more than 400 miles per charge.", [E(644, "km", qualifier="more than")]),
    ("The test loop was 300 mi long.", [E(483, "km", raw_unit="mi")]),
    ("It is rated at 500 km (311 miles) on the WLTP cycle.", [E(500, "km"), E(501, "km", raw_unit="miles")]),
    ("Expect 250 miles (402 km) of EPA range.", [E(402, "km"), E(402, "km", raw_unit="km")]),
    ("A 100kms commute is easy.", [E(100, "km", raw_unit="kms")]),
    ("The maker promises 300+ miles of range.", [E(483, "km", raw_value=300)]),
    ("A range of 400-500 km is promised.", [E(500, "km", low=400)]),
    # --- vehicle counts ---
    ("The factory will assemble 2,500 units in its first year.", [C(2500, "unit", raw_unit="units")]),
    ("The group aims to build 250,000 vehicles by 2026.", [C(250000, "vehicle")]),
    ("The brand plans to sell 40,000 electric cars.", [C(40000, "car")]),
    ("It set a target of 3 million EVs.", [C(3000000, "ev")]),
    ("Last quarter it shipped 18,000 SUVs.", [C(18000, "suv")]),
    ("The city ordered 400 electric buses.", [C(400, "bus")]),
    ("Orders for 5,000 pickups have been taken.", [C(5000, "pickup")]),
    ("The fleet operator will add 1,200 vans.", [C(1200, "van")]),
    ("The plant can make 12 lakh electric two-wheelers.", [C(1200000, "two-wheeler")]),
    ("It will roll out 2.5 lakh e-scooters.", [C(250000, "e-scooter")]),
    ("The startup expects to sell 30,000 motorcycles.", [C(30000, "motorcycle")]),
    ("The carrier has signed up for 700 trucks.", [C(700, "truck")]),
    ("The maker sold 25,000 bikes last year.", [C(25000, "bike")]),
    ("The line will build 10,000 sedans.", [C(10000, "sedan")]),
    ("China could sell 2 million new energy vehicles.", [C(2000000, "vehicle")]),
    ("It will make 50,000 fully electric units.", [C(50000, "unit")]),
    ("The goal is half a million vehicles.", [C(500000, "vehicle")]),
    ("Three hundred cars left the line.", [C(300, "car")]),
    ("A million cars is the target.", [C(1000000, "car")]),
    ("The plan calls for 1.2m cars.", [C(1200000, "car")]),
    ("It hopes to reach 300k units.", [C(300000, "unit")]),
    ("The operator bought two dozen buses.", [C(24, "bus")]),
    ("The depot will house twenty-five trucks.", [C(25, "truck")]),
    ("A 2,000-unit first batch is planned.", [C(2000, "unit")]),
    ("Output will rise from 20,000 to 30,000 units.", [C(30000, "unit", low=20000)]),
    ("The line has built 10,000+ units so far.", [C(10000, "unit")]),
    ("Shanghai will make 1 million Model Y SUVs.", [C(1000000, "suv")]),
    ("The brand targets 500,000 battery electric vehicles.", [C(500000, "vehicle")]),
    ("It plans about a dozen EVs by 2030.", [C(12, "ev", qualifier="about")]),
    ("The plant will roll out 3,50,000 units.", [C(350000, "unit")]),
    ("A 1.5m-unit capacity is planned.", [C(1500000, "unit")]),
    # --- rates ---
    ("The line can turn out 1,000 cars per day.", [C(1000, "car", rate="day")]),
    ("It will make 60 units a day at first.", [C(60, "unit", rate="day")]),
    ("Output is 4,000 vehicles per week.", [C(4000, "vehicle", rate="week")]),
    ("They build 5,000 cars weekly.", [C(5000, "car", rate="week")]),
    ("The target is 20,000 units a month.", [C(20000, "unit", rate="month")]),
    ("It assembles 15,000 vehicles every month.", [C(15000, "vehicle", rate="month")]),
    ("The site will produce 500,000 cars per year.", [C(500000, "car", rate="year")]),
    ("It will build 300,000 vehicles annually.", [C(300000, "vehicle", rate="year")]),
    ("The works can make 200,000 units a year.", [C(200000, "unit", rate="year")]),
    ("The group targets 100,000 EVs per annum.", [C(100000, "ev", rate="year")]),
    ("The plant has an annual capacity of 250,000 vehicles.", [C(250000, "vehicle", rate="year")]),
    ("It plans a yearly output of 80,000 units.", [C(80000, "unit", rate="year")]),
    ("Monthly production of 30,000 cars is the goal.", [C(30000, "car", rate="month")]),
    ("The plant will produce 8,000 a month.", [C(8000, None, rate="month", raw_unit="")]),
    ("Production is expected to reach 1,500 per day.", [C(1500, None, rate="day")]),
    ("It will have an annual production capacity of 400,000.", [C(400000, None, rate="year")]),
    ("It sold 90,000 cars a year earlier.", [C(90000, "car", rate=None)]),
    ("Capacity is 150,000 units/year.", [C(150000, "unit", rate="year")]),
    # --- qualifiers ---
    ("It has built over 12,000 units.", [C(12000, "unit", qualifier="over")]),
    ("More than 8,000 vehicles were recalled.", [C(8000, "vehicle", qualifier="more than")]),
    ("About 3,500 units are planned.", [C(3500, "unit", qualifier="about")]),
    ("Nearly 6,000 cars left the port.", [C(6000, "car", qualifier="nearly")]),
    ("The plan needs at least 1,000 vehicles.", [C(1000, "vehicle", qualifier="at least")]),
    ("It will produce approximately 45,000 units.", [C(45000, "unit", qualifier="approximately")]),
    ("A full charge takes less than 30 minutes.", [E(30, "min", qualifier="less than")]),
    ("Some 9,000 vehicles are on order.", [C(9000, "vehicle", qualifier="some")]),
    # --- money, never a count ---
    ("The startup raised $500 million.", [E(500e6, "money", raw_unit="$")]),
    ("It announced an investment of €2.1 billion.", [E(2.1e9, "money")]),
    ("It is priced at Rs 12-14 lakh.", [E(1.4e6, "money", low=1.2e6)]),
    ("The base model costs 229,900 yuan.", [E(229900, "money", raw_unit="yuan")]),
    ("The scooter costs ₹2.5 lakh.", [E(250000, "money")]),
    ("The group will spend 450 billion yen.", [E(450e9, "money")]),
    ("The deal is worth US$3 billion.", [E(3e9, "money")]),
    ("A $35,000 price tag should help it sell 20,000 cars.", [E(35000, "money"), C(20000, "car")]),
    ("Local partners added RMB 1.2 billion.", [E(1.2e9, "money")]),
    ("The state pledged £1bn in grants.", [E(1e9, "money")]),
    ("The fund raised $200m for 5,000 vehicles.", [E(200e6, "money"), C(5000, "vehicle")]),
    # --- recognized but unwanted units ---
    ("It does 0-100 km/h in 3.9 seconds.", [E(100, "km/h", low=0), E(3.9, "s")]),
    ("Top speed is 180kmph.", [E(180, "km/h")]),
    ("The dash to 60 mph takes 4 s.", [E(60, "mph"), E(4, "s")]),
    ("It consumes 14.8 kWh/100km.", [E(14.8, "kWh/100km")]),
    ("Rated use is 16.2 kWh per 100 km.", [E(16.2, "kWh/100km")]),
    ("A 35 GWh battery plant is planned.", [E(35, "GWh")]),
    ("The roof makes 5,000 megawatt hours of solar power.", [E(5000, "MWh")]),
    ("The motors make 420 hp and 700 Nm.", [E(420, "hp"), E(700, "Nm")]),
    ("It charges from 10 to 80% in 18 minutes.", [E(80, "%", low=10), E(18, "min")]),
    ("A five-minute top-up adds range.", [E(5, "min")]),
    ("Five minutes on a charger is enough.", [E(5, "min")]),
    ("The base engine made 310 PS.", [E(310, "hp")]),
    ("The 100kmph sprint takes 9 seconds.", [E(100, "km/h"), E(9, "s")]),
    ("It sells 150cc scooters.", [E(150, "cc")]),
    ("Sales of EVs reached the 100s of cars.", [E(100, "s")]),
    # --- negatives: no quantity ---
    ("Deliveries begin in 2025.", []),
    ("2024", []),
    ("The company offers two battery options.", []),
    ("Tesla Model 3 sedans were recalled.", []),
    ("A five-seat SUV joins the range.", []),
    ("It employs 3,000 workers building cars.", []),
    ("There are 500 car dealers in the region.", []),
    ("By 2030 electric cars will dominate.", []),
    ("In 2026 vehicles from the plant go to Europe.", []),
    ("The Lynk & Co 01 SUV is built there.", []),
    ("The 10,000th car rolled off the line.", []),
    ("It has a 4.7m long body.", []),
    ("The ratio was 1,2 units.", []),
    ("Peugeot 208 units were shipped.", []),
    ("The brand is ten years old.", []),
    ("Mazda MX-30 vehicles are rare.", []),
    ("Production starts in March 2025, the company said.", []),
    ("Level 3 autonomous vehicles need approval.", []),
    ("Ford F-150 Lightning pickups are built in Dearborn.", []),
    ("The plant runs 24/7 from 2026.", []),
    ("It will install 300,000 charging units.", []),
]

XFAIL_ROWS: list[tuple[str, list[Expected]]] = [
    # "between X and Y" is not read as a range: only the upper end is found
    ("Range is between 300 and 400 km.", [E(400, "km", low=300)]),
    # a rate after an of-phrase is not attached to the count
    ("It builds 70 units of the crossover per day.", [C(70, "unit", rate="day")]),
    # a model number among the modifiers breaks the noun phrase
    ("It will make 20,000 Ioniq 5 units.", [C(20000, "unit")]),
    # compound number words and multipliers
    ("One and a half million cars are planned.", [C(1500000, "car")]),
    ("It will make 1 lakh 20 thousand units.", [C(120000, "unit")]),
    ("It targets 5 million-plus cars.", [C(5000000, "car")]),
    # an elided noun: the second figure has neither noun nor rate
    ("It plans 20,000 units in 2024 and 40,000 in 2025.", [C(20000, "unit"), C(40000)]),
]


def _default_files() -> list[PatternFile]:
    """Only the shipped units.yaml, so these tests do not depend on the other pattern files."""
    path = default_patterns_dir() / "units.yaml"
    data = load_yaml(path)
    return [PatternFile(path, data["kind"], data)]


FINDER = QuantityFinder(_default_files())


@pytest.fixture(scope="module")
def finder() -> QuantityFinder:
    return FINDER


def _check(found: list[Quantity], expected: list[Expected]) -> None:
    got = [(q.text, q.value, q.unit) for q in found]
    assert len(found) == len(expected), got
    for q, (value, unit, fields) in zip(found, expected):
        assert q.value == pytest.approx(value), got
        assert q.unit == unit, got
        for name, want in fields.items():
            have = getattr(q, name)
            assert (have == pytest.approx(want) if isinstance(want, (int, float)) else have == want), (name, q)


@pytest.mark.parametrize("text,expected", ROWS, ids=[r[0][:48] for r in ROWS])
def test_find(finder: QuantityFinder, text: str, expected: list[Expected]) -> None:
    found = finder.find(text)
    _check(found, expected)
    assert all(text[q.start:q.end] == q.text for q in found)


@pytest.mark.xfail(strict=True, reason="known limitation")
@pytest.mark.parametrize("text,expected", XFAIL_ROWS, ids=[r[0][:48] for r in XFAIL_ROWS])
def test_find_known_failures(finder: QuantityFinder, text: str, expected: list[Expected]) -> None:
    _check(finder.find(text), expected)


def test_span_covers_number_noun_and_rate_not_qualifier(finder: QuantityFinder) -> None:
    text = "It will build over 1.5 million electric cars per year."
    (q,) = finder.find(text)
    assert q.text == "1.5 million electric cars per year"
    assert (q.qualifier, q.noun, q.rate, q.raw_value) == ("over", "car", "year", 1_500_000)


def test_money_span_includes_sign_and_currency_word(finder: QuantityFinder) -> None:
    assert [q.text for q in finder.find("It set aside $2 billion and 730 billion yen.")] == \
        ["$2 billion", "730 billion yen"]


@pytest.mark.parametrize("text,expected", [
    ("Holmvik aims to build 5,000 by the close of the third quarter.", [("5,000", 5000, None)]),
    ("It targets 1,200-1,800 Ilvar S a week.", [("1,200-1,800", 1800, 1200)]),
    ("In 2026 it plans 1.2 million.", [("1.2 million", 1_200_000, None)]),  # a year is never a bare count
])
def test_bare_counts_only_when_asked(finder: QuantityFinder, text: str,
                                     expected: list[tuple[str, float, float | None]]) -> None:
    assert finder.find(text) == []
    found = finder.find(text, bare=True)
    assert [(q.text, q.value, q.low) for q in found] == expected
    assert all(q.unit == "count" and q.noun is None and q.rate is None for q in found)


def test_bare_keeps_units_nouns_and_money(finder: QuantityFinder) -> None:
    text = "It raised $5 billion to build 20,000 vans with 77 kWh packs."
    assert [(q.text, q.unit) for q in finder.find(text, bare=True)] == [
        ("$5 billion", "money"), ("20,000 vans", "count"), ("77 kWh", "kWh")]


@pytest.mark.parametrize("text,pos,expected", [
    ("18,000 N4 a month from December", 9, ("month", 17)),
    ("800 Pulse cars per day", 14, ("day", 22)),
    ("150,000 cars a year earlier", 12, None),   # a time ago, not a rate
    ("20,000 Ilvar S next year", 14, None),
])
def test_rate_after(finder: QuantityFinder, text: str, pos: int, expected: tuple[str, int] | None) -> None:
    assert finder.rate_after(text, pos) == expected


@pytest.mark.parametrize("word,rate", [("annual", "year"), ("Monthly", "month"), ("weekly", "week"),
                                       ("output", None), ("a", None)])
def test_rate_word(finder: QuantityFinder, word: str, rate: str | None) -> None:
    assert finder.rate_word(word) == rate


# ----- paired ---------------------------------------------------------------------------


@pytest.mark.parametrize("text,first,second", [
    ("It covers 260 km (162 miles) on a charge.", "260 km", "162 miles"),
    ("It covers 275 miles (442 km) on a charge.", "275 miles", "442 km"),
    ("It covers 668km (about 415 miles) on a charge.", "668km", "415 miles"),
])
def test_paired_finds_parenthesized_equivalent(finder: QuantityFinder, text: str, first: str, second: str) -> None:
    quantities = finder.find(text)
    q = next(q for q in quantities if q.text == first)
    twin = paired(q, quantities, text)
    assert twin is not None and twin.text == second
    assert paired(twin, quantities, text) is None


@pytest.mark.parametrize("text", [
    "It covers 300 km and 200 miles in two tests.",   # no parentheses
    "It charges at 150 kW (800 V) peak.",             # another dimension
    "It covers 300 km.",                               # nothing after
])
def test_paired_none(finder: QuantityFinder, text: str) -> None:
    quantities = finder.find(text)
    assert paired(quantities[0], quantities, text) is None


# ----- parse_number ---------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("10,000", 10000), ("1.5 million", 1_500_000), ("20 lakh", 2_000_000), ("half a million", 500_000),
    ("two", 2), ("76.1", 76.1), ("1,2", None), ("kWh", None), ("", None), ("a", None), ("a dozen", 12),
    ("twenty-five", 25), ("1,00,000", 100_000), ("300k", 300_000), ("2.3bn", 2.3e9), ("3 crore", 30_000_000),
    ("1,234.5", 1234.5), (" 42 ", 42), ("a million", 1_000_000), ("two hundred thousand", 200_000),
    ("12,34", None), ("1.5 million cars", None), ("$5", None),
])
def test_parse_number(finder: QuantityFinder, text: str, value: float | None) -> None:
    assert finder.parse_number(text) == (pytest.approx(value) if value is not None else None)


def test_module_functions_use_the_default_patterns() -> None:
    assert QuantityFinder.default() is QuantityFinder.default()
    assert parse_number("1.5 million") == 1_500_000


# ----- pattern files --------------------------------------------------------------------


def _file(tmp_path: Path, body: str, name: str = "units.yaml") -> PatternFile:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    data = load_yaml(path)
    return PatternFile(path, data["kind"], data)


@pytest.mark.parametrize("body,line,words", [
    ("kind: units\nunits:\n  - unit: km\n    aliases: [km]\nfoo: 1\n", 5, "unknown section"),
    ("kind: units\nrates:\n  - rate: day\n    after: [per day]\n  - rate: fortnight\n    after: [x]\n", 5,
     "fortnight"),
    ("kind: units\nunits:\n  - unit: km\n    aliases: [km, kms]\n  - unit: mi\n    aliases: [kms]\n", 5, "duplicate"),
    ("kind: units\nqualifiers:\n  - over\n  - [about]\n", 4, "non-empty string"),
    ("kind: units\nmultipliers:\n  - {words: [k], value: -3}\n", 3, "positive number"),
    ("kind: units\nmultipliers:\n  - {words: [m], value: 1000000, only_for: [speed]}\n", 3, "speed"),
    ("kind: units\ncount_nouns:\n  - {noun: car}\n", 3, "missing 'forms'"),
    ("kind: units\nunits:\n  - unit: km\n    alias: [km]\n", 4, "unknown key"),
    ("kind: units\nnumber_words: {one: 1}\n", 2, "must be a list"),
])
def test_pattern_errors_name_file_and_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    with pytest.raises(PatternError) as err:
        QuantityFinder([_file(tmp_path, body)])
    assert err.value.line == line
    assert err.value.path.endswith("units.yaml")
    assert words in str(err.value)


def test_wrong_kind_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match="kind"):
        QuantityFinder([_file(tmp_path, "kind: dates\n")])


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    extra = _file(tmp_path, """\
        kind: units
        count_nouns:
          - {noun: tractor, forms: [tractor, tractors]}
        units:
          - unit: km
            aliases: [klicks]
        multipliers:
          - {words: [m], value: 1000000}
        """, "extra.yaml")
    text = "It will build 40 tractors with 300 klicks of range in a 5m hall."
    assert FINDER.find("It will build 40 tractors.") == []
    merged = QuantityFinder(_default_files() + [extra])
    found = [(q.value, q.unit, q.noun) for q in merged.find(text)]
    assert found == [(40, "count", "tractor"), (300, "km", None)]


# ----- properties -----------------------------------------------------------------------

_EV_WORDS = st.sampled_from(["units", "cars", "kWh", "km", "miles", "per day", "a year", "annual", "over",
                             "$", "₹", "lakh", "million", "m", "k", "-", " ", ",", ".", "(", ")", "Model",
                             "in", "2025", "1,2", "0-100", "km/h", "half a", "twenty", "five", "/year"])
_EV_TEXT = st.lists(st.one_of(_EV_WORDS, st.integers(0, 10**7).map(str), st.text(max_size=4)),
                    max_size=25).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(), _EV_TEXT))
def test_find_never_raises_and_offsets_slice(text: str) -> None:
    found = FINDER.find(text)
    last_end = 0
    for q in found:
        assert text[q.start:q.end] == q.text
        assert last_end <= q.start < q.end
        last_end = q.end
        assert q.unit != "count" or q.noun is not None or q.rate is not None


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(), _EV_TEXT))
def test_parse_number_never_raises(text: str) -> None:
    value = FINDER.parse_number(text)
    assert value is None or isinstance(value, float)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10**9))
def test_grouped_counts_round_trip(n: int) -> None:
    written = f"{n:,}"
    assert FINDER.parse_number(written) == n
    (q,) = FINDER.find(f"The plant will make {written} units.")
    assert (q.value, q.unit, q.noun) == (n, "count", "unit")


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 2000))
def test_miles_become_whole_km(miles: int) -> None:
    (q,) = FINDER.find(f"It is rated at {miles} miles.")
    expected = (Decimal(miles) * Decimal("1.609344")).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert (q.value, q.unit, q.raw_value) == (float(expected), "km", miles)
