"""Every finews post parses to what expected.jsonl says; every corpus file parses."""

from __future__ import annotations

from pathlib import Path

import pytest

import newspost
from tests.corpus import CORPUS, CORPUS_MARK, FINEWS, corpus_params, corpus_posts, expected_rows

pytestmark = CORPUS_MARK
ROWS = expected_rows()


def test_expected_covers_the_finews_folder() -> None:
    on_disk = {str(p.relative_to(FINEWS)) for p in FINEWS.rglob("*.md")}
    assert {row["file"] for row in ROWS} == on_disk
    assert len(ROWS) == 149


@pytest.mark.parametrize("row", corpus_params(ROWS, ids=lambda r: str(r["file"])))
def test_finews_post_matches_expected(row: dict[str, object]) -> None:
    post = newspost.parse_file(FINEWS / str(row["file"]), timezone="Asia/Shanghai")
    got = {
        "title": post.title,
        "date": post.date.isoformat() if post.date else None,
        "layout": post.layout,
        "categories": post.categories,
        "tags": post.tags,
        "lead": post.lead,
        "source": post.source.name if post.source else None,
        "original_url": post.original_url,
        "links": [{"text": link.text, "url": link.url} for link in post.links],
        "text": post.text,
    }
    expected = {key: row[key] for key in got}
    assert got == expected


@pytest.mark.parametrize(
    "path", corpus_params(corpus_posts(), ids=lambda p: str(p.relative_to(CORPUS)))
)
def test_every_corpus_file_parses_leniently_and_round_trips(path: Path) -> None:
    post = newspost.parse_file(path, timezone="Asia/Shanghai")
    assert post.paragraphs, "every real post has text"
    assert all(w.code in {"leading_blank_lines", "date_missing"} for w in post.warnings)
    # to_markdown is idempotent after one parse, and keeps every carried field.
    once = post.to_markdown()
    again = newspost.parse(once, path=str(path), timezone="Asia/Shanghai")
    assert again.to_markdown() == once
    for field in ("title", "date", "layout", "categories", "tags", "extra", "lead", "body"):
        assert getattr(again, field) == getattr(post, field), field
    for field in ("paragraphs", "images", "source", "original_url", "links"):
        assert getattr(again, field) == getattr(post, field), field


def test_the_reference_example_in_full() -> None:
    post = newspost.parse_file(
        FINEWS / "old_post/2021-12-28-NW202112282228090112.md", timezone="Asia/Shanghai"
    )
    assert post.slug == "NW202112282228090112"
    assert post.date is not None and post.date.isoformat() == "2021-12-28T10:33:15+08:00"
    assert post.source == newspost.Source(
        name="中国发展网",
        text="（文章来源：中国发展网）",
        kind="attribution",
        markup='<p class="em_media">（文章来源：中国发展网）</p>',
    )
    assert post.body.endswith("扩大产业规模。</p>")
    assert len(post.paragraphs) == 6
    assert post.links[1] == newspost.Link(text="返回首页", url="//finews.withounder.com/")
    assert post.warnings == []
