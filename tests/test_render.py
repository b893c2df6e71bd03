"""Markdown read as kramdown (Jekyll) and goldmark (Hugo) read it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newspost import _paragraphs as _text
from newspost._render import render


def paragraphs(markdown: str, flavor: str) -> list[str]:
    return _text.extract_html(render(markdown, flavor=flavor)).paragraphs  # type: ignore[arg-type]


def test_cjk_emphasis_is_rendered_as_kramdown_renders_it() -> None:
    markdown = "新闻说。**我们今天“发布”了**这个版本，也就是**“新版”**的。\n"
    html = render(markdown, flavor="kramdown")
    assert "<strong>我们今天“发布”了</strong>" in html
    assert "<strong>“新版”</strong>" in html
    assert "**" not in html


def test_cjk_strikethrough_is_rendered_for_kramdown() -> None:
    html = render("价格是~~“一百”~~元。\n", flavor="kramdown")
    assert "<del>“一百”</del>" in html


def test_goldmark_keeps_commonmark_flanking_rules() -> None:
    # Hugo 0.111's goldmark has no CJK rule: the delimiters stay text there.
    html = render("新闻说。**“新版”**的。\n", flavor="goldmark")
    assert "<strong>" not in html
    assert "**“新版”**" in html


def test_emphasis_next_to_spaces_is_not_opened() -> None:
    html = render("a ** b ** c and 2 * 3 * 4\n", flavor="kramdown")
    assert "<strong>" not in html and "<em>" not in html


def test_the_neutral_mark_never_reaches_the_html() -> None:
    markdown = "见[链接](http://example.com/a**“b”**c)和`代码**“x”**`。\n"
    html = render(markdown, flavor="kramdown")
    assert all(not 0xFDD0 <= ord(c) <= 0xFDEF for c in html)
    assert "%EF%B7" not in html
    assert "<code>代码**“x”**</code>" in html


def test_text_holding_a_noncharacter_keeps_it() -> None:
    html = render("甲\ufdef乙。**“丙”**丁\n", flavor="kramdown")
    assert "\ufdef" in html and "<strong>“丙”</strong>" in html


def test_fenced_code_is_left_alone() -> None:
    markdown = "```\n| a | b |\n<!-- c --> d\n。**“e”**\n```\n"
    html = render(markdown, flavor="kramdown")
    assert "| a | b |\n&lt;!-- c --&gt; d\n。**“e”**" in html


def test_kramdown_table_without_delimiter_row() -> None:
    markdown = "Intro.\n\n| first | one |\n| second | two \\| three |\n\nAfter.\n"
    found = paragraphs(markdown, "kramdown")
    assert found == ["Intro.", "first one", "second two | three", "After."]


def test_kramdown_table_needs_no_leading_pipe_and_drops_separator_lines() -> None:
    markdown = "Download | Mirror | Checksum\n|---|---|---|\nDVD | here | sum\n|---|---|---|\nNet | there | sum\n"
    found = paragraphs(markdown, "kramdown")
    assert found == ["Download Mirror Checksum", "DVD here sum", "Net there sum"]


def test_kramdown_table_rows_of_different_widths_keep_every_cell() -> None:
    found = paragraphs("| a |\n| b | c | d |\n", "kramdown")
    assert found == ["a", "b c d"]


def test_pipe_lines_inside_a_paragraph_are_not_a_table() -> None:
    found = paragraphs("Some text\n| not a table |\n", "kramdown")
    assert found == ["Some text | not a table |"]


def test_goldmark_needs_the_delimiter_row() -> None:
    found = paragraphs("| a | b |\n| c | d |\n", "goldmark")
    assert found == ["| a | b | | c | d |"]


def test_text_after_a_comment_on_its_line_is_markdown() -> None:
    markdown = (
        "Lead paragraph.\n\n<!-- more --> The **rest** with [a link](https://example.com/x).\n"
    )
    html = render(markdown, flavor="kramdown")
    assert "<!-- more -->" in html
    assert "<strong>rest</strong>" in html and '<a href="https://example.com/x">a link</a>' in html


def test_a_comment_inside_a_paragraph_stays_inline() -> None:
    found = paragraphs("First line\n<!-- note --> and **more**\n", "kramdown")
    assert found == ["First line and more"]


def test_markdown_after_a_closed_html_element_is_rendered() -> None:
    markdown = (
        '<iframe src="https://example.com/v"></iframe>\n**Bold** and [link](https://example.com)\n'
    )
    html = render(markdown, flavor="kramdown")
    assert "<strong>Bold</strong>" in html and '<a href="https://example.com">link</a>' in html


def test_markdown_after_a_span_level_tag_line_is_rendered() -> None:
    markdown = "<br />\nText with **bold** and [link](https://example.com)\n"
    html = render(markdown, flavor="kramdown")
    assert "<strong>bold</strong>" in html and "<a href" in html


def test_goldmark_runs_an_html_block_to_the_blank_line() -> None:
    html = render('<div class="x"></div>\n**not bold**\n', flavor="goldmark")
    assert "**not bold**" in html


def test_raw_html_is_kept() -> None:
    html = render(
        'Text <span class="a">in span</span>.\n\n<div id="d">block</div>\n', flavor="kramdown"
    )
    assert '<span class="a">in span</span>' in html and '<div id="d">block</div>' in html


def test_extract_with_a_flavor_and_without() -> None:
    markdown = "新闻。**“新版”**的。\n"
    assert _text.extract(markdown, "kramdown").paragraphs == ["新闻。“新版”的。"]
    assert _text.extract(markdown).paragraphs == ["新闻。**“新版”**的。"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"*~|<>-`!\n 。“”a", "<!--", "-->", "<br>", "<div>", "</div>", "```", "\\|", "~~"]
        ),
        max_size=60,
    ).map("".join)
)
def test_render_never_raises_nor_leaks_the_mark(markdown: str) -> None:
    for flavor in ("kramdown", "goldmark"):
        html = render(markdown, flavor=flavor)  # type: ignore[arg-type]
        assert all(not 0xFDD0 <= ord(c) <= 0xFDEF for c in html)


def test_block_html_runs_raw_to_its_closing_tag_across_blank_lines() -> None:
    # kramdown (parse_block_html off, as on Jekyll): the element's content is raw,
    # blank lines included; Markdown after the closing tag is Markdown again.
    markdown = "<blockquote>**Title**\n> quoted\n\n> [a link](/x)\n</blockquote>\n**after**\n"
    html = render(markdown, flavor="kramdown")
    assert "**Title**" in html and "[a link](/x)" in html
    assert "<strong>after</strong>" in html
    assert paragraphs(markdown, "kramdown")[-1] == "after"


def test_text_after_the_closing_tag_is_a_paragraph() -> None:
    html = render("<section>\n**in**\n\nmore\n</section> tail **t**\n", flavor="kramdown")
    assert "**in**" in html and "<p>tail <strong>t</strong></p>" in html


def test_an_element_kramdown_never_sees_closed_runs_to_the_end() -> None:
    # The <p> inside is never closed: </div> is text to kramdown, and so is the rest.
    markdown = '<div class="x">\n<p>open\n</div>\n\nAfter **md** [a](http://b)\n'
    html = render(markdown, flavor="kramdown")
    assert "After **md** [a](http://b)" in html
    assert "<strong>" not in html


def test_an_element_closed_on_its_line_keeps_the_line_rule() -> None:
    html = render("<div>one</div>\n**two**\n", flavor="kramdown")
    assert "<strong>two</strong>" in html


def test_goldmark_renders_markdown_after_a_blank_line_in_block_html() -> None:
    html = render("<div>\n\n**bold**\n\n</div>\n", flavor="goldmark")
    assert "<strong>bold</strong>" in html


def test_kramdown_definition_list_term_and_definition_are_blocks() -> None:
    markdown = "Versions\n: * 1.0 and before\n  * 2.0 and before\n\nSIZE\n: 1024 bytes\n"
    assert paragraphs(markdown, "kramdown") == [
        "Versions",
        "1.0 and before",
        "2.0 and before",
        "SIZE",
        "1024 bytes",
    ]


def test_a_colon_line_with_nothing_above_is_text() -> None:
    assert paragraphs(": not a definition\n", "kramdown") == [": not a definition"]


def test_kramdown_inline_attribute_lists_are_not_text() -> None:
    markdown = '![logo](/l.png)\n{: style="float:right" width="90"}\n\nSee [the tool](/t){:target="_blank"} now.\n'
    assert paragraphs(markdown, "kramdown") == ["See the tool now."]


def test_a_ruby_hash_in_code_keeps_its_braces() -> None:
    assert "{:a =&gt; 1}" in render("Call `f {:a => 1}` here.\n", flavor="kramdown")


def test_an_atx_heading_without_text_is_text_in_kramdown() -> None:
    markdown = "Text\n\n###\n\n## \nmore\n\n### Real\n"
    assert paragraphs(markdown, "kramdown") == ["Text", "###", "## more", "Real"]
    assert "<h3></h3>" in render("###\n", flavor="goldmark")


def test_a_comment_across_many_lines_hides_a_closing_tag() -> None:
    # The element is read in growing windows of lines: a comment that opens in one
    # window and ends in a later one still hides the </div> inside it.
    markdown = "<div>\n" + "x\n" * 6 + "<!--\n" + "y\n" * 30 + "</div>\n-->\n</div>\n**after**\n"
    html = render(markdown, flavor="kramdown")
    assert "<strong>after</strong>" in html
    assert html.index("-->") < html.index("<strong>")


def test_a_comment_that_never_ends_is_text() -> None:
    markdown = "<div>\n<!-- open\n" + "z\n" * 20 + "</div>\n**after**\n"
    assert "<strong>after</strong>" in render(markdown, flavor="kramdown")


def test_many_elements_and_stray_brackets_render() -> None:
    markdown = "<div>\nx\n\n</div>\n" * 200 + "<p>\n" + "<a b='" * 200 + "\n"
    html = render(markdown, flavor="kramdown")
    assert html.count("<div>") == 200


@pytest.mark.parametrize(
    ("markdown", "kept"),
    [
        # The author's own percent-encoding of a noncharacter in a URL, and a reference to one,
        # are not the neutral mark (which is taken out of the HTML afterwards).
        ("*a* [x](http://a/%EF%B7%AF)\n", 'href="http://a/%EF%B7%AF"'),
        ("*a* [x](http://a/%ef%b7%af)\n", 'href="http://a/%ef%b7%af"'),
        ("*a* &#xFDEF; b\n", "\ufdef b"),
        ("*a* &#65007; b\n", "\ufdef b"),
    ],
)
def test_a_noncharacter_the_author_wrote_is_not_taken_for_the_mark(
    markdown: str, kept: str
) -> None:
    assert kept in render(markdown, flavor="kramdown")
