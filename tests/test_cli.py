"""The newspost command through its real entry points: exit codes, formats, stdin/stdout."""

from __future__ import annotations

import json
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
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


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

    assert " posts/s]" in stderr_on_a_terminal()
    assert stderr_on_a_terminal("--quiet") == ""
