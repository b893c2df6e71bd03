"""Post.html: the article as clean HTML whose visible text is Post.text."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

import newspost
from tests.corpus import CORPUS

ROOT = Path(__file__).resolve().parent.parent
# Elements that begin and end a block of text for a reader (newspost._paragraphs._BLOCKS).
BLOCKS = """
    address article aside blockquote body caption center dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li
    main nav ol p pre section summary table tbody tfoot thead tr ul br
""".split()


def visible_text(html: str | BeautifulSoup) -> str:
    """What a reader sees of ``html``, read with BeautifulSoup: blocks apart, spaces folded."""
    soup = BeautifulSoup(html, "lxml") if isinstance(html, str) else html
    for element in soup.find_all(BLOCKS):
        element.insert_before("\n")
        element.insert_after("\n")
    for cell in soup.find_all(["td", "th"]):  # cells are spaced apart, not broken
        cell.insert_after(" ")
    return " ".join(soup.get_text().split())


def folded(text: str) -> str:
    return " ".join(text.split())


def posts_under(*roots: Path) -> list[newspost.Post]:
    posts = [
        result
        for root in roots
        for result in newspost.parse_dir(root, workers=1, sections=True)
        if isinstance(result, newspost.Post)
    ]
    assert posts
    return posts


def test_visible_text_is_the_text_on_our_fixtures() -> None:
    posts = posts_under(ROOT / "tests" / "fixtures", ROOT / "examples" / "site")
    assert len(posts) > 80
    mismatched = [p.path for p in posts if visible_text(p.html) != folded(p.text)]
    assert mismatched == []
    assert sum(bool(p.html) for p in posts) > 70  # not vacuous: most have an article


@pytest.mark.corpus
def test_visible_text_is_the_text_on_the_corpus() -> None:
    posts = posts_under(CORPUS)
    assert len(posts) > 600
    mismatched = []
    for post in posts:
        soup = BeautifulSoup(post.html, "lxml")
        assert not soup.find_all(["script", "style", "iframe"]), post.path
        for element in soup.find_all(True):
            assert not any(name.lower().startswith("on") for name in element.attrs), post.path
        if visible_text(soup) != folded(post.text):
            mismatched.append(post.path)
    assert mismatched == []


def test_markdown_is_rendered_and_the_lead_and_links_left_out() -> None:
    text = (
        "---\ntitle: A\n---\n> The lead.\n\n## Rates\n\nFlat, [said](https://x.org/a) *all*.\n\n"
        "- one\n- two\n\n<https://example.com/original>\n"
    )
    post = newspost.parse(text)
    soup = BeautifulSoup(post.html, "lxml")
    assert soup.h2 is not None and soup.h2.get_text() == "Rates"
    assert [a["href"] for a in soup.find_all("a")] == ["https://x.org/a"]
    assert [li.get_text() for li in soup.find_all("li")] == ["one", "two"]
    assert "The lead." not in post.html and "example.com/original" not in post.html
    assert post.text == "Rates\nFlat, said all.\none\ntwo"


def test_scripts_styles_hidden_blocks_handlers_and_script_urls_are_removed() -> None:
    body = (
        '<p onclick="steal()" onMouseOver="x()" style="color: red">Visible '
        '<a href="javascript:alert(1)">one</a> <a href=" JaVa\tScript:alert(2)">two</a> '
        '<a href="https://x.org/">three</a></p>\n'
        "<script>alert(3)</script><style>p { color: red }</style>\n"
        '<p style="display:none">hidden by style</p><div hidden>hidden by attribute</div>\n'
        "<!-- a comment -->\n"
        '<iframe src="https://x.org/embed"></iframe>\n'
        '<p><img src="data:image/png;base64,AAAA" alt="dot"> '
        '<img src="data:text/html;base64,AAAA" alt="page"> <img src="/a.png" onerror="x()"></p>\n'
        '<form action="javascript:x()"><button formaction="javascript:y()">b</button></form>\n'
    )
    post = newspost.parse("---\ntitle: A\n---\n" + body)
    html = post.html
    for gone in (
        "onclick",
        "onmouseover",
        "onerror",
        "style",
        "javascript",
        "JaVa",
        "alert",
        "hidden",
        "comment",
        "iframe",
        "data:text",
        "<button",
    ):
        assert gone not in html.lower() if gone.islower() else gone not in html, gone
    soup = BeautifulSoup(html, "lxml")
    assert [a.get("href") for a in soup.find_all("a")] == [None, None, "https://x.org/"]
    assert [img.get("src") for img in soup.find_all("img")] == [
        "data:image/png;base64,AAAA",
        None,
        "/a.png",
    ]
    assert visible_text(html) == folded(post.text) == "Visible one two three"


def test_plain_text_and_empty_bodies() -> None:
    post = newspost.parse("---\ntitle: A\n---\nOne, two.\n\nThree?\n")
    assert post.html == "<p>One, two.</p>\n<p>Three?</p>\n"
    amp = newspost.parse("---\ntitle: A\n---\nA & B, 1 < 2.\n")
    assert amp.html == "<p>A &amp; B, 1 &lt; 2.</p>\n"
    assert [p.get_text() for p in BeautifulSoup(post.html, "lxml").find_all("p")] == post.paragraphs
    assert newspost.parse("---\ntitle: A\n---\n").html == ""
    assert newspost.Post(title="B").html == ""


def test_html_is_computed_not_stored() -> None:
    post = newspost.parse("---\ntitle: A\n---\nOld *text*.\n")
    assert "html" not in post.model_dump()
    assert '"html"' not in post.to_json()
    assert "html" not in newspost.Post.model_json_schema(mode="serialization")["properties"]
    changed = post.model_copy(update={"body": "New **text**."})
    assert changed.html == "<p>New <strong>text</strong>.</p>\n"
    assert newspost.Post.from_json(post.to_json()).html == post.html


def test_liquid_is_rendered_as_on_the_site(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Site\nname: The Site\n", encoding="utf-8")
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2021-12-08-a.md").write_text(
        "---\ntitle: A\n---\nWelcome to *{{ site.name }}*.\n", encoding="utf-8"
    )
    [post] = newspost.parse_dir(tmp_path, workers=2)
    assert isinstance(post, newspost.Post)
    assert post.text == "Welcome to The Site."
    assert post.html == "<p>Welcome to <em>The Site</em>.</p>\n"
    assert pickle.loads(pickle.dumps(post)).html == post.html
    # The body as written keeps its Liquid; html follows the body once it is changed.
    assert "{{ site.name }}" in post.body
    edited = post.model_copy(update={"body": "Bye."})
    assert edited.html == "<p>Bye.</p>\n"


# Pieces of the markup real bodies hold, hostile ones included, to build bodies from.
PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<div hidden>", "</div>", "<script>", "</script>", "<style>", "</style>",
        "<span style='display:none'>", "</span>", "<table><tr>", "<td>", "</table>", "<br>",
        "<!--", "-->", "<img src=x>", "<a href='javascript:x'>", "</a>", "<p onclick=x>",
        "*", "**", "_", "`", "# ", "- ", "1. ", "> ", "|", "---", "    code", "[a](b)",
        "\n", "\n\n", "  ", "&amp;", "&nbsp;", "text", "字", "\ufdd0",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=30).map("".join))
def test_visible_text_is_the_text_on_any_body(body: str) -> None:
    post = newspost.parse("---\ntitle: a\n---\n" + body)
    html = post.html
    assert visible_text(html) == folded(post.text)
    soup = BeautifulSoup(html, "lxml")
    assert not soup.find_all(["script", "style"])
    for element in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in element.attrs)
        assert "javascript:" not in str(element.get("href", "")).lower()
