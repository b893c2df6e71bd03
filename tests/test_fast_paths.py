"""Every speed-up gives what the plain way gives: each fast path against its reference.

The corpus digest (tests/test_golden.py) holds the whole corpus's output; these
tests hold the fast paths on the shapes the corpus lacks.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import lxml.etree
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

import newspost
from newspost import (
    _decode,
    _frontmatter,
    _loaders,
    _markdown,
    _marks,
    _origin,
    _paragraphs,
    _permalink,
    _render,
    _sections,
    _source,
)
from newspost._binary import looks_binary
from newspost._diagnostics import Diagnostics
from newspost._loaders import load_yaml
from newspost._state import Fields
from newspost._urls import is_unsafe_url
from tests.corpus import CORPUS

TRICKY_HTML = [
    '<meta charset="gbk"><p>中文 café</p>',
    '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>中文 é</p>',
    '<?xml version="1.0" encoding="latin-1"?><p>é 中</p>',
    "a\x00b<p>c\x01d\ufffe\uffff\U0001f600</p>",
    "\ufeff<p>x</p>",
    "<p>\ufdd0\ufdef x</p>",
    "<p>&#0; &#xD800; &#x110000; &nbsp; &eacute</p>",
    "é only latin1 <b>x</b>",
    "<p>\x80\x9f ÿ</p>",
    "<!DOCTYPE html><p>x</p>",
    "\r\n<p>a\rb</p>",
    "<div><p>unclosed <b>bold<p>next</div>",
    "<td>cell</td><tr><th>head",
]


@pytest.mark.parametrize("html", TRICKY_HTML)
def test_html_read_as_utf8_bytes_gives_the_tree_of_the_str(html: str) -> None:
    document = f"<html><body>{html}</body></html>"
    as_str = lxml.etree.fromstring(document, lxml.etree.HTMLParser(huge_tree=True))
    as_bytes = lxml.etree.fromstring(document.encode("utf-8"), _paragraphs._parser())
    assert lxml.etree.tostring(as_bytes, encoding="unicode") == lxml.etree.tostring(
        as_str, encoding="unicode"
    )


def test_html_with_a_lone_surrogate_loses_only_the_surrogate() -> None:
    # UTF-8 cannot hold it: removed before libxml2 reads the UTF-8 bytes, the rest kept.
    assert _paragraphs.extract_html("<p>a\ud800b</p><p>c</p>").paragraphs == ["ab", "c"]


# The emphasis rule as it was written first: a template per run.
_AFTER = re.compile(r"\*(?<=[^\s\w\\*]\*)\**(?=[^\s*])|~~(?<=[^\s\w\\~]~~)~*(?=[^\s~])")
_BEFORE = re.compile(r"\*(?<=[^\s*]\*)\**(?=[^\s\w*])|~~(?<=[^\s~]~~)~*(?=[^\s\w~])")


def _emphasis_reference(text: str, mark: str) -> str:
    text = _AFTER.sub(mark + r"\g<0>", text)
    return _BEFORE.sub(r"\g<0>" + mark, text)


@given(st.text(alphabet="*~ a。，!\\_\n中", max_size=40))
def test_emphasis_marks_as_the_template_did(text: str) -> None:
    assert _render._emphasis(text, "\ufdef") == _emphasis_reference(text, "\ufdef")


@given(
    st.lists(
        st.sampled_from(["*", "**", "~", "~~", "~~~", "a", "。", " ", "\\", "\n"]), max_size=14
    )
)
def test_emphasis_star_and_tilde_runs_side_by_side_as_the_template_did(pieces: list[str]) -> None:
    """Each delimiter has its own patterns now: runs of both, touching, as one pattern had them."""
    text = "".join(pieces)
    assert _render._emphasis(text, "\ufdef") == _emphasis_reference(text, "\ufdef")


@given(st.text(alphabet="|\\a \n", max_size=30))
def test_unescaped_pipe_found_as_by_the_lookbehind_first_pattern(text: str) -> None:
    reference = re.compile(r"(?<!\\)\|")
    assert _render._UNESCAPED_PIPE.split(text) == reference.split(text)
    found = [m.span() for m in _render._UNESCAPED_PIPE.finditer(text)]
    assert found == [m.span() for m in reference.finditer(text)]


@given(
    st.lists(st.sampled_from(["|", "\\|", " ", "\t", "a", "中", "-", ":", "=", "+"]), max_size=12)
)
def test_a_table_row_alone_made_as_any_table(pieces: list[str]) -> None:
    """The short way for a one-row table gives what the general one gives for it."""
    row = "".join(pieces)
    general = _render._gfm_table([r for r in [row] if not _render._TABLE_SEPARATOR.match(r)])
    assert _render._table([row]) == general


_SPAN_LINE = st.builds(
    lambda indent, slash, name, rest: f"{indent}<{slash}{name}{rest}",
    st.sampled_from(["", " ", "   ", "    "]),
    st.sampled_from(["", "/"]),
    st.sampled_from([*sorted(_render._SPAN_ELEMENTS), "SPAN", "Br", "spanx", "div", "p", "td"]),
    st.sampled_from(["", ">", " />", ' class="a">x', ">x</a>", "></div>", "><!--", "> | b"]),
)
_OTHER_LINE = st.sampled_from(
    ["", "  ", "text", "<div>", "</div>", "<p>a</p>", "<!-- c -->", "| a | b", ": d", "#"]
)


@given(st.lists(st.one_of(_SPAN_LINE, _OTHER_LINE), max_size=6), st.booleans())
def test_a_line_opening_with_a_span_tag_read_as_html_line_reads_it(
    lines: list[str], previous_blank: bool
) -> None:
    """kramdown_to_commonmark marks such a line at once: no raw element, _html_line's span rule."""
    mark = "\ufdef"
    for index, line in enumerate(lines):
        tag = _render._TAG_LINE.match(line)
        if tag is None or tag.group(3).lower() not in _render._SPAN_ELEMENTS:
            continue
        assert _render._raw_element_end(list(lines), index, tag) is None
        out: list[str] = []
        got = _render._html_line(line, tag, list(lines), index, out, previous_blank, mark)
        assert (got, out) == (tag.group(1) + mark + line[tag.end(1) :], [])


def _jekyll_reference(fields: Fields, template: str) -> str:
    """Every placeholder computed up front, as the first version did."""
    date, slug = fields.date, fields.slug or ""
    assert date is not None
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "i_month": str(date.month),
        "day": f"{date.day:02d}",
        "i_day": str(date.day),
        "short_year": f"{date.year % 100:02d}",
        "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}",
        "week": f"{date.isocalendar()[1]:02d}",
        "short_day": date.strftime("%a"),
        "long_day": date.strftime("%A"),
        "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"),
        "title": _permalink._slugify(slug, _permalink._PRETTY, cased=True),
        "slug": _permalink._slugify(slug, _permalink._DEFAULT, cased=False),
        "name": _permalink._slugify(slug, _permalink._DEFAULT, cased=False),
        "categories": "/".join(dict.fromkeys(c.lower() for c in fields.categories)),
        "output_ext": ".html",
        "collection": "posts",
    }
    return _permalink._PLACEHOLDER.sub(
        lambda m: quote(values.get(m.group(1), m.group(0)), safe=_permalink._SAFE), template
    )


@pytest.mark.parametrize(
    "template",
    [
        *_permalink._STYLES.values(),
        "/:year/:i_month/:i_day/:short_year/:hour:minute:second/:slug/:name:output_ext",
        "/:collection/:long_day/:short_month/:long_month/:unknown/:categories/:title/",
    ],
)
@given(
    slug=st.sampled_from(["Hello, World_ 中文 (1)", "abc123", "a²", "ａｂ", "x-y", "İı"])
    | st.text(max_size=8),
    category=st.sampled_from(["Zh CN", "news", "N٣"]) | st.text(max_size=4),
)
def test_jekyll_placeholders_as_computed_up_front(template: str, slug: str, category: str) -> None:
    # Each placeholder's value as quote() gives it (ASCII letters and digits are kept
    # without asking it).
    fields = Fields()
    fields.date = datetime(2021, 1, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=8)))
    fields.slug = slug
    fields.categories = ["News", "news", category]
    got = _permalink._fill(template, fields.date, fields.slug, fields)
    assert got == _jekyll_reference(fields, template)


@pytest.mark.parametrize(
    "data",
    [
        "---\ntitle: a\x01\n---\nb\ud800c\x7f\r\n",
        "---\ntitle: plain\n---\n中文\n",
        b"---\ntitle: a\x01\n---\nb\x7f",
        b"\xef\xbb\xbf---\ntitle: x\x00y\n---\n",
        "---\ntitle: \x1f\ud83d\ude00\n---\n\ud83d",
        "\ufeff" + "x" * 100,
        "---\ntitle: a\ufffe\n---\nb\uffff\n",
        "---\ntitle: a\ufffe\n---\nb\uffff\n".encode(),
        "---\ntitle: a\n---\nb\ufffe\x01\ud800\n",
        b"\xef\xbb\xbf---\ntitle: a\n---\nb\xef\xbf\xbe\x01\n",
    ],
)
def test_origin_is_repaired_as_the_regexes_did(data: str | bytes) -> None:
    post = newspost.parse(data)
    decoded = data if isinstance(data, str) else data.decode("utf-8", "replace")
    text, codec, exact = _origin._source_text(data, decoded, None)
    if _origin._SURROGATE.search(text):
        text, exact = _origin._SURROGATE.sub("\ufffd", text), False
    if _origin._CONTROL.search(text):
        text, exact = _origin._CONTROL.sub("", text), False
    origin = post._origin
    assert origin is not None
    assert (origin.text, origin.encoding, origin.exact) == (text, codec, exact)


YAML_DOCUMENTS = [
    "title: a\ndate: 2021-01-02 03:04:05\ntags: [a, b]\nn: 1\nf: 1.5\nb: yes\nz: ~\n",
    "a: &x 1\nb: *x\nc: &l [1, 2]\nd: *l\ne: &m {k: v}\nf: *m\n",
    "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nlist:\n  <<: [*b, {z: 4}]\n",
    "a: &a [*a]\n",
    "a: &a [1]\nb: [*a, *a, *a]\nc: [*b, *b]\n",
    "x: !!python/object/apply:os.system [echo hi]\n",
    "x: !!int abc\n",
    "x: !!str {a: 1}\n",
    "x: !!float 1\ny: !!str 3\nz: !!bool 'on'\n",
    "=: x\ny: =\n",
    "[a, b]: 1\n",
    "{a: 1}: 2\n",
    "a: 1\na: 2\nb: 3\n",
    "? [complex]\n: key\n",
    "nums: [0x1F, 0o17, 1_000, '1:30', 1:30, -1:30, .inf, -.Inf, .NaN, 1e3, +12]\n",
    "bools: [yes, No, ON, off, true, FALSE, y, n]\n",
    "",
    "# only a comment\n",
    "a: 1\n---\nb: 2\n",
    "bin: !!binary aGVsbG8=\nset: !!set {a, b}\nomap: !!omap [a: 1]\npairs: !!pairs [a: 1]\n",
    "- a\n- b: [c, {d: e}]\n",
    "just a string",
    "a: [unclosed\n",
    "a: {b: {c: {d: {e: [[[[[1]]]]]}}}}\n",
    "a: !custom x\n",
    "ts: !!timestamp 2021-01-02\n",
    "k: &s text\n*s : v\n",
]


def _outcome(load: object, text: str) -> str:
    try:
        return repr(load(text))  # type: ignore[operator]
    except Exception as error:  # the error too must be the same
        return f"{type(error).__name__}: {error}"


def _pyyaml_built(text: str) -> object:
    """load_yaml's reference: PyYAML's constructor builds (aliases still measured first)."""
    return load_yaml(text, one_pass=False)


@pytest.mark.parametrize("text", YAML_DOCUMENTS)
def test_yaml_fast_pass_gives_what_pyyaml_gives(text: str) -> None:
    assert _loaders._ONE_PASS
    reference = _outcome(_pyyaml_built, text)
    assert _outcome(load_yaml, text) == reference
    if "*" not in text:  # no aliases to measure: the reference is yaml.load itself
        assert reference == _outcome(lambda t: yaml.load(t, Loader=_loaders.SafeLoader), text)


_SCALAR = st.one_of(
    st.text(alphabet="ab1:-. #&*!'\"yno~", max_size=6),
    st.sampled_from(["yes", "off", "~", "null", "0x1F", "1_0", ".inf", "1:30", "<<", "="]),
)


@given(
    st.recursive(
        _SCALAR,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_SCALAR, inner, max_size=3),
    )
)
def test_yaml_fast_pass_on_generated_documents(value: object) -> None:
    for text in (yaml.safe_dump(value), yaml.safe_dump(value, default_flow_style=True)):
        reference = _outcome(_pyyaml_built, text)
        assert _outcome(load_yaml, text) == reference


@given(st.text(alphabet=":-[]{},&*!?<=#| \nab1'\"", max_size=40))
def test_yaml_fast_pass_on_arbitrary_text(text: str) -> None:
    reference = _outcome(_pyyaml_built, text)
    assert _outcome(load_yaml, text) == reference


# Lines near the edges of what ``_loaders.flat_lines`` reads without the C parser.
_FLAT_KEY = st.sampled_from(
    ["title", "a_1", "y", "on", "Null", "TRUE", "_", "a-b", "a b", "<<", "1", "é", "x" * 130]
) | st.text(alphabet="aYn_1-:", min_size=1, max_size=4)
_FLAT_SEPARATOR = st.sampled_from([":", ": ", ":  ", ":\t", " :", ": \t", "::"])
_FLAT_VALUE = st.one_of(
    st.text(alphabet="ab1.:#\"'\\ -?[]{},&*!|>%@`~=<\t\x85\u2028\ufeff\xa0中", max_size=8),
    st.text(alphabet='ab:#"\\ \t\x01中', max_size=6).map(lambda text: f'"{text}"'),
    st.text(alphabet="ab:#'\" \t\x01中", max_size=6).map(lambda text: f"'{text}'"),
    st.sampled_from(
        ["~", "null", "yes", "Off", "0x1F", "1_0", "-1", "+0800", ".inf", "1:30", "1e3", "<<", "="]
    ),
    st.sampled_from(["2021-12-28 10:33:15 +0800", "'q'", '"a" ', "a  b ", "a # c", "a:b", "a: b"]),
)
_FLAT_LINE = st.one_of(
    st.builds("".join, st.tuples(_FLAT_KEY, _FLAT_SEPARATOR, _FLAT_VALUE)),
    st.builds(
        "{}: {}".format,
        st.sampled_from(["title", "a_1", "on"]),
        _FLAT_VALUE | st.text(alphabet="a1.: -#[,~'\"\xa0中", max_size=6),
    ),
    st.sampled_from(["tags:", "tags:  ", "a:", "a: ~", "a: ''"]),  # an empty value: a list?
    # items of a list: as far in as the first, or not; a nested list or mapping
    st.builds(
        "{}-{}{}".format,
        st.sampled_from(["", "", " ", "  ", "\t"]),
        st.sampled_from(["", " ", "  ", "\t"]),
        _FLAT_VALUE | st.sampled_from(["- a", "a: b", "[a]", "x"]),
    ),
)


@given(st.lists(_FLAT_LINE | st.sampled_from(["", " ", "  x: 1", "- a", "# c", "---"]), max_size=5))
@example(["layout: post", 'title: ""', "date:  +0800", "categories: emnews", "tags: 东财滚动新闻"])
@example(["a: 1", "a: 2", "b:", "c: ~", "d: 中 文  "])
@example(["categories:", "- A", "- B c", "tags:", "  - x", "  - 'y'", "b: ''"])
def test_flat_yaml_read_as_the_c_parser_reads_it(lines: list[str]) -> None:
    for text in ("\n".join(lines), "\n".join(lines) + "\n"):
        assert _outcome(load_yaml, text) == _outcome(_pyyaml_built, text)


@given(st.lists(_FLAT_LINE | st.sampled_from(["", "a: 1", "a: 2", "title: x"]), max_size=6))
@example(["layout: post", "title: a # b", "date:  +0800", "layout: page", "", "title: c"])
def test_flat_front_matter_read_as_raw_lines_and_load_read_it(lines: list[str]) -> None:
    # One pass over flat lines gives the keys as written, their lines, the warnings on
    # repeated keys and the mapping, as _raw_lines then PyYAML's constructor give them.
    text = "\n".join(lines) + "\n"
    diag = Diagnostics(None, False)
    flat = _frontmatter._flat_front_matter(text, 3, diag)
    if flat is None:
        return
    raw, meta = flat
    reference = Diagnostics(None, False)
    assert raw == _frontmatter._raw_lines(text, 3, reference)
    assert repr(meta) == repr(load_yaml(text, one_pass=False))
    assert diag.warnings == reference.warnings


def test_flat_yaml_is_read_without_the_parser() -> None:
    text = 'layout: post\ntitle: "a: #1"\ndate:  +0800\nn: 1\nz:\n\nc: x [b] {c}, d\n'
    assert _loaders._flat(text) == {
        "layout": "post",
        "title": "a: #1",
        "date": "+0800",
        "n": 1,
        "z": None,
        "c": "x [b] {c}, d",
    }
    text = "categories:\n- A\n- B c\ntags:\n  - 'x'' y'\n  -\nn: 'q'\n"
    assert _loaders._flat(text) == {"categories": ["A", "B c"], "tags": ["x' y", None], "n": "q"}
    not_flat = ("a: *b\n", "", "\n", "a: 1\n b: 2\n", "a: 1\n- b\n", "a:\n - b\n  - c\n")
    for text in (*not_flat, "yes: 1\n", "a: =\n", "- a\n", "a: '\\'\n'\n"):
        assert _loaders._flat(text) is None


@given(
    st.text(alphabet="0123456789abefilnorstuxyNOTY~.:+-_ eE\n", max_size=8)
    | st.sampled_from(
        ["", "~", "null", "Null", "yes", "off", ".inf", "-.Inf", ".NaN", "0x1F", "0o17"]
    )
    | st.sampled_from(["1_000", "1:30", "-1:30", "1e3", "+12", "=", "<<", "2021-01-02", "中"]),
    st.tuples(st.booleans(), st.booleans()),
    st.sampled_from([yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode]),
)
def test_yaml_tags_resolved_as_pyyaml_resolves_them(
    value: str, implicit: tuple[bool, bool], kind: type[yaml.Node]
) -> None:
    # The C parser asks for each scalar's tag; the resolvers to try are made once per
    # first character instead of for each scalar: the same tag as PyYAML's resolve().
    loader = _loaders.SafeLoader("")
    try:
        expected = yaml.resolver.BaseResolver.resolve(loader, kind, value, implicit)
        assert loader.resolve(kind, value, implicit) == expected
    finally:
        loader.dispose()


def _clean_reference(text: str, diag: Diagnostics) -> str:
    """``_decode.clean`` as first written: the two tests as regexes on the text."""
    if text.startswith("\ufeff"):
        diag.warn("bom", "byte-order mark removed", line=1, fatal=False)
        text = text[1:]
    if "\r" in text:
        diag.warn("line_endings", "CRLF or CR line endings normalised to LF", fatal=False)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _decode._SURROGATE.search(text):
        diag.warn("decode_failed", "lone surrogate code points replaced with U+FFFD")
        text = _decode._SURROGATE.sub("\ufffd", text)
    match = _decode._CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        kind = "NUL bytes" if "\x00" in text else "control characters"
        diag.warn("control_characters", f"{kind} removed", line=line)
        text = _decode._CONTROL.sub("", text)
    return text


@given(st.text(alphabet="a中\n\r\t\x00\x01\x1f\x7f\x80\ud800\udfff\ufeff😀 ", max_size=30))
def test_clean_as_the_regexes_did(text: str) -> None:
    fast, reference = Diagnostics("p", strict=False), Diagnostics("p", strict=False)
    assert _decode.clean(text, fast) == _clean_reference(text, reference)
    assert fast.warnings == reference.warnings


@pytest.mark.parametrize(
    "html",
    [
        '<p STYLE="display:none">a</p><p>b</p><iframe></iframe>',
        "<p HiDdEn>a</p>b<video></video>",
        '<div sTyLe="visibility: hidden">a<p>b</p></div>tail<audio></audio>',
        '<p style="display&#58;none">a</p><p>b</p><svg></svg>',
        '<p data-style="x">a</p><p>b</p><script>x</script>',
        "<p>display: none</p><button>x</button>",
        '<p>a</p><p title="&#115;tyle">b</p><iframe></iframe>',
        '<p st&#121;le="display:none">a</p><p>b</p>',
        '<p style="&#100;isplay:none">a</p><p>b</p>',
        '<p style="diſplay:none">a</p><p>b</p><p>display</p>',  # ſ is no s in CSS
        "<P>a</P><SCRIPT>x</SCRIPT><AuDiO>y</AuDiO>",
        "<p>a\x01b</p><p>\ud800c</p><p>\ufffe\uffffd</p><p>&#1;e&#xFFFE;</p></BODY>f",
        "<p>a</p></html ><p>b</p>",
    ],
)
def test_hidden_elements_found_as_without_the_hint(
    html: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cheap tests on the markup (each a literal scan) never skip work that matters."""
    fast = _paragraphs.extract_html(html)
    for name in _GATES:
        monkeypatch.setattr(_paragraphs, name, re.compile(b""))  # matches every markup
    monkeypatch.setattr(_paragraphs, "_needs_cleaning", lambda data: True)
    assert fast == _paragraphs.extract_html(html)


# The cheap tests on the markup that let extract_html skip work.
_GATES = (
    "_CHARACTER_REFERENCE",
    "_SKIPPED_TAG",
    "_HIDDEN_WORD",
    "_DISPLAY_WORD",
    "_STYLE_WORD",
    "_DOCUMENT_END",
    "_NONCHARACTER",
)
_MARKUP_PARTS = [
    *("<p>", "</p>", "<div>", "</div>", "<li>", "<br>", "<hr>", "<td>", "<th>", "<tr>", "<table>"),
    *("<b>", "</b>", "<span>", "</span>", "<pre>", "</pre>", "<h2>", "<figure>", "<figcaption>"),
    *("<p hidden>h", '<p HIDDEN="">h', '<p style="display:none">n', '<div STYLE="x">', "<p st"),
    *('<p st&#121;le="display:none">r', '<p style="&#100;isplay: none">r', '<b title="style">'),
    *('<p style="visibility: HIDDEN">v', "<script>s", "</script>", "<video>v", "</video>"),
    *("<svg>g", "<IFRAME>f", "</iframe>"),
    *('<img src="a.png" alt="x">', '<img data-src="b">', "<IMG SRC=c>", "<img>", "<image src=d>"),
    *("<!-- c -->", "<!--", "-->", "&#1;", "&#x41;", "&#38;", "&amp;", "&#", "</body>", "</HTML >"),
    *("a", "b c", "中文", " ", "  ", "\n", "\t", "\xa0", "\u3000", "\x01", "\x00", "\ufffe"),
    *("\ud800", "\ufdd0", "display", "hidden", ">", "<", "/", '"', "="),
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_MARKUP_PARTS), max_size=24).map("".join))
@example("<p>a</p></BODY><p>b</p>")
@example("<p>a</p></body ><p>b</p>\x01")
@example('<p STYLE="DISPLAY: NONE">a</p><p>b</p>')
def test_extract_html_as_with_every_gate_open(html: str) -> None:
    """Each fast path of extract_html against the long way taken for every markup."""
    fast = _paragraphs.extract_html(html)
    saved = {name: getattr(_paragraphs, name) for name in (*_GATES, "_needs_cleaning")}
    try:
        for name in _GATES:
            setattr(_paragraphs, name, re.compile(b""))  # matches every markup
        _paragraphs._needs_cleaning = lambda data: True
        slow = _paragraphs.extract_html(html)
    finally:
        for name, value in saved.items():
            setattr(_paragraphs, name, value)
    assert fast == slow


_PLAIN_SKIPPED_TAG = re.compile(
    rb"<(?:" + "|".join(sorted(_paragraphs._SKIPPED)).encode() + rb")\b"
)
_TAG_PARTS = [b"<", b">", b" ", b"/", b"x", b"a", b"s", b"<s", b"<a", b"<t", b"<p", b"<svg"]
_TAG_PARTS += [name.encode() for name in sorted(_paragraphs._SKIPPED)]


@given(st.lists(st.sampled_from(_TAG_PARTS), max_size=12).map(b"".join))
def test_skipped_tag_scan_finds_what_the_plain_alternatives_find(markup: bytes) -> None:
    found = _paragraphs._SKIPPED_TAG.search(markup)
    reference = _PLAIN_SKIPPED_TAG.search(markup)
    assert (found and found.span()) == (reference and reference.span())


@pytest.mark.parametrize("name", sorted(_paragraphs._SKIPPED))
def test_skipped_tag_scan_finds_each_name(name: str) -> None:
    found = _paragraphs._SKIPPED_TAG.search(b"<p>a</p><" + name.encode() + b" x>")
    assert found is not None and found.start() == 8


# The hints as plain alternatives: what each looked like before its lookahead.
_PLAIN_HINTS = {
    "_ATTRIBUTION_HINT": r"来源|来自|转载自|转自|摘自|稿源|source|via|published|appeared",
    "_EDITOR_HINT": r"[责编校审监]|edit|&",
}


@pytest.mark.parametrize("name", sorted(_PLAIN_HINTS))
def test_source_hint_finds_every_spelling_the_plain_alternatives_find(name: str) -> None:
    # The lookahead lets the engine skip characters that start no word: it must let
    # through every character that starts one under IGNORECASE (``ſource``, ``Ｓ``…).
    hint = getattr(_source, name)
    plain = re.compile(_PLAIN_HINTS[name], re.IGNORECASE)
    words = []
    for alternative in _PLAIN_HINTS[name].split("|"):
        # a class of characters: each a word of its own
        words += list(alternative[1:-1]) if alternative.startswith("[") else [alternative]
    for code in range(0x30000):
        character = chr(code)
        for word in words:
            text = "x " + character + word[1:]
            assert (hint.search(text) is None) == (plain.search(text) is None), (name, hex(code))


def _mark_every_block(body: lxml.etree._Element, mark: str) -> None:
    """A mark at both edges of every block and ``<br>``, as extract_html did first."""
    for element in body.iter(*_paragraphs._BLOCKS, "br"):
        inner, tail = element.text, element.tail
        element.text = mark + inner if inner else mark
        element.tail = mark + tail if tail else mark


_BLANK = ["", " ", "\n", "\n\n", "\t", "\xa0", "&nbsp;", "&#32;"]
_LEAVES = [*_BLANK, "a", "b c", "中", "d", "e", "<br>", "<hr>", "<!-- c -->", "<img src=i>", "</p>"]
_TAGS = ["p", "div", "li", "ul", "blockquote", "h2", "tr", "td", "section"]
_TAGS += ["b", "span", "a", "em", "i"]


def _html_trees() -> st.SearchStrategy[str]:
    """Nested HTML: blocks and inline elements around blank and visible text."""
    leaves = st.sampled_from(_LEAVES)

    def nested(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        element = st.tuples(st.sampled_from(_TAGS), st.lists(children, max_size=5))
        return st.one_of(
            element.map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
            st.lists(children, max_size=5).map("".join),
        )

    return st.recursive(leaves, nested, max_leaves=40)


@settings(max_examples=400)
@given(_html_trees())
@example("x<div>\n<b>a</b><p>b</p></div>")  # a first child only if no element is before it
@example("x<div>\n<span>a<p>b</p></span></div>")  # a first child of the block itself
@example("x<div>a<p>b</p></div>")  # the block's own text is not blank
@example("<p>x</p>\n<div>a<p>b</p></div>")  # text unread is not known to be blank
@example("<p>x</p>y<p>z</p>")  # text between the blocks
@example("<p>x</p><!-- c -->y<p>z</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>")
def test_block_marks_left_out_cut_the_same_paragraphs(html: str) -> None:
    """_mark_blocks leaves out the start marks that could only cut off a blank piece."""
    mark = "\ufdd0"
    paragraphs = []
    for place_marks in (_paragraphs._mark_blocks, _mark_every_block):
        root = lxml.etree.fromstring(f"<html><body>{html}".encode(), _paragraphs._parser())
        body = root.find("body")
        assert body is not None
        place_marks(body, mark)
        text = lxml.etree.tostring(body, method="text", encoding="unicode")
        paragraphs.append(_paragraphs.paragraphs_between(text, mark))
    assert paragraphs[0] == paragraphs[1]


def test_no_whitespace_but_the_space_is_printable() -> None:
    """What _paragraphs.paragraphs_between relies on, over every code point of this Python."""
    characters = map(chr, range(0x110000))
    assert [c for c in characters if c.isspace() and c.isprintable()] == [" "]


_TEXT_PARTS = ["a", "中", "b c", " ", "  ", "\n", " \n ", "\t", "\r", "\x0b", "\x00", "\u200b"]
_TEXT_PARTS += ["\u3000", "\xa0", "\u2028", "\x1c", "\x85", "\ufdd0", "\ufdd0\n\ufdd0"]


@given(st.lists(st.sampled_from(_TEXT_PARTS), max_size=16).map("".join))
@example("a  b\ufdd0 c \n d\ufdd0\ne\n\ufdd0f\tg\ufdd0h\u3000i\xa0j\ufdd0 \n\ufdd0")
def test_pieces_folded_apart_as_the_whole_text_folded(text: str) -> None:
    mark = "\ufdd0"
    whole = _paragraphs.fold(text).replace(" " + mark, mark).replace(mark + " ", mark)
    reference = [piece for piece in whole.split(mark) if piece]
    assert _paragraphs.paragraphs_between(text, mark) == reference


def test_jsonl_file_holds_the_bytes_of_to_json(tmp_path: Path) -> None:
    posts: list[newspost.Post] = [
        newspost.parse('---\ntitle: 中文 "q" \\\\ \u2028\ndate: 2021-01-02\n---\n<p>a</p>\n\nb'),
        newspost.Post(title="B", extra={"x": [1, 2.5, None, {"y": "é"}]}),
    ]
    if CORPUS.is_dir():
        posts += [r for r in newspost.parse_dir(CORPUS, workers=1) if isinstance(r, newspost.Post)]
    target = tmp_path / "out.jsonl"
    assert newspost.write_jsonl(posts, target) == len(posts)
    expected = "".join(post.to_json() + "\n" for post in posts).encode("utf-8")
    assert target.read_bytes() == expected


@given(st.text(alphabet=" \t\n:#a*~|<{", max_size=24))
def test_kramdown_told_apart_as_by_one_multiline_pattern(text: str) -> None:
    """The cheap test (literal scans) says yes exactly where the one pattern matches."""
    reference = re.compile(r"[*~|<]|\{:|^[ \t]*:[ \t]|^ {0,3}#+[ \t]*$", re.MULTILINE)
    assert _render._kramdown_differs(text) == (reference.search(text) is not None)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.booleans(), min_size=95, max_size=110),
    st.sampled_from(["yaml-block", "yaml-flow", "json", "toml", "toml-dotted"]),
)
def test_front_matter_too_deep_only_where_its_text_can_be(lists: list[bool], style: str) -> None:
    """The cheap bound on the text never skips a tree deeper than the limit."""
    value: object = "leaf"
    for is_list in reversed(lists):
        value = [value] if is_list else {"k": value}
    if style == "toml-dotted":  # a.b.c… = 1: a table per dot
        text = ".".join("k" for _ in lists) + ' = "leaf"'
        loaded = _loaders.load_toml(text)
    elif style == "toml":  # nested inline tables and arrays
        loaded = _loaders.load_toml(text := "root = " + json.dumps(value).replace('"k":', "k ="))
    elif style == "json":
        loaded = json.loads(text := json.dumps({"root": value}))
    else:
        text = yaml.safe_dump({"root": value}, default_flow_style=style == "yaml-flow")
        loaded = yaml.safe_load(text)
    height = len(lists) + (style != "toml-dotted")  # the document's own table or mapping
    assert _loaders.too_deep(loaded) == (height > _loaders.MAX_DEPTH)
    if _loaders.too_deep(loaded):
        assert _loaders.may_be_too_deep(text)


def test_ordinary_front_matter_is_not_walked_for_depth() -> None:
    assert not _loaders.may_be_too_deep('title: "A"\ntags: [a, b]\ndate: 2024-01-02\n')
    assert _loaders.may_be_too_deep("a: &x [1]\nb: *x\n")  # an alias: always walked


@given(st.text(alphabet="a中\n\r\t\x00\x01\x1f\x7f\x80\ufeff\ufffe😀-: ", max_size=40))
def test_bytes_read_as_utf8_are_not_encoded_again(text: str) -> None:
    # A file that decodes as UTF-8 as it stands is its text's UTF-8: clean() and the
    # origin take it as it is instead of finding it out again, with the same results.
    data = text.encode("utf-8")
    decoded, exact = _decode.decode(data, None, Diagnostics("p", strict=False))
    assert exact == (not data.startswith(b"\xef\xbb\xbf"))
    if exact:
        fast, reference = Diagnostics("p", strict=False), Diagnostics("p", strict=False)
        assert _decode.clean(decoded, fast, data) == _decode.clean(decoded, reference)
        assert fast.warnings == reference.warnings
    if looks_binary(data, None):
        return  # not a post (the test of its bytes is the same either way)
    post = newspost.parse(data)
    given_bytes = post._origin
    found_out = _origin.with_origin(post, data, decoded, None)._origin
    assert (given_bytes.text, given_bytes.encoding, given_bytes.exact) == (
        found_out.text,
        found_out.encoding,
        found_out.exact,
    )


def _sections_by_lines(
    text: str, first_line: int, diag: Diagnostics, site_url: str | None
) -> _sections.Sections:
    """split_layout's reference: the body split into a list of lines, as it was read."""
    layout = _sections.Sections()
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].lstrip().startswith(">"):
        end = start
        while end < len(lines) and lines[end].lstrip().startswith(">"):
            end += 1
        quoted = [re.sub(r"^[ \t]*>[ \t]?", "", line) for line in lines[start:end]]
        layout.lead = "\n".join(quoted).strip() or None
        start = end
    index, link_lines = len(lines), []
    while index > start:
        line = lines[index - 1]
        if line.strip():
            links = _sections.link_line(line)
            if links is None or not all(_sections.is_site_url(u, site_url, None) for _, u in links):
                break
            link_lines.append(links)
        index -= 1
    for links in reversed(link_lines):
        layout.links.extend(links)
    while index > start and not lines[index - 1].strip():
        index -= 1
    if index > start:
        autolink = _sections.AUTOLINK.fullmatch(lines[index - 1])
        url = autolink.group(1) if autolink is not None else None
        if autolink is not None and (
            not url or _sections._WEB_URL.match(url) or is_unsafe_url(url)
        ):
            index -= 1
            if url and is_unsafe_url(url):
                diag.warn("unsafe_url", "ignored", line=first_line + index, fatal=False)
            else:
                layout.original_url = url or None
    stop = index
    while start < stop and not lines[start].strip():
        start += 1
    layout.article = "\n".join(lines[start:stop]).rstrip()
    layout.article_line = first_line + start
    return layout


SECTION_LINES = [
    "",
    " ",
    "\u3000",
    "> lead",
    " >quoted",
    "text",
    "<p>a</p>",
    "<https://origin.example/a>",
    "<mailto:x@example.org>",
    "<>",
    "[Home](/)",
    "[Home](/)｜[Top](https://news.example/)",
    "[Other](https://elsewhere.example/)",
]


@given(st.lists(st.sampled_from(SECTION_LINES), max_size=12), st.sampled_from(["", "\n"]))
def test_sections_found_as_from_a_list_of_lines(lines: list[str], end: str) -> None:
    text = "\n".join(lines) + end
    fast, reference = Diagnostics("p", strict=False), Diagnostics("p", strict=False)
    got = _sections.split_layout(text, 3, fast, "https://news.example")
    want = _sections_by_lines(text, 3, reference, "https://news.example")
    assert got == want
    assert [w.line for w in fast.warnings] == [w.line for w in reference.warnings]


_BLOCK_PIECES = [*"\n \t\r\u3000\x1ca<", "\n\n", "\n \t\n", "<a", "<!", "</", "<?", "<1"]
# More space after a blank line than the scan looks through (64): the blocks tested one by one.
_BLOCK_PIECES += ["\n" * 40, " " * 40]


@given(st.lists(st.sampled_from(_BLOCK_PIECES), max_size=12))
def test_pure_html_told_as_by_testing_each_block(pieces: list[str]) -> None:
    """One scan for the blocks after blank lines says what testing each block said."""
    text = "".join(pieces)
    blocks = [block for block in re.split(r"\n[ \t]*\n", text) if block.strip()]
    reference = all(re.match(r"\s*<[A-Za-z!/?]", block) for block in blocks)
    assert _paragraphs._pure_html(text) == reference


_MARK_CANDIDATES = ["\ufdd0", "\ufdd1", "\ufdd2", "\ufdef"]
_MARK_PIECES = ["&#xFDD0;", "&#xfdd1", "&#64976;", "&#0064977;", "&#xFDD0A;", "&#649760;"]
_MARK_PIECES += ["&#x0FDD2;", "&#65007", "%EF%B7%90", "%ef%b7%91", "%EF%B7%9", "%eF%B7%AF"]
_MARK_PIECES += ["\ufdd0", "\ufdd1", "a", "&#39;", "%20", "&#", "&#x", "x", "0", "F", "D", "2"]


@given(st.lists(st.sampled_from(_MARK_PIECES), max_size=10), st.booleans())
def test_marks_taken_as_by_reading_every_reference(pieces: list[str], urls: bool) -> None:
    # unused() reads only the references and percent-encodings near the marks: the same
    # choice as reading every one of them.
    text = "".join(pieces)
    referenced = {_marks._code(m) for m in _marks._REFERENCE.finditer(text)}
    upper = text.upper()
    free = [
        mark
        for mark in _MARK_CANDIDATES
        if mark not in text
        and ord(mark) not in referenced
        and not (urls and _marks.percent_encoded(mark) in upper)
    ]
    assert _marks.unused(_MARK_CANDIDATES, text, urls=urls) == (free[0] if free else None)


def _render_as_text(markdown: str, flavor: _render.Flavor) -> str:
    """render's reference: cmark-gfm's HTML decoded first, the mark then taken out of it."""
    if flavor == "goldmark" or not _render._kramdown_differs(markdown):
        return _markdown.as_text(_markdown.to_html_utf8(markdown))
    mark = _marks.unused(_render._NEUTRAL, markdown, urls=True)
    if mark is None:
        mark = _render._NEUTRAL[0]
        markdown = _marks.drop(mark, markdown, urls=True)
    html = _markdown.as_text(_markdown.to_html_utf8(_render.kramdown_to_commonmark(markdown, mark)))
    return html.replace(mark, "").replace(_render._ENCODED[mark], "")


_MARKDOWN_PIECES = ["a", "中", "😀", "\ud800", "\udfff", "\ufdef", "\ufdd0", "&#xFDD0;", "&#1;"]
_MARKDOWN_PIECES += ["&#xFFFE;", "&#65535;"]  # cmark-gfm writes them as 0xFE, 0xFF
_MARKDOWN_PIECES += ["<b>", "</b>", "<p>", "|", "*", "**", "~~", "\n", "\n\n", "`", "# ", "> "]
_MARKDOWN_PIECES += ["[x](u%EF%B7%AF)", "[y](v\ufdef)", "- ", "&amp;", "\ufeff", " ", "![i](s.png)"]
_MARKDOWN_PIECES += ["[l](h/a**“b”**c)", "。**“他”**"]  # marks inside a URL, percent-encoded


@given(
    st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=14).map("".join),
    st.sampled_from([None, "kramdown", "goldmark"]),
)
@example("见[链接](http://example.com/a**“b”**c)\ud800\n", "kramdown")
@example("见[链接](http://example.com/a**“b”**c)\n", "kramdown")
def test_html_handed_over_as_utf8_reads_as_its_text(
    article: str, flavor: _render.Flavor | None
) -> None:
    # Rendered HTML goes to libxml2 as cmark-gfm's UTF-8 bytes, the marks taken out
    # there: the same HTML and paragraphs as when it was decoded first (lone
    # surrogates pass through cmark-gfm: that HTML is decoded, each bad byte a U+FFFD).
    markup = _paragraphs._markup(article, flavor)
    if isinstance(markup, bytes):
        assert "\ud800" not in article and "\udfff" not in article
        markup.decode("utf-8")  # UTF-8, always
    if flavor is not None and not (flavor != "goldmark" and _paragraphs._pure_html(article)):
        assert _markdown.as_text(markup) == _render_as_text(article, flavor)
    as_text = _paragraphs.extract_html(_markdown.as_text(markup))
    assert _paragraphs.extract_html(markup) == as_text


def _kramdown_reference(markdown: str, mark: str) -> str:
    """kramdown_to_commonmark as it read each line before its short paths for text lines and
    table rows: every rule tried on every line, in order."""
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    text_above = False
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        first = line.lstrip(" ")[:1]
        if fence is not None:
            out.append(line)
            stripped = line.strip()
            if first == fence[0] and stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            previous_blank = False
            continue
        if first in ("`", "~") and (opening := _render._FENCE.match(line)):
            fence = opening.group(1)
            out.append(line)
            previous_blank = False
            continue
        if not first:
            out.append(line)
            previous_blank = not line.strip()
            continue
        if first == "#" and _render._EMPTY_HEADING.fullmatch(line):
            line = line.replace("#", "\\#", 1)
        if "{:" in line:
            if _render._BLOCK_IAL.fullmatch(line):
                continue
            line = _render._SPAN_IAL.sub("", line)
        if first == ":" and (definition := _render._DEFINITION.match(line)):
            text_above = text_above or any(o.strip() for o in out)
            if text_above:
                if not previous_blank:
                    out.append("")
                line = definition.group(1) + line[definition.end() :]
                previous_blank = True
                first = line.lstrip(" ")[:1]
        if previous_blank and _render._is_table_start(line):
            end = index
            while (
                end < len(lines)
                and lines[end].strip()
                and _render._UNESCAPED_PIPE.search(lines[end])
            ):
                end += 1
            rows = lines[index - 1 : end]
            if len(rows) > 1 and _render._GFM_DELIMITER_ROW.match(rows[1]) and "-" in rows[1]:
                rows = [rows[0], *(r for r in rows[2:] if not _render._TABLE_SEPARATOR.match(r))]
            else:
                rows = [r for r in rows if not _render._TABLE_SEPARATOR.match(r)]
            out.extend(_gfm_table_reference(rows))
            if end < len(lines) and lines[end].strip():
                out.append("")
            index = end
            previous_blank = False
            continue
        if first == "<":
            tag = _render._TAG_LINE.match(line)
            element = _render._raw_element_end(lines, index - 1, tag)
            if element is not None:
                stop, rest = element
                out.extend(raw if raw.strip() else mark for raw in lines[index - 1 : stop])
                index = stop
                if rest.strip():
                    lines[stop - 1] = rest
                    index = stop - 1
                out.append("")
                previous_blank = True
                continue
            line = _render._html_line(line, tag, lines, index - 1, out, previous_blank, mark)
        out.append(line)
        previous_blank = False
    return _emphasis_reference("\n".join(out), mark)


def _gfm_table_reference(body: list[str]) -> list[str]:
    if not body:
        return [""]
    cells = [_cells_reference(row) for row in body]
    width = max(len(c) for c in cells)
    header = cells[0] + [""] * (width - len(cells[0]))
    return [
        "| " + " | ".join(cell.strip() for cell in header) + " |",
        "|" + "---|" * width,
        *("| " + " | ".join(cell.strip() for cell in row) + " |" for row in cells[1:]),
    ]


def _cells_reference(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return re.split(r"(?<!\\)\|", row)


# Pieces of lines: each rule's opening (after spaces or not), table rows and separator
# lines, attribute lists, fences, HTML, definitions, headings with and without text.
_LINE_PIECES = ["", " ", "   ", "    ", "\t", "a", "中", "|", "\\|", "-", "=", ":", ": ", "+"]
_LINE_PIECES += ["#", "## ", "`", "```", "~~~", "~", "<", "<br />", "<div>", "</div>", "<p>a</p>"]
_LINE_PIECES += ["<!-- c -->", "{:", "{: .c}", "[a](b)", "*", "**", "。", "1. ", "> "]
_LINE_PIECES += ["<SPAN>", "<Small>x</small>", "<spanx>", "<b-1>", "<i2>", "<td>", "[a](b){: .c}"]
_LINES = st.lists(st.sampled_from(_LINE_PIECES), max_size=5).map("".join)


@settings(max_examples=400)
@given(st.lists(_LINES, max_size=10).map("\n".join))
@example("a\n|b")  # text then a row: no table (no blank line above)
@example("\n| a | b\n|---|---\n| c")  # a table of three rows
@example(" | a\n\n| b \\| c\n\n|-+-|")  # rows alone, one with an escaped |, a separator
@example("a {: .c}\n\nb | c\n\n[a](b){: .c} | d")  # attribute lists on text and table lines
@example("| [a](b){: .c} | d\n\n| e\n  \n| f\n| g")  # on a row alone; rows before blanks
@example("#\n## a #\n   ###  \t\n\n: d\n\ta | b")  # empty headings, a definition, a tab
@example("#\t\n##\t \n## a\t\n# #")  # headings without text and with it, ending in blanks
@example("<BR />\n<Span>a</span>\n<spanx>\n<b-1>\n<i2>\n <br />")  # any case; none; indented
@example("<br />[a](b){: .c}\n\n<small>[a](b){:target=x}</small>")  # attributes after a span tag
def test_kramdown_lines_read_as_by_every_rule_in_turn(markdown: str) -> None:
    """The short paths (text copied at once, a row opening with ``|`` taken for a table, a
    heading tested for text only when it ends in ``#`` or a blank) give what trying every
    rule on every line gives."""
    mark = "\ufdef"
    assert _render.kramdown_to_commonmark(markdown, mark) == _kramdown_reference(markdown, mark)


@given(st.lists(st.sampled_from(["|", "\\|", "\\", " ", "\t", "a", "中", "-"]), max_size=12))
def test_table_cells_split_as_by_the_lookbehind(pieces: list[str]) -> None:
    row = "".join(pieces)
    assert _render._cells(row) == _cells_reference(row)


_STAR_AFTER = re.compile(r"(\*(?<=[^\s\w\\*]\*)\**(?=[^\s*]))")
_STAR_BEFORE = re.compile(r"(\*(?<=[^\s*]\*)\**(?=[^\s\w*]))")


@settings(max_examples=300)
@given(st.text(alphabet="* a。，!\\_\n\t中\ufdef~", max_size=40))
@example("a*。*b **。** 。*a*。 *。")
def test_star_runs_marked_in_one_pass_as_in_two(text: str) -> None:
    """One pass marks each ``*`` run on both sides as the after-then-before passes did."""
    mark = "\ufdef"
    two_passes = _render._marked(_STAR_AFTER, text, mark, before=True)
    two_passes = _render._marked(_STAR_BEFORE, two_passes, mark, before=False)
    assert _render._stars_marked(text, mark) == two_passes


# The raw HTML tokens as first written: a ``<`` in each alternative.
_TAGS_EACH_OPENING = (
    r"<([A-Za-z][\w:.-]{0,64})"
    r"(?:\s{1,64}[^\s=/>\"'<]{1,256}"
    r"(?:\s{0,64}=\s{0,64}(?:\"[^\"]{0,4096}\"|'[^']{0,4096}'|[^\s>\"'=<`]{1,4096}))?){0,64}"
    r"\s{0,64}(/)?>"
    r"|</([A-Za-z][\w:.-]*)\s*>"
    r"|(<!--|<\?)"
)
_RAW_PIECES = ["<", "</", "<!--", "-->", "<?", "?>", ">", "/>", "/", " ", "\n", "=", '"', "'"]
_RAW_PIECES += ["a", "div", "P", "x:y", "-", "`", "!", "?"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_RAW_PIECES), max_size=16).map("".join))
@example("<div a=\"1\" b='2' c=d e><!-- x --><?p ?></div \n ><br/><!-- <?")
def test_raw_tokens_found_as_with_a_less_than_sign_in_each_alternative(text: str) -> None:
    """The ``<`` factored out of the alternatives: the same tokens at every position (the
    unended comment's group, a flag, holds what follows the ``<``)."""
    pairs = [
        (_render._RAW_TOKEN, re.compile(r"<!--.*?-->|<\?.*?\?>|" + _TAGS_EACH_OPENING, re.DOTALL)),
        (_render._RAW_TOKEN_NO_ENDS, re.compile(_TAGS_EACH_OPENING, re.DOTALL)),
    ]
    for pattern, reference in pairs:
        for pos in range(len(text) + 1):
            for got, want in [
                (pattern.search(text, pos), reference.search(text, pos)),
                (pattern.match(text, pos), reference.match(text, pos)),
            ]:
                assert (got is None) == (want is None)
                if got is not None and want is not None:
                    assert got.span() == want.span()
                    assert got.groups()[:3] == want.groups()[:3]
                    assert (got.group(4) is None) == (want.group(4) is None)


@pytest.mark.parametrize("reference", ["&#xFFFE;", "&#XFFFF;", "&#65534;", "&#0065535;"])
@pytest.mark.parametrize("flavor", [None, "kramdown", "goldmark"])
def test_noncharacter_references_render_as_replacement_characters(
    reference: str, flavor: _render.Flavor | None
) -> None:
    # cmark-gfm writes a reference to U+FFFE or U+FFFF as the single byte 0xFE or
    # 0xFF, which is not UTF-8: its HTML is decoded (each such byte a U+FFFD), as it
    # was before the bytes were handed over as they are, not given as bytes.
    article = f"中文 {reference} *x* {{:.c}}\n"
    markup = _paragraphs._markup(article, flavor)
    assert isinstance(markup, str)
    assert markup.startswith("<p>中文 \ufffd <em>x</em>")
    assert _paragraphs.to_html(article, flavor) == markup
    assert _markdown.to_html(reference) == "<p>\ufffd</p>\n"
    post = newspost.parse(f"---\ntitle: t\n---\n{article}")
    assert post.html.startswith("<p>中文 \ufffd <em>x</em>")
    assert post.paragraphs[0].startswith("中文 \ufffd x")
