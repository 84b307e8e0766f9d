"""Tests for evfacts.normalize.dates: the "Dates" section of the guidelines.

The main table holds one sentence per row, written the way EV press copy reads,
with the one date it should yield (value and precision) or None where it holds
no date at all. Rows cover every rule: precision, relative resolution,
tense-directed years, ranges and bounds, and the look-alikes (money, model
years, durations, model names, modal "may").
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evfacts.normalize import dates as dates_module
from evfacts.normalize.dates import DateMention, DateNormalizer
from evfacts.patterns import PatternError, PatternFile, PatternSet, default_patterns_dir, load_yaml

D = dt.date
R_MAR22 = D(2022, 3, 10)  # a Thursday
R_JAN24 = D(2024, 1, 22)  # a Monday
R_NOV20 = D(2020, 11, 9)  # a Monday
R_JUN23 = D(2023, 6, 15)  # a Thursday


def _default_files() -> list[PatternFile]:
    """Only the shipped dates file, so that other kinds being edited cannot break these tests."""
    path = default_patterns_dir() / "dates.yaml"
    return [PatternFile(path, "dates", load_yaml(path))]


@pytest.fixture(scope="module")
def norm() -> DateNormalizer:
    return DateNormalizer(_default_files())


# (sentence, reference, tense, expected value or None, expected precision or None)
ROWS: list[tuple[str, dt.date, str, str | None, str | None]] = [
    # ---- days, absolute and partial
    ("The IM L7 will hit the market on March 29, 2022.", R_MAR22, "future", "2022-03-29", "day"),
    ("The sedan was unveiled on 29 March 2022 in Shanghai.", R_MAR22, "past", "2022-03-29", "day"),
    ("The full unveiling of the limousine is slated for April 15th.", R_MAR22, "future", "2022-04-15", "day"),
    ("Bookings opened on Dec. 5, 2023 across India.", R_JAN24, "past", "2023-12-05", "day"),
    ("Sales start Thursday, March 3, 2022 in Europe.", R_MAR22, "unknown", "2022-03-03", "day"),
    ("The reveal took place on the 5th of October 2021.", R_MAR22, "past", "2021-10-05", "day"),
    ("The homologation filing is dated 2023-11-30.", R_JAN24, "unknown", "2023-11-30", "day"),
    ("Orders open Sept. 12 in the United States.", R_JUN23, "future", "2023-09-12", "day"),
    ("The launch event on Jan 9, 2024 drew a large crowd.", R_JAN24, "past", "2024-01-09", "day"),
    ("The car debuted on MARCH 3, 2021 at a virtual event.", R_MAR22, "past", "2021-03-03", "day"),
    ("On August 15 this year the company released its first scooters.", D(2021, 9, 1), "past", "2021-08-15", "day"),
    ("At a tech event on December 28, Xiaomi showed its first car.", R_JAN24, "past", "2023-12-28", "day"),
    ("Deliveries will begin on February 5.", R_JAN24, "future", "2024-02-05", "day"),
    # ---- a date restated right after itself, more exactly: the restatement is the date
    ("The first cars will roll off the line Friday (July 7).", R_JUN23, "future", "2023-07-07", "day"),
    ("The pickup was unveiled just under a year ago, in May 2021.", R_MAR22, "past", "2021-05", "month"),
    ("Buyers get their cars this weekend, on Oct. 30.", D(2021, 10, 26), "future", "2021-10-30", "day"),
    ("Sales start next year, in the second quarter of 2025.", R_JAN24, "future", "2025-Q2", "quarter"),
    ("Deliveries will begin on January 10.", R_JAN24, "future", "2025-01-10", "day"),
    ("Series production began on January 10.", R_JAN24, "past", "2024-01-10", "day"),
    ("The plant opened on February 2.", R_JAN24, "past", "2023-02-02", "day"),
    ("The automaker confirmed the price on February 2.", R_JAN24, "unknown", "2024-02-02", "day"),
    ("Deliveries started May 5 in China.", R_JUN23, "past", "2023-05-05", "day"),
    ("Ola will start delivering scooters from December 15.", D(2021, 11, 20), "future", "2021-12-15", "day"),
    ("The first cars reach buyers on 2 June.", R_JUN23, "future", "2024-06-02", "day"),
    ("The brand opened its flagship store on June 2.", R_JUN23, "past", "2023-06-02", "day"),
    # ---- months
    ("Deliveries will start in April.", R_MAR22, "future", "2022-04", "month"),
    ("The wagon will arrive in February.", R_MAR22, "future", "2023-02", "month"),
    ("Mercedes-Benz launched the entry-level EQA in January.", D(2021, 3, 5), "past", "2021-01", "month"),
    ("The brand delivered its first SUVs in December.", R_JAN24, "past", "2023-12", "month"),
    ("Customer deliveries are expected in August.", D(2021, 4, 14), "future", "2021-08", "month"),
    ("Two variants are planned for launch in March 2023.", D(2022, 12, 1), "future", "2023-03", "month"),
    ("Chevrolet launched the Menlo EV in February 2020.", D(2020, 5, 1), "past", "2020-02", "month"),
    ("Xiaomi plans to begin mass production of the SU7 in mid to late February.", R_JAN24, "future",
     "2024-02", "month"),
    ("The world premiere follows at the end of September.", D(2020, 8, 20), "future", "2020-09", "month"),
    ("Production is scheduled to start in mid-March.", R_MAR22, "future", "2022-03", "month"),
    ("Shipments start in late March.", R_MAR22, "future", "2022-03", "month"),
    ("Work at the site kicked off in April 2022.", R_JUN23, "past", "2022-04", "month"),
    ("The crossover goes on sale in May.", R_MAR22, "future", "2022-05", "month"),
    ("Reservations open in early May 2024.", R_JAN24, "future", "2024-05", "month"),
    ("The pickup arrives in Nov. 2025.", R_JAN24, "future", "2025-11", "month"),
    ("The SUV reaches dealers in June of next year.", R_JUN23, "future", "2024-06", "month"),
    ("Output at the plant dipped in March last year.", R_JUN23, "past", "2022-03", "month"),
    ("The company started building the van in May 2019.", R_JUN23, "past", "2019-05", "month"),
    ("Deliveries resume in mid-May.", R_JUN23, "unknown", "2023-05", "month"),
    ("The EV will be made in Luqiao from February 2020 on.", D(2019, 4, 1), "future", "2020-02", "month"),
    ("The factory will be ready by July 2024.", R_JAN24, "future", "2024-07", "month"),
    ("Sales of the compact began last December.", R_JAN24, "past", "2023-12", "month"),
    ("The company unveiled the car last December 15.", R_JAN24, "past", "2023-12-15", "day"),
    ("The firm will open the plant next March 3.", R_MAR22, "future", "2023-03-03", "day"),
    ("Sales of the hatchback start next February.", R_MAR22, "future", "2023-02", "month"),
    ("Sales of the hatchback start next February.", R_JAN24, "future", "2024-02", "month"),
    ("Pre-orders opened this month.", R_MAR22, "past", "2022-03", "month"),
    ("The model will hit showrooms later this month.", R_MAR22, "future", "2022-03", "month"),
    ("Trial production started earlier this month.", R_MAR22, "past", "2022-03", "month"),
    ("Hyundai begins production next month at its main assembly plant.", D(2021, 2, 23), "future",
     "2021-03", "month"),
    ("The company opened its order books last month.", R_JAN24, "past", "2023-12", "month"),
    ("The model makes its in-person debut next week.", D(2023, 3, 29), "future", "2023-04", "month"),
    ("Test drives for journalists begin this week.", R_JAN24, "present", "2024-01", "month"),
    ("The first units rolled off the line last week.", D(2023, 7, 3), "past", "2023-06", "month"),
    ("Sales in May rose 10% on the year.", R_JUN23, "past", "2023-05", "month"),
    ("In May 5 million cars were sold worldwide.", R_JUN23, "past", "2023-05", "month"),
    ("Since March the firm has built 20,000 cars.", R_JAN24, "unknown", "2023-03", "month"),
    ("Orders will open this December.", R_JUN23, "future", "2023-12", "month"),
    ("Customers in Norway got their cars in Feb 2021.", R_JUN23, "past", "2021-02", "month"),
    ("The crossover will arrive in dealerships in September.", R_JUN23, "future", "2023-09", "month"),
    # ---- days relative to the reference
    ("Bookings for the car will open tomorrow.", D(2019, 12, 20), "future", "2019-12-21", "day"),
    ("The company kicked off production today.", R_JAN24, "past", "2024-01-22", "day"),
    ("The brand announced the price yesterday.", R_JAN24, "past", "2024-01-21", "day"),
    ("Production kicked off this past Thursday.", R_NOV20, "past", "2020-11-05", "day"),
    ("The firm began deliveries last Thursday.", R_NOV20, "past", "2020-11-05", "day"),
    ("Order books open this Thursday.", D(2024, 3, 25), "future", "2024-03-28", "day"),
    ("BYD launched its first passenger car in India on Tuesday.", D(2022, 10, 12), "past", "2022-10-11", "day"),
    ("It launched the Atto 3 electric SUV in Thailand on Monday.", D(2022, 10, 12), "past", "2022-10-10", "day"),
    ("The company will reveal the price on Friday.", R_JAN24, "future", "2024-01-26", "day"),
    ("Ford said on Wednesday that output is rising.", R_JAN24, "unknown", "2024-01-24", "day"),
    ("Ford said on Tuesday that output is rising.", D(2024, 1, 26), "unknown", "2024-01-23", "day"),
    ("Deliveries start next Tuesday.", R_JAN24, "future", "2024-01-30", "day"),
    ("Deliveries start this coming Friday.", D(2024, 1, 26), "future", "2024-02-02", "day"),
    ("The automaker unveiled the sedan on Sunday.", R_JAN24, "past", "2024-01-21", "day"),
    ("Production started on Monday.", R_JAN24, "past", "2024-01-22", "day"),
    ("The brand said Thursday it would cut prices.", R_JUN23, "past", "2023-06-15", "day"),
    # ---- quarters
    ("The startup aims to make mass production possible in Q1 2024.", R_JUN23, "future", "2024-Q1", "quarter"),
    ("Speculation suggests that the EV will debut in Q4, 2022.", R_MAR22, "future", "2022-Q4", "quarter"),
    ("Volume production starts in Q2 of 2023.", R_MAR22, "future", "2023-Q2", "quarter"),
    ("The brand expects first deliveries in 1Q24.", R_JUN23, "future", "2024-Q1", "quarter"),
    ("Output should double in the first quarter of 2024.", R_JUN23, "future", "2024-Q1", "quarter"),
    ("The crossover arrives in the fourth quarter.", D(2022, 8, 1), "future", "2022-Q4", "quarter"),
    ("The SUV arrives in the first quarter.", D(2022, 8, 1), "future", "2023-Q1", "quarter"),
    ("Sales doubled in the fourth quarter.", D(2023, 1, 20), "past", "2022-Q4", "quarter"),
    ("The model goes on sale in Q3.", D(2023, 2, 1), "future", "2023-Q3", "quarter"),
    ("Shipments are planned for the second quarter of next year.", R_JUN23, "future", "2024-Q2", "quarter"),
    ("Production starts in Q1'25.", R_JUN23, "future", "2025-Q1", "quarter"),
    ("The carmaker targets a launch in 3Q 2024.", R_JUN23, "future", "2024-Q3", "quarter"),
    ("Second-quarter deliveries hit a record.", D(2023, 7, 2), "past", "2023-Q2", "quarter"),
    ("The plant will open by the end of the third quarter of 2025.", R_JUN23, "future", "2025-Q3", "quarter"),
    ("Volume builds begin in the final quarter of 2023.", R_JUN23, "future", "2023-Q4", "quarter"),
    ("The results for 2024 Q2 beat estimates.", D(2024, 8, 1), "past", "2024-Q2", "quarter"),
    ("Production started this quarter.", D(2023, 5, 10), "past", "2023-Q2", "quarter"),
    ("Sales will pick up next quarter.", D(2023, 11, 10), "future", "2024-Q1", "quarter"),
    ("Audi Q4 e-tron deliveries rose in the fourth quarter of 2022.", R_JUN23, "past", "2022-Q4", "quarter"),
    ("The Q4 results showed strong demand.", D(2023, 1, 25), "past", "2022-Q4", "quarter"),
    # ---- halves and seasons
    ("The van launches in H2 2024.", R_JAN24, "future", "2024-H2", "half"),
    ("The sedan arrives in the second half of 2024.", R_JAN24, "future", "2024-H2", "half"),
    ("Deliveries begin in the second half of next year.", R_JUN23, "future", "2024-H2", "half"),
    ("The brand plans a European launch in 1H 2025.", R_JUN23, "future", "2025-H1", "half"),
    ("The plant should be running in the first half of the year.", R_JUN23, "future", "2023-H1", "half"),
    ("The firm expects to start production in 2H24.", R_JUN23, "future", "2024-H2", "half"),
    ("The company targets the latter half of 2023 for exports.", R_JUN23, "future", "2023-H2", "half"),
    ("The model reaches Europe in the first half.", D(2022, 9, 1), "future", "2023-H1", "half"),
    ("First-half 2023 output rose sharply.", D(2023, 8, 1), "past", "2023-H1", "half"),
    ("The coupe is due in spring 2024.", R_JUN23, "future", "2024-H1", "half"),
    ("The wagon is due in fall 2024.", R_JUN23, "future", "2024-H2", "half"),
    ("The estate arrives in autumn 2025.", R_JUN23, "future", "2025-H2", "half"),
    ("The crossover will go on sale in the spring.", D(2023, 8, 1), "future", "2024-H1", "half"),
    ("The firm opened the plant in the fall.", D(2023, 2, 1), "past", "2022-H2", "half"),
    ("The roadster arrives next spring.", R_JUN23, "future", "2024-H1", "half"),
    ("The car goes on sale in the fall of 2024.", R_JUN23, "future", "2024-H2", "half"),
    # ---- years
    ("The company expects to build 1.5 million cars in 2025.", R_JUN23, "future", "2025", "year"),
    ("Xiaomi Sets Mass Production Of EV For 2024", D(2023, 3, 6), "unknown", "2024", "year"),
    ("It is expected to be launched next year.", D(2023, 3, 6), "future", "2024", "year"),
    ("Ford is set to launch the crossover later this year.", R_NOV20, "future", "2020", "year"),
    ("Deliveries in America kick off by year’s end.", R_NOV20, "future", "2020", "year"),
    ("The plant will open before the end of the year.", R_JUN23, "future", "2023", "year"),
    ("Mass production will begin by the end of the year.", R_JUN23, "future", "2023", "year"),
    ("Porsche will begin production of the sports car in mid-2019.", D(2018, 5, 1), "future", "2019", "year"),
    ("The SUV will launch in early 2020.", D(2019, 6, 1), "future", "2020", "year"),
    ("The hatchback arrives in late 2020.", D(2019, 6, 1), "future", "2020", "year"),
    ("The firm showed a concept at the Shanghai show last year.", R_MAR22, "past", "2021", "year"),
    ("The company wants to sell its cars in Japan from 2023.", D(2022, 7, 21), "future", "2023", "year"),
    ("The brand aims to put its first car on Indian roads by 2023.", D(2021, 8, 16), "future", "2023", "year"),
    ("The plant will reach full capacity in two years.", R_JUN23, "future", "2025", "year"),
    ("Volume production should start within three years.", R_JUN23, "future", "2026", "year"),
    ("The automaker began building cars in 2018.", R_JUN23, "past", "2018", "year"),
    ("The founders started the company in 1998.", R_JUN23, "past", "1998", "year"),
    ("The SUV goes on sale in summer 2024.", R_JUN23, "future", "2024", "year"),
    ("The pickup will arrive this summer.", R_JUN23, "future", "2023", "year"),
    ("The brand plans to open orders in winter.", R_JUN23, "unknown", "2023", "year"),
    ("The plant will be completed by the end of 2024.", R_JUN23, "future", "2024", "year"),
    ("The company plans to start exports around 2026.", R_JUN23, "future", "2026", "year"),
    ("Production will increase significantly over the next year.", D(2022, 12, 5), "future", "2023", "year"),
    ("Production is set to resume at the start of next year.", R_JUN23, "future", "2024", "year"),
    ("The company plans to launch two more models early next year.", R_JUN23, "future", "2024", "year"),
    ("The sedan is due at the end of next year.", R_JUN23, "future", "2024", "year"),
    ("By 2030, the brand wants half its sales to be electric.", R_JUN23, "future", "2030", "year"),
    ("In 2024, Tesla delivered 1.8 million cars.", D(2025, 1, 3), "past", "2024", "year"),
    ("The company has been profitable since 2021.", R_JUN23, "present", "2021", "year"),
    ("The batteries will be sourced locally until 2027.", R_JUN23, "future", "2027", "year"),
    ("Production will shift to Mexico after 2025.", R_JUN23, "future", "2025", "year"),
    ("The model was built between 2016 and 2020.", R_JUN23, "past", "2016", "year"),
    ("The firm ran the line from 2016 to 2020.", R_JUN23, "past", "2016", "year"),
    ("The targets cover the 2024-2026 period.", R_JUN23, "unknown", "2024", "year"),
    ("Production ramps up by mid-2023.", D(2022, 10, 1), "future", "2023", "year"),
    ("Sales of electric cars grew this year.", R_JUN23, "past", "2023", "year"),
    ("The startup plans to list its shares within a year.", R_JUN23, "future", "2024", "year"),
    ("The brand expects to break even in 2025 and beyond.", R_JUN23, "future", "2025", "year"),
    ("The 2021 launch of the sedan went smoothly.", R_JUN23, "past", "2021", "year"),
    ("Sales May Fall In 2024 As Prices Rise", R_JUN23, "unknown", "2024", "year"),
    # ---- not dates
    ("The base model is priced at $50,320.", R_JUN23, "unknown", None, None),
    ("The long-range version costs €39,900 in Germany.", R_JUN23, "unknown", None, None),
    ("The company will invest 10 billion yuan in the plant.", R_JUN23, "future", None, None),
    ("The scooter will cost Rs 15-17 lakhs.", R_JUN23, "future", None, None),
    ("The kit costs $2024 before incentives.", R_JUN23, "unknown", None, None),
    ("Ford started building the 2021 Mustang Mach-E in Mexico.", R_NOV20, "past", None, None),
    ("The 2024 Kia EV9 is a three-row SUV.", R_JUN23, "unknown", None, None),
    ("Chevrolet priced the 2024 Equinox EV below its rivals.", R_JUN23, "past", None, None),
    ("The battery is designed to last 15-20 years.", R_JUN23, "unknown", None, None),
    ("The pack should last 15 to 20 years.", R_JUN23, "unknown", None, None),
    ("The cells keep 80% of their capacity after 10 years of usage.", R_JUN23, "unknown", None, None),
    ("The brand has a history of 135 years.", R_JUN23, "unknown", None, None),
    ("Charging from 10% to 80% takes five minutes.", R_JUN23, "unknown", None, None),
    ("The warranty covers 1 year and 5 months of use.", R_JUN23, "unknown", None, None),
    ("The plant builds 2,000 units a week.", R_JUN23, "unknown", None, None),
    ("The company delivered 150,000 vehicles.", R_JUN23, "past", None, None),
    ("The company sold 2024 cars in its first year.", R_JUN23, "past", None, None),
    ("The motor delivers 2050 Nm of torque.", R_JUN23, "unknown", None, None),
    ("Audi builds the Q4 e-tron in Zwickau.", R_JUN23, "unknown", None, None),
    ("The Q8 e-tron gets a bigger battery.", R_JUN23, "unknown", None, None),
    ("The Audi Q5 remains the brand's best seller.", R_JUN23, "unknown", None, None),
    ("The Audi Q4 2022 model year adds new features.", R_JUN23, "unknown", None, None),
    ("Sales May Rise As Prices Fall", R_JUN23, "unknown", None, None),
    ("Analysts say sales may slow as subsidies end.", R_JUN23, "unknown", None, None),
    ("Workers march to the plant gates.", R_JUN23, "unknown", None, None),
    ("Rivian will March into new markets.", R_JUN23, "future", None, None),
    ("Jan Koum invested in the startup.", R_JUN23, "past", None, None),
    ("The car reaches 100 km/h in 4.7 seconds.", R_JUN23, "unknown", None, None),
    ("The launch event starts at 6 o'clock.", R_JUN23, "unknown", None, None),
    ("Electric cars were rare in the 1980s.", R_JUN23, "past", None, None),
    ("Tesla's market share rose 20%.", R_JUN23, "past", None, None),
    ("The firm sold 1,999 cars.", R_JUN23, "past", None, None),
    ("Xiaomi unveiled its first car in a livestream.", R_JUN23, "past", None, None),
    ("The Spring Festival holiday slowed output.", R_JUN23, "past", None, None),
    ("Prices fall as demand cools.", R_JUN23, "present", None, None),
    ("Over the last year the company doubled output.", R_JUN23, "past", None, None),
    ("The company doubled output in two years.", R_JUN23, "past", None, None),
    ("The company's FY2024 revenue rose.", R_JUN23, "past", None, None),
    ("Revenue for fiscal 2024 rose 12%.", R_JUN23, "past", None, None),
    ("The plant covers 1850 square meters.", R_JUN23, "unknown", None, None),
    ("Its 2100 employees build the pickup.", R_JUN23, "unknown", None, None),
    ("Nearly 3000 chargers were installed.", R_JUN23, "past", None, None),
    ("The motor peaks at 2000 rpm.", R_JUN23, "unknown", None, None),
    ("The Q4 is the best-selling electric Audi.", R_JUN23, "unknown", None, None),
    ("The year 2525 is beyond any plan.", R_JUN23, "unknown", None, None),
    ("The first half of the decade was tough for carmakers.", R_JUN23, "past", None, None),
    ("The fall of the yen helped exporters.", R_JUN23, "past", None, None),
    # numeric and abbreviated forms, read by dateparser (issue 15): month first unless the first number > 12
    ("Deliveries begin 7/15/24 in California.", R_JAN24, "future", "2024-07-15", "day"),
    ("Deliveries begin on 15/07/2024 in Germany.", R_JAN24, "future", "2024-07-15", "day"),
    ("Deliveries begin on 03/04/2024.", R_JAN24, "future", "2024-03-04", "day"),
    ("Deliveries begin on 2024-07-15.", R_JAN24, "future", "2024-07-15", "day"),
    ("Sales open Sept. 9, 2026, in Europe.", R_JAN24, "future", "2026-09-09", "day"),
    ("Sales open on the 9th of September.", R_JAN24, "future", "2024-09-09", "day"),
    ("Sales opened on the 9th of September.", R_JAN24, "past", "2023-09-09", "day"),
    ("The order books open on 13/13/2024.", R_JAN24, "future", None, None),
    ("The order books open on 2024-02-30.", R_JAN24, "future", None, None),
]


@pytest.mark.parametrize(("sentence", "reference", "tense", "value", "precision"), ROWS,
                         ids=[f"{i:03d}" for i in range(len(ROWS))])
def test_table(norm: DateNormalizer, sentence: str, reference: dt.date, tense: str,
               value: str | None, precision: str | None) -> None:
    found = [(m.value, m.precision) for m in norm.find(sentence, reference, tense)]
    assert found == ([] if value is None else [(value, precision)]), sentence


def test_table_is_large_and_covers_negatives() -> None:
    assert len(ROWS) >= 150
    assert sum(value is None for _, _, _, value, _ in ROWS) >= 40


# Known failures: each row says what the right answer is. strict=True makes them fail loudly once fixed.
KNOWN_FAILURES = [
    # a year before a brand is always treated as a model year, even after "in" with no comma
    ("In 2024 Tesla delivered 1.8 million cars.", D(2025, 1, 3), "past", "2024", "year"),
    # a Q-number after a possessive has no context word
    ("Tesla's Q2 deliveries beat estimates.", D(2023, 7, 3), "past", "2023-Q2", "quarter"),
    # a year followed by a capitalised word in a headline looks like a model year
    ("2024 Will Be A Big Year For Electric Pickups", R_JAN24, "unknown", "2024", "year"),
]


@pytest.mark.parametrize(("sentence", "reference", "tense", "value", "precision"), [
    pytest.param(*row, marks=pytest.mark.xfail(strict=True), id=f"known{i}") for i, row in enumerate(KNOWN_FAILURES)
])
def test_known_failures(norm: DateNormalizer, sentence: str, reference: dt.date, tense: str,
                        value: str, precision: str) -> None:
    found = [(m.value, m.precision) for m in norm.find(sentence, reference, tense)]
    assert found == [(value, precision)]


def test_guarded_month_in_an_enumeration(norm: DateNormalizer) -> None:
    """"May" right after another month and "and"/"or"/"," counts as a month."""
    found = [m.value for m in norm.find("Deliveries start in April and May.", R_MAR22, "future")]
    assert found == ["2022-04", "2022-05"]
    found = [m.value for m in norm.find("Tests ran in January, March and May.", R_JUN23, "past")]
    assert found == ["2023-01", "2023-03", "2023-05"]
    assert norm.find("Prices could rise and May fall.", R_JUN23, "unknown") == []


# ---- spans, modifiers and ranges
SPANS = [
    # (sentence, reference, tense, text, value, end_value, modifier, relative)
    ("Xiaomi will begin production in mid to late February.", R_JAN24, "future",
     "mid to late February", "2024-02", None, "mid", True),
    ("The factory will be ready by July 2024.", R_JAN24, "future", "by July 2024", "2024-07", None, "by", False),
    ("The model was built between 2024 and 2026.", R_JUN23, "unknown",
     "between 2024 and 2026", "2024", "2026", "between", False),
    ("The firm ran the line from 2016 to 2020.", R_JUN23, "past", "from 2016 to 2020", "2016", "2020", "from", False),
    ("Deliveries run from December 15.", D(2021, 11, 20), "future", "from December 15", "2021-12-15", None, "from",
     True),
    ("Sales start starting next February.", R_MAR22, "future", "starting next February", "2023-02", None, "from",
     True),
    ("The premiere follows at the end of September.", D(2020, 8, 20), "future", "the end of September", "2020-09",
     None, "end", True),
    ("The SUV will launch in early 2020.", D(2019, 6, 1), "future", "early 2020", "2020", None, "early", False),
    ("The plant will be completed by the end of 2024.", R_JUN23, "future", "by the end of 2024", "2024", None, "by",
     False),
    ("The company has been profitable since 2021.", R_JUN23, "present", "since 2021", "2021", None, "since", False),
    ("The line closes before the end of the year.", R_JUN23, "future", "before the end of the year", "2023", None,
     "before", True),
    ("The plant opens at year-end.", R_JUN23, "future", "year-end", "2023", None, "end", True),
    ("The targets cover the 2024-2026 period.", R_JUN23, "unknown", "2024-2026", "2024", "2026", None, False),
    ("Deliveries run between March and May 2024.", R_JUN23, "unknown", "between March and May 2024", "2024-03",
     "2024-05", "between", False),
    ("The roadshow runs March 29-30.", R_MAR22, "future", "March 29-30", "2022-03-29", "2022-03-30", None, True),
    ("Shipments run from December 15 to January 5.", D(2021, 11, 20), "future", "from December 15 to January 5",
     "2021-12-15", "2022-01-05", "from", True),
    ("Volume production should start within three years.", R_JUN23, "future", "within three years", "2026", None,
     "by", True),
    ("Production stays in Ohio until late 2025.", R_JUN23, "future", "until late 2025", "2025", None, "until", False),
    ("The model was built between early 2021 and mid-2023.", R_JUN23, "past",
     "between early 2021 and mid-2023", "2021", "2023", "between", False),
    ("Sales grew from the spring to the fall.", R_JUN23, "past", "from the spring to the fall", "2023-H1",
     "2023-H2", "from", True),
]


@pytest.mark.parametrize(("sentence", "reference", "tense", "text", "value", "end_value", "modifier", "relative"),
                         SPANS, ids=[f"span{i:02d}" for i in range(len(SPANS))])
def test_spans_and_modifiers(norm: DateNormalizer, sentence: str, reference: dt.date, tense: str, text: str,
                             value: str, end_value: str | None, modifier: str | None, relative: bool) -> None:
    found = norm.find(sentence, reference, tense)
    assert len(found) >= 1, sentence
    m = found[0]
    assert sentence[m.start:m.end] == m.text
    assert (m.text, m.value, m.end_value, m.modifier, m.relative) == (text, value, end_value, modifier, relative)


def test_several_dates_in_text_order(norm: DateNormalizer) -> None:
    sentence = ("The plant started building the SUV in March 2022, will add a sedan in Q1 2024 "
                "and plans a third model by the end of next year.")
    found = norm.find(sentence, R_JUN23, "unknown")
    assert [(m.text, m.value) for m in found] == [
        ("March 2022", "2022-03"), ("Q1 2024", "2024-Q1"), ("by the end of next year", "2024")]


def test_longest_match_wins(norm: DateNormalizer) -> None:
    found = norm.find("Sales begin on March 29, 2022 in China.", R_MAR22, "future")
    assert [(m.text, m.precision) for m in found] == [("March 29, 2022", "day")]


def test_datetime_reference_is_accepted(norm: DateNormalizer) -> None:
    found = norm.find("Deliveries start tomorrow.", dt.datetime(2024, 1, 22, 15, 30), "future")
    assert [m.value for m in found] == ["2024-01-23"]


def test_unknown_tense_word_is_treated_as_unknown(norm: DateNormalizer) -> None:
    assert [m.value for m in norm.find("It launches in February.", R_MAR22, "weird")] == ["2022-02"]


def test_mention_is_frozen() -> None:
    mention = DateMention("2024", 0, 4, "2024", "year")
    with pytest.raises(AttributeError):
        mention.value = "2025"  # type: ignore[misc]


# ---- construction, pattern files and caching
def test_default_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates_module, "load_patterns", lambda: PatternSet(_default_files()))
    dates_module._default_normalizer.cache_clear()
    try:
        first = DateNormalizer.default()
        assert first is DateNormalizer.default()
        assert [m.value for m in first.find("It launches in Q1 2024.", R_JUN23)] == ["2024-Q1"]
    finally:
        dates_module._default_normalizer.cache_clear()


def _pattern_file(tmp_path: Path, body: str, name: str = "extra.yaml") -> PatternFile:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    data = load_yaml(path)
    return PatternFile(path, data["kind"], data)


def test_extra_files_are_merged(tmp_path: Path) -> None:
    extra = _pattern_file(tmp_path, """\
        kind: dates
        months:
          2: {abbreviations: [Febr]}
        bounds:
          no sooner than: from
        """)
    norm = DateNormalizer(_default_files() + [extra])
    found = norm.find("Sales start Febr. 3, 2024, and exports no sooner than 2026.", R_JUN23, "future")
    assert [(m.text, m.value, m.modifier) for m in found] == [
        ("Febr. 3, 2024", "2024-02-03", None), ("no sooner than 2026", "2026", "from")]
    # the default months are still there
    assert [m.value for m in norm.find("It arrives in March 2025.", R_JUN23, "future")] == ["2025-03"]


@pytest.mark.parametrize(("body", "line", "needle"), [
    ("kind: dates\nmonths:\n  13: {names: [Smarch]}\n", 3, "month number"),
    ("kind: dates\nmonths:\n  5:\n    names: [may]\n", 4, "capital"),
    ("kind: dates\nweekdays:\n  0: [Monday]\nbogus: 1\n", 4, "unknown section"),
    ("kind: dates\ncontext_words: [in, true]\n", 2, "booleans"),
    ("kind: dates\nbrands: Kia\nnumbers: {two: 200}\n", 3, "a number"),
    ("kind: dates\ncounted:\n  - {phrases: [in years], unit: year}\n", 3, "{n}"),
    ("kind: dates\nrelative:\n  - {phrases: [soonish], unit: decade, offset: 1}\n", 3, "unit"),
    ("kind: dates\nvague:\n  kinda: sorta\n", 3, "vagueness"),
    ("kind: dates\nseasons:\n  monsoon: {months: [11, 2]}\n", 3, "wrap"),
    ("kind: dates\nmonths:\n  3: {names: [Maerz], abbreviations: [Maerz]}\n  4: {names: [Maerz]}\n", 4, "already"),
])
def test_invalid_files_name_file_and_line(tmp_path: Path, body: str, line: int, needle: str) -> None:
    bad = _pattern_file(tmp_path, body, "bad.yaml")
    with pytest.raises(PatternError) as info:
        DateNormalizer([bad])
    message = str(info.value)
    assert "bad.yaml" in message and info.value.line == line, message
    assert needle in message


def test_wrong_kind_is_refused(tmp_path: Path) -> None:
    other = _pattern_file(tmp_path, "kind: triggers\nwords: [launch]\n")
    with pytest.raises(PatternError, match="kind: dates"):
        DateNormalizer([other])


def test_empty_vocabulary_reads_only_numeric_years() -> None:
    found = DateNormalizer([]).find("In March 2024, next year, Q1 2024.", R_JUN23, "unknown")
    assert [(m.text, m.value) for m in found] == [("2024", "2024"), ("2024", "2024")]


def test_module_imports_neither_spacy_nor_dateparser() -> None:
    code = ("import sys, evfacts; before = set(sys.modules); import evfacts.normalize.dates; "
            "new = set(sys.modules) - before; "
            "assert not any(n.split('.')[0] in ('spacy', 'dateparser') for n in new), new")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


# ---- properties
_VOCAB_TOKENS = [
    "in", "by", "from", "to", "and", "between", "since", "until", "the", "of", "on", "this", "next", "last",
    "past", "early", "mid", "late", "mid-", "end", "the end of", "later this", "year", "month", "week",
    "quarter", "half", "first", "second", "fourth", "final", "March", "May", "Sept.", "Dec", "February",
    "Thursday", "Monday", "spring", "fall", "summer", "winter", "Q1", "Q4", "H2", "1Q24", "2H", "today",
    "tomorrow", "yesterday", "year's end", "year-end", "within", "two", "three", "years", "months", "$", "€",
    "Rs", "FY", "Kia", "Tesla", "EV9", "e-tron", "2024", "2021", "1999", "2100", "1899", "15", "29", "31th",
    "5th", "2022-02-30", "2024-02-29", "2023-02-29", ",", ".", "-", "–", "'24", "%", "units", "Feb 29",
]

_DAY_WORDS = re.compile(r"[0-9]|today|tonight|tomorrow|yesterday|this (morning|afternoon|evening)"
                        r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday", re.IGNORECASE)
_MONTH_WORDS = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|month|week|[0-9]-[0-9]",
                          re.IGNORECASE)
_QUARTER_WORDS = re.compile(r"quarter|q[0-9]|[0-9]q", re.IGNORECASE)
_HALF_WORDS = re.compile(r"half|h[0-9]|[0-9]h|spring|fall|autumn", re.IGNORECASE)
_VALUE = {
    "day": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "month": re.compile(r"[0-9]{4}-[0-9]{2}"),
    "quarter": re.compile(r"[0-9]{4}-Q[1-4]"), "half": re.compile(r"[0-9]{4}-H[12]"), "year": re.compile(r"[0-9]{4}"),
}

texts = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(_VOCAB_TOKENS), max_size=14).map(" ".join),
    st.lists(st.one_of(st.sampled_from(_VOCAB_TOKENS), st.text(max_size=4)), max_size=10).map("".join),
)
references = st.one_of(st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)),
                       st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31)))
tenses = st.sampled_from(["past", "present", "future", "unknown"])


def _not_finer_than_text(m: DateMention) -> bool:
    text = m.text
    checks = {"day": _DAY_WORDS, "month": _MONTH_WORDS, "quarter": _QUARTER_WORDS, "half": _HALF_WORDS}
    return m.precision == "year" or bool(checks[m.precision].search(text))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, reference=references, tense=tenses)
def test_find_properties(norm: DateNormalizer, text: str, reference: dt.date, tense: str) -> None:
    found = norm.find(text, reference, tense)
    previous_end = 0
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.start >= previous_end and m.end > m.start, found
        previous_end = m.end
        assert m.precision in _VALUE and _VALUE[m.precision].fullmatch(m.value), m
        assert _not_finer_than_text(m), m
        if m.end_value is not None:
            assert _VALUE[m.precision].fullmatch(m.end_value) or re.fullmatch(r"[0-9]{4}(-.+)?", m.end_value), m
