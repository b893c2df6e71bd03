"""Find and load front matter: YAML (``---``), TOML (``+++``) or JSON (``{…}``).

python-frontmatter's handlers detect the format and load it; this module adds
what real archives need on top: line numbers, ``...`` as a closing line, the
C YAML loader with no timestamp guessing and no Python tags, a bound on YAML
aliases, and a line-by-line recovery of YAML that does not load.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from ._decode import _SURROGATE
from ._diagnostics import Diagnostics
from ._loaders import (
    MAX_DEPTH,
    MAX_EXPANDED_VALUES,
    TOP_KEY,
    TOP_KEY_LINES,
    AliasBomb,
    SafeLoader,
    expanded_size,
    flat_lines,
    load_toml,
    load_yaml,
    may_be_too_deep,
    too_deep,
    unquote_key,
)
from ._models import WarningCode
from ._recovery import recover
from ._state import FrontMatter, FrontMatterFormat, State


class _YAML(YAMLHandler):
    """``---`` opens; ``---`` or ``...`` closes."""

    FM_BOUNDARY = re.compile(r"^(?:-{3,}|\.{3})[ \t]*$", re.MULTILINE)
    OPEN = re.compile(r"-{3,}[ \t]*$", re.MULTILINE)

    def detect(self, text: str) -> bool:
        return self.OPEN.match(text) is not None

    def load(self, fm: str, **kwargs: object) -> Any:
        # yaml.load(fm, Loader=SafeLoader), aliases bounded; read() has tried the flat
        # lines (_flat_front_matter) before: not again.
        return load_yaml(fm, flat=False)


class _TOML(BaseHandler):
    """Hugo's ``+++`` TOML front matter, loaded with the standard library's tomllib."""

    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return load_toml(fm)


_HANDLERS: tuple[BaseHandler, ...] = (_YAML(), _TOML(), JSONHandler())


# Blank lines: one character class, no repeated group (sre keeps a backtracking
# record per repetition of a group: 2 MB of blank lines took 0.2 s, growing faster
# than the input).
_BLANK_START = re.compile(r"[ \t\n]*\n")
_FORMATS: dict[type[BaseHandler], FrontMatterFormat] = {
    _YAML: "yaml",
    _TOML: "toml",
    JSONHandler: "json",
}


def read_front_matter(state: State) -> None:
    """Stage ``front_matter``: split the text into front matter and body, and load it."""
    state.front = read(state.text, state.diag)
    if state.front.format is None and state.text.strip():
        state.diag.warn("no_front_matter", "no front matter: the whole file is the body", line=1)


def read(text: str, diag: Diagnostics) -> FrontMatter:
    """Split ``text`` into front matter and body and load the front matter."""
    skipped = 0
    blank = _BLANK_START.match(text)
    if blank and any(h.detect(text[blank.end() :]) for h in _HANDLERS[:2]):
        skipped = text.count("\n", 0, blank.end())
        opening = text[blank.end() : blank.end() + 3]
        diag.warn(
            "leading_blank_lines",
            f"{skipped} blank line(s) before the opening {opening}",
            line=1,
            fatal=False,
        )
        text = text[blank.end() :]
    handler = next((h for h in _HANDLERS if h.detect(text)), None)
    if handler is None:
        return FrontMatter(body=text, body_line=1 + skipped)
    split = _split(handler, text, diag, skipped)
    if split is None:
        return FrontMatter(body=text, body_line=1 + skipped)
    fm_text, fm_line, body_start = split
    fm_line += skipped
    result = FrontMatter(
        body=text[body_start:],
        body_line=text.count("\n", 0, body_start) + 1 + skipped,
        format=_FORMATS[type(handler)],
    )
    if isinstance(handler, _YAML):
        flat = _flat_front_matter(fm_text, fm_line, diag)
        if flat is not None:
            result.raw, result.meta = flat
            return result
        result.raw = _raw_lines(fm_text, fm_line, diag)
    result.meta = _load(handler, fm_text, fm_line, diag)
    return result


def _split(
    handler: BaseHandler, text: str, diag: Diagnostics, skipped: int
) -> tuple[str, int, int] | None:
    """(front matter text, its first line, where the body starts), or None when unclosed."""
    if isinstance(handler, JSONHandler):
        end = _json_end(text)
        if end is None:
            diag.warn("frontmatter_unclosed", "JSON front matter is never closed", line=1 + skipped)
            return None
        after = _next_line(text, end)
        if text[end:after].strip():  # ``} trailing words``: the words start the body
            diag.warn(
                "frontmatter_trailing_text",
                "text after the closing } of the JSON front matter is kept as the body",
                line=text.count("\n", 0, end) + 1 + skipped,
            )
            return text[:end], 1, end
        return text[:end], 1, after
    assert handler.FM_BOUNDARY is not None
    opening = handler.FM_BOUNDARY.match(text)
    assert opening is not None
    start = _next_line(text, opening.end())
    closing = handler.FM_BOUNDARY.search(text, start) if start <= len(text) else None
    if closing is None:
        return _recover_unclosed(text, start, diag, skipped)
    return text[start : closing.start()], 2, _next_line(text, closing.end())


def _next_line(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1


def _json_end(text: str) -> int | None:
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except (ValueError, RecursionError):  # 100,000 unclosed [ overflow the decoder
        return None
    return end


def _recover_unclosed(
    text: str, start: int, diag: Diagnostics, skipped: int
) -> tuple[str, int, int] | None:
    """An opening ``---`` never closed: the ``key: value`` lines up to the first blank line."""
    blank = re.compile(r"^[ \t]*$", re.MULTILINE).search(text, start)
    end = blank.start() if blank else len(text)
    candidate = text[start:end]
    lines = [line for line in candidate.split("\n") if line.strip()]
    if lines and TOP_KEY.match(lines[0]):
        diag.warn(
            "frontmatter_unclosed",
            "front matter opened with --- is never closed; it is taken to end at the first"
            " blank line",
            line=1 + skipped,
        )
        return candidate, 2, _next_line(text, end) if blank else len(text)
    diag.warn(
        "frontmatter_unclosed",
        "an opening --- is never closed and no front matter follows it; the whole file is"
        " read as the body",
        line=1 + skipped,
    )
    return None


def _raw_lines(fm_text: str, first_line: int, diag: Diagnostics) -> dict[str, tuple[int, str]]:
    """Top-level keys as written, for line numbers, duplicate keys and verbatim recovery."""
    raw: dict[str, tuple[int, str]] = {}
    values: dict[object, tuple[str, int]] = {}  # keys YAML reads as numbers, booleans, null
    number, counted = first_line, 0
    for match in TOP_KEY_LINES.finditer(fm_text):
        number += fm_text.count("\n", counted, match.start())
        counted = match.start()
        key = unquote_key(match.group(1))
        if key in raw:
            _repeated(diag, key, raw[key][0], number)
        elif match.group(1)[0] not in "\"'" and _NOT_TEXT_KEY.match(key):
            value = _key_value(key)
            if value is not _TEXT_KEY and value in values:
                earlier, line = values[value]
                diag.warn(
                    "duplicate_key",
                    f"key {key!r} is key {earlier!r} once loaded (line {line}); the last"
                    " value wins",
                    line=number,
                )
            values.setdefault(value, (key, number))
        raw[key] = (number, (match.group(2) or "").strip())
    return raw


def _repeated(diag: Diagnostics, key: str, first: int, line: int) -> None:
    diag.warn(
        "duplicate_key",
        f"key {key!r} appears again (first on line {first}); the last value wins",
        line=line,
    )


def _flat_front_matter(
    fm_text: str, first_line: int, diag: Diagnostics
) -> tuple[dict[str, tuple[int, str]], dict[str, Any]] | None:
    """``_raw_lines`` and ``_load`` of YAML front matter of flat ``key: value`` lines
    (:func:`flat_lines`) in one pass over them, else None. Its keys are text, written
    plain: a key repeated is the only duplicate, and the mapping nests no deeper than
    a list of scalars."""
    lines = flat_lines(fm_text)
    if lines is None:
        return None
    raw: dict[str, tuple[int, str]] = {}
    meta: dict[str, Any] = {}
    for index, key, value, line in lines:
        number = first_line + index
        if key in raw:
            _repeated(diag, key, raw[key][0], number)
        raw[key] = (number, line[len(key) + 1 :].strip())
        meta[key] = value
    return raw, meta


# A plain key YAML may read as something other than text: ``1`` and ``1.0``, ``yes`` and
# ``true``, ``null`` and ``~`` are one key once loaded (the last value silently wins).
_NOT_TEXT_KEY = re.compile(r"[-+.~0-9]|(?:y|yes|n|no|true|false|on|off|null)$", re.IGNORECASE)
_TEXT_KEY = object()


def _key_value(key: str) -> object:
    """The value a plain YAML key is once loaded (hashable), or :data:`_TEXT_KEY` for text."""
    tag = SafeLoader.resolve(SafeLoader, yaml.ScalarNode, key, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return _TEXT_KEY
    try:
        value = yaml.load(key, Loader=SafeLoader)  # noqa: S506 - a safe loader
        hash(value)
    except Exception:  # a key YAML cannot read or hash: compared as written
        return _TEXT_KEY
    return value


def _load(
    handler: BaseHandler,
    fm_text: str,
    fm_line: int,
    diag: Diagnostics,
) -> dict[str, Any]:
    if not fm_text.strip():
        return {}
    try:
        loaded = handler.load(fm_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = fm_line + mark.line if mark is not None else fm_line
        column = mark.column + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        if "could not determine a constructor" in str(exc):
            message = f"YAML tag refused ({reason}); nothing is executed"
            code: WarningCode = "yaml_tag_refused"
        else:
            message = f"front matter is not valid YAML: {reason}"
            code = "yaml_invalid"
        if not diag.strict:
            message += "; values recovered line by line"
        diag.warn(code, message, line=line, column=column)
        return recover(fm_text, fm_line)
    except AliasBomb as exc:
        diag.warn("yaml_alias_bomb", f"{exc}; values recovered line by line instead", line=fm_line)
        return recover(fm_text, fm_line)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError) as exc:
        if isinstance(handler, _YAML):  # a value its tag refuses: !!int abc, !!timestamp foo
            message = f"a YAML value does not fit its tag ({type(exc).__name__})"
            diag.warn(
                "yaml_invalid",
                message + ("" if diag.strict else "; values recovered line by line"),
                line=fm_line,
            )
            return recover(fm_text, fm_line)
        # TOML and JSON decode errors are ValueErrors
        diag.warn("frontmatter_invalid", f"front matter does not load: {exc}", line=fm_line)
        return {}
    except RecursionError:
        diag.warn("frontmatter_invalid", "front matter is nested too deeply", line=fm_line)
        return recover(fm_text, fm_line)
    if isinstance(handler, JSONHandler) and "\\ud" in fm_text.lower():
        loaded = _without_surrogates(loaded, diag, fm_line)
    if isinstance(loaded, dict):
        # Only YAML aliases can make the loaded value larger than the text, and YAML's
        # loader measured them before building (AliasBomb above).
        if may_be_too_deep(fm_text) and too_deep(loaded):
            diag.warn(
                "frontmatter_too_deep",
                f"front matter nests deeper than {MAX_DEPTH} levels; values recovered line by line",
                line=fm_line,
            )
            return recover(fm_text, fm_line)
        return loaded
    if loaded is None:
        return {}
    diag.warn(
        "frontmatter_not_mapping",
        f"front matter is a {type(loaded).__name__}, not a mapping; kept as extra['front_matter']",
        line=fm_line,
    )
    if expanded_size(loaded) > MAX_EXPANDED_VALUES or too_deep(loaded):
        return {"front_matter": fm_text}
    return {"front_matter": loaded}


def _without_surrogates(loaded: Any, diag: Diagnostics, fm_line: int) -> Any:
    """JSON's ``\\ud800`` escapes give lone surrogates, which no UTF-8 output can hold."""
    try:
        dumped = json.dumps(loaded, ensure_ascii=False)
    except (ValueError, RecursionError):
        return loaded
    if _SURROGATE.search(dumped) is None:
        return loaded
    diag.warn(
        "decode_failed",
        "lone surrogate escapes (\\ud800) in the JSON front matter replaced with U+FFFD",
        line=fm_line,
    )
    return json.loads(_SURROGATE.sub("\ufffd", dumped))
