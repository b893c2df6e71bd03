"""A post without a file (built in code, from JSON) as Markdown, in the format's conventions.

YAML front matter, the ``>`` lead, the body, the attribution paragraph, the
``<original url>`` autolink and the trailing links. ``_writeback`` falls back
to it for a shape it cannot edit in place.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from ._dates import format_date
from ._keys import URL_KEYS

if TYPE_CHECKING:
    from ._models import Post, Source

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_ESCAPABLE = re.compile(r"([!-/:-@\[-`{-~])")
# Text that could read as Markdown or HTML: escaped when written back.
_SYNTAX = re.compile(r"[\\`*_\[\]<>&#!|~]|^[ \t]*(?:[-+>=:{]|\d+[.)])|^(?: {4}|\t)", re.MULTILINE)
_PLAIN_URL = re.compile(r"[^\s()]*(?:\([^\s()]*\)[^\s()]*)*")


def front_matter(post: Post) -> str:
    """The YAML front matter of ``post`` between ``---`` lines (always valid YAML)."""
    head: dict[str, Any] = {}
    if post.layout is not None:
        head["layout"] = post.layout
    if post.title is not None:
        head["title"] = post.title
    # The date goes in unquoted, as Jekyll writes it (yaml.dump would quote it).
    date = f"date: {format_date(post.date)}\n" if post.date is not None else ""
    rest: dict[str, Any] = {}
    for key, terms in (("categories", post.categories), ("tags", post.tags)):
        if terms:
            # Jekyll splits a string on whitespace: terms with spaces need a list.
            if all(term.split() == [term] for term in terms):
                rest[key] = " ".join(terms)
            else:
                rest[key] = list(terms)
    written = set(head) | ({"date"} if date else set())
    for key, value in post.extra.items():
        if key not in written:
            rest.setdefault(key, value)
    return "---\n" + _dump(head) + date + _dump(rest) + "---\n"


def _dump(meta: dict[str, Any]) -> str:
    if not meta:
        return ""
    dumped: str = yaml.dump(
        meta,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1 << 30,  # never fold long titles
    )
    return dumped


_NOT_AUTOLINK = re.compile(r"[\s<>]")


def conventional(post: Post) -> str:
    """``post`` in the format's conventions: YAML front matter, lead, body, trailing lines."""
    url = post.original_url
    written_in_front_matter = url is not None and any(post.extra.get(k) == url for k in URL_KEYS)
    if url and not written_in_front_matter and _NOT_AUTOLINK.search(url):
        # An autolink holds no blank, < or >: such an address goes in the front matter,
        # as written (percent-encoding it would change it).
        post = post.model_copy(update={"extra": {**post.extra, "original_url": url}})
        written_in_front_matter = True
    parts = [front_matter(post)]
    if post.lead:
        parts.append("> " + escape_markdown(post.lead) + "\n\n")
    body = post.body.strip("\n")
    markup = attribution_markup(post.source)
    if markup is not None:
        joiner = "" if markup.startswith("<") and body.endswith(">") else "\n\n"
        body = body + joiner + markup if body else markup
    if body:
        parts.append(body + "\n\n")
    trailing = []
    if url and not written_in_front_matter:
        trailing.append("<" + url + ">")
    elif post.links or _ends_like_trailing_lines(body):
        # "<>": no original article. Without it, a body ending with an autolink or a
        # link line (its no-break space trimmed) would be read back as the trailing lines.
        trailing.append("<>")
    if post.links:
        trailing.append("｜".join(link_markdown(link.text, link.url) for link in post.links))
    if trailing:
        parts.append("\n\n".join(trailing) + "\n")
    return "".join(parts).rstrip("\n") + "\n"


def _ends_like_trailing_lines(body: str) -> bool:
    from ._sections import AUTOLINK, link_line  # the reader's own definition of them

    last = body.rstrip().rsplit("\n", 1)[-1]
    return bool(last) and (AUTOLINK.fullmatch(last) is not None or link_line(last) is not None)


def attribution_markup(source: Source | None) -> str | None:
    """The attribution paragraph to write for ``source``: as written, or its text escaped."""
    if source is None:
        return None
    if source.markup is not None:
        return source.markup
    return escape_markdown(source.text) if source.kind == "attribution" else None


def escape_markdown(text: str) -> str:
    """One line of text as Markdown that reads back as ``text``: escaped only where it must be."""
    if _SYNTAX.search(text) is None:
        return text
    return _ESCAPABLE.sub(r"\\\1", text)


def link_markdown(text: str, url: str) -> str:
    """``[text](url)`` that reads back as ``text`` and ``url``: the label's blanks kept
    (line breaks become spaces), ``\\ [ ] < >`` escaped (``[\\<img onerror=…\\>]`` stays
    text, never a live tag), the URL bare unless it holds blanks."""
    label = _LABEL_ESCAPE.sub(r"\\\1", _LINE_BREAK.sub(" ", text))
    if _PLAIN_URL.fullmatch(url) and not url.startswith("<"):
        target = url
    else:
        target = "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return f"[{label}]({target})"


_LABEL_ESCAPE = re.compile(r"([\\\[\]<>])")
_LINE_BREAK = re.compile(r"[\r\n]+")
