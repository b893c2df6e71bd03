"""Line-by-line recovery of YAML front matter that does not load.

The real generator of a large archive wrote ``title: "…"`` without escaping
``"`` or ``\\``; YAML refuses such a file, and Jekyll drops its values. Each
top-level ``key: value`` line is read on its own instead, its value kept as
written.
"""

from __future__ import annotations

from typing import Any

import yaml

from ._loaders import TOP_KEY, SafeLoader, expanded_size, too_deep, unquote_key

__all__ = ["recover"]


def recover(fm_text: str, fm_line: int) -> dict[str, Any]:
    """Each top-level ``key: value`` with its value as written (quotes removed).

    The real generator wrote ``title: "…"`` without escaping ``"`` or ``\\``;
    such a value is kept verbatim. An empty value followed by ``- item`` lines
    is a list; other indented lines continue the value.
    """
    result: dict[str, Any] = {}
    key: str | None = None
    items: list[str] = []
    for line in fm_text.split("\n"):
        match = TOP_KEY.match(line)
        if match is not None:
            if key is not None and items:
                result[key] = _continued(result[key], items)
            key, items = unquote_key(match.group(1)), []
            result[key] = _recover_scalar((match.group(2) or "").strip())
        elif key is not None and line.strip() and not line.lstrip().startswith("#"):
            items.append(line.strip())
    if key is not None and items:
        result[key] = _continued(result[key], items)
    return result


def _continued(value: Any, lines: list[str]) -> Any:
    if value in (None, "") and all(item.startswith("-") for item in lines):
        return [_recover_scalar(item[1:].strip()) for item in lines]
    parts = [] if value in (None, "") else [str(value)]
    return " ".join(parts + lines)


def _recover_scalar(text: str) -> Any:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if not text:
        return None
    try:
        value = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, AttributeError, LookupError):
        return text  # also a value its tag refuses: !!int abc, !!timestamp foo
    if isinstance(value, dict) or (
        isinstance(value, list) and (expanded_size(value) > 1_000 or too_deep(value))
    ):
        # ``title: Breaking: rates cut`` is a title with a colon, not a mapping.
        return text
    return value
