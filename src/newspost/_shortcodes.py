"""Hugo shortcodes in a post body: their inner text kept, their markers removed.

``{{< name args >}}inner{{< /name >}}`` and ``{{% name %}}inner{{% /name %}}``
call a template of the site's theme, which newspost does not have: the inner
text is what a reader sees of them, so it stays and the markers go. A shortcode
without a closing marker (``{{< youtube id >}}``, ``{{< figure … />}}``) renders
something only its template knows: it is dropped and named, so the caller can
warn. ``{{</* name */>}}`` is Hugo's way to write a shortcode as text: it stays
as ``{{< name >}}``.

The scan is linear: markers are found with ``str.find`` from a moving position,
and pairs are matched with one stack per shortcode name.
"""

from __future__ import annotations

from dataclasses import dataclass

_OPENERS = (("{{<", ">}}"), ("{{%", "%}}"))


@dataclass
class _Marker:
    start: int
    end: int
    name: str
    closing: bool
    literal: str | None  # the text of an escaped shortcode (``{{</* x */>}}``)
    self_closing: bool = False
    paired: bool = False


def strip_shortcodes(text: str) -> tuple[str, list[str]]:
    """``text`` without shortcode markers, and the names of the shortcodes dropped whole."""
    if "{{" not in text:
        return text, []
    markers = _markers(text)
    if not markers:
        return text, []
    open_by_name: dict[str, list[_Marker]] = {}
    for marker in markers:
        if marker.literal is not None or marker.self_closing:
            continue
        if marker.closing:
            stack = open_by_name.get(marker.name)
            if stack:
                stack.pop().paired = True
                marker.paired = True
        else:
            open_by_name.setdefault(marker.name, []).append(marker)
    dropped: list[str] = []
    pieces: list[str] = []
    position = 0
    for marker in markers:
        pieces.append(text[position : marker.start])
        position = marker.end
        if marker.literal is not None:
            pieces.append(marker.literal)
        elif not marker.paired and marker.name not in dropped and len(dropped) < 100:
            dropped.append(marker.name)
    pieces.append(text[position:])
    return "".join(pieces), dropped


def _markers(text: str) -> list[_Marker]:
    markers: list[_Marker] = []
    position = 0
    # The next place of each opener at or after ``position`` (-1: there is none, or
    # none that can be closed). Each is searched again only once passed, so every
    # character is looked at a bounded number of times.
    following = {opener: text.find(opener) for opener, _ in _OPENERS}
    closers = dict(_OPENERS)
    while True:
        for opener, found in following.items():
            if 0 <= found < position:
                following[opener] = text.find(opener, position)
        candidates = [(found, opener) for opener, found in following.items() if found >= 0]
        if not candidates:
            return markers
        start, opener = min(candidates)
        closer = closers[opener]
        end = text.find(closer, start + 3)
        if end < 0:
            following[opener] = -1  # no later marker of this kind can be closed either
            continue
        end += 3
        markers.append(_marker(text, start, end, opener, closer))
        position = end


def _marker(text: str, start: int, end: int, opener: str, closer: str) -> _Marker:
    inner = text[start + 3 : end - 3].strip()
    if inner.startswith("/*") and inner.endswith("*/") and len(inner) >= 4:
        literal = f"{opener} {inner[2:-2].strip()} {closer}"
        return _Marker(start, end, "", closing=False, literal=literal)
    closing = inner.startswith("/")
    if closing:
        inner = inner[1:].lstrip()
    self_closing = inner.endswith("/")  # {{< name args />}}
    if self_closing:
        inner = inner[:-1].rstrip()
    words = inner.split(None, 1)
    name = words[0] if words else ""
    return _Marker(start, end, name, closing, None, self_closing=self_closing)
