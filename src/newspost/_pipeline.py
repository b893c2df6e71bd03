"""The parsing pipeline: named stages over one ``State``, in order.

Read it as the table of contents of ``parse``::

    decode        bytes → text                      _decode.decode_text
    front_matter  text → front matter + body        _frontmatter.read_front_matter
    fields        front matter → named fields       _fields.read_fields
    sections      body → lead, article, trailing    _sections.split_sections
    attribution   article → article + attribution   _source.split_attribution_paragraph
    links         trailing lines → URLs, links      _urls.resolve_links
    text          article → paragraphs, images      _paragraphs.extract_text
    source        all of the above → the publisher  _source.decide_source

Each stage reads what earlier ones added to the state and adds its own part;
none reads the raw input again. ``docs/architecture.md`` has the same table.
"""

from __future__ import annotations

from collections.abc import Callable

from ._decode import decode_text
from ._fields import read_fields
from ._frontmatter import read_front_matter
from ._models import Post, set_private
from ._origin import with_origin
from ._paragraphs import extract_text
from ._sections import split_sections
from ._source import decide_source, split_attribution_paragraph
from ._state import State
from ._urls import resolve_links

__all__ = ["STAGES", "build_post", "run"]

Stage = Callable[[State], None]

STAGES: list[tuple[str, Stage]] = [
    ("decode", decode_text),
    ("front_matter", read_front_matter),
    ("fields", read_fields),
    ("sections", split_sections),
    ("attribution", split_attribution_paragraph),
    ("links", resolve_links),
    ("text", extract_text),
    ("source", decide_source),
]


def run(state: State) -> Post:
    """Run every stage over ``state`` and build the [`Post`][newspost.Post]."""
    for _name, stage in STAGES:
        stage(state)
    return build_post(state)


def build_post(state: State) -> Post:
    fields = state.fields
    assert fields is not None
    post = Post(
        path=state.path,
        slug=fields.slug,
        layout=fields.layout,
        title=fields.title,
        date=fields.date,
        categories=fields.categories,
        tags=fields.tags,
        extra=fields.extra,
        url=fields.url,
        published=fields.published,
        kind=fields.kind,
        lead=state.lead,
        body=state.article,
        paragraphs=state.paragraphs,
        images=state.images,
        source=state.source,
        original_url=state.original_url,
        links=state.links,
        warnings=state.diag.warnings,
    )
    if state.rendered is not None:
        # What Post.html renders: the flavor, and the expanded article when it is not the body.
        flavor, article = state.rendered
        expanded = None if article is state.article else article
        set_private(post, "_article", (flavor, state.article, expanded))
    # The file as it was, so that writing the post back gives it again byte for byte.
    site_url = state.options.site_url or state.site.url
    shared = None if site_url else state.site.shared_host
    return with_origin(
        post,
        state.data,
        state.original,
        state.options.encoding,
        state.zone,
        site_url,
        shared,
        state.utf8,
    )
