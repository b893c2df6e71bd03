"""Collections of posts out: JSON Lines, one JSON array, a folder of Markdown, a DataFrame,
an Arrow table, a Parquet file."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from ._models import Post

if TYPE_CHECKING:
    import pandas
    import pyarrow

__all__ = [
    "to_arrow",
    "to_dataframe",
    "write_json",
    "write_jsonl",
    "write_markdown",
    "write_parquet",
]

Target = str | os.PathLike[str] | IO[str]


def write_jsonl(posts: Iterable[Post], target: Target) -> int:
    """Write one JSON object per line, as the posts come (it streams); returns the count.

    Examples:
        >>> import io, newspost
        >>> out = io.StringIO()
        >>> newspost.write_jsonl([newspost.parse("---\\ntitle: A\\n---\\nText.")], out)
        1
        >>> newspost.Post.from_json(out.getvalue().splitlines()[0]).title
        'A'
    """
    return write_lines(map(json_line, posts), target)


def write_json(posts: Iterable[Post], target: Target) -> int:
    """Write one JSON array of the posts (streamed, one post per line); returns the count.

    Examples:
        >>> import io, json, newspost
        >>> out = io.StringIO()
        >>> posts = [newspost.parse("---\\ntitle: A\\n---\\n"), newspost.Post(title="B")]
        >>> newspost.write_json(posts, out)
        2
        >>> [record["title"] for record in json.loads(out.getvalue())]
        ['A', 'B']
    """
    return write_lines(map(json_line, posts), target, array=True)


class JsonLine(NamedTuple):
    """A post as the JSON object ``to_json`` gives, in UTF-8, and whether parsing
    repaired it: made where the post was parsed, the command line's workers send
    these bytes back instead of the post (bytes pickle as they are; the parent
    neither rebuilds the post nor serializes it)."""

    data: bytes
    repaired: bool


def json_line(post: Post) -> JsonLine:
    return JsonLine(_json_bytes(post), bool(post.warnings))


def _json_bytes(post: Post) -> bytes:
    """``post.to_json()`` as UTF-8: the serializer's own bytes unless a subclass says otherwise."""
    kind = type(post)
    if kind.to_json is Post.to_json and kind.model_dump_json is Post.model_dump_json:
        return post.__pydantic_serializer__.to_json(post)
    return post.to_json().encode("utf-8")


def write_lines(lines: Iterable[JsonLine], target: Target, *, array: bool = False) -> int:
    """Posts' JSON objects as JSON Lines, or (``array``) as one JSON array, a post per
    line; returns the count. A path gets the serializer's UTF-8 as it is (no text
    decoded from it and encoded back, which was half of the writing's cost)."""
    if isinstance(target, (str, os.PathLike)):
        with open(target, "wb") as raw:
            return _write_lines(lines, raw.write, array)
    return _write_lines(lines, lambda data: target.write(data.decode("utf-8")), array)


def _write_lines(lines: Iterable[JsonLine], write: Callable[[bytes], object], array: bool) -> int:
    count = 0
    if array:
        write(b"[")
    for line in lines:
        if array:
            write(b",\n" if count else b"\n")
        write(line.data)
        if not array:
            write(b"\n")
        count += 1
    if array:
        write(b"\n]\n" if count else b"]\n")
    return count


def write_markdown(
    posts: Iterable[Post],
    folder: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> int:
    """Write each post as a Markdown file into ``folder``, mirroring the input tree.

    Returns the count.

    A post keeps its path relative to ``root`` (``_posts/2021/a.md``,
    ``content/news/_index.md``); without ``root``, relative to the deepest
    folder that holds every post (the posts are then read in full before the
    first is written: pass ``root`` to stream). A post without a path is named
    ``YYYY-MM-DD-slug.md`` (or ``post-N.md``) at the top of ``folder``. Each
    file is [`Post.to_markdown_bytes()`][newspost.Post.to_markdown_bytes]: an
    unchanged post gives its file back byte for byte.

    Nothing is written outside ``folder``: a path that is absolute or leads
    out of ``root`` (``..``) raises ``ValueError``, symbolic links inside
    ``folder`` are never followed (``OSError``), and each file is written to
    a temporary name and renamed into place. Two posts with one path, or a
    file already there (unless ``overwrite=True``), raise ``FileExistsError``:
    nothing is renamed.

    Examples:
        >>> import newspost, pathlib, tempfile
        >>> site, out = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
        >>> (site / "_posts/2021").mkdir(parents=True)
        >>> text = "---\\ntitle: 'A'\\n---\\r\\nText.\\r\\n"
        >>> _ = (site / "_posts/2021/2021-12-08-a.md").write_bytes(text.encode())
        >>> posts = newspost.parse_dir(site, workers=1)
        >>> newspost.write_markdown(posts, out, root=site)
        1
        >>> (out / "_posts/2021/2021-12-08-a.md").read_bytes() == text.encode()
        True
    """
    if root is None:
        posts = list(posts)
        root = _common_folder(post.path for post in posts)
    top = Path(folder)
    top.mkdir(parents=True, exist_ok=True)
    used: set[tuple[str, ...]] = set()
    count = 0
    name_max = _name_max(top)
    for post in posts:
        parts = tuple(_fitting(part, name_max) for part in _relative_parts(post, root, count))
        if parts in used:
            raise FileExistsError(
                errno.EEXIST, "two posts would be written to one file", os.path.join(*parts)
            )
        used.add(parts)
        _write_inside(top, parts, post.to_markdown_bytes(), overwrite)
        count += 1
    return count


def _file_name(post: Post, index: int) -> str:
    if post.path:
        name = Path(post.path).name
        if name.lower().endswith((".md", ".markdown")):
            return name
    slug = re.sub(r"[^\w.-]+", "-", post.slug or "").strip("-.") or f"post-{index + 1}"
    prefix = f"{post.date:%Y-%m-%d}-" if post.date is not None else ""
    return f"{prefix}{slug}.md"


def _name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system of ``folder`` takes."""
    try:
        return max(32, os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # pragma: no cover - not POSIX
        return 255


def _fitting(name: str, name_max: int) -> str:
    """``name``, or when longer than the file system takes (90 CJK characters are 270
    bytes in UTF-8) a shortened one: cut at a character, a hash of the whole name added
    so that two long names that begin alike stay two, the extension kept."""
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) <= name_max:
        return name
    stem, dot, extension = name.rpartition(".")
    suffix = f".{extension}" if dot and 0 < len(extension) <= 16 else ""
    stem = stem if suffix else name
    digest = "-" + hashlib.sha256(encoded).hexdigest()[:12]
    room = name_max - len(digest.encode()) - len(suffix.encode())
    cut = stem.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return cut + digest + suffix


def _local(path: str | None) -> bool:
    return bool(path) and "://" not in str(path) and "::" not in str(path) and path != "<stdin>"


def _common_folder(paths: Iterable[str | None]) -> str | None:
    folders = [os.path.dirname(os.path.abspath(p)) for p in paths if p and _local(p)]
    return os.path.commonpath(folders) if folders else None


def _relative_parts(post: Post, root: str | os.PathLike[str] | None, index: int) -> tuple[str, ...]:
    if not _local(post.path) or root is None:
        return (_file_name(post, index),)
    assert post.path is not None
    relative = os.path.relpath(os.path.abspath(post.path), os.path.abspath(root))
    parts = tuple(Path(relative).parts)
    if Path(relative).is_absolute() or ".." in parts or not parts or parts[0] in (".", ""):
        raise ValueError(f"{post.path} is not inside {os.fspath(root)}; not written")
    return parts


def _temporary_name() -> str:
    return f".newspost-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def _write_inside(top: Path, parts: tuple[str, ...], data: bytes, overwrite: bool) -> None:
    """Write ``data`` to ``top/parts``: no symbolic link followed below ``top``, atomically."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    directory = getattr(os, "O_DIRECTORY", 0)
    if os.open not in os.supports_dir_fd or not nofollow:  # pragma: no cover - not POSIX
        _write_by_path(top, parts, data, overwrite)
        return
    fd = os.open(top, os.O_RDONLY | directory)
    try:
        for part in parts[:-1]:
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, dir_fd=fd)
            child = os.open(part, os.O_RDONLY | directory | nofollow, dir_fd=fd)
            os.close(fd)
            fd = child
        name = parts[-1]
        if not overwrite:
            with contextlib.suppress(FileNotFoundError):
                os.stat(name, dir_fd=fd, follow_symlinks=False)
                raise FileExistsError(
                    errno.EEXIST, "file exists; not overwritten", str(top.joinpath(*parts))
                )
        temporary = _temporary_name()  # short: the name itself may be as long as allowed
        out = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o644, dir_fd=fd)
        try:
            with open(out, "wb") as handle:
                handle.write(data)
            os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=fd)
            raise
    finally:
        os.close(fd)


def _write_by_path(
    top: Path, parts: tuple[str, ...], data: bytes, overwrite: bool
) -> None:  # pragma: no cover
    folder = top
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise OSError(
                errno.ELOOP, "symbolic link in the output folder; not followed", str(folder)
            )
        folder.mkdir(exist_ok=True)
    target = folder / parts[-1]
    if target.is_symlink() or (target.exists() and not overwrite):
        raise FileExistsError(errno.EEXIST, "file exists; not overwritten", str(target))
    temporary = folder / _temporary_name()
    temporary.write_bytes(data)
    os.replace(temporary, target)


def to_dataframe(
    posts: Iterable[Post], *, timezone: str | tzinfo | None = None
) -> pandas.DataFrame:
    """A pandas DataFrame, one row per post (``pip install newspost[pandas]``).

    The columns are those of [`to_arrow()`][newspost.to_arrow] (listed in docs/recipes.md):
    every field of [`Post`][newspost.Post] plus ``text``; ``source`` the publisher's
    name with ``source_kind`` beside it. ``date`` is always the instant in UTC
    (``datetime64[us, UTC]``), ``date_offset`` the offset the date was written
    with (``"+08:00"``, or ``None``) and ``date_local`` the wall-clock time as
    written, so an archive that mixes dates with and without an offset gives
    one column. A date written without an offset is read in ``timezone`` when
    given, else as UTC (``date_offset`` is then ``None``); parsing with
    ``timezone=`` or a site's ``_config.yml`` gives it its zone earlier.
    Lists hold Python lists (links, images and warnings as dicts), ``extra``
    is JSON text.

    Examples:
        >>> import newspost
        >>> text = "---\\ntitle: A\\ndate: 2021-12-08 10:00:00 +0800\\n---\\nText.（新华社）"
        >>> naive = "---\\ntitle: B\\ndate: 2011-07-14\\n---\\nText."
        >>> frame = newspost.to_dataframe([newspost.parse(text), newspost.parse(naive)])
        >>> frame.loc[0, ["title", "source", "text"]].tolist()
        ['A', '新华社', 'Text.（新华社）']
        >>> [str(date) for date in frame["date"]]
        ['2021-12-08 02:00:00+00:00', '2011-07-14 00:00:00+00:00']
        >>> frame["date_offset"].tolist(), str(frame.loc[0, "date_local"])
        (['+08:00', None], '2021-12-08 10:00:00')
    """
    try:
        import pandas  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install 'newspost[pandas]'") from error
    from ._tables import pandas_frame, rows

    return pandas_frame(rows(list(posts), timezone))


def to_arrow(posts: Iterable[Post], *, timezone: str | tzinfo | None = None) -> pyarrow.Table:
    """A ``pyarrow.Table``, one row per post (``pip install newspost[arrow]``).

    The schema is fixed (``newspost._arrow.SCHEMA``, also ``to_arrow([]).schema``):
    the columns of [`to_dataframe()`][newspost.to_dataframe], with lists as ``list<string>``,
    links, images and warnings as lists of structs, ``extra`` as JSON text,
    ``date`` as ``timestamp[us, tz=UTC]`` beside ``date_offset`` (text) and
    ``date_local`` (``timestamp[us]``). Polars reads it with ``pl.from_arrow``.

    Examples:
        >>> import newspost
        >>> text = "---\\ntitle: A\\ndate: 2021-12-08 10:00:00 +0800\\ntags: [x, y]\\n---\\nText."
        >>> table = newspost.to_arrow([newspost.parse(text)])
        >>> table.column("tags").to_pylist(), table.column("date_offset").to_pylist()
        ([['x', 'y']], ['+08:00'])
        >>> str(table.schema.field("date").type)
        'timestamp[us, tz=UTC]'
    """
    _need_pyarrow()
    from ._arrow import to_arrow

    return to_arrow(posts, timezone=timezone)


def write_parquet(
    posts: Iterable[Post],
    path: str | os.PathLike[str],
    *,
    row_group_size: int = 10_000,
    timezone: str | tzinfo | None = None,
    compression: str = "zstd",
) -> int:
    """Write ``posts`` to a Parquet file; returns the count (``pip install newspost[arrow]``).

    It streams: ``row_group_size`` posts are held at a time and written as
    one row group, so memory stays flat however many posts ``posts`` yields
    (give it ``parse_dir``'s posts, not a list). The columns are those of
    [`to_arrow()`][newspost.to_arrow].

    Examples:
        >>> import newspost, pathlib, tempfile, pyarrow.parquet
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "posts.parquet"
        >>> posts = (newspost.parse(f"---\\ntitle: T{i}\\n---\\nText.") for i in range(5))
        >>> newspost.write_parquet(posts, path, row_group_size=2)
        5
        >>> pyarrow.parquet.ParquetFile(path).metadata.num_row_groups
        3
    """
    _need_pyarrow()
    from ._arrow import write_parquet

    return write_parquet(
        posts, path, row_group_size=row_group_size, timezone=timezone, compression=compression
    )


def _need_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise ImportError(
            "Arrow and Parquet output need pyarrow: pip install 'newspost[arrow]'"
        ) from error
