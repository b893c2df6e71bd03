"""An article body (HTML, Markdown or plain text) to paragraphs and images.

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

import cmarkgfm
import lxml.etree
import lxml.html
from cmarkgfm.cmark import Options

from ._model import Image

_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE  # keep raw HTML: it is read, never rendered
_CMARK_EXTENSIONS = ["table", "strikethrough", "autolink"]

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
_CELLS = frozenset({"td", "th"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Markdown or HTML syntax: text without any of these is plain text as it stands.
_MARKUP = re.compile(r"[<>&*_`\[\]\\#!|~=+]|^[ \t]*(?:-|\d+[.)])|^(?: {4}|\t)", re.MULTILINE)
_HTML_BLOCK_START = re.compile(r"\s*<[A-Za-z!/?]")
_AFTER_TAG_LINE = re.compile(r"^( {0,3}<[A-Za-z/][^\n]*>[ \t]*\n)(?=[ \t]*[^\s<])", re.MULTILINE)


_TAG = re.compile(r"<[^>]*>?")
_parsers = threading.local()  # an lxml parser is not to be shared between threads


@dataclass
class Extracted:
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    # The HTML nested deeper than the parser follows: its tags were stripped instead.
    too_deep: bool = False


def fold(text: str) -> str:
    """Runs of whitespace (also U+3000 and no-break space) to one space, ends trimmed."""
    return " ".join(text.split())


def extract(article: str) -> Extracted:
    """Paragraphs and images of an article written in HTML, Markdown or plain text."""
    if not article.strip():
        return Extracted()
    if _MARKUP.search(article) is None:
        return Extracted(paragraphs=[p for p in map(fold, re.split(r"\n[ \t]*\n", article)) if p])
    return extract_html(to_html(article))


def to_html(article: str) -> str:
    """HTML for an article: HTML as it is, Markdown (with raw HTML inside) rendered."""
    blocks = [block for block in re.split(r"\n[ \t]*\n", article) if block.strip()]
    if all(_HTML_BLOCK_START.match(block) for block in blocks):
        # Pure HTML. Rendering it as Markdown would turn indented HTML after a blank
        # line into a code block and show its tags as text.
        return article
    # CommonMark runs a raw HTML block on to the next blank line, so Markdown
    # written right under ``<iframe …></iframe>`` would stay unrendered; Jekyll's
    # kramdown ends the block at the tag. A blank line after such a tag does that.
    article = _AFTER_TAG_LINE.sub("\\1\n", article)
    html: str = cmarkgfm.markdown_to_html_with_extensions(
        article, options=_CMARK_OPTIONS, extensions=_CMARK_EXTENSIONS
    )
    return html


def text_of(markup: str) -> str:
    """The text of a small piece of HTML or Markdown, as one folded line."""
    if _MARKUP.search(markup) is None:
        return fold(markup)
    return " ".join(extract_html(to_html(markup)).paragraphs)


def extract_html(html: str) -> Extracted:
    result = Extracted()
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        # huge_tree lifts libxml2's nesting limit of 256 to thousands of levels.
        parser = _parsers.parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div", parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return result
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # Deeper still: libxml2 drops what is inside. Keep the text, without structure.
        text = fold(_html.unescape(_TAG.sub(" ", html)))
        return Extracted(paragraphs=[text] if text else [], too_deep=True)
    _Walker(result).walk(root)
    return result


class _Walker:
    """One pass over the tree, iterative (no recursion, whatever the depth)."""

    def __init__(self, result: Extracted) -> None:
        self.result = result
        self.buffer: list[str] = []
        self.in_stock_quote = False
        # For each open <figure>: the index of its first image.
        self.figures: list[int] = []
        self.caption_start: list[int] = []

    def flush(self) -> None:
        if self.buffer:
            text = fold("".join(self.buffer))
            self.buffer.clear()
            if text:
                self.result.paragraphs.append(text)

    def walk(self, root: lxml.html.HtmlElement) -> None:
        walker = lxml.etree.iterwalk(root, events=("start", "end", "comment"))
        buffer = self.buffer
        for event, element in walker:
            tag = element.tag
            if event == "comment":
                self.comment(element.text or "")
                if element.tail:
                    buffer.append(element.tail)
                continue
            if not isinstance(tag, str):  # processing instructions, entities
                if event == "end" and element.tail:
                    buffer.append(element.tail)
                continue
            tag = tag.lower()
            if event == "start":
                if tag in _SKIPPED or _hidden(element):
                    walker.skip_subtree()
                    continue
                self.start(tag, element)
                if element.text:
                    buffer.append(element.text)
            else:
                self.end(tag)
                if element.tail:
                    buffer.append(element.tail)

    def comment(self, text: str) -> None:
        # East Money's stock-quote charts sit between these two comments.
        if "StockImg_Start" in text:
            self.in_stock_quote = True
        elif "StockImg_End" in text:
            self.in_stock_quote = False

    def start(self, tag: str, element: lxml.html.HtmlElement) -> None:
        if tag in _BLOCKS or tag == "br":
            self.flush()
            if tag == "figure":
                self.figures.append(len(self.result.images))
            elif tag == "figcaption":
                self.caption_start.append(len(self.result.paragraphs))
        elif tag in _CELLS:
            self.buffer.append(" ")
        elif tag == "img" and not self.in_stock_quote:
            src = (element.get("src") or element.get("data-src") or "").strip()
            if src:
                alt = element.get("alt")
                self.result.images.append(Image(src=src, alt=fold(alt) if alt else None))

    def end(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush()
            if tag == "figcaption" and self.caption_start:
                caption = " ".join(self.result.paragraphs[self.caption_start.pop() :])
                if caption and self.figures:
                    images = self.result.images
                    for index in range(self.figures[-1], len(images)):
                        if images[index].caption is None:
                            images[index] = images[index].model_copy(update={"caption": caption})
            elif tag == "figure" and self.figures:
                self.figures.pop()
        elif tag in _CELLS:
            self.buffer.append(" ")


def _hidden(element: lxml.html.HtmlElement) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None
