"""Where a parsed post came from: the file's text as written, so that it can be written back.

[`newspost.parse()`][newspost.parse] attaches an ``Origin`` to every post it returns (a
private attribute: not a field, not in JSON, not part of equality). The writer
uses it to give an unchanged post back byte for byte and to rewrite only the
lines of a changed field. A post built in code or read from JSON has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from ._decode import _BOMS, _CONTROL, _SURROGATE
from ._models import WRITERS, Post, set_private

__all__ = ["WRITTEN", "Origin", "changed_fields", "with_origin"]

# The fields the Markdown writer writes: a change to any other field (``path``,
# ``slug``, ``paragraphs``, ``images``, ``warnings``) does not change the file.
WRITTEN = (
    "layout",
    "title",
    "date",
    "categories",
    "tags",
    "extra",
    "lead",
    "body",
    "source",
    "original_url",
    "links",
)


@dataclass(frozen=True, eq=False)
class Origin:
    """The source of a parsed post.

    ``text`` is the file as decoded, with a byte-order mark as a leading
    U+FEFF and line endings as written (only the characters the parser
    repaired, NUL and other control characters, U+FFFE and U+FFFF and lone
    surrogates, are repaired here too). ``encoding`` is the codec that turns ``text`` back into
    the file's bytes (``"utf-8"`` for text given as ``str``); ``exact`` says
    whether it does so exactly. ``fields`` is a snapshot of the written fields
    as parsed; ``zone`` and ``site_url`` the options they were parsed with (an
    edited file is read back with them, to check the edit).
    """

    text: str
    encoding: str
    exact: bool
    fields: dict[str, Any]
    zone: tzinfo | None = None
    site_url: str | None = None
    repairs: frozenset[str] = frozenset()  # codes of the warnings the parse gave
    shared_host: str | None = None  # the host the site's posts share (no site_url)


def snapshot(post: Post) -> dict[str, Any]:
    """The written fields of ``post``, copied so that later in-place edits show as changes."""
    values: dict[str, Any] = {}
    for name in WRITTEN:
        value = getattr(post, name)
        if isinstance(value, list):
            value = list(value)  # str or frozen models: a shallow copy is enough
        elif isinstance(value, dict):
            value = _copied(value)
        values[name] = value
    return values


def _copied(value: Any) -> Any:
    """JSON data (``extra``, validated as such) copied through its lists and mappings:
    what ``copy.deepcopy`` gives, without its memo of every object."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def changed_fields(post: Post, origin: Origin) -> list[str]:
    """The written fields whose value differs from the one parsed."""
    return [name for name in WRITTEN if getattr(post, name) != origin.fields[name]]


def with_origin(
    post: Post,
    data: object,
    decoded: str,
    encoding: str | None,
    zone: tzinfo | None = None,
    site_url: str | None = None,
    shared_host: str | None = None,
    utf8: bytes | None = None,
) -> Post:
    """``post`` with its ``Origin``: ``data`` as given to ``parse``, ``decoded`` its text,
    ``utf8`` the file's bytes when they were read as UTF-8 as they stand (then they
    are ``decoded``'s UTF-8: nothing to find out).

    The parse hook: called once per parsed post.
    """
    if utf8 is not None:
        text, codec, exact = decoded, "utf-8", True
    else:
        text, codec, exact = _source_text(data, decoded, encoding)
    codes = frozenset(w.code for w in post.warnings)
    # What clean() repairs in ``decoded`` (the same characters as ``text``, but for a
    # BOM), warning when it does, is repaired in the written text too: lone surrogates
    # replaced, control characters, U+FFFE and U+FFFF removed. Everything else is
    # kept (BOM, CRLF or CR).
    if "decode_failed" in codes and _SURROGATE.search(text):
        text, exact = _SURROGATE.sub("\ufffd", text), False
    if "control_characters" in codes:
        repaired = _CONTROL.sub("", text)
        if repaired != text:
            text, exact = repaired, False
    origin = Origin(text, codec, exact, snapshot(post), zone, site_url, codes, shared_host)
    set_private(post, "_origin", origin)
    return post


def _source_text(data: object, decoded: str, encoding: str | None) -> tuple[str, str, bool]:
    """(text with any BOM as U+FEFF, the codec that gives the bytes back, whether exactly)."""
    if isinstance(data, str):
        return data, "utf-8", True
    raw = bytes(data) if isinstance(data, (bytes, bytearray, memoryview)) else b""
    texts = [decoded]
    for bom, _ in _BOMS:
        if raw.startswith(bom) and not decoded.startswith("\ufeff"):
            texts.insert(0, "\ufeff" + decoded)
    codecs = [c for c in (encoding, "utf-8") if c]
    codecs += [name for bom, name in _BOMS if raw.startswith(bom)] + ["gb18030"]
    for codec in dict.fromkeys(codecs):
        for text in texts:
            try:
                if text.encode(codec) == raw:
                    return text, codec, True
            except (UnicodeEncodeError, LookupError):
                continue
    if b"\x00" not in raw:
        # Decoded by charset detection: the same detection names the codec again.
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            try:
                if decoded.encode(best.encoding) == raw:
                    return decoded, best.encoding, True
            except (UnicodeEncodeError, LookupError):
                pass
    # Undecodable bytes were replaced (a ``decode_failed`` warning): the repaired
    # text is what can be written, as UTF-8.
    return texts[0], "utf-8", False


# Pickling a post: ``parse_dir``'s workers send every post they parse to the parent, so
# a pickle says a parsed post in few bytes and calls: its fields and its origin's as
# they are (no pydantic state dicts), and the body, where the origin's text holds it,
# as its place there (the body is most of a file: sent once, not twice).
# ``Post.__reduce_ex__`` calls ``reduce_post``; ``None`` (anything unusual: a subclass,
# extra fields, other private attributes) leaves it to pydantic's own pickling.
_POST_FIELDS = frozenset(Post.model_fields)


def reduce_post(post: Post) -> tuple[Any, ...] | None:
    """``post`` as ``_post_from`` and its arguments, or ``None`` for pydantic's pickling."""
    values = post.__dict__
    private = post.__pydantic_private__
    if post.__pydantic_extra__ is not None or private is None or len(private) != 2:
        return None
    origin, article = private.get("_origin", private), private.get("_article", private)
    if origin is private or article is private:
        return None
    fields_set: set[str] | None = post.__pydantic_fields_set__
    if fields_set == _POST_FIELDS:  # type: ignore[comparison-overlap]
        fields_set = None  # all of them, the usual case
    if origin is None:
        return _post_from, (values, fields_set, None, article, None)
    if type(origin) is not Origin:
        return None
    state = origin.__dict__
    body: Any = values.get("body")
    text = state.get("text")
    at = _find(text, body) if type(body) is str and body and type(text) is str else None
    if at is None:
        return _post_from, (values, fields_set, state, article, None)
    # The body leaves every place it is in (None there) for its place in the text.
    values = dict(values)
    values["body"] = None
    fields: Any = state.get("fields")
    in_fields = type(fields) is dict and fields.get("body") is body
    if in_fields:
        state = dict(state)
        state["fields"] = fields = dict(fields)
        fields["body"] = None
    in_article = type(article) is tuple and len(article) == 3 and article[1] is body
    if in_article:
        article = (article[0], None, article[2])
    span = (at, at + len(body), in_fields, in_article)
    return _post_from, (values, fields_set, state, article, span)


def _post_from(
    values: dict[str, Any],
    fields_set: set[str] | None,
    state: dict[str, Any] | None,
    article: Any,
    span: tuple[int, int, bool, bool] | None,
) -> Post:
    """The post that ``reduce_post`` packed: ``span`` is where its body is in its origin's
    text, and whether the origin's fields and the article hold it too."""
    if span is not None:
        assert state is not None
        start, end, in_fields, in_article = span
        body = values["body"] = state["text"][start:end]
        if in_fields:
            state["fields"]["body"] = body
        if in_article:
            article = (article[0], body, article[2])
    origin = None
    if state is not None:
        origin = Origin.__new__(Origin)
        object.__setattr__(origin, "__dict__", state)
    post = Post.__new__(Post)
    setattr_ = object.__setattr__
    setattr_(post, "__dict__", values)
    setattr_(
        post, "__pydantic_fields_set__", set(_POST_FIELDS) if fields_set is None else fields_set
    )
    setattr_(post, "__pydantic_extra__", None)
    setattr_(post, "__pydantic_private__", {"_origin": origin, "_article": article})
    return post


def _find(text: str, body: str) -> int | None:
    """Where ``body`` is in ``text`` (the first place that its start and all of it match)."""
    head = body[:64]
    at = text.find(head)
    for _ in range(8):  # a start written many times over: give up
        if at < 0:
            return None
        if text.startswith(body, at):
            return at
        at = text.find(head, at + 1)
    return None


WRITERS["pickle"] = reduce_post
