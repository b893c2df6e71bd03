"""Jekyll's Liquid in a post body, rendered as Jekyll renders it before Markdown.

A real Liquid engine (python-liquid) does the work; this module adds the tags
and filters that Jekyll brings (``highlight``, ``link``, ``post_url``,
``include``, ``relative_url``, …) and the variables a post sees: ``page`` (its
front matter), ``site`` (``_config.yml``) and ``site.data`` (the ``_data/``
folder). What cannot be rendered (an unknown tag, an ``include``, a variable
that is not there, a syntax error) is removed from the text and named in the
returned list, so the caller can warn about it; the text never keeps Liquid.

Hostile input is bounded: python-liquid's nesting, loop, namespace and output
limits are set, and any failure of the engine falls back to removing every tag
and output statement. ``render_liquid`` never raises.
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
import json
import math
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, TextIO

import liquid
from liquid import Mode
from liquid import lex as _lex
from liquid.ast import BlockNode, Node
from liquid.builtin.expressions import FilteredExpression, tokenize
from liquid.builtin.output import Output, OutputNode
from liquid.expression import Expression
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_ILLEGAL, TOKEN_OUTPUT, TOKEN_TAG, Token
from liquid.undefined import Undefined

# Resolves ``{% link path %}`` and ``{% post_url name %}``: it is given the tag's
# name (``"link"`` or ``"post_url"``) and its argument as written, and returns the
# URL, or None when it does not know it.
UrlResolver = Callable[[str, str], "str | None"]

_HAS_LIQUID = re.compile(r"\{[{%]")
# The fallback: every tag and output statement, each matched without backtracking
# past its own end (``[^%]`` / ``[^}]`` runs, then the closing pair).
_ANY_LIQUID = re.compile(r"\{%(?:[^%]|%(?!\}))*(?:%\}|$)|\{\{(?:[^}]|\}(?!\}))*(?:\}\}|$)")
_TAG_NAME = re.compile(r"\{%-?\s*(\w*)")
_RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
# The longest text rendered: more input than this is not rendered but stripped.
MAX_INPUT = 1_000_000


class _Collector(threading.local):
    def __init__(self) -> None:
        self.names: list[str] | None = None
        self.resolve: UrlResolver | None = None


_collector = _Collector()


def _note(name: str) -> None:
    names = _collector.names
    if names is not None and name not in names and len(names) < 100:
        names.append(name)


class _Undefined(Undefined):
    """An undefined variable prints nothing, and is named."""

    __slots__ = ()

    def __str__(self) -> str:
        _note("{{ " + self.name + " }}")
        return ""


class _Filters(dict[str, Callable[..., Any]]):
    """The filters; one that is not there (a plugin's, ``where_exp``) passes its input
    on, as Jekyll passes it on without the plugin, and is named: not in silence."""

    def __missing__(self, name: str) -> Callable[..., Any]:
        _note(f"| {name} (a filter not applied)")
        return _passed_on


def _passed_on(value: object, *_: object, **__: object) -> object:
    return value


class _Unrendered(Node):
    __slots__ = ()

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        return 0


class _UnknownTag(Tag):
    """Stands for every tag Jekyll's plugins or themes would provide: prints nothing."""

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.expect(TOKEN_TAG)
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        _note("{% " + (token.value or "?") + " %}")
        return _Unrendered(token)


def _argument(stream: TokenStream) -> tuple[Token, str]:
    token = stream.expect(TOKEN_TAG)
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value.strip()
    return token, ""


class _Text(Node):
    __slots__ = ("text",)

    def __init__(self, token: Token, text: str) -> None:
        super().__init__(token)
        self.text = text

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        return buffer.write(self.text)


class _UrlTag(Tag):
    """``{% link path %}`` and ``{% post_url name %}``: the URL, when it is known."""

    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, argument = _argument(stream)
        resolve = _collector.resolve
        url = None
        if resolve is not None:
            try:
                url = resolve(self.name, argument)
            except Exception:  # a caller's resolver must not break rendering
                url = None
        if url is None:
            _note("{% " + self.name + " " + argument + " %}")
            return _Unrendered(token)
        return _Text(token, url)


class _LinkTag(_UrlTag):
    name = "link"


class _PostUrlTag(_UrlTag):
    name = "post_url"


class _IncludeTag(Tag):
    """``{% include file %}`` would insert a file of the site's theme: not rendered."""

    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, argument = _argument(stream)
        _note(("{% include " + argument).strip() + " %}")
        return _Unrendered(token)


class _IncludeRelativeTag(_IncludeTag):
    name = "include_relative"


class _HighlightNode(Node):
    __slots__ = ("block", "language")

    def __init__(self, token: Token, language: str, block: BlockNode) -> None:
        super().__init__(token)
        self.language = language
        self.block = block

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        inner = context.get_buffer(buffer)
        self.block.render(context, inner)
        code = inner.getvalue().strip("\n")
        # Jekyll writes <figure class="highlight"><pre><code …>. A line of its own
        # that opens with <pre> is a raw HTML block in Markdown up to </pre>, blank
        # lines in the code included.
        attributes = ""
        if self.language:
            language = html.escape(self.language, quote=True)
            attributes = f' class="language-{language}" data-lang="{language}"'
        return buffer.write(
            f"\n<pre><code{attributes}>{html.escape(code, quote=False)}</code></pre>\n"
        )


class _HighlightTag(Tag):
    """``{% highlight lang [linenos] %}…{% endhighlight %}``: a code block."""

    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        token, argument = _argument(stream)
        language = argument.split()[0] if argument.split() else ""
        next(stream)
        block = get_parser(self.env).parse_block(stream, frozenset((self.end, TOKEN_EOF)))
        stream.expect(TOKEN_TAG, value=self.end)
        return _HighlightNode(token, language, block)


class _Output(Output):
    """``{{ expression }}``, each expression parsed once per process.

    Parsing is most of what Liquid costs a post, and posts of a site repeat
    their expressions (``{{ release.url.gz }}`` in every release notice). A
    parsed expression is not changed by rendering; short ones are kept.
    """

    _parsed: ClassVar[dict[str, Expression]] = {}

    def parse(self, stream: TokenStream) -> OutputNode:
        token = stream.eat(TOKEN_OUTPUT)
        source = stream.expect(TOKEN_EXPRESSION)
        expression: Expression | None = self._parsed.get(source.value)
        if expression is None:
            expression = FilteredExpression.parse(
                self.env, TokenStream(tokenize(source.value, source))
            )
            if len(source.value) <= 200:
                if len(self._parsed) >= 4096:
                    self._parsed.clear()
                self._parsed[source.value] = expression
        return OutputNode(token, expression)


# python-liquid's lexer reads text between tags with ``.+?`` and a lookahead for ``{%``,
# ``{{`` or the end, tried at every character: on a long post that is most of
# what lexing costs. The same rule written to run over such text in one step (a
# ``{`` not opening a tag, a newline not ending the text, any other character)
# stops where the lazy rule stops, and nowhere else; a test compares the tokens.
_LAZY_CONTENT = r".+?(?=((\{%|\{\{)(?P<rstrip>-?))|$)"
_RUN_CONTENT = r".(?:[^{\n]+|\{(?![{%])|\n(?!\Z))*(?=((\{%|\{\{)(?P<rstrip>-?))|$)"


def _run_lexer(lex: Any) -> Callable[[str], Iterator[Token]] | None:
    """python-liquid's lexer (its loop, ``lex._tokenize_template``) with the content
    rule above; None when this python-liquid lays its lexer out otherwise."""
    tokenize = getattr(lex, "_tokenize_template", None)
    compile_rules = getattr(lex, "compile_liquid_rules", None)
    if tokenize is None or compile_rules is None:
        return None
    pattern = compile_rules().pattern
    if pattern.count(_LAZY_CONTENT) != 1:
        return None
    rules = re.compile(pattern.replace(_LAZY_CONTENT, _RUN_CONTENT), re.DOTALL)
    return functools.partial(tokenize, rules=rules)


_RUN_LEXER = _run_lexer(_lex)


class _Environment(liquid.Environment):
    # Bounds on hostile input (python-liquid's own limits).
    block_nesting_limit: ClassVar[int] = 30
    context_depth_limit: ClassVar[int] = 30
    loop_iteration_limit: ClassVar[int | None] = 10_000
    local_namespace_limit: ClassVar[int | None] = 1_000_000
    output_stream_limit: ClassVar[int | None] = 4_000_000

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        super().setup_tags_and_filters(extra=extra)
        for tag in (
            _Output,
            _UnknownTag,
            _LinkTag,
            _PostUrlTag,
            _IncludeTag,
            _IncludeRelativeTag,
            _HighlightTag,
        ):
            self.add_tag(tag)
        self.filters.update(_JEKYLL_FILTERS)
        self.filters = _Filters(self.filters)

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        return _RUN_LEXER or super().tokenizer()

    def error(self, exc: Any, msg: str | None = None, token: Token | None = None) -> None:
        # Lax: the failing node is dropped; it is named here.
        failed = token or getattr(exc, "token", None)
        what = getattr(failed, "value", "") or type(exc).__name__
        _note(f"{{% {what} %}}" if getattr(failed, "kind", "") == TOKEN_TAG else str(what))


def _slugify(value: object, mode: object = None) -> str:
    return re.sub(r"[^\w]+", "-", str(value).lower()).strip("-")


def _date_to_xmlschema(value: object) -> str:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)


def _date_to_string(value: object, *_: object) -> str:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"{value.day:02d} {value:%b} {value.year}"
    return str(value)


def _date_to_long_string(value: object, *_: object) -> str:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"{value.day:02d} {value:%B} {value.year}"
    return str(value)


def _array_to_sentence_string(value: object, connector: object = "and") -> str:
    items = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return ", ".join(items[:-1]) + f", {connector} {items[-1]}"


def _jsonify(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    except (TypeError, ValueError, RecursionError):
        return ""


def _json_default(value: object) -> object:
    # site.data is a mapping that loads its files on first use, not a dict. An
    # undefined variable is one too, to python-liquid: it prints (and is named) instead.
    if isinstance(value, Mapping) and not isinstance(value, Undefined):
        return dict(value)
    return str(value)


# Jekyll's parse_sort_input: a property that reads as a number is compared as that number.
_INTEGER_LIKE = re.compile(r"\s*-?\d+\s*")
_FLOAT_LIKE = re.compile(r"\s*-?(?:\d+\.?\d*|\.\d+)\s*")


def _where(items: object, prop: object = None, value: object = None) -> object:
    """Jekyll's ``where`` (not Shopify's): the items whose property, by a dotted path
    (``"meta.kind"``), is ``value`` as text (``"2.7"`` is ``2.7``), or holds it when
    it is a list (``where: "tags", "ruby"``); with no value, the items without it."""
    if isinstance(items, Undefined):
        return []  # as python-liquid's filters: what is printed from it is named
    if isinstance(value, Undefined):
        value = None
    if not prop or isinstance(prop, Undefined) or isinstance(value, (list, tuple, Mapping)):
        return items
    if isinstance(items, Mapping):
        items = list(items.values())
    if not isinstance(items, (list, tuple)):
        return items
    path = str(prop).split(".")
    if value is None:
        return [item for item in items if _property(item, path) is None]
    target = _ruby_text(value)
    index = _index(items, path) if len(items) >= _INDEXED else None
    if index is not None:
        return list(index.get(target, ()))
    return [item for item in items if _holds(_property(item, path), target)]


# A site's data is filtered again and again with the same list and property
# (``site.data.releases | where: "version", …`` in each release notice): a long list is
# read once per property into the items under each text they hold (the same items, in
# order, as testing each with _holds), on its second look-up: a list made for one
# call (a mapping's values, a sorted copy) is tested item by item, and does not push
# the others' indexes out. A site's data is never changed once loaded: each entry
# keeps its list, so that no other list can take its ``id``.
_INDEXED = 32
_Key = tuple[int, tuple[str, ...]]
_seen: dict[_Key, object] = {}  # lists looked up once
_indexes: dict[_Key, tuple[object, dict[str, list[object]]]] = {}
_indexes_lock = threading.Lock()


def _index(
    items: list[object] | tuple[object, ...], path: list[str]
) -> dict[str, list[object]] | None:
    """The index of ``items`` by ``path``; None the first time (then they are scanned)."""
    key = (id(items), tuple(path))
    found = _indexes.get(key)
    if found is not None and found[0] is items:
        return found[1]
    with _indexes_lock:
        if _seen.get(key) is not items:
            if len(_seen) >= 64:
                _seen.clear()
            _seen[key] = items
            return None
        del _seen[key]
    index: dict[str, list[object]] = {}
    for item in items:
        value = _property(item, path)
        if isinstance(value, str):
            texts = {value}
        else:
            values = value if isinstance(value, (list, tuple)) else [] if value is None else [value]
            texts = {_ruby_text(one) for one in values}
        for text in texts:
            index.setdefault(text, []).append(item)
    with _indexes_lock:
        if len(_indexes) >= 64:
            _indexes.clear()
        _indexes[key] = (items, index)
    return index


def _property(item: object, path: list[str]) -> object:
    for name in path:
        if not isinstance(item, (dict, Mapping)):  # a dict first: no ABC check
            return None
        item = item.get(name)
        if isinstance(item, str):  # only text can read as another number
            item = _sort_input(item)
    return item


@functools.lru_cache(maxsize=4096)
def _sort_input(text: str) -> object:
    """Text as Jekyll's parse_sort_input reads it: a number when it reads as one (a
    site's data is filtered again and again: each text read once)."""
    if _INTEGER_LIKE.fullmatch(text):
        return int(text)
    if _FLOAT_LIKE.fullmatch(text):
        return float(text)
    return text


def _holds(found: object, target: str) -> bool:
    if isinstance(found, str):
        return found == target
    values = found if isinstance(found, (list, tuple)) else [] if found is None else [found]
    return any(_ruby_text(one) == target for one in values)


def _ruby_text(value: object) -> str:
    """``value.to_s`` as Ruby writes it: ``nil`` empty, ``true``, ``2.0``, ``1.0e+16``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        mantissa, e, exponent = repr(value).partition("e")  # 1e+16 is Ruby's 1.0e+16
        return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else mantissa + e + exponent
    return str(value)


_JEKYLL_FILTERS: dict[str, Callable[..., Any]] = {
    "relative_url": lambda value: str(value),
    "absolute_url": lambda value: str(value),
    "markdownify": lambda value: str(value),
    "smartify": lambda value: str(value),
    "xml_escape": lambda value: html.escape(str(value)),
    "cgi_escape": lambda value: urllib.parse.quote_plus(str(value)),
    "uri_escape": lambda value: urllib.parse.quote(str(value), safe="/:?#[]@!$&'()*+,;="),
    "number_of_words": lambda value: len(str(value).split()),
    "slugify": _slugify,
    "jsonify": _jsonify,
    "date_to_xmlschema": _date_to_xmlschema,
    "date_to_rfc822": _date_to_xmlschema,
    "date_to_string": _date_to_string,
    "date_to_long_string": _date_to_long_string,
    "array_to_sentence_string": _array_to_sentence_string,
    "normalize_whitespace": lambda value: " ".join(str(value).split()),
    "where": _where,
}

_env = _Environment(tolerance=Mode.LAX, undefined=_Undefined, strict_filters=False)


def render_liquid(
    text: str,
    *,
    page: Mapping[str, Any],
    site: Mapping[str, Any],
    data: Mapping[str, Any],
    posts_url: UrlResolver | None = None,
) -> tuple[str, list[str]]:
    """``text`` with its Liquid rendered as Jekyll would, and what was not rendered.

    ``page`` is the post's front matter, ``site`` the site's ``_config.yml``,
    ``data`` the contents of its ``_data/`` folder (``site.data``), ``posts_url``
    resolves ``{% link %}`` and ``{% post_url %}``. A post whose front matter says
    ``render_with_liquid: false`` is left as it is, as Jekyll leaves it.
    """
    if "{" not in text or _HAS_LIQUID.search(text) is None:
        return text, []
    if page.get("render_with_liquid") is False:
        return text, []
    names: list[str] = []
    _collector.names, _collector.resolve = names, posts_url
    try:
        if len(text) > MAX_INPUT:
            raise ValueError("too long to render")
        site_vars = {**site, "data": data}
        template = _env.from_string(text, globals={"page": dict(page), "site": site_vars})
        rendered = template.render()
    except Exception:  # any failure of the engine: strip instead
        names.clear()
        rendered = _strip(text, names)
    finally:
        _collector.names, _collector.resolve = None, None
    return rendered, names


def _strip(text: str, names: list[str]) -> str:
    """Every Liquid tag and output statement removed (``raw`` kept), each named once."""

    pieces: list[str] = []
    position = 0
    for raw in _RAW_BLOCK.finditer(text):
        pieces.append(_strip_all(text[position : raw.start()], names))
        pieces.append(raw.group(1))
        position = raw.end()
    pieces.append(_strip_all(text[position:], names))
    return "".join(pieces)


def _strip_all(text: str, names: list[str]) -> str:
    def drop(match: re.Match[str]) -> str:
        found = match.group()
        tag = _TAG_NAME.match(found)
        name = "{% " + tag.group(1) + " %}" if tag else " ".join(found.split())[:80]
        if name not in names and len(names) < 100:
            names.append(name)
        return ""

    return _ANY_LIQUID.sub(drop, text)
