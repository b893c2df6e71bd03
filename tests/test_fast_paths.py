"""Every speed-up gives what the plain way gives: each fast path against its reference.

The corpus digest (tests/test_golden.py) holds the whole corpus's output; these
tests hold the fast paths on the shapes the corpus lacks.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import lxml.etree
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newspost import _paragraphs, _permalink, _render
from newspost._state import Fields

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
    as_str = lxml.etree.fromstring(document, _paragraphs._parser(None))
    as_bytes = lxml.etree.fromstring(document.encode("utf-8"), _paragraphs._parser("utf-8"))
    assert lxml.etree.tostring(as_bytes, encoding="unicode") == lxml.etree.tostring(
        as_str, encoding="unicode"
    )


def test_html_with_a_lone_surrogate_is_read_as_str() -> None:
    # UTF-8 cannot hold it: the str goes to libxml2, which stops reading there.
    assert _paragraphs.extract_html("<p>a\ud800b</p><p>c</p>").paragraphs == ["a"]


# The emphasis rule as it was written first: a template per run.
_AFTER = re.compile(r"\*(?<=[^\s\w\\*]\*)\**(?=[^\s*])|~~(?<=[^\s\w\\~]~~)~*(?=[^\s~])")
_BEFORE = re.compile(r"\*(?<=[^\s*]\*)\**(?=[^\s\w*])|~~(?<=[^\s~]~~)~*(?=[^\s\w~])")


def _emphasis_reference(text: str, mark: str) -> str:
    text = _AFTER.sub(mark + r"\g<0>", text)
    return _BEFORE.sub(r"\g<0>" + mark, text)


@given(st.text(alphabet="*~ a。，!\\_\n中", max_size=40))
def test_emphasis_marks_as_the_template_did(text: str) -> None:
    assert _render._emphasis(text, "\ufdef") == _emphasis_reference(text, "\ufdef")


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
def test_jekyll_placeholders_as_computed_up_front(template: str) -> None:
    fields = Fields()
    fields.date = datetime(2021, 1, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=8)))
    fields.slug = "Hello, World_ 中文 (1)"
    fields.categories = ["News", "news", "Zh CN"]
    got = _permalink._fill(template, fields.date, fields.slug, fields)
    assert got == _jekyll_reference(fields, template)
