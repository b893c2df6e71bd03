"""The table of posts: pandas, Arrow and Parquet share one set of columns and types."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas
import pyarrow
import pyarrow.parquet
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newspost
from newspost import _arrow
from newspost._arrow import SCHEMA
from newspost._tables import COLUMNS
from newspost.strategies import posts as generated_posts

# An archive as real sites leave it: dates with an offset, without one, only a day,
# a post with no date at all, and one repaired.
MIXED = {
    "2021-12-08-a.md": "---\ntitle: A\ndate: 2021-12-08 10:00:00 +0800\ntags: [x, y]\n---\nText.（新华社）",
    "2011-07-14-b.md": "---\ntitle: B\ndate: 2011-07-14T00:00:00\n---\nText.",
    "2011-07-15-c.md": "---\ntitle: C\ndate: 2011-07-15\n---\nText.",
    "d.md": "---\ntitle: D\nkey: {n: 1}\n---\nText.",
    "2020-01-01-e.md": '---\ntitle: "a"b"\ndate: 2020-01-01 08:00:00 -0500\n---\n'
    "Text.\n\n[Home](/)",
}


def mixed() -> list[newspost.Post]:
    return [newspost.parse(text, path=name) for name, text in MIXED.items()]


def test_mixed_offsets_give_one_utc_date_column() -> None:
    frame = newspost.to_dataframe(mixed())
    assert list(frame.columns) == COLUMNS
    assert str(frame["date"].dtype) == "datetime64[us, UTC]"
    assert str(frame["date_local"].dtype) == "datetime64[us]"
    assert [str(d) for d in frame["date"]] == [
        "2021-12-08 02:00:00+00:00",
        "2011-07-14 00:00:00+00:00",  # naive: read as UTC
        "2011-07-15 00:00:00+00:00",
        "NaT",
        "2020-01-01 13:00:00+00:00",
    ]
    assert frame["date_offset"].tolist() == ["+08:00", None, None, None, "-05:00"]
    assert [str(d) for d in frame["date_local"]] == [
        "2021-12-08 10:00:00",
        "2011-07-14 00:00:00",
        "2011-07-15 00:00:00",
        "NaT",
        "2020-01-01 08:00:00",
    ]


def test_naive_dates_in_the_callers_zone() -> None:
    frame = newspost.to_dataframe(mixed(), timezone="Asia/Shanghai")
    assert str(frame.loc[1, "date"]) == "2011-07-13 16:00:00+00:00"
    assert frame.loc[1, "date_offset"] == "+08:00"
    assert str(frame.loc[1, "date_local"]) == "2011-07-14 00:00:00"
    assert str(frame.loc[0, "date"]) == "2021-12-08 02:00:00+00:00"  # its own offset wins


def test_dates_at_the_ends_of_time_do_not_crash() -> None:
    east = timezone(timedelta(hours=8))
    posts = [
        newspost.Post(date=datetime(1, 1, 1, tzinfo=east)),  # before the first UTC instant
        newspost.Post(date=datetime(1, 1, 1)),
        newspost.Post(date=datetime(9999, 12, 31, 23, 59, 59)),
        newspost.Post(date=datetime(1500, 6, 1, tzinfo=timezone(timedelta(minutes=-30)))),
    ]
    frame = newspost.to_dataframe(posts)
    assert [str(d) for d in frame["date"]] == [
        "NaT",
        "0001-01-01 00:00:00+00:00",
        "9999-12-31 23:59:59+00:00",
        "1500-06-01 00:30:00+00:00",
    ]
    assert frame["date_offset"].tolist() == ["+08:00", None, None, "-00:30"]
    assert str(frame.loc[0, "date_local"]) == "0001-01-01 00:00:00"
    table = newspost.to_arrow(posts)
    assert table.column("date").null_count == 1


def test_every_column_holds_plain_values() -> None:
    frame = newspost.to_dataframe(mixed())
    last = frame.iloc[4]
    assert json.loads(frame.iloc[3]["extra"]) == {"key": {"n": 1}}
    assert json.loads(last["extra"]) == {}
    assert last["links"] == [{"text": "Home", "url": "/", "absolute_url": None}]
    assert [w["code"] for w in last["warnings"]] == ["yaml_invalid"]
    assert last["warnings"][0]["line"] == 2
    assert frame.loc[0, "tags"] == ["x", "y"]
    assert frame.loc[0, "source"] == "新华社"
    codes = frame["warnings"].explode().dropna().map(lambda w: w["code"]).value_counts()
    assert codes.to_dict() == {"yaml_invalid": 1, "date_missing": 1}


def test_empty_input_gives_typed_empty_tables() -> None:
    frame = newspost.to_dataframe([])
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 0
    assert str(frame["date"].dtype) == "datetime64[us, UTC]"
    table = newspost.to_arrow([])
    assert table.schema == SCHEMA
    assert table.num_rows == 0


def test_arrow_schema_is_fixed_and_documented() -> None:
    assert SCHEMA.names == COLUMNS
    assert str(SCHEMA.field("date").type) == "timestamp[us, tz=UTC]"
    assert str(SCHEMA.field("date_local").type) == "timestamp[us]"
    assert str(SCHEMA.field("tags").type) == "list<item: string>"
    assert str(SCHEMA.field("extra").type) == "string"
    assert str(SCHEMA.field("warnings").type) == (
        "list<item: struct<code: string, message: string, line: int32>>"
    )
    assert str(SCHEMA.field("links").type) == (
        "list<item: struct<text: string, url: string, absolute_url: string>>"
    )
    table = newspost.to_arrow(mixed())
    assert table.schema == SCHEMA
    assert table.column("tags").to_pylist()[0] == ["x", "y"]
    assert table.column("warnings").to_pylist()[4][0]["code"] == "yaml_invalid"
    assert table.column("date_offset").to_pylist() == ["+08:00", None, None, None, "-05:00"]


def test_arrow_and_pandas_agree() -> None:
    from_arrow = newspost.to_arrow(mixed()).to_pandas()
    frame = newspost.to_dataframe(mixed())
    assert from_arrow["date"].tolist() == frame["date"].tolist()
    assert from_arrow["title"].tolist() == frame["title"].tolist()
    assert [list(tags) for tags in from_arrow["tags"]] == frame["tags"].tolist()


def test_parquet_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "posts.parquet"
    assert newspost.write_parquet(mixed(), path, row_group_size=2) == 5
    file = pyarrow.parquet.ParquetFile(path)
    assert file.metadata.num_row_groups == 3
    assert file.schema_arrow == SCHEMA
    assert pyarrow.parquet.read_table(path).equals(newspost.to_arrow(mixed()))
    read = pandas.read_parquet(path)
    assert read["date_offset"].isna().tolist() == [False, True, True, True, False]
    assert str(read["date"].dtype).startswith("datetime64") and read["date"].dt.tz is not None


def test_parquet_of_nothing_is_a_valid_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert newspost.write_parquet([], path) == 0
    assert pyarrow.parquet.read_table(path).schema == SCHEMA
    with pytest.raises(ValueError, match="row_group_size"):
        newspost.write_parquet([], path, row_group_size=0)


def test_write_parquet_streams_row_groups_as_posts_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row groups are written while the posts are still coming: memory does not hold them all."""
    written: list[int] = []  # rows written so far, at each write

    class Recording(pyarrow.parquet.ParquetWriter):  # type: ignore[misc]
        def write_batch(
            self, batch: pyarrow.RecordBatch, row_group_size: int | None = None
        ) -> None:
            super().write_batch(batch, row_group_size=row_group_size)
            written.append((written[-1] if written else 0) + batch.num_rows)

    monkeypatch.setattr(_arrow.pyarrow.parquet, "ParquetWriter", Recording)
    seen_at_yield: list[int] = []

    def many(n: int) -> Iterator[newspost.Post]:
        for i in range(n):
            seen_at_yield.append(written[-1] if written else 0)
            yield newspost.Post(title=f"post {i}", paragraphs=[f"Text {i}."])

    total = 100_000
    path = tmp_path / "many.parquet"
    assert newspost.write_parquet(many(total), path, row_group_size=5_000) == total
    assert written == list(range(5_000, total + 1, 5_000))
    # When post i was asked for, every full row group before it was already on its way out.
    assert all(seen_at_yield[i] == i // 5_000 * 5_000 for i in range(0, total, 997))
    assert pyarrow.parquet.ParquetFile(path).metadata.num_row_groups == 20
    assert pyarrow.parquet.ParquetFile(path).metadata.num_rows == total


@pytest.mark.corpus
def test_real_archive_to_every_table(tmp_path: Path) -> None:
    from tests.corpus import FINEWS

    posts = [r for r in newspost.parse_dir(FINEWS, workers=1) if isinstance(r, newspost.Post)]
    frame = newspost.to_dataframe(posts)  # no timezone: FINEWS mixes offsets and none
    assert len(frame) == 149
    assert frame["date_offset"].isna().sum() > 0
    assert (frame["date_offset"] == "+08:00").sum() > 0
    newspost.write_parquet(posts, tmp_path / "finews.parquet")
    assert pyarrow.parquet.read_table(tmp_path / "finews.parquet").num_rows == 149


def test_import_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"newspost\[arrow\]"):
        newspost.to_arrow([])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(generated_posts(), max_size=4), st.sampled_from([None, "Asia/Shanghai"]))
def test_every_table_takes_whatever_posts_hold(
    posts: list[newspost.Post], zone: str | None
) -> None:
    """Never a crash on a post: any date (naive, offset, year 1 or 9999), any extra, any text."""
    frame = newspost.to_dataframe(posts, timezone=zone)
    table = newspost.to_arrow(posts, timezone=zone)
    assert len(frame) == table.num_rows == len(posts)
    assert table.schema == SCHEMA
    assert frame["title"].tolist() == [post.title for post in posts]
    assert [json.loads(extra) for extra in frame["extra"]] == [post.extra for post in posts]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_every_table_takes_whatever_parse_accepted(text: str) -> None:
    post = newspost.parse("---\ntitle: x\ndate: " + text[:40] + "\n---\n" + text)
    frame = newspost.to_dataframe([post])
    assert newspost.to_arrow([post]).num_rows == len(frame) == 1
    assert str(frame["date"].dtype) == "datetime64[us, UTC]"
