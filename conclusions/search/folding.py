"""What counts as the same text when readers search, in the six scripts (words.py then cuts it into words).

Stored texts and the reader's query are *folded* the same way, here in
Python, before words.py cuts them into words and stems them: the database
only compares the resulting strings, so SQLite and PostgreSQL find exactly
the same paragraphs, and the highlighting marks exactly what the database
found.

Folding works code point by code point, after Unicode canonical composition
(NFC):

- compatibility forms become plain characters (NFKC): full-width ＵＮ is UN,
  the ligature ﬁ is fi, Arabic presentation forms are ordinary letters;
- case is folded (Unicode casefold): É is é, Д is д, ß is ss;
- Latin letters lose their diacritics: é è ê ë are e, ç is c, ñ is n, and
  ø æ œ ł đ ð ı þ are o ae oe l d d i th;
- Russian ё is е, as Russian readers search;
- Arabic short vowels and other harakat (U+064B–U+0652, U+0670) and the
  tatweel are dropped, and alef with hamza or madda (أ إ آ ٱ) is plain alef;
- typographic apostrophes (’ ‘ ʼ) are ', hyphens and dashes (‐ ‑ ‒ – — ―
  −) are -;
- invisible characters (zero-width spaces and joiners, direction marks, soft
  hyphens, control characters) are dropped; every space (no-break, narrow,
  ideographic, line break, tab) is one space, and a run of spaces is one.

Not folded: Chinese is matched character for character (simplified and
traditional forms are different characters); й is not и; Arabic ة and ه, ى
and ي, and hamza on waw or yeh stay distinct; Greek and Cyrillic letters keep
their accents when written as one character (й, ї; but ё is е); a combining
accent that composes with no letter (a Russian stress mark) is dropped;
every other punctuation mark is kept here; words.py then cuts words at it.
"""

import re
import unicodedata

# Latin letters with no Unicode decomposition to strip a diacritic from.
LATIN_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "þ": "th", "ħ": "h"}
OTHER_FOLDS = {
    "ё": "е",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    **dict.fromkeys("’‘ʼ‛", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
# Harakat (fathatan to sukun), superscript alef, tatweel.
ARABIC_MARKS = {chr(code) for code in range(0x064B, 0x0653)} | {"\u0670", "\u0640"}
# Combining diacritics written over Latin letters (and Greek and Cyrillic ones, which keep them).
DIACRITIC_BLOCKS = [(0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F)]


def is_diacritic(char: str) -> bool:
    return any(start <= ord(char) <= end for start, end in DIACRITIC_BLOCKS)


def is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN ")


def fold_code_point(char: str) -> str:
    """One code point, folded: "" when it is dropped, sometimes more than one character (ß, ﬁ, æ)."""
    if char.isspace():
        return " "
    if unicodedata.category(char) in ("Cc", "Cf") or char in ARABIC_MARKS or is_diacritic(char):
        # A diacritic left alone after NFC has no precomposed letter with its base: a Latin one, in practice.
        return ""
    kept, base = [], ""
    for part in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char).casefold()):
        if unicodedata.combining(part):
            if part in ARABIC_MARKS or (is_diacritic(part) and (not base or is_latin(base))):
                continue
        else:
            base = part
        kept.append(part)
    folded = unicodedata.normalize("NFC", "".join(kept))
    return "".join(
        " " if part.isspace() else LATIN_LETTERS.get(part) or OTHER_FOLDS.get(part, part)
        for part in folded
        if part not in ARABIC_MARKS
    )


class TranslationTable(dict):
    """A str.translate table filled in as code points are met (only a few thousand ever are)."""

    def __init__(self, translate_code_point):
        super().__init__()
        self.translate_code_point = translate_code_point

    def __missing__(self, code_point: int) -> str | None:
        translated = self.translate_code_point(chr(code_point))
        value = None if translated == "" else translated
        self[code_point] = value
        return value


FOLD_TABLE = TranslationTable(fold_code_point)
SPACE_RUNS = re.compile(" {2,}")


def fold(text: str) -> str:
    """The text as search compares it (see the module docstring)."""
    return SPACE_RUNS.sub(" ", unicodedata.normalize("NFC", text).translate(FOLD_TABLE))


# Scripts written without spaces between words, whose words are often one or
# two characters long: shorter than the three characters of a trigram.
UNSPACED_CHARACTER = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]"
)


def tripled_if_unspaced(char: str) -> str:
    return char * 3 if UNSPACED_CHARACTER.match(char) else char


INDEX_FORM_TABLE = TranslationTable(tripled_if_unspaced)


def index_form(folded: str) -> str:
    """The folded text as stored for the trigram index: each Chinese (Japanese, Korean) character three times.

    So that a one- or two-character query (青年) still has trigrams the index
    can look up (青青青年年年). Every character of a string is repeated
    alike, so a query's index form is a substring of a text's index form
    exactly when the query is a substring of the text.
    """
    return folded.translate(INDEX_FORM_TABLE)


def clusters(text: str):
    """(start, end) of each base character with the combining marks that follow it."""
    start = 0
    for index in range(1, len(text)):
        if not unicodedata.combining(text[index]):
            yield start, index
            start = index
    if text:
        yield start, len(text)


def dropped_if_folded_to_one(char: str) -> str:
    """ "" (drop) for a character folding to exactly one character, itself otherwise: see folded_char_for_char."""
    folded = FOLD_TABLE[ord(char)]
    return "" if folded is not None and len(folded) == 1 else char


ONE_TO_ONE_TABLE = TranslationTable(dropped_if_folded_to_one)


def folded_char_for_char(text: str) -> str | None:
    """The folded text, if folding maps each character of the text to one character in place (most texts, and
    fast to tell); else None.

    NFC already, every character folding to exactly one, and no run of
    spaces to collapse: the folded text's character i comes from the text's.
    """
    if not unicodedata.is_normalized("NFC", text) or text.translate(ONE_TO_ONE_TABLE):
        return None
    folded = text.translate(FOLD_TABLE)
    return None if "  " in folded else folded


def fold_with_sources(text: str) -> tuple[str, list[list[int]]]:
    """The folded text, and for each of its characters the [start, end) span of `text` it comes from."""
    if (folded := folded_char_for_char(text)) is not None:
        return folded, [[index, index + 1] for index in range(len(text))]
    return fold_cluster_by_cluster(text)


def fold_cluster_by_cluster(text: str) -> tuple[str, list[list[int]]]:
    """fold_with_sources for any text: slower, and the same where the fast way applies.

    Folds cluster by cluster (a letter and its combining marks), so that a
    mark is never cut from its letter. Text stored in NFC, the usual case,
    folds code point by code point: a dropped mark joins the span before it.
    """
    chars: list[str] = []
    sources: list[list[int]] = []

    def add(piece: str, start: int, end: int) -> None:
        for char in piece:
            if char == " " and chars and chars[-1] == " ":
                continue
            chars.append(char)
            sources.append([start, end])

    if unicodedata.is_normalized("NFC", text):
        for index, char in enumerate(text):
            piece = FOLD_TABLE[ord(char)]
            if piece is not None:
                add(piece, index, index + 1)
            elif sources and unicodedata.combining(char):
                sources[-1][1] = index + 1
    else:
        for start, end in clusters(text):
            add(unicodedata.normalize("NFC", text[start:end]).translate(FOLD_TABLE), start, end)
    return "".join(chars), sources
