"""The newspost command through its real entry points: exit codes, formats, stdin/stdout."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import newspost

# The example site of the repository: the command's tests need no shared corpus.
SITE = Path(__file__).resolve().parent.parent / "examples" / "site"
REFERENCE = SITE / "_posts/2024-03-18-NW202403180001.md"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newspost", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_installed_script_runs() -> None:
    script = shutil.which("newspost", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"newspost {newspost.__version__}"


def test_parse_folder_to_jsonl_on_stdout() -> None:
    result = run("parse", str(SITE), "--timezone", "Asia/Shanghai", "--workers", "2")
    assert result.returncode == 0, result.stderr
    posts = [newspost.Post.from_json(line) for line in result.stdout.splitlines()]
    assert [post.slug for post in posts] == [
        "NW202403180001",
        "NW202403180002",
        "city-council-approves-budget",
        "NW202403200003",
        "hugo-style-post",
    ]
    assert posts == sorted(posts, key=lambda p: p.path or "")
    # no progress bar when stderr is not a terminal; the summary line only
    [summary] = result.stderr.splitlines()
    assert summary.startswith("newspost: 5 files, 5 posts (3 repaired), 0 failed in ")
    assert summary.endswith(" posts/s)")
    quiet = run("parse", str(SITE), "--timezone", "Asia/Shanghai", "--quiet", "--workers", "1")
    assert quiet.stderr == ""
    assert quiet.stdout == result.stdout


def test_parse_json_array_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "posts.json"
    result = run("parse", str(REFERENCE), "--format", "json", "-o", str(out))
    assert result.returncode == 0
    [record] = json.loads(out.read_text(encoding="utf-8"))
    assert record["title"] == "示例市一季度新能源汽车产量同比增长32%"
    assert record["text"].startswith("示例市统计局18日发布数据")


def test_parse_markdown_needs_a_folder(tmp_path: Path) -> None:
    assert run("parse", str(REFERENCE), "--format", "markdown").returncode == 2
    result = run("parse", str(REFERENCE), "--format", "markdown", "-o", str(tmp_path / "md"))
    assert result.returncode == 0
    [written] = (tmp_path / "md").iterdir()
    assert newspost.parse_file(written).title == newspost.parse_file(REFERENCE).title


def test_parse_stdin_and_failures_exit_non_zero(tmp_path: Path) -> None:
    result = run("parse", "-", stdin=b'---\ntitle: "a"b"\n---\nText')
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == 'a"b'
    result = run("parse", "--strict", "-", stdin=b'---\ntitle: "a"b"\n---\nText')
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("<stdin>:2:")


def test_check_summary_and_problems(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("---\ntitle: A\ndate: 2021-12-08\n---\nText")
    (tmp_path / "repaired.md").write_text('---\ntitle: "a"b"\ndate: 2021-12-08\n---\nText')
    result = run("check", str(tmp_path))
    assert result.returncode == 0
    assert f"{tmp_path / 'repaired.md'}:2: front matter is not valid YAML" in result.stdout
    assert result.stdout.split()[-8:] == ["files", "2", "ok", "1", "repaired", "1", "failed", "0"]
    strict = run("check", "--strict", str(tmp_path))
    assert strict.returncode == 1
    assert strict.stdout.split()[-8:] == ["files", "2", "ok", "1", "repaired", "0", "failed", "1"]


def test_show_is_readable() -> None:
    result = run("show", str(REFERENCE))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "title      示例市一季度新能源汽车产量同比增长32%"
    assert "source     示例证券报" in result.stdout
    assert run("show", "/no/such.md").returncode == 1


def test_schema_describes_a_record() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Post"
    assert {"title", "date", "text", "paragraphs", "source", "links"} <= set(schema["properties"])


@pytest.mark.parametrize("command", ["parse", "check", "show", "schema"])
def test_every_command_has_help_with_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert "example" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("parse").returncode == 2
    assert run("parse", "-", "--timezone", "Mars/Base", stdin=b"x").returncode == 2


def test_progress_bar_on_a_terminal_and_quiet_silences_it() -> None:
    import fcntl
    import os
    import pty
    import struct
    import termios

    def stderr_on_a_terminal(*extra: str) -> str:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "newspost",
                "parse",
                str(SITE),
                "--workers",
                "1",
                *extra,
            ],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            timeout=120,
            check=True,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        return b"".join(chunks).decode(errors="replace")

    shown = stderr_on_a_terminal()
    assert " posts/s]" in shown
    # The total is counted first: the bar shows done/total and the time left (ETA).
    assert re.search(r"\b\d/5 \[\d\d:\d\d<", shown), shown  # elapsed<remaining
    assert "newspost: 5 files, 5 posts (3 repaired), 0 failed in " in shown
    assert stderr_on_a_terminal("--quiet") == ""


def site(tmp_path: Path) -> Path:
    """A small site: a clean post, a repaired one, a naive date, and an image among the posts."""
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2021-12-08-a.md").write_text(
        "---\ntitle: A\ndate: 2021-12-08 10:00:00 +0800\n---\nText.", encoding="utf-8"
    )
    (posts / "2011-07-14-b.md").write_text(
        '---\ntitle: "a"b"\ndate: 2011-07-14T00:00:00\n---\nText.', encoding="utf-8"
    )
    (posts / "2011-07-15-c.md").write_text(
        "---\ntitle: C\ntitle: C2\ndate: 2011-07-15\n---\nText.", encoding="utf-8"
    )
    (posts / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return posts


def test_parse_to_parquet_by_suffix_or_format(tmp_path: Path) -> None:
    import pyarrow.parquet

    from newspost._arrow import SCHEMA

    posts = site(tmp_path)
    out = tmp_path / "posts.parquet"
    result = run("parse", str(posts), "-o", str(out), "--workers", "1")
    assert result.returncode == 1  # the image failed
    assert "photo.md: not a text file (binary data)" in result.stderr
    table = pyarrow.parquet.read_table(out)
    assert table.schema == SCHEMA
    assert table.column("title").to_pylist() == ['a"b', "C2", "A"]
    assert table.column("date_offset").to_pylist() == [None, None, "+08:00"]
    named = tmp_path / "posts.data"
    assert run("parse", str(posts), "--format", "parquet", "-o", str(named)).returncode == 1
    assert pyarrow.parquet.read_table(named).equals(table)
    assert run("parse", str(posts), "--format", "parquet").returncode == 2  # needs -o


@pytest.mark.parametrize("workers", ["1", "2"])
def test_summary_line_counts_files_posts_repaired_failed(tmp_path: Path, workers: str) -> None:
    # With two workers the posts come back as their JSON, made in the workers.
    result = run(
        "parse", str(site(tmp_path)), "--workers", workers, "-o", str(tmp_path / "o.jsonl")
    )
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("newspost: 4 files, 3 posts (2 repaired), 1 failed in "), summary


@pytest.mark.parametrize("output", [["--format", "json"], ["--format", "jsonl"], ["-o", "o.jsonl"]])
def test_workers_write_what_one_process_writes(tmp_path: Path, output: list[str]) -> None:
    posts = site(tmp_path)
    for i in range(70):  # several chunks of files for the workers
        (posts / f"2022-01-01-p{i:02d}.md").write_text(f"---\ntitle: P{i}\n---\nText {i}.\n")
    (posts / "2022-02-01-draft.md").write_text("---\ntitle: D\ndraft: true\n---\nDraft.\n")
    command = [sys.executable, "-m", "newspost", "parse", str(posts), *output, "--no-drafts"]
    seen = []
    for workers in ("1", "2"):
        folder = tmp_path / workers
        folder.mkdir()
        result = subprocess.run(
            [*command, "--workers", workers],
            capture_output=True,
            cwd=folder,
            timeout=120,
            check=False,
        )
        written = (folder / "o.jsonl").read_bytes() if "-o" in output else b""
        summary = result.stderr.splitlines()[-1].split(b" in ")[0]
        failures = result.stderr.splitlines()[:-1]
        seen.append((result.returncode, result.stdout, written, failures, summary))
    assert seen[0] == seen[1]
    assert seen[0][-1] == b"newspost: 74 files, 73 posts (2 repaired), 1 failed"
    lines = (seen[0][1] or seen[0][2]).decode("utf-8")
    records = json.loads(lines) if "json" in output else [json.loads(x) for x in lines.splitlines()]
    assert [r["title"] for r in records][:3] == ['a"b', "C2", "A"]
    assert len(records) == 73


def test_nothing_matches_says_so_and_writes_nothing(tmp_path: Path) -> None:
    posts = site(tmp_path)
    out = tmp_path / "out.jsonl"
    result = run("parse", str(posts), "--pattern", "*.txt", "-o", str(out))
    assert result.returncode == 1
    assert result.stderr == f"newspost: {posts}: no file matches *.txt\n"
    assert not out.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("parse", str(empty), str(posts), "-o", str(out))
    assert result.returncode == 1
    assert f"{empty}: no file matches *.md, *.markdown" in result.stderr
    assert not out.exists()
    missing = run("parse", str(tmp_path / "nowhere"), "-o", str(out))
    assert missing.returncode == 1
    assert "nowhere: no such file or folder" in missing.stderr
    assert not out.exists()
    assert run("check", str(empty)).returncode == 1


@pytest.mark.parametrize("workers", ["0", "-3", "many"])
def test_workers_below_one_is_a_usage_error(workers: str) -> None:
    result = run("parse", str(REFERENCE), "--workers", workers)
    assert result.returncode == 2
    assert "argument --workers" in result.stderr
    assert result.stdout == ""


def test_show_a_folder_names_the_files_to_choose_from(tmp_path: Path) -> None:
    posts = site(tmp_path)
    result = run("show", str(posts))
    assert result.returncode == 2
    assert "is a folder of 4 post files; name one:" in result.stderr
    assert str(posts / "2011-07-14-b.md") in result.stderr
    assert result.stdout == ""
    single = tmp_path / "single"
    single.mkdir()
    (single / "2021-12-08-a.md").write_text("---\ntitle: Only\n---\nText.", encoding="utf-8")
    shown = run("show", str(single))
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0] == "title      Only"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_check_counts_warning_and_failure_codes(tmp_path: Path, workers: str) -> None:
    # With two workers, each sends back a post's path and warnings only.
    result = run("check", str(site(tmp_path)), "--workers", workers)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    posts = tmp_path / "_posts"
    assert [line.split(": ")[0] for line in lines if line.startswith(str(posts))] == [
        f"{posts / '2011-07-14-b.md'}:2",
        f"{posts / '2011-07-15-c.md'}:3",
        f"{posts / 'photo.md'}",
    ]
    assert lines[0].endswith(" [yaml_invalid]") and lines[1].endswith(" [duplicate_key]")
    repairs, failures = lines.index("repairs (files)"), lines.index("failures (files)")
    counted = [(i, line.split()) for i, line in enumerate(lines) if line.startswith("  ")]
    assert [(words, i < failures) for i, words in counted if i > repairs] == [
        (["duplicate_key", "1"], True),
        (["yaml_invalid", "1"], True),
        (["not_text", "1"], False),
    ]
    table = result.stdout.split()
    assert table[-8:] == ["files", "4", "ok", "1", "repaired", "2", "failed", "1"]


def test_strict_errors_do_not_say_what_would_have_been_repaired(tmp_path: Path) -> None:
    posts = site(tmp_path)
    (posts / "2021-12-09-d.md").write_text("no front matter at all", encoding="utf-8")
    lenient = run("check", str(posts), "--workers", "1")
    assert "values recovered line by line" in lenient.stdout
    assert "the whole file is the body" in lenient.stdout
    strict = run("check", "--strict", str(posts), "--workers", "1")
    assert strict.returncode == 1
    assert "front matter is not valid YAML: did not find expected key\n" in strict.stdout
    assert "2021-12-09-d.md:1: no front matter\n" in strict.stdout
    for repair in ("recovered", "the whole file is", "is used", "kept", "last value wins"):
        assert repair not in strict.stdout
    assert "2011-07-15-c.md:3: key 'title' appears again (first on line 2)\n" in strict.stdout
    assert strict.stdout.split()[-8:] == ["files", "5", "ok", "1", "repaired", "0", "failed", "4"]


def test_an_output_that_is_an_input_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    tree = tmp_path / "posts"
    tree.mkdir()
    post = tree / "a.md"
    post.write_text("---\ntitle: A\n---\nA.\n", encoding="utf-8")
    (tree / "b.md").write_text("---\ntitle: B\n---\nB.\n", encoding="utf-8")
    through_a_link = tmp_path / "out.jsonl"
    through_a_link.symlink_to(post)
    for output in (post, through_a_link):
        result = run("parse", str(tree), "-o", str(output))
        assert result.returncode == 2
        assert f"the output {output} is an input ({tree}); not overwritten" in result.stderr
        assert post.read_text(encoding="utf-8") == "---\ntitle: A\n---\nA.\n"
    # Another name for the same file (a hard link) is not an input's path: writing it
    # replaces that name only, and the post stays.
    other_name = tmp_path / "hard.jsonl"
    other_name.hardlink_to(post)
    assert run("parse", str(tree), "-o", str(other_name)).returncode == 0
    assert [json.loads(line)["title"] for line in other_name.read_text().splitlines()] == ["A", "B"]
    assert post.read_text(encoding="utf-8") == "---\ntitle: A\n---\nA.\n"
