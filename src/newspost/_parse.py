"""``parse`` and ``parse_file``: one post's text to a ``Post``, through ``_pipeline``."""

from __future__ import annotations

import os
import stat
from datetime import tzinfo

from ._config import DEFAULT_MAX_BYTES, Options, TimezoneTypes
from ._dates import resolve_timezone
from ._diagnostics import Diagnostics
from ._errors import ParseError
from ._models import Post
from ._pipeline import run
from ._site import Site, site_of_file
from ._state import State

__all__ = ["parse", "parse_file", "parse_with", "read_file"]


def parse(
    text: str | bytes,
    *,
    path: str | os.PathLike[str] | None = None,
    timezone: TimezoneTypes = None,
    strict: bool = False,
    encoding: str | None = None,
    site_url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Post:
    """Parse one post from its text (or bytes).

    ``path`` names the file in warnings and errors and gives the date and slug
    of ``YYYY-MM-DD-slug.md`` names. ``timezone`` (``"Asia/Shanghai"``) applies
    to dates written without an offset. Lenient parsing (the default) always
    returns a [`Post`][newspost.Post] and lists what it repaired in ``post.warnings``;
    ``strict=True`` raises [`ParseError`][newspost.ParseError] instead. The options are those
    of every entry point ([`newspost.Options`][newspost.Options]). ``parse`` reads only the
    text it is given; [`parse_file()`][newspost.parse_file] also finds the file's site.

    Examples:
        >>> import newspost
        >>> text = '---\\ntitle: "Rates"\\ndate:  +0800\\n---\\nFlat.（新华社）'
        >>> post = newspost.parse(text, path="2021-12-08-rates.md")
        >>> post.date.isoformat(), post.slug, post.source.name
        ('2021-12-08T00:00:00', 'rates', '新华社')
        >>> [w.code for w in post.warnings]
        ['date_from_filename']
    """
    options = Options(
        timezone=timezone,
        strict=strict,
        encoding=encoding,
        site_url=site_url,
        max_bytes=max_bytes,
    )
    name = os.fspath(path) if path is not None else None
    return parse_with(text, name, options, Site(), resolve_timezone(timezone))


def parse_with(
    data: str | bytes, path: str | None, options: Options, site: Site, zone: tzinfo | None
) -> Post:
    """Parse ``data`` with options already checked and the post's site known."""
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"parse() takes str or bytes, not {type(data).__name__}")
    _check_size(data, path, options.max_bytes)
    state = State(
        data=data,
        path=path,
        options=options,
        zone=zone,
        site=site,
        diag=Diagnostics(path, options.strict),
    )
    return run(state)


def _check_size(data: str | bytes, path: str | None, max_bytes: int | None) -> None:
    if max_bytes is None:
        return
    size = len(data)
    # Text longer than the limit is over it in any encoding: not encoded to be measured.
    if isinstance(data, str) and max_bytes < size * 4 and size <= max_bytes:
        size = len(data.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ParseError(
            f"file is {size:,} bytes, over the limit of {max_bytes:,} (max_bytes)",
            path=path,
            code="too_large",
        )


def parse_file(
    path: str | os.PathLike[str],
    *,
    timezone: TimezoneTypes = None,
    strict: bool = False,
    encoding: str | None = None,
    site_url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Post:
    """Read and parse one post file; see [`parse()`][newspost.parse].

    The file's site (a Jekyll ``_config.yml`` or Hugo ``config.toml`` in its
    folder or a parent) gives the default timezone, the site's address, the
    page URL and folder categories. A file that cannot be read, is not a
    regular file or is larger than ``max_bytes`` raises [`ParseError`][newspost.ParseError]
    naming it, in either mode.

    Examples:
        >>> import newspost, pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "2021-12-08-hello.md").write_text("---\\ntitle: Hello\\n---\\nHi.\\n")
        >>> post = newspost.parse_file(folder / "2021-12-08-hello.md")
        >>> post.title, post.slug, post.paragraphs
        ('Hello', 'hello', ['Hi.'])
    """
    options = Options(
        timezone=timezone,
        strict=strict,
        encoding=encoding,
        site_url=site_url,
        max_bytes=max_bytes,
    )
    name = os.fspath(path)
    site = site_of_file(name)
    zone = site_zone(options, site)
    return parse_with(read_file(name, options.max_bytes), name, options, site, zone)


def _read_upto(fd: int, size: int, max_bytes: int | None) -> bytes:
    """The file's bytes, at most ``max_bytes + 1``: a read of ``n`` bytes allocates ``n``
    first, so the size the file says it has is read first, then (the file grew, is a
    ``/proc`` file that says 0, or a read came back short) the rest in small pieces,
    until a read gives nothing.
    """
    limit = None if max_bytes is None else max_bytes + 1
    pieces = []
    total = 0
    chunk = size + 1
    while limit is None or total < limit:
        piece = os.read(fd, chunk if limit is None else min(chunk, limit - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
        chunk = 1 << 16
    return b"".join(pieces)


def site_zone(options: Options, site: Site) -> tzinfo | None:
    """The caller's timezone, else the site's (a bad site zone is ignored, not fatal)."""
    if options.timezone is not None or site.timezone is None:
        return resolve_timezone(options.timezone)
    try:
        return resolve_timezone(site.timezone)
    except ValueError:
        return None


def read_file(name: str, max_bytes: int | None) -> bytes:
    """A regular file's bytes, never blocking on a FIFO or device; ParseError when unreadable."""
    try:
        # O_BINARY: Windows would otherwise read the file in text mode (CRLF to LF,
        # Ctrl-Z as its end), and write-back could not give the bytes back.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(name, flags)
    except OSError as exc:
        raise ParseError(
            f"cannot read file: {exc.strerror or exc}", path=name, code="unreadable"
        ) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ParseError("not a regular file; not read", path=name, code="unreadable")
        if max_bytes is not None and info.st_size > max_bytes:
            raise ParseError(
                f"file is {info.st_size:,} bytes, over the limit of {max_bytes:,} (max_bytes)",
                path=name,
                code="too_large",
            )
        return _read_upto(fd, info.st_size, max_bytes)
    except OSError as exc:
        raise ParseError(
            f"cannot read file: {exc.strerror or exc}", path=name, code="unreadable"
        ) from exc
    finally:
        os.close(fd)
