"""`find_meeting_dates`: the meeting's dates in a heading, in the six UN languages, as UN documents print them."""

import datetime

import pytest

from conclusions.documents.dates import find_meeting_dates
from conclusions.documents.structure import Kind
from conclusions.documents.text_reading import read_text_document
from tests.paths import GENEVA_TEXT, PROJECT

REAL = PROJECT / "tests" / "documents" / "real"
date = datetime.date

SINGLE_DATES = [
    ("en", "21 September 2020", date(2020, 9, 21)),
    ("en", "September 21, 2020", date(2020, 9, 21)),
    ("en", "Resolution adopted by the General Assembly on 21 September 2020", date(2020, 9, 21)),
    ("en", "Distr.: General 18 October 2018", date(2018, 10, 18)),
    ("fr", "10 septembre 2020", date(2020, 9, 10)),
    ("fr", "1er juillet 2019", date(2019, 7, 1)),
    ("fr", "Genève, le 1er juillet 2019", date(2019, 7, 1)),
    ("ru", "14 октября 2025 года", date(2025, 10, 14)),
    ("ru", "New York, 14 октября 2025 года", date(2025, 10, 14)),
    ("es", "3 de mayo de 2018", date(2018, 5, 3)),
    ("zh-hans", "2019年7月21日", date(2019, 7, 21)),
    ("zh-hans", "2019年7月23日于北京", date(2019, 7, 23)),
    ("ar", "10 كانون الأول/ديسمبر 1948", date(1948, 12, 10)),
    ("ar", "10 كانون الأول / ديسمبر 1948", date(1948, 12, 10)),
    ("ar", "21 أيلول/سبتمبر 2020", date(2020, 9, 21)),
    ("ar", "٢١ أيلول/سبتمبر ٢٠٢٠", date(2020, 9, 21)),
    ("en", "2016-04-07", date(2016, 4, 7)),
    # A resolution's number or a symbol next to a date is not read into it.
    ("en", "Recalling its resolution 72/3 of 30 October 2017", date(2017, 10, 30)),
    ("en", "World Health Assembly resolution 71.3 of 26 May 2018;7", date(2018, 5, 26)),
]

RANGES = [
    ("en", "7–8 April 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("en", "7-8 April 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("en", "Geneva, 7–8 April 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("en", "7 and 8 April 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("fr", "7 et 8 avril 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("es", "7 y 8 de abril de 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("ru", "7 и 8 апреля 2016 года", date(2016, 4, 7), date(2016, 4, 8)),
    ("en", "Almaty, Kazakhstan, 28 and 29 August 2003 (A/CONF.202/3),", date(2003, 8, 28), date(2003, 8, 29)),
    ("en", "30 June–2 July 2019", date(2019, 6, 30), date(2019, 7, 2)),
    ("en", "30 June – 2 July 2019", date(2019, 6, 30), date(2019, 7, 2)),
    ("en", "30 December–2 January 2017", date(2016, 12, 30), date(2017, 1, 2)),
    ("en", "April 7-8, 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("en", "April 7, 2016 – April 8, 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("en", "2016-04-07 to 2016-04-08", date(2016, 4, 7), date(2016, 4, 8)),
    ("fr", "7-8 avril 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("fr", "du 7 au 8 avril 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("fr", "du 30 juin au 2 juillet 2019", date(2019, 6, 30), date(2019, 7, 2)),
    ("ru", "7–8 апреля 2016 года", date(2016, 4, 7), date(2016, 4, 8)),
    ("ru", "с 7 по 8 апреля 2016 года", date(2016, 4, 7), date(2016, 4, 8)),
    ("ru", "Москва, с 30 июня по 2 июля 2019 года", date(2019, 6, 30), date(2019, 7, 2)),
    ("es", "del 7 al 8 de abril de 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("es", "del 30 de junio al 2 de julio de 2019", date(2019, 6, 30), date(2019, 7, 2)),
    ("zh-hans", "2016年4月7日至8日", date(2016, 4, 7), date(2016, 4, 8)),
    ("zh-hans", "2016年4月7日到8日", date(2016, 4, 7), date(2016, 4, 8)),
    ("zh-hans", "2016年4月7日—8日", date(2016, 4, 7), date(2016, 4, 8)),
    ("zh-hans", "2019年7月21日至23日", date(2019, 7, 21), date(2019, 7, 23)),
    ("zh-hans", "2016年4月7日至4月8日", date(2016, 4, 7), date(2016, 4, 8)),
    ("zh-hans", "2016年12月31日至2017年1月2日", date(2016, 12, 31), date(2017, 1, 2)),
    ("ar", "7-8 نيسان/أبريل 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("ar", "من 7 إلى 8 نيسان/أبريل 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("ar", "من 7 الى 8 نيسان/أبريل 2016", date(2016, 4, 7), date(2016, 4, 8)),
    ("ar", "من ٧ إلى ٨ نيسان/أبريل ٢٠١٦", date(2016, 4, 7), date(2016, 4, 8)),
    ("ar", "من 30 حزيران/يونيه إلى 2 تموز/يوليه 2019", date(2019, 6, 30), date(2019, 7, 2)),
]

# The months as UN Arabic documents write them: the Levantine name, a slash, the Egyptian name.
ARABIC_MONTHS = [
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
]

NO_DATES = [
    "Agenda item 129",
    "A/RES/73/3",
    "2030 Agenda",
    "70/1",
    "18-16895",
    "United Nations  A/RES/73/3",
    "Transforming our world: the 2030 Agenda for Sustainable Development",
    "Resolution 70/1",
    "18-16895 (E)",
    "Resolution 661 (1990)",
    "[without reference to a Main Committee (A/73/L.4)]",
    "73/3. Political declaration of the high-level meeting of the",
    "Seventy-third session",
    "Report of the International Criminal Court for 2017/18;4",
    "Recalling its resolution 72/4;1",
    "联合国日内瓦办事处，瑞士",
    "7–8 April",  # no year: the editor is asked
    "1993, 49/9 of 26 October",  # a resolution number is not a year
    "31 February 2016",  # not a day of the calendar
    "8–7 April 2016",  # an end before the start
    "April 8, 2016 – April 7, 2016",
]


def heading(path) -> list[str]:
    return [block.text for block in read_text_document(path.read_bytes()).of_kind(Kind.HEADING)]


@pytest.mark.parametrize(("language", "line", "expected"), SINGLE_DATES)
def test_a_single_date_is_the_start_and_the_end(language, line, expected):
    assert find_meeting_dates([line], language) == (expected, expected)


@pytest.mark.parametrize(("language", "line", "start", "end"), RANGES)
def test_a_range_gives_its_first_and_last_day(language, line, start, end):
    assert find_meeting_dates([line], language) == (start, end)


@pytest.mark.parametrize(("language", "line"), [(case[0], case[1]) for case in SINGLE_DATES + RANGES])
def test_the_language_only_says_which_to_read_first(language, line):
    assert find_meeting_dates([line]) == find_meeting_dates([line], language)


@pytest.mark.parametrize(("month", "name"), list(enumerate(ARABIC_MONTHS, start=1)))
def test_every_un_arabic_month_is_read(month, name):
    assert find_meeting_dates([f"10 {name} 2016"], "ar") == (date(2016, month, 10), date(2016, month, 10))


@pytest.mark.parametrize("line", NO_DATES)
def test_a_line_without_a_full_and_possible_date_gives_none(line):
    assert find_meeting_dates([line], "en") is None


def test_the_first_line_with_a_date_wins():
    lines = ["Agenda item 129", "Geneva, 7–8 April 2016", "Distr.: General 18 October 2018"]
    assert find_meeting_dates(lines, "en") == (date(2016, 4, 7), date(2016, 4, 8))


# The real documents' heading lines that have a date, with their dates; any other heading line must give none.
REAL_HEADING_DATES = [
    (
        "01_a-res-73-3-tuberculosis-political-declaration.txt",
        "en",
        {"18 October 2018": date(2018, 10, 18), "on 10 October 2018": date(2018, 10, 10)},
    ),
    (
        "02_a-res-73-6-unispace50.txt",
        "en",
        {"31 October 2018": date(2018, 10, 31), "26 October 2018": date(2018, 10, 26)},
    ),
    (
        "04_a-res-73-8-cuba-embargo.txt",
        "en",
        {"5 November 2018": date(2018, 11, 5), "on 1 November 2018": date(2018, 11, 1)},
    ),
    ("05_zh-china-uae-joint-statement-2019.txt", "zh-hans", {}),
    ("06_udhr-ar.txt", "ar", {}),
    ("08_udhr-ru.txt", "ru", {}),
    ("09_udhr-fr.txt", "fr", {}),
    (
        "10_udhr-es.txt",
        "es",
        {
            "Adoptada y proclamada por la Asamblea General en su resolución 217 A (III), de 10 de diciembre de 1948": (
                date(1948, 12, 10)
            )
        },
    ),
    ("15_s-res-661-1990-iraq-kuwait-sanctions.txt", "en", {"of 6 August 1990": date(1990, 8, 6)}),
    (
        "16_a-res-80-3-awaza-political-declaration.txt",
        "en",
        {"15 October 2025": date(2025, 10, 15), "on 14 October 2025": date(2025, 10, 14)},
    ),
]


@pytest.mark.parametrize(("name", "language", "expected"), REAL_HEADING_DATES)
def test_each_real_heading_line_gives_its_own_date_or_none(name, language, expected):
    found = {line: dates for line in heading(REAL / name) if (dates := find_meeting_dates([line], language))}
    assert found == {line: (day, day) for line, day in expected.items()}


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        # The issue date comes before the date of adoption, and the first date found wins.
        (REAL / "01_a-res-73-3-tuberculosis-political-declaration.txt", "en", (date(2018, 10, 18),) * 2),
        (REAL / "15_s-res-661-1990-iraq-kuwait-sanctions.txt", "en", (date(1990, 8, 6),) * 2),
        (REAL / "16_a-res-80-3-awaza-political-declaration.txt", "en", (date(2025, 10, 15),) * 2),
        (REAL / "05_zh-china-uae-joint-statement-2019.txt", "zh-hans", None),
        (GENEVA_TEXT, "zh-hans", (date(2016, 4, 7), date(2016, 4, 8))),
        pytest.param(
            REAL / "07_udhr-zh.txt",
            "zh-hans",
            None,  # "一九四八年十二月十日" in Chinese numerals: dateparser does not read them, so the editor is asked
        ),
    ],
    ids=lambda value: value.name if hasattr(value, "name") else None,
)
def test_a_real_heading_gives_its_first_date(path, language, expected):
    assert find_meeting_dates(heading(path), language) == expected
