"""Collections of posts out: JSON Lines, one JSON array, a folder of Markdown, a DataFrame."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ._models import Post

if TYPE_CHECKING:
    import pandas

__all__ = ["to_dataframe", "write_json", "write_jsonl", "write_markdown"]

Target = str | os.PathLike[str] | IO[str]


@contextlib.contextmanager
def _open(target: Target) -> Iterator[IO[str]]:
    if isinstance(target, (str, os.PathLike)):
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
    else:
        yield target


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
    count = 0
    if isinstance(target, (str, os.PathLike)):
        # The serializer's UTF-8 straight to the file: no str decoded from it and
        # encoded back, which was half of the writing's cost.
        with open(target, "wb") as raw:
            for post in posts:
                raw.write(_json_bytes(post))
                raw.write(b"\n")
                count += 1
        return count
    with _open(target) as out:
        for post in posts:
            out.write(post.to_json())
            out.write("\n")
            count += 1
    return count


def _json_bytes(post: Post) -> bytes:
    """``post.to_json()`` as UTF-8: the serializer's own bytes unless a subclass says otherwise."""
    kind = type(post)
    if kind.to_json is Post.to_json and kind.model_dump_json is Post.model_dump_json:
        return post.__pydantic_serializer__.to_json(post)
    return post.to_json().encode("utf-8")


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
    count = 0
    with _open(target) as out:
        out.write("[")
        for post in posts:
            out.write(",\n" if count else "\n")
            out.write(post.to_json())
            count += 1
        out.write("\n]\n" if count else "]\n")
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
    file is :meth:`Post.to_markdown_bytes`: an unchanged post gives its file
    back byte for byte.

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
    for post in posts:
        parts = _relative_parts(post, root, count)
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
        temporary = f".{name}.{os.getpid()}.tmp"
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
    temporary = folder / f".{parts[-1]}.{os.getpid()}.tmp"
    temporary.write_bytes(data)
    os.replace(temporary, target)


def to_dataframe(posts: Iterable[Post]) -> pandas.DataFrame:
    """A pandas DataFrame, one row per post (``pip install newspost[pandas]``).

    Columns: every field of :class:`Post` plus ``text``; ``date`` is a UTC
    ``datetime64`` column (naive dates are taken as UTC), ``source`` the
    publisher's name with ``source_kind`` beside it, and ``warnings`` the list
    of warning codes. Lists and ``extra`` stay Python objects.

    Examples:
        >>> import newspost
        >>> text = "---\\ntitle: A\\ndate: 2021-12-08 10:00:00 +0800\\n---\\nText.（新华社）"
        >>> frame = newspost.to_dataframe([newspost.parse(text)])
        >>> frame.loc[0, ["title", "source", "text"]].tolist()
        ['A', '新华社', 'Text.（新华社）']
        >>> str(frame.loc[0, "date"])
        '2021-12-08 02:00:00+00:00'
    """
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install 'newspost[pandas]'") from error

    rows = [row(post) for post in posts]
    frame: pandas.DataFrame = pandas.DataFrame.from_records(rows, columns=COLUMNS)
    frame["date"] = pandas.to_datetime(frame["date"], utc=True)
    return frame


COLUMNS = [
    "path", "slug", "layout", "title", "date", "categories", "tags", "lead", "source",
    "source_kind", "original_url", "links", "images", "paragraphs", "text", "body",
    "extra", "warnings",
]  # fmt: skip


def row(post: Post) -> dict[str, Any]:
    """One DataFrame row of ``post``: the columns of :data:`COLUMNS`."""
    return {
        "path": post.path,
        "slug": post.slug,
        "layout": post.layout,
        "title": post.title,
        "date": post.date.isoformat() if post.date is not None else None,
        "categories": post.categories,
        "tags": post.tags,
        "lead": post.lead,
        "source": post.source.name if post.source else None,
        "source_kind": post.source.kind if post.source else None,
        "original_url": post.original_url,
        "links": [link.model_dump() for link in post.links],
        "images": [image.model_dump() for image in post.images],
        "paragraphs": post.paragraphs,
        "text": post.text,
        "body": post.body,
        "extra": post.extra,
        "warnings": [w.code for w in post.warnings],
    }
