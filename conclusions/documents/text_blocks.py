"""Gather the lines of a plain-text document into blocks (step 2 of `text_reading`).

A blank line or a new start (a number in turn, an item, a section, a part)
ends a block; page furniture never does, and below a footnote rule the
lines are footnotes to the foot of the page, after which the text they
interrupted goes on.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from conclusions.documents.structure import Block, Kind, Warning
from conclusions.documents.text_lines import (
    ARTICLE_HEADING,
    DATE_LINE,
    ENACTING_FORMULA,
    FOOTNOTE_RULE,
    FOOTNOTE_START,
    HEADING_BREAKERS,
    HEADING_CONTINUATION_MAX_CHARACTERS,
    HEADING_LINE_MAX_CHARACTERS,
    ITEM_ALONE,
    ITEM_START,
    NUMBER_ALONE,
    PARAGRAPH_START,
    PART_TITLE,
    PREAMBLE_HEADING,
    SECTION_ALONE,
    SECTION_START,
    SENTENCE_ENDINGS,
    STARTS,
    ending,
    indentation,
    is_furniture,
    is_inserted,
    join_wrapped,
    printed_number,
    running_heads_of,
)

# A number out of turn is taken for a paragraph's (with a warning) up to here; past it, more likely a year.
MAX_OUT_OF_TURN = 999


@dataclass
class Numbering:
    """Where the paragraph numbers are: the next one expected, and in which part."""

    part: int = 1
    last: int = 0

    def accepts(self, number: int, *, inserted: bool = False) -> bool:
        """The next number, or 1 where a part starts; a paragraph inserted after one ("5 bis", "5 ter"): its number."""
        if inserted:
            return number == self.last
        return number == self.last + 1 or (number == 1 and self.last > 0)

    def take(self, number: int, *, inserted: bool = False) -> None:
        if inserted:
            return  # after its own number, or out of turn: either way the next number follows the last
        if number == 1 and self.last > 0:
            self.part += 1
        self.last = number


class BlockReader:
    """Gathers classified lines into blocks (step 2)."""

    def __init__(self, lines: list[str], *, numbered_by_the_document: frozenset[int] = frozenset()):
        self.lines = lines
        # Lines whose number the document itself gave (Word's numbering): numbers to take as they are.
        self.numbered_by_the_document = numbered_by_the_document
        self.running_heads = running_heads_of([line.strip() for line in lines])
        # Copies that mark paragraphs by indenting their first line set most lines at the margin.
        indents = Counter(indentation(line) for line in lines if line.strip())
        self.usual_indentation = indents.most_common(1)[0][0] if indents else 0
        self.blocks: list[Block] = []
        self.warnings: list[Warning] = []
        self.numbering = Numbering()
        self.open: Block | None = None  # the block that the next text line continues
        self.footnote_style = False  # whether the paragraphs are "1." (so "1 Text" is a footnote)
        self.in_footnotes = False  # below a footnote rule, to the foot of the page
        self.footnotes_from: Block | None = None  # the text block the footnotes interrupted

    def read(self) -> list[Block]:
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip().strip("\ufeff").strip()
            if raw.startswith("\f"):
                self.leave_footnotes()  # a new page
            if not line:
                if not self.awaiting_text():
                    self.close()
            elif self.in_footnotes and FOOTNOTE_START.fullmatch(line):
                self.take_footnote(line, number)
            elif is_furniture(line, self.running_heads) and not self.titles_a_part(line):
                # Page furniture interrupts nothing: the paragraph around it goes on.
                self.blocks.append(
                    Block(
                        Kind.FURNITURE,
                        line,
                        part=self.numbering.part,
                        line=number,
                        last_line=number,
                        source=[(number, line)],
                    )
                )
                if FOOTNOTE_RULE.fullmatch(line):
                    self.in_footnotes, self.footnotes_from = True, self.last_text()
                    self.close()
                elif self.in_footnotes:
                    self.leave_footnotes()  # the foot of the page
            elif self.in_footnotes:
                self.take_footnote(line, number)
            else:
                if self.open is not None and self.starts_a_paragraph(raw):
                    self.close()
                self.take(line, number)
        self.close()
        return self.blocks

    def starts_a_paragraph(self, raw: str) -> bool:
        """Whether a line is set in as a paragraph's first line: by ideographic spaces (Chinese sets in every
        paragraph's first line by two), or further than the document's lines usually are, after a sentence or
        clause that ended (a wrapped line may be set in by a space too, in a PDF copy)."""
        if raw.startswith("\u3000"):
            return True
        return indentation(raw) > self.usual_indentation and ending(self.open.text) in HEADING_BREAKERS

    def titles_a_part(self, line: str) -> bool:
        """A running head right under "Annex" is the annex's title, printed there first, not furniture yet."""
        return line in self.running_heads and bool(self.blocks) and self.blocks[-1].kind == Kind.PART

    def awaiting_text(self) -> bool:
        """Whether the open block is a number or letter whose text is still to come, across blank lines."""
        return (
            self.open is not None
            and self.open.kind in (Kind.PARAGRAPH, Kind.ITEM, Kind.SECTION)
            and not self.open.text
        )

    def take_footnote(self, line: str, number: int) -> None:
        match = FOOTNOTE_START.fullmatch(line)
        if match:
            self.start(Kind.FOOTNOTE, match, line, number, label=match["label"])
            return
        if self.open is None:
            # Unnumbered at the top of the notes: the last footnote, run over from the page before.
            self.open = next((block for block in reversed(self.blocks) if block.kind == Kind.FOOTNOTE), None)
        if self.open is None:
            self.start(Kind.FOOTNOTE, None, line, number)
        else:
            self.continue_open(line, number)

    def last_text(self) -> Block | None:
        return next((block for block in reversed(self.blocks) if block.kind != Kind.FURNITURE), None)

    def leave_footnotes(self) -> None:
        """Back from the footnotes to the text: the block they interrupted goes on, if it was cut."""
        if self.in_footnotes:
            interrupted = self.footnotes_from
            self.open = interrupted if interrupted and ending(interrupted.text) not in SENTENCE_ENDINGS else None
        self.in_footnotes, self.footnotes_from = False, None

    def continue_open(self, line: str, number: int) -> None:
        self.open.text = join_wrapped(self.open.text, line)
        self.open.last_line = number
        self.open.source.append((number, line))

    def close(self) -> None:
        self.open = None

    def start(self, kind: Kind, match: re.Match | None, line: str, number: int, *, label: str = "") -> None:
        marker = match["marker"] if match else ""
        text = match["text"] if match else line
        block = Block(
            kind,
            text,
            marker=marker,
            label=label,
            part=self.numbering.part,
            line=number,
            last_line=number,
            source=[(number, line)],
        )
        self.blocks.append(block)
        self.open = block

    def take(self, line: str, number: int) -> None:
        if self.open is not None and self.open.kind == Kind.SECTION and not self.heading_goes_on(line):
            self.close()
        if (match := PARAGRAPH_START.fullmatch(line)) and self.paragraph_fits(match, number):
            self.numbering.take(printed_number(match["label"]), inserted=is_inserted(match["label"]))
            self.footnote_style = self.footnote_style or match["marker"].rstrip().endswith((".", "．"))
            self.start(Kind.PARAGRAPH, match, line, number, label=match["label"])
        elif ENACTING_FORMULA.fullmatch(line):
            self.close()
            self.start(Kind.UNNUMBERED, None, line, number)
            self.close()
        elif (match := ARTICLE_HEADING.fullmatch(line)) or PREAMBLE_HEADING.fullmatch(line):
            self.start(Kind.SECTION, match, line, number, label=match["label"] if match else "")
        elif PART_TITLE.fullmatch(line):
            self.numbering.part += 1 if self.numbering.last else 0
            self.numbering.last = 0
            self.start(Kind.PART, None, line, number)
            self.close()
        elif (match := ITEM_START.fullmatch(line)) and self.item_fits(match):
            self.start(Kind.ITEM, match, line, number, label=match["label"])
        elif (match := SECTION_START.fullmatch(line)) and self.may_start_a_line_block(line):
            self.start(Kind.SECTION, match, line, number, label=match["label"].rstrip(".、"))
        elif (
            (match := FOOTNOTE_START.fullmatch(line))
            and self.footnote_style
            and self.after_a_sentence()
            and not DATE_LINE.fullmatch(line)
        ):
            self.start(Kind.FOOTNOTE, match, line, number, label=match["label"])
        elif self.marker_alone(line, number):
            pass
        elif self.open is not None:
            self.continue_open(line, number)
        else:
            self.start(Kind.UNNUMBERED, None, line, number)

    def marker_alone(self, line: str, number: int) -> bool:
        """A number or letter alone on its line ("2.", "(a)", "I."), its text on the next: a PDF copy's margin.

        Labels are as with the text on the same line: "2", "(a)", "I".
        """
        if (match := NUMBER_ALONE.fullmatch(line)) and self.numbering.accepts(printed_number(line)):
            self.numbering.take(printed_number(line))
            self.footnote_style = self.footnote_style or line.endswith((".", "．"))
            kind, label = Kind.PARAGRAPH, match["label"]
        elif ITEM_ALONE.fullmatch(line) and self.item_fits(None):
            kind, label = Kind.ITEM, line
        elif SECTION_ALONE.fullmatch(line) and self.after_a_sentence():
            kind, label = Kind.SECTION, line.rstrip(".")
        else:
            return False
        self.start(kind, None, line, number, label=label)
        self.open.marker, self.open.text = line, ""
        return True

    def heading_goes_on(self, line: str) -> bool:
        """Whether a section heading's next line is more of it: a short line, no start of anything, no full stop."""
        heading = self.open
        if not heading.text:
            return True  # "I." alone: its title is on this line
        return (
            len(heading.source) < 3
            and len(line) <= HEADING_CONTINUATION_MAX_CHARACTERS
            and ending(heading.text) not in HEADING_BREAKERS
            and ending(line) not in HEADING_BREAKERS
            and not any(pattern.fullmatch(line) for pattern in STARTS)
        )

    def after_a_sentence(self) -> bool:
        """Whether a new block may start here without a blank line: nothing open, or what is open has ended."""
        return self.open is None or ending(self.open.text) in SENTENCE_ENDINGS

    def may_start_a_line_block(self, line: str) -> bool:
        """A section heading: a short line that does not end like a sentence, where a block may start."""
        return (
            self.after_a_sentence() and len(line) <= HEADING_LINE_MAX_CHARACTERS and line[-1] not in HEADING_BREAKERS
        )

    def paragraph_fits(self, match: re.Match, line_number: int) -> bool:
        """A numbered start where the numbering expects it; a number out of turn after a blank line, with a warning."""
        number = printed_number(match["label"])
        if self.numbering.accepts(number, inserted=is_inserted(match["label"])):
            return True
        if line_number in self.numbered_by_the_document:
            return True
        if self.open is not None or number > MAX_OUT_OF_TURN:
            return False  # more of the text before: a wrapped line that starts with "2015."
        if self.numbering.last == 0:
            message = _("The first numbered paragraph is %(number)s, not 1.") % {"number": match["label"]}
        else:
            message = _("Paragraph %(number)s follows paragraph %(previous)s: a number is missing or repeated.") % {
                "number": match["label"],
                "previous": self.numbering.last,
            }
        self.warnings.append(Warning(line_number, message))
        return True

    def item_fits(self, match: re.Match | None) -> bool:
        """A sub-item: after a paragraph or item it belongs with, or after a blank line."""
        return self.open is None or self.open.kind in (Kind.PARAGRAPH, Kind.ITEM, Kind.UNNUMBERED, Kind.PREAMBLE)
