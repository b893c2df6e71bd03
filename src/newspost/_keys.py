"""Front-matter keys with a meaning to newspost, named once for the reader and the writer."""

from __future__ import annotations

# Keys read into named fields. Other keys stay in ``extra``, even those that also
# feed a field (``source``, ``original_url``, ``slug``, ``publishDate``, ``draft``),
# so that writing the post back keeps them.
CONSUMED = frozenset({"layout", "title", "date", "categories", "category", "tags", "tag"})
DATE_ALIASES = ("publishDate", "pubDate", "published", "published_at")
SOURCE_KEYS = ("source", "source_name")
URL_KEYS = ("original_url", "source_url", "link")
