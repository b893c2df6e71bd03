"""The one object the parsing stages share: what each stage reads and adds.

``parse`` makes a ``State`` from its input and runs the stages of
``_pipeline.STAGES`` over it, in order; each stage reads what earlier stages
added and adds its own part. ``docs/architecture.md`` lists who adds what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Literal

from pydantic import JsonValue

from ._config import Options
from ._diagnostics import Diagnostics
from ._models import Image, Link, PostKind, Source
from ._site import Site

__all__ = ["Fields", "FrontMatter", "FrontMatterFormat", "Sections", "State"]


FrontMatterFormat = Literal["yaml", "toml", "json"]


@dataclass
class FrontMatter:
    """What the top of a file held."""

    meta: dict[str, Any] = field(default_factory=dict)
    # key -> (1-based line in the file, the value as written on that line)
    raw: dict[str, tuple[int, str]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the file line on which the body starts
    format: FrontMatterFormat | None = None  # None: the file has no front matter


@dataclass
class Fields:
    """The front matter read into the Post's named fields (and ``extra``)."""

    layout: str | None = None
    title: str | None = None
    date: datetime | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    extra: dict[str, JsonValue] = field(default_factory=dict)
    slug: str | None = None
    published: bool = True
    kind: PostKind = "post"
    url: str | None = None  # the page's address on its site
    # A publisher the front matter names (``source:``), and the original
    # article's address it gives (key, value, line), for later stages to weigh.
    source_name: str | None = None
    original_url: tuple[str, str, int | None] | None = None


@dataclass
class Sections:
    lead: str | None = None  # the blockquote's Markdown, ``>`` markers removed
    article: str = ""
    article_line: int = 1
    original_url: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class State:
    # The input.
    data: str | bytes
    path: str | None
    options: Options
    zone: tzinfo | None
    site: Site
    diag: Diagnostics
    # decode: the file's text as read (for write-back) and cleaned (for parsing), and
    # the text as read in UTF-8 when that is the file's bytes as they stand.
    original: str = ""
    utf8: bytes | None = None
    text: str = ""
    # front_matter
    front: FrontMatter | None = None
    # fields
    fields: Fields | None = None
    # sections: lead, article, trailing lines
    sections: Sections | None = None
    # attribution: the article without its attribution paragraph, and that paragraph
    article: str = ""
    attribution: Source | None = None
    # links
    original_url: str | None = None
    links: list[Link] = field(default_factory=list)
    # text
    lead: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    # The article as the text stage read it (templates expanded) and its Markdown flavor.
    rendered: tuple[str | None, str] | None = None
    # source
    source: Source | None = None
