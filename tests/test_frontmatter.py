"""Front matter: finding it, loading it, recovering it, and refusing what it must not do."""

from __future__ import annotations

from pathlib import Path

import pytest

import newspost


def codes(post: newspost.Post) -> list[str]:
    """Warning codes, less the missing date that most of these small posts have."""
    return [w.code for w in post.warnings if w.code != "date_missing"]


def located(post: newspost.Post) -> list[tuple[str, int | None]]:
    return [(w.code, w.line) for w in post.warnings if w.code != "date_missing"]


def test_plain_yaml_front_matter() -> None:
    post = newspost.parse("---\nlayout: post\ntitle: Hello\nauthor: Li\n---\nBody.\n")
    assert (post.layout, post.title, post.extra, post.paragraphs) == (
        "post",
        "Hello",
        {"author": "Li"},
        ["Body."],
    )
    assert codes(post) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("\ufeff---\ntitle: T\n---\nB", "bom"),
        ("---\r\ntitle: T\r\n---\r\nB\r\n", "line_endings"),
        ("---\rtitle: T\r---\rB\r", "line_endings"),
        ("\n\n---\ntitle: T\n---\nB", "leading_blank_lines"),
    ],
)
def test_accepted_variants_warn_but_parse(text: str, code: str) -> None:
    post = newspost.parse(text, strict=True)  # harmless: strict mode accepts them
    assert (post.title, post.paragraphs) == ("T", ["B"])
    assert codes(post) == [code]


def test_line_numbers_count_the_blank_lines_before_the_front_matter() -> None:
    post = newspost.parse('\n\n---\ntitle: "a"b"\n---\nB')
    assert located(post) == [
        ("leading_blank_lines", 1),
        ("yaml_invalid", 4),
    ]


def test_closed_by_three_dots() -> None:
    post = newspost.parse("---\ntitle: T\n...\nBody\n")
    assert (post.title, post.paragraphs, codes(post)) == ("T", ["Body"], [])


def test_unclosed_front_matter_ends_at_first_blank_line() -> None:
    post = newspost.parse("---\ntitle: T\ntags: a b\n\nThe body.\n")
    assert (post.title, post.tags, post.paragraphs) == ("T", ["a", "b"], ["The body."])
    assert codes(post) == ["frontmatter_unclosed"]
    with pytest.raises(newspost.ParseError) as info:
        newspost.parse("---\ntitle: T\n\nThe body.\n", strict=True, path="p.md")
    assert (info.value.path, info.value.line, info.value.code) == (
        "p.md",
        1,
        "frontmatter_unclosed",
    )


def test_unclosed_opening_line_alone_keeps_all_text_as_body() -> None:
    post = newspost.parse("---\nJust text, no keys.\n")
    assert post.title is None
    assert "Just text, no keys." in post.text
    assert codes(post)[0] == "frontmatter_unclosed"


def test_unescaped_quotes_and_backslashes_are_recovered_verbatim() -> None:
    text = (
        '---\nlayout: post\ntitle: "他说"不"行 C:\\d\\x"\ndate: 2021-12-08 10:00:00 +0800\n---\nB'
    )
    post = newspost.parse(text, path="a.md")
    assert post.title == '他说"不"行 C:\\d\\x'
    assert post.layout == "post"
    assert post.date is not None and post.date.isoformat() == "2021-12-08T10:00:00+08:00"
    assert located(post) == [("yaml_invalid", 3)]
    with pytest.raises(newspost.ParseError) as info:
        newspost.parse(text, path="a.md", strict=True)
    error = info.value
    assert (error.path, error.line, error.code) == ("a.md", 3, "yaml_invalid")
    assert str(error).startswith("a.md:3:")


def test_recovery_keeps_block_lists_and_continuations() -> None:
    text = '---\ntitle: "x"y"\ntags:\n  - one\n  - two\nsummary: first\n  second\n---\n'
    post = newspost.parse(text)
    assert post.tags == ["one", "two"]
    assert post.extra["summary"] == "first second"


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = f'---\ntitle: T\nx: !!python/object/apply:os.system ["touch {marker}"]\n---\nB'
    post = newspost.parse(text)
    assert not marker.exists()
    assert codes(post) == ["yaml_tag_refused"]
    assert post.title == "T"
    with pytest.raises(newspost.ParseError):
        newspost.parse(text, strict=True)
    assert not marker.exists()


def test_front_matter_that_is_a_list_or_scalar_is_kept_in_extra() -> None:
    post = newspost.parse("---\n- a\n- b\n---\nB")
    assert post.extra == {"front_matter": ["a", "b"]}
    assert codes(post) == ["frontmatter_not_mapping"]
    assert newspost.parse("---\njust words\n---\nB").extra == {"front_matter": "just words"}


def test_duplicate_keys_warn_and_the_last_wins() -> None:
    post = newspost.parse("---\ntitle: A\ntitle: B\n---\n")
    assert post.title == "B"
    assert located(post) == [("duplicate_key", 3)]
    with pytest.raises(newspost.ParseError, match="appears again"):
        newspost.parse("---\ntitle: A\ntitle: B\n---\n", strict=True)


def test_unquoted_title_cut_by_a_comment_is_kept_whole() -> None:
    post = newspost.parse("---\ntitle: Issue #5 is out\n---\n")
    assert post.title == "Issue #5 is out"
    assert codes(post) == ["title_comment"]
    assert newspost.parse("---\ntitle: C# tips\n---\n").title == "C# tips"


def test_non_text_titles_are_taken_as_written() -> None:
    assert newspost.parse("---\ntitle: 2021\n---\n").title == "2021"
    assert newspost.parse("---\ntitle: yes\n---\n").title == "yes"
    assert newspost.parse("---\ntitle: ''\n---\n").title is None


def test_categories_and_tags_follow_jekyll() -> None:
    post = newspost.parse("---\ncategories: a b  c\ntags: 996\ncategory: d\n---\n")
    assert post.categories == ["a", "b", "c", "d"]
    assert post.tags == ["996"]
    post = newspost.parse("---\ncategories: [new york, 42]\ntag: x\n---\n")
    assert (post.categories, post.tags) == (["new york", "42"], ["x"])


def test_extra_keeps_file_order_and_is_json_safe() -> None:
    text = "---\nz: 1\nwhen: 2021-12-08\nblob: !!binary aGk=\nset: !!set {a: null}\nf: .nan\na: [1, {b: 2}]\n---\n"
    post = newspost.parse(text)
    assert list(post.extra) == ["z", "when", "blob", "set", "f", "a"]
    assert post.extra == {
        "z": 1,
        "when": "2021-12-08",
        "blob": "aGk=",
        "set": ["a"],
        "f": "nan",
        "a": [1, {"b": 2}],
    }
    newspost.Post.from_json(post.to_json())


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines += ["title: Bomb", "---", "Body"]
    post = newspost.parse("\n".join(lines))
    assert post.title == "Bomb"
    assert codes(post) == ["yaml_alias_bomb"]
    assert len(post.to_json()) < 10_000


def test_recursive_alias_is_refused() -> None:
    post = newspost.parse("---\na: &a [*a]\ntitle: T\n---\n")
    assert codes(post) == ["yaml_alias_bomb"]
    assert post.title == "T"


def test_toml_front_matter() -> None:
    post = newspost.parse(
        '+++\ntitle = "Hugo post"\ndate = 2021-12-08T10:00:00+08:00\ntags = ["a b", "c"]\n+++\nBody'
    )
    assert post.title == "Hugo post"
    assert post.date is not None and post.date.isoformat() == "2021-12-08T10:00:00+08:00"
    assert post.tags == ["a b", "c"]


def test_json_front_matter() -> None:
    post = newspost.parse('{\n  "title": "JSON post",\n  "categories": ["x"]\n}\nBody')
    assert (post.title, post.categories, post.paragraphs) == ("JSON post", ["x"], ["Body"])


def test_no_front_matter_is_a_body_with_a_warning() -> None:
    post = newspost.parse("Just a paragraph.\n\nAnd another.")
    assert post.paragraphs == ["Just a paragraph.", "And another."]
    assert codes(post) == ["no_front_matter"]
