"""Hostile and broken input: never crash, never lose a post, never execute or fetch anything."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import newspost
from newspost._binary import looks_binary
from newspost.strategies import encoded_posts, hostile_posts
from tests.corpus import corpus_posts

# Seeds: every seventh post of the shared corpus when it is there, and always the
# project's own fixtures and example site (the same shapes, written by us).
HERE = Path(__file__).resolve().parent
OWN = sorted((HERE / "fixtures").rglob("*.md")) + sorted((HERE.parent / "examples").rglob("*.md"))
REAL = [p.read_bytes() for p in corpus_posts()[::7] + [p for p in OWN if ".result" not in p.name]]


@st.composite
def mutated_posts(draw: st.DrawFn) -> bytes:
    """A real post, cut, with lines deleted or repeated and characters inserted."""
    lines = draw(st.sampled_from(REAL)).split(b"\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "truncate":
            lines = lines[: index + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        else:
            junk = draw(
                st.sampled_from(
                    [
                        b'"',
                        b":",
                        b"\t",
                        b"\x00",
                        b"\x1b",
                        b"\\",
                        b"#",
                        b"- ",
                        b"---",
                        b"<",
                        b"&",
                        b"\r",
                        b"*a",
                        b"&a",
                        b"!!python/object:os.system",
                        b"\xff\xfe",
                    ]
                )
            )
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + junk + line[at:]
    return b"\n".join(lines)


@given(mutated_posts())
def test_mutated_real_posts_never_crash(data: bytes) -> None:
    if looks_binary(data):  # a few bytes left, NULs and bytes that are not UTF-8 among them
        with pytest.raises(newspost.ParseError, match="not a text file"):
            newspost.parse(data, path="2021-12-08-mutant.md")
        return
    post = newspost.parse(data, path="2021-12-08-mutant.md", timezone="Asia/Shanghai")
    assert isinstance(post, newspost.Post)
    newspost.Post.from_json(post.to_json())
    newspost.parse(post.to_markdown())
    try:
        newspost.parse(data, path="2021-12-08-mutant.md", strict=True)
    except newspost.ParseError as error:
        assert error.path == "2021-12-08-mutant.md"
        assert error.reason


@given(
    st.lists(
        st.sampled_from(
            [
                "---",
                "...",
                "+++",
                "{",
                "}",
                'title: "x',
                "date: +0800",
                "> ",
                "<p>",
                "</p>",
                "<>",
                "[a](b)",
                "｜",
                "\r",
                "\ufeff",
                "",
                "  - x",
                "&a [*a]",
                ": :",
                "<!--",
                "<script>",
            ]
        ),
        max_size=20,
    )
)
def test_structural_fragments_never_crash(parts: list[str]) -> None:
    text = "\n".join(parts)
    assert isinstance(newspost.parse(text), newspost.Post)
    with contextlib.suppress(newspost.ParseError):
        newspost.parse(text, strict=True)


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    post = newspost.parse(
        '---\ntitle: T\n---\n<img src="http://evil.example/x.png"><iframe src="http://evil.example/"></iframe>'
        '<link rel="stylesheet" href="http://evil.example/s.css"><p>text</p>\n\n<http://evil.example/>\n'
    )
    assert post.images[0].src == "http://evil.example/x.png"
    assert post.paragraphs == ["text"]


def test_xml_entities_and_doctype_are_not_expanded_or_loaded() -> None:
    post = newspost.parse(
        '---\ntitle: T\n---\n<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>'
    )
    assert "root:" not in post.text


_MEASURE = """
import json, resource, sys, time
import newspost
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
post = newspost.parse_file(sys.argv[1])
elapsed = time.perf_counter() - start
json.dumps(post.to_json())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
print(json.dumps({"seconds": elapsed, "peak_mb": peak, "post": post.to_json()}))
"""


def _bounded(seconds: float, megabytes: float, text: str | bytes, tmp_path: Path) -> newspost.Post:
    """Parse in a fresh process: the parse's wall time and what it adds to peak resident memory."""
    source = tmp_path / "input.md"
    source.write_bytes(text.encode() if isinstance(text, str) else text)
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(source)], capture_output=True, text=True, check=True
    )
    measured = json.loads(result.stdout)
    assert measured["seconds"] < seconds, f"took {measured['seconds']:.1f}s"
    assert measured["peak_mb"] < megabytes, f"peaked at {measured['peak_mb']:.0f} MB"
    return newspost.Post.from_json(measured["post"])


def test_billion_laughs_is_fast_and_small(tmp_path: Path) -> None:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]"
        for i in range(9)
    ]
    post = _bounded(5, 50, "\n".join([*lines, "---", "body"]), tmp_path)
    assert "yaml_alias_bomb" in [w.code for w in post.warnings]
    assert len(post.to_json()) < 100_000
    assert len(post.to_markdown()) < 100_000


def test_hundred_thousand_nested_elements(tmp_path: Path) -> None:
    post = _bounded(
        10,
        100,
        "---\ntitle: T\n---\n" + "<div><span>" * 50_000 + "x" + "</span></div>" * 50_000,
        tmp_path,
    )
    assert post.paragraphs == ["x"]


def test_twenty_megabyte_body(tmp_path: Path) -> None:
    paragraph = "<p>" + "新闻正文，" * 40 + "</p>\n"
    count = 20 * 2**20 // len(paragraph.encode())
    post = _bounded(30, 600, ("---\ntitle: T\n---\n" + paragraph * count).encode(), tmp_path)
    assert len(post.paragraphs) == count


def test_one_megabyte_front_matter(tmp_path: Path) -> None:
    front = "".join(f"key{i}: value number {i}\n" for i in range(45_000))
    post = _bounded(20, 200, f"---\ntitle: T\n{front}---\nbody", tmp_path)
    assert len(post.extra) == 45_000


def test_one_megabyte_broken_front_matter(tmp_path: Path) -> None:
    front = "".join(f'key{i}: "a"b"\n' for i in range(80_000))
    post = _bounded(20, 200, f"---\ntitle: T\n{front}---\nbody", tmp_path)
    assert post.extra["key79999"] == 'a"b'


def test_cost_grows_about_linearly() -> None:
    def seconds(n: int) -> float:
        text = "---\ntitle: T\n---\n" + "<p>段落 *强调* [链接](/x)</p>\n\n- 列表\n\n" * n
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            newspost.parse(text)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(2_000), seconds(16_000)
    assert large < small * 8 * 3  # 8x the input: well under 24x the time


def test_parse_dir_gives_one_result_per_file_whatever_they_hold(tmp_path: Path) -> None:
    contents = [
        b"",
        b"\x00" * 100,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"---\n",
        b"---\ntitle: [\n---\n",
        "标题".encode("gbk"),
        b"\xef\xbb\xbf---\r\ntitle: ok\r\n---\r\n",
    ]
    for i, data in enumerate(contents):
        (tmp_path / f"{i}.md").write_bytes(data)
    for strict in (False, True):
        results = list(newspost.parse_dir(tmp_path, workers=2, strict=strict))
        assert [Path(r.path).name for r in results] == [f"{i}.md" for i in range(len(contents))]


def _never_crashes(text: str | bytes) -> None:
    if isinstance(text, bytes) and looks_binary(text):  # not a post (not_text), either mode
        with pytest.raises(newspost.ParseError, match="not a text file"):
            newspost.parse(text, path="2021-12-08-hostile.md")
        return
    post = newspost.parse(text, path="2021-12-08-hostile.md")
    newspost.Post.from_json(post.to_json())
    newspost.parse(post.to_markdown())
    try:
        newspost.parse(text, path="2021-12-08-hostile.md", strict=True)
    except newspost.ParseError as error:
        assert error.reason


# Issue 11's finds, each kept as an example of the property that would have found it.
@given(hostile_posts())
@example("---\ntitle: T\n---\n<p>a&#1;b</p>")  # control character reference to lxml
@example("---\n---\n<p>a\ufffeb</p>")  # raw noncharacter to lxml
@example("---\n---\nText.\n\n[a](http://a\uff1ab/)")  # urllib: NFKC netloc
@example("---\n---\nText.\n\n[a](http://[::1/)")  # urllib: Invalid IPv6 URL
@example("---\ntitle: T\nk: !!timestamp foo\n---\nText.")  # AttributeError in PyYAML
@example('---\ntitle: "a"b"\nk: !!int abc\n---\nText.')  # ValueError in recovery
@example("---\ntitle: T\nk: !!bool maybe\n---\nText.")  # KeyError in PyYAML
@example("---\ntitle: T\nk: !!int \n---\nText.")  # IndexError in PyYAML: found by this test
@example("---\na: " + "[" * 300 + "]" * 300 + "\n---\nText.")  # pydantic depth
@example("---\na: " + "[" * 500 + "]" * 500 + "\n---\nText.")  # RecursionError
@example('{\n"a": ' + "[" * 2_000 + "]" * 2_000 + "\n}\nText.")  # RecursionError in json
@example('{\n"a": ' + "[" * 100_000 + "\nText.")  # unclosed, RecursionError
@example('{\n"title": "\\ud800"\n}\nText.')  # lone surrogate: to_json raised
@example("---\n---\n<p>a</p></body></html><p>b</p>")
@example("---\n---\n<p>a</p><plaintext>x")
def test_hostile_posts_never_crash(text: str) -> None:
    _never_crashes(text)


@given(encoded_posts())
@example("---\ntitle: 台灣新聞\n---\n今天天氣很好，市政府宣布新的交通政策。\n".encode("big5"))
@example(b"a\x81b")
def test_posts_in_any_encoding_never_crash(data: bytes) -> None:
    _never_crashes(data)
