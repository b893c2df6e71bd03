"""parse_dir: one result per file, stable order, failures reported, processes agree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import newspost
from tests.corpus import CORPUS, corpus_posts

POST = "---\ntitle: {title}\ndate: 2021-12-08\n---\nText {title}.\n"


def make_tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "a" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "z.md").write_text(POST.format(title="z"))
    (root / "a" / "one.markdown").write_text(POST.format(title="one"))
    (root / "a" / "deep" / "two.md").write_text(POST.format(title="two"))
    (root / "b" / "broken.md").write_text('---\ntitle: "a"b"\n---\n')
    (root / "b" / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (root / "b" / "notes.txt").write_text("not a post")
    (root / ".git" / "HEAD.md").write_text("ignored: hidden folder")


def test_results_in_stable_order_nested_folders_non_posts_ignored(tmp_path: Path) -> None:
    make_tree(tmp_path)
    results = list(newspost.parse_dir(tmp_path, workers=1))
    names = [Path(r.path).relative_to(tmp_path).as_posix() for r in results]
    assert names == ["a/deep/two.md", "a/one.markdown", "b/broken.md", "z.md"]
    assert all(isinstance(r, newspost.Post) for r in results)
    assert results[2].warnings[0].code == "yaml_invalid"


def test_strict_failures_are_results_not_exceptions(tmp_path: Path) -> None:
    make_tree(tmp_path)
    results = list(newspost.parse_dir(tmp_path, workers=1, strict=True))
    assert len(results) == 4
    failure = results[2]
    assert isinstance(failure, newspost.ParseFailure)
    assert not failure.ok
    assert (failure.code, failure.line) == ("yaml_invalid", 2)
    assert failure.path.endswith("broken.md")
    assert str(failure).endswith(failure.reason)


def test_patterns(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert [
        Path(r.path).name for r in newspost.parse_dir(tmp_path, pattern="*.txt", workers=1)
    ] == ["notes.txt"]
    deep = newspost.parse_dir(tmp_path, pattern=["a/*/*.md"], workers=1)
    assert [Path(r.path).name for r in deep] == ["two.md"]


def test_a_single_file_and_a_missing_path(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert [r.title for r in newspost.parse_dir(tmp_path / "z.md")] == ["z"]  # type: ignore[union-attr]
    [missing] = newspost.parse_dir(tmp_path / "nope")
    assert isinstance(missing, newspost.ParseFailure)
    assert missing.code == "unreadable"


def test_unreadable_file_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    real_open = os.open

    def refusing_open(path: str, flags: int, *args: int) -> int:
        if os.path.basename(path) == "z.md":
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    results = list(newspost.parse_dir(tmp_path, workers=1))
    assert len(results) == 4
    failure = results[-1]
    assert isinstance(failure, newspost.ParseFailure)
    assert (failure.code, failure.reason) == ("unreadable", "cannot read file: Permission denied")


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    make_tree(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")  # reading it would block forever
    results = list(newspost.parse_dir(tmp_path, workers=1))
    failure = next(r for r in results if r.path.endswith("pipe.md"))
    assert isinstance(failure, newspost.ParseFailure)
    assert (failure.code, failure.reason) == ("unreadable", "not a regular file; not read")
    assert len(results) == 5


def test_symlink_loops_and_links_outside_the_root(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make_tree(site)
    outside = tmp_path / "secret.md"
    outside.write_text(POST.format(title="secret"))
    (site / "loop").symlink_to(site)  # a folder link: never followed
    (site / "x.md").symlink_to(site / "y.md")  # a loop of file links
    (site / "y.md").symlink_to(site / "x.md")
    (site / "leak.md").symlink_to(outside)
    (site / "inside.md").symlink_to(site / "z.md")
    results = {Path(r.path).name: r for r in newspost.parse_dir(site, workers=1)}
    assert set(results) == {
        "two.md",
        "one.markdown",
        "broken.md",
        "z.md",
        "x.md",
        "y.md",
        "leak.md",
        "inside.md",
    }
    assert isinstance(results["leak.md"], newspost.ParseFailure)
    assert "outside" in results["leak.md"].reason
    assert isinstance(results["x.md"], newspost.ParseFailure)
    assert results["inside.md"].title == "z"  # type: ignore[union-attr]


@pytest.mark.corpus
def test_processes_give_the_same_results_in_the_same_order() -> None:
    one = list(newspost.parse_dir(CORPUS, workers=1, timezone="Asia/Shanghai"))
    two = list(newspost.parse_dir(CORPUS, workers=2, timezone="Asia/Shanghai"))
    section_pages = [p for p in corpus_posts() if p.name == "_index.md"]
    # Every post file but Hugo's section pages, and the README.md as a (repaired) post.
    assert len(one) == len(corpus_posts()) - len(section_pages) + 1
    assert one == two


@pytest.mark.corpus
def test_streaming_stops_cleanly_when_abandoned() -> None:
    results = newspost.parse_dir(CORPUS, workers=2)
    first = next(results)
    results.close()
    assert first.ok


def test_a_symlinked_file_named_by_the_caller_is_read(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "post.md"
    target.parent.mkdir()
    target.write_text(POST.format(title="linked"))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "link.md").symlink_to(target)
    [post] = newspost.parse_dir(tmp_path / "site" / "link.md", workers=1)
    assert post.title == "linked"  # type: ignore[union-attr]
    [refused] = newspost.parse_dir(tmp_path / "site", workers=1)
    assert isinstance(refused, newspost.ParseFailure)


def _pid_and_title(post: newspost.Post) -> tuple[int, str | None]:
    return os.getpid(), post.title


def _tree_with_every_kind(root: Path) -> None:
    """Posts, a draft, a section page, a failure and a file too large to read."""
    for i in range(40):  # more than one chunk of files for the workers
        (root / f"2021-01-{i:02d}-p.md").write_text(POST.format(title=f"p{i}"))
    (root / "2021-02-01-draft.md").write_text("---\ntitle: d\npublished: false\n---\nDraft.\n")
    (root / "_index.md").write_text("---\ntitle: section\n---\n")
    (root / "2021-02-02-broken.md").write_text('---\ntitle: "a"b"\n---\n')
    (root / "2021-02-03-huge.md").write_text(POST.format(title="x" * 5000))


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(("drafts", "sections"), [(True, False), (False, True)])
def test_finish_is_applied_where_posts_are_parsed(
    tmp_path: Path, workers: int, drafts: bool, sections: bool
) -> None:
    # What the command line does for JSON: each kept post turned into its JSON in the
    # worker that parsed it; failures (of reading or parsing) passed on as they are.
    from newspost._config import Options, Selection
    from newspost._discover import discover
    from newspost._export import json_line
    from newspost._pool import parse_found

    _tree_with_every_kind(tmp_path)
    options, selection = Options(strict=True, max_bytes=1000), Selection(None, drafts, sections)
    expected = [
        result if isinstance(result, newspost.ParseFailure) else json_line(result)
        for result in parse_found(*discover(tmp_path, options, selection), selection, 1)
    ]
    assert any(isinstance(r, newspost.ParseFailure) for r in expected)
    assert len(expected) == 40 + 2 + drafts + sections  # posts, 2 failures, draft, section
    assert [r.code for r in expected if isinstance(r, newspost.ParseFailure)] == [
        "yaml_invalid",
        "too_large",
    ]
    job, files = discover(tmp_path, options, selection)
    found = list(parse_found(job, files, selection, workers, json_line))
    assert found == expected
    job, files = discover(tmp_path, options, selection)
    ran = list(parse_found(job, files, selection, workers, _pid_and_title))
    pids = {r[0] for r in ran if not isinstance(r, newspost.ParseFailure)}
    assert (pids == {os.getpid()}) == (workers == 1)


_STARTED_AS = """
import multiprocessing, sys
import newspost

multiprocessing.set_start_method(sys.argv[2])
two = [r.to_json() for r in newspost.parse_dir(sys.argv[1], workers=2)]
one = [r.to_json() for r in newspost.parse_dir(sys.argv[1], workers=1)]
print(len(two), two == one)
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_start_as_the_caller_set(tmp_path: Path, method: str) -> None:
    # docs/sites.md: a notebook that runs threads may choose workers not forked from it.
    import multiprocessing
    import subprocess
    import sys

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} on this platform")
    for i in range(40):
        (tmp_path / f"2021-01-01-p{i}.md").write_text(POST.format(title=f"p{i}"))
    done = subprocess.run(
        [sys.executable, "-c", _STARTED_AS, str(tmp_path), method],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["40", "True"]


@pytest.mark.skipif(not Path("/proc/sys/fs/pipe-max-size").exists(), reason="Linux pipes only")
def test_the_results_pipe_holds_a_chunk_from_each_worker() -> None:
    import fcntl

    from newspost import _pool

    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    pool = _pool._new_pool(2)
    try:
        reader = pool._result_queue._reader  # type: ignore[attr-defined]
        size = fcntl.fcntl(reader.fileno(), fcntl.F_GETPIPE_SZ)
    finally:
        pool.shutdown()
    assert size == _pool._PIPE_BYTES if limit >= _pool._PIPE_BYTES else size >= 65536
