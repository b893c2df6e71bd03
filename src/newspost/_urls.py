"""Which URLs newspost trusts, and how relative ones resolve: one policy for every field.

Stage ``links`` lives here too: the original article's address (a front-matter
``original_url``/``source_url``/``link`` first, else the trailing ``<…>``
autolink) and the trailing links, resolved against the site's address.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

from ._models import Link
from ._state import State

_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")  # browsers skip these inside a scheme


def is_unsafe_url(url: str) -> bool:
    """A URL that runs code, embeds data or reads local files.

    ``javascript:``, ``vbscript:``, ``data:``, ``file:``, also when written with
    character references (``&#106;avascript:``, ``jav&#x61;script:``) or with
    blanks and control characters inside the scheme, as browsers read them.
    """
    decoded = url
    for _ in range(3):  # &amp;#106; too: undo every layer of references
        unescaped = html.unescape(decoded)
        if unescaped == decoded:
            break
        decoded = unescaped
    return _IGNORED_IN_SCHEME.sub("", decoded).lower().startswith(_UNSAFE_SCHEMES)


def is_site_url(url: str, site_url: str | None, shared_host: str | None = None) -> bool:
    """Whether ``url`` points back to the site: relative, protocol-relative, or on its host.

    A protocol-relative URL (``//host/…``) counts when no ``site_url`` is known
    (finews writes its navigation so); with one, its host must be the site's.
    Without ``site_url``, an absolute URL counts when its host is ``shared_host``,
    the host that the site's posts share (see ``_sections.shared_host``).
    A bare ``#fragment`` points into the page, not back to the site.
    """
    if is_unsafe_url(url):
        return True  # kept as navigation data, flagged, never followed
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a host urllib refuses (full-width colon, unbalanced [): content
        return False
    if not parts.scheme and not parts.netloc:
        return bool(parts.path or parts.query)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return False
    if not parts.scheme and not site_url:
        return True
    site_host = urlsplit(site_url).hostname if site_url else shared_host
    return site_host is not None and _bare_host(parts.hostname) == _bare_host(site_host)


def bare_host(url: str) -> str | None:
    """The host of a web address (``https://…`` or ``//…``), ``www.`` dropped; else ``None``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", ""):
        return None
    return _bare_host(parts.hostname)


def _bare_host(host: str | None) -> str | None:
    return host[4:] if host and host.startswith("www.") else host


def absolute_url(url: str, site_url: str | None) -> str | None:
    """``url`` made absolute against ``site_url``; ``None`` when that cannot be known."""
    try:  # urllib refuses some hosts: full-width colon, unbalanced [ of IPv6
        if urlsplit(url).scheme:
            return url
        if not site_url:
            return None
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", url)
    except ValueError:
        return None


def resolve_links(state: State) -> None:
    """Stage ``links``: ``original_url`` and the trailing links as ``Link`` records."""
    assert state.fields is not None
    assert state.sections is not None
    site_url = state.options.site_url or state.site.url
    state.original_url = _front_matter_url(state) or state.sections.original_url
    state.links = [
        Link(text=text, url=url, absolute_url=absolute_url(url, site_url))
        for text, url in state.sections.links
    ]


def _front_matter_url(state: State) -> str | None:
    assert state.fields is not None
    if state.fields.original_url is None:
        return None
    key, url, line = state.fields.original_url
    if not is_unsafe_url(url):
        return url
    state.diag.warn(
        "unsafe_url",
        f"front-matter {key} {url[:80]!r} is not a web address; ignored",
        line=line,
        fatal=False,
    )
    return None
