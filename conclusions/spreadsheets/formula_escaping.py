"""Keep spreadsheet programs from running cell text as a formula, or reading it as a number, reversibly.

A cell whose text starts with = + - @ (or a tab or carriage return, which some
programs skip before one of those) is written with a leading apostrophe, the
spreadsheet convention for "this is text". So is a text that a spreadsheet
program reads as a number, date, time, percentage or truth value when it
opens a CSV file (or when a person confirms the cell): LibreOffice and Excel
turn a printed label "1." into the number 1 and "(1)" into -1, and save them
back so. A text that already starts with an apostrophe followed by any of
those, or by another apostrophe, gets one more, so that `restore_text` gives
back exactly what was stored, whatever it was. (The library's own setting
strips one "=" and so changes the data.)
"""

import re

FORMULA_STARTS = frozenset("=+-@\t\r")
# Files opened by spreadsheet programs are escaped; JSON is data, written as stored.
ESCAPED_FORMATS = frozenset({"csv", "xlsx", "ods"})
ESCAPE = "'"
# What LibreOffice and Excel read as a value in an English locale: "7", " 7 ", "1.", "(1)", "0001", "2.5", ".5",
# "1e5", "10%", "$5", "1/2" (a date), "12:30" (a time). Generous on purpose: an apostrophe too many is harmless.
# Possessive quantifiers (*+): a long run of digits and spaces followed by a letter fails at once, never backtracking.
READ_AS_NUMBER = re.compile(r"\s*+\(?\s*+[$€£¥]?\s*+[.,]?[0-9][0-9\s.,'/:]*+(?:[eE][+-]?[0-9]++)?\s*+%?\s*+\)?\s*+")
TRUTH_VALUES = frozenset({"TRUE", "FALSE"})
VALUE_STARTS = frozenset("0123456789 (.,$€£¥TtFf")
# A text can need the escape only if it starts with one of these: a cheap test first.
MAY_NEED_ESCAPE = FORMULA_STARTS | VALUE_STARTS | {ESCAPE}


def is_read_as_value(text: str) -> bool:
    """Whether a spreadsheet program opening the text would make it a number, date, time or truth value."""
    if text[:1] not in VALUE_STARTS:
        return False
    if text[0] in "TtFf":
        return text.upper() in TRUTH_VALUES
    return READ_AS_NUMBER.fullmatch(text) is not None


def escaped_rest(text: str) -> bool:
    """Whether `text`, coming after an apostrophe, is why the apostrophe is there."""
    return text[:1] in FORMULA_STARTS or text[:1] == ESCAPE or is_read_as_value(text)


def needs_escape(text: str) -> bool:
    if not text:
        return False
    if text[0] in FORMULA_STARTS or is_read_as_value(text):
        return True
    return text[0] == ESCAPE and len(text) > 1 and escaped_rest(text[1:])


def escape_text(text: str) -> str:
    """The text as written to a CSV, XLSX or ODS cell."""
    return ESCAPE + text if text[:1] in MAY_NEED_ESCAPE and needs_escape(text) else text


def restore_text(cell: str) -> str:
    """The text as stored, from a cell written by `escape_text` (or typed by a person)."""
    if len(cell) > 1 and cell[0] == ESCAPE and escaped_rest(cell[1:]):
        return cell[1:]
    return cell
