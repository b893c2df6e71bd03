"""Marks: Unicode noncharacters put into a text and taken out again, where the text holds none.

Rendering puts a neutral mark between a delimiter run and punctuation
(``_render``); text extraction puts a paragraph mark at each block's edges
(``_paragraphs``). Each mark is removed afterwards, with every character
equal to it, so a mark must be one the text holds in no form that becomes it
on the way: as itself, as a character reference (``&#xFDEF;``, ``&#65007``:
cmark and libxml2 decode them) or, in a link's URL, percent-encoded
(``%EF%B7%AF``, which cmark writes for the mark itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A numeric character reference, as libxml2 reads one (the semicolon may be missing).
_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));?")
# The marks are noncharacters of U+FDD0–U+FDEF: only references and percent-encodings
# of code points near them are read (U+FDxx, 64000–65999; U+FDD0–U+FDEF), each a pattern that
# opens with a literal, so that a text with many ``&#39;`` or ``%20`` costs one scan.
_NEAR_REFERENCE = re.compile(
    r"&#(?:[xX]0*([fF][dD][0-9a-fA-F]{2})(?![0-9a-fA-F])|0*(6[45][0-9]{3})(?![0-9]))"
)
_NEAR_PERCENT = re.compile(r"%[eE][fF]%[bB]7%([89aAbB][0-9a-fA-F])")  # UTF-8 EF B7 90–AF


def unused(candidates: Sequence[str], text: str, *, urls: bool = False) -> str | None:
    """The first of ``candidates`` (noncharacters of U+FDD0–U+FDEF) that ``text`` holds in
    no form, or ``None``.

    ``urls``: the text's link destinations are written out percent-encoded
    (Markdown rendered by cmark), so a mark's percent-encoding counts too.

    Examples:
        >>> unused(["\\ufdd0", "\\ufdd1"], "a \\ufdd0 b")
        '\\ufdd1'
        >>> unused(["\\ufdd0", "\\ufdd1"], "&#xFDD0; and &#0064977")
        >>> unused(["\\ufdef", "\\ufdee"], "[x](http://a/%ef%b7%AF)", urls=True)
        '\\ufdee'
    """
    # The pattern's scan for its ``&#`` is the test for one (``"&#" in text`` was 3.5
    # times slower on the corpus's Jekyll posts: a str's search for two characters
    # beyond Latin-1 is slower than the regex engine's for a literal prefix).
    taken = {_code(m) for m in _NEAR_REFERENCE.finditer(text)}
    if urls and "%" in text:
        taken.update(0xFDC0 + (int(m.group(1), 16) & 0x3F) for m in _NEAR_PERCENT.finditer(text))
    for mark in candidates:
        if ord(mark) not in taken and mark not in text:
            return mark
    return None


def drop(mark: str, text: str, *, urls: bool = False) -> str:
    """``text`` without ``mark`` in any form that ``unused`` looks for (for a text that
    holds every candidate: then they mean nothing, and one is taken out to be the mark)."""
    text = text.replace(mark, "")
    if "&#" in text:
        text = _REFERENCE.sub(lambda m: "" if _code(m) == ord(mark) else m.group(), text)
    if urls and "%" in text:
        text = re.sub(re.escape(percent_encoded(mark)), "", text, flags=re.IGNORECASE)
    return text


def _code(reference: re.Match[str]) -> int:
    digits, decimal = reference.groups()
    return int(digits, 16) if digits else int(decimal)


def percent_encoded(mark: str) -> str:
    """``mark``'s UTF-8 bytes percent-encoded, as cmark writes it in a URL."""
    return "".join(f"%{byte:02X}" for byte in mark.encode())
