"""YAML front matter built in one pass: the values ``yaml.load`` gives, built faster.

PyYAML's C parser composes the node tree; its constructor then builds the
values with a generator, a recursion guard and a cache entry per node, which
is half of the time front matter takes. Front matter is a small tree of
strings, numbers, lists and mappings: :func:`load` builds such a tree in one
pass, every scalar through the constructor PyYAML itself would call for its
tag. Anything else (a list or mapping reached twice through an alias, a merge
key ``<<``, a tag this pass does not build, a list or mapping as a key, any
error) is handed to PyYAML's constructor on the same node tree, so the value,
and every error, is the one ``yaml.load(text, Loader=SafeLoader)`` gives.

Should ``SafeLoader`` ever construct otherwise (a method of its own), the
fast pass is off and every document goes through PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._loaders import SafeLoader, load_yaml

__all__ = ["load"]

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


_FAST = _stock()


class _Unsupported(Exception):
    """A node this pass does not build: PyYAML's constructor builds the whole tree."""


def load(text: str) -> Any:
    """``yaml.load(text, Loader=SafeLoader)``, the same value or the same error.

    Text with aliases (``*``) goes to ``_loaders.load_yaml``, which measures their
    expansion before anything is built; without them the text bounds the result.
    """
    if "*" in text:
        return load_yaml(text)
    if not _FAST:
        return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(node, loader, set())
        except Exception:  # PyYAML decides: its value or its error
            return loader.construct_document(node)
    finally:
        loader.dispose()


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
