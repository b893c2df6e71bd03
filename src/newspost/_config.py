"""The options every entry point takes, typed once.

``parse``, ``parse_file``, ``parse_dir``, ``newspost.dask.read_posts`` /
``to_dataframe`` and the command line all accept the same parse options
([`Options`][newspost.Options]); the entry points that read many files also take the same
selection options ([`Selection`][newspost.Selection]). A test holds every entry point's
signature to these two lists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_PATTERNS",
    "Options",
    "PatternTypes",
    "Selection",
    "TimezoneTypes",
]

TimezoneTypes = str | tzinfo | None
PatternTypes = str | Sequence[str] | None

# Larger files are failures: no real post comes near, and a hostile one could
# cost gigabytes of memory. Generous on purpose; ``max_bytes=None`` lifts it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_PATTERNS = ("*.md", "*.markdown", "*.html")


@dataclass(frozen=True)
class Options:
    """How one post is parsed (pickled to the worker processes of ``parse_dir``).

    ``timezone`` applies to dates written without an offset (default: the
    site's, else naive); ``strict`` turns repairs into [`ParseError`][newspost.ParseError];
    ``encoding`` overrides detection; ``site_url`` is the site's address that
    links resolve against and that tells navigation links from content links
    (default: the site's ``url`` + ``baseurl`` or ``baseURL``); ``max_bytes``
    refuses larger files (``None``: no limit).
    """

    timezone: TimezoneTypes = None
    strict: bool = False
    encoding: str | None = None
    site_url: str | None = None
    max_bytes: int | None = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.max_bytes is not None and (
            isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int)
        ):
            raise TypeError(f"max_bytes must be an int or None, not {self.max_bytes!r}")
        if self.max_bytes is not None and self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, not {self.max_bytes}")
        if self.encoding is not None:
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ValueError(f"unknown encoding {self.encoding!r}") from None


@dataclass(frozen=True)
class Selection:
    """Which files of a site are read, and which posts come out.

    ``pattern``: file patterns (``*.md``, ``*.markdown`` and ``*.html`` by
    default; a pattern with a ``/`` matches the path below the root).
    ``drafts``: also yield drafts (``published: false``, ``draft: true``,
    ``_drafts/``), marked by ``Post.published``. ``sections``: also yield
    Hugo section pages (``_index.md``), marked by ``Post.kind``.
    """

    pattern: PatternTypes = None
    drafts: bool = True
    sections: bool = False

    @property
    def patterns(self) -> tuple[str, ...]:
        if isinstance(self.pattern, str):
            return (self.pattern,)
        return tuple(self.pattern or DEFAULT_PATTERNS)


OPTION_NAMES = tuple(field.name for field in dataclasses.fields(Options))
SELECTION_NAMES = tuple(field.name for field in dataclasses.fields(Selection))
