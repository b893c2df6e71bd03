"""The Post model: JSON form, immutability, the text field, errors and warnings."""

from __future__ import annotations

import json
import pickle

import pydantic
import pytest

import newspost


def test_json_carries_text_and_reads_back() -> None:
    post = newspost.parse("---\ntitle: T\ndate: 2021-12-08 10:00:00 +0800\n---\nA\n\nB\n")
    data = json.loads(post.to_json())
    assert data["text"] == "A\nB"
    assert data["date"] == "2021-12-08T10:00:00+08:00"
    assert newspost.Post.from_json(post.to_json()) == post
    assert "\n" in post.to_json(indent=2)


def test_posts_are_immutable() -> None:
    post = newspost.Post(title="T")
    with pytest.raises(pydantic.ValidationError):
        post.title = "U"  # type: ignore[misc]


def test_parse_error_names_file_line_and_column_and_pickles() -> None:
    error = newspost.ParseError("bad", path="a.md", line=3, column=2, code="yaml_invalid")
    assert str(error) == "a.md:3:2: bad"
    again = pickle.loads(pickle.dumps(error))
    assert (again.path, again.line, again.column, again.reason, again.code) == (
        "a.md",
        3,
        2,
        "bad",
        "yaml_invalid",
    )
    assert isinstance(error, ValueError)


def test_parse_file_on_a_missing_file_raises_parse_error(tmp_path: object) -> None:
    with pytest.raises(newspost.ParseError, match="cannot read file") as info:
        newspost.parse_file("/no/such/post.md")
    assert info.value.path == "/no/such/post.md"


def test_parse_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        newspost.parse(42)  # type: ignore[arg-type]
