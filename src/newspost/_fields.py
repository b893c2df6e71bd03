"""Stage ``fields``: front-matter values to the Post's named fields, the rest to ``extra``."""

from __future__ import annotations

import base64
import functools
import math
import os
import re
from datetime import date, datetime, time, tzinfo
from typing import Any

from pydantic import JsonValue

from ._dates import Notes, date_from_filename, parse_date
from ._diagnostics import Diagnostics
from ._keys import CONSUMED, DATE_ALIASES, SOURCE_KEYS, URL_KEYS
from ._permalink import page_url
from ._site import Site, resolved_folder
from ._state import Fields, FrontMatter, State

# A post file's name: ``2021-12-08-NAME.md`` gives the slug ``NAME``.
_POST_EXTENSION = re.compile(r"\.(?:md|markdown|mdown|mkd|html?|txt)$", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-")


def read_fields(state: State) -> None:
    """Stage ``fields``: the front matter, the file's name and the site to named fields."""
    assert state.front is not None
    fm, path, diag = state.front, state.path, state.diag
    meta = fm.meta
    result = Fields()
    result.layout = _scalar(fm, "layout", diag)
    result.title = _title(fm, diag)
    result.date = _date(fm, path, state.zone, diag)
    site_zone = state.site.timezone
    naive = result.date is not None and result.date.tzinfo is None
    if naive and site_zone is not None and state.zone is None and state.options.timezone is None:
        diag.warn(
            "timezone_invalid",
            f"the site's timezone {site_zone[:80]!r} is not a zone; the date stays naive",
            fatal=False,
        )
    if state.site.problem is not None:
        diag.warn("site_config_invalid", f"the site's config {state.site.problem}", fatal=False)
    categories = _terms(fm, "categories", "category", diag)
    result.categories = list(dict.fromkeys(_folder_categories(path, state.site) + categories))
    result.tags = _terms(fm, "tags", "tag", diag)
    result.extra = {str(k): json_safe(v) for k, v in meta.items() if k not in CONSUMED}
    if "title" in meta and result.title is None and meta["title"] not in (None, ""):
        result.extra["title"] = json_safe(meta["title"])
    for key in ("layout", "categories", "category", "tags", "tag"):
        if key in meta and _unusable(meta[key], key):
            result.extra[key] = json_safe(meta[key])
    slug = _scalar_text(meta.get("slug"))
    if slug is None and path is not None:
        stem = _basename(path)
        slug = _DATE_PREFIX.sub("", _POST_EXTENSION.sub("", stem)) or None
    result.slug = slug
    result.published = _published(meta, path)
    if path is not None and _basename(path).lower() in _SECTION_PAGES:
        result.kind = "section"
    result.source_name = _source_name(meta)
    result.original_url = _url_field(fm)
    state.fields = result
    result.url = page_url(state)


_SECTION_PAGES = frozenset({"_index.md", "_index.markdown", "_index.html"})


def _published(meta: dict[str, Any], path: str | None) -> bool:
    if meta.get("published") is False or meta.get("draft") is True:
        return False
    return not (path is not None and "/_drafts/" in "/" + path.replace("\\", "/"))


def _folder_categories(path: str | None, site: Site) -> list[str]:
    """Jekyll's categories from the folders above ``_posts``: ``zh_cn/news/_posts/a.md``."""
    root = site.root
    if path is None or root is None or site.kind == "hugo" or "::" in path or "://" in path:
        return []
    return list(_categories_of_folder(os.path.dirname(path), str(root)))


@functools.lru_cache(maxsize=256)
def _categories_of_folder(folder: str, root: str) -> tuple[str, ...]:
    """The categories of the posts in ``folder``, once per folder: a site's posts share a few."""
    try:
        parts = resolved_folder(folder).relative_to(resolved_folder(root)).parts
    except (ValueError, OSError, RuntimeError):
        return ()
    for special in ("_posts", "_drafts"):
        if special in parts:
            return parts[: parts.index(special)]
    return ()


def _source_name(meta: dict[str, Any]) -> str | None:
    """``source:`` / ``source_name:``: a name, or a mapping with ``name``."""
    for key in SOURCE_KEYS:
        value = meta.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("title")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            name = " ".join(str(value).split())
            if name:
                return name
    return None


def _url_field(fm: FrontMatter) -> tuple[str, str, int | None] | None:
    for key in URL_KEYS:
        value = fm.meta.get(key)
        if isinstance(value, str) and value.strip():
            return key, value.strip(), fm.raw.get(key, (None, ""))[0]
    return None


def _unusable(value: Any, key: str) -> bool:
    """A value of a consumed key that its field cannot hold (kept in ``extra``)."""
    if value is None:
        return False
    if key == "layout":
        return isinstance(value, (dict, list))
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value)


def _scalar(fm: FrontMatter, key: str, diag: Diagnostics) -> str | None:
    value = fm.meta.get(key)
    if isinstance(value, (dict, list)):
        diag.warn(
            "field_invalid",
            f"{key} is a {type(value).__name__}, not text; kept in extra[{key!r}]",
            line=fm.raw.get(key, (None, ""))[0],
        )
        return None
    return _scalar_text(value)


def _basename(path: str) -> str:
    """The file name of a path or of an fsspec URL (``zip://a/b.md::site.zip`` gives ``b.md``)."""
    return path.split("::", 1)[0].replace("\\", "/").rsplit("/", 1)[-1]


def _scalar_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _text(value)
    return text or None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _title(fm: FrontMatter, diag: Diagnostics) -> str | None:
    value = fm.meta.get("title")
    line, written = fm.raw.get("title", (None, ""))
    if isinstance(value, (dict, list)):
        diag.warn("title_invalid", "title is not text; kept in extra['title']", line=line)
        return None
    if value is not None and not isinstance(value, str):
        # ``title: 2021`` or ``title: yes``: the title is what was written.
        value = written or _text(value)
    if (
        isinstance(value, str)
        and written
        and written[0] not in "\"'|>"
        and " #" in written
        and len(written) > len(value)
    ):
        diag.warn(
            "title_comment",
            "unquoted title contains ' #', which YAML reads as a comment; the title is"
            " kept as written",
            line=line,
        )
        value = written
    if isinstance(value, str):
        value = value.strip()
    return value or None


def _date(
    fm: FrontMatter, filename: str | None, zone: tzinfo | None, diag: Diagnostics
) -> datetime | None:
    meta = fm.meta
    # ``published: false`` is Jekyll's draft switch, not a date.
    aliases = (k for k in DATE_ALIASES if k in meta and not isinstance(meta[k], bool))
    key = "date" if "date" in meta else next(aliases, None)
    line = fm.raw.get(key, (None, ""))[0] if key else None
    value = meta.get(key) if key else None
    if value not in (None, ""):
        notes: Notes = []
        parsed = parse_date(value, zone, notes)
        for code, message in notes:
            diag.warn(code, f"{key}: {message}", line=line)
        if parsed is not None:
            return parsed
        shown = fm.raw.get(key, (None, ""))[1] if key else ""
        reason = f"{key} {shown or _text(value)!r} is not a date"
    else:
        reason = f"{key} is empty" if key else "no date in the front matter"
    # A date written but empty or invalid is broken input (strict mode raises);
    # a date not written at all is allowed, as in Jekyll.
    broken = key is not None
    file_date = date_from_filename(_basename(filename)) if filename else None
    if file_date is not None:
        # A post that writes no date has its file name's (Jekyll's own rule): no repair.
        if broken:
            diag.warn("date_from_filename", f"{reason}; the file name's date is used", line=line)
        return parse_date(datetime.combine(file_date, time()), zone)
    if broken or fm.format is not None:
        diag.warn("date_missing", reason, line=line, fatal=broken)
    return None


def _terms(fm: FrontMatter, plural: str, singular: str, diag: Diagnostics) -> list[str]:
    """Jekyll's categories and tags: a string is split on whitespace, a list kept."""
    terms: dict[str, None] = {}  # insertion-ordered set: linear in the number of terms
    for key in (plural, singular):
        value = fm.meta.get(key)
        if _unusable(value, key):
            diag.warn(
                "field_invalid",
                f"{key} holds a mapping or nested list; kept in extra[{key!r}]",
                line=fm.raw.get(key, (None, ""))[0],
            )
            continue
        items = value if isinstance(value, list) else [] if value is None else [value]
        for item in items:
            if isinstance(item, str):
                new = item.split() if not isinstance(value, list) else [item.strip()]
            elif item is None:
                new = []
            else:
                new = [_text(item)]
            terms.update((term, None) for term in new if term)
    return list(terms)


def json_safe(value: Any) -> JsonValue:
    """A value loaded from YAML, TOML or JSON as plain JSON data (dates as ISO text)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {_text(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return [json_safe(v) for v in sorted(value, key=repr)]
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return str(value)
