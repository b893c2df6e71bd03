"""Pickling a post (what parse_dir's workers send) gives it back the same in every way."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import PrivateAttr

import newspost
from newspost._origin import reduce_post
from newspost.strategies import encoded_posts, hostile_posts, posts


def _again(post: newspost.Post) -> newspost.Post:
    again = pickle.loads(pickle.dumps(post))
    assert isinstance(again, newspost.Post)
    return again


def _assert_same(post: newspost.Post, again: newspost.Post) -> None:
    assert type(again) is type(post)
    assert again == post
    assert list(again.__dict__) == list(post.__dict__)
    assert again.model_fields_set == post.model_fields_set
    assert again.__pydantic_extra__ == post.__pydantic_extra__
    assert again.to_json() == post.to_json()
    assert again.to_markdown_bytes() == post.to_markdown_bytes()
    assert again.to_markdown() == post.to_markdown()
    assert again.html == post.html
    assert again._article == post._article
    assert again.__pydantic_private__.keys() == post.__pydantic_private__.keys()  # type: ignore[union-attr]
    origin, copy = post._origin, again._origin
    assert (origin is None) == (copy is None)
    if origin is not None:
        assert type(copy) is type(origin)
        assert vars(copy) == vars(origin)
        assert list(vars(copy)) == list(vars(origin))
        assert list(copy.fields) == list(origin.fields)


def _round_trips(post: newspost.Post) -> None:
    again = _again(post)
    _assert_same(post, again)
    _assert_same(post, _again(again))  # and once more, from the copy


@given(posts())
def test_a_parsed_post_pickles_to_the_same_post(post: newspost.Post) -> None:
    parsed = newspost.parse(post.to_markdown())
    assert reduce_post(parsed) is not None  # the compact form
    _round_trips(parsed)
    _round_trips(post)  # built in code: no origin


@given(st.text())
@example("---\r\ntitle: A\r\n---\r\nBody\r\n\r\nmore\r\n")  # CRLF: the body is not in the text
@example("\ufeff---\ntitle: A\n---\nBody\n")
@example("---\ntitle: A\n---\n")  # no body
@example("---\ntitle: A\nbody: x\n---\nA\n\nA\n")  # the body's start written twice
@example("---\ntitle: A\n---\n> lead\n\nText.（新华社）\n\n[Home](https://x.org/)\n")
def test_any_text_parses_to_a_post_that_pickles_the_same(text: str) -> None:
    _round_trips(newspost.parse(text))


@given(encoded_posts())
def test_a_post_read_from_bytes_keeps_its_encoding_through_a_pickle(data: bytes) -> None:
    try:
        post = newspost.parse(data)
    except newspost.ParseError:  # bytes that look binary: no post
        return
    _round_trips(post)


@given(hostile_posts())
def test_hostile_posts_pickle_the_same(text: str) -> None:
    _round_trips(newspost.parse(text))


def test_a_post_whose_body_is_written_twice_and_a_liquid_post() -> None:
    # The first place the body's start is found is in the front matter.
    text = "---\ntitle: T\ndescription: Some text here and\n---\nSome text here and more.\n"
    _round_trips(newspost.parse(text))
    # A Liquid template: Post.html shows it expanded, the body keeps it as written.
    liquid = "---\ntitle: T\n---\n{% assign x = 'A' %}Hello {{ x }}.\n"
    post = newspost.parse(liquid)
    assert post._article[2] is not None  # the expanded article
    _round_trips(post)


def test_edited_posts_keep_their_edits_and_their_origin() -> None:
    text = "---\ntitle: T\ntags: [a, b]\nx: {k: [1, 2]}\n---\nOne.\n\nTwo.\n"
    post = newspost.parse(text)
    edited = [
        post.model_copy(update={"body": "Other.\n"}),
        post.model_copy(update={"tags": ["c"], "title": "U"}),
        post.model_copy(deep=True),
    ]
    changed = newspost.parse(text)
    changed.tags.append("c")  # edits in place, after the parse
    changed.extra["x"]["k"].append(3)  # type: ignore[index,union-attr]
    changed.extra["y"] = True
    edited.append(changed)
    for one in edited:
        _round_trips(one)
    again = _again(changed)
    assert "tags: [a, b, c]" in again.to_markdown()
    assert again.extra == {"x": {"k": [1, 2, 3]}, "y": True}


class _Tagged(newspost.Post):
    _note: str = PrivateAttr(default="n")
    stars: int = 0


def test_what_is_not_the_usual_post_pickles_through_pydantic() -> None:
    tagged = _Tagged(title="B", stars=3)
    tagged._note = "kept"
    assert reduce_post(tagged) is None  # a subclass: pydantic's pickling, not ours
    again = pickle.loads(pickle.dumps(tagged))
    assert (type(again), again, again._note) == (_Tagged, tagged, "kept")

    built: list[Any] = [
        newspost.Post(),
        newspost.Post(title="A", tags=["x"]),
        newspost.Post.model_construct(title="A"),
        newspost.Post.model_construct(_fields_set=set(), body="B"),
    ]
    for post in built:
        _round_trips(post)


def test_posts_from_worker_processes_write_back_and_render_the_same(tmp_path: Path) -> None:
    files = {
        "2021-12-08-a.md": "---\ntitle: A\ntags: [x]\n---\n> Lead\n\nText *a*.（新华社）\n".encode(),
        "2021-12-08-b.md": b"---\r\ntitle: B\r\n---\r\nLine one.\r\n\r\nTwo.\r\n",
        "2021-12-08-c.md": "\ufeff---\ntitle: 标题\n---\n<p>正文。</p>\n".encode("utf-8"),
        "2021-12-08-d.md": "---\ntitle: 标题\n---\n中文正文。\n".encode("gb18030"),
        "2021-12-08-e.md": b"---\ntitle: E\n---\n{% assign x = 'A' %}Hello {{ x }}.\n",
        "2021-12-08-f.md": b"---\ntitle: F\n---\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    one = list(newspost.parse_dir(tmp_path, workers=1))
    two = list(newspost.parse_dir(tmp_path, workers=2))
    assert len(one) == len(two) == len(files)
    for post, again in zip(one, two, strict=True):
        assert isinstance(post, newspost.Post) and isinstance(again, newspost.Post)
        _assert_same(post, again)
        assert again.to_markdown_bytes() == files[Path(again.path or "").name]
