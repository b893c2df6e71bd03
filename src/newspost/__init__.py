"""newspost: front-matter news posts to typed, validated objects, and back.

Examples:
    >>> import newspost
    >>> post = newspost.parse("---\\ntitle: Hello\\n---\\n> The lead.\\n\\nThe article.\\n")
    >>> post.title, post.lead, post.paragraphs
    ('Hello', 'The lead.', ['The article.'])
"""

from ._directory import parse_dir
from ._errors import ParseError
from ._export import to_dataframe, write_json, write_jsonl, write_markdown
from ._model import Image, Link, ParseFailure, ParseWarning, Post, Source
from ._parse import parse, parse_file
from ._version import __version__

__all__ = [
    "Image",
    "Link",
    "ParseError",
    "ParseFailure",
    "ParseWarning",
    "Post",
    "Source",
    "__version__",
    "parse",
    "parse_dir",
    "parse_file",
    "to_dataframe",
    "write_json",
    "write_jsonl",
    "write_markdown",
]
