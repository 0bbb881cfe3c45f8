"""Meeting dates as the UN writes them ("7–8 April 2016", "2016年4月7日至8日"), from CLDR data through Babel.

Every page, citation, feed entry and admin list shows dates through
`format_date_range`; Akoma Ntoso keeps ISO dates in its attributes and words
them with `date_range_pieces`.

CLDR has interval patterns for day, abbreviated month and year ("yMMMd")
in every locale, but a full-month one ("yMMMMd") in few. UTS #35 says to take
the closest skeleton and widen its fields ("adjusting between MMM and MMMM");
Babel's `format_interval` matches the skeleton but does not widen, so it would
print "7–8 avr. 2016". The widening is done here, on CLDR's own patterns.
"""

from datetime import date

from babel import Locale
from babel.dates import match_skeleton, parse_pattern, tokenize_pattern, untokenize_pattern

from conclusions.languages import current_language

# Django's language codes to CLDR locales. English is CLDR's "world English"
# (en_001), whose day-month-year order is the UN's ("7 April 2016"); plain
# "en" is United States English ("April 7, 2016").
CLDR_LOCALES = {"ar": "ar", "zh-hans": "zh_Hans", "en": "en_001", "fr": "fr", "ru": "ru", "es": "es"}
# Day, month written out in full, year.
SKELETON = "yMMMMd"
# The calendar fields a meeting's two dates may differ in, the greatest first, and their `date` attributes.
DIFFERING_FIELDS = {"y": "year", "M": "month", "d": "day"}


def cldr_locale(language: str) -> Locale:
    return Locale.parse(CLDR_LOCALES.get(language, "en_001"))


def widened(pattern: str) -> str:
    """The pattern with abbreviated months ("MMM", "LLL") written out in full ("MMMM")."""
    tokens = [
        ("field", (field[0], 4)) if kind == "field" and field[0] in "ML" and field[1] == 3 else (kind, field)
        for kind, field in tokenize_pattern(pattern)
    ]
    return untokenize_pattern(tokens)


def closest(skeleton: str, patterns) -> str:
    return skeleton if skeleton in patterns else match_skeleton(skeleton, patterns)


def format_date(day: date, locale: Locale) -> str:
    pattern = widened(locale.datetime_skeletons[closest(SKELETON, locale.datetime_skeletons)].pattern)
    return parse_pattern(pattern).apply(day, locale)


def date_range_pieces(start: date, end: date, language: str | None = None) -> list[tuple[str, date | None]]:
    """The dates as text pieces, each with the date it words (None for the separator between them).

    "7–8 April 2016" is [("7", 7 April), ("–", None), ("8 April 2016", 8 April)];
    a single day is one piece.
    """
    locale = cldr_locale(language or current_language())
    if start == end:
        return [(format_date(start, locale), start)]
    formats = locale.interval_formats[closest(SKELETON, locale.interval_formats)]
    # The greatest field the dates differ in picks the pattern: "7–8 April", "30 March – 2 April", …
    field = next(
        field for field, attribute in DIFFERING_FIELDS.items() if getattr(start, attribute) != getattr(end, attribute)
    )
    start_pattern, end_pattern = (widened(pattern) for pattern in formats[field])
    # CLDR splits an interval pattern where the second date begins, so the
    # separator ends the first half: move it between the two dates.
    start_tokens = tokenize_pattern(start_pattern)
    separator = ""
    while start_tokens and start_tokens[-1][0] == "chars":
        separator = start_tokens.pop()[1] + separator
    return [
        (parse_pattern(untokenize_pattern(start_tokens)).apply(start, locale), start),
        (separator, None),
        (parse_pattern(end_pattern).apply(end, locale), end),
    ]


def format_date_range(start: date, end: date, language: str | None = None) -> str:
    """ "7–8 April 2016", "7–8 avril 2016", "2016年4月7日至8日" … in the given or the active language."""
    return "".join(text for text, _day in date_range_pieces(start, end, language))
