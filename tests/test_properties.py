"""The laws: JSON and Markdown round trips, idempotence, lenient parse never raises."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import newspost
from newspost._binary import looks_binary
from newspost.strategies import posts

CARRIED = (
    "layout",
    "title",
    "date",
    "categories",
    "tags",
    "extra",
    "lead",
    "body",
    "paragraphs",
    "images",
    "source",
    "original_url",
    "links",
)


@given(posts())
def test_json_round_trip(post: newspost.Post) -> None:
    assert newspost.Post.from_json(post.to_json()) == post


@given(posts())
@example(newspost.Post(lead="\ufeff#"))  # found by scripts/fuzz.py: cmark dropped the U+FEFF
@example(newspost.Post(body="\\#\n\n\\: 0", paragraphs=["#", ": 0"]))  # ": 0": a definition
# found by scripts/fuzz.py (issue 11 run): keys read as equal once U+3000 was stripped
@example(newspost.Post(extra={"0": None, "0\u3000": None}))
@example(newspost.Post(body="\\#\ufdd0", paragraphs=["#\ufdd0"]))  # found too: mark clash
def test_markdown_round_trip_keeps_every_carried_field(post: newspost.Post) -> None:
    text = post.to_markdown()
    again = newspost.parse(text, strict=True)
    for field in CARRIED:
        assert getattr(again, field) == getattr(post, field), field
    assert {w.code for w in again.warnings} <= {"date_missing"}


@given(posts())
def test_to_markdown_is_idempotent_after_one_parse(post: newspost.Post) -> None:
    once = newspost.parse(post.to_markdown()).to_markdown()
    assert newspost.parse(once).to_markdown() == once


@given(st.text())
@example('---\ntitle: "a"b"\n---\n')
@example("---\n")
@example("\ufeff\r\n---\r\n---")
def test_lenient_parse_never_raises_on_text(text: str) -> None:
    post = newspost.parse(text)
    assert isinstance(post, newspost.Post)
    newspost.Post.from_json(post.to_json())


@given(st.binary())
def test_lenient_parse_never_raises_on_bytes(data: bytes) -> None:
    """Bytes give a post; only binary data (an image, an archive) is refused, as not text."""
    if looks_binary(data):
        with pytest.raises(newspost.ParseError, match="not a text file"):
            newspost.parse(data)
    else:
        assert isinstance(newspost.parse(data), newspost.Post)


@given(st.text())
def test_strict_parse_raises_only_parse_error(text: str) -> None:
    try:
        newspost.parse(text, strict=True)
    except newspost.ParseError as error:
        assert error.reason
