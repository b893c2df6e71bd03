"""Front-matter values to the Post's named fields, and everything else to JSON-safe ``extra``."""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any

from pydantic import JsonValue

from ._dates import date_from_filename, parse_date
from ._diagnostics import Diagnostics
from ._frontmatter import FrontMatter

# Keys read into named fields. Other keys stay in ``extra``, even those that also
# feed a field (``source``, ``original_url``, ``slug``, ``publishDate``), so that
# writing the post back keeps them.
CONSUMED = frozenset({"layout", "title", "date", "categories", "category", "tags", "tag"})
DATE_ALIASES = ("publishDate", "pubDate", "published", "published_at")
SOURCE_KEYS = ("source", "source_name")
URL_KEYS = ("original_url", "source_url", "link")


@dataclass
class Meta:
    layout: str | None = None
    title: str | None = None
    date: datetime | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    extra: dict[str, JsonValue] = field(default_factory=dict)
    slug: str | None = None


def read_meta(
    fm: FrontMatter, filename: str | None, zone: tzinfo | None, diag: Diagnostics
) -> Meta:
    meta = fm.meta
    result = Meta()
    result.layout = _scalar_text(meta.get("layout"))
    result.title = _title(fm, diag)
    result.date = _date(fm, filename, zone, diag)
    result.categories = _terms(meta, "categories", "category")
    result.tags = _terms(meta, "tags", "tag")
    result.extra = {str(k): json_safe(v) for k, v in meta.items() if k not in CONSUMED}
    if "title" in meta and result.title is None and meta["title"] not in (None, ""):
        result.extra["title"] = json_safe(meta["title"])
    slug = _scalar_text(meta.get("slug"))
    if slug is None and filename is not None:
        stem = _basename(filename)
        stem = re.sub(r"\.(?:md|markdown|mdown|mkd|html?|txt)$", "", stem, flags=re.IGNORECASE)
        slug = re.sub(r"^\d{4}-\d{1,2}-\d{1,2}-", "", stem) or None
    result.slug = slug
    return result


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
    key = "date" if "date" in meta else next((k for k in DATE_ALIASES if k in meta), None)
    line = fm.raw.get(key, (None, ""))[0] if key else None
    value = meta.get(key) if key else None
    if value not in (None, ""):
        parsed = parse_date(value, zone)
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
        diag.warn(
            "date_from_filename", f"{reason}; the file name's date is used", line=line, fatal=broken
        )
        return parse_date(datetime.combine(file_date, time()), zone)
    if broken or fm.found:
        diag.warn("date_missing", reason, line=line, fatal=broken)
    return None


def _terms(meta: dict[str, Any], plural: str, singular: str) -> list[str]:
    """Jekyll's categories and tags: a string is split on whitespace, a list kept."""
    terms: list[str] = []
    for key in (plural, singular):
        value = meta.get(key)
        items = value if isinstance(value, list) else [] if value is None else [value]
        for item in items:
            if isinstance(item, str):
                new = item.split() if not isinstance(value, list) else [item.strip()]
            elif item is None or isinstance(item, (dict, list)):
                new = []
            else:
                new = [_text(item)]
            terms.extend(term for term in new if term and term not in terms)
    return terms


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
