"""Every finews post parses to what expected.jsonl says; every corpus file parses."""

from __future__ import annotations

from pathlib import Path

import pytest

import newspost
from newspost import Options
from newspost._parse import parse_with, site_zone
from newspost._site import find_site
from tests.corpus import CORPUS, FINEWS, corpus_posts, expected_rows

ROWS = expected_rows()


def test_expected_covers_the_finews_folder() -> None:
    on_disk = {str(p.relative_to(FINEWS)) for p in FINEWS.rglob("*.md")}
    assert {row["file"] for row in ROWS} == on_disk
    assert len(ROWS) == 149


@pytest.mark.parametrize("row", ROWS, ids=[str(r["file"]) for r in ROWS])
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


@pytest.mark.parametrize("path", corpus_posts(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_file_parses_leniently_and_round_trips(path: Path) -> None:
    post = newspost.parse_file(path, timezone="Asia/Shanghai")
    # Every real post has text; a Hugo section page (_index.md) may have none.
    assert post.paragraphs or post.kind == "section", "every real post has text"
    allowed = {
        "leading_blank_lines",
        "date_missing",
        "date_offset_invalid",  # +18:00 and the like, written on a real site
        "liquid_unrendered",  # {% include %} of a template the corpus does not hold
        "shortcode_dropped",  # Hugo shortcodes of the theme, with no text of their own
    }
    assert {w.code for w in post.warnings} <= allowed
    # to_markdown is idempotent after one parse, and keeps every carried field.
    once = post.to_markdown()
    # parse_file found the post's site; read the written text on that same site.
    site = find_site(path)
    options = Options(timezone="Asia/Shanghai")
    again = parse_with(once, str(path), options, site, site_zone(options, site))
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
