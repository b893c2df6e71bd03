"""parse_dir over fsspec: archives read without unpacking, URLs."""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

import newspost
from newspost.dask import record

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "site"


def archive(tmp_path: Path, kind: str) -> Path:
    if kind == "zip":
        target = tmp_path / "site.zip"
        with zipfile.ZipFile(target, "w") as zipped:
            for path in sorted(EXAMPLES.rglob("*")):
                zipped.write(path, Path("site") / path.relative_to(EXAMPLES))
    else:
        target = tmp_path / "site.tar.gz"
        with tarfile.open(target, "w:gz") as tarred:
            tarred.add(EXAMPLES, arcname="site")
    return target


def plain(tmp_path: Path) -> list[dict[str, object]]:
    """The example site parsed from a plain folder, paths made comparable."""
    shutil.copytree(EXAMPLES, tmp_path / "plain" / "site")
    results = newspost.parse_dir(tmp_path / "plain" / "site", workers=1)
    return [{**record(r), "path": Path(str(r.path)).name} for r in results]


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
@pytest.mark.parametrize("workers", [1, 2])
def test_archives_parse_like_the_unpacked_folder(tmp_path: Path, kind: str, workers: int) -> None:
    target = archive(tmp_path, kind)
    results = list(newspost.parse_dir(target, workers=workers))
    protocol = "zip" if kind == "zip" else "tar"
    assert results[0].path == f"{protocol}://site/_posts/2024-03-18-NW202403180001.md::{target}"
    # Same posts as the folder, the site's _config.yml (timezone, url) applied too.
    assert [{**record(r), "path": Path(r.path.split("::")[0]).name} for r in results] == plain(
        tmp_path
    )


def test_chained_url_with_a_folder_inside_the_archive(tmp_path: Path) -> None:
    target = archive(tmp_path, "zip")
    results = list(newspost.parse_dir(f"zip://site/old_post::{target}", workers=1))
    assert [r.slug for r in results] == ["NW202403200003", "hugo-style-post"]
    assert results[0].date is not None and results[0].date.day == 20


def test_file_url_and_failures(tmp_path: Path) -> None:
    results = list(newspost.parse_dir(EXAMPLES.as_uri(), workers=1, strict=True))
    assert len(results) == 5
    assert [r.ok for r in results] == [True, False, False, False, True]
    assert results[1].path == (EXAMPLES / "_posts/2024-03-18-NW202403180002.md").as_uri()
    [missing] = newspost.parse_dir(f"zip://nothing::{archive(tmp_path, 'zip')}", workers=1)
    assert isinstance(missing, newspost.ParseFailure)
    assert missing.reason == "cannot list: no such file or folder"


def test_broken_archive_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    results = list(newspost.parse_dir(broken, workers=1))
    assert len(results) == 1
    assert isinstance(results[0], newspost.ParseFailure)
    assert (results[0].path, results[0].code) == (str(broken), "unreadable")
