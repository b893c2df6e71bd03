"""Stage ``sections``: the body after the front matter cut into lead, article and trailing lines.

::

    > lead                                   <- optional blockquote
    <p>article</p><p class="em_media">（文章来源：X）</p>
    <http://original.example/article>        <- autolink, ``<>`` when none
    [返回东财滚动新闻](//site/emnews/)｜[返回首页](//site/)

Trailing lines are site navigation, not content: a closing line of Markdown
links is taken out of the article only when every link on it points back to
the site (relative, protocol-relative, or on the host of ``site_url``; without
one, on the host that the folder's posts share, see :func:`shared_host`). A
"References" list or a link to another site stays in the article. The
autolink above the navigation is the original article only when it is the
article's last line and a web address.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ._diagnostics import Diagnostics
from ._state import Sections, State
from ._urls import bare_host, is_site_url, is_unsafe_url

# The trailing lines of a post (also read by _writeback): an autolink, then link lines.
AUTOLINK = re.compile(r"[ \t]*<((?:[A-Za-z][A-Za-z0-9+.\-]{0,31}:|//)[^<>\s]*)?>[ \t]*")
# [text](url) or [text](<url>), optional "title"; text may hold \] escapes.
# ``(?!\s)`` makes the blanks after ``(`` all belong to the first ``\s*``: else, with
# an empty URL, each split of them between it and the later ``\s*`` was tried
# (``[a](`` + 64 KB of blanks took 14 s).
# The repetitions are unrolled (``a*(?:\\.a*)*``, not ``(?:\\.|a)*``): sre keeps a
# backtracking record per repetition of a group, so the group repeats once per escape
# or parenthesis, not once per character.
_MD_LINK = re.compile(
    r"\[([^\]\\\n]*(?:\\.[^\]\\\n]*)*)\]\(\s*(?!\s)"
    r"(?:<([^<>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"(?:\s+\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\")?\s*\)"
)
# A trailing link line is short; a longer line is article text (and the bound keeps
# the escapes' repetitions above cheap).
_MAX_LINK_LINE = 16_384
_WEB_URL = re.compile(r"(?:https?:)?//", re.IGNORECASE)
_LINK_SEPARATOR = re.compile(r"[ \t]*(?:[｜|][ \t]*)?")
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def split_sections(state: State) -> None:
    """Stage ``sections``: lead, article and trailing lines of the body."""
    assert state.front is not None
    site_url = state.options.site_url or state.site.url
    shared = None if site_url else state.site.shared_host
    state.sections = split_layout(
        state.front.body, state.front.body_line, state.diag, site_url, shared
    )


def split_layout(
    text: str,
    first_line: int,
    diag: Diagnostics,
    site_url: str | None = None,
    shared_host: str | None = None,
) -> Sections:
    """Take the lead off the top and the trailing lines off the bottom of ``text``.

    ``site_url`` (``https://news.example.org``) tells which absolute links point
    back to the site; without it only relative and protocol-relative ones do,
    and absolute ones on ``shared_host`` (the host the site's posts share).

    The text is never split into lines: lines are found where they are looked at,
    the first ones and the last ones (positions are line starts; ``len(text) + 1``
    is the place after the last line).
    """
    layout = Sections()
    start = _past_blank_lines(text, 0, len(text) + 1)
    if text[start : _line_end(text, start)].lstrip().startswith(">"):
        quoted = []
        while start <= len(text):
            end = _line_end(text, start)
            line = text[start:end]
            if not line.lstrip().startswith(">"):
                break
            quoted.append(_QUOTE_MARKER.sub("", line))
            start = end + 1
        layout.lead = "\n".join(quoted).strip() or None
    stop = _trailing_start(text, start, layout, first_line, diag, site_url, shared_host)
    start = _past_blank_lines(text, start, stop)
    layout.article = text[start:stop].rstrip()
    layout.article_line = first_line + _line_number(text, start)
    return layout


_QUOTE_MARKER = re.compile(r"^[ \t]*>[ \t]?")


def _line_end(text: str, start: int) -> int:
    """Where the line starting at ``start`` ends (its newline, or the text's end)."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _line_before(text: str, position: int) -> int:
    """Where the line before ``position`` (a line start) starts."""
    return text.rfind("\n", 0, position - 1) + 1


def _line_number(text: str, position: int) -> int:
    """The index of the line starting at ``position``: the newlines before it."""
    return text.count("\n", 0, position) + (position > len(text))


def _past_blank_lines(text: str, start: int, stop: int) -> int:
    """The first line from ``start`` to ``stop`` (line starts) that is not blank, or ``stop``."""
    while start < stop:
        end = _line_end(text, start)
        if text[start:end].strip():
            return start
        start = end + 1
    return stop


def _trailing_start(
    text: str,
    floor: int,
    layout: Sections,
    first_line: int,
    diag: Diagnostics,
    site_url: str | None = None,
    shared_host: str | None = None,
) -> int:
    """Where the trailing lines start: navigation link lines, above them one autolink."""
    index = len(text) + 1
    link_lines: list[list[tuple[str, str]]] = []
    while index > floor:
        start = _line_before(text, index)
        line = text[start : index - 1]
        if line.strip():
            links = link_line(line)
            if links is None or not all(is_site_url(u, site_url, shared_host) for _, u in links):
                break
            link_lines.append(links)
        index = start
    for links in reversed(link_lines):
        layout.links.extend(links)
    while index > floor and not text[_line_before(text, index) : index - 1].strip():
        index = _line_before(text, index)
    if index > floor:
        start = _line_before(text, index)
        autolink = AUTOLINK.fullmatch(text[start : index - 1])
        url = autolink.group(1) if autolink is not None else None
        if autolink is not None and (not url or _WEB_URL.match(url) or is_unsafe_url(url)):
            # <mailto:…> or <ftp:…> closing a post is content, not the original article
            index = start
            if url and is_unsafe_url(url):
                diag.warn(
                    "unsafe_url",
                    f"the original-article link {url[:80]!r} is not a web address; ignored",
                    line=first_line + _line_number(text, index),
                    fatal=False,
                )
            else:
                layout.original_url = url or None
    for text, url in layout.links:
        if is_unsafe_url(url):
            diag.warn(
                "unsafe_url",
                f"trailing link {text[:40]!r} points to {url[:80]!r}; kept as data, never followed",
                fatal=False,
            )
    return index


def link_line(line: str) -> list[tuple[str, str]] | None:
    """The links of a line made of Markdown links only (joined by ｜ or |), else None."""
    if len(line) > _MAX_LINK_LINE:
        return None
    links: list[tuple[str, str]] = []
    pos = _LINK_SEPARATOR.match(line).end()  # type: ignore[union-attr]
    while pos < len(line):
        match = _MD_LINK.match(line, pos)
        if match is None:
            return None
        text = match.group(1)
        if "\\" in text:  # a template is read in Python on each sub() call: only when needed
            text = _BACKSLASH_ESCAPE.sub(r"\1", text)
        url = match.group(2) if match.group(2) is not None else match.group(3)
        links.append((text, url))
        pos = _LINK_SEPARATOR.match(line, match.end()).end()  # type: ignore[union-attr]
    return links or None


# A host is the one the site's posts share when it is on the trailing link lines of
# more than half of the posts that end with such lines, and of at least a tenth of
# all the posts read, and at least this many.
SHARED_HOST_MIN_POSTS = 3


def trailing_hosts(text: str) -> set[str]:
    """The hosts of absolute web links on the trailing link lines of a post's ``text``.

    >>> sorted(trailing_hosts("Body.\\n\\n[Home](https://www.news.example/)｜[Top](/)\\n"))
    ['news.example']
    """
    hosts: set[str] = set()
    for line in reversed(text.rstrip().split("\n")):
        if not line.strip():
            continue
        links = link_line(line)
        if links is None:
            break
        hosts.update(host for _, url in links if (host := bare_host(url)))
    return hosts


def shared_host(tails: Iterable[str]) -> str | None:
    """The host that the posts' trailing links share, from the ends of their texts.

    Site navigation repeats: a host counts when it is on the trailing link lines of
    more than half of the posts that end with link lines, of at least a tenth of
    all the posts, and of at least :data:`SHARED_HOST_MIN_POSTS` posts. A
    "References" list or a link to a project's tracker at the end of a few posts
    never makes its host the site's.

    >>> nav = "Text.\\n\\n[Home](https://news.example/)\\n"
    >>> shared_host([nav, nav, nav, "Text.\\n\\n[Paper](https://doi.example/1)\\n", "Text."])
    'news.example'
    >>> shared_host([nav, nav, "Text."]) is None
    True
    """
    counts: Counter[str] = Counter()
    posts = ending_with_links = 0
    for tail in tails:
        posts += 1
        hosts = trailing_hosts(tail)
        if hosts:
            ending_with_links += 1
            counts.update(hosts)
    if not counts:
        return None
    host, count = counts.most_common(1)[0]
    if count >= SHARED_HOST_MIN_POSTS and 2 * count > ending_with_links and 10 * count >= posts:
        return host
    return None
