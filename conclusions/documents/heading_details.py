"""What a document's heading says about its meeting: title, document title, organizers, venue and dates.

The heading lines are kept verbatim in the document as blocks either way;
these rules only propose the meeting's fields, which the editor checks and
corrects before confirming. Each rule is simple, says where its text came
from (the heading lines it took), and proposes nothing when it is unsure:

- dates: the first heading line with a full date or range (`dates.py`),
  unless the closing lines date the document and the heading gives no range:
  a UN resolution's heading carries the date it was issued, its closing
  lines the date it was adopted ("18th plenary meeting / 14 October 2025"),
  and a joint statement is dated where it was signed ("2019年7月22日于北京");
- document title: a UN resolution's numbered title ("80/3. Awaza Political
  Declaration", with the heading lines after it, over which it wraps), or
  else the first line naming a kind of outcome document ("Co-Chairs' Joint
  Conclusions", "联合声明", "Déclaration …"); a Chinese title whose line
  starts with "关于" ("on …") began on the line before;
- organizers: the first line that says who organized the meeting
  ("Organized jointly by …", "由联合国与瑞士政府联合组织");
- title: the first other line naming a meeting ("Geneva Conference on …",
  "日内瓦会议 …", "Sommet …"); without one, the meeting is known by its
  document, and the document title is proposed;
- venue: the line right after the dates, when it names a place the way
  headings do, with its country after a comma ("联合国日内瓦办事处，瑞士").
"""

import datetime
import re
from dataclasses import dataclass, field

from conclusions.documents.dates import find_meeting_dates
from conclusions.documents.text_lines import join_wrapped

# "80/3. Awaza Political Declaration", "73/3. Political declaration of …": a General Assembly resolution's title.
RESOLUTION_TITLE = re.compile(r"\d{1,3}/\d{1,4}\.\s+\S.*")
# Kinds of outcome documents, in the six languages, as their titles name them.
DOCUMENT_KINDS = re.compile(
    r"\b(?:conclusions?|declaration|statement|communiqu[eé]|outcome document|chair'?s summary|"
    r"plan of action|action plan|programme of action|d[ée]claration|d[ée]clar[ao]ci[oó]n|conclusiones|comunicado|"
    r"programa de acci[oó]n|programme d'action|выводы|декларация|заявление|коммюнике|итоговый документ|"
    r"программа действий)\b"
    r"|结论|声明|宣言|公报|成果文件|行动纲领|行动计划|استنتاجات|إعلان|بيان|البيان|الإعلان|خطة عمل|برنامج عمل",
    re.IGNORECASE,
)
# "关于…的联合声明" ("joint statement on …") is the end of a title that began on the line before.
TITLE_GOES_ON = re.compile(r"关于")
ORGANIZED_BY = re.compile(
    r"\b(?:organi[sz]ed|co-organi[sz]ed|hosted|convened)\b.*\bby\b|\borganis[ée]e?s?\s+(?:conjointement\s+)?par\b"
    r"|\borganizad[oa]s?\s+(?:conjuntamente\s+)?por\b|\bорганизован[аоы]?\b|由.+(?:组织|主办|举办|共同主办)"
    r"|بتنظيم|نظمت|نظمه|نظمها",
    re.IGNORECASE,
)
# Words that name a meeting; "General Assembly" and "session" are left out: they head every UN resolution.
MEETING_WORDS = re.compile(
    r"\b(?:conference|summit|meeting|forum|congress|symposium|conf[ée]rence|sommet|r[ée]union|congr[eè]s|"
    r"conferencia|cumbre|reuni[oó]n|foro|congreso|конференция|саммит|совещание|встреча|форум|конгресс)\b"
    r"|会议|峰会|论坛|مؤتمر|قمة|اجتماع|منتدى",
    re.IGNORECASE,
)
# A place and its country, as a heading prints them: "Palais des Nations, Geneva", "联合国日内瓦办事处，瑞士".
PLACE_AND_COUNTRY = re.compile(r"\S[,，،]\s*\S")


@dataclass
class Found:
    """A field's proposed text and the heading lines it came from."""

    text: str
    lines: list[int] = field(default_factory=list)


@dataclass
class HeadingDetails:
    title: Found | None = None
    document_title: Found | None = None
    organizers: Found | None = None
    venue: Found | None = None
    dates: tuple[datetime.date, datetime.date] | None = None
    dates_line: int | None = None

    def texts(self) -> dict[str, str]:
        """The proposed texts of the meeting's translated fields ("" where nothing is proposed)."""
        return {
            name: found.text if found else ""
            for name, found in (
                ("title", self.title),
                ("document_title", self.document_title),
                ("organizers", self.organizers),
                ("venue", self.venue),
            )
        }


def heading_details(
    heading: list[tuple[int, str]], language: str | None = None, closing: list[tuple[int, str]] = ()
) -> HeadingDetails:
    """The meeting's fields proposed by its heading (and closing) lines, given as (line number, text) in order."""
    details = HeadingDetails()
    taken: set[int] = set()  # indexes of the lines a field took, which no other field takes

    for index, (number, text) in enumerate(heading):
        if dates := find_meeting_dates([text], language):
            details.dates, details.dates_line = dates, number
            taken.add(index)
            if (venue := venue_after(heading, index, language)) is not None:
                details.venue = Found(heading[venue][1], [heading[venue][0]])
                taken.add(venue)
            break

    if details.dates is None or details.dates[0] == details.dates[1]:
        for number, text in closing:
            if dates := find_meeting_dates([text], language):
                details.dates, details.dates_line = dates, number
                break

    if indexes := document_title_lines(heading, taken):
        text = ""
        for index in indexes:
            text = join_wrapped(text, heading[index][1])
        details.document_title = Found(text, [heading[index][0] for index in indexes])
        taken.update(indexes)

    if (index := first_matching(heading, ORGANIZED_BY, taken)) is not None:
        details.organizers = Found(heading[index][1], [heading[index][0]])
        taken.add(index)

    if (index := first_matching(heading, MEETING_WORDS, taken)) is not None:
        details.title = Found(heading[index][1], [heading[index][0]])
    elif details.document_title is not None:
        details.title = details.document_title
    return details


def venue_after(heading: list[tuple[int, str]], index: int, language: str | None) -> int | None:
    """The index of the line after the dates if it names a place and its country (and is not another date)."""
    after = index + 1
    if after < len(heading) and PLACE_AND_COUNTRY.search(heading[after][1]):
        return None if find_meeting_dates([heading[after][1]], language) else after
    return None


def document_title_lines(heading: list[tuple[int, str]], taken: set[int]) -> list[int]:
    """The indexes of the heading lines that make the document's title, or [] if none is clear."""
    for index, (_number, text) in enumerate(heading):
        if index not in taken and RESOLUTION_TITLE.fullmatch(text):
            # A resolution's title closes its heading, wrapped over the lines after it.
            return [later for later in range(index, len(heading)) if later not in taken]
    if (index := first_matching(heading, DOCUMENT_KINDS, taken)) is None:
        return []
    if index > 0 and index - 1 not in taken and TITLE_GOES_ON.match(heading[index][1]):
        return [index - 1, index]
    return [index]


def first_matching(heading: list[tuple[int, str]], pattern: re.Pattern, taken: set[int]) -> int | None:
    return next(
        (index for index, (_number, text) in enumerate(heading) if index not in taken and pattern.search(text)),
        None,
    )
