"""One definition of the table of posts: the columns of pandas, Dask and Arrow alike.

A row is plain Python values: text, lists of text, lists of dicts, datetimes.
``pandas_frame`` types them for pandas (and Dask, which calls it on each
partition); ``newspost._arrow.SCHEMA`` types them for Arrow and Parquet.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from ._dates import resolve_timezone
from ._models import Post

if TYPE_CHECKING:
    import pandas

__all__ = ["COLUMNS", "date_columns", "pandas_frame", "row", "rows"]

COLUMNS = [
    "path", "slug", "layout", "title", "date", "date_offset", "date_local", "categories",
    "tags", "lead", "source", "source_kind", "original_url", "links", "images", "paragraphs",
    "text", "body", "extra", "warnings",
]  # fmt: skip

# Columns of text lists; of lists of records; of timestamps (with zone, and wall clock).
LIST_COLUMNS = ("categories", "tags", "paragraphs")
RECORD_COLUMNS = ("links", "images", "warnings")


def date_columns(
    date: datetime | None, zone: tzinfo | None = None
) -> tuple[datetime | None, str | None, datetime | None]:
    """``date``, ``date_offset`` and ``date_local`` of a post's date.

    ``date`` is the instant in UTC; ``date_offset`` the offset the date was
    written with (``"+08:00"``), ``None`` for a date written without one;
    ``date_local`` the wall-clock time as written, without zone. A date
    without an offset is read in ``zone`` when given (its offset is then
    known), else as UTC.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> shanghai = timezone(timedelta(hours=8))
        >>> [str(value) for value in date_columns(datetime(2021, 12, 8, 10, tzinfo=shanghai))]
        ['2021-12-08 02:00:00+00:00', '+08:00', '2021-12-08 10:00:00']
        >>> [str(value) for value in date_columns(datetime(2011, 7, 14))]
        ['2011-07-14 00:00:00+00:00', 'None', '2011-07-14 00:00:00']
    """
    if date is None:
        return None, None, None
    local = date.replace(tzinfo=None)
    if date.tzinfo is None or date.utcoffset() is None:
        if zone is None:
            return local.replace(tzinfo=timezone.utc), None, local
        date = local.replace(tzinfo=zone)
    offset = date.utcoffset()
    try:
        instant: datetime | None = date.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01 east of Greenwich: before the first instant
        instant = None
    return instant, _offset_text(offset) if offset is not None else None, local


def _offset_text(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def row(post: Post, zone: tzinfo | None = None) -> dict[str, Any]:
    """One row of ``post``: the ``COLUMNS``, as plain Python values.

    Examples:
        >>> import newspost
        >>> values = row(newspost.parse("---\\ntitle: A\\ntags: [x]\\n---\\nB"))
        >>> values["title"], values["tags"], values["date"], values["extra"]
        ('A', ['x'], None, '{}')
    """
    date, offset, local = date_columns(post.date, zone)
    return {
        "path": post.path,
        "slug": post.slug,
        "layout": post.layout,
        "title": post.title,
        "date": date,
        "date_offset": offset,
        "date_local": local,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "lead": post.lead,
        "source": post.source.name if post.source else None,
        "source_kind": post.source.kind if post.source else None,
        "original_url": post.original_url,
        "links": [link.model_dump() for link in post.links],
        "images": [image.model_dump() for image in post.images],
        "paragraphs": list(post.paragraphs),
        "text": post.text,
        "body": post.body,
        "extra": json.dumps(post.extra, ensure_ascii=False),
        "warnings": [warning.model_dump() for warning in post.warnings],
    }


def rows(posts: Sequence[Post], timezone: str | tzinfo | None = None) -> list[dict[str, Any]]:
    """The rows of ``posts``; ``timezone`` for dates written without an offset."""
    zone = resolve_timezone(timezone)
    return [row(post, zone) for post in posts]


def pandas_frame(
    records: list[dict[str, Any]], columns: Sequence[str] = COLUMNS
) -> pandas.DataFrame:
    """A typed pandas DataFrame of ``records``: the one definition of the pandas types.

    Text and list columns hold Python objects (``object``); ``date`` is
    ``datetime64[us, UTC]`` and ``date_local`` ``datetime64[us]``, microseconds
    so that any year a post can carry fits.
    """
    import pandas

    index = pandas.RangeIndex(len(records))
    frame: pandas.DataFrame = pandas.DataFrame(
        {
            name: pandas.Series(
                [record[name] for record in records], dtype=_TIMES.get(name, object), index=index
            )
            for name in columns
        },
        index=index,
    )
    return frame


_TIMES = {"date": "datetime64[us, UTC]", "date_local": "datetime64[us]"}
