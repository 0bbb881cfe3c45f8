"""Telling text from binary data, and UTF-16 without a byte order mark, by looking at a file's bytes.

Shared by the spreadsheet reader (CSV) and the document reader (plain text):
people upload images and archives under a text name, and Windows saves
"Unicode text" as UTF-16, with or without a byte order mark.
"""

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Files people rename by mistake; a text file never starts like these.
BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"BM", b"Rar!", b"7z\xbc\xaf")
# Control bytes that no text in UTF-8 or GB18030 holds (NUL aside: UTF-16 is full of them).
BINARY_BYTES = bytes([*range(1, 9), *range(14, 32), 127])
SNIFFED_BYTES = 64 * 1024


def looks_binary(data: bytes) -> bool:
    """Whether a file given as text (a CSV, a document) is an image, archive or other binary file."""
    if data.startswith(UTF16_BOMS):
        return False
    if data.startswith(BINARY_SIGNATURES):
        return True
    sample = data[:SNIFFED_BYTES]
    if looks_like_utf16(sample):
        return False  # text, in an encoding named as unrecognised further on
    # Random bytes hold about 10% of these; text in the encodings read here, none.
    return sum(map(sample.count, BINARY_BYTES)) * 100 > len(sample)


def looks_like_utf16(sample: bytes) -> bool:
    """UTF-16 without a byte order mark: NUL bytes (the high half of Latin letters) on one side only."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) * 20 > len(sample) and min(even, odd) * 20 < max(even, odd)


def text_codec(data: bytes) -> tuple[str, str] | None:
    """The codec that decodes the text, and its name as people know it; None for no encoding read here.

    Byte order marks first (UTF-8, UTF-16), then UTF-16 without one (its NUL
    bytes), then strict UTF-8, then GB18030 (GBK, GB2312), which Chinese-locale
    Windows writes.
    """
    sample = data[:SNIFFED_BYTES]
    if data.startswith(UTF8_BOM):
        candidates = [("utf-8-sig", "UTF-8 with BOM")]
    elif data.startswith(UTF16_BOMS):
        candidates = [("utf-16", "UTF-16")]
    elif looks_like_utf16(sample):
        candidates = [("utf-16-be" if sample[0::2].count(0) > sample[1::2].count(0) else "utf-16-le", "UTF-16")]
    else:
        candidates = [("utf-8", "UTF-8"), ("gb18030", "GB18030")]
    for codec, name in candidates:
        try:
            text = data.decode(codec)  # all of it: a wrong byte far into the file rules the codec out
        except UnicodeDecodeError:
            continue
        # Text full of NUL characters is UTF-16 read as something else: not text anyone meant.
        sample_text = text[:SNIFFED_BYTES]
        if sample_text.count("\x00") * 10 <= len(sample_text):
            return codec, name
    return None
