"""The one object the parsing stages share: what each stage reads and adds.

``parse`` makes a :class:`State` from its input and runs the stages of
``_pipeline.STAGES`` over it, in order; each stage reads what earlier stages
added and adds its own part. ``docs/architecture.md`` lists who adds what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import TYPE_CHECKING

from ._config import Options
from ._diagnostics import Diagnostics

if TYPE_CHECKING:
    from ._fields import Fields
    from ._frontmatter import FrontMatter
    from ._models import Image, Link, Source
    from ._sections import Sections
    from ._site import Site


@dataclass
class State:
    # The input.
    data: str | bytes
    path: str | None
    options: Options
    zone: tzinfo | None
    site: Site
    diag: Diagnostics
    # decode: the file's text as read (for write-back) and cleaned (for parsing).
    original: str = ""
    encoding: str = "utf-8"
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
    # source
    source: Source | None = None
