"""Issue 11, one test per item: every crash, quadratic path, silent loss and escape found by
attacking 0.1.0. Only the public API is used (``parse``, ``parse_file``, ``parse_dir``,
``Post.to_json``/``to_markdown``, ``write_markdown`` and the command line), so the tests
hold whatever the modules behind it become.

The cost tests time an input of 64 K characters (``NEWSPOST_COST_SIZE``) and one 8
times that (three doublings, ``NEWSPOST_COST_FACTOR``), and beside it, in the same fresh
process and interleaved, plain text of the same sizes; the best of 3 runs each. Plain
text is linear by construction, so the hostile input's growth may be at most 4 times
plain text's: a quadratic path grows 8 times more (2x over the bound), a linear one
about as much (0.5-2.4 measured; 3.3 once for 65,536 categories under load, where
growing hash tables leave the CPU caches). The garbage collector
is off while timing: with 170,000 links it adds a growth of its own, and the memory they
left slowed the plain text timed after them (so plain text is timed first). Asserting
on one doubling alone (the issue's "2.5x the time for 2x the input") proved too noisy:
crossing a CPU cache size doubles the time of a step by itself (ratios of 1.3 to 8.7 for
linear code between 32 K and 2 M characters), and plain text shows the same jumps.
Each input runs once untimed first, and plain text's growth counts as at least half
the input's (one loaded run read 2.9x for 8x): a quadratic path still exceeds the bound.
"""

from __future__ import annotations

import inspect
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import newspost
from newspost import _cli
from newspost._render import render

_KB = 1024
# The cost tests' smaller input, in characters, and how many times larger the larger is.
# 64 K and 8x keep them to a few seconds in all (below 64 K, CPU caches make even linear
# code grow unevenly); NEWSPOST_COST_SIZE=131072 NEWSPOST_COST_FACTOR=16 is thorough.
_COST_SIZE = int(os.environ.get("NEWSPOST_COST_SIZE", 64 * _KB))
_COST_FACTOR = int(os.environ.get("NEWSPOST_COST_FACTOR", 8))

# ---------------------------------------------------------------------------
# Helpers


def _codes(post: newspost.Post) -> list[str]:
    return [w.code for w in post.warnings]


def _survives(text: str | bytes, **options: object) -> newspost.Post:
    """Lenient parse returns a Post that serialises; strict raises only ParseError."""
    post = newspost.parse(text, **options)  # type: ignore[arg-type]
    assert isinstance(post, newspost.Post)
    assert newspost.Post.from_json(post.to_json()).to_json() == post.to_json()
    assert isinstance(newspost.parse(post.to_markdown()), newspost.Post)
    try:
        newspost.parse(text, strict=True, **options)  # type: ignore[arg-type]
    except newspost.ParseError as error:
        assert error.reason
    return post


_GROWTH = """
import gc, sys, time
sys.path.insert(0, sys.argv[1])
import newspost
from tests.test_attacks import _INPUTS
size, factor = int(sys.argv[3]), int(sys.argv[4])
cases = [_INPUTS[sys.argv[2]], _INPUTS["plain-text"]]
inputs = [(make(size), make(factor * size), run) for make, run in cases]
best = [[float("inf"), float("inf")] for _ in cases]
# Plain text first: after 170,000 links were built and freed, plain text timed slower.
for i in (1, 0):
    small, large, run = inputs[i]
    run(small)  # warm: caches filled and modules imported on first use, untimed
    for _ in range(3):
        for j, value in enumerate((small, large)):
            gc.collect()  # the collector's own growth with many objects is Python's, not ours
            gc.disable()
            start = time.perf_counter()
            run(value)
            best[i][j] = min(best[i][j], time.perf_counter() - start)
            gc.enable()
print(best[0][1] / best[0][0], best[1][1] / best[1][0])
"""


def _growth(name: str, size: int = _COST_SIZE, factor: int = _COST_FACTOR) -> tuple[float, float]:
    """How the time grows from ``size`` to ``factor * size`` characters: for ``name``'s
    input, and for plain text of the same sizes measured alongside (the best of 3 runs
    each, in a fresh process stopped after 60 s, so that a quadratic path never hangs).
    """
    root = str(Path(__file__).resolve().parent.parent)
    try:
        result = subprocess.run(
            [sys.executable, "-c", _GROWTH, root, name, str(size), str(factor)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: still running after 60 s at {size:,} and {factor * size:,} chars")
    hostile, plain = map(float, result.stdout.split())
    return hostile, plain


_MAX_RATIO = 4.0  # the time's growth over plain text's (see the module docstring)


def _write_posts(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"2021-12-08-p{i:05d}.md" for i in range(count)]
    for name in names:
        (folder / name).write_text(f"---\ntitle: {name}\n---\nText of {name}.\n")
    return names


def _main(*args: str) -> int:
    """The command line in this process; a KeyboardInterrupt must not stop pytest itself."""
    try:
        return _cli.main(list(args))
    except SystemExit as exit:
        return int(exit.code or 0)
    except KeyboardInterrupt:  # pragma: no cover - the bug the Ctrl-C test looks for
        pytest.fail("KeyboardInterrupt escaped newspost's main()")


def _zone_file(tmp_path: Path) -> Path:
    """A real TZif file at a path of our own: a zone *name* must never be opened as a file."""
    for candidate in ("/usr/share/zoneinfo/Asia/Shanghai", "/usr/share/zoneinfo/UTC"):
        if Path(candidate).is_file():
            copy = tmp_path / "zone"
            shutil.copyfile(candidate, copy)
            return copy
    import tzdata  # the IANA database as a package when the system has none

    source = Path(tzdata.__file__).parent / "zoneinfo" / "Asia" / "Shanghai"
    copy = tmp_path / "zone"
    shutil.copyfile(source, copy)
    return copy


# ---------------------------------------------------------------------------
# Crashes: control characters and noncharacters reaching lxml

_CONTROL_CODES = [*range(1, 9), 11, 12, *range(14, 32)]


@pytest.mark.parametrize("code", _CONTROL_CODES)
@pytest.mark.parametrize(
    "template",
    [
        "<p>a{ref}b</p>",
        '<p><img src="x.png" alt="a{ref}b"></p>',
        "Markdown *a* {ref} b",
        "> lead {ref} *x*\n\nText.",
    ],
    ids=["html-text", "html-attribute", "markdown", "lead"],
)
def test_control_character_references_reach_no_lxml_error(code: int, template: str) -> None:
    for ref in (f"&#{code};", f"&#x{code:X};"):
        _survives("---\ntitle: T\n---\n" + template.format(ref=ref))


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"])
def test_raw_noncharacters_in_a_body_with_markup(char: str) -> None:
    post = _survives(f"---\ntitle: T\n---\n<p>a{char}b</p>\n\n*c{char}d*")
    assert post.paragraphs


@pytest.mark.parametrize("ref", ["&#0;", "&#xD800;", "&#x110000;", "&#127;", "&#159;"])
def test_other_awkward_character_references(ref: str) -> None:
    _survives(f"---\ntitle: T\n---\n<p>a{ref}b</p>")


# ---------------------------------------------------------------------------
# Crashes: link URLs that urllib.parse rejects


@pytest.mark.parametrize(
    "url",
    [
        "http://a\uff1ab/",  # full-width colon in the host
        "http://a\uff0eb/",  # full-width dot
        "http://a\u2100b/",  # ℀ normalises to a/c: a slash in the host
        "http://[::1/",  # unbalanced [ of an IPv6 host
        "//[x/",
        "http://]/",
        "http://例子.测试/路径",
    ],
)
@pytest.mark.parametrize("site_url", [None, "https://news.example.org/blog"])
def test_link_urls_urllib_rejects(url: str, site_url: str | None) -> None:
    post = _survives(f"---\ntitle: T\n---\nText.\n\n[a]({url})", site_url=site_url)
    # A link newspost cannot tell to be the site's stays in the article: kept, never lost.
    assert [link.url for link in post.links] == [url] or f"({url})" in post.body


def test_link_urls_urllib_rejects_in_parse_dir(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("url: https://news.example.org\n")
    (tmp_path / "2021-12-08-a.md").write_text("---\ntitle: T\n---\nText.\n\n[a](http://[::1/)\n")
    results = list(newspost.parse_dir(tmp_path, workers=1))
    assert [r.ok for r in results] == [True]


# ---------------------------------------------------------------------------
# Crashes: explicit YAML tags with bad values

_BAD_TAGS = [
    "!!timestamp foo",
    "!!int abc",
    "!!float x",
    "!!bool maybe",
    "!!int " + "9" * 5_000,
    "!!binary ###",
    "!!timestamp 2021-13-45",
    "!!merge x",
    "!!value x",
    "!!int",  # found by tests/test_hostile.py's hostile_posts: IndexError in PyYAML
    "!!float ''",
]


@pytest.mark.parametrize("tag", _BAD_TAGS, ids=lambda t: t[:16])
def test_explicit_yaml_tags_with_bad_values(tag: str) -> None:
    post = _survives(f"---\ntitle: T\nk: {tag}\n---\nText.")
    assert post.title == "T"


@pytest.mark.parametrize("tag", _BAD_TAGS, ids=lambda t: t[:16])
def test_explicit_yaml_tags_with_bad_values_in_line_by_line_recovery(tag: str) -> None:
    # The unescaped quote in the title makes the front matter invalid: lines are recovered.
    post = _survives(f'---\ntitle: "a"b"\nk: {tag}\n---\nText.')
    assert post.title == 'a"b'
    assert "yaml_invalid" in _codes(post)


@pytest.mark.parametrize("tag", _BAD_TAGS, ids=lambda t: t[:16])
def test_explicit_yaml_tags_with_bad_values_as_the_date(tag: str) -> None:
    _survives(f"---\ntitle: T\ndate: {tag}\n---\nText.", path="2021-12-08-a.md")


# ---------------------------------------------------------------------------
# Crashes: deep nesting in front matter


@pytest.mark.parametrize("depth", [100, 300, 500, 2_000, 20_000])
@pytest.mark.parametrize(
    "make",
    [
        lambda n: "---\na: " + "[" * n + "]" * n + "\n---\nText.",
        lambda n: "---\na: " + "{a: " * n + "}" * n + "\n---\nText.",
        lambda n: "---\na:\n" + "".join("  " * i + "- \n" for i in range(min(n, 500))) + "---\nx",
        lambda n: "+++\na = " + "[" * n + "]" * n + "\n+++\nText.",
        lambda n: '+++\na = ' + "{a = " * n + "1" + "}" * n + "\n+++\nText.",
        lambda n: '{\n"a": ' + "[" * n + "]" * n + "\n}\nText.",
        lambda n: '{\n"a": ' + '{"a": ' * n + "1" + "}" * n + "\n}\nText.",
    ],
    ids=["yaml-flow-list", "yaml-flow-map", "yaml-block", "toml-array", "toml-table", "json-array",
         "json-object"],
)  # fmt: skip
def test_deep_nesting_in_front_matter(make: Callable[[int], str], depth: int) -> None:
    post = _survives(make(depth))
    assert "Text." in post.text or post.text == "x"


def test_hundred_thousand_deep_unclosed_json_front_matter() -> None:
    post = _survives('{\n"a": ' + "[" * 100_000 + "\nText.")
    assert isinstance(post, newspost.Post)


# ---------------------------------------------------------------------------
# Crashes: lone surrogates from JSON escapes


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud800\\ud800", "a\\udc00b"])
def test_lone_surrogates_from_json_escapes_serialise(escape: str) -> None:
    text = f'{{\n"title": "{escape}",\n"note": ["{escape}"],\n"{escape}": 1\n}}\nText.'
    post = _survives(text)
    post.to_json()
    post.to_markdown()
    assert "decode_failed" in _codes(post) or "surrogate" in " ".join(_codes(post))


def test_lone_surrogate_in_one_file_does_not_stop_the_cli_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "2021-12-08-a.md").write_text('{\n"title": "\\ud800"\n}\nBad.\n')
    (folder / "2021-12-08-b.md").write_text("---\ntitle: Good\n---\nGood.\n")
    out = tmp_path / "out.jsonl"
    status = _main("parse", str(folder), "-o", str(out), "--workers", "1", "-q")
    assert status in (0, 1)
    titles = [json.loads(line)["title"] for line in out.read_text().splitlines()]
    assert "Good" in titles


# ---------------------------------------------------------------------------
# Crashes: the site's _config.yml and timezones


@pytest.mark.filterwarnings("ignore::newspost.SiteWarning")
@pytest.mark.parametrize(
    "config",
    [
        "url: !!int abc\n",
        "timezone: !!timestamp foo\n",
        "baseurl: !!float x\n",
        "timezone: !!bool maybe\n",
        "url: !!int " + "9" * 5_000 + "\n",
        "timezone: " + "[" * 5_000 + "\n",
        "timezone: Nowhere/Land\n",
        "timezone: /etc/passwd\n",
        "timezone: ../../../../etc/passwd\n",
        "timezone: 'Asia/Shanghai\\0'\n",
        'timezone: "\\ud800"\n',
        "timezone: " + "A" * 10_000 + "\n",
    ],
    ids=lambda c: c[:24],
)
def test_bad_site_config_never_breaks_the_run(tmp_path: Path, config: str) -> None:
    (tmp_path / "_config.yml").write_text(config)
    names = _write_posts(tmp_path / "_posts", 3)
    for workers in (1, 2):
        results = list(newspost.parse_dir(tmp_path, workers=workers))
        assert [Path(r.path).name for r in results if r.path] == names
        assert all(r.ok for r in results), [str(r) for r in results if not r.ok]


def test_site_timezone_that_is_a_file_path_is_never_opened(tmp_path: Path) -> None:
    zone = _zone_file(tmp_path)  # a valid TZif file: dateutil would load it
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text(f"timezone: {zone}\n")
    (site / "2021-12-08-a.md").write_text("---\ntitle: T\ndate: 2021-12-08 10:00\n---\nx\n")
    with pytest.warns(UserWarning, match="not a zone name"):
        [post] = list(newspost.parse_dir(site, workers=1))
    assert isinstance(post, newspost.Post)
    assert post.date is not None and post.date.tzinfo is None
    assert "timezone_invalid" in _codes(post)


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd", "zone-file"])
def test_timezone_argument_that_is_a_path_is_a_value_error(tmp_path: Path, name: str) -> None:
    if name == "zone-file":
        name = str(_zone_file(tmp_path))
    with pytest.raises(ValueError, match="timezone"):
        newspost.parse("---\ndate: 2021-12-08 10:00\n---\nx", timezone=name)


@pytest.mark.parametrize("name", ["Asia/Shanghai", "UTC", "+08:00", "-0500", "America/New_York"])
def test_timezone_names_and_offsets_still_work(name: str) -> None:
    post = newspost.parse("---\ndate: 2021-12-08 10:00\n---\nx", timezone=name)
    assert post.date is not None and post.date.utcoffset() is not None


@pytest.mark.parametrize("name", ["Nowhere/Land", "/etc/passwd", "../UTC", "Asia/Shanghai\0"])
def test_bad_timezone_option_is_one_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    _write_posts(tmp_path, 5)
    for command in ("parse", "check"):
        assert _main(command, str(tmp_path), "--timezone", name, "--workers", "1", "-q") == 2
        err = capsys.readouterr().err
        assert 1 <= len(err.strip().splitlines()) <= 3, err  # not one line per file
        assert "Traceback" not in err and "timezone" in err


@pytest.mark.parametrize(
    ("config", "said", "code"),
    [
        ("timezone: Nowhere/Land\n", "Nowhere/Land", "timezone_invalid"),
        ("url: [unclosed\n", "does not load", "site_config_invalid"),
    ],
)
def test_a_bad_site_config_is_one_warning_per_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str, said: str, code: str
) -> None:
    (tmp_path / "_config.yml").write_text(config)
    _write_posts(tmp_path / "_posts", 5)
    assert _main("parse", str(tmp_path), "--workers", "2", "-q") == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 5
    assert captured.err.count(said) == 1, captured.err
    assert captured.out.count(code) == 5  # and each post says so


def test_no_python_warning_escapes_from_dateutil() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for value in ("Wed, 08 Dec 2021 10:00:00 EST", "Dec 8 2021 10:00 PST", "8 Dec 2021 XYZT"):
            newspost.parse(f"---\ndate: {value}\n---\nx")
        newspost.parse("---\ndate: 2021-12-08 10:00\n---\nx", timezone="EST")
    assert [str(w.message) for w in caught] == []


def test_show_on_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        status = _main("show", str(tmp_path))
    except StopIteration:  # pragma: no cover - the bug
        pytest.fail("StopIteration escaped 'newspost show'")
    assert status in (1, 2)
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err


# ---------------------------------------------------------------------------
# parse_dir and the CLI


def test_parse_dir_recovers_from_a_killed_worker(tmp_path: Path) -> None:
    names = _write_posts(tmp_path, 1_500)
    results = []
    killed = False
    for result in newspost.parse_dir(tmp_path, workers=2):
        results.append(result)
        if not killed:
            children = multiprocessing.active_children()
            assert children
            os.kill(children[0].pid, signal.SIGKILL)  # as the OOM killer would
            killed = True
    assert [Path(r.path).name for r in results if r.path] == names
    assert all(r.ok for r in results)


# A worker that dies in the middle of sending its results (the OOM killer strikes
# while it writes): the start of a message longer than what follows, then SIGKILL.
_DIES_MID_MESSAGE = """
import os, signal, struct, sys, pathlib
import newspost
from newspost import _pool

folder = pathlib.Path(sys.argv[1])
for i in range(200):
    (folder / f"2021-01-{i:03d}-p.md").write_text(f"---\\ntitle: T{i}\\n---\\nText {i}.\\n")
real = _pool._parse_chunk

def dying(*work):
    results = real(*work)
    try:
        os.close(os.open(folder / "killed", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return results
    result_queue = sys._getframe(1).f_locals["result_queue"]  # concurrent.futures' worker
    result_queue._writer._send(struct.pack("!i", 1_000_000) + b"x" * 1000)
    (folder / "sent").touch()
    os.kill(os.getpid(), signal.SIGKILL)

_pool._parse_chunk = dying
results = list(newspost.parse_dir(folder, workers=2))
print(len(results), sum(r.ok for r in results))
"""


def test_parse_dir_survives_a_worker_killed_while_sending_results(tmp_path: Path) -> None:
    # concurrent.futures then waits for the rest of the message forever (a hang in
    # CI on Python 3.13 when the test above killed a worker at that moment).
    done = subprocess.run(
        [sys.executable, "-c", _DIES_MID_MESSAGE, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (tmp_path / "sent").exists(), done.stderr  # the worker did die mid-message
    assert done.stdout.split() == ["200", "200"], done.stderr


def test_parse_file_on_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "2021-12-08-fifo.md"
    os.mkfifo(fifo)
    script = (
        "import sys, newspost\n"
        "try:\n"
        "    newspost.parse_file(sys.argv[1])\n"
        "except newspost.ParseError as error:\n"
        "    print('ParseError', error.code)\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", script, str(fifo)], capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        pytest.fail("parse_file blocked on a FIFO")
    assert result.stdout.startswith("ParseError"), result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_output_that_is_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    post = tmp_path / "2021-12-08-a.md"
    original = "---\ntitle: Precious\n---\nThe only copy.\n"
    post.write_text(original)
    assert _main("parse", str(post), "-o", str(post), "--format", fmt, "-q") == 2
    assert post.read_text() == original
    # The same file reached through a folder, and through a symbolic link.
    assert _main("parse", str(tmp_path), "-o", str(post), "--format", fmt, "-q") == 2
    assert post.read_text() == original
    link = tmp_path / "link.jsonl"
    link.symlink_to(post)
    assert _main("parse", str(post), "-o", str(link), "--format", fmt, "-q") == 2
    assert post.read_text() == original


class _Interrupted(io.RawIOBase):
    """Standard input that Ctrl-C interrupts as soon as it is read."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: object) -> int:
        raise KeyboardInterrupt


def _interrupted_stdin() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedReader(_Interrupted()))


def test_output_is_written_through_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "posts.jsonl"
    out.write_text('{"kept": "the previous run"}\n')

    monkeypatch.setattr(sys, "stdin", _interrupted_stdin())
    assert _main("parse", "-", "-o", str(out), "-q") == 130
    assert out.read_text() == '{"kept": "the previous run"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["posts.jsonl"]  # no temporary left


def test_ctrl_c_exits_130_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _interrupted_stdin())
    assert _main("parse", "-", "-q") == 130
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_ctrl_c_in_a_real_process_exits_130(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "newspost", "parse", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Wait until it is blocked reading standard input, then interrupt it.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                stat = Path(f"/proc/{process.pid}/wchan").read_text()
            except OSError:
                stat = ""
            children = Path(f"/proc/{process.pid}/stat").read_text().split()
            if children[2] == "S" and stat and "pipe" in stat:
                break
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


# ---------------------------------------------------------------------------
# Cost: every regex with growing input (time ratio for 2x input <= 2.5)

_GROWING = {
    # The two: 7.7 s and 14 s at 64 KB in 0.1.0.
    "front-matter-key-spaces-value": lambda n: "---\nk" + " " * n + "v\n---\nx",
    "link-line-open-paren-spaces": lambda n: "---\n---\nx\n\n[a](" + " " * n,
    # The same regexes reached by other paths.
    "recovered-key-spaces-value": lambda n: '---\ntitle: "a"b"\nk' + " " * n + "v\n---\nx",
    "unclosed-front-matter-key-spaces": lambda n: "---\nk" + " " * n + "v\n\nbody",
    "link-line-url-then-spaces": lambda n: "---\n---\nx\n\n[a](" + "u" * n + " " * n,
    "link-line-spaces-quote": lambda n: "---\n---\nx\n\n[a](u" + ' "' * n,
    "link-line-escapes": lambda n: "---\n---\nx\n\n[" + "\\" * n + "](",
    "link-line-many-links": lambda n: "---\n---\nx\n\n" + "[a](b)" * (n // 6) + "(",
    "autolink-spaces": lambda n: "---\n---\nx\n\n" + " " * n + "<http://a/" + " " * n,
    "date-spaces": lambda n: "---\ndate: 2021-12-08" + " " * n + "x\n---\nx",
    "date-chinese-spaces": lambda n: "---\ndate: 2021" + " " * n + "年x\n---\nx",
    "dashes-line": lambda n: "---\n" + "-" * n + " x\n---\nx",
    "blank-lines-start": lambda n: " \n" * (n // 2) + "---\ntitle: T\n---\nx",
    "markup-spaces": lambda n: "---\n---\n" + " " * n + "1" * n + "x *a*",
    "html-tag-lines": lambda n: "---\n---\n*a*\n" + "<a" + ">" * n + " " * n + "x\n",
    "html-tag-spaces": lambda n: "---\n---\n*a*\n" + "<a" + "> " * n + "\nx\n",
    "hidden-style": lambda n: '---\n---\n<p style="display' + " " * n + 'x">a</p>',
    "attribution-spaces": lambda n: "---\n---\n<p>a</p>\n\n来源：" + " " * n + "x",
    "parenthesis-spaces": lambda n: "---\n---\n正文" + "（" * n + "新华社" + " " * n,
    "unclosed-tags": lambda n: "---\n---\n<p>" + "<" * n,
    # Whether the body is HTML alone: a scan of the blank lines, each looked at once.
    "blank-lines-between-tags": lambda n: "---\n---\n<p>a</p>" + "\n" * n + "<p>b</p>",
    "blank-lines-and-spaces-between-tags": lambda n: (
        "---\n---\n<p>a</p>" + "\n \n\u3000" * (n // 4) + "<p>b</p>"
    ),
    # Past the parser's depth limit, invisible content is removed by a scan of the tags.
    "too-deep-hidden": lambda n: (
        "---\n---\n" + "<div>" * (n // 10) + "<p hidden><b>x</b>" * (n // 36)
    ),
    "too-deep-comments": lambda n: "---\n---\n" + "<div>" * (n // 10) + "<!--" * (n // 8),
}


def _parse(text: object) -> None:
    newspost.parse(text)  # type: ignore[arg-type]


def _kramdown(text: object) -> None:
    render(str(text), flavor="kramdown")  # as on a Jekyll site


def _parse_named(name: object) -> None:
    newspost.parse("---\n---\nx", path=str(name))


def _tags(n: int) -> str:
    return "---\ntags: [" + ", ".join(f"t{i}" for i in range(n // 8)) + "]\n---\nx"


def _categories(n: int) -> str:
    return "---\ncategories: " + " ".join(f"c{i}" for i in range(n // 8)) + "\n---\nx"


def _file_name(n: int) -> str:
    return "2021-12-08-" + "." * n + "md" + ".md" * 10


# name -> (input of about n characters, what to time)
_INPUTS: dict[str, tuple[Callable[[int], object], Callable[[object], None]]] = {
    **{name: (make, _parse) for name, make in _GROWING.items()},
    "plain-text": (lambda n: "---\ntitle: T\n---\n" + "x" * n, _parse),
    "file-name-dots": (_file_name, _parse_named),
    "many-tags": (_tags, _parse),  # 0.1.0: 80,000 tags took 30 s
    "many-categories-one-string": (_categories, _parse),
    # kramdown definitions: each looks for a term above it once text has been seen.
    "kramdown-definitions-after-blank-lines": (
        lambda n: "\n" * (n // 6) + ": a\n" * (n // 6),
        _kramdown,
    ),
    "kramdown-table-rows": (lambda n: "*a*\n\n" + "a|b\n" * (n // 4), _kramdown),
    "kramdown-unclosed-html-lines": (lambda n: "*a*\n" + "<div>\n" * (n // 6), _kramdown),
    "kramdown-cjk-emphasis": (lambda n: "。**" * (n // 3), _kramdown),
}


@pytest.mark.parametrize("name", sorted(set(_INPUTS) - {"plain-text"}))
def test_cost_grows_linearly(name: str) -> None:
    hostile, plain = _growth(name)
    # Plain text grows about as its input (8x: 7-8x measured); a run slowed under load
    # once read 2.9x, which would make the bound four times too strict.
    assert hostile <= _MAX_RATIO * max(plain, _COST_FACTOR / 2), (
        f"{name}: {_COST_FACTOR}x the input took {hostile:.0f}x the time (plain text: {plain:.0f}x)"
    )


_PEAK = """
import json, sys, tracemalloc
import newspost
tracemalloc.start()  # Python's own allocations: deterministic, unlike the resident size
post = newspost.parse_file(sys.argv[1])
size = len(post.to_json())
peak = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps({"peak_mb": peak, "json_bytes": size, "codes": [w.code for w in post.warnings]}))
"""


def _peak(text: str, tmp_path: Path) -> dict[str, object]:
    """Parse and serialise in a fresh process: the peak of Python's allocations, the JSON size."""
    source = tmp_path / "input.md"
    source.write_text(text)
    result = subprocess.run(
        [sys.executable, "-c", _PEAK, str(source)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    measured: dict[str, object] = json.loads(result.stdout)
    return measured


def test_yaml_merge_keys_are_refused_before_they_are_built(tmp_path: Path) -> None:
    anchor = "a: &a {" + ", ".join(f"k{i}: v" for i in range(1_000)) + "}\n"
    merges = "".join(f"m{i}: {{<<: *a}}\n" for i in range(2_000))  # 2 million pairs expanded
    measured = _peak(f"---\ntitle: T\n{anchor}{merges}---\nx", tmp_path)
    assert "yaml_alias_bomb" in measured["codes"]  # type: ignore[operator]
    # 0.1.0 built the 2 million pairs (60 MB) before refusing them.
    assert measured["peak_mb"] < 30, measured  # type: ignore[operator]


def test_yaml_alias_guard_counts_bytes_not_values(tmp_path: Path) -> None:
    big = "x" * 100_000
    aliases = ", ".join(["*s"] * 1_000)  # 100 MB once expanded, from 104 KB of text
    measured = _peak(f'---\ntitle: T\ns: &s "{big}"\nl: [{aliases}]\n---\nx', tmp_path)
    assert "yaml_alias_bomb" in measured["codes"]  # type: ignore[operator]
    assert measured["json_bytes"] < 2_000_000, measured  # type: ignore[operator]


def test_max_bytes_is_a_parameter_with_a_generous_default() -> None:
    for function in (newspost.parse, newspost.parse_file, newspost.parse_dir):
        parameter = inspect.signature(function).parameters.get("max_bytes")
        assert parameter is not None, function.__name__
        assert parameter.default == 64 * 2**20, function.__name__


def test_max_bytes_refuses_larger_input(tmp_path: Path) -> None:
    text = "---\ntitle: T\n---\n" + "x" * 5_000
    big = tmp_path / "2021-12-08-big.md"
    big.write_text(text)
    for strict in (False, True):
        with pytest.raises(newspost.ParseError, match="bytes"):
            newspost.parse(text.encode(), max_bytes=1_000, strict=strict)  # type: ignore[call-arg]
        with pytest.raises(newspost.ParseError, match="bytes"):
            newspost.parse_file(big, max_bytes=1_000, strict=strict)  # type: ignore[call-arg]
    [failure] = list(newspost.parse_dir(tmp_path, workers=1, max_bytes=1_000))  # type: ignore[call-arg]
    assert not failure.ok and "bytes" in str(failure)
    assert newspost.parse_file(big, max_bytes=10_000).title == "T"  # type: ignore[call-arg]


def test_max_bytes_default_refuses_a_sparse_gigabyte_without_reading_it(tmp_path: Path) -> None:
    assert "max_bytes" in inspect.signature(newspost.parse_file).parameters  # else it reads 1 GiB
    huge = tmp_path / "2021-12-08-huge.md"
    with huge.open("wb") as handle:
        handle.truncate(2**30)
    with pytest.raises(newspost.ParseError, match="bytes"):
        newspost.parse_file(huge)
    [failure] = list(newspost.parse_dir(tmp_path, workers=1))
    assert not failure.ok


def test_max_bytes_bounds_a_zip_member(tmp_path: Path) -> None:
    pytest.importorskip("fsspec")
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("_posts/2021-12-08-bomb.md", "---\ntitle: T\n---\n" + "0" * 8_000_000)
        handle.writestr("_posts/2021-12-08-ok.md", "---\ntitle: OK\n---\nx")
    assert archive.stat().st_size < 100_000
    results = list(newspost.parse_dir(archive, workers=1, max_bytes=1_000_000))  # type: ignore[call-arg]
    assert [r.ok for r in results] == [False, True]
    assert "bytes" in str(results[0])


def test_max_bytes_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "2021-12-08-a.md").write_text("---\ntitle: T\n---\n" + "x" * 5_000)
    assert _main("parse", str(tmp_path), "--max-bytes", "1000", "--workers", "1", "-q") == 1
    assert "bytes" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Silent loss


def test_large_json_front_matter_with_a_star_is_not_an_alias_bomb() -> None:
    # JSON has no aliases: a "*" in its text and many values are just data.
    values = list(range(120_000))
    post = newspost.parse('{\n"title": "a *b*",\n"values": ' + json.dumps(values) + "\n}\nBody.")
    assert "yaml_alias_bomb" not in [w.code for w in post.warnings]
    assert post.title == "a *b*" and post.extra["values"] == values


def test_json_front_matter_trailing_text_is_not_lost() -> None:
    post = newspost.parse('{\n"title": "a"\n} trailing words\nBody.')
    assert "trailing words" in post.to_json()
    assert "Body." in post.text


@pytest.mark.parametrize(
    ("line", "key", "kept"),
    [
        ("layout: [a, b]", "layout", ["a", "b"]),
        ("layout: {a: 1}", "layout", {"a": 1}),
        ("categories: {a: 1}", "categories", {"a": 1}),
        ("category: {a: 1}", "category", {"a": 1}),
        ("tags: [{x: y}, ok]", "tags", [{"x": "y"}, "ok"]),
        ("tag: [[a, b]]", "tag", [["a", "b"]]),
    ],
)
def test_consumed_keys_of_the_wrong_type_are_kept(line: str, key: str, kept: object) -> None:
    post = newspost.parse(f"---\ntitle: T\n{line}\n---\nx")
    assert post.extra.get(key) == kept
    assert post.warnings and any(key in w.message for w in post.warnings)
    with pytest.raises(newspost.ParseError):
        newspost.parse(f"---\ntitle: T\n{line}\n---\nx", strict=True)


@pytest.mark.parametrize(
    "pair",
    ["1: a\n1.0: b", "yes: a\ntrue: b", "null: a\n~: b", "0x10: a\n16: b", "'1': a\n1: b"],
)
def test_keys_equal_in_python_warn_as_duplicates(pair: str) -> None:
    post = newspost.parse(f"---\ntitle: T\n{pair}\n---\nx")
    assert "duplicate_key" in _codes(post)


def test_html_after_the_closing_body_is_kept() -> None:
    post = newspost.parse("---\ntitle: T\n---\n<p>a</p></body></html><p>b</p>\n<p>c</p>")
    assert post.paragraphs == ["a", "b", "c"]


def test_plaintext_does_not_leak_the_wrapper() -> None:
    post = newspost.parse("---\ntitle: T\n---\n<p>a</p><plaintext>x <b>y</b>")
    assert "</body>" not in post.text and "</html>" not in post.text
    assert "x" in post.text


def test_invisible_content_past_the_depth_limit_does_not_leak() -> None:
    depth = 5_000
    hidden = (
        "<script>secret1()</script><style>.secret2{}</style><p hidden>secret3</p>"
        '<div style="display:none">secret4</div><!-- secret5 --><noscript>secret6</noscript>'
    )
    post = newspost.parse(
        "---\ntitle: T\n---\n" + "<div>" * depth + hidden + "<p>shown</p>" + "</div>" * depth
    )
    assert "html_too_deep" in _codes(post)
    assert "shown" in post.text
    assert "secret" not in post.text


_SAMPLES = {
    "big5": "台灣新聞報導，今天天氣很好，市政府宣布新的交通政策，民眾表示支持。",
    "shift_jis": "日本のニュースです。今日は天気が良く、東京都は新しい交通政策を発表しました。",
    "euc-kr": "한국 뉴스입니다. 오늘은 날씨가 좋고 서울시는 새로운 교통 정책을 발표했습니다.",
    "cp1252": "Café “quoted” – naïve façade, déjà vu; Müller’s résumé costs € 5 — “ok”.",
    "gb18030": "示例市统计局发布数据，一季度全市新能源汽车产量同比增长，达到十二万辆。",
    "gbk": "示例银行发布科技金融专项方案，首批授信五十亿元，支持科技型中小企业发展。",
}


@pytest.mark.parametrize("encoding", sorted(_SAMPLES))
def test_encodings_are_detected_not_mojibake(encoding: str) -> None:
    text = _SAMPLES[encoding]
    title = text[:12]
    data = f"---\ntitle: {title}\n---\n{text}\n\n{text}\n".encode(encoding)
    post = newspost.parse(data)
    assert post.title == title
    assert post.paragraphs == [text, text]
    assert "encoding" in _codes(post)
    assert "encoding_guess_weak" not in _codes(post)


@pytest.mark.parametrize("data", [b"---\ntitle: \xe9t\xe9\n---\nx\n", b"\xa4\xa4\n", b"a\x81b"])
def test_weak_encoding_guess_warns_and_fails_strict(data: bytes) -> None:
    post = newspost.parse(data)
    assert "encoding_guess_weak" in _codes(post)
    with pytest.raises(newspost.ParseError):
        newspost.parse(data, strict=True)


def test_sub_minute_offset_survives_json_and_markdown() -> None:
    post = newspost.parse("---\ndate: 1900-01-01 00:00:00\n---\nx", timezone="Asia/Shanghai")
    # Local mean time, +08:05:43, that instant: kept, at a whole-minute offset or as is.
    lmt = datetime(1900, 1, 1, tzinfo=timezone(timedelta(hours=8, seconds=343)))
    assert post.date == lmt
    assert newspost.Post.from_json(post.to_json()).date == post.date
    # Written back as it was written: read again in the same zone, the same instant.
    assert newspost.parse(post.to_markdown(), timezone="Asia/Shanghai").date == post.date


def test_constructed_sub_minute_offset_survives_json_and_markdown() -> None:
    odd = newspost.Post(date=datetime(2000, 1, 1, tzinfo=timezone(timedelta(seconds=30))))
    assert newspost.Post.from_json(odd.to_json()) == odd
    assert newspost.parse(odd.to_markdown()).date == odd.date


@pytest.mark.parametrize(
    "line",
    ["[a  b](/x)", "[a\u3000b](/x)", "[ a ](/x)", "[a](/x<y>)", "[a](/x>)", "[a](</x y>)"],
)
def test_trailing_links_round_trip_as_written(line: str) -> None:
    post = newspost.parse(f"---\ntitle: T\n---\nText.\n\n{line}\n")
    assert post.links
    again = newspost.parse(post.to_markdown())
    assert again.links == post.links


def test_original_url_with_angle_brackets_round_trips() -> None:
    post = newspost.Post(title="T", original_url="http://x.org/a?b=<c>")
    assert newspost.parse(post.to_markdown()).original_url == post.original_url


def test_trailing_no_break_space_does_not_make_an_original_url() -> None:
    post = newspost.parse("---\ntitle: T\n---\nText.\n\n<http://x.org/a>\u00a0\n")
    again = newspost.parse(post.to_markdown())
    assert (again.original_url, again.body) == (post.original_url, post.body)


# ---------------------------------------------------------------------------
# Escaping and security


def test_to_markdown_keeps_link_labels_escaped() -> None:
    post = newspost.parse("---\ntitle: T\n---\nText.\n\n[\\<img src=x onerror=alert(1)\\>](/x)\n")
    assert post.links[0].text == "<img src=x onerror=alert(1)>"
    written = post.to_markdown()
    assert "[<img" not in written
    assert "\\<img" in written
    assert newspost.parse(written).links == post.links


def test_write_markdown_does_not_follow_a_dangling_symlink(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "2021-12-08-a.md").symlink_to(outside / "victim.md")
    post = newspost.parse("---\ntitle: T\n---\nx", path="2021-12-08-a.md")
    # The link is a file already there: refused, and nothing written through it.
    with pytest.raises(FileExistsError):
        newspost.write_markdown([post], out)
    assert not (outside / "victim.md").exists()
    # overwrite=True replaces the link itself, inside the folder.
    assert newspost.write_markdown([post], out, overwrite=True) == 1
    assert not (outside / "victim.md").exists()
    written = out / "2021-12-08-a.md"
    assert not written.is_symlink() and "title: T" in written.read_text()
    assert sorted(p.name for p in out.iterdir()) == ["2021-12-08-a.md"]


def test_write_markdown_shortens_names_too_long_for_the_file_system(tmp_path: Path) -> None:
    long = newspost.Post(title="Long", slug="中" * 90, date=datetime(2021, 12, 8))
    also = newspost.Post(title="Long2", slug="中" * 89 + "文", date=datetime(2021, 12, 8))
    short = newspost.Post(title="Short", slug="ok", date=datetime(2021, 12, 8))
    assert newspost.write_markdown([long, also, short], tmp_path) == 3
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 3
    assert all(len(name.encode()) <= 255 for name in names)
    titles = {newspost.parse_file(tmp_path / name).title for name in names}
    assert titles == {"Long", "Long2", "Short"}


def test_write_markdown_name_too_long_in_a_mirrored_tree_stops_nothing_else(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    posts = [
        newspost.parse("---\ntitle: A\n---\nx", path=str(site / "2021-12-08-a.md")),
        newspost.parse("---\ntitle: B\n---\nx", path=str(site / ("b" * 300 + ".md"))),
        newspost.parse("---\ntitle: C\n---\nx", path=str(site / "2021-12-08-c.md")),
    ]
    out = tmp_path / "out"
    assert newspost.write_markdown(posts, out, root=site) == 3
    names = sorted(p.name for p in out.iterdir())
    assert names[:2] == ["2021-12-08-a.md", "2021-12-08-c.md"] and len(names) == 3
    assert all(len(name.encode()) <= 255 for name in names)


@pytest.mark.parametrize(
    "url",
    [
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "java&#x73;cript:alert(1)",
        "javascript&colon;alert(1)",
        "&#0000106avascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",  # a tab: the link needs the <…> form
        "vbscript&#58;x",
        "data&colon;text/html,x",
    ],
)
def test_unsafe_url_sees_entity_encoded_schemes(url: str) -> None:
    target = f"<{url}>" if "\t" in url else url
    post = newspost.parse(f"---\ntitle: T\n---\nText.\n\n[a]({target})\n")
    assert "unsafe_url" in _codes(post)
    front = newspost.parse(f"---\ntitle: T\noriginal_url: '{url}'\n---\nText.\n")
    assert front.original_url is None
    assert "unsafe_url" in _codes(front)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "FILE://host/share", "file:/etc/passwd"])
def test_file_urls_are_never_the_original_url(url: str) -> None:
    autolink = newspost.parse(f"---\ntitle: T\n---\nText.\n\n<{url}>\n")
    assert autolink.original_url is None and "unsafe_url" in _codes(autolink)
    front = newspost.parse(f"---\ntitle: T\noriginal_url: '{url}'\n---\nText.\n")
    assert front.original_url is None and "unsafe_url" in _codes(front)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("<img src=x onerror=alert(1)>", "/x"),
        ("a  b", "/x"),
        (" a ", "/x"),
        ("a\u3000b", "/x"),
        ("a", "/x<y>"),
        ("a", "/x>"),
        ("a", "/x y"),
        ("[a] \\ b", "/x(1)"),
    ],
)
def test_constructed_links_round_trip_escaped(text: str, url: str) -> None:
    link = newspost.Link(text=text, url=url)
    post = newspost.Post(title="T", body="Text.", paragraphs=["Text."], links=[link])
    written = post.to_markdown()
    assert "[<" not in written  # a label never opens a live tag
    again = newspost.parse(written)
    assert [(x.text, x.url) for x in again.links] == [(text, url)]


@pytest.mark.parametrize(
    "line", ["<http://x.org/a>\u00a0", "[a](/x)\u00a0", "<http://x.org/a>\u3000"]
)
def test_trailing_no_break_space_survives_json_then_markdown(line: str) -> None:
    post = newspost.parse(f"---\ntitle: T\n---\nText.\n\n{line}\n")
    constructed = newspost.Post.from_json(post.to_json())  # no original file to write back
    again = newspost.parse(constructed.to_markdown())
    assert (again.original_url, again.body, again.links) == (None, post.body, [])


def test_small_aliases_and_merge_keys_still_load() -> None:
    text = "---\ntitle: T\na: &a {x: 1}\nb: {<<: *a, y: 2}\nc: [*a, *a]\ns: &s word\nt: *s\n---\nx"
    post = newspost.parse(text, strict=True)
    assert post.extra["b"] == {"x": 1, "y": 2}
    assert post.extra["c"] == [{"x": 1}, {"x": 1}]
    assert post.extra["t"] == "word"


def test_recursive_alias_is_refused_not_a_recursion_error() -> None:
    post = _survives("---\ntitle: T\na: &a [1, *a]\n---\nx")
    assert post.title == "T"
