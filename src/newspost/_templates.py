"""What the site's generator does to an article before its Markdown is read.

Jekyll renders Liquid (``{% … %}``, ``{{ … }}``) with the post as ``page``,
``_config.yml`` as ``site`` and ``_data/`` as ``site.data`` (``_liquid``), then
reads Markdown with kramdown; Hugo opens shortcodes (``{{< … >}}``,
``{{% … %}}``: ``_shortcodes``), then reads Markdown with goldmark
(``_render``). A post outside any known site is taken to be Jekyll's when its
front matter is YAML and Hugo's when it is TOML.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterator, Mapping
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _loaders
from ._config import Options
from ._models import WarningCode
from ._render import Flavor
from ._shortcodes import strip_shortcodes
from ._site import Site, SiteKind
from ._state import State

if TYPE_CHECKING:
    from ._liquid import UrlResolver

__all__ = ["expand", "flavor", "site_kind"]

_MAX_DATA_BYTES = 4 << 20  # a site's _data/ folder read for Liquid, at most this much
# The URLs of posts that {% link %} and {% post_url %} named, per process.
_POST_URLS: dict[tuple[object, ...], str | None] = {}
_MAX_POST_URLS = 4096


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
    if "{" not in text:  # one character is looked for many times faster than two
        return text
    kind = site_kind(state)
    if kind == "jekyll" and ("{{" in text or "{%" in text):
        # Imported on first use: python-liquid is a third of the command's start-up
        # time, and most posts hold no Liquid.
        from ._liquid import render_liquid

        page = state.front.meta if state.front is not None else {}
        root = state.site.root
        # Read only by a template that names it: loading _data/ costs more than most posts.
        data: Mapping[str, Any] = {}
        if root is not None and state.site.kind == "jekyll" and "data" in text:
            data = _data(root)
        resolver = _url_resolver(state) if "{%" in text else None
        text, names = render_liquid(
            text, page=page, site=state.site.settings, data=data, posts_url=resolver
        )
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


def _url_resolver(state: State) -> UrlResolver | None:
    """``{% link %}`` and ``{% post_url %}`` of a post on a Jekyll site: its posts' URLs.

    As Jekyll 4 gives them (``relative_url``, so ``baseurl`` included): ``link``
    names a post by its path from the site's root
    (``news/_posts/2024-01-02-x.md``), ``post_url`` by its file name without
    the extension, after the folders under ``_posts`` it is in, if any
    (``2024-01-02-x``, ``archive/2024-01-02-x``). The post's URL is computed as
    for the post itself (``Post.url``: ``permalink``, folder categories, date,
    slug). Pages other than posts, and posts not found, are not known: the tag is
    then removed with a ``liquid_unrendered`` warning.
    """
    site = state.site
    root = site.root
    if root is None or site.kind != "jekyll":
        return None

    def resolve(tag: str, argument: str) -> str | None:
        name = argument.strip().strip("\"'").strip()
        if not name or "{{" in name:
            return None
        if tag == "link":
            target = _inside(root, name)
            if target is None or "_posts" not in Path(name).parts:
                return None
        else:
            target = _post_named(root, name)
            if target is None:
                return None
        key = (target, repr(state.zone), site.root, site.permalink, site.baseurl)
        if key not in _POST_URLS:
            if len(_POST_URLS) >= _MAX_POST_URLS:
                _POST_URLS.clear()
            _POST_URLS[key] = _post_url(target, state.options, state.zone, site)
        return _POST_URLS[key]

    return resolve


def _inside(root: Path, relative: str) -> Path | None:
    """``root / relative`` when it is a file inside ``root``; else ``None``."""
    try:
        base = root.resolve()
        target = (base / relative.lstrip("/")).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if base not in target.parents or not target.is_file():
        return None
    return target


def _post_named(root: Path, name: str) -> Path | None:
    """The post ``post_url`` names: ``[folders/]YYYY-MM-DD-slug``, found under a ``_posts``."""
    *folders, stem = name.split("/")
    for candidate in _posts_index(root.resolve()).get(stem, ()):
        if not folders or "/".join(folders) in candidate.parent.as_posix():
            return candidate
    return None


@functools.lru_cache(maxsize=8)
def _posts_index(root: Path) -> dict[str, list[Path]]:
    """Every file under a ``_posts`` folder of the site, by its name without extension."""
    index: dict[str, list[Path]] = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d != "_site")
        if "_posts" not in Path(folder).relative_to(root).parts:
            continue
        for file in sorted(files):
            path = Path(folder) / file
            if path.is_symlink() or not path.is_file():
                continue  # regular files only: a link may lead out, a FIFO never ends
            index.setdefault(path.stem, []).append(path)
    return index


def _post_url(path: Path, options: Options, zone: tzinfo | None, site: Site) -> str | None:
    """The URL of the post in ``path`` (its front matter read, as for the post itself)."""
    from ._decode import decode_text
    from ._diagnostics import Diagnostics
    from ._fields import read_fields
    from ._frontmatter import read_front_matter

    try:
        with path.open("rb") as handle:
            data = handle.read(options.max_bytes or -1)
    except OSError:
        return None
    name = str(path)
    quiet = dataclasses.replace(options, strict=False)
    state = State(
        data=data, path=name, options=quiet, zone=zone, site=site, diag=Diagnostics(name, False)
    )
    try:
        for stage in (decode_text, read_front_matter, read_fields):
            stage(state)
    except Exception:  # a target that does not parse has no URL to give
        return None
    return state.fields.url if state.fields is not None else None


@functools.lru_cache(maxsize=8)
def _data(root: Path) -> Mapping[str, Any]:
    """A Jekyll site's ``_data/`` folder as ``site.data``: ``{name: loaded YAML}``, nested.

    Listed at once, each file read and loaded when a template first names it: a
    site's data can be far larger than what its posts use (ruby-lang.org's is
    472 KB, its news posts read one 173 KB file of it). At most
    ``_MAX_DATA_BYTES`` are read in all, the files taken in sorted order.
    """
    folder = root / "_data"
    top = _DataFolder()
    if not folder.is_dir():
        return top
    budget = _MAX_DATA_BYTES
    for path in sorted(folder.rglob("*")):
        if budget <= 0:
            break
        if path.suffix not in {".yml", ".yaml", ".json"} or not path.is_file() or path.is_symlink():
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        target = top
        for part in path.relative_to(folder).parent.parts:
            candidates = target.entries.setdefault(part, [])
            if not candidates or not isinstance(candidates[-1], _DataFolder):
                candidates.append(_DataFolder())
            inner = candidates[-1]
            assert isinstance(inner, _DataFolder)
            target = inner
        target.entries.setdefault(path.stem, []).append((path, budget))
        budget -= size
    return top


class _DataFolder(Mapping[str, Any]):
    """A folder of ``_data/``, its files loaded when first named.

    Each name has its candidates in sorted order: files (path, bytes that may be
    read) and folders. Its value is the last that loads, a broken file being
    skipped, as when the folder was read whole. A folder's value is a plain dict,
    loaded whole when named: only ``site.data`` itself is this lazy mapping, and
    it prints as that dict would.
    """

    def __init__(self) -> None:
        self.entries: dict[str, list[tuple[Path, int] | _DataFolder]] = {}
        self._values: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            self._values[name] = self._load(name)
        value = self._values[name]
        if value is _BROKEN:
            raise KeyError(name)
        return value

    def _load(self, name: str) -> Any:
        for candidate in reversed(self.entries.get(name, [])):
            if isinstance(candidate, _DataFolder):
                return candidate.as_dict()
            path, limit = candidate
            try:
                text = path.read_bytes()[:limit].decode("utf-8", "replace")
                # JSON is YAML; aliases bounded as in front matter.
                return _loaders.load_yaml(text)
            except Exception:  # noqa: S112 - a broken data file is no data
                continue
        return _BROKEN

    def as_dict(self) -> dict[str, Any]:
        return {name: self[name] for name in self}

    def __iter__(self) -> Iterator[str]:
        return (name for name in list(self.entries) if name in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __str__(self) -> str:
        return str(self.as_dict())


_BROKEN = object()
