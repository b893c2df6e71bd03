"""What a post is on its site: Jekyll and Hugo semantics, on sites the tests write themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

import newspost

POST = "---\ntitle: {title}\ndate: 2024-03-05 08:09:10 +0000\n{more}---\nText of the post.\n"


def jekyll_site(root: Path, config: str) -> Path:
    (root / "_config.yml").write_text(config, encoding="utf-8")
    posts = root / "zh_cn" / "news" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2024-03-05-Hello-World.md").write_text(
        POST.format(title="Hello", more="categories: Release\n"), encoding="utf-8"
    )
    return posts / "2024-03-05-Hello-World.md"


def test_folder_categories_come_first_then_the_front_matter_ones(tmp_path: Path) -> None:
    path = jekyll_site(tmp_path, "url: https://example.org\n")
    post = newspost.parse_file(path)
    assert post.categories == ["zh_cn", "news", "Release"]
    [via_dir] = newspost.parse_dir(tmp_path, workers=1)
    assert via_dir.categories == ["zh_cn", "news", "Release"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("permalink", "url"),
    [
        ("", "/zh_cn/news/release/2024/03/05/Hello-World.html"),
        ("date", "/zh_cn/news/release/2024/03/05/Hello-World.html"),
        ("pretty", "/zh_cn/news/release/2024/03/05/Hello-World/"),
        ("ordinal", "/zh_cn/news/release/2024/065/Hello-World.html"),
        ("none", "/zh_cn/news/release/Hello-World.html"),
        ("/:year/:month/:day/:title/", "/2024/03/05/Hello-World/"),
        ("/:categories/:slug", "/zh_cn/news/release/hello-world"),
        ("/blog/:i_month/:i_day/:short_year/:title.html", "/blog/3/5/24/Hello-World.html"),
    ],
)
def test_url_follows_the_sites_permalink_setting(tmp_path: Path, permalink: str, url: str) -> None:
    config = "url: https://example.org\n" + (f"permalink: {permalink}\n" if permalink else "")
    post = newspost.parse_file(jekyll_site(tmp_path, config))
    assert post.url == url


def test_url_has_the_baseurl_in_front_and_a_post_permalink_wins(tmp_path: Path) -> None:
    path = jekyll_site(tmp_path, "url: https://example.org\nbaseurl: /blog\npermalink: pretty\n")
    assert newspost.parse_file(path).url == "/blog/zh_cn/news/release/2024/03/05/Hello-World/"
    path.write_text(POST.format(title="A", more="permalink: /about/a/\n"), encoding="utf-8")
    assert newspost.parse_file(path).url == "/blog/about/a/"


def test_a_post_outside_any_site_has_no_url() -> None:
    assert newspost.parse(POST.format(title="A", more=""), path="2024-03-05-a.md").url is None


def test_drafts_are_marked_and_left_out_on_request(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: x\n")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_drafts").mkdir()
    (tmp_path / "_posts" / "2024-01-01-live.md").write_text(POST.format(title="Live", more=""))
    (tmp_path / "_posts" / "2024-01-02-off.md").write_text(
        POST.format(title="Off", more="published: false\n")
    )
    (tmp_path / "_drafts" / "idea.md").write_text(POST.format(title="Idea", more=""))
    every = {p.title: p.published for p in newspost.parse_dir(tmp_path, workers=1)}  # type: ignore[union-attr]
    assert every == {"Live": True, "Off": False, "Idea": False}
    kept = [p.title for p in newspost.parse_dir(tmp_path, workers=1, drafts=False)]  # type: ignore[union-attr]
    assert kept == ["Live"]
    # published: false is the draft switch, never read as a date.
    off = newspost.parse_file(tmp_path / "_posts" / "2024-01-02-off.md")
    assert off.date is not None and off.date.year == 2024
    assert off.warnings == []


def hugo_site(root: Path) -> Path:
    (root / "config.toml").write_text('baseURL = "https://example.org/"\ntimeZone = "Asia/Tokyo"\n')
    news = root / "content" / "news"
    news.mkdir(parents=True)
    (news / "_index.md").write_text('+++\ntitle = "News"\n+++\n')
    (news / "first-post.md").write_text(
        '\n+++\ntitle = "First"\ndate = "2024-01-02T10:00:00"\ntags = ["a", "b"]\n+++\nBody.\n'
    )
    (news / "old.html").write_text('+++\ntitle = "Old"\ndraft = true\n+++\n<p>Old page.</p>\n')
    (root / "layouts").mkdir()
    (root / "layouts" / "single.html").write_text("<html>{{ .Content }}</html>")
    return news


def test_hugo_site_sections_drafts_html_and_a_blank_line_before_the_toml(tmp_path: Path) -> None:
    hugo_site(tmp_path)
    posts = list(newspost.parse_dir(tmp_path, workers=1))
    assert [Path(p.path or "").name for p in posts] == ["first-post.md", "old.html"]
    first, old = posts
    assert isinstance(first, newspost.Post)
    assert isinstance(old, newspost.Post)
    assert (first.title, first.tags, first.url) == ("First", ["a", "b"], "/news/first-post/")
    assert first.date is not None and first.date.utcoffset() is not None  # the site's zone
    assert [w.code for w in first.warnings] == ["leading_blank_lines"]
    assert (old.title, old.published, old.paragraphs) == ("Old", False, ["Old page."])
    with_sections = list(newspost.parse_dir(tmp_path, workers=1, sections=True))
    section = next(p for p in with_sections if Path(p.path or "").name == "_index.md")
    assert isinstance(section, newspost.Post)
    assert (section.kind, section.title, section.url) == ("section", "News", "/news/")


def test_hugo_urls_of_a_site_named_by_a_relative_path_or_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "site").mkdir()
    hugo_site(tmp_path / "site")
    (tmp_path / "link").symlink_to(tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    for root in ("site", "./site", "link", str(tmp_path / "link")):
        urls = [p.url for p in newspost.parse_dir(root, workers=1)]  # type: ignore[union-attr]
        assert urls == ["/news/first-post/", "/news/old/"], root
    assert newspost.parse_file("site/content/news/first-post.md").url == "/news/first-post/"


@pytest.mark.parametrize(
    ("written", "iso", "codes"),
    [
        ("2020-01-01 10:00 EST", "2020-01-01T10:00:00-05:00", []),
        ("Mon, 06 Jan 2020 10:00:00 PST", "2020-01-06T10:00:00-08:00", []),
        ("2020-01-01 10:00 CST", "2020-01-01T10:00:00-06:00", ["date_zone_ambiguous"]),
        ("2020-01-01 10:00 +1500", "2020-01-01T10:00:00+15:00", ["date_offset_invalid"]),
        ("2021-02-08 16:30-:00+16:30", "2021-02-08T16:30:00", ["date_offset_invalid"]),
    ],
)
def test_zone_abbreviations_and_impossible_offsets(
    written: str, iso: str, codes: list[str]
) -> None:
    with __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("error")  # no Python warning from a dependency
        post = newspost.parse(f"---\ndate: {written}\n---\nx")
    assert post.date is not None and post.date.isoformat() == iso
    assert [w.code for w in post.warnings] == codes


def test_an_ambiguous_abbreviation_follows_the_sites_zone() -> None:
    post = newspost.parse("---\ndate: 2020-01-01 10:00 CST\n---\nx", timezone="Asia/Shanghai")
    assert post.date is not None and post.date.isoformat() == "2020-01-01T10:00:00+08:00"


def test_an_unquoted_title_with_a_colon_is_the_title() -> None:
    post = newspost.parse("---\ntitle: Breaking: rates cut\ndate: 2020-01-01\n---\nx")
    assert (post.title, post.extra) == ("Breaking: rates cut", {})
    assert [w.code for w in post.warnings] == ["yaml_invalid"]


@pytest.mark.parametrize(
    ("key", "value"),
    [("layout", "[a, b]"), ("categories", "{a: 1}"), ("tags", "[{x: y}, ok]")],
)
def test_a_consumed_key_of_a_wrong_type_is_kept_in_extra(key: str, value: str) -> None:
    text = f"---\n{key}: {value}\n---\nx"
    post = newspost.parse(text)
    assert key in post.extra
    assert "field_invalid" in [w.code for w in post.warnings]
    with pytest.raises(newspost.ParseError) as raised:
        newspost.parse(text, strict=True)
    assert raised.value.code == "field_invalid"
