"""Globs wherever a root is accepted: parse_dir, newspost.dask.read_posts, fsspec URLs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import newspost
import newspost.dask
from newspost._discover import split_glob


def make_site(root: Path) -> Path:
    """A Jekyll site: posts in _posts/ and a year folder, a draft, a note, an image."""
    (root / "_posts" / "2021").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / "_config.yml").write_text("timezone: Asia/Shanghai\n", encoding="utf-8")
    files = {
        "_posts/2020-01-01-a.md": "---\ntitle: A\ndate: 2020-01-01 10:00:00\n---\nA.",
        "_posts/2020-01-02-b.markdown": "---\ntitle: B\n---\nB.",
        "_posts/2021/2021-05-01-c.md": "---\ntitle: C\n---\nC.",
        "_drafts/d.md": "---\ntitle: D\n---\nD.",
        "_posts/notes.txt": "not a post",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "_posts" / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return root


def titles(results: Iterator[newspost.Post | newspost.ParseFailure]) -> list[str | None]:
    return [r.title if isinstance(r, newspost.Post) else f"failed:{r.code}" for r in results]


def test_split_glob() -> None:
    assert split_glob("/srv/site/_posts/*.md") == ("/srv/site/_posts", "*.md")
    assert split_glob("*.md") == (".", "*.md")
    assert split_glob("/**/*.md") == ("/", "**/*.md")
    assert split_glob("memory://site/**/*.md") == ("memory://site", "**/*.md")
    assert split_glob("zip://site/_posts/*.md::a.zip") == ("zip://site/_posts::a.zip", "*.md")
    assert split_glob("zip://_posts::a.zip") is None
    assert split_glob("s3://bucket/site") is None


@pytest.mark.parametrize("workers", [1, 2])
def test_local_globs(tmp_path: Path, workers: int) -> None:
    site = make_site(tmp_path / "site")
    one_folder = newspost.parse_dir(f"{site}/_posts/*.md", workers=workers)
    assert titles(one_folder) == ["A", "failed:not_text"]  # * stays in its folder
    everywhere = newspost.parse_dir(f"{site}/**/*.md", workers=workers)
    assert titles(everywhere) == ["D", "A", "C", "failed:not_text"]
    by_year = list(newspost.parse_dir(f"{site}/_posts/**/202[01]-*.md", workers=workers))
    assert titles(iter(by_year)) == ["A", "C"]
    # The site's _config.yml above the glob still applies: its zone to a naive date.
    assert by_year[0].date is not None and by_year[0].date.utcoffset() is not None
    # pattern= narrows a glob further; a glob that matches nothing gives nothing.
    narrowed = newspost.parse_dir(f"{site}/**/*", pattern="*.markdown", workers=workers)
    assert titles(narrowed) == ["B"]
    assert list(newspost.parse_dir(f"{site}/**/*.rst", workers=workers)) == []
    # ** crosses folders only as a whole path segment, as in bash, pathlib and fsspec;
    # inside a name it is *, and a leading dot is matched like any character.
    within = newspost.parse_dir(f"{site}/_posts/**.md", workers=workers)
    assert titles(within) == ["A", "failed:not_text"]


@pytest.mark.parametrize("root", [".", "./", "site/../site", "site/"])
def test_globs_below_a_root_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str
) -> None:
    # Each file's path below the root is cut from the path as the listing gives it:
    # a root written "." or with ".." must still match folder globs in nested folders.
    make_site(tmp_path / "site")
    monkeypatch.chdir(tmp_path if root.startswith("site") else tmp_path / "site")
    nested = newspost.parse_dir(root, pattern="_posts/*.md", workers=1)
    assert titles(nested) == ["A", "C", "failed:not_text"]
    by_name = newspost.parse_dir(root, pattern="*.markdown", workers=1)
    assert [post.path for post in by_name] == [str(Path(root) / "_posts/2020-01-02-b.markdown")]


def test_a_path_that_exists_is_not_a_glob(tmp_path: Path) -> None:
    odd = tmp_path / "posts[1]"
    odd.mkdir()
    (odd / "2020-01-01-a.md").write_text("---\ntitle: A\n---\nA.", encoding="utf-8")
    assert titles(newspost.parse_dir(odd, workers=1)) == ["A"]
    [missing] = newspost.parse_dir(tmp_path / "nowhere" / "*.md", workers=1)
    assert isinstance(missing, newspost.ParseFailure)
    assert missing.reason == "no such file or folder"


def zipped(tmp_path: Path) -> Path:
    site = make_site(tmp_path / "site")
    target = tmp_path / "site.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(site).as_posix())
    return target


def test_zip_url_globs(tmp_path: Path) -> None:
    target = zipped(tmp_path)
    results = list(newspost.parse_dir(f"zip://**/*.md::{target}", workers=1))
    assert titles(iter(results)) == ["D", "A", "C", "failed:not_text"]
    assert results[1].path == f"zip://_posts/2020-01-01-a.md::{target}"
    assert titles(newspost.parse_dir(f"zip://_posts/*.md::{target}", workers=2)) == [
        "A",
        "failed:not_text",
    ]


def test_memory_filesystem_globs() -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe(
        {
            "/glob-site/_posts/2020-01-01-a.md": b"---\ntitle: A\n---\nA.",
            "/glob-site/_posts/2021/2021-05-01-c.md": b"---\ntitle: C\n---\nC.",
            "/glob-site/_posts/notes.txt": b"not a post",
        }
    )
    try:
        results = list(newspost.parse_dir("memory://glob-site/**/*.md", workers=1))
        assert titles(iter(results)) == ["A", "C"]
        assert results[0].path == "memory:///glob-site/_posts/2020-01-01-a.md"
        shallow = newspost.parse_dir("memory://glob-site/_posts/*.md", workers=1)
        assert titles(shallow) == ["A"]
        records = newspost.dask.read_posts("memory://glob-site/**/*.md").compute(scheduler="sync")
        assert [r["title"] for r in records] == ["A", "C"]
    finally:
        fs.rm("/glob-site", recursive=True)


def test_dask_read_posts_and_to_dataframe_take_globs(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    records = newspost.dask.read_posts(f"{site}/_posts/**/*.md", blocksize=1).compute(
        scheduler="sync"
    )
    assert [(r["ok"], r.get("title")) for r in records] == [
        (True, "A"),
        (True, "C"),
        (False, None),
    ]
    frame = newspost.dask.to_dataframe(f"zip://**/*.md::{zipped(tmp_path / 'z')}").compute(
        scheduler="sync"
    )
    assert frame["title"].tolist() == ["D", "A", "C", None]
    assert frame["code"].tolist() == [None, None, None, "not_text"]


def test_command_line_takes_globs(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "newspost", *args, "--workers", "1"]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    result = run("parse", f"{site}/_posts/**/*.md")
    assert result.returncode == 1  # the image
    assert [newspost.Post.from_json(line).title for line in result.stdout.splitlines()] == [
        "A",
        "C",
    ]
    mirrored = run("parse", f"{site}/**/*.md", "--format", "markdown", "-o", str(tmp_path / "md"))
    assert mirrored.returncode == 1, mirrored.stderr  # the image
    written = sorted(
        p.relative_to(tmp_path / "md").as_posix() for p in (tmp_path / "md").rglob("*.md")
    )
    assert written == ["_drafts/d.md", "_posts/2020-01-01-a.md", "_posts/2021/2021-05-01-c.md"]
    nothing = run("parse", f"{site}/**/*.rst", "-o", str(tmp_path / "out.jsonl"))
    assert nothing.returncode == 1
    assert nothing.stderr == f"newspost: {site}/**/*.rst: no file matches **/*.rst\n"
    assert not (tmp_path / "out.jsonl").exists()
