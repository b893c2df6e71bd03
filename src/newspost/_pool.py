"""``parse_dir``: every post under a root, one result per file, streamed, in several processes."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing.process
import os
import signal
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar, overload

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from ._config import DEFAULT_MAX_BYTES, Options, PatternTypes, Selection, TimezoneTypes
from ._dates import resolve_timezone
from ._discover import Item, Job, discover
from ._errors import ParseError, SiteWarning
from ._models import ParseFailure, Post
from ._parse import parse_with, read_file, site_zone
from ._site import site_of_file, site_problems

__all__ = ["Result", "parse_dir", "parse_found", "parse_item"]

Result = Post | ParseFailure
_T = TypeVar("_T")
_CHUNK = 32  # files a worker parses per task: large enough to amortise pickling


def parse_dir(
    root: str | os.PathLike[str],
    *,
    pattern: PatternTypes = None,
    drafts: bool = True,
    sections: bool = False,
    workers: int | None = None,
    timezone: TimezoneTypes = None,
    strict: bool = False,
    encoding: str | None = None,
    site_url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Result]:
    """Parse every post file under ``root``: one result per file, streamed.

    Each file gives a [`Post`][newspost.Post], or a
    [`ParseFailure`][newspost.ParseFailure] that says why it could not.

    Files match ``pattern`` (``*.md``, ``*.markdown`` and ``*.html`` by
    default; a pattern with a ``/`` matches the path below ``root``), found
    recursively, in sorted order, the same with any number of ``workers``
    (default: the machine's cores; 1 parses in this process). Results stream:
    memory does not grow with the number of files. The site's config
    (Jekyll's ``_config.yml``, Hugo's ``config.toml``) in ``root`` or a parent
    gives the default ``timezone``, the site's address, page URLs and folder
    categories. ``drafts=False`` leaves out unpublished posts;
    ``sections=True`` adds Hugo's section pages (``_index.md``). The other
    options are those of [`parse()`][newspost.parse].

    ``root`` may also be anything fsspec opens (``pip install newspost[fsspec]``):
    a local ``.zip`` or ``.tar.gz`` of a site, read without unpacking, or a URL
    such as ``zip://_posts::site.zip`` or ``s3://bucket/site`` (with s3fs).
    Any root may end in a glob: ``site/_posts/*.md`` (``*`` stays in one
    folder), ``site/**/*.md`` (``**`` crosses folders),
    ``zip://**/*.md::site.zip``, ``s3://bucket/site/**/*.md``; the glob names
    the files (``pattern`` narrows them further), still one result per file.

    Examples:
        >>> import newspost, pathlib, tempfile
        >>> site = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (site / "2021-12-08-a.md").write_text("---\\ntitle: A\\n---\\nText.")
        >>> _ = (site / "notes.txt").write_text("not a post")
        >>> [r.title for r in newspost.parse_dir(site, workers=1)]
        ['A']
        >>> [r.title for r in newspost.parse_dir(f"{site}/**/2021-*.md", workers=1)]
        ['A']
    """
    options = Options(
        timezone=timezone,
        strict=strict,
        encoding=encoding,
        site_url=site_url,
        max_bytes=max_bytes,
    )
    resolve_timezone(timezone)  # a bad zone is the caller's error, raised before any work
    selection = Selection(pattern=pattern, drafts=drafts, sections=sections)
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    job, files = discover(root, options, selection)
    yield from parse_found(job, files, selection, workers)


@overload
def parse_found(
    job: Job, files: Iterable[Item | ParseFailure], selection: Selection, workers: int | None
) -> Iterator[Result]: ...


@overload
def parse_found(
    job: Job,
    files: Iterable[Item | ParseFailure],
    selection: Selection,
    workers: int | None,
    finish: Callable[[Post], _T],
) -> Iterator[ParseFailure | _T]: ...


def parse_found(
    job: Job,
    files: Iterable[Item | ParseFailure],
    selection: Selection,
    workers: int | None,
    finish: Callable[[Post], Any] | None = None,
) -> Iterator[Any]:
    """``parse_dir``'s work on files already found (``discover``): the command
    line lists them first, to count them, and parses that list.

    ``finish`` (a module-level function), when given, turns each post kept
    into what is yielded instead, where the post was parsed: the command line
    has each worker make its posts' JSON, and only those bytes travel back.
    """
    # Once per run; each post also says so (site_config_invalid, timezone_invalid).
    for problem in site_problems(job.site, timezone_given=job.options.timezone is not None):
        warnings.warn(problem, SiteWarning, stacklevel=3)
    workers = os.cpu_count() or 1 if workers is None else workers
    if workers <= 1:
        results: Iterator[Any] = (
            item if isinstance(item, ParseFailure) else _kept(item, job, selection, finish)
            for item in files
        )
    else:
        results = _parallel(files, job, workers, selection, finish)
    for result in results:
        if result is not None:
            yield result


def selected(result: Result, selection: Selection) -> bool:
    """Whether ``selection`` keeps ``result`` (failures are always kept)."""
    if isinstance(result, ParseFailure):
        return True
    if not selection.drafts and not result.published:
        return False
    return selection.sections or result.kind != "section"


def parse_item(item: Item, job: Job) -> Result:
    """One file's result; never raises."""
    name = str(item)
    options = job.options
    try:
        if job.fsspec_root is None:
            site = job.site if job.site.root is not None else site_of_file(name)
            data = read_file(name, options.max_bytes)
        else:
            site = job.site
            name = job.fsspec_root.display(str(item))
            try:
                data = job.fsspec_root.read(str(item))
            except Exception as error:  # any backend's read error
                raise ParseError(
                    f"cannot read file: {error}", path=name, code="unreadable"
                ) from error
        return parse_with(data, name, options, site, site_zone(options, site))
    except ParseError as error:
        return ParseFailure.from_error(error)
    except Exception as error:  # a bug of ours must not lose the file
        return ParseFailure(path=name, reason=f"internal error: {error!r}", code="internal_error")


def _kept(item: Item, job: Job, selection: Selection, finish: Callable[[Post], Any] | None) -> Any:
    """``item``'s result as ``parse_found`` yields it: ``None`` when ``selection`` leaves
    it out, a post passed through ``finish``."""
    result = parse_item(item, job)
    if not selected(result, selection):
        return None
    if finish is None or isinstance(result, ParseFailure):
        return result
    return finish(result)


def _parse_chunk(
    items: list[Item], job: Job, selection: Selection, finish: Callable[[Post], Any] | None
) -> list[Any]:
    return [_kept(item, job, selection, finish) for item in items]


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
    files: Iterable[Item | ParseFailure],
    job: Job,
    workers: int,
    selection: Selection,
    finish: Callable[[Post], Any] | None,
) -> Iterator[Any]:
    """Chunks to a process pool, a bounded number in flight, results in input order.

    A worker that dies (killed, out of memory) breaks the whole pool: its
    chunks in flight are parsed again here, and a new pool takes the rest, so
    N files in always give N results out. A worker killed while it sends its
    results leaves the pool waiting for the rest of that message forever: such a
    pool is stopped (``_abandon``) and dealt with as a broken one.
    """
    window: deque[tuple[list[Item | ParseFailure], Future[list[Any]] | None, _Pool]] = deque()
    work = (job, selection, finish)
    pool: ProcessPoolExecutor | None = _new_pool(workers)
    restarts = 0
    try:
        for chunk in _chunks(files):
            # Names, not Paths: a Path is pickled as its parts, parsed again by the worker.
            items: list[Item] = [str(item) for item in chunk if not isinstance(item, ParseFailure)]
            future: Future[list[Any]] | None = None
            if pool is not None:
                try:
                    future = pool.submit(_parse_chunk, items, *work)
                except (BrokenProcessPool, RuntimeError):
                    _stop(pool)
                    restarts += 1
                    # Keep going in new pools; after a few deaths, here in-process.
                    pool = _new_pool(workers) if restarts < 3 else None
                    future = pool.submit(_parse_chunk, items, *work) if pool is not None else None
            window.append((chunk, future, pool))
            if len(window) >= workers * 4:
                yield from _merge(*window.popleft(), work)
        while window:
            yield from _merge(*window.popleft(), work)
    finally:
        if pool is not None:
            _stop(pool, wait=True)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)
    _widen_results_pipe(pool)
    return pool


# What the pipe that brings workers' results back may hold (Linux's limit for a user).
_PIPE_BYTES = 1 << 20


def _widen_results_pipe(pool: ProcessPoolExecutor) -> None:
    """Let the results pipe hold a chunk's results from each worker (about 450 KB each),
    where Linux lets it: with its default 64 KB, a worker that sends its results waits
    for this process to read each 64 KB of them, and the other worker waits for the
    pipe, instead of parsing (strace over 6,000 posts, loaded machine: the workers'
    writes of results took 0.11-0.22 s in all, now 0.07-0.09 s)."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    reader = getattr(getattr(pool, "_result_queue", None), "_reader", None)
    if set_size is None or reader is None:
        return
    # Refused over /proc/sys/fs/pipe-max-size, or when the user's pipes hold too much.
    with contextlib.suppress(OSError):
        fcntl.fcntl(reader.fileno(), set_size, _PIPE_BYTES)


def _worker_start() -> None:
    """A worker forked from a large process (a notebook, a benchmark) freezes what it
    inherited: its garbage collector would walk those objects again and again, and
    copy their memory pages, without ever freeing one (measured: 5% of a worker's
    CPU under a parent of a million objects). Ctrl-C is the parent's to handle (one
    line, exit 130), not each worker's (a traceback from every process)."""
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _merge(
    chunk: list[Item | ParseFailure],
    future: Future[list[Any]] | None,
    pool: _Pool,
    work: tuple[Job, Selection, Callable[[Post], Any] | None],
) -> Iterator[Any]:
    items = [item for item in chunk if not isinstance(item, ParseFailure)]
    try:
        results = _result(future, pool) if future is not None else _parse_chunk(items, *work)
    except Exception:  # a worker died (killed, out of memory): parse here instead
        results = _parse_chunk(items, *work)
    parsed = iter(results)
    for item in chunk:
        yield item if isinstance(item, ParseFailure) else next(parsed)


_Pool = ProcessPoolExecutor | None
# How long a pool may give no word after one of its workers died before it is
# taken to hang (a broken pool says so within milliseconds).
_HANG_SECONDS = 5.0


def _result(future: Future[list[Any]], pool: _Pool) -> list[Any]:
    """The future's results, or an error when its pool breaks or hangs."""
    died_at: float | None = None
    while True:
        try:
            return future.result(timeout=0.2)
        except FutureTimeout:
            if pool is None or getattr(pool, "_newspost_abandoned", False):
                raise BrokenProcessPool("the pool was stopped") from None
            if died_at is None:
                if any(process.exitcode is not None for process in _processes(pool)):
                    died_at = time.monotonic()
            elif time.monotonic() - died_at > _HANG_SECONDS:
                _abandon(pool)
                raise BrokenProcessPool("a worker died while sending its results") from None


def _processes(pool: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    try:  # the pool's own thread may change the mapping meanwhile: then ask again later
        return list((getattr(pool, "_processes", None) or {}).values())
    except RuntimeError:
        return []


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop a pool that hangs: its workers killed, and the message its result reader
    waits for ended (the parent's own copy of the pipe's writing end closed: with the
    workers dead, the reader then sees the pipe end, and the pool reports itself broken)."""
    pool._newspost_abandoned = True  # type: ignore[attr-defined]
    for process in _processes(pool):
        process.kill()
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()
    pool.shutdown(wait=False, cancel_futures=True)


def _stop(pool: ProcessPoolExecutor, wait: bool = False) -> None:
    """Shut ``pool`` down; never wait for one that was abandoned (its threads may hang)."""
    abandoned = getattr(pool, "_newspost_abandoned", False)
    pool.shutdown(wait=wait and not abandoned, cancel_futures=True)
