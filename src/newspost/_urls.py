"""Which URLs newspost trusts, and how relative ones resolve: one policy for every field.

Stage ``links`` lives here too: the original article's address (a front-matter
``original_url``/``source_url``/``link`` first, else the trailing ``<…>``
autolink) and the trailing links, resolved against the site's address.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from ._models import Link
from ._state import State

_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def is_unsafe_url(url: str) -> bool:
    """A URL that runs code or embeds data (``javascript:``, ``vbscript:``, ``data:``)."""
    return url.strip().lower().startswith(_UNSAFE_SCHEMES)


def absolute_url(url: str, site_url: str | None) -> str | None:
    """``url`` made absolute against ``site_url``; ``None`` when that cannot be known."""
    if urlsplit(url).scheme:
        return url
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", url)


def resolve_links(state: State) -> None:
    """Stage ``links``: ``original_url`` and the trailing links as :class:`Link` records."""
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
