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
- **Raw HTML blocks**: a block-level element opening at a line's start and not
  closed on that line is raw HTML in kramdown (``parse_block_html`` is off, as
  on Jekyll) up to its matching closing tag, blank lines included: Markdown
  inside it (``**``, ``> ``, ``[text](url)``) is shown as written. An element
  kramdown never sees closed (an unclosed ``<p>`` or ``<li>`` inside it
  included) runs on to the end of the text. CommonMark ends an HTML block at a
  blank line: blank lines inside the element become lines holding only the
  neutral mark, and a blank line is put after its closing tag.
- **Definition lists**: ``term`` over ``: definition`` is a term and its
  definition, each a block of its own (not ``term : definition`` as one paragraph).
- **An ATX heading with no text** (``###``) is a line of text in kramdown.
- **Inline attribute lists** (``{: .class}`` on a line of its own,
  ``[a](b){:target="_blank"}``) are attributes, not text: removed.
- **Span-level HTML** (``<span>``, ``<small>``, ``<br>``, ``<img>``…) at the
  start of a line starts a paragraph in kramdown, never a raw HTML block.

Raw HTML is kept. Fenced code is left alone.
"""

from __future__ import annotations

import re
from typing import AnyStr, Literal

from . import _markdown, _marks

Flavor = Literal["kramdown", "goldmark"]

# Neutral marks: Unicode noncharacters; one the text holds in no form is used (_marks).
_NEUTRAL = [chr(code) for code in range(0xFDEF, 0xFDCF, -1)]
# Each as cmark percent-encodes it in a link's URL.
_ENCODED = {mark: _marks.percent_encoded(mark) for mark in _NEUTRAL}

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
# CommonMark's HTML block start conditions 1 and 6: a block of one of these runs on
# whatever follows the tag on its line; kramdown's raw element is rewritten only then.
_COMMONMARK_BLOCK_ELEMENTS = frozenset(
    """
    address article aside base basefont blockquote body caption center col colgroup dd
    details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1
    h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav
    noframes ol optgroup option p param pre script section source style summary table
    tbody td textarea tfoot th thead title tr track ul
    """.split()
)
# kramdown's HTML_ELEMENTS_WITHOUT_BODY.
_BODILESS = _VOID_ELEMENTS | {"command", "keygen"}
_RAW_TAGS = (
    # after a ``<``: a tag, its attributes bounded (at most 64, each of bounded length)
    # and each read one way only: a ``<`` that starts no tag costs a bounded look
    r"([A-Za-z][\w:.-]{0,64})"
    r"(?:\s{1,64}[^\s=/>\"'<]{1,256}"
    r"(?:\s{0,64}=\s{0,64}(?:\"[^\"]{0,4096}\"|'[^']{0,4096}'|[^\s>\"'=<`]{1,4096}))?){0,64}"
    r"\s{0,64}(/)?>"
    r"|/([A-Za-z][\w:.-]*)\s*>"
    r"|(!--|\?)"  # a comment or instruction that does not end
)
# The ``<`` before the alternatives, outside them: a pattern that opens with a literal
# is scanned for it in C; with a ``<`` in each alternative (one of them in a group),
# every character was tried (16 times slower on the corpus's raw elements).
_RAW_TOKEN = re.compile(r"<(?:!--.*?-->|\?.*?\?>|" + _RAW_TAGS + ")", re.DOTALL)
# Once a comment is seen not to end, none after it can: tags only, each ``<!--`` text.
_RAW_TOKEN_NO_ENDS = re.compile(r"<(?:" + _RAW_TAGS + ")", re.DOTALL)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_TAG_LINE = re.compile(r"( {0,3})<(/?)([A-Za-z][A-Za-z0-9-]*)")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")  # _TAG_LINE's name, at the line's start
_COMMENT_START = re.compile(r" {0,3}<!--")
# A whole delimiter run with punctuation before it and no space after, and one
# with punctuation after it and no space before; ``*`` and ``~~`` apart. Each
# pattern opens with one literal, the delimiter itself, which the regex engine
# scans for alone (fast), and looks behind only from there: one pattern for both
# delimiters would be tried at every character, several times slower.
# For ``*``, both as one pattern, one pass for a run: its first ``*`` a literal
# outside any group, then what both need behind it (no space, no ``*``); after
# punctuation (group 1, the rest of the run; group 2 matched when before punctuation
# too), else before punctuation (group 3). A run after punctuation is before it
# when the character after it is no word character.
_STAR_RUN = re.compile(
    r"\*(?<=[^\s*]\*)(?:(?<=[^\s\w\\*]\*)(\**)(?:(?=[^\s\w*])()|(?=[^\s*]))"
    r"|(\**)(?=[^\s\w*]))"
)
_TILDE_AFTER_PUNCTUATION = re.compile(r"(~~(?<=[^\s\w\\~]~~)~*(?=[^\s~]))")
_TILDE_BEFORE_PUNCTUATION = re.compile(r"(~~(?<=[^\s~]~~)~*(?=[^\s\w~]))")
# The ``|`` first, the backslash looked for behind it: a pattern that opens with a
# literal is scanned for it in C; one that opens with a lookbehind is tried at every
# character (four times slower).
_UNESCAPED_PIPE = re.compile(r"\|(?<!\\\|)")
_TABLE_SEPARATOR = re.compile(r" {0,3}\|?[ \t]*[-=:+][-=:+| \t]*$")
# The characters of a separator line: a line with any other is none (a test in C).
_SEPARATOR_CHARACTERS = " \t|-=:+"
_GFM_DELIMITER_ROW = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# Lines that open another block: not the start of a kramdown table.
_OTHER_BLOCK = re.compile(r" {0,3}(?:[#>]|[-*+][ \t]|\d+[.)][ \t]|<|`{3}|~{3})|(?: {4}|\t)")
# Lines kramdown reads otherwise than CommonMark without ``*~|<{:``: a definition
# (``: text``), an empty ATX heading. Each pattern opens with a literal (a line's
# start is found as the newline before it), which the regex engine scans for fast.
_KRAMDOWN_LINE_AT_START = re.compile(r"[ \t]*:[ \t]| {0,3}#+[ \t]*(?:\n|\Z)")
_KRAMDOWN_LINE = re.compile(r"\n(?:[ \t]*:[ \t]| {0,3}#+[ \t]*(?:\n|\Z))")
# A line's first character (after spaces) that a rule below is for: any other line
# without ``{:`` (and without ``|`` after a blank line) is text, copied as it is.
# (``"{" in line`` first: a str is searched for one character several times faster
# than for two, in Chinese text and emoji above all.)
_LINE_STARTS = frozenset("`~#:<")
# An ATX heading with no text: kramdown reads the line as text.
_EMPTY_HEADING = re.compile(r" {0,3}#{1,6}[ \t]*")
# kramdown's definition: ``: text`` under a term line.
_DEFINITION = re.compile(r"([ \t]*):[ \t]+(?=\S)")
# kramdown's inline attribute lists: ``{: .class #id key="value"}`` on a line of
# its own (block IAL), or right after a span element (``[a](b){:target="_blank"}``).
_IAL = r"\{:(?:[^{}\n\"']|\"[^\"\n]*\"|'[^'\n]*')*\}"
_BLOCK_IAL = re.compile(rf"[ \t]*{_IAL}[ \t]*")
_SPAN_IAL = re.compile(rf"(?<=[)\]*_`]){_IAL}")


def render(markdown: str, *, flavor: Flavor) -> str:
    """HTML for ``markdown`` as kramdown (Jekyll) or goldmark (Hugo) renders it."""
    return _markdown.as_text(render_utf8(markdown, flavor=flavor))


def render_utf8(markdown: str, *, flavor: Flavor) -> str | bytes:
    """``render``'s HTML as cmark-gfm's UTF-8 bytes (see ``_markdown.to_html_utf8``)."""
    if flavor == "goldmark" or not _kramdown_differs(markdown):
        return _markdown.to_html_utf8(markdown)
    mark = _marks.unused(_NEUTRAL, markdown, urls=True)
    if mark is None:  # every one is there: they mean nothing, drop one
        mark = _NEUTRAL[0]
        markdown = _marks.drop(mark, markdown, urls=True)
    html = _markdown.to_html_utf8(kramdown_to_commonmark(markdown, mark))
    # The mark, and inside a link's URL the mark percent-encoded by cmark, taken out:
    # in UTF-8 bytes (each of its characters is whole there), or in the text.
    if isinstance(html, bytes):
        return _without(html, mark.encode(), _ENCODED[mark].encode())
    return _without(html, mark, _ENCODED[mark])


def _without(html: AnyStr, mark: AnyStr, encoded: AnyStr) -> AnyStr:
    if mark in html:
        html = html.replace(mark, html[:0])
    if encoded[:1] in html and encoded in html:
        html = html.replace(encoded, html[:0])
    return html


def _kramdown_differs(markdown: str) -> bool:
    """Whether kramdown may read ``markdown`` otherwise than CommonMark (a cheap test)."""
    return (
        "<" in markdown
        or "*" in markdown
        or "|" in markdown
        or "~" in markdown
        or "{:" in markdown
        or _KRAMDOWN_LINE_AT_START.match(markdown) is not None
        or _KRAMDOWN_LINE.search(markdown) is not None
    )


def kramdown_to_commonmark(markdown: str, mark: str) -> str:
    """``markdown`` rewritten so that CommonMark reads it as kramdown does.

    ``mark`` is a character the text does not hold; the caller removes it from
    the rendered HTML.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    text_above = False  # whether a line of text is out (a definition needs a term)
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        index += 1
        if fence is None:
            if not line:  # the most common line: as ``not first`` below
                out.append(line)
                previous_blank = True
                continue
            first = line[0]
            if first == " ":
                first = line.lstrip(" ")[:1]
            elif (
                (first not in _LINE_STARTS or (first == "#" and line.strip(" \t#")))
                and ("{" not in line or "{:" not in line)
                and not (previous_blank and "|" in line)
            ):
                # Text or a heading with text (the next most common lines): no rule
                # below applies to it.
                out.append(line)
                previous_blank = False
                continue
            elif first == "<" and ("{" not in line or "{:" not in line):
                tag = _TAG_NAME.match(line)
                if tag is not None and tag[1] in _SPAN_ELEMENTS:
                    # A span-level tag at the line's very start (``<br />``, ``<small>``:
                    # the most common tag lines): the rule for it below, at once. (A name
                    # not in lower case goes the long way, which lower-cases it.)
                    out.append(mark + line)
                    previous_blank = False
                    continue
            elif first == "|" and previous_blank and (index == count or not lines[index].strip()):
                # A table row alone after a blank line (the most common table): the
                # table rule below, at once (the table is made of the lines as written,
                # attribute lists and all).
                out.extend(_table([line]))
                previous_blank = False
                continue
        else:
            out.append(line)
            if line.lstrip(" ")[:1] == fence[0]:
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
        if first == "#" and not line.strip(" \t#") and _EMPTY_HEADING.fullmatch(line):
            line = line.replace("#", "\\#", 1)
        if "{" in line and "{:" in line:
            if _BLOCK_IAL.fullmatch(line):
                continue  # attributes of the block above or below: not shown
            line = _SPAN_IAL.sub("", line)
        if first == ":" and (definition := _DEFINITION.match(line)):
            # Text above is out for good once seen: looked for until then only (a
            # look from the top each time was quadratic after many blank lines).
            text_above = text_above or any(o.strip() for o in out)
            if text_above:
                # A definition: the lines above are its terms, the text after ": "
                # the definition, each a block of its own.
                if not previous_blank:
                    out.append("")
                line = definition.group(1) + line[definition.end() :]
                previous_blank = True
                first = line.lstrip(" ")[:1]
        if previous_blank and "|" in line and (first == "|" or _is_table_start(line)):
            # (A line opening with ``|`` after spaces starts a table: that ``|`` is
            # unescaped, and the line opens no other block.)
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
            tag = _TAG_LINE.match(line)
            if tag is not None and tag.group(3).lower() in _SPAN_ELEMENTS:
                # _html_line's span rule, the first that applies to a tag (most lines
                # that open with one: ``<br />``, ``<small>``): no raw element either.
                out.append(tag.group(1) + mark + line[tag.end(1) :])
                previous_blank = False
                continue
            element = _raw_element_end(lines, index - 1, tag)
            if element is not None:
                stop, rest = element
                out.extend(raw if raw.strip() else mark for raw in lines[index - 1 : stop])
                index = stop
                if rest.strip():
                    lines[stop - 1] = rest  # after the closing tag: Markdown again
                    index = stop - 1
                out.append("")
                previous_blank = True
                continue
            line = _html_line(line, tag, lines, index - 1, out, previous_blank, mark)
        out.append(line)
        previous_blank = False
    return _emphasis("\n".join(out), mark)


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
    if "\\" not in row:  # no backslash, every ``|`` unescaped: split in C
        return row.split("|")
    return _UNESCAPED_PIPE.split(row)


def _table(rows: list[str]) -> list[str]:
    """A kramdown table as a GFM table: a delimiter row under the first row."""
    # The most common table by far, a row alone (3,547 on the corpus): _gfm_table([row])
    # in short, 4-5 ms of kramdown_to_commonmark's 51 there (measured in fresh processes).
    if len(rows) == 1:
        row = rows[0]
        if not row.strip(_SEPARATOR_CHARACTERS) and _TABLE_SEPARATOR.match(row):
            return [""]
        cells = _cells(row)
        if len(cells) == 1:  # every ``|`` in it escaped: a cell alone (most on the corpus)
            return ["| " + cells[0].strip() + " |", "|---|"]
        return ["| " + " | ".join(map(str.strip, cells)) + " |", "|" + "---|" * len(cells)]
    if _GFM_DELIMITER_ROW.match(rows[1]) and "-" in rows[1]:
        body = [rows[0], *(r for r in rows[2:] if not _TABLE_SEPARATOR.match(r))]
    else:
        body = [r for r in rows if not _TABLE_SEPARATOR.match(r)]
    return _gfm_table(body)


def _gfm_table(body: list[str]) -> list[str]:
    """Rows of a table (kramdown's separator lines dropped) as GFM's table lines."""
    if not body:
        return [""]
    cells = [_cells(row) for row in body]
    width = max(map(len, cells))
    header = cells[0] + [""] * (width - len(cells[0]))
    return [
        "| " + " | ".join(map(str.strip, header)) + " |",
        "|" + "---|" * width,
        *["| " + " | ".join(map(str.strip, row)) + " |" for row in cells[1:]],
    ]


def _html_line(
    line: str,
    tag: re.Match[str] | None,
    lines: list[str],
    index: int,
    out: list[str],
    previous_blank: bool,
    mark: str,
) -> str:
    """One line that may start with HTML (``tag``: its ``_TAG_LINE`` match), as kramdown
    would read it."""
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


def _raw_element_end(
    lines: list[str], index: int, tag: re.Match[str] | None
) -> tuple[int, str] | None:
    """Where the raw HTML element opening line ``index`` ends, when on a later line.

    ``tag`` is the line's ``_TAG_LINE`` match. ``(stop, rest)``: the element's
    lines are ``lines[index:stop]`` (its closing tag on the last), ``rest`` what
    follows that tag there, cut from it. ``None`` when the line opens no such
    element or the element closes on its own line. As in kramdown, the element's
    content is scanned for tags: each opened element must close before its
    parent can, and an element never closed runs to the end.
    """
    if tag is None or tag.group(2):
        return None
    name = tag.group(3).lower()
    if name in _SPAN_ELEMENTS or name in _BODILESS or name not in _COMMONMARK_BLOCK_ELEMENTS:
        return None
    first = lines[index]
    opening = _RAW_TOKEN.match(first, len(tag.group(1)))
    if opening is None or opening.group(2) or opening.group(1) is None:
        return None
    # Read a growing window of lines (1, 4, 16… lines) until the element closes in
    # it with nothing left open across its edge: linear in the lines consumed.
    size = 1
    while True:
        window = min(len(lines), index + size)
        text = "\n".join(lines[index:window])
        stack = [name]
        pos, complete = _scan_raw(text, opening.end(), stack, final=window == len(lines))
        if window == len(lines) or (complete and not stack):
            break
        size *= 4
    if size == 1:
        return None  # closed on its own line: _html_line's rule
    end = pos if not stack else len(text)
    stop = index + text.count("\n", 0, end) + 1
    line_start = text.rfind("\n", 0, end) + 1
    line_end = text.find("\n", end)
    rest = text[end : line_end if line_end >= 0 else len(text)]
    if rest.strip():
        lines[stop - 1] = lines[stop - 1][: end - line_start]
    return stop, rest.lstrip()


def _scan_raw(text: str, pos: int, stack: list[str], *, final: bool) -> tuple[int, bool]:
    """Follow raw HTML from ``pos`` until ``stack``'s elements all close.

    ``(end, complete)``: where they closed (or the text's end), and whether the
    reading is sure. It is not when a comment, processing instruction, ``script``
    or ``style`` opens and does not end within ``text`` and ``text`` is not the
    ``final`` part of the document: more text could change the reading.
    """
    tokens = _RAW_TOKEN
    while stack:
        token = tokens.search(text, pos)
        if token is None:
            return len(text), True
        opened, self_closed, closed, unended = token.groups()
        if unended is not None:  # <!-- or <? that does not end here
            if not final:
                return len(text), False
            tokens = _RAW_TOKEN_NO_ENDS
            pos = token.start() + 1  # kramdown: text
            continue
        if opened is not None:
            opened = opened.lower()
            if self_closed or opened in _BODILESS:
                pos = token.end()
                continue
            if opened in ("script", "style"):
                close = re.compile(rf"</{opened}\s*>", re.IGNORECASE).search(text, token.end())
                if close is None:
                    return len(text), final
                pos = close.end()
                continue
            stack.append(opened)
        elif closed is not None and closed.lower() == stack[-1]:
            stack.pop()
        pos = token.end()
    return pos, True


def _emphasis(text: str, mark: str) -> str:
    """A neutral mark between each delimiter run and punctuation on its inner side."""
    # Marks before runs first, then after them, each delimiter apart: the same as
    # one pattern for both delimiters would put. A mark stands right next to a run
    # of its own delimiter, and the other delimiter's patterns read it just as the
    # character it moved aside (neither space, word character nor that delimiter);
    # so does a pattern for after a run read a mark put before it: the ``*`` runs
    # are marked on both sides in one pass (_stars_marked).
    # (``"~" in`` first: one character is looked for many times faster than two.)
    if "*" in text:
        text = _stars_marked(text, mark)
    if "~" in text and "~~" in text:
        text = _marked(_TILDE_AFTER_PUNCTUATION, text, mark, before=True)
        text = _marked(_TILDE_BEFORE_PUNCTUATION, text, mark, before=False)
    return text


def _stars_marked(text: str, mark: str) -> str:
    """``mark`` before each ``*`` run after punctuation, after each run before punctuation.

    The same as a pass marking the runs after punctuation, then one marking those before
    it (tests/test_fast_paths.py holds it to them), in one pass over the text.
    """
    pieces = _STAR_RUN.split(text)
    if len(pieces) == 1:
        return text
    # Each run: its text between the pieces, then the three groups (the first ``*``
    # matched outside them): after punctuation (the rest of the run, and "" when
    # before punctuation too) or before punctuation only (the rest of the run).
    runs = [
        "*" + before + mark
        if after is None
        else (mark + "*" + after if both is None else mark + "*" + after + mark)
        for after, both, before in zip(pieces[1::4], pieces[2::4], pieces[3::4], strict=True)
    ]
    joined: list[str] = [""] * (2 * len(runs) + 1)
    joined[0::2] = pieces[0::4]
    joined[1::2] = runs
    return "".join(joined)


def _marked(pattern: re.Pattern[str], text: str, mark: str, *, before: bool) -> str:
    """``mark`` before (or after) each run ``pattern`` finds in ``text``."""
    # split() keeps each run (the pattern's one group) at the odd places: joining
    # them back with the mark costs no Python call per run, as a template would.
    pieces = pattern.split(text)
    if len(pieces) > 1:
        if before:
            pieces[1::2] = [mark + run for run in pieces[1::2]]
        else:
            pieces[1::2] = [run + mark for run in pieces[1::2]]
        text = "".join(pieces)
    return text
