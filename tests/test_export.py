"""Writers for collections: JSON Lines, a JSON array, a Markdown folder, a DataFrame."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import newspost
from tests.corpus import CORPUS, FINEWS


def finews() -> list[newspost.Post]:
    return [
        r
        for r in newspost.parse_dir(FINEWS, workers=1, timezone="Asia/Shanghai")
        if isinstance(r, newspost.Post)
    ]


@pytest.mark.corpus
def test_jsonl_and_json_round_trip() -> None:
    posts = finews()
    lines = io.StringIO()
    assert newspost.write_jsonl(posts, lines) == len(posts) == 149
    assert [newspost.Post.from_json(line) for line in lines.getvalue().splitlines()] == posts
    array = io.StringIO()
    newspost.write_json(posts, array)
    assert [newspost.Post.model_validate(item) for item in json.loads(array.getvalue())] == posts
    empty = io.StringIO()
    newspost.write_json([], empty)
    assert json.loads(empty.getvalue()) == []


def test_writers_accept_paths(tmp_path: Path) -> None:
    post = newspost.parse("---\ntitle: 标题\n---\n正文")
    newspost.write_jsonl([post], tmp_path / "out.jsonl")
    assert newspost.Post.from_json((tmp_path / "out.jsonl").read_text(encoding="utf-8")) == post


@pytest.mark.corpus
def test_markdown_folder_mirrors_the_input_tree(tmp_path: Path) -> None:
    site = CORPUS / "haiku-news"
    results = newspost.parse_dir(site, workers=1, sections=True)
    posts = [r for r in results if isinstance(r, newspost.Post)]
    assert newspost.write_markdown(posts, tmp_path / "out", root=site) == len(posts)
    for post in posts:
        assert post.path is not None
        relative = Path(post.path).relative_to(site)
        assert (tmp_path / "out" / relative).read_bytes() == Path(post.path).read_bytes()
    assert (tmp_path / "out/content/blog/_index.md").is_file()
    # Without root: below the deepest folder that holds every post.
    newspost.write_markdown(posts, tmp_path / "common")
    assert (tmp_path / "common/blog/_index.md").is_file()


def test_markdown_folder_refuses_clashes_and_overwrites(tmp_path: Path) -> None:
    post = newspost.parse("---\ntitle: A\ndate: 2021-12-08\n---\nText.", path="2021-12-08-a.md")
    with pytest.raises(FileExistsError):
        newspost.write_markdown([post, post], tmp_path / "twice")
    newspost.write_markdown([post], tmp_path / "once")
    with pytest.raises(FileExistsError):
        newspost.write_markdown([post], tmp_path / "once")
    changed = post.model_copy(update={"title": "B"})
    newspost.write_markdown([changed], tmp_path / "once", overwrite=True)
    assert newspost.parse_file(tmp_path / "once/2021-12-08-a.md").title == "B"
    loose = newspost.Post(title="x", slug="a b/c", date=post.date)
    newspost.write_markdown([loose, newspost.Post()], tmp_path / "loose")
    assert sorted(p.name for p in (tmp_path / "loose").iterdir()) == [
        "2021-12-08-a-b-c.md",
        "post-2.md",
    ]


def test_markdown_folder_never_writes_outside(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (site / "sub/a.md").write_text("---\ntitle: A\n---\nText.\n")
    (tmp_path / "outside.md").write_text("---\ntitle: O\n---\nText.\n")
    inside = newspost.parse_file(site / "sub/a.md")
    outside = newspost.parse_file(tmp_path / "outside.md")
    with pytest.raises(ValueError, match="not inside"):
        newspost.write_markdown([outside], tmp_path / "out", root=site)
    # A symbolic link inside the output folder is not followed.
    out = tmp_path / "out2"
    out.mkdir()
    (out / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(OSError, match=r"symbolic link|Not a directory"):
        newspost.write_markdown([inside], out, root=site)
    assert list((tmp_path / "elsewhere").iterdir()) == []
    (out / "sub").unlink()
    (out / "sub").mkdir()
    (out / "sub/a.md").symlink_to(tmp_path / "outside.md")
    newspost.write_markdown([inside], out, root=site, overwrite=True)
    assert not (out / "sub/a.md").is_symlink()  # the link was replaced, its target untouched
    assert newspost.parse_file(tmp_path / "outside.md").title == "O"
    assert [p.name for p in (out / "sub").iterdir()] == ["a.md"]  # no temporary left


@pytest.mark.corpus
def test_dataframe() -> None:
    frame = newspost.to_dataframe(finews())
    assert len(frame) == 149
    assert str(frame["date"].dtype) == "datetime64[ns, UTC]" or str(frame["date"].dtype).startswith(
        "datetime64"
    )
    assert frame["source"].notna().sum() == 49
    assert frame.loc[0, "text"] == finews()[0].text


@pytest.mark.corpus
def test_command_line_mirrors_the_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newspost._cli import main

    site = CORPUS / "ruby-zh-news"
    out = tmp_path / "out"
    assert main(["parse", str(site), "--format", "markdown", "-o", str(out), "-q"]) == 0
    originals = sorted(p.relative_to(site) for p in site.rglob("*.md"))
    assert sorted(p.relative_to(out) for p in out.rglob("*.md")) == originals
    assert all((out / p).read_bytes() == (site / p).read_bytes() for p in originals)
    # A second run into the same folder refuses to overwrite, and says so.
    assert main(["parse", str(site), "--format", "markdown", "-o", str(out), "-q"]) == 1
    assert "not overwritten" in capsys.readouterr().err
