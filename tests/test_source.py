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
        ("示例大桥今日通车。（新华社）", "新华社"),
        ("示例县开展植树活动。（人民日报）", "人民日报"),
        ("示例公司发布年度报告。（示例晚报）", "示例晚报"),
        ("示例展览开幕。（示例新闻网）", "示例新闻网"),
        ("示例指数收涨。（示例财经客户端）", "示例财经客户端"),
        ("示例节目播出。（示例市电视台）", "示例市电视台"),
        ("示例政策发布。（示例委网站）", "示例委网站"),
        ("示例数据公布。（东方财富Choice数据）", "东方财富Choice数据"),
        ("示例公司公告。（e公司）", "e公司"),
        ("示例城市降雪。（据新华社）", "新华社"),
        ("示例杂志出版。（《示例周刊》）", "示例周刊"),
        ("Prices fell. (AP)", "AP"),
        ("Prices fell. (Bloomberg)", "Bloomberg"),
        ("A storm hit the coast. (The Guardian)", "The Guardian"),
        ("A storm hit the coast. (Example Valley News)", "Example Valley News"),
        ("The bill passed. (The Example Times)", "The Example Times"),
        ("The bill passed. (via Example Daily Post)", "Example Daily Post"),
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
        # timestamps, credits, people, notes, editor's remarks: not publishers
        "The fix ships on 2024-01-02 09:00 (UTC)",
        "A new banner for the release. (Image made with DALL-E)",
        "Thanks to everyone who helped. (Matz)",
        "That is all for today. (END)",
        "故事纯属示例。（部分人物为化名）",
        "示例活动正式（开始）",
        "See the plan. (Roadmap)",
        "Built from (SVN revision 444)",
        "Help the project (Donate online)",
        "A new lab opened (S&T)",
        "示例公司发布业绩。（2023年年报）",
        "示例设备接入（物联网）",
        "更多内容见下文。（相关新闻）",
        "设备连接到无线接入点 wireless access point (AP)",
        "示例数据。（数据来自示例网）",
        "示例。（新华社和示例日报）",
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


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("正文。\n\n原文来自：示例新闻网", "示例新闻网"),
        ("正文。\n\n转载自 示例日报", "示例日报"),
        ("正文。\n\n本文转自《示例周刊》", "示例周刊"),
        ("正文。\n\n摘自《示例晚报》", "示例晚报"),
        ("正文。\n\n【来源：示例客户端】", "示例客户端"),
        ("Body text.\n\nOriginally published by Example Wire Service.", "Example Wire Service"),
        (
            "Body text.\n\nOriginally published in The Example Post on 3 May 2024.",
            "The Example Post",
        ),
        ("Body text.\n\nThis article originally appeared on example.org.", "example.org"),
        ("Body text.\n\nvia The Example Verge", "The Example Verge"),
        ("Body text.\n\nVia: [Example Weekly](https://weekly.example/)", "Example Weekly"),
        ("<p>Body.</p><p>via openSUSE Example Forums</p>", "openSUSE Example Forums"),
        ("Body text.\n\nSource: https://www.example.org/a/1.html", "www.example.org"),
    ],
)
def test_more_attribution_lines(body: str, name: str) -> None:
    test_attribution_forms(body, name)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("来源：《示例人物周刊》，文章略有删减。", "示例人物周刊"),
        ("来源：示例号出品 未经许可不得转载", "示例号出品"),
        ("文章来源：示例日报（版权归原作者所有，如有侵权请联系删除）", "示例日报"),
        ("来源：示例网 版权所有", "示例网"),
        ("本文来自：示例公众号（ID：example01），作者：张三", "示例公众号"),
        ("Source: Example Daily. All rights reserved.", "Example Daily"),
        ("Source: Example Daily, edited for length", "Example Daily"),
    ],
)
def test_the_name_is_cleaned_the_text_kept_whole(line: str, name: str) -> None:
    post = newspost.parse(f"---\ntitle: T\n---\n正文。\n\n{line}\n")
    assert post.source is not None
    assert (post.source.name, post.source.text, post.source.markup) == (name, line, line)
    assert post.paragraphs == ["正文。"]


@pytest.mark.parametrize(
    "body",
    [
        "正文。\n\n来源：网络",  # "the Internet" names no one
        "正文。\n\n数据来源：示例统计局",  # a data source, not the publisher
        "Body text.\n\nvia email",  # not a name
        "Body text.\n\nVia the bridge, trucks reach the port.",  # a sentence
        "Body text.\n\nSource code: https://git.example/repo",
        "Body text.\n\nThe source: a long story about the river.",
    ],
)
def test_lines_that_are_no_attribution(body: str) -> None:
    post = newspost.parse(f"---\ntitle: T\n---\n{body}")
    assert post.source is None
    assert len(post.paragraphs) == 2


def test_an_editor_line_after_the_attribution_goes_with_it() -> None:
    tail = '<p class="media">（文章来源：示例日报）</p>\n<p>（责任编辑：李四）</p>'
    post = newspost.parse(f"---\ntitle: T\n---\n<p>正文。</p>\n{tail}\n")
    assert post.source == newspost.Source(
        name="示例日报",
        text="（文章来源：示例日报） （责任编辑：李四）",
        kind="attribution",
        markup=tail,
    )
    assert post.paragraphs == ["正文。"]
    post = newspost.parse("---\ntitle: T\n---\n正文。\n\n来源：示例网\n\n(Editor: Example Name)\n")
    assert post.source is not None and post.source.name == "示例网"
    assert post.paragraphs == ["正文。"]
    # Spelled with character references, or in capitals, it is still an editor's line.
    for editor in (
        "<p>（&#36131;&#20219;&#32534;&#36753;：李四）</p>",
        "(EDITOR: Example Name)",
        "*Ed*itor: Example Name",
        "<b>Ed</b>itor: Example Name",
    ):
        post = newspost.parse(f"---\ntitle: T\n---\n正文。\n\n来源：示例网\n\n{editor}\n")
        assert post.source is not None and post.source.name == "示例网", editor
        assert post.paragraphs == ["正文。"]


def test_an_editor_line_alone_stays_in_the_article() -> None:
    post = newspost.parse("---\ntitle: T\n---\n正文。\n\n（责任编辑：李四）\n")
    assert post.source is None
    assert post.paragraphs == ["正文。", "（责任编辑：李四）"]


def test_an_attribution_closing_a_markdown_paragraph() -> None:
    post = newspost.parse("---\ntitle: T\n---\nFirst.\n\nLast words.\nSource: Example News\n")
    assert post.source is not None and post.source.name == "Example News"
    assert post.paragraphs == ["First.", "Last words."]
    post = newspost.parse("---\ntitle: T\n---\n- one\n- Source: Example News\n")
    assert post.source is None  # a list item is the list's


def test_the_lexicon_is_plain_data() -> None:
    from newspost._source import PUBLISHERS, is_publisher

    assert {"新华社", "央视新闻", "Reuters", "AP", "Bloomberg", "AFP", "BBC", "CNN"} <= PUBLISHERS
    assert all(is_publisher(name) for name in PUBLISHERS)
