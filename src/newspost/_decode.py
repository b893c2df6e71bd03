"""Stage ``decode``: bytes or text in, clean text out (encoding, BOM, line endings, controls)."""

from __future__ import annotations

import re

from ._diagnostics import Diagnostics
from ._state import State

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 controls other than tab, newline and carriage return, DEL, and the C1 range:
# no post means them, and the HTML and Markdown parsers reject or mangle them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def decode(data: bytes, encoding: str | None, diag: Diagnostics) -> str:
    """Decode a file's bytes: ``encoding`` if given, else UTF-8, else a detected encoding."""
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            diag.warn("decode_failed", f"cannot decode as {encoding}: {exc}")
            return data.decode("utf-8", "replace")
    for bom, name in _BOMS:
        if data.startswith(bom):
            diag.warn("bom", f"{name} byte-order mark removed", line=1, fatal=False)
            return data[len(bom) :].decode(name, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    if b"\x00" not in data:
        # Chinese archives are the commonest non-UTF-8 posts; GB18030 is a strict
        # superset of GBK and GB2312 and rejects most text in other encodings.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            diag.warn("encoding", "not UTF-8; decoded as GB18030", fatal=False)
            return text
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            diag.warn("encoding", f"not UTF-8; decoded as {best.encoding}", fatal=False)
            return str(best)
    line = data.count(b"\n", 0, first_error.start) + 1
    diag.warn(
        "decode_failed",
        f"not valid UTF-8 (byte {first_error.start}) and no other encoding fits;"
        " undecodable bytes replaced with U+FFFD",
        line=line,
    )
    return data.decode("utf-8", "replace")


def clean(text: str, diag: Diagnostics) -> str:
    """Normalise text: a leading BOM, CRLF/CR line ends, control characters, lone surrogates."""
    if text.startswith("\ufeff"):
        diag.warn("bom", "byte-order mark removed", line=1, fatal=False)
        text = text[1:]
    if "\r" in text:
        diag.warn("line_endings", "CRLF or CR line endings normalised to LF", fatal=False)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Both tests on the UTF-8 bytes, three times faster than the regexes on a long
    # text: UTF-8 refuses exactly the lone surrogates, and its bytes below 0x80 are
    # exactly the ASCII characters.
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        diag.warn("decode_failed", "lone surrogate code points replaced with U+FFFD")
        text = _SURROGATE.sub("\ufffd", text)
        encoded = text.encode("utf-8")
    controls = len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded)
    match = _CONTROL.search(text) if controls else None
    if match:
        line = text.count("\n", 0, match.start()) + 1
        kind = "NUL bytes" if "\x00" in text else "control characters"
        diag.warn("control_characters", f"{kind} removed", line=line)
        text = _CONTROL.sub("", text)
    return text


def decode_text(state: State) -> None:
    """Stage ``decode``: the input as text, as read (kept for write-back) and cleaned."""
    data = state.data
    if isinstance(data, (bytes, bytearray, memoryview)):
        text = decode(bytes(data), state.options.encoding, state.diag)
    else:
        text = data
    state.original = text
    state.text = clean(text, state.diag)
