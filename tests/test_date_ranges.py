"""Meeting dates as the UN writes them, in the six languages, from CLDR through Babel."""

import datetime

import pytest
from django.utils import translation

from conclusions.date_ranges import date_range_pieces, format_date_range

APRIL_7, APRIL_8 = datetime.date(2016, 4, 7), datetime.date(2016, 4, 8)
THIN, NARROW = "\u2009", "\u202f"  # CLDR's thin space around a dash between words; Russian "2016 г."


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "7–8 أبريل 2016"),
        ("zh-hans", "2016年4月7日至8日"),
        ("en", "7–8 April 2016"),
        ("fr", "7–8 avril 2016"),
        ("ru", f"7–8 апреля 2016{NARROW}г."),
        ("es", "7–8 de abril de 2016"),
    ],
)
def test_days_of_one_month_share_month_and_year(language, expected):
    assert format_date_range(APRIL_7, APRIL_8, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "7 أبريل 2016"),
        ("zh-hans", "2016年4月7日"),
        ("en", "7 April 2016"),
        ("fr", "7 avril 2016"),
        ("ru", f"7 апреля 2016{NARROW}г."),
        ("es", "7 de abril de 2016"),
    ],
)
def test_a_single_day_is_one_date(language, expected):
    assert format_date_range(APRIL_7, APRIL_7, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "30 مارس – 2 أبريل 2016"),
        ("zh-hans", "2016年3月30日至4月2日"),
        ("en", f"30 March{THIN}–{THIN}2 April 2016"),
        ("fr", f"30 mars{THIN}–{THIN}2 avril 2016"),
        ("ru", f"30 марта – 2 апреля 2016{NARROW}г."),
        ("es", f"30 de marzo{THIN}–{THIN}2 de abril de 2016"),
    ],
)
def test_a_range_over_two_months_names_both(language, expected):
    assert format_date_range(datetime.date(2016, 3, 30), datetime.date(2016, 4, 2), language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "30 ديسمبر 2016 – 2 يناير 2017"),
        ("zh-hans", "2016年12月30日至2017年1月2日"),
        ("en", f"30 December 2016{THIN}–{THIN}2 January 2017"),
        ("fr", f"30 décembre 2016{THIN}–{THIN}2 janvier 2017"),
        ("ru", f"30 декабря 2016{NARROW}г. – 2 января 2017{NARROW}г."),
        ("es", f"30 de diciembre de 2016{THIN}–{THIN}2 de enero de 2017"),
    ],
)
def test_a_range_over_two_years_names_both(language, expected):
    assert format_date_range(datetime.date(2016, 12, 30), datetime.date(2017, 1, 2), language) == expected


def test_the_active_language_is_used_when_none_is_given():
    with translation.override("fr"):
        assert format_date_range(APRIL_7, APRIL_8) == "7–8 avril 2016"


def test_pieces_give_each_date_its_own_words_and_the_separator_none():
    assert date_range_pieces(APRIL_7, APRIL_8, "en") == [("7", APRIL_7), ("–", None), ("8 April 2016", APRIL_8)]
    assert date_range_pieces(APRIL_7, APRIL_7, "zh-hans") == [("2016年4月7日", APRIL_7)]
