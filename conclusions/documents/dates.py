"""Find a meeting's dates in the heading lines of its outcome document, in any of the six UN languages.

Reads a date or a range of dates as UN documents print them, with other words around it or not:
"21 September 2020", "September 21, 2020", "1er juillet 2019", "14 октября 2025 года", "3 de mayo de 2018",
"2019年7月21日", "21 أيلول/سبتمبر 2020", "2016-04-07"; "7–8 April 2016", "April 7-8, 2016", "du 7 au 8 avril 2016",
"del 7 al 8 de abril de 2016", "من 7 إلى 8 نيسان/أبريل 2016", "2016年4月7日至8日", "30 June–2 July 2019",
"2016年12月31日至2017年1月2日", "April 7, 2016 – April 8, 2016".

The dates are read by dateparser, a maintained library that knows the month names and date orders of all six
languages, so that no date pattern is written here. This module adds only what dateparser does not do: ranges
(it reads single dates: its issue #522), a few UN spellings it does not know, and hiding document symbols from it.

Only a date with a day, a month and a year counts: a line without a year ("7–8 April") or with an impossible
date ("31 February 2016") gives no date, and the editor is asked for it.
"""

import datetime
import re

from dateparser.search import search_dates

# The site's language codes, and dateparser's.
DATEPARSER_LANGUAGES = {"ar": "ar", "zh-hans": "zh", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}

# Only dates written out, never relative ones ("8日" would be "8 days ago") or timestamps (a job number such as
# "18-16895"); and only with a day, a month and a year, so that a number ("Agenda item 129", "2030 Agenda") or a
# month alone is not taken for a date.
FULL_DATE = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
# The other end of a range, next to a full date, may leave out what it shares with it ("30 June–2 July 2019").
PARTIAL_DATE = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month"]}

# What joins the two ends of a range.
JOINER = r"(?:\s*[-‐‑–—至到]\s*|\s+(?:and|to|au|et|al|y|и|по|إلى|الى)\s+)"
# Two days of one month: "7–8 April", "April 7-8", "du 7 au 8 avril", "7日至8日"; not a part of "2016-04-07" or of
# "18-16895", nor a day and a month ("4月7日至4月8日").
DAY_RANGE = re.compile(rf"(?<![\d/.-])(?P<first>\d{{1,2}})日?{JOINER}(?P<last>\d{{1,2}})(?![\d/.:年月-])")
# A range's joiner at the end of the text before its full date, or at the start of the text after it (dateparser
# leaves a Chinese date's "日" out of what it found).
JOINER_BEFORE = re.compile(rf"{JOINER}$")
JOINER_AFTER = re.compile(rf"日?{JOINER}")
# A Chinese month and day without a year ("至4月8日"): dateparser reads them only after a year.
CHINESE_MONTH_DAY = re.compile(r"\d{1,2}月")

# Numbers joined by a slash or a dot are document symbols and resolution numbers ("A/RES/73/3", "70/1", "71.3",
# "2017/18"), never dates in a UN heading; dateparser would read them as dates ("resolution 72/3 of 30 October 2017"
# as 3 October), so they are hidden from it.
NUMBER_SYMBOL = re.compile(r"\d+(?:[/.]\d+)+")
# UN spellings dateparser does not know: the French first of the month, "1er juillet"; an Arabic month written with
# its Levantine and its Egyptian name, "كانون الأول/ديسمبر" (dateparser knows the Egyptian one, after the slash);
# and the UN's Arabic spellings of June and July.
FRENCH_FIRST = re.compile(r"\b1er\b")
ARABIC_MONTH_PAIR = re.compile(r"(?:(?:كانون|تشرين)\s+)?[\u0621-\u064a]+\s*/\s*(?=[\u0621-\u064a])")
ARABIC_SPELLINGS = {"يونيه": "يونيو", "يوليه": "يوليو"}
ARABIC_SPELLING = re.compile("|".join(rf"\b{spelling}\b" for spelling in ARABIC_SPELLINGS))


def find_meeting_dates(lines: list[str], language: str | None = None) -> tuple[datetime.date, datetime.date] | None:
    """The first date or range of dates written in the lines, or None if there is none.

    The first line with a date wins: heading lines come in order, and the meeting's date is usually the first
    date. But a UN resolution prints its issue date ("Distr.: General" / "18 October 2018") before the date it was
    adopted ("on 10 October 2018"): the issue date is returned all the same, for the editor to check.

    `language`, the document's (a site language code), is tried first; the other five are tried too, since a
    heading may mix them ("Swiss Confederation" above a Chinese title). dateparser finds each line's language
    among them itself: the order only breaks ties.
    """
    first = DATEPARSER_LANGUAGES.get(language, "en")
    languages = [first] + [code for code in DATEPARSER_LANGUAGES.values() if code != first]
    for line in lines:
        if dates := dates_in_line(line, languages):
            return dates
    return None


def dates_in_line(line: str, languages: list[str]) -> tuple[datetime.date, datetime.date] | None:
    line = prepared(line)
    first_days = DAY_RANGE.sub(r"\g<first>", line)
    if first_days != line:
        # Two days of one month: the line is read once with each of them.
        start, end = full_date(first_days, languages), full_date(DAY_RANGE.sub(r"\g<last>", line), languages)
        if start is None or end is None:
            return None
        start, end = start[0], end[0]
    elif found := full_date(line, languages):
        # A single date, or a range across months or years whose other end is written just before or after it.
        date, before, after = found
        if (start := other_end(before, date, languages)) is not None:
            end = date
        else:
            start, end = date, other_end(after, date, languages) or date
    else:
        return None
    return (start, end) if start <= end else None  # an end before the start is a misreading, not a range


def prepared(line: str) -> str:
    """The line with its document symbols hidden, and UN spellings in the spelling dateparser knows."""
    line = NUMBER_SYMBOL.sub("#", line)
    line = FRENCH_FIRST.sub("1", line)
    line = ARABIC_MONTH_PAIR.sub("", line)
    return ARABIC_SPELLING.sub(lambda match: ARABIC_SPELLINGS[match[0]], line)


def full_date(text: str, languages: list[str]) -> tuple[datetime.date, str, str] | None:
    """The first date with a day, a month and a year in the text, and the text before and after it."""
    found = search_dates(text, languages=languages, settings=FULL_DATE)
    if not found:
        return None
    written, date = found[0]
    position = text.find(written)  # -1 if not in it as written: dateparser searches a copy it may change
    if position < 0:
        return date.date(), "", ""
    return date.date(), text[:position], text[position + len(written) :]


def other_end(text: str, date: datetime.date, languages: list[str]) -> datetime.date | None:
    """The other end of a range that has `date` at one end: the start, written before `date` and a joiner (`text` is
    what comes before `date`), or the end, written after a joiner and `date` (`text` is what comes after). What it
    leaves out ("30 June–", "至4月8日") is `date`'s: it is the nearest such day before or after `date`."""
    if joiner := JOINER_BEFORE.search(text):
        fragment, direction = text[: joiner.start()], "past"
    elif joiner := JOINER_AFTER.match(text):
        fragment, direction = text[joiner.end() :], "future"
        if CHINESE_MONTH_DAY.match(fragment):
            fragment = f"{date.year}年{fragment}"
    else:
        return None
    base = datetime.datetime.combine(date, datetime.time())
    found = search_dates(
        fragment, languages=languages, settings=PARTIAL_DATE | {"RELATIVE_BASE": base, "PREFER_DATES_FROM": direction}
    )
    if not found:
        return None
    _written, other = found[-1] if direction == "past" else found[0]  # the date nearest the joiner
    return other.date()
