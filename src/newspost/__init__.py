"""newspost: front-matter news posts to typed, validated objects, and back.

Examples:
    >>> import newspost
    >>> post = newspost.parse("---\\ntitle: Hello\\n---\\n> The lead.\\n\\nThe article.\\n")
    >>> post.title, post.lead, post.paragraphs
    ('Hello', 'The lead.', ['The article.'])
"""

from . import _html, _write  # noqa: F401 - give Post.html and Post.to_markdown their writers
from ._config import Options, Selection
from ._errors import ParseError, SiteWarning
from ._export import (
    to_arrow,
    to_dataframe,
    write_json,
    write_jsonl,
    write_markdown,
    write_parquet,
)
from ._models import Image, Link, ParseFailure, ParseWarning, Post, Source
from ._parse import parse, parse_file
from ._pool import parse_dir
from ._version import __version__

__all__ = [
    "Image",
    "Link",
    "Options",
    "ParseError",
    "ParseFailure",
    "ParseWarning",
    "Post",
    "Selection",
    "SiteWarning",
    "Source",
    "__version__",
    "parse",
    "parse_dir",
    "parse_file",
    "to_arrow",
    "to_dataframe",
    "write_json",
    "write_jsonl",
    "write_markdown",
    "write_parquet",
]

# Public names show as newspost.X in tracebacks, documentation and pickles (httpx does the same).
for _name in __all__:
    if not _name.startswith("_"):
        globals()[_name].__module__ = "newspost"
del _name
