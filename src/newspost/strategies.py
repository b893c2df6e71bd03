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

__all__ = [
    "character_references",
    "dates",
    "deep_nesting",
    "encoded_posts",
    "hostile_posts",
    "hostile_urls",
    "json_front_matter",
    "json_values",
    "merge_keys",
    "paragraphs",
    "posts",
    "urls",
    "yaml_tags",
]

# Any character a text file can hold: no surrogates, no control characters
# (parsing removes those, with a warning).
_CHARACTERS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")
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
                    # No U+FFFE/U+FFFF, which reading removes (as in _CHARACTERS).
                    st.characters(
                        exclude_categories=("Cs", "Cc", "Z", "Ps", "Pe"),
                        exclude_characters="\ufffe\uffff",
                    ),
                    max_size=10,
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


# ---------------------------------------------------------------------------
# Hostile input: the shapes that found issue 11's crashes. Each draws *text* (or bytes)
# to parse, not a Post; ``hostile_posts`` puts them together into whole files.

# One code point of every class a character reference can name.
_CODE_POINTS = st.one_of(
    st.integers(0, 0x1F),  # C0 controls, NUL
    st.just(0x7F),
    st.integers(0x80, 0x9F),  # C1 controls
    st.integers(0xD800, 0xDFFF),  # surrogates
    st.integers(0xFDD0, 0xFDEF),  # noncharacters, and newspost's paragraph marks
    st.sampled_from([0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF, 0x110000, 0xFFFFFFF]),
    st.integers(0xE000, 0xF8FF),  # private use
    st.integers(0x20, 0x10FFFF),  # anything
)


def character_references() -> st.SearchStrategy[str]:
    """``&#N;``, ``&#xN;`` (leading zeros, no ``;``) and named references, of every class.

    Examples:
        >>> from hypothesis import find
        >>> find(character_references(), lambda ref: ref.startswith("&#x")).startswith("&#x")
        True
    """
    numeric = st.builds(
        lambda code, hex_, zeros, semicolon: (
            f"&#{'x' if hex_ else ''}{'0' * zeros}{code:X}{';' if semicolon else ''}"
            if hex_
            else f"&#{'0' * zeros}{code}{';' if semicolon else ''}"
        ),
        _CODE_POINTS,
        st.booleans(),
        st.integers(0, 3),
        st.booleans(),
    )
    named = st.sampled_from(["&amp;", "&lt;", "&nbsp;", "&colon;", "&Tab;", "&NewLine;", "&x;"])
    return st.one_of(numeric, named)


def hostile_urls() -> st.SearchStrategy[str]:
    """URLs that urllib, browsers and ``unsafe_url`` disagree on.

    Unicode hosts (full-width ``：`` and ``．``, ``℀``, IDN), brackets of IPv6 hosts,
    entity-encoded and spaced schemes, ``file:``, ``<``/``>`` and blanks.
    """
    host = st.one_of(
        st.sampled_from(
            ["a\uff1ab", "a\uff0eb", "a\u2100b", "例子.测试", "[::1", "]", "[x]", "a b"]
        ),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=6),
    )
    scheme = st.sampled_from(
        [
            "http://",
            "https://",
            "//",
            "",
            "file://",
            "file:",
            "javascript:",
            "&#106;avascript:",
            "java&#x73;cript:",
            "javascript&colon;",
            " JaVaScript:",
            "java\tscript:",
            "data:",
            "vbscript:",
        ]
    )
    tail = st.text(st.sampled_from("/?#[]()<>\"' \u00a0\u3000%&;:a1"), max_size=8)
    return st.builds(lambda s, h, t: s + h + t, scheme, host, tail)


def yaml_tags() -> st.SearchStrategy[str]:
    """A ``key: !!tag value`` line: every standard tag, Python tags and custom ones.

    Examples:
        >>> from hypothesis import find
        >>> find(yaml_tags(), lambda line: "!!int" in line).startswith("k: !!int")
        True
    """
    tag = st.sampled_from(
        [
            "!!int",
            "!!float",
            "!!bool",
            "!!null",
            "!!str",
            "!!binary",
            "!!timestamp",
            "!!set",
            "!!omap",
            "!!pairs",
            "!!seq",
            "!!map",
            "!!merge",
            "!!value",
            "!!python/object/apply:os.system",
            "!custom",
            "!",
            "!<tag:yaml.org,2002:int>",
        ]
    )
    value = st.one_of(
        st.sampled_from(
            ["abc", "x", "maybe", "9" * 5_000, "2021-13-45", "###", "[a]", "{a: 1}", ""]
        ),
        _TEXT.map(lambda t: t.replace("\n", " ")),
    )
    return st.builds(lambda t, v: f"k: {t} {v}", tag, value)


def deep_nesting(max_depth: int = 3_000) -> st.SearchStrategy[str]:
    """Front matter nested ``depth`` levels deep, in YAML, TOML or JSON, closed or not."""

    def build(kind: str, depth: int, closed: bool) -> str:
        close = closed or depth < 2
        if kind == "yaml-list":
            return "---\na: " + "[" * depth + ("]" * depth if close else "") + "\n---\nText."
        if kind == "yaml-map":
            return "---\na: " + "{a: " * depth + ("}" * depth if close else "") + "\n---\nText."
        if kind == "yaml-block":
            lines = "".join("  " * i + "- \n" for i in range(min(depth, 400)))
            return "---\na:\n" + lines + "---\nText."
        if kind == "toml":
            return "+++\na = " + "[" * depth + ("]" * depth if close else "") + "\n+++\nText."
        return '{\n"a": ' + "[" * depth + ("]" * depth + "\n}" if close else "") + "\nText."

    return st.builds(
        build,
        st.sampled_from(["yaml-list", "yaml-map", "yaml-block", "toml", "json"]),
        st.one_of(st.integers(1, 300), st.integers(300, max_depth)),
        st.booleans(),
    )


def merge_keys(max_merges: int = 200) -> st.SearchStrategy[str]:
    """YAML front matter with anchors, aliases and ``<<`` merge keys, chained and repeated."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        keys = draw(st.integers(1, 50))
        lines = ["a: &a {" + ", ".join(f"k{i}: v" for i in range(keys)) + "}"]
        for i in range(draw(st.integers(1, max_merges))):
            shape = draw(st.sampled_from(["one", "list", "chain", "alias", "bad"]))
            if shape == "one":
                lines.append(f"m{i}: {{<<: *a}}")
            elif shape == "list":
                lines.append(f"m{i}: {{<<: [*a, *a], x: 1}}")
            elif shape == "chain":
                lines.append(f"m{i}: &m{i} {{<<: *{'a' if i == 0 else f'm{i - 1}'}}}")
            elif shape == "alias":
                lines.append(f"m{i}: [*a, *a, *a]")
            else:
                lines.append(f"m{i}: {{<<: {draw(st.sampled_from(['1', 'x', '[1]', '*nope']))}}}")
        return "---\ntitle: T\n" + "\n".join(lines) + "\n---\nText."

    return build()


def json_front_matter() -> st.SearchStrategy[str]:
    """JSON front matter: escapes (lone surrogates too), trailing text, keys of any type."""
    escaped = st.sampled_from(["\\ud800", "\\udfff", "\\u0000", "\\u0001", "\\ufffe", '\\"', "\\n"])
    key = st.sampled_from(["title", "date", "layout", "tags", "categories", "slug", "x", "\\ud800"])
    value = st.one_of(
        st.builds(
            lambda a, b: f'"{a}{b}"',
            _TEXT.map(lambda t: t.replace('"', "").replace("\\", "")),
            escaped,
        ),
        st.sampled_from(["1", "1.5e999", "null", "true", "[1, {}]", '{"a": []}', "[]"]),
    )
    pair = st.builds(lambda k, v: f'"{k}": {v}', key, value)
    trailing = st.sampled_from(["", " trailing words", " }", "<p>x</p>", " ---"])
    return st.builds(
        lambda pairs, t: "{\n" + ",\n".join(pairs) + "\n}" + t + "\nText.",
        st.lists(pair, max_size=5),
        trailing,
    )


_ENCODINGS = [
    "utf-8",
    "gb18030",
    "gbk",
    "big5",
    "shift_jis",
    "euc-kr",
    "cp1252",
    "latin-1",
    "utf-16",
]


def encoded_posts() -> st.SearchStrategy[bytes]:
    """A post encoded in one encoding, sometimes with a line in another spliced in."""

    def encode(text: str, first: str, second: str, mix: bool) -> bytes:
        data = text.encode(first, "replace")
        if mix:
            data += "\n混合 mixed ü 한국 日本\n".encode(second, "replace")
        return data

    text = st.builds(
        lambda title, body: f"---\ntitle: {title}\n---\n{body}\n",
        st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    )
    return st.builds(
        encode, text, st.sampled_from(_ENCODINGS), st.sampled_from(_ENCODINGS), st.booleans()
    )


def hostile_posts() -> st.SearchStrategy[str]:
    """Whole post files made of the hostile pieces above (text; see encoded_posts for bytes)."""
    body_piece = st.one_of(
        character_references().map(lambda ref: f"<p>a{ref}b</p>"),
        character_references().map(lambda ref: f"> lead {ref}\n\nText *{ref}*"),
        hostile_urls().map(lambda url: f"Text.\n\n[a]({url})"),
        hostile_urls().map(lambda url: f"Text.\n\n<{url}>"),
        st.sampled_from(["</body></html><p>after</p>", "<plaintext>x", "<script>s</script>"]),
    )
    front = st.one_of(
        yaml_tags().map(lambda line: f"---\ntitle: T\n{line}\n---\n"),
        yaml_tags().map(lambda line: f'---\ntitle: "a"b"\n{line}\n---\n'),
        hostile_urls().map(
            lambda url: f"---\ntitle: T\noriginal_url: '{url.replace(chr(39), '')}'\n---\n"
        ),
        st.just("---\n---\n"),
    )
    whole = st.builds(lambda f, b: f + b, front, body_piece)
    return st.one_of(whole, deep_nesting(), merge_keys(), json_front_matter())
