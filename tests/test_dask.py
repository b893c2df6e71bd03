"""newspost.dask on a real dask.distributed LocalCluster with 2 worker processes."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import Path

import pandas
import pytest
from distributed import Client, LocalCluster

import newspost
import newspost.dask
from newspost.dask import record
from tests.corpus import CORPUS, corpus_posts


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.mark.corpus
def test_cluster_equals_parse_dir_record_for_record(client: Client) -> None:
    expected = [record(r) for r in newspost.parse_dir(CORPUS, workers=1, timezone="Asia/Shanghai")]
    bag = newspost.dask.read_posts(CORPUS, timezone="Asia/Shanghai", blocksize=40)
    assert bag.npartitions > 2
    got = bag.compute()
    section_pages = [p for p in corpus_posts() if p.name == "_index.md"]
    # Every post file, less Hugo's section pages, plus the corpus README (a repaired post).
    assert len(got) == len(expected) == len(corpus_posts()) - len(section_pages) + 1
    assert got == expected
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2  # two processes did the work


def test_failures_are_records_of_their_own(client: Client, tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("---\ntitle: A\ndate: 2021-12-08\n---\nText")
    (tmp_path / "bad.md").write_text('---\ntitle: "a"b"\ndate: 2021-12-08\n---\nText')
    records = newspost.dask.read_posts(tmp_path, strict=True).compute()
    assert [(r["ok"], Path(r["path"]).name) for r in records] == [
        (False, "bad.md"),
        (True, "good.md"),
    ]
    assert records[0]["code"] == "yaml_invalid"
    assert records[0]["line"] == 2


@pytest.mark.corpus
def test_dataframe_has_typed_columns(client: Client) -> None:
    frame = newspost.dask.to_dataframe(CORPUS / "finews", timezone="Asia/Shanghai", blocksize=50)
    assert frame.npartitions == 3
    assert isinstance(frame.dtypes["date"], pandas.DatetimeTZDtype)
    computed = frame.compute()
    assert len(computed) == 149
    assert computed["ok"].all()
    assert computed["source"].notna().sum() == 49
    assert computed["date"].isna().sum() == 1  # the one post with neither a date nor a dated name
    second = newspost.parse_file(computed["path"].iloc[1], timezone="Asia/Shanghai")
    assert computed["text"].iloc[1] == second.text
    assert computed["date"].iloc[1] == pandas.Timestamp(second.date)


@pytest.mark.corpus
def test_archive_on_the_cluster(client: Client, tmp_path: Path) -> None:
    target = tmp_path / "finews.tar.gz"
    with tarfile.open(target, "w:gz") as tarred:
        tarred.add(CORPUS / "finews", arcname="finews")
    records = newspost.dask.read_posts(target, timezone="Asia/Shanghai").compute()
    folder = [
        record(r)
        for r in newspost.parse_dir(CORPUS / "finews", workers=1, timezone="Asia/Shanghai")
    ]
    assert len(records) == 149
    assert [r["title"] for r in records] == [r["title"] for r in folder]
    assert records[0]["path"].startswith("tar://finews/")


def test_dataframe_has_the_columns_and_types_of_to_dataframe(
    client: Client, tmp_path: Path
) -> None:
    (tmp_path / "2021-12-08-a.md").write_text(
        "---\ntitle: A\ndate: 2021-12-08 10:00:00 +0800\ntags: [x]\n---\nText.", encoding="utf-8"
    )
    (tmp_path / "2011-07-14-b.md").write_text(
        "---\ntitle: B\ndate: 2011-07-14T00:00:00\nkey: 1\n---\nText.", encoding="utf-8"
    )
    (tmp_path / "2011-07-15-c.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    lazy = newspost.dask.to_dataframe(tmp_path, blocksize=1)
    got = lazy.compute()
    posts = [r for r in newspost.parse_dir(tmp_path, workers=1) if isinstance(r, newspost.Post)]
    expected = newspost.to_dataframe(posts)
    assert list(lazy.dtypes.index) == ["ok", "reason", "code", *expected.columns]
    assert (lazy.dtypes[expected.columns] == expected.dtypes).all()
    assert got["ok"].tolist() == [True, False, True]
    assert got["code"].tolist() == [None, "not_text", None]
    posts_only = got[got["ok"]].drop(columns=["ok", "reason", "code"]).reset_index(drop=True)
    pandas.testing.assert_frame_equal(posts_only, expected)
    assert posts_only["date_offset"].tolist() == [None, "+08:00"]
