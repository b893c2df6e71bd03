"""``Post.html``: the article as clean HTML, computed when asked for (never stored, not in JSON).

The article is rendered as the ``text`` stage renders it (Markdown as the
site's generator reads it, HTML as written, templates expanded), then cleaned
of what a reader never sees or what would run: the elements whose text
``Post.text`` leaves out (scripts, styles, ``<iframe>``, ``hidden`` blocks,
``display: none``…), comments, event handlers (``onclick``…) and
``javascript:``, ``vbscript:`` and ``data:`` addresses (an image's
``data:image/…`` source excepted). Its visible text is ``Post.text``.
"""

from __future__ import annotations

import html as _html
import re
from typing import Literal

import lxml.etree

from . import _paragraphs, _render
from ._models import WRITERS, Post

__all__ = ["article_html", "post_html"]

# Attributes that hold an address: a script there runs on a click or a load.
_URL_ATTRIBUTES = frozenset(
    "href src action formaction poster background cite data longdesc srcset xlink:href".split()
)
_UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data|livescript):", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"^\s*data:image/(?:png|gif|jpe?g|webp);", re.IGNORECASE)
# Controls and spaces a browser ignores inside a scheme ("java\tscript:").
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")


def article_html(article: str, flavor: _render.Flavor | Literal["html"] | None = None) -> str:
    """Clean HTML of ``article`` (HTML, Markdown or plain text), as ``Post.html`` gives it.

    Examples:
        >>> article_html("Hello *world*.<script>alert(1)</script>")
        '<p>Hello <em>world</em>.</p>\\n'
        >>> article_html('<p onclick="x()">A <a href="javascript:x()">link</a></p>')
        '<p>A <a>link</a></p>\\n'
        >>> article_html("Plain text.\\n\\nTwo paragraphs.")
        '<p>Plain text.</p>\\n<p>Two paragraphs.</p>\\n'
    """
    if not article.strip():
        return ""
    if _paragraphs._MARKUP.search(article) is None:
        return _paragraphs_html(_paragraphs.extract(article).paragraphs)
    # "html": a Hugo HTML content file, HTML as it stands, never read as Markdown.
    markup = article if flavor == "html" else _paragraphs.to_html(article, flavor)
    parser = lxml.etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    root = lxml.etree.fromstring(f"<html><body>{markup}</body></html>", parser)
    deep = any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)
    if root is None or deep:  # nothing, or nested past what lxml follows: the text, as paragraphs
        markdown = None if flavor == "html" else flavor
        return _paragraphs_html(_paragraphs.extract(article, markdown).paragraphs)
    body = root.find("body")
    if body is None:
        body = root
    for element in [*body.iter(*_paragraphs._SKIPPED), *_paragraphs._hidden(body)]:
        _paragraphs._remove(element)
    for element in body.iter(lxml.etree.Element):
        _clean_attributes(element)
    parts = [_html.escape(body.text, quote=False)] if body.text else []
    parts += [lxml.etree.tostring(child, method="html", encoding="unicode") for child in body]
    markup = "".join(parts).strip()
    return markup + "\n" if markup else ""


def _clean_attributes(element: lxml.etree._Element) -> None:
    attributes = element.attrib
    for name in list(attributes):
        key = str(name).lower()
        if key.startswith("on") or key in ("style", "srcdoc", "formaction"):
            del attributes[name]
        elif key in _URL_ATTRIBUTES:
            value = _IGNORED_IN_SCHEME.sub("", str(attributes[name]))
            if _UNSAFE_URL.match(value) and not (
                key == "src" and element.tag == "img" and _DATA_IMAGE.match(value)
            ):
                del attributes[name]


def _paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{_html.escape(paragraph, quote=False)}</p>\n" for paragraph in paragraphs)


def post_html(post: Post) -> str:
    """``Post.html``: the article as parsed (templates expanded) while the body is unchanged."""
    flavor, article = None, post.body
    if post._article is not None:
        flavor, parsed_body, expanded = post._article
        if expanded is not None and parsed_body == post.body:
            article = expanded
    return article_html(article, flavor)


WRITERS["html"] = post_html
