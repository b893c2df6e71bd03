"""A parsed post back to its own file: unchanged, the file's text; changed, only its lines.

The writer reads the file's structure itself (front matter delimiters, top-level
keys and their lines, the lead, the attribution, the trailing lines) rather
than asking the parser, so that either can change without the other. Every
edit is checked by parsing the result: when it does not read back as the post
(a shape this module does not know), the post is written in the format's
conventions instead (``_conventional``).
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import yaml

from ._conventional import attribution_markup, conventional, escape_markdown, link_markdown
from ._origin import Origin, changed_fields
from ._sections import AUTOLINK, link_line

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from ._keys import URL_KEYS
from ._models import Link, Post

__all__ = ["write_back"]

# The front-matter keys whose value is the original article's URL (as the parser reads them).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_YAML_OPEN = re.compile(r"-{3,}[ \t]*")
_YAML_CLOSE = re.compile(r"(?:-{3,}|\.{3})[ \t]*")
_TOML_FENCE = re.compile(r"\+{3,}[ \t]*")
_BLANK = re.compile(r"[ \t]*")
# A top-level YAML key line: ``key: value`` or ``key:``.
_YAML_KEY = re.compile(r"([^\s#:\-?'\"{\[][^:]*?|\"[^\"]*\"|'[^']*')[ \t]*:(?:[ \t]+(.*)|[ \t]*)")
_TOML_KEY = re.compile(r"[ \t]*([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')[ \t]*=[ \t]*(.*)")
_TOML_TABLE = re.compile(r"[ \t]*\[")
_BARE_TOML_KEY = re.compile(r"[A-Za-z0-9_\-]+")
_DATE_SHAPE = re.compile(
    r"(?P<q>[\"']?)(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:(?P<sep>T|[ \t]+)(?P<hm>\d{2}:\d{2})(?P<sec>:\d{2})?(?P<frac>\.\d+)?)?"
    r"(?:(?P<zsep>[ \t]*)(?P<zone>Z|[+-]\d{2}:?\d{2}))?(?P=q)"
)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that leaves dates as text, as the parser reads them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Unwritable(Exception):
    """This edit needs a shape the writer does not know: write the conventional form."""


def write_back(post: Post, origin: Origin) -> str:
    """The file of ``post``, which was parsed from ``origin``."""
    changed = changed_fields(post, origin)
    repair = _repairs(origin)
    if not changed and not repair:
        return origin.text
    editor = _Editor(post, origin, changed, repair)
    try:
        edited = editor.edit()
    except _Unwritable:
        edited = None
    if edited is not None and _reads_back(edited, post, origin, changed, editor.extra):
        return edited

    return conventional(post)


def _repairs(origin: Origin) -> list[str]:
    """Front-matter keys written as repaired even when unchanged (see the docs' *Writing back*).

    A title cut by `` #`` (``title_comment``) and the keys of YAML that did not
    load (``yaml_invalid``) mean something else to Jekyll than to newspost: they
    are written so that they read as the post says.
    """
    if not {"title_comment", "yaml_invalid"} & origin.repairs:
        return []
    keys = ["title"] if "title_comment" in origin.repairs else []
    if "yaml_invalid" in origin.repairs:
        editor = _Editor.__new__(_Editor)
        text = origin.text.lstrip("\ufeff")
        editor.lines = _lines(text)
        editor.kind = None
        editor.fm_start = editor.fm_end = editor.body_start = 0
        editor._find_front_matter()
        if editor.kind == "yaml":
            for key, span in editor._yaml_spans().items():
                written = "".join(_content(x) + "\n" for x in editor.lines[span.start : span.end])
                if _yaml_loads(written) is _Unwritable and key not in keys:
                    keys.append(key)
    return keys


def _reads_back(
    text: str, post: Post, origin: Origin, changed: list[str], extra: dict[str, Any]
) -> bool:
    """``text`` parses to ``post`` in every written field (the check on every edit).

    ``extra`` is the post's ``extra`` as written: an original URL that the front
    matter holds (``link:``) is changed there.
    """
    from ._config import Options
    from ._parse import parse_with
    from ._site import Site

    options = Options(site_url=origin.site_url)
    site = Site(shared_host=origin.shared_host)
    again = parse_with(text, post.path, options, site, origin.zone)
    body_changed = {"body", "lead"} & set(changed)
    if again.extra != extra:
        return False
    for name in ("layout", "title", "date", "categories", "tags", "lead", "body"):
        if getattr(again, name) != getattr(post, name):
            return False
    if [(x.text, x.url) for x in again.links] != [(x.text, x.url) for x in post.links]:
        return False
    if again.original_url != post.original_url:
        return False
    # A source found in the text's last parenthesis follows the text.
    return again.source == post.source or (
        "source" not in changed
        and bool(body_changed)
        and (post.source is None or post.source.kind == "parenthesis")
    )


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def _blank(line: str) -> bool:
    return _BLANK.fullmatch(_content(line)) is not None


@dataclass
class _Span:
    key: str
    start: int  # line index of the key (or table header)
    end: int  # one past its last line
    written: str  # the value as written on the key line


class _Editor:
    def __init__(
        self, post: Post, origin: Origin, changed: list[str], repair: list[str] | None = None
    ) -> None:
        self.post = post
        self.repair = repair or []
        self.old = origin.fields
        self.changed = changed
        text = origin.text
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        self.lines = _lines(text[len(self.bom) :])
        endings = [_ending(line) for line in self.lines if _ending(line)]
        self.nl = endings[0] if endings else "\n"
        self.kind: str | None = None
        self.extra = dict(post.extra)  # as it will be written
        self.url_key: str | None = None  # the front-matter key that holds the original URL
        self.fm_start = self.fm_end = self.body_start = 0  # inner lines [fm_start, fm_end)
        self._find_front_matter()

    # -- structure --------------------------------------------------------------

    def _find_front_matter(self) -> None:
        lines = self.lines
        first = 0
        while first < len(lines) and _blank(lines[first]):
            first += 1
        if first < len(lines) and _YAML_OPEN.fullmatch(_content(lines[first])):
            close = next(
                (
                    i
                    for i in range(first + 1, len(lines))
                    if _YAML_CLOSE.fullmatch(_content(lines[i]))
                ),
                None,
            )
            if close is not None:
                self.kind, self.fm_start, self.fm_end = "yaml", first + 1, close
                self.body_start = close + 1
            return
        if lines and _TOML_FENCE.fullmatch(_content(lines[0])):
            close = next(
                (i for i in range(1, len(lines)) if _TOML_FENCE.fullmatch(_content(lines[i]))),
                None,
            )
            if close is not None:
                self.kind, self.fm_start, self.fm_end, self.body_start = "toml", 1, close, close + 1
            return
        if lines and _content(lines[0]) == "{":
            text = "".join(lines)
            try:
                _, end = json.JSONDecoder().raw_decode(text)
            except ValueError:
                return
            count = text.count("\n", 0, end) + text.count("\r", 0, end) - text.count("\r\n", 0, end)
            self.kind, self.fm_start, self.fm_end = "json", 0, count + 1
            self.body_start = count + 1

    def _yaml_spans(self) -> dict[str, _Span]:
        spans: dict[str, _Span] = {}
        current: _Span | None = None
        for i in range(self.fm_start, self.fm_end):
            line = _content(self.lines[i])
            match = _YAML_KEY.fullmatch(line)
            if match is not None:
                key = _unquote(match.group(1).strip())
                current = spans[key] = _Span(key, i, i + 1, (match.group(2) or "").strip())
            elif current is not None and (
                not line.strip() or line[0] in " \t" or line.startswith("-")
            ):
                if line.strip():
                    current.end = i + 1
            else:
                current = None
        return spans

    def _toml_spans(self) -> tuple[dict[str, _Span], int]:
        """Top-level keys and tables, and the line before which new keys go."""
        spans: dict[str, _Span] = {}
        first_table = self.fm_end
        i = self.fm_start
        while i < self.fm_end:
            line = _content(self.lines[i])
            if _TOML_TABLE.match(line):
                first_table = i
                break
            match = _TOML_KEY.fullmatch(line)
            if match is None:
                i += 1
                continue
            key = _unquote(match.group(1))
            end = i + 1
            while end <= self.fm_end:
                try:
                    if key in tomllib.loads("\n".join(_content(x) for x in self.lines[i:end])):
                        break
                except tomllib.TOMLDecodeError:
                    pass
                end += 1
            else:
                raise _Unwritable
            spans[key] = _Span(key, i, end, match.group(2).strip())
            i = end
        i = first_table
        while i < self.fm_end:
            header = re.fullmatch(r"[ \t]*\[([^\[\]]+)\][ \t]*(?:#.*)?", _content(self.lines[i]))
            end = i + 1
            while end < self.fm_end and not _TOML_TABLE.match(_content(self.lines[end])):
                end += 1
            last = end
            while last > i + 1 and _blank(self.lines[last - 1]):
                last -= 1
            if header is not None:
                spans[_unquote(header.group(1).strip())] = _Span(header.group(1), i, last, "")
            i = end
        return spans, first_table

    # -- the edit ---------------------------------------------------------------

    def edit(self) -> str:
        wanted = self._front_matter_values()
        wanted.update({k: v for k, v in self._repaired().items() if k not in wanted})
        if wanted:
            if self.kind is None:
                self._new_front_matter(wanted)
            elif self.kind == "yaml":
                self._edit_yaml(wanted)
            elif self.kind == "toml":
                self._edit_toml(wanted)
            else:
                self._edit_json(wanted)
        body_fields = {"lead", "body", "source", "original_url", "links"} & set(self.changed)
        if self.url_key is not None:
            body_fields.discard("original_url")
        if body_fields:
            self._edit_body()
        return self.bom + "".join(self.lines)

    def _front_matter_values(self) -> dict[str, Any]:
        """Front-matter key -> new value (``None`` deletes the key), for the changed fields."""
        post, old, keys = self.post, self.old, self._present_keys()
        wanted: dict[str, Any] = {}

        for name in ("layout", "title"):
            if name in self.changed:
                wanted[name] = getattr(post, name)
        if "date" in self.changed:
            wanted["date"] = post.date
        for plural, singular in (("categories", "category"), ("tags", "tag")):
            if plural in self.changed:
                terms = getattr(post, plural)
                if singular in keys and plural not in keys:
                    wanted[singular] = _Terms(terms, old[plural])
                else:
                    wanted[plural] = _Terms(terms, old[plural])
                    if singular in keys:
                        wanted[singular] = None
        if "original_url" in self.changed and old["original_url"] is not None:
            # An original URL read from the front matter (``link:``) is changed there.
            for key in URL_KEYS:
                value = old["extra"].get(key)
                if isinstance(value, str) and value.strip() == old["original_url"]:
                    if post.extra.get(key) == value:
                        self.url_key = key
                        if post.original_url is None:
                            self.extra.pop(key)
                        else:
                            self.extra[key] = post.original_url
                    break
        if "extra" in self.changed or self.url_key is not None:
            new, before = self.extra, old["extra"]
            for key in before:
                if key not in new:
                    wanted[key] = None
            for key, value in new.items():
                if key not in before or before[key] != value:
                    if key in wanted:
                        raise _Unwritable
                    wanted[key] = _Extra(value)
        return wanted

    def _repaired(self) -> dict[str, Any]:
        """Front-matter key -> value, for the keys written as repaired."""
        post, old = self.post, self.old
        wanted: dict[str, Any] = {}
        fields = {"layout": "layout", "title": "title", "date": "date", "categories": "categories"}
        fields.update({"category": "categories", "tags": "tags", "tag": "tags"})
        for key in self.repair:
            name = fields.get(key)
            if name is None:
                if key in post.extra:
                    wanted[key] = _Extra(post.extra[key])
            elif name in ("categories", "tags"):
                wanted[key] = _Terms(getattr(post, name), old[name])
            elif getattr(post, name) is not None:
                wanted[key] = getattr(post, name)
        return wanted

    def _present_keys(self) -> set[str]:
        if self.kind == "yaml":
            return set(self._yaml_spans())
        if self.kind == "toml":
            return set(self._toml_spans()[0])
        if self.kind == "json":
            return {key for key, *_ in self._json_members("".join(self.lines[: self.fm_end]))}
        return set()

    def _replace(self, start: int, end: int, new: list[str]) -> None:
        """Lines [start, end) become ``new`` (each without its line ending)."""
        last = _ending(self.lines[end - 1]) if end > start else self.nl
        rendered = [line + self.nl for line in new]
        if rendered:
            rendered[-1] = new[-1] + (last or self.nl)
        self.lines[start:end] = rendered

    # YAML ----------------------------------------------------------------------

    def _edit_yaml(self, wanted: dict[str, Any]) -> None:
        appended: list[str] = []
        for key, value in wanted.items():
            span = self._yaml_spans().get(key)
            if value is None or (isinstance(value, _Terms) and not value.terms):
                if span is not None:
                    del self.lines[span.start : span.end]
                    self.fm_end -= span.end - span.start
                continue
            old_lines = [] if span is None else self._span_lines(span)
            new = _yaml_entry(key, value, old_lines, self.old.get(key))
            if span is None:
                appended += new
            else:
                self._replace(span.start, span.end, new)
                self.fm_end += len(new) - (span.end - span.start)
        if appended:
            if self.fm_end > 0 and not _ending(self.lines[self.fm_end - 1]):
                raise _Unwritable
            self.lines[self.fm_end : self.fm_end] = [line + self.nl for line in appended]
            self.fm_end += len(appended)

    def _span_lines(self, span: _Span) -> list[str]:
        return [_content(line) for line in self.lines[span.start : span.end]]

    # TOML ----------------------------------------------------------------------

    def _edit_toml(self, wanted: dict[str, Any]) -> None:
        for key, value in wanted.items():
            spans, first_table = self._toml_spans()
            span = spans.get(key)
            if value is None or (isinstance(value, _Terms) and not value.terms):
                if span is not None:
                    del self.lines[span.start : span.end]
                    self.fm_end -= span.end - span.start
                continue
            raw = value.value if isinstance(value, _Extra) else value
            if span is not None and _TOML_TABLE.match(_content(self.lines[span.start])):
                if not isinstance(raw, dict):
                    raise _Unwritable
                new = [f"[{span.written}]"] + [
                    f"{_toml_key(k)} = {_toml_value(v)}" for k, v in raw.items()
                ]
            else:
                old_lines = [] if span is None else self._span_lines(span)
                new = [f"{_toml_key(key)} = {_toml_rendered(value, old_lines, self.old)}"]
                if span is not None:
                    new[0] = _keep_key(old_lines[0], "=", new[0])
            if span is None:
                at = first_table
                while at > self.fm_start and _blank(self.lines[at - 1]):
                    at -= 1
                if at > self.fm_start and not _ending(self.lines[at - 1]):
                    raise _Unwritable
                self.lines[at:at] = [line + self.nl for line in new]
                self.fm_end += len(new)
            else:
                self._replace(span.start, span.end, new)
                self.fm_end += len(new) - (span.end - span.start)

    # JSON ----------------------------------------------------------------------

    def _json_members(self, text: str) -> list[tuple[str, int, int, int]]:
        """(key, key start, value start, value end) of each top-level member."""
        decoder = json.JSONDecoder()
        members: list[tuple[str, int, int, int]] = []
        pos = _skip(text, text.index("{") + 1)
        while pos < len(text) and text[pos] != "}":
            key, after = decoder.raw_decode(text, pos)
            colon = _skip(text, after)
            if text[colon] != ":":
                raise _Unwritable
            start = _skip(text, colon + 1)
            _, end = decoder.raw_decode(text, start)
            members.append((str(key), pos, start, end))
            pos = _skip(text, end)
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
        return members

    def _edit_json(self, wanted: dict[str, Any]) -> None:
        text = "".join(self.lines[: self.fm_end])
        rest = "".join(self.lines[self.fm_end :])
        for key, value in wanted.items():
            members = {m[0]: m for m in self._json_members(text)}
            member = members.get(key)
            if value is None or (isinstance(value, _Terms) and not value.terms):
                if member is not None:
                    text = _json_remove(text, member)
                continue
            raw = _json_value(value, self.old, text[member[2] : member[3]] if member else None)
            if member is not None:
                text = text[: member[2]] + raw + text[member[3] :]
                continue
            close = text.rindex("}")
            entry = json.dumps(key, ensure_ascii=False) + ": " + raw
            if members:
                last = list(members.values())[-1]
                indent = text[: last[1]]
                indent = indent[len(indent.rstrip()) :] or " "
                end = last[3]
                text = text[:end] + "," + indent + entry + text[end:]
            else:
                text = text[:close] + entry + text[close:]
        self.lines = _lines(text + rest)
        self.fm_end = self.body_start = len(_lines(text))

    # no front matter -----------------------------------------------------------

    def _new_front_matter(self, wanted: dict[str, Any]) -> None:
        new = ["---"]
        for key, value in wanted.items():
            if value is None or (isinstance(value, _Terms) and not value.terms):
                continue
            new += _yaml_entry(key, value, [], None)
        new.append("---")
        self.lines[0:0] = [line + self.nl for line in new]
        self.kind, self.fm_start, self.fm_end = "yaml", 1, len(new) - 1
        self.body_start = len(new)

    # the body ------------------------------------------------------------------

    def _edit_body(self) -> None:
        post = self.post
        lines = self.lines
        start, end = self.body_start, len(lines)
        # Trailing lines: link lines at the end, one autolink above them.
        last = end
        while last > start and _blank(lines[last - 1]):
            last -= 1
        index = last
        links_at = last
        while index > start:
            if _blank(lines[index - 1]):
                index -= 1
            elif link_line(_content(lines[index - 1])) is not None:
                index -= 1
                links_at = index
            else:
                break
        index = links_at
        while index > start and _blank(lines[index - 1]):
            index -= 1
        auto_at = None
        if index > start and AUTOLINK.fullmatch(_content(lines[index - 1])):
            auto_at = index - 1
        # The lead: the blockquote that opens the body.
        lead_at = start
        while lead_at < end and _blank(lines[lead_at]):
            lead_at += 1
        lead_end = lead_at
        while lead_end < end and _content(lines[lead_end]).lstrip().startswith(">"):
            lead_end += 1
        article_end = auto_at if auto_at is not None else links_at
        if article_end < lead_end:
            raise _Unwritable
        head = lines[start:lead_at]
        lead = lines[lead_at:lead_end]
        article = "".join(lines[lead_end:article_end])
        auto = [] if auto_at is None else lines[auto_at:links_at]
        links = lines[links_at:last]
        tail = lines[last:]
        if "lead" in self.changed:
            lead = self._lead_lines(post.lead, bool(lead))
        if {"body", "source"} & set(self.changed):
            article = self._article(article)
        if "original_url" in self.changed and self.url_key is None:
            auto = self._autolink_lines(auto, post.original_url, bool(post.links or links))
        if "links" in self.changed:
            links = self._link_lines(links, post.links)
        parts = [head, lead, _lines(article), auto, links]
        out: list[str] = []
        for part in parts:
            if not part:
                continue
            if out and not _ending(out[-1]):
                out[-1] += self.nl
            if out and part is not head and not _blank(out[-1]) and not _blank(part[0]):
                out.append(self.nl)
            out += part
        if tail:
            if out and not _ending(out[-1]):
                out[-1] += self.nl
            out += tail
        elif end > start and _ending(lines[end - 1]) and out and not _ending(out[-1]):
            out[-1] += self.nl
        if out and start > 0 and not _ending(self.lines[start - 1]):
            self.lines[start - 1] += self.nl
        self.lines[start:] = out

    def _lead_lines(self, lead: str | None, had: bool) -> list[str]:
        if not lead:
            return []

        quoted = [("> " + escape_markdown(line)).rstrip() for line in lead.split("\n")]
        return [line + self.nl for line in quoted] + ([] if had else [self.nl])

    def _article(self, region: str) -> str:
        """The article's lines with the body and the attribution paragraph replaced."""
        post, old = self.post, self.old
        stripped = region.rstrip()
        trailing = region[len(stripped) :]
        # Blank lines before the article stay; the first line's indent is the body's.
        blank = stripped[: len(stripped) - len(stripped.lstrip())]
        cut = max(blank.rfind("\n"), blank.rfind("\r")) + 1
        leading, stripped = stripped[:cut], stripped[cut:]
        old_markup = old["source"].markup if old["source"] is not None else None
        body, joiner, markup = stripped, "", ""
        if old_markup:
            normal = old_markup.replace("\r\n", "\n").replace("\r", "\n")
            if not stripped.replace("\r\n", "\n").replace("\r", "\n").endswith(normal):
                raise _Unwritable
            markup = stripped[len(stripped) - _written_length(stripped, normal) :]
            body = stripped[: len(stripped) - len(markup)]
            kept = body.rstrip()
            joiner, body = body[len(kept) :], kept
        if _normal(body) != _normal(old["body"]):
            raise _Unwritable
        if "body" in self.changed:
            body = post.body.strip("\n").replace("\n", self.nl)
        if "source" in self.changed:
            new_markup = attribution_markup(post.source)
            markup = "" if new_markup is None else new_markup.replace("\n", self.nl)
            if markup and not joiner:
                joiner = "" if markup.startswith("<") and body.endswith(">") else self.nl * 2
        if not markup:
            joiner = ""
        article = body + joiner + markup
        if not article:
            return ""
        return leading + article + (trailing or self.nl)

    def _autolink_lines(self, old: list[str], url: str | None, links: bool) -> list[str]:
        if url:
            line = "<" + re.sub(r"[\s<>]", lambda m: f"%{ord(m.group()):02X}", url) + ">"
        elif links:
            line = "<>"
        else:
            return []
        if old:
            content = _content(old[0])
            match = AUTOLINK.fullmatch(content)
            assert match is not None
            indent = content[: len(content) - len(content.lstrip())]
            return [indent + line + (_ending(old[0]) or self.nl), *old[1:]]
        return [line + self.nl]

    def _link_lines(self, old: list[str], links: list[Link]) -> list[str]:
        if not links:
            return []

        rendered = [link_markdown(link.text, link.url) for link in links]
        content = [_content(line) for line in old if not _blank(line)]
        if len(content) > 1 and all(len(link_line(c) or []) == 1 for c in content):
            # One link a line, with the file's spacing between them.
            gap = self.nl * 2 if any(_blank(line) for line in old) else self.nl
            text = gap.join(rendered)
        else:
            separator = "｜"
            if content:
                found = re.search(r"\)([ \t]*[｜|][ \t]*)\[", content[0])
                if found:
                    separator = found.group(1)
            text = separator.join(rendered)
        ending = _ending(old[-1]) if old else self.nl
        return _lines(text + (ending or ""))


def _written_length(text: str, normal: str) -> int:
    """How many characters at the end of ``text`` (CRLF or CR line ends) read as ``normal``."""
    pos, length = len(text), 0
    while pos > 0 and length < len(normal):
        pos -= 1
        if text[pos] == "\n" and pos > 0 and text[pos - 1] == "\r":
            pos -= 1
        length += 1
    return len(text) - pos


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _json_remove(text: str, member: tuple[str, int, int, int]) -> str:
    _, key_start, _, value_end = member
    after = _skip(text, value_end)
    if text[after] == ",":
        return text[:key_start] + text[_skip(text, after + 1) :]
    before = text.rstrip()[:key_start].rstrip()
    cut = len(text[:key_start].rstrip())
    if before.endswith(","):
        return text[: cut - 1] + text[value_end:]
    return text[:key_start] + text[value_end:]


def _json_value(value: Any, old: dict[str, Any], written: str | None) -> str:
    if isinstance(value, _Terms):
        return json.dumps(list(value.terms), ensure_ascii=False)
    if isinstance(value, _Extra):
        value = value.value
    if isinstance(value, datetime):
        return json.dumps(
            _date_like(_unquoted(written), old["date"], value, iso=True), ensure_ascii=False
        )
    return json.dumps(value, ensure_ascii=False)


def _unquoted(written: str | None) -> str | None:
    if written and len(written) >= 2 and written[0] == written[-1] and written[0] in "\"'":
        return written[1:-1]
    return written


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def _keep_key(old_line: str, mark: str, new_line: str) -> str:
    """``new_line`` with the key and the spacing around ``mark`` as the old line wrote them."""
    old_value = re.match(rf"([^{mark}]*{mark}[ \t]*)", old_line)
    new_value = re.match(rf"([^{mark}]*{mark}[ \t]*)", new_line)
    if old_value is None or new_value is None:
        return new_line
    return old_value.group(1) + new_line[new_value.end() :]


@dataclass
class _Terms:
    """New categories or tags, and the terms parsed before (for the list's style)."""

    terms: list[str]
    before: list[str]


@dataclass
class _Extra:
    value: Any


# -- YAML values ---------------------------------------------------------------------


def _yaml_loads(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    # Also a value its tag refuses (``!!int abc``, ``!!timestamp foo``): PyYAML's
    # constructors raise ValueError, KeyError, AttributeError or IndexError for those.
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, AttributeError, LookupError):
        return _Unwritable


def _yaml_key(key: str) -> str:
    if _yaml_loads(f"{key}: 1") == {key: 1} and _YAML_KEY.fullmatch(f"{key}: 1"):
        return key
    return json.dumps(key, ensure_ascii=False)


def _yaml_entry(key: str, value: Any, old_lines: list[str], old_value: Any) -> list[str]:
    """The lines of ``key: value`` in the style of ``old_lines`` (the key's lines as written)."""
    head = old_lines[0] if old_lines else ""
    match = _YAML_KEY.fullmatch(head) if head else None
    written = (match.group(2) or "").strip() if match else ""
    prefix = head[: head.index(":") + 1] if match else _yaml_key(key) + ":"
    if isinstance(value, datetime):
        text = _date_like(_unquoted(written) or None, old_value, value, iso=False)
        quote = written[0] if written[:1] in ("'", '"') else ""
        return [f"{prefix} {quote}{text}{quote}"]
    if isinstance(value, _Terms):
        return _yaml_terms(prefix, value, old_lines, written)
    raw = value.value if isinstance(value, _Extra) else value
    if isinstance(raw, list) and old_lines and len(old_lines) > 1 and not written:
        item_prefix = re.match(r"[ \t]*-[ \t]*", old_lines[1])
        if item_prefix is not None and raw and all(_is_scalar(v) for v in raw):
            items = [item_prefix.group() + _yaml_scalar(v, "") for v in raw]
            return [prefix, *items]
    if isinstance(raw, (list, dict)) and raw:
        flow = written.startswith(("[", "{"))
        if flow:
            dumped = yaml.dump(
                raw, Dumper=_Dumper, allow_unicode=True, default_flow_style=True, width=1 << 30
            ).strip()
            if _yaml_loads(f"k: {dumped}") == {"k": raw}:
                return [f"{prefix} {dumped}"]
        dumped = yaml.dump(
            {"k": raw},
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=1 << 30,
        )
        body = dumped.split("\n")[1:]
        while body and not body[-1]:
            body.pop()
        return [prefix, *body]
    if raw is None:
        return [
            prefix
            + (
                ""
                if not written
                else " " + (written if written in ("~", "null", "Null", "NULL") else "null")
            )
        ]
    quote = written[0] if written[:1] in ("'", '"') else ""
    return [f"{prefix} {_yaml_scalar(raw, quote)}"]


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _yaml_scalar(value: Any, quote: str, flow: bool = False) -> str:
    """``value`` as a YAML scalar: in the ``quote`` style when it reads back, else one that does."""
    if not isinstance(value, str):
        if isinstance(value, float) and not math.isfinite(value):
            raise _Unwritable
        dumped = yaml.dump(value, Dumper=_Dumper, width=1 << 30)
        return str(dumped).split("\n...")[0].strip()
    single = "'" + value.replace("'", "''") + "'"
    double = json.dumps(value, ensure_ascii=False)
    plain = value
    styles = {"'": [single, double], '"': [double, single]}.get(quote, [plain, single, double])
    for candidate in styles:
        if "\n" in candidate or "\r" in candidate or "\u2028" in candidate or "\u2029" in candidate:
            continue
        wrapped = f"k: [{candidate}]" if flow else f"k: {candidate}"
        expected = {"k": [value]} if flow else {"k": value}
        if candidate is plain and (
            not value
            or value != value.strip()
            or " #" in value
            or ": " in value
            or value[0] in "#&*!|>%@`\"'"
        ):
            continue
        if _yaml_loads(wrapped) == expected:
            return candidate
    dumped = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_style='"', width=1 << 30)
    return str(dumped).split("\n...")[0].strip()


def _yaml_terms(prefix: str, value: _Terms, old_lines: list[str], written: str) -> list[str]:
    terms = value.terms
    if old_lines and len(old_lines) > 1 and not written:
        item = re.match(r"[ \t]*-[ \t]*", old_lines[1])
        if item is not None:
            return [prefix] + [item.group() + _yaml_scalar(t, "") for t in terms]
    if written.startswith("["):
        quotes = re.findall(r"[\[,]\s*([\"'])", written)
        quote = (
            quotes[0]
            if quotes and all(q == quotes[0] for q in quotes) and len(quotes) == len(value.before)
            else ""
        )
        items = ", ".join(_yaml_scalar(t, quote, flow=True) for t in terms)
        gap = " " if written.startswith("[ ") else ""
        return [f"{prefix} [{gap}{items}{gap}]"]
    if not old_lines and len(terms) > 1:
        items = ", ".join(_yaml_scalar(t, "", flow=True) for t in terms)
        return [f"{prefix} [{items}]"]
    if all(term.split() == [term] for term in terms):
        quote = written[0] if written[:1] in ("'", '"') else ""
        return [f"{prefix} {_yaml_scalar(' '.join(terms), quote)}"]
    items = ", ".join(_yaml_scalar(t, "", flow=True) for t in terms)
    return [f"{prefix} [{items}]"]


# -- TOML values ---------------------------------------------------------------------


def _toml_key(key: str) -> str:
    return key if _BARE_TOML_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(value: str, literal: bool = False) -> str:
    if literal and "'" not in value and not re.search(r"[\x00-\x1f\x7f]", value):
        return "'" + value + "'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(
        r"[\x00-\x1f\x7f]",
        lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(
            m.group(), f"\\u{ord(m.group()):04x}"
        ),
        escaped,
    )
    return '"' + escaped + '"'


def _toml_value(value: Any, literal: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise _Unwritable
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value, literal)
    if isinstance(value, list):
        if any(v is None for v in value):
            raise _Unwritable
        return "[" + ", ".join(_toml_value(v, literal) for v in value) + "]"
    if isinstance(value, dict):
        if any(v is None for v in value.values()):
            raise _Unwritable
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise _Unwritable  # None: TOML has no null


def _toml_rendered(value: Any, old_lines: list[str], old: dict[str, Any]) -> str:
    written = _TOML_KEY.fullmatch(old_lines[0]).group(2).strip() if old_lines else ""  # type: ignore[union-attr]
    literal = written.startswith("'") or "['" in written.replace(" ", "")
    if isinstance(value, datetime):
        quote = written[0] if written[:1] in ("'", '"') else ""
        shape = _unquoted(written) or None
        text = _date_like(shape, old["date"], value, iso=True)
        if not quote and not _toml_date_ok(text):
            quote = '"'
        return f"{quote}{text}{quote}"
    if isinstance(value, _Terms):
        if not written.startswith("[") and written and all(t.split() == [t] for t in value.terms):
            return _toml_string(" ".join(value.terms), literal)
        return _toml_value(list(value.terms), literal)
    if isinstance(value, _Extra):
        value = value.value
    return _toml_value(value, literal)


def _toml_date_ok(text: str) -> bool:
    try:
        tomllib.loads(f"d = {text}")
    except tomllib.TOMLDecodeError:
        return False
    return True


# -- dates ---------------------------------------------------------------------------


def _date_like(written: str | None, before: datetime | None, value: datetime, iso: bool) -> str:
    """``value`` in the shape of ``written`` (the old date as written): date only, seconds, zone."""
    match = _DATE_SHAPE.fullmatch(written) if written else None
    if match is None:
        sep, seconds, zone_shape, had_zone, date_only = (
            ("T" if iso else " "),
            True,
            None,
            False,
            False,
        )
    else:
        sep = match.group("sep") or ("T" if iso else " ")
        seconds = match.group("sec") is not None or match.group("hm") is None
        zone_shape = match.group("zone")
        had_zone = zone_shape is not None
        date_only = match.group("hm") is None
    offset = value.utcoffset()
    # A date written without an offset was read in the site's timezone: keep it so.
    implied = (
        not had_zone
        and match is not None
        and before is not None
        and offset is not None
        and before.utcoffset() == offset
    )
    show_zone = offset is not None and not implied
    midnight = value.time() == datetime.min.time()
    if date_only and midnight and not show_zone:
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    day = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    text = f"{day}{sep}{value.hour:02d}:{value.minute:02d}"
    if seconds or value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    if show_zone and offset is not None:
        text += _zone(offset, zone_shape, match.group("zsep") if match else None, iso)
    return text


def _zone(offset: timedelta, shape: str | None, gap: str | None, iso: bool) -> str:
    minutes = round(offset.total_seconds() / 60)
    if shape == "Z" and minutes == 0:
        return (gap or "") + "Z"
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    colon = ":" if (shape and ":" in shape) or (shape is None and iso) else ""
    if gap is None:
        gap = "" if iso else " "
    return f"{gap}{sign}{hours:02d}{colon}{rest:02d}"
