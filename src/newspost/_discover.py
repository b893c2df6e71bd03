"""Which files under a root are posts: discovery for ``parse_dir`` and ``newspost.dask``.

A root is a folder (walked in sorted order, dot-folders and the generators'
own folders skipped, symbolic links to folders not followed, links to files
read only when they point inside the root), a single file, or anything fsspec
opens (``_fsspec``). Any of these may end in a glob (``site/_posts/*.md``,
``site/**/*.md``, ``zip://**/*.md::site.zip``, ``s3://bucket/site/**/*.md``):
the folder before the first ``*``, ``?`` or ``[`` is the root, and the glob
names the files below it (``*`` within one folder, ``**`` across folders).
The site's config (``_config.yml``, ``config.toml``…) in the root or a parent
says which site the posts belong to. When it gives no address, the first posts
of a folder are read once more, by their ends, for the host that their
navigation links share (``_sections.shared_host``).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import itertools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._config import Options, Selection
from ._fsspec import FsspecRoot, is_fsspec_root
from ._models import ParseFailure
from ._sections import shared_host
from ._site import Site, find_site, site_from_config

__all__ = ["Item", "Job", "discover", "find_files", "split_glob"]

# A file to parse: a local path, or a path inside an fsspec root.
Item = Path | str
# Folders of a site that never hold posts: templates, assets, generated output.
_NOT_POSTS = frozenset(
    """
    _layouts _includes _sass _site _data _plugins _config node_modules vendor
    layouts static themes public resources assets archetypes data i18n
    """.split()
)
# How many posts, and how many bytes of the end of each, tell the shared host.
_HOST_SAMPLE = 400
_TAIL_BYTES = 2048


@dataclass(frozen=True)
class Job:
    """How the files of one root are parsed (pickled to the worker processes)."""

    options: Options
    site: Site
    fsspec_root: FsspecRoot | None = None


def discover(
    root: str | os.PathLike[str], options: Options, selection: Selection
) -> tuple[Job, Iterator[Item | ParseFailure]]:
    """How to parse the files under ``root``, and those files (or why one cannot be read)."""
    matches = _matcher(selection.patterns)
    glob = split_glob(root)
    if glob is not None:
        root, pattern = glob
        matches = _matcher(selection.patterns if selection.pattern is not None else (), pattern)
    fsspec_root = FsspecRoot.of(root) if is_fsspec_root(root) else None
    if fsspec_root is not None:
        site = site_from_config(fsspec_root.read_config())
        files: Iterator[Item | ParseFailure] = fsspec_root.find(matches)
    else:
        site = find_site(root)
        if site.root is None and Path(root).is_dir():
            site = Site(base=Path(root).resolve())
        files = find_files(root, matches)
        if site.root is not None and not (options.site_url or site.url):
            head = list(itertools.islice(files, _HOST_SAMPLE))
            host = shared_host(_tail(item) for item in head if isinstance(item, Path))
            if host is not None:
                site = dataclasses.replace(site, shared_host=host)
            files = itertools.chain(head, files)
    return Job(options=options, site=site, fsspec_root=fsspec_root), files


def _tail(path: Path) -> str:
    """The last bytes of a file as text (nothing when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - _TAIL_BYTES))
            data = handle.read(_TAIL_BYTES)
    except OSError:
        return ""
    return data.decode("utf-8", "replace").replace("\r\n", "\n")


Matcher = Callable[[str, str], bool]  # (path below the root, file name) -> whether it is read
_MAGIC = re.compile(r"[*?[]")


def split_glob(root: str | os.PathLike[str]) -> tuple[str, str] | None:
    """``(root, glob)`` when ``root`` ends in a glob; ``None`` for a plain path, URL or archive.

    A path that exists as written is never a glob. In a chained fsspec URL the
    glob is in the first link's path (``zip://**/*.md::site.zip``).

    Examples:
        >>> split_glob("site/_posts/*.md")
        ('site/_posts', '*.md')
        >>> split_glob("site/**/20[12]?-*.md")
        ('site', '**/20[12]?-*.md')
        >>> split_glob("zip://**/*.md::site.zip")
        ('zip://::site.zip', '**/*.md')
        >>> split_glob("s3://bucket/site/**/*.md")
        ('s3://bucket/site', '**/*.md')
        >>> split_glob("site/_posts") is None
        True
    """
    text = os.fspath(root)
    head, chain = text.split("::", 1) if "::" in text else (text, None)
    protocol, path = head.split("://", 1) if "://" in head else (None, head)
    if not _MAGIC.search(path) or (protocol is None and chain is None and Path(text).exists()):
        return None
    parts = path.split("/")
    first = next(i for i, part in enumerate(parts) if _MAGIC.search(part))
    base, pattern = "/".join(parts[:first]), "/".join(parts[first:])
    if protocol is None:
        base = base or ("/" if path.startswith("/") else ".")
    else:
        base = f"{protocol}://{base}"
    if chain is not None:
        base = f"{base}::{chain}"
    return base, pattern


def _matcher(patterns: Sequence[str], glob: str | None = None) -> Matcher:
    """Whether a file is read: it matches ``glob`` (if any) and one of ``patterns`` (if any)."""
    compiled = _glob_regex(glob) if glob is not None else None

    def matches(relative: str, name: str) -> bool:
        if compiled is not None and compiled.fullmatch(relative) is None:
            return False
        return not patterns or any(_matches(relative, name, pattern) for pattern in patterns)

    return matches


def _glob_regex(glob: str) -> re.Pattern[str]:
    """A glob as a regular expression, translated by wcmatch as bash's ``globstar``,
    pathlib and fsspec read it: ``*`` and ``?`` within a folder, ``**`` as a whole
    path segment across folders (elsewhere ``**`` is ``*``), ``[!…]`` a negated set;
    ``*`` also matches a name that starts with a dot.

    Examples:
        >>> [bool(_glob_regex("*.md").fullmatch(p)) for p in ("a.md", "x/a.md")]
        [True, False]
        >>> [bool(_glob_regex("**/*.md").fullmatch(p)) for p in ("a.md", "x/a.md", "x/y/a.md")]
        [True, True, True]
        >>> bool(_glob_regex("_posts/202[0-1]-*.md").fullmatch("_posts/2021-a.md"))
        True
    """
    from wcmatch import glob as wcglob  # only for a glob: its import is 20 ms

    flags = wcglob.GLOBSTAR | wcglob.DOTGLOB | wcglob.FORCEUNIX
    patterns, _ = wcglob.translate(glob, flags=flags)
    return re.compile(patterns[0])


def find_files(root: str | os.PathLike[str], matches: Matcher) -> Iterator[Path | ParseFailure]:
    """Files below ``root`` that ``matches``, in sorted path order, and failures for the unreadable.

    Folders whose name starts with ``.`` are skipped. Symbolic links to folders
    are not followed (no loops); a link to a file counts when its target lies
    inside ``root``. Only regular files are read: a FIFO or device never is.
    """
    top = Path(root)
    if not top.is_dir():
        if top.exists() or top.is_symlink():
            yield _checked(top, None)  # a file named by the caller is read wherever it links
        else:
            yield ParseFailure(path=str(top), reason="no such file or folder", code="unreadable")
        return
    real_top = top.resolve()
    prefix = os.path.join(str(top), "")
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(top)
    if isinstance(listing, ParseFailure):
        yield listing
        return
    stack.append(listing)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.is_dir(follow_symlinks=False):
            if not entry.name.startswith(".") and entry.name not in _NOT_POSTS:
                listing = _listing(entry.path)
                if isinstance(listing, ParseFailure):
                    yield listing
                else:
                    stack.append(listing)
            continue
        # scandir gives each path as its folder's path joined with the name: the
        # part below ``top`` is a cut, not a PurePath computation per file.
        relative = entry.path[len(prefix) :]
        if os.sep != "/":
            relative = relative.replace(os.sep, "/")
        if matches(relative, entry.name):
            yield _checked(Path(entry.path), real_top, entry)


def _listing(folder: str | Path) -> Iterator[os.DirEntry[str]] | ParseFailure:
    """A folder's entries, sorted by name. Below the top, ``folder`` is the path scandir
    gave, so that each entry's path starts with the top's as it was written."""
    try:
        with os.scandir(folder) as entries:
            return iter(sorted(entries, key=lambda entry: entry.name))
    except OSError as error:
        return ParseFailure(
            path=str(Path(folder)),
            reason=f"cannot list folder: {error.strerror}",
            code="unreadable",
        )


def _checked(
    path: Path, real_top: Path | None, entry: os.DirEntry[str] | None = None
) -> Path | ParseFailure:
    """``path`` when it may be read; otherwise the failure that says why not.

    With ``real_top``, a symbolic link must point inside it. ``entry``: the
    folder listing's entry for ``path``, whose type the listing already says (no
    system call but for a symbolic link).
    """
    kind: Path | os.DirEntry[str] = path if entry is None else entry
    reason = None
    if real_top is not None and kind.is_symlink():
        reason = _outside(path, real_top)
    if reason is None and not kind.is_file():
        reason = "not a regular file; not read"
    if reason is None:
        return path
    return ParseFailure(path=str(path), reason=reason, code="unreadable")


def _matches(relative: str, name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(relative if "/" in pattern else name, pattern)


def _outside(path: Path, real_top: Path) -> str | None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # broken link or a loop of links
        return f"cannot follow symbolic link: {error}"
    if target != real_top and real_top not in target.parents:
        return f"symbolic link points outside the folder, to {target}; not read"
    return None
