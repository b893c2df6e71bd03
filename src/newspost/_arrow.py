"""Posts as Apache Arrow tables and Parquet files (``pip install newspost[arrow]``).

The schema is fixed: the same columns, in the same order, whatever the posts
hold, so that files written from different archives concatenate.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import tzinfo
from itertools import islice

import pyarrow
import pyarrow.parquet

from ._dates import resolve_timezone
from ._models import Post
from ._tables import row

__all__ = ["SCHEMA", "to_arrow", "write_parquet"]

_TEXT = pyarrow.string()

SCHEMA = pyarrow.schema(
    [
        ("path", _TEXT),
        ("slug", _TEXT),
        ("layout", _TEXT),
        ("title", _TEXT),
        ("date", pyarrow.timestamp("us", tz="UTC")),
        ("date_offset", _TEXT),
        ("date_local", pyarrow.timestamp("us")),
        ("categories", pyarrow.list_(_TEXT)),
        ("tags", pyarrow.list_(_TEXT)),
        ("lead", _TEXT),
        ("source", _TEXT),
        ("source_kind", _TEXT),
        ("original_url", _TEXT),
        (
            "links",
            pyarrow.list_(
                pyarrow.struct([("text", _TEXT), ("url", _TEXT), ("absolute_url", _TEXT)])
            ),
        ),
        (
            "images",
            pyarrow.list_(pyarrow.struct([("src", _TEXT), ("alt", _TEXT), ("caption", _TEXT)])),
        ),
        ("paragraphs", pyarrow.list_(_TEXT)),
        ("text", _TEXT),
        ("body", _TEXT),
        ("extra", _TEXT),
        (
            "warnings",
            pyarrow.list_(
                pyarrow.struct([("code", _TEXT), ("message", _TEXT), ("line", pyarrow.int32())])
            ),
        ),
    ],
    metadata={"newspost.extra": "JSON text", "newspost.date": "UTC; naive dates read as UTC"},
)
"""The columns of [`to_arrow`][newspost.to_arrow] and [`write_parquet`][newspost.write_parquet].

See "The table of posts" in docs/recipes.md.
"""

DEFAULT_ROW_GROUP_SIZE = 10_000


def _batch(posts: Iterable[Post], zone: tzinfo | None) -> pyarrow.RecordBatch:
    return pyarrow.RecordBatch.from_pylist([row(post, zone) for post in posts], schema=SCHEMA)


def to_arrow(posts: Iterable[Post], *, timezone: str | tzinfo | None = None) -> pyarrow.Table:
    """A ``pyarrow.Table`` of ``posts``, one row each, with the columns of ``SCHEMA``."""
    zone = resolve_timezone(timezone)
    batches = [_batch(chunk, zone) for chunk in _chunks(posts, DEFAULT_ROW_GROUP_SIZE)]
    return pyarrow.Table.from_batches(batches, schema=SCHEMA)


def write_parquet(
    posts: Iterable[Post],
    path: str | os.PathLike[str],
    *,
    row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
    timezone: str | tzinfo | None = None,
    compression: str = "zstd",
) -> int:
    """Write ``posts`` to a Parquet file, ``row_group_size`` posts at a time; returns the count."""
    if row_group_size < 1:
        raise ValueError(f"row_group_size must be at least 1, not {row_group_size}")
    zone = resolve_timezone(timezone)
    count = 0
    with pyarrow.parquet.ParquetWriter(os.fspath(path), SCHEMA, compression=compression) as writer:
        for chunk in _chunks(posts, row_group_size):
            writer.write_batch(_batch(chunk, zone), row_group_size=row_group_size)
            count += len(chunk)
    return count


def _chunks(posts: Iterable[Post], size: int) -> Iterator[list[Post]]:
    iterator = iter(posts)
    while chunk := list(islice(iterator, size)):
        yield chunk
