"""``parse_dir``: every post under a folder, one result per file, streamed, in several processes."""

from __future__ import annotations

import fnmatch
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from ._errors import ParseError
from ._fsspec import FsspecRoot, is_fsspec_root
from ._model import ParseFailure, Post
from ._parse import parse, parse_file
from ._site import find_site, site_from_config

__all__ = ["DEFAULT_PATTERNS", "Result", "parse_dir"]

Result = Post | ParseFailure
DEFAULT_PATTERNS = ("*.md", "*.markdown")
_CHUNK = 32  # files a worker parses per task: large enough to amortise pickling


# A file to parse: a local path, or a path inside an fsspec root.
Item = Path | str


@dataclass(frozen=True)
class ParseOptions:
    """How the files of one parse_dir call are parsed (pickled to the workers)."""

    timezone: str | tzinfo | None
    strict: bool
    encoding: str | None
    site_url: str | None
    fsspec_root: FsspecRoot | None = None


def parse_dir(
    root: str | os.PathLike[str],
    *,
    pattern: str | Sequence[str] | None = None,
    workers: int | None = None,
    timezone: str | tzinfo | None = None,
    strict: bool = False,
    encoding: str | None = None,
) -> Iterator[Result]:
    """Parse every post file under ``root``: one :class:`Post` or :class:`ParseFailure` per file.

    Files match ``pattern`` (``*.md`` and ``*.markdown`` by default; a pattern
    with a ``/`` matches the path below ``root``), found recursively, in sorted
    order, the same with any number of ``workers`` (default: the machine's
    cores; 1 parses in this process). Results stream: memory does not grow with
    the number of files. A Jekyll ``_config.yml`` in ``root`` or a parent gives
    the default ``timezone`` and the site URL that trailing links resolve against.

    ``root`` may also be anything fsspec opens (``pip install newspost[fsspec]``):
    a local ``.zip`` or ``.tar.gz`` of a site, read without unpacking, or a URL
    such as ``zip://_posts::site.zip`` or ``s3://bucket/site`` (with s3fs).

    Examples:
        >>> import newspost, pathlib, tempfile
        >>> site = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (site / "2021-12-08-a.md").write_text("---\\ntitle: A\\n---\\nText.")
        >>> _ = (site / "notes.txt").write_text("not a post")
        >>> [r.title for r in newspost.parse_dir(site, workers=1)]
        ['A']
    """
    options, files = discover(
        root, pattern=pattern, timezone=timezone, strict=strict, encoding=encoding
    )
    workers = os.cpu_count() or 1 if workers is None else workers
    if workers <= 1:
        for item in files:
            yield item if isinstance(item, ParseFailure) else parse_item(item, options)
        return
    yield from _parallel(files, options, workers)


def discover(
    root: str | os.PathLike[str],
    *,
    pattern: str | Sequence[str] | None = None,
    timezone: str | tzinfo | None = None,
    strict: bool = False,
    encoding: str | None = None,
) -> tuple[ParseOptions, Iterator[Item | ParseFailure]]:
    """How to parse the files under ``root``, and those files (or why one cannot be read)."""
    patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern or DEFAULT_PATTERNS)
    fsspec_root = FsspecRoot.of(root) if is_fsspec_root(root) else None
    if fsspec_root is not None:
        site = site_from_config(fsspec_root.read_config())
        files: Iterator[Item | ParseFailure] = fsspec_root.find(patterns, _matches)
    else:
        site = find_site(root)
        files = find_files(root, patterns)
    options = ParseOptions(
        timezone=timezone if timezone is not None else site.timezone,
        strict=strict,
        encoding=encoding,
        site_url=site.url,
        fsspec_root=fsspec_root,
    )
    return options, files


def find_files(
    root: str | os.PathLike[str], patterns: Sequence[str]
) -> Iterator[Path | ParseFailure]:
    """Matching files below ``root`` in sorted path order, and failures for what cannot be read.

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
            if not entry.name.startswith("."):
                listing = _listing(Path(entry.path))
                if isinstance(listing, ParseFailure):
                    yield listing
                else:
                    stack.append(listing)
            continue
        relative = Path(entry.path).relative_to(top).as_posix()
        if any(_matches(relative, entry.name, pattern) for pattern in patterns):
            yield _checked(Path(entry.path), real_top)


def _listing(folder: Path) -> Iterator[os.DirEntry[str]] | ParseFailure:
    try:
        with os.scandir(folder) as entries:
            return iter(sorted(entries, key=lambda entry: entry.name))
    except OSError as error:
        return ParseFailure(
            path=str(folder), reason=f"cannot list folder: {error.strerror}", code="unreadable"
        )


def _checked(path: Path, real_top: Path | None) -> Path | ParseFailure:
    """``path`` when it may be read; otherwise the failure that says why not.

    With ``real_top``, a symbolic link must point inside it.
    """
    reason = None
    if real_top is not None and path.is_symlink():
        reason = _outside(path, real_top)
    if reason is None and not path.is_file():
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


def parse_item(item: Item, options: ParseOptions) -> Result:
    """One file's result; never raises."""
    name = str(item)
    try:
        if options.fsspec_root is None:
            return parse_file(
                item,
                timezone=options.timezone,
                strict=options.strict,
                encoding=options.encoding,
                site_url=options.site_url,
            )
        name = options.fsspec_root.display(str(item))
        try:
            data = options.fsspec_root.read(str(item))
        except Exception as error:  # any backend's read error
            raise ParseError(f"cannot read file: {error}", path=name, code="unreadable") from error
        return parse(
            data,
            path=name,
            timezone=options.timezone,
            strict=options.strict,
            encoding=options.encoding,
            site_url=options.site_url,
        )
    except ParseError as error:
        return ParseFailure.from_error(error)
    except Exception as error:  # a bug of ours must not lose the file
        return ParseFailure(path=name, reason=f"internal error: {error!r}", code="internal_error")


def _parse_chunk(items: list[Item], options: ParseOptions) -> list[Result]:
    return [parse_item(item, options) for item in items]


def _chunks(files: Iterable[Item | ParseFailure]) -> Iterator[list[Item | ParseFailure]]:
    chunk: list[Item | ParseFailure] = []
    for item in files:
        chunk.append(item)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    files: Iterable[Item | ParseFailure], options: ParseOptions, workers: int
) -> Iterator[Result]:
    """Chunks to a process pool, a bounded number in flight, results in input order."""
    window: deque[tuple[list[Item | ParseFailure], Future[list[Result]]]] = deque()
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        for chunk in _chunks(files):
            items = [item for item in chunk if not isinstance(item, ParseFailure)]
            window.append((chunk, pool.submit(_parse_chunk, items, options)))
            if len(window) >= workers * 4:
                yield from _merge(*window.popleft(), options)
        while window:
            yield from _merge(*window.popleft(), options)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _merge(
    chunk: list[Item | ParseFailure], future: Future[list[Result]], options: ParseOptions
) -> Iterator[Result]:
    try:
        results = future.result()
    except Exception:  # a worker died (killed, out of memory): parse here instead
        results = _parse_chunk([i for i in chunk if not isinstance(i, ParseFailure)], options)
    parsed = iter(results)
    for item in chunk:
        yield item if isinstance(item, ParseFailure) else next(parsed)
