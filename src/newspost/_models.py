"""The typed result of a parse: [`Post`][newspost.Post] and the small records it holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, SupportsIndex

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    PrivateAttr,
    computed_field,
    field_validator,
)

from ._dates import whole_minute_offset
from ._errors import ParseError

__all__ = [
    "Image",
    "Link",
    "ParseFailure",
    "ParseWarning",
    "Post",
    "Source",
    "SourceKind",
    "WarningCode",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


WarningCode = Literal[
    "bom",
    "line_endings",
    "leading_blank_lines",
    "encoding",
    "encoding_guess_weak",
    "decode_failed",
    "control_characters",
    "no_front_matter",
    "frontmatter_unclosed",
    "frontmatter_invalid",
    "frontmatter_not_mapping",
    "frontmatter_trailing_text",
    "frontmatter_too_deep",
    "yaml_invalid",
    "yaml_tag_refused",
    "yaml_alias_bomb",
    "duplicate_key",
    "field_invalid",
    "title_comment",
    "title_invalid",
    "date_from_filename",
    "date_missing",
    "date_zone_ambiguous",
    "date_offset_invalid",
    "html_too_deep",
    "unsafe_url",
    "liquid_unrendered",
    "shortcode_dropped",
    "timezone_invalid",
    "site_config_invalid",
]
"""Every warning code newspost emits; ``docs/errors.md`` has one row per code."""


class ParseWarning(BaseModel):
    """Something lenient parsing had to repair (data, not a Python warning).

    ``code`` is stable and meant for programs (``"yaml_invalid"``,
    ``"date_missing"``, ...: ``WarningCode``); ``message`` is for people; ``line`` is the
    1-based line in the file when it is known.

    Examples:
        >>> str(ParseWarning(code="date_missing", message="date 800 is not a date", line=4))
        'line 4: date 800 is not a date [date_missing]'
    """

    model_config = _FROZEN

    code: WarningCode
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.message} [{self.code}]"


class Image(BaseModel):
    """An image of the article body, in document order.

    Examples:
        >>> import newspost
        >>> html = '<figure><img src="/a.jpg" alt="Dock"><figcaption>New dock</figcaption></figure>'
        >>> newspost.parse("---\\n---\\n" + html).images
        [Image(src='/a.jpg', alt='Dock', caption='New dock')]
    """

    model_config = _FROZEN

    src: str
    alt: str | None = None
    caption: str | None = None


class Link(BaseModel):
    """A trailing Markdown link back to the site, with its URL as written.

    ``absolute_url`` is the URL resolved against the site's ``url`` (from a
    Jekyll ``_config.yml``) or the URL itself when it is already absolute;
    ``None`` when it cannot be known.

    Examples:
        >>> import newspost
        >>> post = newspost.parse("---\\n---\\nText.\\n\\n[Back](../news/)｜[Home](//x.org/)")
        >>> [(link.text, link.url, link.absolute_url) for link in post.links]
        [('Back', '../news/', None), ('Home', '//x.org/', None)]
        >>> post = newspost.parse("---\\n---\\nText.\\n\\n[Home](https://x.org/)", site_url="https://x.org")
        >>> [(link.text, link.url, link.absolute_url) for link in post.links]
        [('Home', 'https://x.org/', 'https://x.org/')]
    """

    model_config = _FROZEN

    text: str
    url: str
    absolute_url: str | None = None


# The writers of Post.to_markdown, to_markdown_bytes, html and pickle. _write, _html and
# _origin put them here when imported (newspost's __init__ imports them), so that the
# records import no writer.
WRITERS: dict[str, Callable[[Any], Any]] = {}

SourceKind = Literal["front_matter", "attribution", "parenthesis"]
PostKind = Literal["post", "section"]


class Source(BaseModel):
    """Who published the article.

    ``name`` is the publisher (``"上海证券报"``); ``text`` the attribution as a
    reader sees it (``"（文章来源：上海证券报）"``); ``kind`` says where it was
    found; ``markup`` is the attribution paragraph exactly as written in the
    file, when it was a paragraph of its own.

    Examples:
        >>> import newspost
        >>> source = newspost.parse("---\\n---\\n<p>正文。</p><p>（文章来源：新华社）</p>").source
        >>> source.name, source.text, source.kind, source.markup
        ('新华社', '（文章来源：新华社）', 'attribution', '<p>（文章来源：新华社）</p>')
    """

    model_config = _FROZEN

    name: str
    text: str
    kind: SourceKind
    markup: str | None = None


class Post(BaseModel):
    """One news post: front matter, article and trailing links, typed.

    Examples:
        >>> import newspost
        >>> text = '---\\ntitle: "Hello"\\ndate: 2021-12-08 10:00:00 +0800\\n---\\n'
        >>> post = newspost.parse(text + 'First.\\n\\nSecond.（新华社）\\n')
        >>> post.title, post.date.isoformat(), post.paragraphs
        ('Hello', '2021-12-08T10:00:00+08:00', ['First.', 'Second.（新华社）'])
        >>> post.source.name
        '新华社'
        >>> newspost.Post.from_json(post.to_json()) == post
        True
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    path: str | None = None
    """The file it was parsed from (a URL for fsspec roots); ``None`` for text."""
    slug: str | None = None
    """``slug`` from the front matter, else the file name's (``2021-12-08-NAME.md``)."""
    layout: str | None = None
    """The front matter's ``layout``."""
    title: str | None = None
    """The title as written; ``None`` when missing or empty."""
    date: datetime | None = None
    """The date, with its offset when one was written or a timezone was given."""
    categories: list[str] = Field(default_factory=list)
    """``categories`` and ``category``, split as Jekyll splits them; folder categories first."""
    tags: list[str] = Field(default_factory=list)
    """``tags`` and ``tag``, as categories."""
    extra: dict[str, JsonValue] = Field(default_factory=dict)
    """Every other front-matter key, in file order, as JSON data."""
    url: str | None = None
    """The page's address on its site (from the site's ``permalink``), when known."""
    published: bool = True
    """``False`` for drafts (``published: false``, ``draft: true``, ``_drafts/``)."""
    kind: PostKind = "post"
    """``"section"`` for a Hugo section page (``_index.md``), else ``"post"``."""
    lead: str | None = None
    """The text of the ``>`` blockquote that opens the body."""
    body: str = ""
    """The article as written, without the lead, the attribution paragraph and trailing links."""
    paragraphs: list[str] = Field(default_factory=list)
    """The article's paragraphs as a reader sees them: hidden blocks and markup gone."""
    images: list[Image] = Field(default_factory=list)
    """The article's images, in order."""
    source: Source | None = None
    """Who published the article, when the post says it."""
    original_url: str | None = None
    """The original article's address: the front matter's, else the trailing ``<autolink>``."""
    links: list[Link] = Field(default_factory=list)
    """The trailing links back to the site."""
    warnings: list[ParseWarning] = Field(default_factory=list)
    """What lenient parsing repaired; empty for a clean file."""
    # The file this post was parsed from (set by parse; kept by model_copy).
    _origin: Any = PrivateAttr(default=None)  # an _origin.Origin
    # How the body was read (set by parse): (flavor, body, body with templates expanded or None).
    _article: Any = PrivateAttr(default=None)

    @field_validator("date")
    @classmethod
    def _whole_minutes(cls, value: datetime | None) -> datetime | None:
        # JSON (pydantic writes ±HH:MM) and Jekyll's +0800 hold whole minutes only: an
        # offset of seconds (local mean time) is the same instant at a whole-minute offset.
        return whole_minute_offset(value)

    def __eq__(self, other: object) -> bool:
        # Posts are equal when their fields are: where one came from is not part of it.
        if isinstance(other, Post):
            return type(self) is type(other) and self.__dict__ == other.__dict__
        return NotImplemented

    # A post holds lists: it is not hashable (nor was it before this __eq__).
    __hash__ = None  # type: ignore[assignment]

    @property
    def ok(self) -> bool:
        """Always ``True``; a [`ParseFailure`][newspost.ParseFailure] has ``ok == False``."""
        return True

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        """The paragraphs joined by newlines: the article as a reader sees it."""
        return "\n".join(self.paragraphs)

    @property
    def html(self) -> str:
        """The article as clean HTML: what a reader sees, ready to render or query.

        Markdown is rendered as the post's site renders it (kramdown on a
        Jekyll site, goldmark on a Hugo site, CommonMark otherwise), HTML is
        kept as written; what a reader never sees is removed (scripts,
        styles, iframes, hidden blocks, comments) and so is what would run
        (``on…`` event handlers, ``javascript:`` addresses). The lead and the
        trailing links are not part of it, as they are not part of
        [`text`][newspost.Post.text], which is this HTML's visible text. Computed on each
        access from `body`; not in [`to_json()`][newspost.Post.to_json].

        Examples:
            >>> import newspost
            >>> text = "---\\ntitle: A\\n---\\nSome *news*.\\n\\n<script>x()</script>\\n"
            >>> post = newspost.parse(text)
            >>> post.html
            '<p>Some <em>news</em>.</p>\\n'
            >>> post.text
            'Some news.'
        """
        return WRITERS["html"](self)  # type: ignore[no-any-return]

    def to_json(self, *, indent: int | None = None) -> str:
        """This post as one JSON object, ``text`` included.

        [from_json][newspost.Post.from_json] reads it back.
        """
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Post:
        """The post that [to_json][newspost.Post.to_json] wrote (``text`` is derived, not read)."""
        return cls.model_validate_json(data)

    def to_markdown(self) -> str:
        """This post as a front-matter Markdown file.

        A post parsed from a file and not changed gives that file's text back
        exactly (a byte-order mark as a leading U+FEFF, line endings as
        written); a changed field rewrites only its own lines, in the file's
        style. A post without a file (built in code, from JSON) is written in
        the format's conventions: YAML front matter, the ``>`` lead, the body,
        the attribution paragraph, the ``<original url>`` autolink and the
        trailing links. [`newspost.parse()`][newspost.parse] reads it back to an equal post.
        See "Writing back" in the documentation.

        Examples:
            >>> import newspost
            >>> text = "---\\ntitle: 'Hi'\\ntags: [a, b]\\n---\\r\\nText.\\r\\n"
            >>> post = newspost.parse(text)
            >>> post.to_markdown() == text
            True
            >>> post.model_copy(update={"tags": ["a", "c"]}).to_markdown()
            "---\\ntitle: 'Hi'\\ntags: [a, c]\\n---\\r\\nText.\\r\\n"
        """
        return WRITERS["markdown"](self)  # type: ignore[no-any-return]

    def to_markdown_bytes(self) -> bytes:
        """[`to_markdown`][newspost.Post.to_markdown] as the file's bytes, in the file's encoding.

        An unchanged post gives its file's bytes back exactly (a GBK file stays
        GBK, a UTF-8 BOM stays); a post without a file, or whose file was only
        readable by replacing bytes, is UTF-8.
        """
        return WRITERS["markdown_bytes"](self)  # type: ignore[no-any-return]

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # Pickled compactly (parse_dir's workers send every post to the parent):
        # _origin.reduce_post, when it can say this post exactly; else pydantic's state.
        reduce = WRITERS.get("pickle") if type(self) is Post else None
        reduced = reduce(self) if reduce is not None else None
        return reduced if reduced is not None else super().__reduce_ex__(protocol)


def _post_private_defaults(self: BaseModel, context: Any, /) -> None:
    """A new post's private attributes at their defaults (``None``).

    What pydantic's own post-init (``init_private_attributes``, run for every model
    with private attributes) gives a ``Post``, without its generic loop over
    ``PrivateAttr`` defaults: that loop was a fifth of what building each parsed
    post cost. A subclass's post-init runs pydantic's first, which sets them all.
    """
    if self.__pydantic_private__ is None:
        object.__setattr__(self, "__pydantic_private__", {"_origin": None, "_article": None})


# Set on the class once made: pydantic wraps a model_post_init defined in the class body.
Post.model_post_init = _post_private_defaults  # type: ignore[method-assign]


def set_private(post: Post, name: str, value: object) -> None:
    """Set one of ``post``'s private attributes (``_origin``, ``_article``) as pydantic's
    ``__setattr__`` would, without its checks: ``parse`` sets both on every post."""
    private = post.__pydantic_private__
    assert private is not None
    private[name] = value


class ParseFailure(BaseModel):
    """A file that gave no post: what [parse_dir][newspost.parse_dir] yields in its place.

    Examples:
        >>> failure = ParseFailure(path="a.md", reason="cannot read file", code="unreadable")
        >>> str(failure), failure.ok
        ('a.md: cannot read file', False)
    """

    model_config = _FROZEN

    path: str
    reason: str
    code: str = "error"
    line: int | None = None
    column: int | None = None

    @property
    def ok(self) -> bool:
        """Always ``False``; [`Post.ok`][newspost.Post.ok] is always ``True``."""
        return False

    @property
    def error(self) -> ParseError:
        """The [`ParseError`][newspost.ParseError] this failure stands for."""
        return ParseError(
            self.reason, path=self.path, line=self.line, column=self.column, code=self.code
        )

    @classmethod
    def from_error(cls, error: ParseError) -> ParseFailure:
        return cls(
            path=error.path or "<text>",
            reason=error.reason,
            code=error.code,
            line=error.line,
            column=error.column,
        )

    def __str__(self) -> str:
        return str(self.error)
