"""newspost: front-matter news posts to typed, validated objects, and back.

>>> import newspost
>>> post = newspost.parse("---\\ntitle: Hello\\n---\\n> The lead.\\n\\nThe article.\\n")
>>> post.title, post.lead, post.paragraphs
('Hello', 'The lead.', ['The article.'])
"""

from ._errors import ParseError
from ._model import Image, Link, ParseWarning, Post, Source
from ._parse import parse, parse_file
from ._version import __version__

__all__ = [
    "Image",
    "Link",
    "ParseError",
    "ParseWarning",
    "Post",
    "Source",
    "__version__",
    "parse",
    "parse_file",
]
