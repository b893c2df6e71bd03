"""Writers for collections: JSON Lines, a JSON array, a Markdown folder, a DataFrame."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import newspost
from tests.corpus import FINEWS


def finews() -> list[newspost.Post]:
    return [
        r
        for r in newspost.parse_dir(FINEWS, workers=1, timezone="Asia/Shanghai")
        if isinstance(r, newspost.Post)
    ]


@pytest.mark.corpus
def test_jsonl_and_json_round_trip() -> None:
    posts = finews()
    lines = io.StringIO()
    assert newspost.write_jsonl(posts, lines) == len(posts) == 149
    assert [newspost.Post.from_json(line) for line in lines.getvalue().splitlines()] == posts
    array = io.StringIO()
    newspost.write_json(posts, array)
    assert [newspost.Post.model_validate(item) for item in json.loads(array.getvalue())] == posts
    empty = io.StringIO()
    newspost.write_json([], empty)
    assert json.loads(empty.getvalue()) == []


def test_writers_accept_paths(tmp_path: Path) -> None:
    post = newspost.parse("---\ntitle: 标题\n---\n正文")
    newspost.write_jsonl([post], tmp_path / "out.jsonl")
    assert newspost.Post.from_json((tmp_path / "out.jsonl").read_text(encoding="utf-8")) == post


@pytest.mark.corpus
def test_markdown_folder_keeps_names_and_never_overwrites(tmp_path: Path) -> None:
    posts = finews()
    assert newspost.write_markdown(posts, tmp_path / "out") == 149
    files = sorted((tmp_path / "out").iterdir())
    assert len(files) == 149  # same-named history versions get -2, -3 ...
    again = newspost.parse_file(tmp_path / "out" / "2021-12-28-NW202112282228090112.md")
    assert again.title == "科技创新助力兰州国家级创新型城市高质量发展"
    loose = newspost.Post(title="x", slug="a b/c", date=posts[1].date.replace(day=8))  # type: ignore[union-attr]
    newspost.write_markdown([loose, newspost.Post()], tmp_path / "loose")
    assert sorted(p.name for p in (tmp_path / "loose").iterdir()) == [
        "2021-12-08-a-b-c.md",
        "post-2.md",
    ]


@pytest.mark.corpus
def test_dataframe() -> None:
    frame = newspost.to_dataframe(finews())
    assert len(frame) == 149
    assert str(frame["date"].dtype) == "datetime64[ns, UTC]" or str(frame["date"].dtype).startswith(
        "datetime64"
    )
    assert frame["source"].notna().sum() == 49
    assert frame.loc[0, "text"] == finews()[0].text
