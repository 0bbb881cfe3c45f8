"""Read an outcome document from a file, whatever it was written in: Word (.docx) or plain text."""

from pathlib import PurePath

from conclusions.documents.structure import DocumentStructure
from conclusions.documents.text_reading import read_text_document
from conclusions.documents.word_reading import read_word_document

ZIP_SIGNATURE = b"PK\x03\x04"


def read_document(data: bytes, name: str) -> DocumentStructure:
    """The document's structure; a .docx by its name or its content (a zip), anything else as text."""
    if PurePath(name).suffix.lower() == ".docx" or data.startswith(ZIP_SIGNATURE):
        return read_word_document(data, PurePath(name).name)
    return read_text_document(data)
