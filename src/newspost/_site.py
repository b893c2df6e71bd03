"""The site a post belongs to: Jekyll's ``_config.yml`` or Hugo's ``config.toml``/``hugo.toml``.

The site gives the default timezone, the site's address (links resolve
against it and navigation links are told from content links by it), Jekyll's
``permalink`` pattern (``Post.url``) and folder categories, and the kind of
generator whose Markdown and templates the posts are written for.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ._dates import resolve_timezone
from ._loaders import load_toml, load_yaml

_MAX_CONFIG_BYTES = 1 << 20
SiteKind = Literal["jekyll", "hugo"]
# Config file names, in the order each generator looks for them.
_CONFIGS: tuple[tuple[str, SiteKind], ...] = (
    ("_config.yml", "jekyll"),
    ("_config.yaml", "jekyll"),
    ("hugo.toml", "hugo"),
    ("config.toml", "hugo"),
    ("hugo.yaml", "hugo"),
    ("config.yaml", "hugo"),
)


def site_problems(site: Site, timezone_given: bool = False) -> list[str]:
    """What in the site's config cannot be used, said once per run: a config that does
    not load, a timezone that is not a zone (unless the caller gave one)."""
    where = site.config if site.config is not None else "the site's config"
    problems = [] if site.problem is None else [f"{where}: {site.problem}"]
    if site.timezone is not None and not timezone_given:
        try:
            resolve_timezone(site.timezone)
        except ValueError as error:
            problems.append(f"{where}: {error}; dates without an offset stay naive")
    return problems


@dataclass(frozen=True)
class Site:
    """What a site's configuration says about the posts under it."""

    config: Path | None = None
    kind: SiteKind | None = None
    timezone: str | None = None
    url: str | None = None  # ``url`` + ``baseurl`` (Jekyll) or ``baseURL`` (Hugo)
    baseurl: str = ""  # the path part pages are published under (Jekyll's ``baseurl``)
    permalink: str | None = None  # Jekyll's ``permalink`` setting, as written
    settings: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # The folder parse_dir was given, standing for the site's root when no config says.
    base: Path | None = None
    # No address configured: the host that the folder's posts' trailing links share
    # (``_sections.shared_host``), which counts as the site's for navigation links.
    shared_host: str | None = None
    # Why the config file found is not used (it does not load as a mapping), if so.
    problem: str | None = None

    @functools.cached_property
    def root(self) -> Path | None:
        """The site's folder: its config's, else ``base`` (read for each post: made once)."""
        return self.config.parent if self.config is not None else self.base


def find_site(root: str | os.PathLike[str]) -> Site:
    """The site config in ``root`` or its nearest parent folder, read safely.

    A file's site is the site of the folder it is in (for a symbolic link, the
    folder of the link); each folder is looked up once.

    Examples:
        >>> import pathlib, tempfile
        >>> site = pathlib.Path(tempfile.mkdtemp())
        >>> config = "timezone: Asia/Shanghai\\nurl: https://x.org\\nbaseurl: /news\\n"
        >>> _ = (site / "_config.yml").write_text(config)
        >>> (site / "_posts").mkdir()
        >>> found = find_site(site / "_posts")
        >>> found.kind, found.timezone, found.url
        ('jekyll', 'Asia/Shanghai', 'https://x.org/news')
    """
    path = os.path.abspath(root)
    return _site_of(path if os.path.isdir(path) else os.path.dirname(path))


def site_of_file(path: str) -> Site:
    """The site of the post file ``path``: ``find_site`` of its folder, without asking
    the file system whether ``path`` is a folder (a post is read next, which says)."""
    return _site_of(os.path.dirname(os.path.abspath(path)))


@functools.lru_cache(maxsize=256)
def _site_of(folder: str) -> Site:
    """The site of a folder, its path resolved once (the posts of a folder share it)."""
    return _find_in(resolved_folder(folder))


@functools.lru_cache(maxsize=256)
def resolved_folder(folder: str) -> Path:
    """A folder with its links resolved (``""`` is the current one), once per folder:
    a site's posts share a few."""
    return Path(folder or ".").resolve()


_SITES: dict[Path, Site] = {}  # folder -> its site, every folder on a looked-up path


def _find_in(folder: Path) -> Site:
    """The site of ``folder``: its own config, else the nearest parent's. Each folder
    is looked at once (a Hugo site's page bundles, a folder per post, share the walk)."""
    walked: list[Path] = []
    site = None
    for candidate in (folder, *folder.parents):
        site = _SITES.get(candidate)
        if site is not None:
            break
        walked.append(candidate)
        found = [(candidate / name, kind) for name, kind in _CONFIGS]
        site = next((_read(path, kind) for path, kind in found if path.is_file()), None)
        if site is not None:
            break
    if site is None:
        site = Site()
    if len(_SITES) > 4096:
        _SITES.clear()
    _SITES.update(dict.fromkeys(walked, site))
    return site


def _read(config: Path, kind: SiteKind) -> Site:
    try:
        with config.open("rb") as handle:
            data = handle.read(_MAX_CONFIG_BYTES)
    except OSError as error:
        return Site(config=config, kind=kind, problem=_ignored(f"cannot be read ({error})"))
    return site_from_config(data, config, kind)


def _ignored(reason: str) -> str:
    return f"{reason}; it is ignored (no timezone, address, permalink, categories or data)"


def site_from_config(
    data: bytes | None, config: Path | None = None, kind: SiteKind = "jekyll"
) -> Site:
    """What a config file's text says (nothing, when it does not load as a mapping)."""
    if data is None:
        return Site()
    loaded, error = _load(data[:_MAX_CONFIG_BYTES], config)
    if not isinstance(loaded, dict):
        if error is None and loaded is not None:
            error = f"it is a {type(loaded).__name__}, not a mapping"
        problem = None if error is None else _ignored(f"does not load: {error}")
        return Site(config=config, kind=kind, problem=problem)
    if kind == "hugo":
        return _hugo(loaded, config)
    return _jekyll(loaded, config)


def _load(data: bytes, config: Path | None) -> tuple[object, str | None]:
    """The loaded config, or None and why it does not load (the first line of the error)."""
    text = data.decode("utf-8", "replace")
    try:
        if config is not None and config.suffix == ".toml":
            return load_toml(text), None
        return load_yaml(text), None  # aliases bounded, as in front matter and _data/
    except Exception as error:  # any malformed config is no config: never break a run
        reason = getattr(error, "problem", None) or str(error).strip().split("\n")[0]
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        return None, where + (reason[:200] or type(error).__name__)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _jekyll(loaded: dict[str, Any], config: Path | None) -> Site:
    url = _text(loaded.get("url"))
    baseurl = (_text(loaded.get("baseurl")) or "").strip("/ ")
    site_url = None
    if url is not None:
        site_url = url.rstrip("/") + ("/" + baseurl if baseurl else "")
    return Site(
        config=config,
        kind="jekyll",
        timezone=_text(loaded.get("timezone")),
        url=site_url,
        baseurl="/" + baseurl if baseurl else "",
        permalink=_text(loaded.get("permalink")),
        settings=loaded,
    )


def _hugo(loaded: dict[str, Any], config: Path | None) -> Site:
    base = _text(loaded.get("baseURL") or loaded.get("baseurl"))
    return Site(
        config=config,
        kind="hugo",
        timezone=_text(loaded.get("timeZone") or loaded.get("timezone")),
        url=base.rstrip("/") if base else None,
        settings=loaded,
    )
