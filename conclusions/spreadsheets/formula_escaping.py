"""Keep spreadsheet programs from running cell text as a formula, reversibly.

A cell whose text starts with = + - @ (or a tab or carriage return, which some
programs skip before one of those) is written with a leading apostrophe, the
spreadsheet convention for "this is text". A text that already starts with an
apostrophe followed by one of those characters, or by another apostrophe, gets
one more, so that `restore_text` gives back exactly what was stored, whatever
it was. (The library's own setting strips one "=" and so changes the data.)
"""

FORMULA_STARTS = frozenset("=+-@\t\r")
# Files opened by spreadsheet programs are escaped; JSON is data, written as stored.
ESCAPED_FORMATS = frozenset({"csv", "xlsx", "ods"})
ESCAPE = "'"
# A text can need the escape only if it starts with one of these: a cheap test first.
MAY_NEED_ESCAPE = FORMULA_STARTS | {ESCAPE}


def needs_escape(text: str) -> bool:
    if not text:
        return False
    if text[0] in FORMULA_STARTS:
        return True
    return text[0] == ESCAPE and len(text) > 1 and (text[1] in FORMULA_STARTS or text[1] == ESCAPE)


def escape_text(text: str) -> str:
    """The text as written to a CSV, XLSX or ODS cell."""
    return ESCAPE + text if text[:1] in MAY_NEED_ESCAPE and needs_escape(text) else text


def restore_text(cell: str) -> str:
    """The text as stored, from a cell written by `escape_text` (or typed by a person)."""
    if len(cell) > 1 and cell[0] == ESCAPE and (cell[1] in FORMULA_STARTS or cell[1] == ESCAPE):
        return cell[1:]
    return cell
