"""Find a meeting's dates in the heading lines of its outcome document."""

import datetime
import re

# "2016年4月7日至8日", "2016年4月7日至4月8日", "2016年4月7日"
CHINESE_DATES = re.compile(
    r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
    r"(?:\s*[至到—–-]\s*(?:(?P<end_month>\d{1,2})月)?(?P<end_day>\d{1,2})日)?"
)
# "2016-04-07", optionally "to 2016-04-08" / "– 2016-04-08"
ISO_DATES = re.compile(r"(?P<start>\d{4}-\d{2}-\d{2})(?:\s*(?:to|–|—|/)\s*(?P<end>\d{4}-\d{2}-\d{2}))?")


def find_meeting_dates(lines: list[str]) -> tuple[datetime.date, datetime.date] | None:
    """The first date or date range written in the lines, or None if there is none."""
    for line in lines:
        try:
            if match := CHINESE_DATES.search(line):
                year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
                start = datetime.date(year, month, day)
                end_month = int(match["end_month"] or month)
                end = datetime.date(year, end_month, int(match["end_day"])) if match["end_day"] else start
                return start, end
            if match := ISO_DATES.search(line):
                start = datetime.date.fromisoformat(match["start"])
                end = datetime.date.fromisoformat(match["end"]) if match["end"] else start
                return start, end
        except ValueError:
            continue  # not a real calendar date: look further
    return None
