"""Where a footnote's marker stands in the text, wherever the text shows it beyond doubt.

A printed footnote marker is a superscript; read from a PDF or from Word it
becomes plain characters in the text, as stored: "…International Year of
Peace and Trust,4 and recognize…", "…Convention on Climate Change6 and…",
and also "…Developing Countries 2  and…" or "…for the Decade 2014–20243 and…",
where nothing tells the marker from a number of the text. The site keeps
the text exactly as printed and records no marker positions, so a marker is
taken to be one only where it cannot be anything else:

- its footnote's label, right after a letter or a closing punctuation mark
  (a comma, semicolon, colon, bracket or quotation mark) and not followed by
  a letter or digit: "Trust,4 and", "Change6 and". Not after a space, a digit
  or a full stop, where it could be a number of the text ("paragraph 2",
  "2014–20243", "resolution 67.1", "Add.1"), nor after a capital letter,
  where it could belong to an abbreviation ("CO2", "G20");
- or a label written in superscript characters ("¹²"), which only a marker is;
- and the only such occurrence between the previous footnote's marker (notes
  are numbered in reading order) and the footnote itself (a note is printed
  at the foot of the page that refers to it).

A footnote whose marker is not found this way has no place: its caller
keeps it where it was printed rather than guess.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from conclusions.models import BlockKind, Conclusion

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
# A letter (of any script) or a punctuation mark that closes a word, a clause or a quotation.
MARKER_AFTER = r"(?<=[^\W\d_]|[,;:!?)\]”’\"»。，；：、）」])"


@dataclass(frozen=True)
class MarkerPlace:
    """The marker of `footnote`: in the text of `block`, from `start` to `end`."""

    footnote: Conclusion
    block: Conclusion
    start: int
    end: int


def marker_pattern(label: str) -> re.Pattern:
    if all(character in SUPERSCRIPTS for character in label):
        return re.compile(rf"{re.escape(label)}(?![{SUPERSCRIPTS}])")
    return re.compile(rf"{MARKER_AFTER}{re.escape(label)}(?!\w)")


def marker_places(
    blocks: list[Conclusion], text: Callable[[Conclusion], str], label: Callable[[Conclusion], str]
) -> list[MarkerPlace]:
    """The markers of the footnotes among `blocks` (one part, in order) that are placed beyond doubt, in order.

    `text` and `label` give a block's text and label in the language written,
    so that each language version places its own markers.
    """
    places = []
    after = (0, 0)  # the block index and offset where the previous marker found ends
    for index, footnote in enumerate(blocks):
        if footnote.kind != BlockKind.FOOTNOTE or not label(footnote).strip():
            continue
        pattern = marker_pattern(label(footnote).strip())
        found = []
        for candidate in range(after[0], index):
            block = blocks[candidate]
            if block.kind in (BlockKind.FOOTNOTE, BlockKind.FURNITURE):
                continue
            offset = after[1] if candidate == after[0] else 0
            written = text(block)
            found += [
                (candidate, match)
                for match in pattern.finditer(written, offset)
                if not written[match.start() - 1 : match.start()].isupper()
            ]
            if len(found) > 1:
                break
        if len(found) == 1:
            candidate, match = found[0]
            places.append(MarkerPlace(footnote, blocks[candidate], match.start(), match.end()))
            after = (candidate, match.end())
    return places
