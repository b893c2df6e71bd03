"""to_markdown: valid YAML whatever the values, the input's shape, stable output."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import yaml

import newspost
from tests.corpus import FINEWS, corpus_posts

REFERENCE = FINEWS / "old_post/2021-12-28-NW202112282228090112.md"


def front_matter_of(text: str) -> dict[str, object]:
    _, fm, _ = text.split("---\n", 2)
    loaded = yaml.safe_load(fm)
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize(
    "title",
    [
        '他说"不"行',
        "C:\\new\\dir",
        "a: b",
        "Issue #5",
        "- leading dash",
        "",
        "yes",
        "null",
        "'quoted'",
        "@at",
        "2021-12-08",
        "多行\n标题",
        "  spaced  ",
    ],
)
def test_titles_that_broke_the_real_site_are_quoted(title: str) -> None:
    post = newspost.Post(title=title)
    text = post.to_markdown()
    assert front_matter_of(text)["title"] == title
    assert newspost.parse(text).title == (title.strip() or None)


@pytest.mark.corpus
def test_the_reference_post_is_written_back_byte_for_byte() -> None:
    post = newspost.parse_file(REFERENCE)
    assert post.to_markdown_bytes() == REFERENCE.read_bytes()
    retitled = post.model_copy(update={"title": "新标题"}).to_markdown()
    assert retitled.splitlines()[2] == 'title: "新标题"'  # the file's quoting kept
    assert retitled.splitlines()[:2] + retitled.splitlines()[3:] == (
        REFERENCE.read_text(encoding="utf-8").splitlines()[:2]
        + REFERENCE.read_text(encoding="utf-8").splitlines()[3:]
    )


REPAIRS = {"title_comment", "yaml_invalid", "control_characters", "decode_failed"}


@pytest.mark.corpus
def test_corpus_files_come_back_byte_for_byte() -> None:
    files = corpus_posts()
    differ = []
    for path in files:
        post = newspost.parse_file(path, timezone="Asia/Shanghai")
        if post.to_markdown_bytes() != path.read_bytes():
            differ.append((path, {w.code for w in post.warnings}))
    # A file comes back changed only where a warning said its input was repaired.
    assert [path for path, codes in differ if not codes & REPAIRS] == []
    assert len(differ) <= len(files) // 100


def test_categories_with_spaces_survive_jekylls_split() -> None:
    post = newspost.Post(categories=["new york", "world"], tags=["a", "b"])
    fm = front_matter_of(post.to_markdown())
    assert fm["categories"] == ["new york", "world"]
    assert fm["tags"] == "a b"
    again = newspost.parse(post.to_markdown())
    assert (again.categories, again.tags) == (["new york", "world"], ["a", "b"])


def test_key_order_and_extra() -> None:
    post = newspost.Post(
        layout="post",
        title="T",
        date=datetime(
            2021, 12, 8, 10, 0, 0, 500, tzinfo=timezone(timedelta(hours=-3, minutes=-30))
        ),
        extra={"zeta": 1, "alpha": {"nested": [1, "two"]}},
    )
    text = post.to_markdown()
    assert list(front_matter_of(text)) == ["layout", "title", "date", "zeta", "alpha"]
    assert "date: 2021-12-08 10:00:00.000500 -0330\n" in text
    assert newspost.parse(text).date == post.date


def test_lead_with_markdown_characters_is_escaped() -> None:
    post = newspost.Post(lead="1. Not *a* list > quote", paragraphs=[], body="")
    again = newspost.parse(post.to_markdown())
    assert again.lead == post.lead
