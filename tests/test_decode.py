"""Bytes in any encoding a Chinese or English archive uses; control characters; binary files."""

from __future__ import annotations

import pytest

import newspost

POST = "---\ntitle: 中文标题\ndate: 2021-12-08\n---\n正文，一段中文。\n"


def codes(post: newspost.Post) -> list[str]:
    return [w.code for w in post.warnings]


def test_utf8_bytes() -> None:
    post = newspost.parse(POST.encode())
    assert (post.title, codes(post)) == ("中文标题", [])


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_gbk_family_is_decoded_with_a_warning(encoding: str) -> None:
    post = newspost.parse(POST.encode(encoding))
    assert post.title == "中文标题"
    assert post.paragraphs == ["正文，一段中文。"]
    assert codes(post) == ["encoding"]
    assert "GB18030" in post.warnings[0].message


def test_encoding_argument_overrides_detection() -> None:
    data = POST.replace("中文标题", "中文標題").encode("big5")
    assert newspost.parse(data, encoding="big5").title == "中文標題"
    wrong = newspost.parse(data, encoding="ascii")
    assert codes(wrong)[0] == "decode_failed"
    with pytest.raises(newspost.ParseError, match="cannot decode as ascii"):
        newspost.parse(data, encoding="ascii", strict=True)


def test_utf16_with_bom() -> None:
    post = newspost.parse(POST.encode("utf-16"))
    assert post.title == "中文标题"
    assert codes(post) == ["bom"]


def test_nul_bytes_and_control_characters_are_removed() -> None:
    post = newspost.parse(b"---\ntitle: A\x00B\x07\ndate: 2021-12-08\n---\nText\x00.\n")
    assert (post.title, post.paragraphs) == ("AB", ["Text."])
    assert codes(post) == ["control_characters"]
    assert post.warnings[0].line == 2


def test_binary_file_is_not_text_in_either_mode() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
    for strict in (False, True):
        with pytest.raises(newspost.ParseError) as info:
            newspost.parse(png, path="image.md", strict=strict)
        assert (info.value.path, info.value.code) == ("image.md", "not_text")


def test_lone_surrogates_in_text() -> None:
    post = newspost.parse("---\ntitle: a\ud800b\n---\n")
    assert post.title == "a\ufffdb"
    newspost.Post.from_json(post.to_json())


def test_empty_inputs() -> None:
    for empty in ("", b"", "\n\n", "---\n---\n"):
        post = newspost.parse(empty)
        assert (post.title, post.paragraphs) == (None, [])
