"""Stage ``decode``: bytes or text in, clean text out (encoding, BOM, line endings, controls)."""

from __future__ import annotations

import re

from ._binary import looks_binary
from ._diagnostics import Diagnostics
from ._errors import ParseError
from ._state import State

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 controls other than tab, newline and carriage return, DEL, and the noncharacters
# U+FFFE and U+FFFF: no post means them, and the HTML and Markdown parsers reject or
# mangle them (lxml: "All strings must be XML compatible").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Encoding detection (see _detect): the preferred encoding among near-equal guesses,
# and when a guess is too weak to trust silently.
_PREFERRED = {
    name: rank
    for rank, name in enumerate(
        ["gb18030", "big5", "cp932", "shift_jis", "cp949", "euc_kr", "cp1252", "latin_1"]
    )
}
_DISPLAY = {"gb18030": "GB18030", "cp932": "Shift-JIS (cp932)", "cp949": "EUC-KR (cp949)"}
_CHAOS_MARGIN = 0.1
_MAX_CHAOS = 0.2
_MIN_EVIDENCE = 16  # non-ASCII bytes
_NON_ASCII = bytes(range(0x80, 0x100))


def decode(data: bytes, encoding: str | None, diag: Diagnostics) -> tuple[str, bool]:
    """Decode a file's bytes: ``encoding`` if given, else UTF-8, else a detected encoding.

    Also whether the text is the bytes read as UTF-8 as they stand (then ``data``
    is the text's UTF-8, and need not be made again).
    """
    if encoding is not None:
        try:
            return data.decode(encoding), False
        except (UnicodeDecodeError, LookupError) as exc:
            diag.warn("decode_failed", f"cannot decode as {encoding}: {exc}")
            return data.decode("utf-8", "replace"), False
    for bom, name in _BOMS:
        if data.startswith(bom):
            diag.warn("bom", f"{name} byte-order mark removed", line=1, fatal=False)
            return data[len(bom) :].decode(name, "replace"), False
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError as exc:
        first_error = exc
    if b"\x00" not in data:
        guess = _detect(data)
        if guess is not None:
            text, name, weak = guess
            if weak:
                diag.warn(
                    "encoding_guess_weak",
                    f"not UTF-8; decoded as {name}, a weak guess (too few non-ASCII bytes or"
                    " too much noise to be sure): pass encoding= to be sure",
                )
            else:
                diag.warn("encoding", f"not UTF-8; decoded as {name}", fatal=False)
            return text, False
    line = data.count(b"\n", 0, first_error.start) + 1
    diag.warn(
        "decode_failed",
        f"not valid UTF-8 (byte {first_error.start}) and no other encoding fits;"
        " undecodable bytes replaced with U+FFFD",
        line=line,
    )
    return data.decode("utf-8", "replace"), False


def _detect(data: bytes) -> tuple[str, str, bool] | None:
    """(text, encoding name, weak) for bytes that are not UTF-8, or None when nothing fits.

    charset-normalizer ranks the encodings by how much noise ("chaos") each
    decoding shows. Among those within :data:`_CHAOS_MARGIN` of the best, the
    most common encoding of its kind wins: GB18030 (a superset of GBK and
    GB2312) for Chinese archives, then Big5, Shift-JIS, EUC-KR and
    Windows-1252, which charset-normalizer alone takes for cp1250 or cp1257.
    The guess is weak when few non-ASCII bytes were seen or the best is noisy.
    """
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if m.encoding]
    if not matches:
        return None
    best_chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= best_chaos + _CHAOS_MARGIN]
    chosen = min(
        close,
        key=lambda m: (_PREFERRED.get(m.encoding, len(_PREFERRED)), m.chaos, -m.coherence),
    )
    name = _DISPLAY.get(chosen.encoding, chosen.encoding.upper().replace("_", "-"))
    non_ascii = len(data) - len(data.translate(None, _NON_ASCII))
    weak = non_ascii < _MIN_EVIDENCE or chosen.chaos > _MAX_CHAOS
    return str(chosen), name, weak


def clean(text: str, diag: Diagnostics, utf8: bytes | None = None) -> str:
    """Normalise text: a leading BOM, CRLF/CR line ends, control characters, lone surrogates.

    ``utf8``: the text's UTF-8, when the caller has it (no surrogate can be there then).
    """
    if text.startswith("\ufeff"):
        diag.warn("bom", "byte-order mark removed", line=1, fatal=False)
        text = text[1:]
    if "\r" in text:
        diag.warn("line_endings", "CRLF or CR line endings normalised to LF", fatal=False)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Both tests on the UTF-8 bytes, three times faster than the regexes on a long
    # text: UTF-8 refuses exactly the lone surrogates, and its bytes below 0x80 are
    # exactly the ASCII characters. Line ends do not change which controls the text
    # holds: the UTF-8 given serves as it is.
    encoded = utf8
    if encoded is None:
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError:
            diag.warn("decode_failed", "lone surrogate code points replaced with U+FFFD")
            text = _SURROGATE.sub("\ufffd", text)
            encoded = text.encode("utf-8")
    # Tested on the UTF-8 bytes first (one C pass); the two noncharacters apart.
    controls = (
        len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded)
        or "\ufffe" in text
        or "\uffff" in text
    )
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
        data = bytes(data)
        if looks_binary(data, state.options.encoding):  # an image in _posts/: not a post
            raise ParseError("not a text file (binary data)", path=state.path, code="not_text")
        text, exact = decode(data, state.options.encoding, state.diag)
        state.utf8 = data if exact else None
    else:
        text = data
    state.original = text
    state.text = clean(text, state.diag, state.utf8)
