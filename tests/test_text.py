"""Article bodies to paragraphs and images: HTML, Markdown, plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

import newspost
from newspost import _paragraphs


def body(text: str) -> newspost.Post:
    return newspost.parse("---\ntitle: T\ndate: 2021-12-08\n---\n" + text)


def test_html_paragraphs_as_a_reader_sees_them() -> None:
    post = body(
        '<p style="display:none;height:1px;"><br /></p><p>A&nbsp;&nbsp;b\u3000 c &lt;d&gt;'
        '<span id="x"></span>e<br /></p><script>var x = 1;</script><style>p {}</style>'
        "<!-- a comment --><div hidden>gone</div><p>line one<br>line two</p>"
        '<p style="visibility: hidden">hidden too</p><center><img src="/a.jpg" alt="A"></center>'
        "<p><img src='/b.png'></p><p>tail</p>"
    )
    assert post.paragraphs == ["A b c <d>e", "line one", "line two", "tail"]
    assert post.images == [newspost.Image(src="/a.jpg", alt="A"), newspost.Image(src="/b.png")]


def test_stock_quote_blocks_are_left_out() -> None:
    post = body(
        '<!-- EM_StockImg_Start --><p><a href="q"><img src="k.png" alt="K图 NIO_0"></a></p>'
        "<!-- EM_StockImg_End --><p>News.</p>"
    )
    assert post.paragraphs == ["News."]
    assert post.images == []


def test_figure_captions() -> None:
    post = body(
        '<figure><img src="a.jpg" alt="a"><figcaption>The <b>caption</b></figcaption></figure>'
    )
    assert post.images == [newspost.Image(src="a.jpg", alt="a", caption="The caption")]
    assert post.paragraphs == ["The caption"]


def test_tables_lists_and_headings() -> None:
    post = body(
        "<h2>Head</h2><ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
    )
    assert post.paragraphs == ["Head", "one", "two", "a b"]


def test_malformed_and_unclosed_html() -> None:
    post = body("<p>open <b>bold <i>both</p><p>next</div></span>end")
    assert post.paragraphs == ["open bold both", "nextend"]  # as a browser shows it


def test_markdown_syntax_is_not_left_in_the_text() -> None:
    post = body(
        "# Heading\n\nSome *emphasis*, **strong** and `code` with a [link](http://x).\n\n"
        "- item one\n- item two\n\n1. first\n\n> quoted\n\n![alt text](/img.png)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\nAfter the rule &amp; an entity.\n"
    )
    assert post.paragraphs == [
        "Heading",
        "Some emphasis, strong and code with a link.",
        "item one",
        "item two",
        "first",
        "quoted",
        "a b",
        "1 2",
        "After the rule & an entity.",
    ]
    assert post.images == [newspost.Image(src="/img.png", alt="alt text")]


def test_markdown_right_under_an_html_line_is_rendered() -> None:
    post = body('* one\n\n<iframe src="/x"></iframe>\n![](/a.jpg)\n\n## Two\n')
    assert post.paragraphs == ["one", "Two"]
    assert post.images == [newspost.Image(src="/a.jpg")]


def test_indented_html_after_a_blank_line_is_still_html() -> None:
    post = body("<div>\n  <p>one</p>\n\n    <p>two</p>\n</div>")
    assert post.paragraphs == ["one", "two"]


def test_plain_text_blocks_between_blank_lines() -> None:
    post = body("第一段\u3000文字。\n续行。\n\n\n第二段。")
    assert post.paragraphs == ["第一段 文字。 续行。", "第二段。"]


def test_deeply_nested_html_does_not_recurse() -> None:
    post = body("<div>" * 100_000 + "deep" + "</div>" * 100_000)
    assert post.paragraphs == ["deep"]
    assert [w.code for w in post.warnings] == ["html_too_deep"]


def test_markdown_rendering_does_not_leak() -> None:
    """cmarkgfm's own wrapper leaks ~150 KB a call; newspost's must not grow at all."""
    import subprocess
    import sys

    script = (
        "import resource, newspost._markdown as m\n"
        "doc = '# Title\\n\\n' + 'Some *text* with a [link](/x).\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\n' * 200\n"
        "for _ in range(200): m.to_html(doc)\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "for _ in range(2000): m.to_html(doc)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    grown_kb = int(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout
    )
    assert grown_kb < 5_000  # the leak would be about 2000 x 150 KB = 300 MB


def test_importing_newspost_starts_no_process() -> None:
    # ctypes.util.find_library("c") ran /sbin/ldconfig at every import, for the free()
    # of cmark-gfm's buffers; cmark-gfm's own allocator gives it now.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "started = []\n"
        "sys.addaudithook(lambda event, args: started.append(event)"
        " if event in ('subprocess.Popen', 'os.posix_spawn', 'os.exec', 'os.fork') else None)\n"
        "import newspost, newspost._cli\n"
        "newspost.parse('---\\ntitle: A\\n---\\nSome *text*.\\n')\n"
        "print(started)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr


def test_hugo_html_content_file_summary_is_the_lead_and_body_is_html(tmp_path: Path) -> None:
    # Hugo 0.111: an .html content file is HTML as it stands, and its part before
    # <!--more--> is shown on list pages only, not in the page.
    page = tmp_path / "teaser.html"
    page.write_text(
        '+++\ntitle = "T"\n+++\n<p>Teaser.</p>\n<!--more-->\n<p>\n\tBody.\n\n\t#7 line\n</p>\n',
        encoding="utf-8",
    )
    post = newspost.parse_file(page)
    assert post.lead == "Teaser."
    assert post.paragraphs == ["Body. #7 line"]
    markdown = tmp_path / "teaser.md"
    markdown.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    # A Markdown content file keeps both parts (goldmark; the divider is a comment).
    assert newspost.parse_file(markdown).lead is None


def test_goldmark_shows_indented_html_after_a_blank_line_as_code() -> None:
    # Hugo's goldmark: an HTML block ends at a blank line, and lines indented by four
    # spaces after it are a code block, shown as text; kramdown's sites keep 0.1's reading.
    html = "<ul>\n    <li>one</li>\n\n    <li>two <b>bold</b></li>\n</ul>\n"
    hugo = newspost.parse("+++\ntitle = 'T'\n+++\n" + html)
    assert hugo.paragraphs == ["one", "<li>two <b>bold</b></li>"]
    jekyll = newspost.parse("---\ntitle: T\n---\n" + html)
    assert jekyll.paragraphs == ["one", "two bold"]


@pytest.mark.parametrize("reference", ["&#xFDD0;", "&#xfdd0", "&#64976;", "&#x0000FDD0;"])
def test_a_noncharacter_written_as_a_reference_is_text_not_a_paragraph_mark(
    reference: str,
) -> None:
    # libxml2 decodes the reference: the paragraph mark must be another character.
    html = f"<p>a {reference} b</p><p>c</p>"
    assert _paragraphs.extract_html(html).paragraphs == ["a \ufdd0 b", "c"]


@pytest.mark.parametrize("joined", ["&#xFD&#1;D0;", "&#xFD</body>D0;", "&#649&#xFFFE;76;"])
def test_a_reference_to_a_noncharacter_left_by_the_cleaning_is_text(joined: str) -> None:
    # The markup is cleaned before libxml2 reads it (a reference to a control character,
    # </body>, removed): what is left can be a reference to a mark, which libxml2 decodes.
    html = f"<p>a {joined} b</p><p>c</p>"
    assert _paragraphs.extract_html(html).paragraphs == ["a \ufdd0 b", "c"]


def test_when_every_mark_is_written_one_is_taken_out_in_every_form() -> None:
    every = "".join(_paragraphs._MARKS)
    got = _paragraphs.extract_html(f"<p>{every} &#xFDD0; x</p><p>c</p>").paragraphs
    assert got == [every[1:] + " x", "c"]
