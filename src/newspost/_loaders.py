"""YAML and TOML read safely: no Python objects, no implicit timestamps, aliases bounded.

Used for front matter, for its line-by-line recovery, for site configs and ``_data/``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = [
    "MAX_ALIAS_BYTES",
    "MAX_DEPTH",
    "MAX_EXPANDED_VALUES",
    "TOP_KEY",
    "TOP_KEY_LINES",
    "AliasBomb",
    "SafeLoader",
    "expanded_size",
    "flat_lines",
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


def load_yaml(text: str, *, one_pass: bool = True, flat: bool = True) -> Any:
    """``yaml.load(text, Loader=SafeLoader)``: the same value or the same error, with
    :class:`AliasBomb` raised before anything is built when aliases expand too far.

    PyYAML's C parser composes the node tree. With aliases (``*``) the graph
    (aliases are shared nodes, merge keys ``<<`` point at one) is measured
    first, each node once: expanded values and characters; PyYAML's
    constructor then builds it. Without them the text bounds the result, and
    the tree is built in one pass (``_build``): PyYAML's constructor builds with
    a generator, a recursion guard and a cache entry per node, half of the time
    front matter takes, while front matter is a small tree of strings,
    numbers, lists and mappings. Every scalar goes through the constructor
    PyYAML would call for its tag; anything else (a merge key, a tag the pass
    does not build, a list or mapping as a key, any error) is handed to PyYAML's
    constructor on the same tree, so the value, and every error, is PyYAML's.
    ``one_pass=False`` builds with PyYAML's constructor alone (the reference
    the pass is tested against), as does a ``SafeLoader`` that ever constructs
    otherwise (a method of its own). Before all of it, front matter of flat ``key: value``
    lines only (most posts' front matter) is read line by line without the parser
    (``_flat``): the same value, each scalar resolved and built as PyYAML does;
    ``flat=False`` when the caller has tried that already.
    """
    if one_pass and flat and "*" not in text:
        mapping = _flat(text)
        if mapping is not None:
            return mapping
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:
            values, chars = _node_expansion(node, len(text) + MAX_ALIAS_BYTES)
            if values > MAX_EXPANDED_VALUES or chars > len(text) + MAX_ALIAS_BYTES:
                raise AliasBomb(
                    f"front matter expands to more than {MAX_EXPANDED_VALUES:,} values or"
                    f" {MAX_ALIAS_BYTES:,} characters more than written through YAML aliases"
                )
        elif one_pass and _ONE_PASS:
            try:
                return _build(node, loader, set())
            except Exception:  # PyYAML decides: its value or its error
                return loader.construct_document(node)
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
# The resolvers PyYAML's resolve() tries for a plain scalar, by its first character (``""``
# for the empty one): those of that character, then the wildcard ones, made once.
_RESOLVERS = SafeLoader.yaml_implicit_resolvers
_WILDCARD = tuple(_RESOLVERS.get(None, []))
_IMPLICIT = {
    first: (*resolvers, *_WILDCARD) for first, resolvers in _RESOLVERS.items() if first is not None
}


def _resolve(self: Any, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
    """PyYAML's ``BaseResolver.resolve`` for a scalar, without building the list of
    resolvers to try for each one (the C parser calls it for every scalar)."""
    if (
        kind is ScalarNode
        and not self.yaml_path_resolvers
        and self.yaml_implicit_resolvers is _RESOLVERS  # none added since
    ):
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
                if regexp.match(value):
                    return tag  # type: ignore[no-any-return]
        return self.DEFAULT_SCALAR_TAG  # type: ignore[no-any-return]
    return _BaseLoader.resolve(self, kind, value, implicit)  # type: ignore[no-any-return]


SafeLoader.resolve = _resolve


# The one pass of load_yaml: scalars by PyYAML's own constructors, lists and mappings.
_PREFIX = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _PREFIX + "str", _PREFIX + "seq", _PREFIX + "map"
_SCALAR_TAGS = tuple(_PREFIX + name for name in ("int", "float", "bool", "null"))
# Keys that PyYAML's mapping constructor rewrites (merge ``<<`` and value ``=``).
_SPECIAL_KEYS = frozenset({_PREFIX + "merge", _PREFIX + "value"})
_SCALARS = {tag: SafeLoader.yaml_constructors.get(tag) for tag in _SCALAR_TAGS}


def _stock() -> bool:
    """Whether SafeLoader constructs as PyYAML's SafeConstructor does (no override)."""
    safe, loader = SafeConstructor, SafeLoader
    return (
        all(
            getattr(loader, name) is getattr(safe, name)
            for name in (
                "get_single_data",
                "construct_document",
                "construct_object",
                "construct_scalar",
                "construct_sequence",
                "construct_mapping",
                "flatten_mapping",
            )
        )
        and all(
            loader.yaml_constructors.get(tag) is safe.yaml_constructors.get(tag)
            for tag in (_STR, _SEQ, _MAP, *_SCALAR_TAGS)
        )
        and all(constructor is not None for constructor in _SCALARS.values())
    )


_ONE_PASS = _stock()


class _Unsupported(Exception):
    """A node this pass does not build: PyYAML's constructor builds the whole tree."""


def _build(node: Node, loader: Any, seen: set[int]) -> Any:
    tag, kind = node.tag, type(node)
    if kind is ScalarNode:
        if tag == _STR:
            return node.value
        constructor = _SCALARS.get(tag)
        if constructor is None:
            raise _Unsupported(tag)
        return constructor(loader, node)
    if id(node) in seen:  # an alias to a list or mapping, or a cycle
        raise _Unsupported("alias")
    seen.add(id(node))
    if kind is MappingNode and tag == _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag in _SPECIAL_KEYS:
                raise _Unsupported(key_node.tag)
            key = _build(key_node, loader, seen)
            if isinstance(key, (list, dict)):
                raise _Unsupported("unhashable key")
            mapping[key] = _build(value_node, loader, seen)
        return mapping
    if kind is SequenceNode and tag == _SEQ:
        return [_build(child, loader, seen) for child in node.value]
    raise _Unsupported(tag)


# The lines of the flattest YAML mapping (``key: value`` at the left edge, a value plain,
# single-quoted or double-quoted without escapes, on its line; an empty value may be a
# list of such values, one ``- value`` line each, all as far in), which ``flat_lines``
# reads without the C parser. Conservative: anything else (a tab, ``#``, ``: `` in a
# plain value, an indicator first, a backslash or a quote in double quotes, a control or
# non-character) is left to the parser. Spaces inside a plain value must be followed by
# what may continue it, so that the trailing blanks belong to `` *`` alone (no
# backtracking between the two). A line that does not match is given up on by
# backtracking through each character (no atomic groups on 3.10): longer text goes
# straight to the parser.
_FLAT_MAX_CHARS = 16_384
_FLAT_BAD = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff"
# (double-quoted, single-quoted with ``''`` for a quote, plain)
_FLAT_VALUE = (
    rf"(?: +(?:\"([^\"\\{_FLAT_BAD}]*)\"|'([^'{_FLAT_BAD}]*(?:''[^'{_FLAT_BAD}]*)*)'"
    rf"|([^-?:,\[\]{{}}#&*!|>'\"%@` {_FLAT_BAD}]"
    rf"(?:[^:# {_FLAT_BAD}]|:(?=[^ {_FLAT_BAD}])| +(?=[^ #{_FLAT_BAD}]))*))?)? *"
)
_FLAT_LINE = re.compile(rf"([A-Za-z_][A-Za-z0-9_-]{{0,127}}):{_FLAT_VALUE}")
_FLAT_ITEM = re.compile(rf"( *)-{_FLAT_VALUE}")


def _flat(text: str) -> dict[str, Any] | None:
    """``text`` loaded by :func:`flat_lines`, or None when it cannot read it."""
    lines = flat_lines(text)
    return None if lines is None else {key: value for _, key, value, _ in lines}


def flat_lines(text: str) -> list[tuple[int, str, Any, str]] | None:
    """(index, key, value, the line) of each key's line of ``text`` when each line is
    empty, a :data:`_FLAT_LINE` (at least one) or an item of the list an empty value
    opens, else None: the values PyYAML gives, each scalar resolved and built by the
    same resolvers and constructors; None too for a tag the one pass does not build.
    The mapping is the lines' ``{key: value}``, the last value of a key winning at its
    first place, as in PyYAML's."""
    loader = SafeLoader
    if not (
        len(text) <= _FLAT_MAX_CHARS
        and _ONE_PASS
        and loader.resolve is _resolve
        and loader.yaml_implicit_resolvers is _RESOLVERS
        and not loader.yaml_path_resolvers
    ):
        return None
    lines: list[tuple[int, str, Any, str]] = []
    items: list[Any] | None = None  # the list an empty value opened, while it may go on
    indent = ""  # its items' indentation
    match_line, match_item = _FLAT_LINE.fullmatch, _FLAT_ITEM.fullmatch
    for index, line in enumerate(text.split("\n")):
        if not line:
            continue
        match = match_line(line)
        if match is not None:
            key, double, single, plain = match.groups()
            for _tag, regexp in _IMPLICIT.get(key[:1], _WILDCARD):
                if regexp.match(key):  # every implicit tag is another than str
                    return None
        else:
            match = match_item(line)
            if match is None or items is None:
                return None
            key, double, single, plain = match.groups()  # the key: the item's indentation
        value: Any
        if double is not None:
            value = double
        elif single is not None:
            value = single.replace("''", "'")
        else:
            value = plain = plain.rstrip(" ") if plain is not None else ""
            for tag, regexp in _IMPLICIT.get(plain[:1], _WILDCARD):
                if regexp.match(plain):
                    value = _scalar(tag, plain)
                    if value is _NOT_FLAT:
                        return None
                    break
        if match.re is _FLAT_LINE:
            items = [] if double is None and single is None and not plain else None
            lines.append((index, key, value, line))
            continue
        assert items is not None
        if not items:
            indent = key
            index, key, _, key_line = lines[-1]
            lines[-1] = (index, key, items, key_line)
        elif key != indent:
            return None
        items.append(value)
    return lines or None


_NOT_FLAT = object()


def _scalar(tag: str, plain: str) -> Any:
    """A plain scalar of an implicit tag other than str as PyYAML builds it, else
    :data:`_NOT_FLAT` (a tag the one pass does not build, or an error)."""
    constructor = _SCALARS.get(tag)
    if constructor is None:
        return _NOT_FLAT
    try:
        return constructor(_SCALAR_LOADER, ScalarNode(tag, plain))
    except Exception:  # PyYAML decides: its value or its error
        return _NOT_FLAT


# The constructors of plain int, float, bool and null read nothing but the node.
_SCALAR_LOADER = SafeLoader("")


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
    return _post_order(root, MAX_EXPANDED_VALUES, leaf=1, keys=True, combine=sum)


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
    """Whether lists and mappings nest deeper than :data:`MAX_DEPTH` (a cycle does too)."""
    return _post_order(root, MAX_DEPTH, leaf=0, keys=False, combine=max) > MAX_DEPTH


def _post_order(
    root: object, limit: int, *, leaf: int, keys: bool, combine: Callable[[list[int]], int]
) -> int:
    """1 + ``combine`` of its children's figures for each list or mapping, ``leaf`` for
    anything else, computed bottom-up once per node and without recursion (aliases
    share nodes); past ``limit``, or on a cycle, stops and returns ``limit + 1``.
    ``keys``: a mapping's keys count too (as ``leaf``: they are never walked)."""
    figures: dict[int, int] = {}
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
            counted = [*children, *node.keys()] if keys and isinstance(node, dict) else children
            figure = 1 + combine([figures.get(id(child), leaf) for child in counted] or [0])
            if figure > limit:
                return limit + 1
            figures[key] = figure
            continue
        if key in figures:
            continue
        if key in on_path or len(on_path) > limit:
            return limit + 1
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    return figures.get(id(root), leaf)
