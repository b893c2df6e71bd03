"""Posts in archives and object storage, through fsspec (``pip install newspost[fsspec]``).

A root is read through fsspec when it is a URL (``s3://bucket/site``,
``zip://_posts::site.zip``, ``file:///…``) or a local archive
(``site.zip``, ``site.tar.gz``…), which is then read without unpacking.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._models import ParseFailure

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


def is_fsspec_root(root: str | os.PathLike[str]) -> bool:
    """Whether ``root`` is read through fsspec: a URL, or a local archive file."""
    text = os.fspath(root)
    if "://" in text or "::" in text:
        return True
    return text.lower().endswith(ARCHIVE_SUFFIXES) and Path(text).is_file()


@dataclass(frozen=True)
class FsspecRoot:
    """A root read through fsspec; pickled to worker processes as its URL only."""

    url: str  # what fsspec opens: a URL, or protocol://::archive for a local archive
    archive: str | None = None  # the local archive, when the root is one

    @classmethod
    def of(cls, root: str | os.PathLike[str]) -> FsspecRoot:
        text = os.fspath(root)
        if "://" not in text and "::" not in text:
            protocol = "zip" if text.lower().endswith(".zip") else "tar"
            return cls(url=f"{protocol}://::{text}", archive=text)
        return cls(url=text)

    @property
    def filesystem(self) -> tuple[Any, str]:
        return _open(self.url)

    def find(self, matches: Callable[[str, str], bool]) -> Iterator[str | ParseFailure]:
        """Matching file paths below the root, sorted; a failure when it cannot be listed."""
        try:
            fs, base = self.filesystem
            if base.strip("/") and not fs.exists(base):
                raise FileNotFoundError("no such file or folder")
            paths = sorted(fs.find(base))
        except Exception as error:  # any backend's error: report, never raise
            reason = f"cannot list: {error or type(error).__name__}"
            yield ParseFailure(path=self.archive or self.url, reason=reason, code="unreadable")
            return
        prefix = base.rstrip("/") + "/" if base.strip("/") else ""
        for path in paths:
            relative = path[len(prefix) :] if path.startswith(prefix) else path
            parts = relative.split("/")
            if any(part.startswith(".") for part in parts[:-1]):
                continue
            if matches(relative, parts[-1]):
                yield path

    def read(self, path: str) -> bytes:
        fs, _ = self.filesystem
        data: bytes = fs.cat_file(path)
        return data

    def read_config(self) -> bytes | None:
        """The ``_config.yml`` at the root, or in its single top folder (an archived site)."""
        try:
            fs, base = self.filesystem
            base = base.rstrip("/")
            candidates = [f"{base}/_config.yml" if base else "_config.yml"]
            folders = [
                e["name"] for e in fs.ls(base or "", detail=True) if e["type"] == "directory"
            ]
            if len(folders) == 1:
                candidates.append(f"{folders[0].rstrip('/')}/_config.yml")
            for config in candidates:
                if fs.isfile(config):
                    data: bytes = fs.cat_file(config)
                    return data
        except Exception:  # an unreadable config is no config
            return None
        return None

    def display(self, path: str) -> str:
        """The post's ``path``: a URL fsspec opens again (``zip://a/b.md::site.zip``)."""
        if "::" in self.url:  # a chained URL, a local archive's included
            protocol, rest = self.url.split("://", 1)
            return f"{protocol}://{path}::{rest.split('::', 1)[1]}"
        fs, _ = self.filesystem
        shown: str = fs.unstrip_protocol(path)
        return shown


@functools.lru_cache(maxsize=16)
def _open(url: str) -> tuple[Any, str]:
    try:
        import fsspec.core
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            "reading URLs and archives needs fsspec: pip install 'newspost[fsspec]'"
        ) from error
    fs, base = fsspec.core.url_to_fs(url)
    return fs, base
