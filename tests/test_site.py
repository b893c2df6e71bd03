"""Jekyll-site awareness: _config.yml's timezone and url."""

from __future__ import annotations

from pathlib import Path

import pytest

import newspost


def make_site(root: Path, config: str) -> Path:
    (root / "_config.yml").write_text(config)
    posts = root / "_posts"
    posts.mkdir()
    (posts / "2021-12-08-a.md").write_text(
        "---\ntitle: A\ndate: 2021-12-08 10:00:00\n---\nText.\n\n<>\n\n"
        "[Back](../emnews/)｜[Home](//finews.example.com/)｜[Abs](https://other.example/)\n"
    )
    return posts


def test_config_timezone_and_url_apply(tmp_path: Path) -> None:
    posts = make_site(
        tmp_path, "timezone: Asia/Shanghai\nurl: https://finews.example.com\nbaseurl: /news/\n"
    )
    [post] = newspost.parse_dir(posts, workers=1)
    assert isinstance(post, newspost.Post)
    assert post.date is not None and post.date.isoformat() == "2021-12-08T10:00:00+08:00"
    # The line links to another site too, so it is the article's, not navigation.
    assert post.links == []
    assert post.paragraphs == ["Text.", "<>", "Back｜Home｜Abs"]  # the <> is not last either


def test_config_url_tells_which_absolute_links_are_the_sites(tmp_path: Path) -> None:
    make_site(tmp_path, "url: https://finews.example.com\nbaseurl: /news/\n")
    (tmp_path / "_posts" / "2021-12-08-a.md").write_text(
        "---\ntitle: A\n---\nText.\n\n<>\n\n"
        "[Back](../emnews/)｜[Home](//finews.example.com/)｜[Abs](https://www.finews.example.com/)\n"
    )
    [post] = newspost.parse_dir(tmp_path / "_posts", workers=1)
    assert isinstance(post, newspost.Post)
    assert [(link.url, link.absolute_url) for link in post.links] == [
        ("../emnews/", "https://finews.example.com/emnews/"),
        ("//finews.example.com/", "https://finews.example.com/"),
        ("https://www.finews.example.com/", "https://www.finews.example.com/"),
    ]
    assert post.paragraphs == ["Text."]


def test_explicit_timezone_wins_over_the_config(tmp_path: Path) -> None:
    posts = make_site(tmp_path, "timezone: Asia/Shanghai\n")
    [post] = newspost.parse_dir(posts, workers=1, timezone="UTC")
    assert post.date is not None and post.date.isoformat() == "2021-12-08T10:00:00+00:00"  # type: ignore[union-attr]


def test_no_or_broken_config(tmp_path: Path) -> None:
    # No _config.yml: naive dates, relative links stay relative.
    (tmp_path / "bare").mkdir()
    bare = make_site(tmp_path / "bare", "")
    (tmp_path / "bare" / "_config.yml").unlink()
    [post] = newspost.parse_dir(bare, workers=1)
    assert isinstance(post, newspost.Post)
    assert post.date is not None and post.date.tzinfo is None
    # No site address: the line's link to another site makes it the article's.
    assert (post.links, post.paragraphs[-1]) == ([], "Back｜Home｜Abs")
    # A _config.yml that is not YAML is ignored as a whole, without failing the posts,
    # and said: once per run, and on each post.
    # (A folder of its own: sites are looked up once per folder, and the walk from
    # bare/ has seen tmp_path without a config.)
    (tmp_path / "broken").mkdir()
    broken = "timezone: [unclosed\nurl: https://finews.example.com\n"
    posts = make_site(tmp_path / "broken", broken)
    with pytest.warns(newspost.SiteWarning, match=r"_config.yml: does not load: line 2: .*ignored"):
        [post] = newspost.parse_dir(posts, workers=1)
    assert isinstance(post, newspost.Post)
    assert [w.code for w in post.warnings] == ["site_config_invalid"]
    assert [w.code for w in newspost.parse_file(next(posts.iterdir())).warnings] == [
        "site_config_invalid"
    ]
    assert post.date is not None and post.date.tzinfo is None
    # The broken config's url is not read: the same as no config at all.
    assert (post.links, post.paragraphs[-1]) == ([], "Back｜Home｜Abs")


def test_config_tags_are_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    posts = make_site(
        tmp_path, f'x: !!python/object/apply:os.system ["touch {marker}"]\ntimezone: UTC\n'
    )
    with pytest.warns(newspost.SiteWarning, match="could not determine a constructor"):
        [post] = newspost.parse_dir(posts, workers=1)
    assert not marker.exists()
    # The config is refused as a whole: its timezone does not apply either.
    assert post.date is not None and post.date.tzinfo is None  # type: ignore[union-attr]


def test_config_aliases_are_bounded_as_in_front_matter(tmp_path: Path) -> None:
    # A "billion laughs" _config.yml: a billion values through aliases, under 1 KB.
    laughs = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    posts = make_site(tmp_path, "timezone: UTC\n" + "\n".join(laughs) + "\n")
    with pytest.warns(newspost.SiteWarning, match="does not load"):
        [post] = newspost.parse_dir(posts, workers=1)
    # Refused as a whole, before it is built, as front matter's aliases are.
    assert isinstance(post, newspost.Post)
    assert post.date is not None and post.date.tzinfo is None


SHARED_HOST = Path(__file__).resolve().parent / "fixtures" / "sites" / "shared-host"


def test_the_host_the_folders_posts_share_marks_navigation() -> None:
    posts = {Path(p.path).name: p for p in newspost.parse_dir(SHARED_HOST, workers=1)}
    bulletin = posts["2024-06-01-bulletin-1.md"]
    assert [link.text for link in bulletin.links] == ["Back to the bulletins", "Home"]
    assert bulletin.paragraphs == ["The council met on day 1 and agreed the budget."]
    # A link to another site at the end of a post is content: it stays in the text.
    study = posts["2024-06-04-study.md"]
    assert study.links == []
    assert study.paragraphs[-1] == "Read the paper"
    # Written back unchanged: byte for byte, and an edit reads back the same links.
    assert bulletin.to_markdown() == (SHARED_HOST / "2024-06-01-bulletin-1.md").read_text("utf-8")
    edited = bulletin.model_copy(update={"tags": ["council"]})
    assert "tags:" in edited.to_markdown() and "[Home](https://bulletin.example/)" in (
        edited.to_markdown()
    )


def test_a_single_post_has_no_shared_host_to_go_by() -> None:
    # One file alone says nothing about its site: absolute links stay in the article,
    # unless site_url names the site.
    path = SHARED_HOST / "2024-06-02-bulletin-2.md"
    alone = newspost.parse_file(path)
    assert alone.links == [] and alone.paragraphs[-1] == "Back to the bulletins｜Home"
    told = newspost.parse_file(path, site_url="https://bulletin.example")
    assert [link.text for link in told.links] == ["Back to the bulletins", "Home"]


def test_a_configured_address_wins_over_the_shared_host(tmp_path: Path) -> None:
    for source in SHARED_HOST.glob("*.md"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "_config.yml").write_text("url: https://elsewhere.example\n", encoding="utf-8")
    posts = {Path(p.path).name: p for p in newspost.parse_dir(tmp_path, workers=1)}
    assert posts["2024-06-01-bulletin-1.md"].links == []
