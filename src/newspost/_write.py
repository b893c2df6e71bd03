"""``Post.to_markdown``: a parsed post through its origin, any other in the conventions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._conventional import conventional
from ._models import WRITERS
from ._writeback import write_back

if TYPE_CHECKING:
    from ._models import Post

__all__ = ["to_markdown", "to_markdown_bytes"]


def to_markdown(post: Post) -> str:
    """The file of ``post``: its origin's text, edited where fields changed, or conventional."""
    origin = post._origin
    if origin is None:
        return conventional(post)
    return write_back(post, origin)


def to_markdown_bytes(post: Post) -> bytes:
    """``to_markdown`` encoded as the file was (UTF-8 without an origin)."""
    text = to_markdown(post)
    origin = post._origin
    if origin is None:
        return text.encode("utf-8")
    try:
        return text.encode(origin.encoding)
    except UnicodeEncodeError:
        # A new value the file's encoding cannot hold (an emoji in a GBK file...):
        # the whole file becomes UTF-8 rather than losing characters.
        return text.encode("utf-8")


WRITERS.update(markdown=to_markdown, markdown_bytes=to_markdown_bytes)
