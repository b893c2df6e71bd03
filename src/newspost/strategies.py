"""Hypothesis strategies for [`Post`][newspost.Post] (``pip install newspost[hypothesis]``).

Use them to test code that consumes posts, or the round-trip laws newspost
itself is tested with:

Examples:
    >>> from hypothesis import given, settings
    >>> import newspost
    >>> from newspost.strategies import posts
    >>> @settings(max_examples=20)
    ... @given(posts())
    ... def test_json_round_trip(post):
    ...     assert newspost.Post.from_json(post.to_json()) == post
    >>> test_json_round_trip()
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st
from pydantic import JsonValue

from ._conventional import escape_markdown
from ._keys import CONSUMED, DATE_ALIASES, SOURCE_KEYS, URL_KEYS
from ._models import Link, Post, Source
from ._paragraphs import fold
from ._source import from_parenthesis, split_attribution
from ._urls import absolute_url, is_site_url

__all__ = ["dates", "json_values", "paragraphs", "posts", "urls"]

# Any character a text file can hold: no surrogates, no control characters
# (parsing removes those, with a warning).
_CHARACTERS = st.characters(exclude_categories=("Cs", "Cc"))
_TRICKY = st.sampled_from(
    [
        '"',
        "\\",
        ":",
        " #",
        "#",
        "- ",
        "'",
        "---",
        "...",
        "{",
        "[",
        "&a",
        "*a",
        "!!python/object",
        "%",
        "@",
        "`",
        "|",
        ">",
        "\u3000",
        "\u00a0",
        "yes",
        "null",
        "~",
        "0x1F",
        "1e3",
        "2021-12-08",
    ]
)
# Liquid markers are rendered on reading (a Jekyll post's ``{{ x }}`` is its value), so
# text that round-trips as it is holds none.
_TEXT = (
    st.lists(st.one_of(st.text(_CHARACTERS, max_size=12), _TRICKY), max_size=6)
    .map("".join)
    .filter(lambda text: "{{" not in text and "{%" not in text)
)


def _non_empty(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return text.map(str.strip).filter(bool)


def paragraphs() -> st.SearchStrategy[str]:
    """One paragraph as a reader sees it: any text, whitespace folded, not empty."""
    return _TEXT.map(fold).filter(bool)


def urls(*, relative: bool = True) -> st.SearchStrategy[str]:
    """Absolute and protocol-relative URLs, and relative ones unless ``relative=False``."""
    path = st.from_regex(
        r"(/[A-Za-z0-9._~%=&,;+-]{0,12}){0,4}/?(\?[A-Za-z0-9=&]{1,10})?", fullmatch=True
    )
    host = st.from_regex(r"[a-z0-9]{1,10}(\.[a-z]{2,5}){1,2}", fullmatch=True)
    absolute = st.builds(
        lambda s, h, p: f"{s}://{h}{p}", st.sampled_from(["http", "https"]), host, path
    )
    protocol_relative = st.builds(lambda h, p: f"//{h}{p}", host, path)
    dotted = st.builds(lambda d, p: d + p.lstrip("/"), st.sampled_from(["../", "./", ""]), path)
    if not relative:
        return st.one_of(absolute, protocol_relative)
    return st.one_of(absolute, protocol_relative, dotted.filter(bool))


def dates() -> st.SearchStrategy[datetime]:
    """Naive datetimes and aware ones at whole-minute offsets from -12:00 to +14:00."""
    offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    return st.datetimes(
        min_value=datetime(1000, 1, 1),
        max_value=datetime(9999, 12, 30),
        timezones=st.one_of(st.none(), offsets),
    )


def json_values(max_leaves: int = 8) -> st.SearchStrategy[JsonValue]:
    """JSON data as front matter holds it (finite floats)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        _TEXT,
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
        max_leaves=max_leaves,
    )


_RESERVED = CONSUMED | set(DATE_ALIASES) | set(SOURCE_KEYS) | set(URL_KEYS) | {"slug"}


def _reads_back_as_attribution(name: str) -> bool:
    """A name that ``（文章来源：name）`` gives back whole (no remark or notice to cut off)."""
    found = split_attribution(escape_markdown(f"（文章来源：{name}）"))[1]
    return found is not None and found.name == name


@st.composite
def posts(draw: st.DrawFn) -> Post:
    """Posts that a front-matter Markdown file can carry, with every field filled or empty.

    Examples:
        >>> from hypothesis import find
        >>> post = find(posts(), lambda post: len(post.paragraphs) == 2 and post.title)
        >>> len(post.paragraphs), bool(post.title)
        (2, True)
    """
    paras = draw(
        st.lists(paragraphs(), max_size=8).filter(
            # A closing "来源：X" paragraph would be read as the attribution.
            lambda ps: not ps or split_attribution(escape_markdown(ps[-1]))[1] is None
        )
    )
    lead = draw(st.none() | paragraphs())
    source = None
    if draw(st.booleans()):
        name = draw(
            _non_empty(
                st.text(
                    st.characters(exclude_categories=("Cs", "Cc", "Z", "Ps", "Pe")), max_size=10
                )
            ).filter(_reads_back_as_attribution)
        )
        text = f"（文章来源：{name}）"
        source = Source(name=name, text=text, kind="attribution", markup=escape_markdown(text))
    else:
        source = from_parenthesis(paras[-1] if paras else None) or from_parenthesis(lead)
    terms = st.lists(_non_empty(_TEXT), max_size=4, unique=True)
    links = st.lists(
        st.builds(
            lambda t, u: Link(text=t, url=u, absolute_url=absolute_url(u, None)),
            paragraphs(),
            urls().filter(lambda url: is_site_url(url, None)),  # links to elsewhere are content
        ),
        max_size=3,
    )
    return Post(
        layout=draw(st.none() | _non_empty(_TEXT)),
        title=draw(st.none() | _non_empty(_TEXT)),
        date=draw(st.none() | dates()),
        categories=draw(terms),
        tags=draw(terms),
        extra=draw(
            st.dictionaries(_TEXT.filter(lambda k: k not in _RESERVED), json_values(), max_size=4)
        ),
        lead=lead,
        body="\n\n".join(escape_markdown(p) for p in paras),
        paragraphs=paras,
        source=source,
        original_url=draw(st.none() | urls(relative=False)),
        links=draw(links),
    )
