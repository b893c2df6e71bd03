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

import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._config import DEFAULT_MAX_BYTES, Options, PatternTypes, Selection, TimezoneTypes
from ._discover import Item, Job, discover
from ._export import COLUMNS, row
from ._models import ParseFailure, Post
from ._pool import Result, parse_item, selected

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["read_posts", "record", "to_dataframe"]

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
    """A Dask bag of one :func:`record` per post file under ``urlpath``.

    ``urlpath`` is what :func:`newspost.parse_dir` takes: a folder, a local
    archive, or an fsspec URL. Files are listed here, in ``parse_dir``'s order,
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
    """A Dask DataFrame, one row per file, typed from the model's schema.

    The columns of :func:`newspost.to_dataframe` (``date`` as UTC
    ``datetime64``, ``extra`` as JSON text so that Parquet can store it), plus
    ``ok`` and, for failures, ``reason`` and ``code``.
    """
    options = Options(timezone, strict, encoding, site_url, max_bytes)
    selection = Selection(pattern, drafts, sections)
    files, job = _files(urlpath, options, selection, blocksize)
    rows = files.map_partitions(_parse_partition, job, selection, _frame_row)
    return rows.to_dataframe(meta=_frame([])).map_partitions(_typed, meta=_typed(_frame([])))


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
    convert: Callable[[Result], Any],
) -> list[Any]:
    results = (item if isinstance(item, ParseFailure) else parse_item(item, job) for item in items)
    return [convert(result) for result in results if selected(result, selection)]


_FRAME_COLUMNS = ["ok", "reason", "code", *COLUMNS]


def _frame_row(result: Result) -> dict[str, Any]:
    if isinstance(result, Post):
        values = row(result)
        values["extra"] = json.dumps(values["extra"], ensure_ascii=False)
        return {"ok": True, "reason": None, "code": None, **values}
    empty: dict[str, Any] = dict.fromkeys(COLUMNS)
    empty["path"] = result.path
    return {"ok": False, "reason": result.reason, "code": result.code, **empty}


def _frame(rows: list[dict[str, Any]]) -> pandas.DataFrame:
    import pandas

    frame = pandas.DataFrame.from_records(rows, columns=_FRAME_COLUMNS).astype(object)
    frame["ok"] = frame["ok"].astype(bool)
    return frame


def _typed(frame: pandas.DataFrame) -> pandas.DataFrame:
    import pandas

    frame = frame.copy()
    frame["date"] = pandas.to_datetime(frame["date"], utc=True)
    return frame
