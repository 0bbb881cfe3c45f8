"""Parse a plain-text outcome document into its heading, preamble and numbered paragraphs.

The input is a text extraction of a printed document: heading lines
(letterhead, title, organizers, date, venue), then unnumbered preamble
paragraphs, then paragraphs numbered "1.", "2.", ... Paragraphs are separated
by blank lines; a page break can split a paragraph, leaving a blank line in
mid-sentence. The text of every paragraph is kept exactly: only the line
breaks of a page break are removed, nothing else is changed.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# "1. ", "1．", "1) " at the start of a paragraph: the number, then the text.
NUMBERED_PARAGRAPH = re.compile(r"^(?P<number>[0-9]{1,4})[.．)]\s*(?P<text>\S.*)$", re.DOTALL)

# A paragraph that ends with one of these is complete; one that does not was
# cut by a page break and continues in the next block.
SENTENCE_ENDINGS = frozenset('.。!！?？…:：;；"”’»)）]】')


class DocumentError(ValueError):
    """The text cannot be read as an outcome document; the message says why."""


@dataclass
class OutcomeDocument:
    heading: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    conclusions: list[tuple[int, str]] = field(default_factory=list)


def decode_document(data: bytes) -> str:
    """The document's text; UTF-8 (with or without a byte order mark) only."""
    if not data.strip():
        raise DocumentError(_("The file is empty."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            _(
                "The file is not UTF-8 text (undecodable byte at position %(position)s). "
                "Save it as UTF-8 and try again."
            )
            % {"position": error.start}
        ) from error


def split_blocks(text: str) -> list[str]:
    """Blocks of text separated by blank lines, with line ends normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in re.split(r"\n[ \t\u3000]*\n", text) if block.strip()]


def is_complete(paragraph: str) -> bool:
    return paragraph[-1] in SENTENCE_ENDINGS


def is_wide(character: str) -> bool:
    """Chinese and Japanese characters and punctuation, which are written without spaces."""
    return unicodedata.east_asian_width(character) in {"W", "F"}


def join_page_break(first: str, second: str) -> str:
    # Chinese needs nothing between the halves of a sentence; other scripts a space.
    separator = "" if is_wide(first[-1]) or is_wide(second[0]) else " "
    return first + separator + second


def parse_outcome_document(text: str) -> OutcomeDocument:
    """Split a document into heading lines, preamble paragraphs and numbered conclusions.

    Raises DocumentError if there is no numbered paragraph, or if the numbers
    do not run 1, 2, 3, ... without gaps or repeats.
    """
    blocks = split_blocks(text)
    if not blocks:
        raise DocumentError(_("The file is empty."))

    first_numbered = next((i for i, block in enumerate(blocks) if NUMBERED_PARAGRAPH.match(block)), None)
    if first_numbered is None:
        raise DocumentError(_("No numbered paragraphs (“1. …”) were found in the document."))

    document = OutcomeDocument()
    # Before the numbered paragraphs: heading lines, then the preamble. The
    # preamble is the run of complete sentences just before paragraph 1.
    opening = blocks[:first_numbered]
    preamble_start = len(opening)
    while preamble_start > 0 and is_complete(opening[preamble_start - 1]):
        preamble_start -= 1
    document.heading = [
        line.strip() for block in opening[:preamble_start] for line in block.split("\n") if line.strip()
    ]
    document.preamble = opening[preamble_start:]

    for block in blocks[first_numbered:]:
        match = NUMBERED_PARAGRAPH.match(block)
        if match:
            document.conclusions.append((int(match["number"]), match["text"]))
        elif not is_complete(document.conclusions[-1][1]):
            number, start = document.conclusions[-1]
            document.conclusions[-1] = (number, join_page_break(start, block))
        else:
            raise DocumentError(
                _("Unnumbered text after paragraph %(number)s: “%(start)s…”. Number it or join it to a paragraph.")
                % {"number": document.conclusions[-1][0], "start": block[:40]}
            )

    check_numbering([number for number, _text in document.conclusions])
    return document


def check_numbering(numbers: list[int]) -> None:
    for expected, number in enumerate(numbers, start=1):
        if number == expected:
            continue
        if expected == 1:
            raise DocumentError(_("The first numbered paragraph is %(number)s, not 1.") % {"number": number})
        if number in numbers[: expected - 1]:
            raise DocumentError(_("Paragraph %(number)s appears twice.") % {"number": number})
        raise DocumentError(
            _("Paragraph numbering jumps from %(previous)s to %(number)s: paragraph %(expected)s is missing.")
            % {"previous": expected - 1, "number": number, "expected": expected}
        )
