"""Is a file text at all? An image or an archive in ``_posts/`` is not a post to repair."""

from __future__ import annotations

import codecs

__all__ = ["looks_binary"]

# How much of the start of a file is looked at: enough for any header, cheap on any file.
SAMPLE = 8192

# Signatures of what lands in a posts folder by mistake: images, PDFs, archives.
_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, xlsx, epub
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"\x00\x00\x01\x00",  # .ico
    b"II*\x00",  # TIFF
    b"MM\x00*",
)
_RIFF_BINARY = (b"WEBP", b"WAVE", b"AVI ")
# UTF-16 and UTF-32 text is full of NUL bytes and is text all the same.
_TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

# Bytes no text file means: C0 controls other than tab, line feed, vertical tab,
# form feed, carriage return and escape; and DEL.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"


def looks_binary(data: bytes, encoding: str | None = None) -> bool:
    """Whether ``data`` is a binary file (an image, an archive), judged before decoding.

    A known signature (PNG, JPEG, GIF, PDF, zip, gzip...) is binary. Otherwise,
    in the first 8 KiB: more than 30% control bytes is binary; a NUL byte in
    bytes that are not UTF-8, among more than 5% control bytes, is binary. A
    text file with a stray NUL or two stays text (and is repaired as such);
    UTF-16 and UTF-32 text with a byte-order mark, or named by ``encoding``, is text.

    Examples:
        >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
        True
        >>> looks_binary("---\\ntitle: 标题\\n---\\n正文".encode())
        False
        >>> looks_binary(b"---\\ntitle: A\\x00B\\n---\\nText.")
        False
        >>> looks_binary(bytes(range(256)) * 8)
        True
        >>> looks_binary("---\\ntitle: A\\n---\\n".encode("utf-16"))
        False
    """
    if not data:
        return False
    if data.startswith(_SIGNATURES):
        return True
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_BINARY:
        return True
    if data.startswith(_TEXT_BOMS) or _wide(encoding):
        return False
    sample = data[:SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    share = controls / len(sample)
    if share > 0.30:
        return True
    return b"\x00" in sample and share > 0.05 and not _is_utf8(sample, len(data) > SAMPLE)


def _is_utf8(sample: bytes, cut: bool) -> bool:
    """Whether ``sample`` is UTF-8; when it was cut from a longer file, up to a split character."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return cut and error.start >= len(sample) - 3 and error.reason == "unexpected end of data"
    return True


def _wide(encoding: str | None) -> bool:
    try:
        name = codecs.lookup(encoding).name if encoding else ""
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))
