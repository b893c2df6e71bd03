"""Parse archives on a Dask cluster (``pip install newspost[dask]``).

newspost does not schedule anything itself: it hands Dask the list of files
and the function that parses one, and Dask spreads them over whatever cluster
the caller runs — a ``LocalCluster`` or a remote scheduler
(``Client("tcp://scheduler:8786")``). Files come from anything fsspec opens:
a local folder or glob, a ``.zip`` or ``.tar.gz`` of a site, ``s3://…`` or
``gs://…`` when s3fs or gcsfs is installed.

Every file gives one record, failures included (``ok`` is ``False`` and
``reason`` says why), so nothing is lost between the files and the results.

Examples:
    >>> import newspost.dask
    >>> bag = newspost.dask.read_posts("examples/site", timezone="Asia/Shanghai")
    >>> records = bag.compute(scheduler="sync")
    >>> [(r["ok"], r["slug"]) for r in records][:2]
    [(True, 'NW202403180001'), (True, 'NW202403180002')]
    >>> frame = newspost.dask.to_dataframe("examples/site").compute(scheduler="sync")
    >>> frame[["slug", "source"]].iloc[0].tolist()
    ['NW202403180001', '示例证券报']
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from ._config import DEFAULT_MAX_BYTES, Options, PatternTypes, Selection, TimezoneTypes
from ._dates import resolve_timezone
from ._discover import Item, Job, discover
from ._models import ParseFailure, Post
from ._pool import Result, parse_item, selected
from ._tables import COLUMNS, pandas_frame, row

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["arrow_schema", "read_posts", "record", "to_dataframe"]

# Files a partition (one Dask task) parses: enough to amortise the task's overhead.
DEFAULT_BLOCKSIZE = 256


def record(result: Result) -> dict[str, Any]:
    """One result as a JSON-ready record: a post's fields, or a failure's, with ``ok``.

    Examples:
        >>> import newspost
        >>> record(newspost.parse("---\\ntitle: A\\n---\\nB"))["title"]
        'A'
        >>> record(newspost.ParseFailure(path="x.md", reason="cannot read file"))["ok"]
        False
    """
    if isinstance(result, ParseFailure):
        return {"ok": False, **result.model_dump(mode="json")}
    return {"ok": True, **result.model_dump(mode="json")}


def read_posts(
    urlpath: str | os.PathLike[str],
    *,
    pattern: PatternTypes = None,
    drafts: bool = True,
    sections: bool = False,
    blocksize: int = DEFAULT_BLOCKSIZE,
    timezone: TimezoneTypes = None,
    strict: bool = False,
    encoding: str | None = None,
    site_url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> dask.bag.Bag:
    """A Dask bag of one [`record()`][newspost.dask.record] per post file under ``urlpath``.

    ``urlpath`` is what [`newspost.parse_dir()`][newspost.parse_dir] takes: a folder, a local
    archive, or an fsspec URL, any of them ending in a glob
    (``"site/_posts/*.md"``, ``"s3://bucket/site/**/*.md"``,
    ``"zip://**/*.md::site.zip"``). Files are listed here, in ``parse_dir``'s order,
    and parsed on the workers, ``blocksize`` files per partition. The records
    equal ``parse_dir``'s results, record for record.
    """
    options = Options(timezone, strict, encoding, site_url, max_bytes)
    files, job = _files(urlpath, options, Selection(pattern, drafts, sections), blocksize)
    return files.map_partitions(_parse_partition, job, Selection(pattern, drafts, sections), record)


def to_dataframe(
    urlpath: str | os.PathLike[str],
    *,
    pattern: PatternTypes = None,
    drafts: bool = True,
    sections: bool = False,
    blocksize: int = DEFAULT_BLOCKSIZE,
    timezone: TimezoneTypes = None,
    strict: bool = False,
    encoding: str | None = None,
    site_url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> dask.dataframe.DataFrame:
    """A Dask DataFrame, one row per file, typed as [`to_dataframe`][newspost.to_dataframe] is.

    ``ok`` and, for failures, ``reason`` and ``code`` first, then the columns
    of [`newspost.to_dataframe()`][newspost.to_dataframe] with the same types (one definition
    serves both): ``date`` as ``datetime64[us, UTC]`` beside ``date_offset``
    and ``date_local``, ``extra`` as JSON text, lists as Python lists. A date
    written without an offset (and without ``timezone`` or a site zone) is
    read as UTC. Text columns stay ``object``, whatever Dask's
    ``dataframe.convert-string`` setting, so that the two frames compare equal.
    """
    import dask
    import dask.dataframe
    from dask.delayed import delayed

    options = Options(timezone, strict, encoding, site_url, max_bytes)
    selection = Selection(pattern, drafts, sections)
    files, job = _files(urlpath, options, selection, blocksize)
    zone = resolve_timezone(options.timezone)
    parts = [delayed(_parse_frame)(part, job, selection, zone) for part in files.to_delayed()]
    with dask.config.set({"dataframe.convert-string": False}):
        return dask.dataframe.from_delayed(parts, meta=_frame([]), verify_meta=False)


def arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of [`to_dataframe`][newspost.dask.to_dataframe], for ``to_parquet``.

    ``ok``, ``reason`` and ``code``, then ``newspost.to_arrow``'s columns. Given
    to ``frame.to_parquet(..., schema=arrow_schema())``, every partition is
    written with the same types, even one whose lists are all empty.

    Examples:
        >>> arrow_schema().names[:5]
        ['ok', 'reason', 'code', 'path', 'slug']
    """
    import pyarrow

    from ._arrow import SCHEMA

    text = pyarrow.string()
    return pyarrow.schema([("ok", pyarrow.bool_()), ("reason", text), ("code", text), *SCHEMA])


def _files(
    urlpath: str | os.PathLike[str], options: Options, selection: Selection, blocksize: int
) -> tuple[dask.bag.Bag, Job]:
    """The files under ``urlpath``, listed here, as a bag of ``blocksize``-file partitions."""
    import dask.bag

    job, files = discover(urlpath, options, selection)
    items: list[Item | ParseFailure] = list(files)
    bag: dask.bag.Bag = dask.bag.from_sequence(items, partition_size=max(1, blocksize))
    return bag, job


def _parse_partition(
    items: list[Item | ParseFailure],
    job: Job,
    selection: Selection,
    convert: Callable[..., Any],
    *more: Any,
) -> list[Any]:
    results = (item if isinstance(item, ParseFailure) else parse_item(item, job) for item in items)
    return [convert(result, *more) for result in results if selected(result, selection)]


_FRAME_COLUMNS = ["ok", "reason", "code", *COLUMNS]


def _frame_row(result: Result, zone: tzinfo | None) -> dict[str, Any]:
    if isinstance(result, Post):
        return {"ok": True, "reason": None, "code": None, **row(result, zone)}
    empty: dict[str, Any] = dict.fromkeys(COLUMNS)
    empty["path"] = result.path
    return {"ok": False, "reason": result.reason, "code": result.code, **empty}


def _parse_frame(
    items: list[Item | ParseFailure], job: Job, selection: Selection, zone: tzinfo | None
) -> pandas.DataFrame:
    return _frame(_parse_partition(items, job, selection, _frame_row, zone))


def _frame(rows: list[dict[str, Any]]) -> pandas.DataFrame:
    frame = pandas_frame(rows, _FRAME_COLUMNS)
    frame["ok"] = frame["ok"].astype(bool)
    return frame
