"""YAML and TOML read safely: no Python objects, no implicit timestamps, aliases bounded.

Used for front matter, for its line-by-line recovery and for site configs.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml

__all__ = [
    "MAX_EXPANDED_VALUES",
    "TOP_KEY",
    "TOP_KEY_LINES",
    "SafeLoader",
    "expanded_size",
    "load_toml",
    "unquote_key",
]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def load_toml(text: str) -> dict[str, Any]:
    """TOML with the standard library's reader (``tomli`` on Python 3.10)."""
    loaded: dict[str, Any] = tomllib.loads(text)
    return loaded


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Aliases may share one node many times (a "billion laughs"); expanded to
# JSON, such front matter would be gigabytes. No real post comes near this.
MAX_EXPANDED_VALUES = 100_000


class SafeLoader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe C loader without implicit timestamps.

    Dates stay the strings they were written as, so that ``date`` is read by
    one date parser and ``extra`` keeps values verbatim. The safe constructor
    refuses every Python tag (``!!python/object/apply:os.system``).
    """


SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


TOP_KEY = re.compile(
    r"^([^\s#:\-?'\"{\[][^:\n]*?|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?:[ \t]+(.*)|[ \t]*)$"
)
TOP_KEY_LINES = re.compile(TOP_KEY.pattern, re.MULTILINE)


def unquote_key(key: str) -> str:
    key = key.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def expanded_size(root: object) -> int:
    """How many values ``root`` holds once aliases are expanded (a cycle counts as too many)."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list, tuple, set)):
            continue
        key = id(node)
        if children_done:
            on_path.discard(key)
            items = list(node.values()) + list(node.keys()) if isinstance(node, dict) else node
            sizes[key] = 1 + sum(sizes.get(id(item), 1) for item in items)
            if sizes[key] > MAX_EXPANDED_VALUES:
                return sizes[key]
            continue
        if key in sizes:
            continue
        if key in on_path:
            return MAX_EXPANDED_VALUES + 1
        on_path.add(key)
        stack.append((node, True))
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, False) for child in children)
    return sizes.get(id(root), 1)
