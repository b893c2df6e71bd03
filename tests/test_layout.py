"""The lead and the trailing lines: autolink to the original, links back to the site."""

from __future__ import annotations

import newspost

HEAD = "---\ntitle: T\ndate: 2021-12-08\n---\n"


def test_autolink_and_links_joined_on_one_line() -> None:
    post = newspost.parse(
        HEAD + "Text.\n\n<http://a.example/1>\n\n[Back](//site/emnews/)｜[Home](//site/)\n"
    )
    assert post.original_url == "http://a.example/1"
    assert [(link.text, link.url) for link in post.links] == [
        ("Back", "//site/emnews/"),
        ("Home", "//site/"),
    ]
    assert post.paragraphs == ["Text."]
    assert post.body == "Text."


def test_links_on_separate_lines_and_ascii_bar() -> None:
    post = newspost.parse(HEAD + "Text.\n\n<>\n\n[A](../a/)\n[B](../) | [C](<./c d/>)\n")
    assert post.original_url is None
    assert [link.url for link in post.links] == ["../a/", "../", "./c d/"]


def test_no_trailing_lines() -> None:
    post = newspost.parse(HEAD + "Text with a [link](http://x) inside.\n")
    assert (post.original_url, post.links) == (None, [])
    assert post.paragraphs == ["Text with a link inside."]


def test_front_matter_url_wins() -> None:
    post = newspost.parse(
        "---\noriginal_url: https://fm.example/\n---\nT\n\n<http://auto.example/>\n"
    )
    assert post.original_url == "https://fm.example/"
    post = newspost.parse("---\nsource_url: https://s.example/\n---\nT\n")
    assert post.original_url == "https://s.example/"


def test_javascript_urls_are_kept_as_data_and_flagged() -> None:
    post = newspost.parse(HEAD + "T\n\n<javascript:alert(1)>\n\n[x](javascript:alert(1))\n")
    assert post.original_url is None
    assert post.links[0].url == "javascript:alert(1)"
    assert [w.code for w in post.warnings] == ["unsafe_url", "unsafe_url"]
    assert newspost.parse("---\nlink: javascript:alert(1)\n---\n").original_url is None


def test_lead_spanning_lines() -> None:
    post = newspost.parse(HEAD + "> First line\n> second *line*.\n\nBody.\n")
    assert post.lead == "First line second line."
    assert post.paragraphs == ["Body."]


def test_absolute_urls_are_known_relative_ones_need_a_site() -> None:
    post = newspost.parse(HEAD + "T\n\n[a](https://x.example/) [b](//x.example/)\n")
    assert [link.absolute_url for link in post.links] == ["https://x.example/", None]
    post = newspost.parse(
        HEAD + "T\n\n[b](//x.example/)｜[c](../emnews/)\n", site_url="https://x.example/blog"
    )
    assert [link.absolute_url for link in post.links] == [
        "https://x.example/",
        "https://x.example/emnews/",
    ]
    assert [link.url for link in post.links] == ["//x.example/", "../emnews/"]


def test_unsafe_front_matter_url_is_flagged() -> None:
    post = newspost.parse("---\ndate: 2021-12-08\nlink: javascript:alert(1)\n---\nT\n")
    assert post.original_url is None
    assert [(w.code, w.line) for w in post.warnings] == [("unsafe_url", 3)]
