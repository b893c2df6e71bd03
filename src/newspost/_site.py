"""Jekyll-site awareness: ``_config.yml`` gives the timezone and the site's URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ._frontmatter import SafeLoader

_MAX_CONFIG_BYTES = 1 << 20


@dataclass(frozen=True)
class Site:
    """What a Jekyll ``_config.yml`` says about the posts under it."""

    config: Path | None = None
    timezone: str | None = None
    url: str | None = None  # ``url`` + ``baseurl``, e.g. https://example.com/blog


def find_site(root: str | os.PathLike[str]) -> Site:
    """The ``_config.yml`` in ``root`` or its nearest parent folder, read safely.

    Examples:
        >>> import pathlib, tempfile
        >>> site = pathlib.Path(tempfile.mkdtemp())
        >>> config = "timezone: Asia/Shanghai\\nurl: https://x.org\\nbaseurl: /news\\n"
        >>> _ = (site / "_config.yml").write_text(config)
        >>> (site / "_posts").mkdir()
        >>> find_site(site / "_posts")
        Site(config=PosixPath('...'), timezone='Asia/Shanghai', url='https://x.org/news')
    """
    start = Path(root).resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        config = candidate / "_config.yml"
        if config.is_file():
            return _read(config)
    return Site()


def _read(config: Path) -> Site:
    try:
        with config.open("rb") as handle:
            data = handle.read(_MAX_CONFIG_BYTES)
    except OSError:
        return Site(config=config)
    return site_from_config(data, config)


def site_from_config(data: bytes | None, config: Path | None = None) -> Site:
    """What a ``_config.yml``'s text says (nothing, when it does not load as a mapping)."""
    if data is None:
        return Site()
    try:
        loaded = yaml.load(data[:_MAX_CONFIG_BYTES], Loader=SafeLoader)  # noqa: S506
    except (yaml.YAMLError, RecursionError):
        return Site(config=config)
    if not isinstance(loaded, dict):
        return Site(config=config)
    timezone = loaded.get("timezone")
    url = loaded.get("url")
    baseurl = loaded.get("baseurl")
    site_url = None
    if isinstance(url, str) and url.strip():
        site_url = url.strip().rstrip("/")
        if isinstance(baseurl, str) and baseurl.strip("/ "):
            site_url += "/" + baseurl.strip("/ ")
    return Site(
        config=config,
        timezone=timezone.strip() or None if isinstance(timezone, str) else None,
        url=site_url,
    )
