"""Front-matter dates and ``YYYY-MM-DD-`` file-name dates."""

from __future__ import annotations

import functools
import re
import warnings
import zoneinfo
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal

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
# An IANA zone name: words of letters, digits, ``_ + -`` joined by single slashes. Never
# a file path: no leading ``/``, no ``.`` or ``..`` part, no NUL (dateutil's ``gettz``
# opens any path it is given).
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]{1,64}(?:/[A-Za-z0-9_+\-]{1,64}){0,4}", re.ASCII)
# A fixed offset given as a timezone: ``+08:00`` or ``+0800`` (hours and minutes).
_OFFSET = re.compile(r"[+-]\d{2}:?\d{2}", re.ASCII)


def resolve_timezone(name: str | tzinfo | None) -> tzinfo | None:
    """A ``tzinfo`` for an IANA name (``"Asia/Shanghai"``), ``"UTC"``, ``"+08:00"`` or a tzinfo.

    Raises ``ValueError`` naming the timezone when it is none of these; a name is
    looked up in the zone database only, never opened as a file.
    """
    if name is None or isinstance(name, tzinfo):
        return name
    if not isinstance(name, str):
        raise ValueError(f"unknown timezone {name!r}: not a name")
    text = name.strip()
    if _OFFSET.fullmatch(text):
        return _written_zone(text)
    if not _ZONE_NAME.fullmatch(text):
        raise ValueError(f"unknown timezone {name[:80]!r}: not a zone name")
    try:
        return zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    # dateutil's bundled database, for systems without one; the name is checked above.
    zone = _dateutil_tz.gettz(text)
    if zone is None:
        raise ValueError(f"unknown timezone {name[:80]!r}")
    return zone


# What a date's reading had to decide: (warning code, message), for the caller to report.
Notes = list[tuple[Literal["date_zone_ambiguous", "date_offset_invalid"], str]]

# Zone abbreviations as news sites write them after a time; the ambiguous ones
# map to their commoner meaning, or to the one the site's own zone has.
_ZONES: dict[str, tuple[float, ...]] = {
    "UTC": (0,), "GMT": (0,), "UT": (0,), "Z": (0,),
    "EST": (-5,), "EDT": (-4,), "CST": (-6, 8), "CDT": (-5,), "MST": (-7,), "MDT": (-6,),
    "PST": (-8,), "PDT": (-7,), "AKST": (-9,), "AKDT": (-8,), "HST": (-10,),
    "WET": (0,), "WEST": (1,), "BST": (1,), "CET": (1,), "CEST": (2,), "EET": (2,),
    "EEST": (3,), "MSK": (3,), "IST": (5.5, 1, 2), "HKT": (8,), "SGT": (8,), "JST": (9,),
    "KST": (9,), "AWST": (8,), "ACST": (9.5,), "AEST": (10,), "AEDT": (11,),
    "NZST": (12,), "NZDT": (13,),
}  # fmt: skip
_ABBREVIATED = re.compile(r"(?P<when>.+?)\s+\(?(?P<abbr>[A-Za-z]{1,5})\)?", re.ASCII)
_JUNK_OFFSET = re.compile(r"[-+:\d\s]+", re.ASCII)
_MAX_OFFSET = timedelta(hours=14)


def parse_date(value: object, zone: tzinfo | None, notes: Notes | None = None) -> datetime | None:
    """The datetime a front-matter value means, or ``None`` when it is no date.

    Aware when the value has an offset or a known zone abbreviation; else in
    ``zone`` when given; else naive. A date without a time is midnight. What
    had to be decided (an ambiguous abbreviation, an impossible offset) is
    added to ``notes``.
    """
    result: datetime | None
    notes = [] if notes is None else notes
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        result = _parse_string(value.strip(), zone, notes)
    else:
        return None
    if result is not None and result.tzinfo is None and zone is not None:
        result = result.replace(tzinfo=zone)
    return whole_minute_offset(result)


def whole_minute_offset(value: datetime | None) -> datetime | None:
    """The same instant at an offset of whole minutes.

    Before 1900 or so zones are at local mean time (Asia/Shanghai: +08:05:43), which
    neither JSON (pydantic reads ``±HH:MM`` only) nor Jekyll's ``+0800`` can write.
    """
    offset = value.utcoffset() if value is not None else None
    if value is None or offset is None or offset.total_seconds() % 60 == 0:
        return value
    minutes = round(offset.total_seconds() / 60)
    return value.astimezone(timezone(timedelta(minutes=minutes)))


def _parse_string(text: str, zone: tzinfo | None, notes: Notes) -> datetime | None:
    if not text or len(text) > 100:
        return None
    if "年" in text:
        text = _CHINESE_DATE.sub(lambda m: f"{m[1]}-{m[2]}-{m[3]} ", text).strip()
    match = _SIMPLE.fullmatch(text)
    if match is not None:
        return _checked_offset(_from_match(match), text, notes)
    abbreviated = _ABBREVIATED.fullmatch(text)
    if abbreviated is not None and abbreviated["abbr"].upper() in _ZONES:
        when = _SIMPLE.fullmatch(abbreviated["when"].strip()) or None
        result = _from_match(when) if when is not None else _parse_free_form(abbreviated["when"])
        if result is not None and result.tzinfo is None:
            return result.replace(tzinfo=_abbreviation(abbreviated["abbr"].upper(), zone, notes))
    prefix = _SIMPLE.match(text)
    if prefix is not None and prefix["H"] and _JUNK_OFFSET.fullmatch(text[prefix.end() :]):
        # 2021-02-08 16:30-:00+16:30: the time is clear, the offset is not.
        result = _from_match(prefix)
        if result is not None:
            notes.append(("date_offset_invalid", f"{text!r} has no readable offset; read without"))
            return result.replace(tzinfo=None)
    return _parse_free_form(text)


def _checked_offset(result: datetime | None, text: str, notes: Notes) -> datetime | None:
    offset = result.utcoffset() if result is not None else None
    if result is None or offset is None or abs(offset) <= _MAX_OFFSET:
        return result
    # No place uses it, but Jekyll reads it as written: so does newspost, with a warning.
    notes.append(
        ("date_offset_invalid", f"{text!r} has an offset beyond ±14:00, which no place uses")
    )
    return result


def _abbreviation(abbr: str, zone: tzinfo | None, notes: Notes) -> tzinfo:
    hours = _ZONES[abbr]
    chosen = hours[0]
    if len(hours) > 1:
        site = zone.utcoffset(datetime(2020, 1, 1)) if zone is not None else None
        matching = [h for h in hours if site is not None and timedelta(hours=h) == site]
        chosen = matching[0] if matching else hours[0]
        readings = ", ".join(f"UTC{h:+g}" for h in hours)
        notes.append(("date_zone_ambiguous", f"{abbr} can mean {readings}; read as UTC{chosen:+g}"))
    return timezone(timedelta(hours=chosen))


def _from_match(match: re.Match[str]) -> datetime | None:
    try:
        return _datetime(match)
    except (ValueError, OverflowError):
        return None


def _datetime(match: re.Match[str]) -> datetime:
    g = match.group
    written = g("tz")
    zone = _written_zone(written) if written else None
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


@functools.lru_cache(maxsize=256)
def _written_zone(written: str) -> tzinfo:
    """The zone of an offset written after a date: ``Z``, ``+08``, ``+0800``, ``+08:00``
    (a site's posts share a few: each made once)."""
    if written.upper() == "Z":
        return timezone.utc
    offset = timedelta(
        hours=int(written[1:3]), minutes=int(written[-2:]) if len(written) > 3 else 0
    )
    return timezone(-offset if written[0] == "-" else offset)


def _parse_free_form(text: str) -> datetime | None:
    """RFC 2822 and other written-out dates, through dateutil.

    dateutil fills whatever the text lacks from a default date, so ``"+0800"``
    alone would become today. Parsing with two different defaults and
    requiring the same date from both accepts only text that names a full date.
    """
    try:
        with warnings.catch_warnings():  # dateutil warns of zone names it does not know
            warnings.simplefilter("ignore")
            first, second = (
                _dateutil_parser.parse(text, default=default) for default in _TWO_DEFAULTS
            )
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
    """Jekyll's own shape, ``2021-12-08 10:46:18 +0800``, which ``parse_date`` reads back."""
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
