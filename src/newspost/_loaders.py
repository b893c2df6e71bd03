"""YAML and TOML read safely: no Python objects, no implicit timestamps, aliases bounded.

Used for front matter, for its line-by-line recovery and for site configs.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml

__all__ = [
    "MAX_ALIAS_BYTES",
    "MAX_DEPTH",
    "MAX_EXPANDED_VALUES",
    "TOP_KEY",
    "TOP_KEY_LINES",
    "AliasBomb",
    "SafeLoader",
    "expanded_size",
    "load_toml",
    "load_yaml",
    "may_be_too_deep",
    "too_deep",
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
# Aliases may add at most this many characters of text to what is written (an alias
# of a 100 KB string repeated 20,000 times passed the count of values: 2 GB of JSON).
MAX_ALIAS_BYTES = 1_000_000
# Lists and mappings nested deeper than this are refused: pydantic validates JSON data
# only to a depth of about 250, and no post nests more than a few levels.
MAX_DEPTH = 100


class SafeLoader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe C loader without implicit timestamps.

    Dates stay the strings they were written as, so that ``date`` is read by
    one date parser and ``extra`` keeps values verbatim. The safe constructor
    refuses every Python tag (``!!python/object/apply:os.system``).
    """


class AliasBomb(ValueError):
    """YAML whose aliases or merge keys expand past the bounds (found before building it)."""


def load_yaml(text: str) -> Any:
    """YAML loaded safely; :class:`AliasBomb` before building when aliases expand too far.

    Without ``*`` there are no aliases, and the text bounds the result. With them,
    the node graph (aliases are shared nodes, merge keys ``<<`` point at one) is
    measured first, each node once: expanded values and characters.
    """
    if "*" not in text:
        return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        values, chars = _node_expansion(node, len(text) + MAX_ALIAS_BYTES)
        if values > MAX_EXPANDED_VALUES or chars > len(text) + MAX_ALIAS_BYTES:
            raise AliasBomb(
                f"front matter expands to more than {MAX_EXPANDED_VALUES:,} values or"
                f" {MAX_ALIAS_BYTES:,} characters more than written through YAML aliases"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _node_expansion(root: yaml.Node, max_chars: int) -> tuple[int, int]:
    """(values, characters) of ``root`` with aliases expanded, each node measured once.

    Stops early (returning a size past the bounds) on a cycle or when past either bound.
    """
    sizes: dict[int, tuple[int, int]] = {}
    on_path: set[int] = set()
    too_much = (MAX_EXPANDED_VALUES + 1, max_chars + 1)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = (1, len(node.value))
            continue
        children: list[yaml.Node] = (
            [part for pair in node.value for part in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if children_done:
            on_path.discard(key)
            values = 1 + sum(sizes[id(child)][0] for child in children)
            chars = sum(sizes[id(child)][1] for child in children)
            if values > MAX_EXPANDED_VALUES or chars > max_chars:
                return too_much
            sizes[key] = (values, chars)
            continue
        if key in sizes:
            continue
        if key in on_path:
            return too_much
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


# A plain key ends with a character that is not a blank, so that the blanks before
# the colon belong to ``[ \t]*`` alone: with a lazy ``[^:\n]*?`` they could belong to
# either, and a line ``k`` + 64 KB of blanks + ``v`` took seconds (quadratic).
TOP_KEY = re.compile(
    r"^([^\s#:\-?'\"{\[](?:[^:\n]*[^ \t:\n])?|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?:[ \t]+(.*)|[ \t]*)$"
)
TOP_KEY_LINES = re.compile(TOP_KEY.pattern, re.MULTILINE)


def unquote_key(key: str) -> str:
    # YAML's blanks are space and tab only: ``0\u3000`` is another key than ``0``.
    key = key.strip(" \t")
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


def may_be_too_deep(text: str) -> bool:
    """Whether front matter written as ``text`` can load deeper than :data:`MAX_DEPTH`.

    Each list or mapping but a TOML document's own table is written with a
    character of its own among ``:-?[{.`` (a key's colon or question mark, a
    dash, a bracket or brace, a TOML dotted key's dot), so fewer such characters
    than levels below the top cannot nest that deep; only an alias (``*``) can
    reuse a list or mapping, or close a cycle.
    """
    return "*" in text or sum(map(text.count, ":-?[{.")) >= MAX_DEPTH


def too_deep(root: object) -> bool:
    """Whether lists and mappings nest deeper than :data:`MAX_DEPTH` (a cycle does too).

    Heights are computed once per node, without recursion: aliases share nodes.
    """
    heights: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list, tuple, set)):
            continue
        key = id(node)
        children = list(node.values()) if isinstance(node, dict) else list(node)
        if children_done:
            on_path.discard(key)
            heights[key] = 1 + max((heights.get(id(child), 0) for child in children), default=0)
            if heights[key] > MAX_DEPTH:
                return True
            continue
        if key in heights:
            continue
        if key in on_path or len(on_path) > MAX_DEPTH:
            return True
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    return False
