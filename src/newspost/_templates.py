"""What the site's generator does to an article before its Markdown is read.

Jekyll renders Liquid (``{% … %}``, ``{{ … }}``) with the post as ``page``,
``_config.yml`` as ``site`` and ``_data/`` as ``site.data`` (``_liquid``), then
reads Markdown with kramdown; Hugo opens shortcodes (``{{< … >}}``,
``{{% … %}}``: ``_shortcodes``), then reads Markdown with goldmark
(``_render``). A post outside any known site is taken to be Jekyll's when its
front matter is YAML and Hugo's when it is TOML.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from ._liquid import render_liquid
from ._loaders import SafeLoader
from ._models import WarningCode
from ._render import Flavor
from ._shortcodes import strip_shortcodes
from ._site import SiteKind
from ._state import State

__all__ = ["expand", "flavor", "site_kind"]

_MAX_DATA_BYTES = 4 << 20  # a site's _data/ folder read for Liquid, at most this much


def site_kind(state: State) -> SiteKind | None:
    if state.site.kind is not None:
        return state.site.kind
    front = state.front.format if state.front is not None else None
    return "hugo" if front == "toml" else "jekyll" if front == "yaml" else None


def flavor(state: State) -> Flavor | None:
    kind = site_kind(state)
    return "kramdown" if kind == "jekyll" else "goldmark" if kind == "hugo" else None


def expand(state: State, text: str, line: int | None) -> str:
    """``text`` with its templates rendered; what could not be is removed, with a warning."""
    kind = site_kind(state)
    if kind == "jekyll" and "{" in text:
        page = state.front.meta if state.front is not None else {}
        root = state.site.root
        # Read only by a template that names it: loading _data/ costs more than most posts.
        data: dict[str, Any] = {}
        if root is not None and state.site.kind == "jekyll" and "data" in text:
            data = _data(root)
        text, names = render_liquid(text, page=page, site=state.site.settings, data=data)
        if names:
            reason = "Liquid that cannot be rendered here was removed from the text"
            _removed(state, "liquid_unrendered", reason, names, line)
    elif kind == "hugo" and "{{" in text:
        text, dropped = strip_shortcodes(text)
        if dropped:
            reason = "Hugo shortcodes with no text of their own were removed"
            _removed(state, "shortcode_dropped", reason, dropped, line)
    return text


def _removed(
    state: State, code: WarningCode, reason: str, names: list[str], line: int | None
) -> None:
    shown = ", ".join(dict.fromkeys(names))
    state.diag.warn(code, f"{reason}: {shown[:200]}", line=line, fatal=False)


@functools.lru_cache(maxsize=8)
def _data(root: Path) -> dict[str, Any]:
    """A Jekyll site's ``_data/`` folder as ``site.data``: ``{name: loaded YAML}``, nested."""
    folder = root / "_data"
    data: dict[str, Any] = {}
    budget = _MAX_DATA_BYTES
    if not folder.is_dir():
        return data
    for path in sorted(folder.rglob("*")):
        if path.suffix not in {".yml", ".yaml", ".json"} or not path.is_file() or path.is_symlink():
            continue
        try:
            text = path.read_bytes()[:budget].decode("utf-8", "replace")
            budget -= len(text)
            loaded = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader (JSON is YAML)
        except Exception:  # noqa: S112 - a broken data file is no data
            continue
        target = data
        for part in path.relative_to(folder).parent.parts:
            target = target.setdefault(part, {})
        target[path.stem] = loaded
        if budget <= 0:
            break
    return data
