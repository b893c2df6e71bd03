"""Jekyll's Liquid rendered, or removed and named; never raising."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newspost
from newspost._liquid import render_liquid

DATA = {
    "versions": [
        {"name": "1.0", "size": {"tar": 100}, "digest": "aaa"},
        {"name": "2.0", "size": {"tar": 200}, "digest": "bbb"},
    ]
}


def render(text: str, **kwargs: object) -> tuple[str, list[str]]:
    arguments: dict[str, object] = {
        "page": {"title": "Hello"},
        "site": {"url": "https://example.org"},
        "data": DATA,
    }
    arguments.update(kwargs)
    return render_liquid(text, **arguments)  # type: ignore[arg-type]


def test_text_without_liquid_is_returned_as_it_is() -> None:
    text = "Plain {text} with } braces { and % signs.\n"
    assert render(text) == (text, [])


def test_page_site_and_data_variables_resolve() -> None:
    text = "{{ page.title }} on {{ site.url }}: {{ site.data.versions[1].digest }}"
    assert render(text) == ("Hello on https://example.org: bbb", [])


def test_assign_with_where_and_first_prints_nothing_and_is_used() -> None:
    text = (
        '{% assign v = site.data.versions | where: "name", "2.0" | first %}Size {{ v.size.tar }}.'
    )
    assert render(text) == ("Size 200.", [])


def test_capture_prints_nothing() -> None:
    text = "{% capture note %}kept for later{% endcapture %}A{{ note | upcase }}"
    assert render(text) == ("AKEPT FOR LATER", [])


def test_raw_is_literal() -> None:
    assert render("{% raw %}{{ not.rendered }} {% if %}{% endraw %}") == (
        "{{ not.rendered }} {% if %}",
        [],
    )


def test_highlight_is_a_code_block() -> None:
    text = "Run:\n\n{% highlight ruby linenos %}\nputs 1 < 2\n\nputs {{ page.title }}\n{% endhighlight %}\nDone."
    out, unrendered = render(text)
    assert unrendered == []
    assert (
        '<pre><code class="language-ruby" data-lang="ruby">puts 1 &lt; 2\n\nputs Hello</code></pre>'
        in out
    )
    assert out.endswith("Done.")


def test_link_and_post_url_give_the_url_when_known() -> None:
    def resolve(tag: str, argument: str) -> str | None:
        return {"link": "/a/", "post_url": "/b/"}[tag] if argument != "missing.md" else None

    text = "[A]({% link _posts/2020-01-01-a.md %}) [B]({% post_url 2020-01-02-b %}) [C]({% link missing.md %})"
    out, unrendered = render(text, posts_url=resolve)
    assert out == "[A](/a/) [B](/b/) [C]()"
    assert unrendered == ["{% link missing.md %}"]


def test_link_without_a_resolver_is_removed_and_named() -> None:
    out, unrendered = render("[A]({%link x/y.md %})")
    assert out == "[A]()"
    assert unrendered == ["{% link x/y.md %}"]


def test_include_and_unknown_tags_are_removed_and_named() -> None:
    out, unrendered = render("a {% include note.html text=1 %} b {% youtube abc %} c")
    assert out == "a  b  c"
    assert unrendered == ["{% include note.html text=1 %}", "{% youtube %}"]


def test_undefined_variables_are_removed_and_named() -> None:
    out, unrendered = render("Version {{ release.version }} is out.")
    assert out == "Version  is out."
    assert unrendered == ["{{ release }}"]


def test_jekyll_filters() -> None:
    text = "{{ 'a b' | slugify }} {{ 'x<y' | xml_escape }} {{ '/p/' | relative_url }} {{ 'a b' | cgi_escape }}"
    assert render(text) == ("a-b x&lt;y /p/ a+b", [])


def test_render_with_liquid_false_is_left_as_it_is() -> None:
    text = "{{ page.title }}"
    assert render(text, page={"render_with_liquid": False}) == (text, [])


def test_broken_syntax_is_removed_not_kept() -> None:
    out, unrendered = render("before {% if %} {{ 'unclosed' after")
    assert "{%" not in out and "{{" not in out
    assert out.startswith("before")
    assert unrendered


def test_a_runaway_loop_is_stopped() -> None:
    out, unrendered = render("{% for i in (1..100000000) %}x{% endfor %}end")
    assert len(out) < 100_000
    assert unrendered


def test_deep_nesting_is_stopped() -> None:
    text = "{% if true %}" * 500 + "x" + "{% endif %}" * 500
    out, _ = render(text)
    assert "{%" not in out


PIECES = [
    *"{}%-|:.'\" abx\n",
    "{%",
    "%}",
    "{{",
    "}}",
    "if",
    "endif",
    "for",
    "endfor",
    " in (1..9)",
    "raw",
    "endraw",
    "highlight",
    "endhighlight",
    "assign",
    "capture",
    "endcapture",
    "link",
    "include",
    "=",
]
liquidish = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(liquidish, st.text(max_size=200)))
def test_render_liquid_never_raises(text: str) -> None:
    out, unrendered = render(text)
    assert isinstance(out, str)
    assert all(isinstance(name, str) for name in unrendered)


def _jekyll_site(root: Path) -> Path:
    (root / "_config.yml").write_text("permalink: pretty\nbaseurl: /blog\n", encoding="utf-8")
    posts = root / "news" / "_posts"
    (posts / "archive").mkdir(parents=True)
    (posts / "2024-01-02-first-post.md").write_text(
        "---\ntitle: First\ndate: 2024-01-02 10:00:00 +0000\n---\nHello.\n", encoding="utf-8"
    )
    (posts / "archive" / "2023-12-31-old-one.md").write_text(
        "---\ntitle: Old\ncategories: [notes]\n---\nOld.\n", encoding="utf-8"
    )
    second = posts / "2024-01-03-second.md"
    second.write_text(
        "---\ntitle: Second\ndate: 2024-01-03 10:00:00 +0000\n---\n"
        "Link: {% link news/_posts/2024-01-02-first-post.md %}\n\n"
        "Post: {% post_url 2024-01-02-first-post %}\n\n"
        "Archived: {% post_url archive/2023-12-31-old-one %}\n\n"
        "Missing: {% post_url 2020-01-01-nowhere %}\n",
        encoding="utf-8",
    )
    return second


def test_link_and_post_url_give_the_posts_url_as_jekyll(tmp_path: Path) -> None:
    second = _jekyll_site(tmp_path)
    post = newspost.parse_file(second)
    first = newspost.parse_file(tmp_path / "news" / "_posts" / "2024-01-02-first-post.md")
    assert first.url == "/blog/news/2024/01/02/first-post/"  # pretty, folder category, baseurl
    assert post.paragraphs == [
        f"Link: {first.url}",
        f"Post: {first.url}",
        "Archived: /blog/news/notes/2023/12/31/old-one/",
        "Missing:",
    ]
    [warning] = [w for w in post.warnings if w.code == "liquid_unrendered"]
    assert "2020-01-01-nowhere" in warning.message and "first-post" not in warning.message


def test_link_outside_the_site_or_to_a_page_is_not_resolved(tmp_path: Path) -> None:
    second = _jekyll_site(tmp_path)
    second.write_text(
        "---\ntitle: Second\n---\nA {% link ../../etc/passwd %} B {% link _config.yml %}\n",
        encoding="utf-8",
    )
    post = newspost.parse_file(second)
    assert post.paragraphs == ["A B"]
    assert [w.code for w in post.warnings].count("liquid_unrendered") == 1


def test_post_url_never_reads_a_link_or_a_fifo(tmp_path: Path) -> None:
    second = _jekyll_site(tmp_path)
    posts = second.parent
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text("---\ntitle: Out\ndate: 2020-01-01\n---\n", encoding="utf-8")
    (posts / "2020-01-01-linked.md").symlink_to(outside)
    if hasattr(os, "mkfifo"):
        os.mkfifo(posts / "2020-01-02-fifo.md")
    second.write_text(
        "---\ntitle: S\n---\nA {% post_url 2020-01-01-linked %} B {% post_url 2020-01-02-fifo %}\n",
        encoding="utf-8",
    )
    post = newspost.parse_file(second)
    assert post.paragraphs == ["A B"]


def test_an_expression_parsed_once_renders_each_page_by_its_own_variables() -> None:
    text = "{{ page.title | upcase }} / {{ page.missing }}"
    first_names = render(text)[1]
    assert first_names  # the undefined variable is named
    for title in ("First", "Second", "Third"):
        assert render(text, page={"title": title}) == (f"{title.upper()} / ", first_names)
    # A broken expression is named on every page, not only where it was first parsed.
    for _ in range(2):
        rendered, names = render("a {{ page.title | }} b")
        assert "{{" not in rendered and names


def _site_with_data(root: Path) -> Path:
    (root / "_config.yml").write_text("title: Site\n", encoding="utf-8")
    data = root / "_data"
    (data / "team").mkdir(parents=True)
    (data / "versions.yml").write_text("- name: '1.0'\n- name: '2.0'\n", encoding="utf-8")
    (data / "team" / "people.json").write_text('{"lead": "Ada"}', encoding="utf-8")
    (data / "broken.yml").write_text("a: [unclosed\n", encoding="utf-8")
    (data / "unused.yml").write_text("big: " + "x" * 10_000 + "\n", encoding="utf-8")
    posts = root / "_posts"
    posts.mkdir()
    post = posts / "2024-01-02-a.md"
    post.write_text(
        "---\ntitle: A\n---\n"
        "{{ site.data.versions[1].name }} by {{ site.data.team.people.lead }}"
        "{{ site.data.broken.a }}.\n",
        encoding="utf-8",
    )
    return post


def test_site_data_files_load_when_a_template_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newspost import _loaders, _templates

    loaded: list[str] = []
    real_load = _loaders.load_yaml

    def spy(text: str) -> object:
        loaded.append(text)
        return real_load(text)

    monkeypatch.setattr(_loaders, "load_yaml", spy)
    _templates._data.cache_clear()
    post = newspost.parse_file(_site_with_data(tmp_path))
    assert post.paragraphs == ["2.0 by Ada."]
    # The broken file is no data: named as not rendered, as a missing one is.
    assert [w.code for w in post.warnings] == ["liquid_unrendered"]
    assert not any(text.startswith("big:") for text in loaded)  # never read
    data = _templates._data(tmp_path.resolve())
    rendered, _ = render_liquid(
        "{{ site.data.team | jsonify }}", page={}, site={}, data={"team": data["team"]}
    )
    assert rendered == '{"people": {"lead": "Ada"}}'
    assert sorted(data) == ["team", "unused", "versions"]  # listing loads; broken is not there
    assert len(data) == 3 and "broken" not in data


def test_site_data_read_up_to_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newspost import _templates

    _site_with_data(tmp_path)
    monkeypatch.setattr(_templates, "_MAX_DATA_BYTES", 60)
    _templates._data.cache_clear()
    data = _templates._data(tmp_path.resolve())
    # In sorted order: broken.yml (13 bytes), team/people.json (15), then unused.yml, cut
    # at the 32 bytes left; nothing after it (versions.yml) is read.
    assert data["team"]["people"] == {"lead": "Ada"}
    assert data["unused"] == {"big": "x" * 27}
    assert "versions" not in data
    _templates._data.cache_clear()


def test_site_data_reads_as_the_folder_read_whole(tmp_path: Path) -> None:
    from newspost import _templates

    data = tmp_path / "_data"
    (data / "foo").mkdir(parents=True)
    (data / "foo" / "bar.yml").write_text("k: v\n", encoding="utf-8")
    (data / "nav.json").write_text('{"x": 1}', encoding="utf-8")
    (data / "nav.yml").write_text("x: [\n", encoding="utf-8")  # broken: the good twin stays
    _templates._data.cache_clear()
    site_data = _templates._data(tmp_path)
    text = "{{ site.data.nav.x }}|{{ site.data.foo }}|{{ site.data }}|{{ site.data | size }}"
    rendered, names = render_liquid(text, page={}, site={}, data=site_data)
    assert rendered == ("1|{'bar': {'k': 'v'}}|{'foo': {'bar': {'k': 'v'}}, 'nav': {'x': 1}}|2"), (
        rendered
    )
    assert names == []
    _templates._data.cache_clear()


def test_jsonify_of_an_undefined_variable_is_named() -> None:
    assert render("a {{ missing | jsonify }} b") == ('a "" b', ["{{ missing }}"])


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # Compared as text, as Jekyll compares: a YAML number matches its digits.
        ('{% assign r = site.data.releases | where: "version", "2.7" | first %}{{ r.date }}', "b"),
        ('{% assign r = site.data.releases | where: "version", 3 | first %}{{ r.date }}', "c"),
        # A list property matches when it holds the value (site.posts | where: "tags", …).
        (
            '{% assign lts = site.data.releases | where: "tags", "lts" %}'
            "{% for r in lts %}{{ r.date }}{% endfor %}",
            "ac",
        ),
        # A dotted path reads into the items.
        (
            '{% assign r = site.data.releases | where: "meta.kind", "eol" | first %}{{ r.date }}',
            "a",
        ),
        # A mapping's values are the items; no value: the items without the property.
        ('{% assign r = site.data.by_name | where: "version", "2.7" | first %}{{ r.date }}', "b"),
        ('{% assign r = site.data.releases | where: "tags", nothing | first %}{{ r.date }}', "b"),
        # Text that reads as a number is compared as that number, as Jekyll does ("2.70" is 2.7).
        (
            '{% assign r = site.data.releases | where: "version", "2.70" | first %}[{{ r.date }}]',
            "[]",
        ),
    ],
)
def test_where_as_jekyll_filters(template: str, expected: str) -> None:
    releases = [
        {"version": "2.6", "date": "a", "tags": ["lts"], "meta": {"kind": "eol"}},
        {"version": 2.7, "date": "b", "meta": {"kind": "live"}},
        {"version": "3", "date": "c", "tags": ["lts", "new"]},
    ]
    data = {"releases": releases, "by_name": {r["date"]: r for r in releases}}
    assert render(template, data=data)[0] == expected


def test_where_over_missing_data_prints_nothing_and_names_what_was_printed() -> None:
    text = '{% assign r = site.data.missing | where: "version", "1" | first %}[{{ r.date }}]'
    assert render(text) == ("[]", ["{{ r }}"])


def test_a_filter_newspost_does_not_have_passes_its_input_on_and_is_named() -> None:
    # As Jekyll without the plugin that defines it: the input goes on, unfiltered; but
    # the text may differ from the site's, so it is said.
    text = '{% assign x = site.data.versions | where_exp: "v", "v.name > 1" %}[{{ x | size }}]'
    assert render(text) == ("[2]", ["| where_exp (a filter not applied)"])
    assert render("{{ page.title | upcase }}") == ("HELLO", [])


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([2.0, 2.7, 1e16, float("nan")]),
    st.sampled_from(["2", "2.7", "2.70", " 3 ", "lts", "", "x"]),
)
_VALUES = st.one_of(
    _SCALARS, st.lists(_SCALARS, max_size=3), st.dictionaries(st.just("k"), _SCALARS)
)
_ITEMS = st.lists(
    st.one_of(
        st.dictionaries(
            st.sampled_from(["v", "meta"]), _VALUES | st.fixed_dictionaries({"k": _VALUES})
        ),
        _SCALARS,
    ),
    min_size=32,
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(items=_ITEMS, prop=st.sampled_from(["v", "meta", "meta.k", "v.k"]), value=_SCALARS)
def test_where_over_a_long_list_finds_what_testing_each_item_finds(
    items: list[object], prop: str, value: object
) -> None:
    # A long list is looked up through an index built once; the same items, in order,
    # as Jekyll's test of each item (asked twice: the second answer comes from the index).
    from newspost import _liquid

    path = prop.split(".")
    if value is None:
        expected = [item for item in items if _liquid._property(item, path) is None]
    else:
        target = _liquid._ruby_text(value)
        expected = [item for item in items if _liquid._holds(_liquid._property(item, path), target)]
    assert _liquid._where(items, prop, value) == expected
    assert _liquid._where(items, prop, value) == expected
    assert _liquid._where(list(items), prop, value) == expected  # another list: scanned, first seen


def _tokens(lexer: Any, text: str) -> object:
    try:
        return [(token.kind, token.value, token.start_index) for token in lexer(text)]
    except Exception as error:  # the same error, at the same place
        return repr(error)


_LIQUID_PIECES = ["{", "}", "%", "-", "\n", " ", "a", "{{", "{%", "}}", "%}", "-%}", "{%-"]
_LIQUID_PIECES += ["raw", "endraw", "comment", "endcomment", "doc", "enddoc", "if x", "endif"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_LIQUID_PIECES), max_size=16).map("".join))
def test_lexer_gives_the_tokens_of_python_liquids_own(text: str) -> None:
    # The content rule is rewritten to run over text in one step: the same tokens,
    # values and places, and the same errors, as python-liquid's lexer.
    from liquid.lex import get_lexer

    from newspost import _liquid

    assert _liquid._RUN_LEXER is not None  # this python-liquid's lexer is laid out as known
    assert _tokens(_liquid._RUN_LEXER, text) == _tokens(get_lexer(), text)


def test_lexer_falls_back_to_python_liquids_when_laid_out_otherwise() -> None:
    from types import SimpleNamespace

    from liquid import lex

    from newspost import _liquid

    assert (
        _liquid._run_lexer(SimpleNamespace(compile_liquid_rules=lex.compile_liquid_rules)) is None
    )
    renamed = SimpleNamespace(
        _tokenize_template=lex._tokenize_template,
        compile_liquid_rules=lambda: __import__("re").compile("(?P<content>.+)"),
    )
    assert _liquid._run_lexer(renamed) is None


def test_where_keeps_the_index_of_a_list_filtered_again_and_again() -> None:
    # A list made for one call (a mapping's values, a sorted copy: a new list each
    # time) is tested item by item; it does not push out the index of the list that
    # each post filters (built once, as docs/performance.md says), nor cost an index.
    from newspost import _liquid

    releases = [{"version": f"v2-{n}"} for n in range(40)]
    assert _liquid._where(releases, "version", "v2-3") == [{"version": "v2-3"}]
    assert _liquid._where(releases, "version", "v2-3") == [{"version": "v2-3"}]
    index = _liquid._index(releases, ["version"])
    assert index is not None
    by_name = {f"r{n}": {"version": f"v3-{n}"} for n in range(40)}
    for _ in range(100):
        assert _liquid._where(by_name, "version", "v3-1") == [{"version": "v3-1"}]
        assert _liquid._where(list(releases), "version", "v2-1") == [{"version": "v2-1"}]
    assert _liquid._where(releases, "version", "v2-7") == [{"version": "v2-7"}]
    assert _liquid._index(releases, ["version"]) is index
