"""Collections of posts out: JSON Lines, one JSON array, a folder of Markdown, a DataFrame."""

from __future__ import annotations

import contextlib
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
    with _open(target) as out:
        for post in posts:
            out.write(post.to_json())
            out.write("\n")
            count += 1
    return count


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


def write_markdown(posts: Iterable[Post], folder: str | os.PathLike[str]) -> int:
    """Write each post as a Markdown file into ``folder``; returns the count.

    A post keeps its file name; a post without one is named ``YYYY-MM-DD-slug.md``
    (or ``post-N.md``). A name already written gets ``-2``, ``-3``… so no post
    overwrites another.

    Examples:
        >>> import newspost, pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> text = "---\\ntitle: A\\ndate: 2021-12-08\\n---\\nText."
        >>> post = newspost.parse(text, path="2021-12-08-a.md")
        >>> newspost.write_markdown([post, post], folder)
        2
        >>> sorted(p.name for p in folder.iterdir())
        ['2021-12-08-a-2.md', '2021-12-08-a.md']
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    count = 0
    for post in posts:
        name = _file_name(post, count)
        stem, suffix = os.path.splitext(name)
        candidate, n = name, 1
        while candidate in used or (root / candidate).exists():
            n += 1
            candidate = f"{stem}-{n}{suffix}"
        used.add(candidate)
        (root / candidate).write_text(post.to_markdown(), encoding="utf-8", newline="\n")
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
