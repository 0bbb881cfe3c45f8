"""The text of a plain-text document's bytes: UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030."""

from django.utils.translation import gettext as _

from conclusions.text_bytes import looks_binary, text_codec


class DocumentError(ValueError):
    """The file cannot be read as a text document at all; the message says why."""


# 1. Decoding


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (BOM or not), UTF-16 (BOM, or NUL bytes as Windows writes it), GB18030."""
    if not data.strip(b" \t\r\n\x00"):
        raise DocumentError(_("The file is empty."))
    detected = None if looks_binary(data) else text_codec(data)
    if detected is None:
        raise not_text()
    codec, name = detected
    return data.decode(codec), name


def not_text() -> DocumentError:
    return DocumentError(
        _(
            "The file is not text in UTF-8, UTF-16 or GB18030. "
            "Save it as UTF-8 text (or as a Word document) and try again."
        )
    )
