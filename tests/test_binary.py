"""A binary file in a posts folder is a failure (``not_text``), never a repaired post."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

import newspost
from newspost._binary import looks_binary

POST = "---\ntitle: 中文标题\ndate: 2021-12-08\n---\n正文。\n"


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.md", POST)
    return out.getvalue()


BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4,
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 2,
    "gif": b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    "zip": _zip(),
    "gzip": gzip.compress(POST.encode()),
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "nuls": b"\x00" * 100,
    "random": bytes((i * 7919 + 13) % 256 for i in range(20_000)),
    "controls": b"\x01\x02\x03\x04\x05\x06 text \x07\x08\x0e\x0f\x10\x11",
}
TEXT = {
    "utf8": POST.encode(),
    "gb18030": POST.encode("gb18030"),
    "utf16": POST.encode("utf-16"),
    "utf32": POST.encode("utf-32"),
    "stray nul": b"---\ntitle: A\x00B\x07\ndate: 2021-12-08\n---\nText\x00.\n",
    "empty": b"",
    "escape codes": b"---\ntitle: A\n---\n\x1b[1mbold\x1b[0m\x0c\n",
    # 7% control bytes with NULs, then UTF-8 that the 8 KiB sample cuts mid-character
    "long utf8 cut mid-character": b"\x00\x01" * 300 + ("汉" * 5000).encode(),
}


@pytest.mark.parametrize("name", BINARY)
def test_binary_data_is_binary(name: str) -> None:
    assert looks_binary(BINARY[name])


@pytest.mark.parametrize("name", TEXT)
def test_text_is_not_binary(name: str) -> None:
    assert not looks_binary(TEXT[name])


def test_utf16_named_by_the_caller_is_text() -> None:
    data = POST.encode("utf-16-le")  # no byte-order mark: half the bytes are NUL
    assert looks_binary(data)
    assert not looks_binary(data, "utf-16-le")
    assert newspost.parse(data, encoding="utf-16-le").title == "中文标题"


@pytest.mark.parametrize("strict", [False, True])
def test_parse_refuses_binary_in_both_modes(strict: bool) -> None:
    with pytest.raises(newspost.ParseError) as info:
        newspost.parse(BINARY["png"], path="_posts/image.md", strict=strict)
    assert info.value.code == "not_text"
    assert info.value.path == "_posts/image.md"
    assert str(info.value) == "_posts/image.md: not a text file (binary data)"


def test_text_given_as_str_is_never_refused() -> None:
    post = newspost.parse("---\ntitle: A\x00B\n---\n\x01\x02\x03\x04\x05\x06")
    assert post.title == "AB"


def test_parse_dir_gives_a_failure_not_a_repaired_post(tmp_path: Path) -> None:
    (tmp_path / "2021-12-08-a.md").write_text(POST, encoding="utf-8")
    (tmp_path / "photo.md").write_bytes(BINARY["jpeg"])
    results = list(newspost.parse_dir(tmp_path, workers=1))
    assert [r.ok for r in results] == [True, False]
    failure = results[1]
    assert isinstance(failure, newspost.ParseFailure)
    assert failure.code == "not_text"
