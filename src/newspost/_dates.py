"""Front-matter dates and ``YYYY-MM-DD-`` file-name dates."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from dateutil import parser as _dateutil_parser
from dateutil import tz as _dateutil_tz

# Jekyll's own shape and its common variants: 2021-12-08 10:46:18 +0800,
# 2021-12-08T10:00:00Z, 2021/12/08 10:00, 2020-3-29, 2018-02-24  +0800.
_SIMPLE = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,6})\d*)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII | re.IGNORECASE,
)
# 2021年12月8日 10:46 as Chinese sites write it: read as 2021-12-8 10:46.
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]\s*")
_FILE_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-", re.ASCII)
_TWO_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


def resolve_timezone(name: str | tzinfo | None) -> tzinfo | None:
    """A ``tzinfo`` for an IANA name (``"Asia/Shanghai"``), ``"UTC"``, ``"+08:00"`` or a tzinfo."""
    if name is None or isinstance(name, tzinfo):
        return name
    zone = _dateutil_tz.gettz(name)
    if zone is None:
        offset = _offset(name)
        if offset is None:
            raise ValueError(f"unknown timezone {name!r}")
        zone = timezone(offset)
    return zone


def _offset(text: str) -> timedelta | None:
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text.strip())
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    return sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))


def parse_date(value: object, zone: tzinfo | None) -> datetime | None:
    """The datetime a front-matter value means, or ``None`` when it is no date.

    Aware when the value has an offset; else in ``zone`` when given; else naive.
    A date without a time is midnight.
    """
    result: datetime | None
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        result = _parse_string(value.strip())
    else:
        return None
    if result is not None and result.tzinfo is None and zone is not None:
        result = result.replace(tzinfo=zone)
    return result


def _parse_string(text: str) -> datetime | None:
    if not text:
        return None
    if "年" in text:
        text = _CHINESE_DATE.sub(lambda m: f"{m[1]}-{m[2]}-{m[3]} ", text).strip()
    match = _SIMPLE.fullmatch(text)
    if match is not None:
        try:
            return _from_match(match)
        except ValueError:
            return None
    return _parse_free_form(text)


def _from_match(match: re.Match[str]) -> datetime:
    g = match.group
    zone: tzinfo | None = None
    if g("tz"):
        zone = timezone.utc if g("tz").upper() == "Z" else timezone(_offset(g("tz")) or timedelta())
    return datetime(
        int(g("y")),
        int(g("m")),
        int(g("d")),
        int(g("H") or 0),
        int(g("M") or 0),
        int(g("S") or 0),
        int((g("f") or "0").ljust(6, "0")),
        tzinfo=zone,
    )


def _parse_free_form(text: str) -> datetime | None:
    """RFC 2822 and other written-out dates, through dateutil.

    dateutil fills whatever the text lacks from a default date, so ``"+0800"``
    alone would become today. Parsing with two different defaults and
    requiring the same date from both accepts only text that names a full date.
    """
    if len(text) > 100:
        return None
    try:
        first, second = (_dateutil_parser.parse(text, default=default) for default in _TWO_DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():
        return None
    return first


def date_from_filename(name: str) -> date | None:
    """The date of a Jekyll post file name: ``2020-3-29-slug.md`` gives 2020-03-29."""
    match = _FILE_DATE.match(name)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def format_date(value: datetime) -> str:
    """Jekyll's own shape, ``2021-12-08 10:46:18 +0800``, which :func:`parse_date` reads back."""
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    if value.year < 1000:
        text = f"{value.year:04d}" + text[text.index("-") :]
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    offset = value.utcoffset()
    if offset is not None:
        minutes = round(offset.total_seconds() / 60)
        sign = "-" if minutes < 0 else "+"
        text += f" {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return text
