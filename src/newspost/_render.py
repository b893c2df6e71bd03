"""Markdown to HTML as the site's own renderer reads it: kramdown (Jekyll) or goldmark (Hugo).

Both are rendered by cmark-gfm (see ``docs/markdown-engine.md`` for why). Hugo
0.111's goldmark follows CommonMark and GFM, as cmark-gfm does, so its Markdown
goes through unchanged. Jekyll's kramdown (with its GFM parser, Jekyll's
default) reads some Markdown otherwise, and a reader of a Jekyll site sees
kramdown's reading; before cmark-gfm sees the text, these rules rewrite it so
that CommonMark reads it as kramdown does:

- **Emphasis and strikethrough**: kramdown opens ``*``/``**``/``~~`` when no
  space follows and closes it when no space precedes, whatever the punctuation
  around; CommonMark's flanking rules refuse ``的**“润色”**`` or ``。**他们**这``.
  A neutral mark (a Unicode noncharacter, removed from the HTML afterwards) is
  put between a delimiter run and the punctuation on its inner side, which makes
  CommonMark's rule the same as kramdown's.
- **Tables**: a block whose first line has an unescaped ``|`` is a table in
  kramdown, with or without a ``|---|`` delimiter row; the row is supplied
  (the widest row's cell count), kramdown's separator lines are dropped.
- **HTML blocks**: kramdown ends an HTML block at its element's closing tag and
  reads the rest of the line and the next line as Markdown; CommonMark runs it
  on to a blank line. A blank line is put after a block-level element that
  closes on its line, and after an HTML comment that opens a block (so text
  after ``<!-- more -->`` is Markdown); a comment inside a paragraph stays inline.
- **Span-level HTML** (``<span>``, ``<small>``, ``<br>``, ``<img>``…) at the
  start of a line starts a paragraph in kramdown, never a raw HTML block.

Raw HTML is kept. Fenced code is left alone.
"""

from __future__ import annotations

import re
from typing import Literal

from . import _markdown

Flavor = Literal["kramdown", "goldmark"]

# Neutral marks: Unicode noncharacters; one the text does not hold is used.
_NEUTRAL = [chr(code) for code in range(0xFDEF, 0xFDCF, -1)]

# kramdown's HTML_SPAN_ELEMENTS: at a line's start, these begin a paragraph.
_SPAN_ELEMENTS = frozenset(
    """
    a abbr acronym b big bdo br button cite code del dfn em i img input kbd label
    option q rb rbc rp rt rtc ruby samp select small span strike strong sub sup
    textarea tt u var font ins mark s
    """.split()
)
_VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_TAG_LINE = re.compile(r"( {0,3})<(/?)([A-Za-z][A-Za-z0-9-]*)")
_COMMENT_START = re.compile(r" {0,3}<!--")
# A whole delimiter run with punctuation before it and no space after, and one
# with punctuation after it and no space before. Each pattern opens with the
# delimiter itself (a fast literal scan) and looks behind only from there.
_RUN_AFTER_PUNCTUATION = re.compile(
    r"(\*(?<=[^\s\w\\*]\*)\**(?=[^\s*])|~~(?<=[^\s\w\\~]~~)~*(?=[^\s~]))"
)
_RUN_BEFORE_PUNCTUATION = re.compile(
    r"(\*(?<=[^\s*]\*)\**(?=[^\s\w*])|~~(?<=[^\s~]~~)~*(?=[^\s\w~]))"
)
# The same without the ``~~`` branch, for text without a tilde: a pattern that opens
# with one literal is scanned for that character alone, twice as fast.
_STAR_AFTER_PUNCTUATION = re.compile(r"(\*(?<=[^\s\w\\*]\*)\**(?=[^\s*]))")
_STAR_BEFORE_PUNCTUATION = re.compile(r"(\*(?<=[^\s*]\*)\**(?=[^\s\w*]))")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_TABLE_SEPARATOR = re.compile(r" {0,3}\|?[ \t]*[-=:+][-=:+| \t]*$")
_GFM_DELIMITER_ROW = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# Lines that open another block: not the start of a kramdown table.
_OTHER_BLOCK = re.compile(r" {0,3}(?:[#>]|[-*+][ \t]|\d+[.)][ \t]|<|`{3}|~{3})|(?: {4}|\t)")
_QUICK_KRAMDOWN = re.compile(r"[*~|<]")


def render(markdown: str, *, flavor: Flavor) -> str:
    """HTML for ``markdown`` as kramdown (Jekyll) or goldmark (Hugo) renders it."""
    if flavor == "goldmark" or _QUICK_KRAMDOWN.search(markdown) is None:
        return _markdown.to_html(markdown)
    mark = next((m for m in _NEUTRAL if m not in markdown), None)
    if mark is None:  # every one is there: they mean nothing, drop one
        mark = _NEUTRAL[0]
        markdown = markdown.replace(mark, "")
    html = _markdown.to_html(kramdown_to_commonmark(markdown, mark))
    if mark in html:
        html = html.replace(mark, "")
    encoded = "".join(f"%{byte:02X}" for byte in mark.encode())
    if encoded in html:  # the mark inside a link's URL, percent-encoded by cmark
        html = html.replace(encoded, "")
    return html


def kramdown_to_commonmark(markdown: str, mark: str) -> str:
    """``markdown`` rewritten so that CommonMark reads it as kramdown does.

    ``mark`` is a character the text does not hold; the caller removes it from
    the rendered HTML.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        index += 1
        first = line.lstrip(" ")[:1]
        if fence is not None:
            out.append(line)
            if first == fence[0]:
                stripped = line.strip()
                if stripped.startswith(fence) and not stripped.strip(fence[0]):
                    fence = None
            previous_blank = False
            continue
        if first in ("`", "~") and (opening := _FENCE.match(line)):
            fence = opening.group(1)
            out.append(line)
            previous_blank = False
            continue
        if not first:
            out.append(line)
            previous_blank = not line.strip()
            continue
        if previous_blank and "|" in line and _is_table_start(line):
            end = index
            while end < count and lines[end].strip() and _UNESCAPED_PIPE.search(lines[end]):
                end += 1
            out.extend(_table(lines[index - 1 : end]))
            if end < count and lines[end].strip():
                out.append("")
            index = end
            previous_blank = False
            continue
        if first == "<":
            line = _html_line(line, lines, index - 1, out, previous_blank, mark)
        out.append(line)
        previous_blank = False
    text = "\n".join(out)
    return _emphasis(text, mark) if "*" in text or "~~" in text else text


def _is_table_start(line: str) -> bool:
    return _UNESCAPED_PIPE.search(line) is not None and (
        line.lstrip().startswith("|") or _OTHER_BLOCK.match(line) is None
    )


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return _UNESCAPED_PIPE.split(row)


def _table(rows: list[str]) -> list[str]:
    """A kramdown table as a GFM table: a delimiter row under the first row."""
    if len(rows) > 1 and _GFM_DELIMITER_ROW.match(rows[1]) and "-" in rows[1]:
        body = [rows[0], *(r for r in rows[2:] if not _TABLE_SEPARATOR.match(r))]
    else:
        body = [r for r in rows if not _TABLE_SEPARATOR.match(r)]
    if not body:
        return [""]
    cells = [_cells(row) for row in body]
    width = max(len(c) for c in cells)
    header = cells[0] + [""] * (width - len(cells[0]))
    return [
        "| " + " | ".join(cell.strip() for cell in header) + " |",
        "|" + "---|" * width,
        *("| " + " | ".join(cell.strip() for cell in row) + " |" for row in cells[1:]),
    ]


def _html_line(
    line: str, lines: list[str], index: int, out: list[str], previous_blank: bool, mark: str
) -> str:
    """One line that may start with HTML, as kramdown would read it."""
    if _COMMENT_START.match(line):
        if not previous_blank:
            return mark + line  # inside a paragraph a comment is inline, as in kramdown
        close = line.find("-->")
        if close >= 0 and line[close + 3 :].strip():
            # Text after the comment: Markdown of a block of its own.
            out.append(line[: close + 3])
            out.append("")
            return line[close + 3 :].lstrip()
        return line
    tag = _TAG_LINE.match(line)
    if tag is None:
        return line
    indent, closing, name = tag.group(1), tag.group(2), tag.group(3).lower()
    if name in _SPAN_ELEMENTS:
        return indent + mark + line[len(indent) :]
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if not following.strip() or following.lstrip().startswith("<"):
        return line
    stripped = line.rstrip()
    if stripped.endswith(">") and (
        closing
        or name in _VOID_ELEMENTS
        or f"</{name}" in stripped.lower()
        or stripped.endswith("/>")
    ):
        # The element ends on this line: what follows is Markdown again.
        out.append(line)
        return ""
    return line


def _emphasis(text: str, mark: str) -> str:
    """A neutral mark between each delimiter run and punctuation on its inner side."""
    # split() keeps each run (the patterns' one group) at the odd places: joining
    # them back with the mark costs no Python call per run, as a template would.
    if "~" in text:
        after, before = _RUN_AFTER_PUNCTUATION, _RUN_BEFORE_PUNCTUATION
    else:
        after, before = _STAR_AFTER_PUNCTUATION, _STAR_BEFORE_PUNCTUATION
    pieces = after.split(text)
    if len(pieces) > 1:
        pieces[1::2] = [mark + run for run in pieces[1::2]]
        text = "".join(pieces)
    pieces = before.split(text)
    if len(pieces) > 1:
        pieces[1::2] = [run + mark for run in pieces[1::2]]
        text = "".join(pieces)
    return text
