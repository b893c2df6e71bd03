"""Stage ``text``: the article (HTML, Markdown or plain text) as paragraphs and images.

Markdown goes through cmark-gfm (the CommonMark reference implementation, in
C), raw HTML passes through it, and the HTML is read with lxml. Both were
chosen by measurement: on the shared corpus they are 20 and 6 times faster
than markdown-it-py and BeautifulSoup (see ``docs/performance.md``).
"""

from __future__ import annotations

import html as _html
import re
import threading
from dataclasses import dataclass, field
from itertools import filterfalse

import lxml.etree

from . import _markdown, _marks, _render, _templates
from ._heuristics import stock_quote_marker
from ._models import Image
from ._state import State

# Elements that start and end a paragraph as a reader sees it.
_BLOCKS = frozenset(
    """
    address article aside blockquote body caption center dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li
    main nav ol p pre section summary table tbody tfoot thead tr ul
    """.split()
)
# Elements whose content a reader never sees.
_SKIPPED = frozenset(
    """
    audio button canvas embed head iframe map math noscript object script select style
    svg template textarea title video
    """.split()
)
# Cheap tests on the markup's UTF-8, ASCII lower-cased as libxml2 reads names (one
# C call makes that copy; no regex then ignores case). Each pattern opens with a
# literal, which the regex engine scans for as fast as ``bytes.find``; one
# pattern with alternatives would be tried at every byte, five times slower.
# Can the markup hold an invisible element, or an attribute named hidden or
# style? A character reference could spell either (``&#100;isplay``).
_CHARACTER_REFERENCE = re.compile(rb"&#")
# The lookahead on the names' first letters turns most tags down at once (a
# third of that scan's time): the alternatives are tried only after it.
_SKIPPED_TAG = re.compile(
    rb"<(?=["
    + "".join(sorted({name[0] for name in _SKIPPED})).encode()
    + rb"])(?:"
    + "|".join(sorted(_SKIPPED)).encode()
    + rb")\b"
)
_HIDDEN_WORD = re.compile(rb"hidden")
_DISPLAY_WORD = re.compile(rb"display")
_STYLE_WORD = re.compile(rb"style")
# What lxml refuses or the parser reads otherwise may be there (found in full by
# _NOT_XML and _END_OF_DOCUMENT below): a character reference, ``</body>`` or
# ``</html>``, U+FFFE or U+FFFF, a control character.
_DOCUMENT_END = re.compile(rb"</(?:body|html)")
_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_ASCII_LOWER = bytes(range(256)).lower()  # as bytes.lower: A-Z to a-z, no other byte
# CSS names ignore ASCII case only (a browser shows ``diſplay:none``), as the tests above do.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE | re.ASCII)
# Markdown or HTML syntax: text without any of these is plain text as it stands.
_MARKUP = re.compile(r"[<>&*_`\[\]\\#!|~=+]|^[ \t]*(?:-|\d+[.)])|^(?: {4}|\t)", re.MULTILINE)
_HTML_BLOCK_START = re.compile(r"\s*<[A-Za-z!/?]")
# A block (between blank lines: ``_BLANK_LINE``) whose first character that is not
# space opens no tag (``<`` and a letter, ``!``, ``/`` or ``?``). A block's first such
# character is the first after a blank line, whichever of the blank lines in a row
# ``_BLANK_LINE.split`` would cut at: one scan of the text for its newlines finds
# what testing each block would. The space after a blank line is looked through up
# to 64 characters only (group 1: more), so that each newline costs a bounded look:
# looking through all of it from each of a run of blank lines would be quadratic.
_FIRST_NOT_HTML = re.compile(r"\s*(?=\S)(?!<[A-Za-z!/?])")
_BLOCK_NOT_HTML = re.compile(r"\n[ \t]*\n(?:\s{0,64}(?=\S)(?!<[A-Za-z!/?])|(\s{65}))")
_AFTER_TAG_LINE = re.compile(r"^( {0,3}<[A-Za-z/][^\n]*>[ \t]*\n)(?=[ \t]*[^\s<])", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TAG = re.compile(r"<[^>]*>?")
# What lxml refuses ("All strings must be XML compatible"): C0 controls, U+FFFE/U+FFFF and
# lone surrogates, written raw or as character references (``&#1;``, ``&#x1F;``).
_NOT_XML = re.compile(
    r"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"
)
# libxml2 drops whatever follows ``</body>`` or ``</html>``: such tags inside a post mean nothing.
_END_OF_DOCUMENT = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
# Paragraph marks: Unicode noncharacters, one the text does not hold is used.
_MARKS = [chr(code) for code in range(0xFDD0, 0xFDF0)]
_parsers = threading.local()  # an lxml parser is not to be shared between threads


@dataclass
class Extracted:
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    # The HTML nested deeper than the parser follows: its tags were stripped instead.
    too_deep: bool = False


def extract_text(state: State) -> None:
    """Stage ``text``: the lead's text, and the article's paragraphs and images.

    The article is read as the site's generator reads it: Liquid rendered and
    Markdown read as kramdown reads it on a Jekyll site, shortcodes opened and
    Markdown read as goldmark reads it on a Hugo site (``_templates``).
    """
    assert state.sections is not None
    flavor = _templates.flavor(state)
    html_file = is_hugo_html(state)
    article, summary = state.article, None
    if html_file and _HUGO_SUMMARY_DIVIDER in article:
        summary, _, article = article.partition(_HUGO_SUMMARY_DIVIDER)
        summary = summary.strip() or None
    article = _templates.expand(state, article, state.sections.article_line)
    state.rendered = ("html" if html_file else flavor, article)
    if html_file:  # Hugo reads an HTML content file as HTML, never as Markdown
        extracted = extract_html(article) if article.strip() else Extracted()
    else:
        extracted = extract(article, flavor)
    if extracted.too_deep:
        state.diag.warn(
            "html_too_deep",
            "the body's HTML nests deeper than can be followed; its text is kept without"
            " paragraph breaks",
            line=state.sections.article_line,
        )
    lead = state.sections.lead
    if summary is not None and not lead:
        lead = summary  # Hugo shows it on list pages only: the post's teaser
    if lead:
        lead = _templates.expand(state, lead, state.front.body_line if state.front else None)
    state.lead = text_of(lead, flavor) or None if lead else None
    state.paragraphs = extracted.paragraphs
    state.images = extracted.images


_HUGO_SUMMARY_DIVIDER = "<!--more-->"


def is_hugo_html(state: State) -> bool:
    """Whether the post is a Hugo HTML content file (``.html``, ``.htm``).

    Hugo 0.111 publishes such a file's body as HTML as it stands (no Markdown:
    indented lines are not code, ``#6306`` is not a heading), and its part before
    ``<!--more-->`` as the summary on list pages only, not in the page's content
    (for Markdown it keeps both): the part after the divider is then the article,
    the part before it the post's ``lead``.
    """
    return (
        state.path is not None
        and state.path.lower().endswith((".html", ".htm"))
        and _templates.site_kind(state) == "hugo"
    )


def fold(text: str) -> str:
    """Runs of whitespace (also U+3000 and no-break space) to one space, ends trimmed."""
    return " ".join(text.split())


def extract(article: str, flavor: _render.Flavor | None = None) -> Extracted:
    """Paragraphs and images of an article written in HTML, Markdown or plain text.

    ``flavor`` names the site's Markdown renderer (``"kramdown"`` for Jekyll,
    ``"goldmark"`` for Hugo): Markdown is then read as that renderer reads it.
    """
    if not article.strip():
        return Extracted()
    if _MARKUP.search(article) is None:
        return Extracted(paragraphs=[p for p in map(fold, _BLANK_LINE.split(article)) if p])
    return extract_html(_markup(article, flavor))


def to_html(article: str, flavor: _render.Flavor | None = None) -> str:
    """HTML for an article: HTML as it is, Markdown (with raw HTML inside) rendered."""
    return _markdown.as_text(_markup(article, flavor))


def _markup(article: str, flavor: _render.Flavor | None) -> str | bytes:
    """``to_html``'s HTML; rendered Markdown as cmark-gfm's UTF-8 bytes (``_markdown``)."""
    if flavor != "goldmark" and _pure_html(article):
        # Pure HTML. Rendering it as Markdown would turn indented HTML after a blank
        # line into a code block and show its tags as text.
        return article
    if flavor is not None:
        return _render.render_utf8(article, flavor=flavor)
    # CommonMark runs a raw HTML block on to the next blank line, so Markdown
    # written right under ``<iframe …></iframe>`` would stay unrendered; Jekyll's
    # kramdown ends the block at the tag. A blank line after such a tag does that.
    article = _AFTER_TAG_LINE.sub("\\1\n", article)
    return _markdown.to_html_utf8(article)


def _pure_html(article: str) -> bool:
    """Whether each block of ``article`` (between blank lines) that is not blank opens
    with a tag."""
    if _FIRST_NOT_HTML.match(article) is not None:
        return False
    found = _BLOCK_NOT_HTML.search(article)
    if found is None:
        return True
    if found.group(1) is None:
        return False
    return _pure_html_by_blocks(article)  # more space after a blank line than looked through


def _pure_html_by_blocks(article: str) -> bool:
    """``_pure_html``, each block tested in turn."""
    blocks = [block for block in _BLANK_LINE.split(article) if block.strip()]
    return all(_HTML_BLOCK_START.match(block) for block in blocks)


def text_of(markup: str, flavor: _render.Flavor | None = None) -> str:
    """The text of a small piece of HTML or Markdown, as one folded line."""
    if _MARKUP.search(markup) is None:
        return fold(markup)
    return " ".join(extract_html(_markup(markup, flavor)).paragraphs)


def extract_html(html: str | bytes) -> Extracted:
    """Paragraphs and images of HTML, given as text or as its UTF-8 bytes."""
    # UTF-8 is libxml2's own encoding: a str is handed over as UCS-2/UCS-4, which
    # libxml2 converts first (half of the parse on Chinese text). Same tree.
    # HTML rendered from Markdown comes as cmark-gfm's UTF-8: not decoded to be
    # encoded again (the text is made from it only where a regex needs it).
    if isinstance(html, bytes):
        data: bytes | None = html
    else:
        try:
            data = html.encode()
        except UnicodeEncodeError:  # lone surrogates, which UTF-8 cannot hold
            data = None
    # One C call copies the markup lower-cased and without control characters: a
    # copy shorter than the markup tells there were some, and cleaning redoes it.
    lowered = b"" if data is None else data.translate(_ASCII_LOWER, _CONTROL_BYTES)
    cleaned = data is None or len(lowered) != len(data) or _needs_cleaning(lowered)
    if cleaned:
        html, data, lowered = _cleaned(_markdown.as_text(html))
    assert data is not None
    # A paragraph mark: a Unicode noncharacter the markup holds in no form, once
    # cleaned (taking out a reference or a tag can join two pieces into a reference:
    # ``&#xFD&#1;D0;``). Markup whose UTF-8 holds no U+FDxx (EF B7 …) and no
    # character reference (none if it was not cleaned) holds none.
    if b"\xef\xb7" not in data and not (cleaned and b"&#" in data):
        mark: str | None = _MARKS[0]
    else:
        mark = _marks.unused(_MARKS, _markdown.as_text(html))
    if mark is None:  # all 32 are there: then they mean nothing, drop one
        mark = _MARKS[0]
        html, data, lowered = _cleaned(_marks.drop(mark, _markdown.as_text(html)))
        cleaned = True
    # No closing tags: after ``<plaintext>`` they would be read as text.
    parser = _parser()
    root = lxml.etree.fromstring(b"<html><body>" + data, parser)
    if root is None:
        return Extracted()
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # Deeper still: libxml2 drops what is inside. Keep the text, without structure.
        text = fold(_html.unescape(_TAG.sub(" ", _visible_markup(_markdown.as_text(html)))))
        return Extracted(paragraphs=[text] if text else [], too_deep=True)
    body = root.find("body")
    if body is None:
        body = root
    # The work is done by lxml's C code over selected elements, never by a Python
    # loop over every node: invisible elements are removed, a paragraph mark is
    # put at each block's edges, and the text comes out in one call.
    # A character reference could spell any of the words tested for. Markup left
    # as it was holds none: _needs_cleaning looked for ``&#`` already.
    hidden_named = bool(
        (cleaned and _CHARACTER_REFERENCE.search(lowered)) or _HIDDEN_WORD.search(lowered)
    )
    # The XPath costs more than the parse of a short article; no attribute can be
    # named hidden or style unless the markup spells it, and a style hides only
    # with ``display`` (``visibility`` with ``hidden``) in it.
    styled = hidden_named or (_DISPLAY_WORD.search(lowered) and _STYLE_WORD.search(lowered))
    if styled or _SKIPPED_TAG.search(lowered):
        hidden = _hidden(body) if styled else []
        for element in [*body.iter(*_SKIPPED), *hidden]:
            _remove(element)
    images = _images(body)
    _mark_blocks(body, mark)
    for element in body.iter("td", "th"):
        tail = element.tail
        element.tail = " " + tail if tail else " "
    text = lxml.etree.tostring(body, method="text", encoding="unicode")
    return Extracted(paragraphs=paragraphs_between(text, mark), images=images)


def _mark_blocks(body: lxml.etree._Element, mark: str) -> None:
    """A paragraph mark at the start and the end of each block and ``<br>``.

    The pieces between the marks are then the paragraphs, once blank ones are
    dropped: a start mark is left out where only blank text lies between it and
    the mark just before, at the end of the block's previous sibling or at the
    start of its parent (the first child of a block); it would only cut off a
    blank piece. That is a third of the marks, and of the pieces to drop.
    """
    # The last block, while only blank text follows its end mark or its start mark.
    # An element's proxy lives as long as a reference to it: ``is`` finds it again.
    closed = opened = None
    # Each read of .text or .tail builds a new Python string from the tree: one each.
    for element in body.iter(*_BLOCKS, "br"):
        sibling = element.getprevious()  # a comment counts: then the mark is put
        if sibling is None:
            marked = opened is not None and element.getparent() is opened
        else:
            marked = sibling is closed
        if marked:
            opened = None  # its text is not read: not known to be blank
        else:
            inner = element.text
            element.text = mark + inner if inner else mark
            opened = element if not inner or inner.isspace() else None
        tail = element.tail
        element.tail = mark + tail if tail else mark
        closed = element if not tail or tail.isspace() else None


def paragraphs_between(text: str, mark: str) -> list[str]:
    """The pieces of ``text`` between paragraph marks, folded, the empty ones dropped.

    The same as folding the whole text and dropping the spaces beside the marks
    (a mark is not whitespace), with one string fewer. Most pieces, between the
    marks of adjacent blocks, are blank: C calls drop them before any Python
    code runs (``str.isspace`` and ``str.split`` know the same whitespace).

    A piece whose only whitespace is single spaces, once line breaks are spaces
    (nearly every paragraph), is folded as it stands, not cut into words:
    ``str.isprintable`` is false for every whitespace character but the space
    (tabs, U+3000 and no-break space alike).
    """
    paragraphs = []
    for piece in filterfalse(str.isspace, filter(None, text.replace("\n", " ").split(mark))):
        line = piece.strip(" ")
        if line.isprintable() and "  " not in line:
            paragraphs.append(line)
        else:
            paragraphs.append(" ".join(line.split()))
    return paragraphs


def _cleaned(html: str) -> tuple[str, bytes, bytes]:
    """``html`` without what lxml refuses or the parser reads otherwise; its UTF-8,
    and that lower-cased."""
    html = _END_OF_DOCUMENT.sub("", _NOT_XML.sub(_xml_safe, html))
    data = html.encode()
    return html, data, data.lower()


def _needs_cleaning(lowered: bytes) -> bool:
    """Whether ``_NOT_XML`` or ``_END_OF_DOCUMENT`` may find anything in markup
    without control characters, given as its ASCII lower-cased UTF-8."""
    return bool(
        _CHARACTER_REFERENCE.search(lowered)
        or _DOCUMENT_END.search(lowered)
        or _NONCHARACTER.search(lowered)
    )


# For HTML too deep for the parser: tags and comments found by a linear scan.
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)>")
_HIDDEN_IN_TAG = re.compile(r"(?:^|\s)hidden(?:[\s=/]|$)", re.IGNORECASE)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "noscript", "template"})
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _visible_markup(html: str) -> str:
    """``html`` without comments and invisible elements (``<script>``, ``hidden``,
    ``display:none``…) and their content: what the tree walk removes, done by one scan
    over the tags when the tree is too deep to build."""
    html = _COMMENT.sub(" ", html)
    out: list[str] = []
    pos = 0
    hiding: str | None = None  # the invisible element being skipped, and its nesting
    depth = 0
    for match in _TAG_TOKEN.finditer(html):
        if hiding is None:
            out.append(html[pos : match.start()])
        pos = match.end()
        closing, name, attributes = match.group(1) == "/", match.group(2).lower(), match.group(3)
        self_closing = attributes.endswith("/") or name in _VOID
        if hiding is not None:
            if name == hiding and closing:
                depth -= 1
            elif name == hiding and not self_closing and hiding not in _RAW_TEXT:
                depth += 1
            if depth == 0:
                hiding = None
            continue
        if (
            not closing
            and not self_closing
            and (
                name in _SKIPPED
                or _HIDDEN_IN_TAG.search(attributes)
                or _HIDDEN_STYLE.search(attributes)
            )
        ):
            hiding, depth = name, 1
        out.append(" ")
    if hiding is None:
        out.append(html[pos:])
    return "".join(out)


def _xml_safe(match: re.Match[str]) -> str:
    """A character reference or character lxml refuses, removed; others kept as written."""
    number = match.group(1) or match.group(2)
    if number is None:
        return ""
    code = int(number, 16 if match.group(1) else 10)
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF
    return match.group() if allowed and code not in (0xFFFE, 0xFFFF) else ""


def _parser() -> lxml.etree.HTMLParser:
    """This thread's HTML parser, for UTF-8 bytes."""
    parser: lxml.etree.HTMLParser | None = getattr(_parsers, "parser", None)
    if parser is None:
        # huge_tree lifts libxml2's nesting limit of 256 to thousands of levels.
        # lxml.etree's parser, not lxml.html's: no Python class lookup per element.
        # collect_ids=False: no table of id attributes (and no dictionary for it)
        # built per document; nothing here looks an element up by its id.
        parser = _parsers.parser = lxml.etree.HTMLParser(
            huge_tree=True, encoding="utf-8", collect_ids=False
        )
    return parser


def _hidden(body: lxml.etree._Element) -> list[lxml.etree._Element]:
    found = body.xpath(".//*[@hidden or @style]")
    assert isinstance(found, list)
    return [
        element
        for element in found
        if isinstance(element, lxml.etree._Element)
        and (
            element.get("hidden") is not None
            or _HIDDEN_STYLE.search(element.get("style") or "") is not None
        )
    ]


def _remove(element: lxml.etree._Element) -> None:
    """Take ``element`` out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _images(body: lxml.etree._Element) -> list[Image]:
    images: list[Image] = []
    in_stock_quote = False
    for node in body.iter(lxml.etree.Comment, "img"):
        if isinstance(node, lxml.etree._Comment):
            in_stock_quote = stock_quote_marker(node.text or "", in_stock_quote)
            continue
        src = (node.get("src") or node.get("data-src") or "").strip()
        if not src or in_stock_quote:
            continue
        alt = fold(node.get("alt") or "") or None
        images.append(Image(src=src, alt=alt, caption=_caption(node)))
    return images


def _caption(image: lxml.etree._Element) -> str | None:
    for figure in image.iterancestors("figure"):
        for caption in figure.iter("figcaption"):
            return fold(" ".join(str(text) for text in caption.itertext())) or None
    return None
