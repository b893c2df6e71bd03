"""Jekyll-site awareness: _config.yml's timezone and url."""

from __future__ import annotations

from pathlib import Path

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
    # A _config.yml that is not YAML is ignored as a whole, without failing the posts.
    posts = make_site(tmp_path, "timezone: [unclosed\nurl: https://finews.example.com\n")
    [post] = newspost.parse_dir(posts, workers=1)
    assert isinstance(post, newspost.Post)
    assert post.date is not None and post.date.tzinfo is None
    # The broken config's url is not read: the same as no config at all.
    assert (post.links, post.paragraphs[-1]) == ([], "Back｜Home｜Abs")


def test_config_tags_are_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    posts = make_site(
        tmp_path, f'x: !!python/object/apply:os.system ["touch {marker}"]\ntimezone: UTC\n'
    )
    [post] = newspost.parse_dir(posts, workers=1)
    assert not marker.exists()
    # The config is refused as a whole: its timezone does not apply either.
    assert post.date is not None and post.date.tzinfo is None  # type: ignore[union-attr]
