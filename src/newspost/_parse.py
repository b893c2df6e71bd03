"""``parse`` and ``parse_file``: one post's text to a :class:`Post`."""

from __future__ import annotations

import os
from datetime import tzinfo
from pathlib import Path

from ._dates import resolve_timezone
from ._decode import clean, decode
from ._diagnostics import Diagnostics
from ._errors import ParseError
from ._frontmatter import FrontMatter, read
from ._layout import absolute_url, is_unsafe_url, split_layout
from ._meta import URL_KEYS, read_meta
from ._model import Link, Post
from ._origin import with_origin
from ._source import from_front_matter, from_parenthesis, split_attribution
from ._text import extract, text_of

__all__ = ["parse", "parse_file"]


def parse(
    text: str | bytes,
    *,
    path: str | os.PathLike[str] | None = None,
    timezone: str | tzinfo | None = None,
    strict: bool = False,
    encoding: str | None = None,
    site_url: str | None = None,
) -> Post:
    """Parse one post from its text (or bytes).

    ``path`` names the file in warnings and errors and gives the date and slug
    of ``YYYY-MM-DD-slug.md`` names. ``timezone`` (``"Asia/Shanghai"``) applies
    to dates written without an offset. Lenient parsing (the default) always
    returns a :class:`Post` and lists what it repaired in ``post.warnings``;
    ``strict=True`` raises :class:`ParseError` instead.

    Examples:
        >>> import newspost
        >>> text = '---\\ntitle: "Rates"\\ndate:  +0800\\n---\\nFlat.（新华社）'
        >>> post = newspost.parse(text, path="2021-12-08-rates.md")
        >>> post.date.isoformat(), post.slug, post.source.name
        ('2021-12-08T00:00:00', 'rates', '新华社')
        >>> [w.code for w in post.warnings]
        ['date_from_filename']
    """
    name = os.fspath(path) if path is not None else None
    zone = resolve_timezone(timezone)
    diag = Diagnostics(name, strict)
    given = text
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = decode(bytes(text), encoding, diag)
    elif not isinstance(text, str):
        raise TypeError(f"parse() takes str or bytes, not {type(text).__name__}")
    post = _parse_text(clean(text, diag), name, zone, diag, site_url)
    return with_origin(post, given, text, encoding, zone, site_url)


def _parse_text(
    text: str, path: str | None, zone: tzinfo | None, diag: Diagnostics, site_url: str | None
) -> Post:
    fm = read(text, diag)
    if not fm.found and text.strip():
        diag.warn("no_front_matter", "no front matter: the whole file is the body", line=1)
    meta = read_meta(fm, path, zone, diag)
    layout = split_layout(fm.body, fm.body_line, diag)
    article, source = split_attribution(layout.article)
    extracted = extract(article)
    if extracted.too_deep:
        diag.warn(
            "html_too_deep",
            "the body's HTML nests deeper than can be followed; its text is kept without"
            " paragraph breaks",
            line=layout.article_line,
        )
    lead = text_of(layout.lead) or None if layout.lead else None
    named = from_front_matter(fm.meta)
    if named is not None and source is not None:
        # The front matter names the source; the attribution paragraph is kept as
        # written so that writing the post back loses nothing.
        named = named.model_copy(update={"markup": source.markup})
    source = (
        named
        or source
        or from_parenthesis(extracted.paragraphs[-1] if extracted.paragraphs else None)
        or from_parenthesis(lead)
    )
    original_url = _front_matter_url(fm, diag) or layout.original_url
    links = [Link(text=t, url=u, absolute_url=absolute_url(u, site_url)) for t, u in layout.links]
    return Post(
        path=path,
        slug=meta.slug,
        layout=meta.layout,
        title=meta.title,
        date=meta.date,
        categories=meta.categories,
        tags=meta.tags,
        extra=meta.extra,
        lead=lead,
        body=article,
        paragraphs=extracted.paragraphs,
        images=extracted.images,
        source=source,
        original_url=original_url,
        links=links,
        warnings=diag.warnings,
    )


def _front_matter_url(fm: FrontMatter, diag: Diagnostics) -> str | None:
    for key in URL_KEYS:
        value = fm.meta.get(key)
        if isinstance(value, str) and value.strip():
            url = value.strip()
            if not is_unsafe_url(url):
                return url
            diag.warn(
                "unsafe_url",
                f"front-matter {key} {url[:80]!r} is not a web address; ignored",
                line=fm.raw.get(key, (None, ""))[0],
                fatal=False,
            )
    return None


def parse_file(
    path: str | os.PathLike[str],
    *,
    timezone: str | tzinfo | None = None,
    strict: bool = False,
    encoding: str | None = None,
    site_url: str | None = None,
) -> Post:
    """Read and parse one post file; see :func:`parse`.

    A file that cannot be read raises :class:`ParseError` naming it, in either mode.

    Examples:
        >>> import newspost, pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "2021-12-08-hello.md").write_text("---\\ntitle: Hello\\n---\\nHi.\\n")
        >>> post = newspost.parse_file(folder / "2021-12-08-hello.md")
        >>> post.title, post.slug, post.paragraphs
        ('Hello', 'hello', ['Hi.'])
    """
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise ParseError(
            f"cannot read file: {exc.strerror or exc}", path=name, code="unreadable"
        ) from exc
    return parse(
        data, path=name, timezone=timezone, strict=strict, encoding=encoding, site_url=site_url
    )
