"""``Post.url``: the page's address on its site, as Jekyll or Hugo computes it.

Jekyll fills the site's ``permalink`` pattern (``date``, ``pretty``,
``ordinal``, ``weekdate``, ``none`` or a custom ``/:categories/:year/:title/``)
from the post's date, categories and slug; a front-matter ``permalink`` wins.
Hugo publishes a content file at its path below ``content/`` (lower-cased,
``slug`` replacing the file name); a front-matter ``url`` wins. The site's
``baseurl`` is put in front, so the address opens on the site as it is served.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import PurePosixPath
from urllib.parse import quote

from ._site import resolved_folder
from ._state import Fields, State

_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")
# Jekyll's Utils.slugify: "pretty" keeps these punctuation marks, "default" none.
_PRETTY = re.compile(r"[^\w.~!$&'()+,;=@]+")
_DEFAULT = re.compile(r"(?:[^\w]|_)+")
_SAFE = "/-._~!$&'()*+,;=:@"
_SPACES = re.compile(r"\s+")
_SLASHES = re.compile(r"/{2,}")


def page_url(state: State) -> str | None:
    """The page's URL path, or ``None`` when the post is not on a known site."""
    fields, site = state.fields, state.site
    if fields is None or state.path is None or site.kind is None:
        return None
    own = fields.extra.get("permalink" if site.kind == "jekyll" else "url")
    url: str | None
    if isinstance(own, str) and own.strip():
        url = _clean(own.strip())
    elif site.kind == "jekyll":
        url = _jekyll(state)
    else:
        url = _hugo(state)
    if url is None:
        return None
    return site.baseurl + url


def _jekyll(state: State) -> str | None:
    fields = state.fields
    assert fields is not None
    if fields.date is None:
        return None
    pattern = state.site.permalink or "date"
    template = _STYLES.get(pattern, pattern)
    slug = fields.slug or ""
    date = fields.date
    return _clean(_fill(template, date, slug, fields))


def _fill(template: str, date: datetime, slug: str, fields: Fields) -> str:
    """``template`` with its placeholders replaced; only those it holds are computed."""
    pieces = list(_pieces(template))
    for index in range(1, len(pieces), 2):  # text, placeholder, text, … text
        name = pieces[index]
        value = _VALUES.get(name)
        text = value(date, slug, fields) if value else ":" + name
        # ASCII letters and digits (a year, a day, most slugs) are what quote() keeps.
        pieces[index] = text if text.isascii() and text.isalnum() else quote(text, safe=_SAFE)
    return "".join(pieces)


@functools.lru_cache(maxsize=64)
def _pieces(template: str) -> tuple[str, ...]:
    """``template`` split at its placeholders, once per pattern (a site has one)."""
    return tuple(_PLACEHOLDER.split(template))


# Jekyll's placeholders: each from the post's date, its slug and its fields.
_VALUES: dict[str, Callable[[datetime, str, Fields], str]] = {
    "year": lambda date, slug, fields: f"{date.year:04d}",
    "month": lambda date, slug, fields: f"{date.month:02d}",
    "i_month": lambda date, slug, fields: str(date.month),
    "day": lambda date, slug, fields: f"{date.day:02d}",
    "i_day": lambda date, slug, fields: str(date.day),
    "short_year": lambda date, slug, fields: f"{date.year % 100:02d}",
    "hour": lambda date, slug, fields: f"{date.hour:02d}",
    "minute": lambda date, slug, fields: f"{date.minute:02d}",
    "second": lambda date, slug, fields: f"{date.second:02d}",
    "y_day": lambda date, slug, fields: f"{date.timetuple().tm_yday:03d}",
    "week": lambda date, slug, fields: f"{date.isocalendar()[1]:02d}",
    "short_day": lambda date, slug, fields: date.strftime("%a"),
    "long_day": lambda date, slug, fields: date.strftime("%A"),
    "short_month": lambda date, slug, fields: date.strftime("%b"),
    "long_month": lambda date, slug, fields: date.strftime("%B"),
    "title": lambda date, slug, fields: _slugify(slug, _PRETTY, cased=True),
    "slug": lambda date, slug, fields: _slugify(slug, _DEFAULT, cased=False),
    "name": lambda date, slug, fields: _slugify(slug, _DEFAULT, cased=False),
    "categories": lambda date, slug, fields: "/".join(
        dict.fromkeys(c.lower() for c in fields.categories)
    ),
    "output_ext": lambda date, slug, fields: ".html",
    "collection": lambda date, slug, fields: "posts",
}


def _hugo(state: State) -> str | None:
    fields, root = state.fields, state.site.root
    assert fields is not None
    if root is None or state.path is None:
        return None
    folder, _, name = state.path.replace("\\", "/").rpartition("/")
    folders = _content_folders(folder, root.as_posix())
    if folders is None:
        return None
    own_slug = fields.extra.get("slug")
    if fields.kind == "section":
        name = ""
    elif isinstance(own_slug, str) and own_slug.strip():
        name = own_slug.strip()
    else:
        name = PurePosixPath(name).stem.lower()
    parts = (*folders, _urlize(name)) if name else folders
    return _clean("/" + "/".join(parts) + "/")


@functools.lru_cache(maxsize=256)
def _content_folders(folder: str, root: str) -> tuple[str, ...] | None:
    """The URL parts of ``folder``'s path below ``root``'s ``content/``, lower-cased
    (``None`` when not below it): once per folder, which a site's posts share."""
    content = PurePosixPath(root) / "content"
    try:
        relative = PurePosixPath(folder).relative_to(content)
    except ValueError:
        # A path written relative (``site/content/news``, the root is resolved), or
        # through a link: the folder resolved, as Jekyll's folder categories are.
        if "://" in folder or "::" in folder:
            return None
        try:
            relative = PurePosixPath(resolved_folder(folder).as_posix()).relative_to(content)
        except (ValueError, OSError, RuntimeError):
            return None
    return tuple(_urlize(part.lower()) for part in relative.parts)


def _urlize(text: str) -> str:
    return quote(_SPACES.sub("-", text), safe=_SAFE)


def _slugify(text: str, disallowed: re.Pattern[str], *, cased: bool) -> str:
    slug = disallowed.sub("-", text).strip("-")
    return slug if cased else slug.lower()


def _clean(url: str) -> str:
    """Jekyll's URL sanitising: one leading slash, no doubled slashes."""
    return _SLASHES.sub("/", "/" + url)
