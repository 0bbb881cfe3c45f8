"""Whether a translation has the original's blocks in the original's order, and where it does not, block by block.

A translation is written block by block onto the meeting's blocks: its
first onto the first, and so on. That holds only if both have the same
blocks, kind for kind, part for part, numbered paragraph for numbered
paragraph. Where they differ, the two lists are aligned (difflib, as a diff
aligns two texts), so that one block too many or too few is reported once,
where it is, and not as a difference of every block after it. Each
difference names the translation's line and quotes the first words of the
blocks concerned, on one line.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from conclusions.documents.block_names import block_name
from conclusions.documents.storable import StoredBlock
from conclusions.languages import translated_column
from conclusions.models import Conclusion

EXCERPT_CHARACTERS = 40
# A message lists this many differences, then "…".
SHOWN_MISMATCHES = 5


@dataclass
class Mismatch:
    line: int  # the translation's line where it is (0: before its first block)
    message: str


def shape(block: StoredBlock | Conclusion) -> tuple[int, str, int, str]:
    """What must be the same in both: part, kind, and a numbered paragraph's number (other numbers are ranks)."""
    if block.kind == Conclusion.Kind.PARAGRAPH:
        return (block.part, str(block.kind), block.number, block.number_suffix)
    return (block.part, str(block.kind), 0, "")


def block_mismatches(found: list[StoredBlock], original: list[Conclusion], source_language: str) -> list[Mismatch]:
    """Where the translation's blocks (`found`) differ from the meeting's (`original`, in position order)."""
    expected = [shape(block) for block in original]
    translated = [shape(block) for block in found]
    matcher = SequenceMatcher(None, expected, translated, autojunk=False)
    mismatches = []
    for tag, first, last, found_first, found_last in matcher.get_opcodes():
        if tag == "equal":
            continue
        for offset in range(max(last - first, found_last - found_first)):
            ours = found[found_first + offset] if found_first + offset < found_last else None
            theirs = original[first + offset] if first + offset < last else None
            mismatches.append(mismatch(ours, theirs, found[found_first - 1] if found_first else None, source_language))
    return mismatches


def mismatch(ours: StoredBlock | None, theirs: Conclusion | None, before: StoredBlock | None, source_language: str):
    """One difference: a block of the translation where the original has another, or none; or one missing."""
    found = described(ours.kind, ours.part, ours.printed_number, ours.label, ours.text) if ours else ""
    expected = (
        described(
            theirs.kind,
            theirs.part,
            theirs.printed_number,
            getattr(theirs, translated_column("label", source_language)) or "",
            getattr(theirs, translated_column("text", source_language)) or "",
        )
        if theirs
        else ""
    )
    if ours is not None:
        message = (
            _("Line %(line)s: %(found)s, where the original has %(expected)s.")
            if theirs
            else _("Line %(line)s: %(found)s, which the original does not have.")
        )
        line = ours.line
    elif before is not None:
        message, line = _("After line %(line)s: %(expected)s of the original is missing."), before.line
    else:
        message, line = _("At the start: %(expected)s of the original is missing."), 0
    return Mismatch(line, message % {"line": line, "found": found, "expected": expected})


def described(kind: str, part: int, number: int | str, label: str, text: str) -> str:
    """“preamble paragraph 2 “Recalling its resolutions…”": the block by name and rank, and its first words."""
    name = block_name(kind, number=number, label=label, part=part, ranked=True)
    excerpt = Truncator(" ".join(text.split())).chars(EXCERPT_CHARACTERS)
    return _("%(block)s “%(excerpt)s”") % {"block": name, "excerpt": excerpt} if excerpt else name


def mismatch_summary(mismatches: list[Mismatch]) -> str:
    """The first few differences on one line, then "…" if there are more."""
    shown = " ".join(mismatch.message for mismatch in mismatches[:SHOWN_MISMATCHES])
    return shown + (" …" if len(mismatches) > SHOWN_MISMATCHES else "")
