"""What a line of a plain-text document is: the start of a paragraph, an item, a section, a part, a footnote,
page furniture, or more of what came before; and how wrapped lines join.

The patterns name what they read as printed in the six languages: numbers
in ASCII, full-width and Arabic-Indic digits, "(a)", "（一）", "——", "I.",
"一、", "Annex"/"附件"/"مرفق", document symbols and job numbers of UN pages.
"""

import re
import unicodedata
from collections import Counter

# Digits as printed: ASCII, full-width and Arabic-Indic (both forms).
DIGIT_VALUES = str.maketrans("０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 3)
DIGIT = "[0-9０-９٠-٩۰-۹]"
SPACE = "[ \t\u3000\u00a0]"

# "1. ", "1．", "1) ", "1 - ", "1 – ", "١. ", "17 bis. ", "1、": the number and its punctuation, then the text.
PARAGRAPH_START = re.compile(
    rf"(?P<marker>(?P<label>{DIGIT}{{1,4}}(?:{SPACE}?(?:bis|ter|quater))?)"
    rf"(?:{SPACE}*[.．)、]|{SPACE}+[-–—](?={SPACE})){SPACE}*)(?P<text>\S.*)"
)
# "(a) ", "a) ", "(iv) ", "(1) ", "（一）", "(一)", "—— ", "• ", "- ": a sub-item.
ITEM_START = re.compile(
    rf"(?P<marker>(?P<label>\((?:[a-z]{{1,2}}|[ivxlc]{{1,6}}|{DIGIT}{{1,2}})\)|(?:[a-z]|[ivx]{{1,5}})\)"
    rf"|[（(][一二三四五六七八九十]{{1,3}}[)）]|——|—|[•●▪◦‣⁃·]|[-–](?={SPACE})){SPACE}*)(?P<text>\S.*)"
)
# "I. ", "IV. ", "A. ", "一、", "第一部分", "* ": a section heading (a short line).
SECTION_START = re.compile(
    rf"(?P<marker>(?P<label>[IVXLC]{{1,6}}\.|[A-H]\.|[一二三四五六七八九十]{{1,3}}、|第[一二三四五六七八九十百]+[部分章节篇]+|\*)"
    rf"{SPACE}*)(?P<text>\S.*)"
)
# A part whose numbering restarts: "Annex", "Annex II", "Annexe", "Anexo", "Приложение", "附件", "مرفق".
PART_TITLE = re.compile(
    r"(?:ANNEX(?:E)?|Annex(?:e)?|ANEXO|Anexo|ПРИЛОЖЕНИЕ|Приложение|附件|المرفق|مرفق)(?:\s+[IVX0-9一二三]+)?[:：]?",
)
# A line that is a date and nothing more ("14 October 2025", "10 septembre 2020"), which no footnote is.
DATE_LINE = re.compile(r"\d{1,2}\.?\s+\w+\s+\d{4}(?:\s+\w+\.?)?")
# A footnote at the foot of a page: its number (or asterisk) and a space, no punctuation ("1 See resolution 70/1.").
FOOTNOTE_START = re.compile(
    rf"(?P<marker>(?P<label>{DIGIT}{{1,3}}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{{1,3}}|\*{{1,3}}){SPACE}+)(?P<text>\S.*)"
)

STARTS = [PARAGRAPH_START, ITEM_START, SECTION_START, PART_TITLE]

FURNITURE = [
    re.compile(
        r"[A-Z]{1,2}/(?:[A-Z]{2,5}[./])?[\w.\-/]*\d[\w.\-/]*(?: \(\d{4}\))?\*?"
    ),  # A/RES/75/1, S/RES/2467 (2019)
    re.compile(r"\d{2}-\d{5}(?: ?\([A-Z]\))?(?: +\S+){0,3}"),  # job number: 20-12345 (E) 250920
    re.compile(rf"{DIGIT}{{1,3}} ?/ ?{DIGIT}{{1,3}}"),  # page 3/12
    re.compile(rf"[-–—] ?{DIGIT}{{1,3}} ?[-–—]"),  # - 3 -
    re.compile(rf"{DIGIT}{{1,3}}"),  # a page number alone
    re.compile(r"(?:Page|Página|Страница|Pág\.) ?\d{1,3}(?: (?:of|de|из) \d{1,3})?", re.IGNORECASE),
    re.compile(r"\*\d{5,}\*"),  # bar code text
    re.compile(r"\d{6}"),  # the print date stamp beside a job number: 021118
    re.compile(r"[_]{5,}"),  # the rule above the footnotes
]
# The rule a printed page sets above its footnotes: what follows, to the foot of the page, are footnotes.
FOOTNOTE_RULE = re.compile(r"_{5,}")
# A letter or a section number alone on its line, as a PDF copy that sets them in the margin gives them.
ITEM_ALONE = re.compile(r"\((?:[a-z]{1,2}|[ivxlc]{1,6}|[0-9]{1,2})\)|[（(][一二三四五六七八九十]{1,3}[)）]")
SECTION_ALONE = re.compile(r"[IVXLC]{1,6}\.|[A-H]\.")
# A section heading set on two or three lines goes on with short lines.
HEADING_CONTINUATION_MAX_CHARACTERS = 100
# A number alone on its line ("2."), its paragraph's text on the next (a PDF copy that sets numbers in the margin).
NUMBER_ALONE = re.compile(
    rf"(?P<label>{DIGIT}{{1,4}}(?:{SPACE}?(?:bis|ter|quater))?)(?:{SPACE}*[.．)、]|{SPACE}+[-–—])"
)
# A running head or foot repeated on the pages: the same short line this many times.
RUNNING_HEAD_REPEATS = 3
RUNNING_HEAD_MAX_CHARACTERS = 100

# A text that ends with one of these ends a sentence; one that does not was cut (by a page break, or is a title).
SENTENCE_ENDINGS = frozenset('.。!！?？…:：;；"”’»)）]】')
# A paragraph ends like a sentence, or with a comma as a UN preamble paragraph does.
PARAGRAPH_ENDINGS = SENTENCE_ENDINGS | frozenset(",，،")
# A heading line does not end like a sentence, a clause or a list item.
HEADING_BREAKERS = frozenset(".。!！?？;；:：,，،")
HEADING_LINE_MAX_CHARACTERS = 150


# After the punctuation that ends a text, a footnote reference ("…Celestial Bodies, 5", "…UNISPACE+50,1") or
# the conjunction that links the items of a list ("…; and", "…; и", "…; y", "…، و").
AFTER_THE_END = re.compile(r"(?<=[.,;:。，；：،\"”’»)\]])\s*[0-9¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}$|(?<=[,;，；،])\s+\w{1,3}$")


def ending(text: str) -> str:
    """How a text ends, as punctuation goes: its last character, a footnote reference or conjunction after it aside."""
    return AFTER_THE_END.sub("", text)[-1:]


def printed_number(label: str) -> int | None:
    """The number of a paragraph label ("17", "１７", "١٧", "17 bis"), or None."""
    digits = re.match(r"\d+", label.translate(DIGIT_VALUES))
    return int(digits.group()) if digits else None


def is_inserted(label: str) -> bool:
    """Whether a paragraph label numbers a paragraph inserted after another: "17 bis", "17 ter"."""
    return any(character.isalpha() for character in label)


def is_wide(character: str) -> bool:
    """Chinese and Japanese characters and punctuation, written without spaces between them."""
    return unicodedata.east_asian_width(character) in {"W", "F"}


def join_wrapped(first: str, second: str) -> str:
    """Two lines of one paragraph, as the printed copy wrapped them, joined back (see the module's rule)."""
    if not first:
        return second
    if is_wide(first[-1]) or is_wide(second[0]) or first.endswith("-"):
        return first + second
    return first + " " + second


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" \t\u3000\f"))


def is_furniture(line: str, running_heads: set[str]) -> bool:
    """A line of page furniture, or of several pieces set apart by wide spaces ("A/RES/75/1        3/4")."""
    if line in running_heads:
        return True
    if all(any(pattern.fullmatch(piece) for pattern in FURNITURE) for piece in WIDE_SPACE.split(line)):
        return True
    # A page number and a job number side by side: "3/10 18-16895".
    return bool(PAGE_AND_JOB_NUMBER.fullmatch(line))


PAGE_AND_JOB_NUMBER = re.compile(r"\d{1,3}/\d{1,3} +\d{2}-\d{5}|\d{2}-\d{5} +\d{1,3}/\d{1,3}")
WIDE_SPACE = re.compile(r"[ \t\u3000]{2,}")
# A heading named by a word and a number, not a numbered heading: "Article 1", "Статья 1", "第一条", "المادة 1".
ARTICLE_HEADING = re.compile(
    rf"(?P<marker>)(?P<text>(?:Article|ARTICLE|Artículo|ARTÍCULO|Artigo|Статья|СТАТЬЯ|المادة|Art\.)"
    rf"{SPACE}+(?P<label>[0-9٠-٩]+|[IVXLC]+|premier|primero)(?:er|e)?\.?|第[一二三四五六七八九十百零〇]+条)"
)
# The enacting formula that opens a resolution's preamble, a block of its own: "The General Assembly,".
ENACTING_FORMULA = re.compile(
    r"(?:The General Assembly|The Security Council|The Human Rights Council|L[’']Assemblée générale|"
    r"Le Conseil de sécurité|La Asamblea General|El Consejo de Seguridad|Генеральная Ассамблея|Совет Безопасности|"
    r"大会|安全理事会|إن الجمعية العامة|فإن الجمعية العامة|الجمعية العامة|إن مجلس الأمن)[,，،]?"
)
# How the record of a resolution's adoption starts, at its end: "Adopted at the 2933rd meeting by 13 votes …".
ADOPTION_RECORD = re.compile(
    r"(?:Adopted at the|Adoptée à la|Aprobada en la|Adoptada en la|Принята на|在第|اتخذ في الجلسة|اعتُمد في الجلسة)"
    r"\b.*",
    re.DOTALL,
)
# The heading of a preamble, whose paragraphs are the preamble: "Preamble", "Préambule", "序言", "الديباجة".
PREAMBLE_HEADING = re.compile(
    r"Preamble|PREAMBLE|Préambule|PRÉAMBULE|Preámbulo|PREÁMBULO|Преамбула|ПРЕАМБУЛА|序言|الديباجة"
)


def running_heads_of(lines: list[str]) -> set[str]:
    """Short lines repeated on page after page, which are not sentences: running heads and feet."""
    counts = Counter(line for line in lines if line)
    return {
        line
        for line, count in counts.items()
        if count >= RUNNING_HEAD_REPEATS
        and len(line) <= RUNNING_HEAD_MAX_CHARACTERS
        and line[-1] not in HEADING_BREAKERS
        and not ITEM_START.fullmatch(line)
    }
