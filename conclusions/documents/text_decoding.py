"""The text of a plain-text document's bytes: UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030."""

import re

from django.utils.translation import gettext as _

from conclusions.text_bytes import looks_binary, text_codec


class DocumentError(ValueError):
    """The file cannot be read as a text document at all; the message says why."""


# Characters PostgreSQL or XML cannot store (as in spreadsheets.limits), but the form feed (U+000C): a PDF copy's
# page break, which the reader takes for white space.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (BOM or not), UTF-16 (BOM, or NUL bytes as Windows writes it), GB18030."""
    if not data.strip(b" \t\r\n\x00"):
        raise DocumentError(_("The file is empty."))
    detected = None if looks_binary(data) else text_codec(data)
    if detected is None:
        raise not_text()
    codec, name = detected
    text = data.decode(codec)
    if found := UNSTORABLE.search(text):
        line = text.count("\n", 0, found.start()) + 1
        raise DocumentError(
            _("Line %(line)s: the text contains the character %(character)s, which cannot be stored; remove it.")
            % {"line": line, "character": f"U+{ord(found.group()):04X}"}
        )
    return text, name


def not_text() -> DocumentError:
    return DocumentError(
        _(
            "The file is not text in UTF-8, UTF-16 or GB18030. "
            "Save it as UTF-8 text (or as a Word document) and try again."
        )
    )
