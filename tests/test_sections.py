"""The lead and the trailing lines: autolink to the original, links back to the site."""

from __future__ import annotations

import newspost
from newspost._urls import is_unsafe_url

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
    post = newspost.parse(
        HEAD + "T\n\n[a](https://x.example/) [b](//x.example/)\n", site_url="https://x.example"
    )
    assert [link.absolute_url for link in post.links] == [
        "https://x.example/",
        "https://x.example/",
    ]
    post = newspost.parse(HEAD + "T\n\n[b](//x.example/)\n")
    assert [link.absolute_url for link in post.links] == [None]
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


def test_links_to_other_sites_stay_in_the_article() -> None:
    text = HEAD + "See the notes below.\n\n[Release notes](https://elsewhere.example/notes)\n"
    post = newspost.parse(text)
    assert post.links == []
    assert post.paragraphs == ["See the notes below.", "Release notes"]
    assert "(https://elsewhere.example/notes)" in post.body


def test_a_references_list_is_content_and_stops_the_navigation() -> None:
    text = (
        HEAD + "Body.\n\nReferences:\n\n[Paper one](https://papers.example/1)\n"
        "[Paper two](http://papers.example/2)\n\n[Home](/)\n"
    )
    post = newspost.parse(text, site_url="https://news.example.org")
    assert [(link.text, link.url) for link in post.links] == [("Home", "/")]
    assert post.paragraphs == ["Body.", "References:", "Paper one Paper two"]


def test_a_line_mixing_site_and_other_links_is_content() -> None:
    post = newspost.parse(HEAD + "Body.\n\n[Home](/)｜[Partner](https://partner.example/)\n")
    assert post.links == []
    assert post.paragraphs == ["Body.", "Home｜Partner"]


def test_same_host_links_need_the_site_url() -> None:
    text = HEAD + "Body.\n\n[Archive](https://www.news.example.org/archive/)\n"
    assert newspost.parse(text).links == []
    post = newspost.parse(text, site_url="https://news.example.org/blog")
    assert [link.url for link in post.links] == ["https://www.news.example.org/archive/"]
    assert post.paragraphs == ["Body."]


def test_protocol_relative_links_to_another_host_are_content_when_the_site_is_known() -> None:
    text = HEAD + "Body.\n\n[Screenshot](//images.example.net/shot.png)\n"
    assert [link.url for link in newspost.parse(text).links] == ["//images.example.net/shot.png"]
    post = newspost.parse(text, site_url="https://news.example.org")
    assert post.links == []
    assert post.paragraphs == ["Body.", "Screenshot"]


def test_a_fragment_link_is_not_navigation() -> None:
    post = newspost.parse(HEAD + "Body.\n\n[Back to top](#top)\n")
    assert post.links == []


def test_the_autolink_is_the_original_only_as_the_last_content() -> None:
    text = HEAD + "Body.\n\n<https://origin.example/a>\n\n[More](https://other.example/)\n"
    post = newspost.parse(text)
    assert (post.original_url, post.links) == (None, [])
    assert post.paragraphs == ["Body.", "https://origin.example/a", "More"]
    post = newspost.parse(HEAD + "Body.\n\n<https://origin.example/a>\n\n[Home](../)\n")
    assert post.original_url == "https://origin.example/a"
    assert post.paragraphs == ["Body."]


def test_a_mail_autolink_closing_a_post_is_content() -> None:
    post = newspost.parse(HEAD + "Write to us:\n\n<mailto:desk@news.example.org>\n")
    assert post.original_url is None
    assert post.paragraphs == ["Write to us:", "mailto:desk@news.example.org"]


def test_file_and_entity_encoded_schemes_are_never_the_original() -> None:
    post = newspost.parse(HEAD + "T\n\n<file:///etc/passwd>\n")
    assert post.original_url is None
    assert [w.code for w in post.warnings] == ["unsafe_url"]
    for url in ("&#106;avascript:alert(1)", "jav&#x61;script:alert(1)", "&amp;#106;avascript:x"):
        post = newspost.parse(f"---\ndate: 2021-12-08\nlink: '{url}'\n---\nT\n")
        assert post.original_url is None, url
        assert [w.code for w in post.warnings] == ["unsafe_url"]


def test_is_unsafe_url() -> None:
    unsafe = [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "&#x6A;&#x61;vascript:x",
        "vbscript:msgbox",
        "data:text/html,<b>",
        "file:///etc/passwd",
        "FILE://server/share",
    ]
    assert [url for url in unsafe if not is_unsafe_url(url)] == []
    safe = ["https://a.example/", "//a.example/", "../x", "mailto:a@b.example", "/java script:"]
    assert [url for url in safe if is_unsafe_url(url)] == []
