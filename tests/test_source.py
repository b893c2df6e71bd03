"""Who published it: front matter, attribution paragraph, trailing parenthesis."""

from __future__ import annotations

import pytest

import newspost


def source_of(body: str, front: str = "") -> newspost.Source | None:
    return newspost.parse(f"---\ntitle: T\n{front}---\n{body}").source


def test_attribution_paragraph_with_inner_tags() -> None:
    markup = '<p class="em_media">（文章来源：上海<span><a href="x">证券</a></span>报）</p>'
    post = newspost.parse(f"---\ntitle: T\n---\n<p>正文。</p>{markup}\n")
    assert post.source == newspost.Source(
        name="上海证券报", text="（文章来源：上海证券报）", kind="attribution", markup=markup
    )
    assert post.body == "<p>正文。</p>"
    assert post.paragraphs == ["正文。"]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("正文。\n\n来源：新华网", "新华网"),
        ("正文。\n\n（来源：人民日报）", "人民日报"),
        ("<p>正文。</p><p>文章来源: 中国发展网</p>", "中国发展网"),
        ("Body text.\n\nSource: Reuters", "Reuters"),
        ("<p>Body.</p>\n<p>(Source: The Associated Press)</p>", "The Associated Press"),
    ],
)
def test_attribution_forms(body: str, name: str) -> None:
    post = newspost.parse(f"---\ntitle: T\n---\n{body}")
    assert post.source is not None
    assert (post.source.name, post.source.kind) == (name, "attribution")
    assert len(post.paragraphs) == 1


def test_image_credit_is_not_an_attribution() -> None:
    assert source_of("正文。\n\n图片来源：霍尼韦尔官网") is None


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("增长8.4%。（央视新闻客户端）", "央视新闻客户端"),
        ("增长8.4%。(央视新闻)", "央视新闻"),
        ("前情。\n\n报道称。（21世纪经济报道）", "21世纪经济报道"),
        ("Markets rose. (Reuters)", "Reuters"),
    ],
)
def test_trailing_parenthesis_names_the_publisher(body: str, name: str) -> None:
    source = source_of(body)
    assert source is not None
    assert (source.name, source.kind) == (name, "parenthesis")


@pytest.mark.parametrize(
    "body",
    [
        "名单如下。（附名单）",
        "消息称。（记者 王鹏）",
        "全文结束。（完）",
        "超过去年(829万头)。",
        "融信中国(03301.HK)",
        "see (above)",
    ],
)
def test_parentheses_that_name_no_publisher(body: str) -> None:
    assert source_of(body) is None


def test_the_lead_names_the_publisher_when_the_text_does_not() -> None:
    post = newspost.parse("---\ntitle: T\n---\n> 导语。（上海证券报）\n\n正文没有来源。")
    assert post.source is not None and post.source.name == "上海证券报"
    assert post.lead == "导语。（上海证券报）"


def test_front_matter_source_wins() -> None:
    assert source_of("正文。（新华社）", "source: 财联社\n") == newspost.Source(
        name="财联社", text="财联社", kind="front_matter"
    )
    found = source_of("正文。", "source_name: Xinhua\n")
    assert found is not None and found.name == "Xinhua"
    found = source_of("Body.", "source:\n  name: AP\n  url: https://apnews.com\n")
    assert found is not None and found.name == "AP"


def test_front_matter_source_keeps_the_attribution_paragraph_for_writing_back() -> None:
    text = "---\ntitle: T\nsource: 财联社\n---\n<p>正文。</p><p>（文章来源：新华社）</p>\n"
    post = newspost.parse(text)
    assert post.source is not None
    assert (post.source.name, post.source.kind) == ("财联社", "front_matter")
    assert post.paragraphs == ["正文。"]
    again = newspost.parse(post.to_markdown())
    assert "（文章来源：新华社）" in post.to_markdown()
    assert (again.source, again.paragraphs, again.body) == (post.source, post.paragraphs, post.body)
