"""Write-back: a parsed post gives its file back byte for byte; an edit changes only its lines."""

from __future__ import annotations

import difflib
import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newspost
from newspost.strategies import posts

EIGHT = timezone(timedelta(hours=8))

# -- byte for byte -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"---\r\ntitle: 'A'\r\ntags: [x, y]\r\n---\r\n\r\nText.\r\n",
        b"\xef\xbb\xbf---\ntitle: A\n---\nText.",
        "---\ntitle: 标题\n---\n正文。（新华社）\n".encode("gb18030"),
        "\ufeff---\ntitle: UTF-16\n---\nText.\n".encode("utf-16-le"),
        b"\n\n---\ntitle: after blank lines\n---\nText.\n",
        b'+++\ntitle = "T"\ndate = 2021-12-08T10:00:00+08:00\n+++\nText.\n',
        b'{\n  "title": "J",\n  "tags": ["a"]\n}\nText.\n',
        b"No front matter at all.\n\n<https://x.org/a>\n\n[Home](/)",
    ],
)
def test_unchanged_post_gives_its_bytes_back(data: bytes) -> None:
    post = newspost.parse(data)
    assert post.to_markdown_bytes() == data
    again = newspost.parse(post.to_markdown())
    assert again.model_dump(exclude={"warnings"}) == post.model_dump(exclude={"warnings"})


def test_text_keeps_bom_and_crlf() -> None:
    text = "\ufeff---\r\ntitle: A\r\n---\r\nText.\r\n"
    post = newspost.parse(text)
    assert post.to_markdown() == text
    assert post.to_markdown_bytes() == text.encode("utf-8")


def test_origin_survives_model_copy_not_json_and_is_not_part_of_equality() -> None:
    post = newspost.parse("---\ntitle: 'A'\n---\nText.\n")
    copy = post.model_copy(update={"title": "B"})
    assert copy.to_markdown() == "---\ntitle: 'B'\n---\nText.\n"
    again = newspost.Post.from_json(post.to_json())
    assert again == post  # same fields, though only one knows its file
    assert again.to_markdown() == "---\ntitle: A\n---\nText.\n"  # the conventional form


def test_in_place_edit_of_a_list_is_seen() -> None:
    post = newspost.parse("---\ntags:\n  - a\n---\nText.\n")
    post.tags.append("b")
    assert post.to_markdown() == "---\ntags:\n  - a\n  - b\n---\nText.\n"


def test_in_place_edit_deep_in_extra_is_seen() -> None:
    # The origin holds its own copy of extra down to the leaves: an edit inside a
    # nested list or mapping is a change, written; the rest of the file is kept.
    text = "---\ntitle: A\nmeta:\n  tags: [a]\n  by: {name: X}\n---\nText.\n"
    listed, mapped = newspost.parse(text), newspost.parse(text)
    assert listed.to_markdown() == text
    listed.extra["meta"]["tags"].append("b")  # type: ignore[index,union-attr]
    mapped.extra["meta"]["by"]["name"] = "Y"  # type: ignore[index,call-overload]
    for post, meta in (
        (listed, {"tags": ["a", "b"], "by": {"name": "X"}}),
        (mapped, {"tags": ["a"], "by": {"name": "Y"}}),
    ):
        written = post.to_markdown()
        assert written.startswith("---\ntitle: A\n") and written.endswith("---\nText.\n")
        assert newspost.parse(written).extra == {"meta": meta}


def test_character_repairs_are_written_repaired() -> None:
    data = b"---\r\ntitle: A\x00B\r\n---\r\nText\x07.\r\n"
    post = newspost.parse(data)
    assert {w.code for w in post.warnings} >= {"control_characters"}
    assert post.to_markdown_bytes() == b"---\r\ntitle: AB\r\n---\r\nText.\r\n"
    # U+FFFE and U+FFFF, which the parse removes with the same warning, as well.
    data = "---\ntitle: A\ufffeB\n---\nText\uffff.\n".encode()
    post = newspost.parse(data)
    assert post.title == "AB" and {w.code for w in post.warnings} >= {"control_characters"}
    assert post.to_markdown_bytes() == b"---\ntitle: AB\n---\nText.\n"
    # Undecodable bytes (no encoding fits: there is a NUL) were replaced with U+FFFD.
    broken = newspost.parse(b"---\ntitle: A\n---\nText \xff\x00.\n")
    assert {w.code for w in broken.warnings} >= {"decode_failed"}
    assert broken.to_markdown_bytes() == "---\ntitle: A\n---\nText \ufffd.\n".encode()


def test_value_repairs_are_written_so_they_read_as_parsed() -> None:
    # The real generator did not escape quotes: YAML does not load; the title is recovered.
    post = newspost.parse('---\ntitle: "他说"不"行"\ndate: 2021-12-08\n---\nText.\n')
    assert post.title == '他说"不"行'
    written = post.to_markdown()
    assert written == '---\ntitle: "他说\\"不\\"行"\ndate: 2021-12-08\n---\nText.\n'
    assert newspost.parse(written).warnings == []
    # An unquoted ' #' would cut the title for Jekyll; newspost keeps it, and quotes it.
    cut = newspost.parse("---\ntitle: Issue #5 fixed\n---\nText.\n")
    assert cut.to_markdown() == "---\ntitle: 'Issue #5 fixed'\n---\nText.\n"


# -- one field, its lines ------------------------------------------------------------


def edit(text: str, **update: object) -> str:
    post = newspost.parse(text, timezone="Asia/Shanghai")
    return post.model_copy(update=update).to_markdown()


@pytest.mark.parametrize(
    ("before", "update", "after"),
    [
        ("tags: a b", {"tags": ["a", "c"]}, "tags: a c"),
        ("tags: a b", {"tags": ["a", "new york"]}, "tags: [a, new york]"),
        ("tags: [a, b]", {"tags": ["a"]}, "tags: [a]"),
        ("tags: ['a', 'b']", {"tags": ["x", "y"]}, "tags: ['x', 'y']"),
        ("tags:\n  - a\n  - b", {"tags": ["c"]}, "tags:\n  - c"),
        ("tags:\n- a", {"tags": ["a", "b"]}, "tags:\n- a\n- b"),
        ("category: news", {"categories": ["news", "world"]}, "category: news world"),
        ("tags: a b", {"tags": []}, ""),
        ('title: "Old"', {"title": "New"}, 'title: "New"'),
        ("title: 'Old'", {"title": "It's"}, "title: 'It''s'"),
        ("title: Old", {"title": "a: b"}, "title: 'a: b'"),
        (
            "date: 2021-12-08 10:00:00 +0800",
            {"date": datetime(2022, 1, 2, 3, 4, 5, tzinfo=EIGHT)},
            "date: 2022-01-02 03:04:05 +0800",
        ),
        (
            "date: 2021-12-08 10:00:00",  # read in the site's zone: written without one
            {"date": datetime(2022, 1, 2, 3, 4, 5, tzinfo=EIGHT)},
            "date: 2022-01-02 03:04:05",
        ),
        ("date: 2021-12-08", {"date": datetime(2022, 1, 2, tzinfo=EIGHT)}, "date: 2022-01-02"),
        (
            "date: 2021-12-08T10:00:00Z",
            {"date": datetime(2022, 1, 2, 3, 4, tzinfo=timezone.utc)},
            "date: 2022-01-02T03:04:00Z",
        ),
        ("link: https://a.org/x", {"original_url": "https://b.org/y"}, "link: https://b.org/y"),
    ],
)
def test_yaml_field_keeps_the_files_style(
    before: str, update: dict[str, object], after: str
) -> None:
    head, tail = "---\nlayout: post\n", "\nmore: 1\n---\nText.\n"
    expected = head + (after + "\n" if after else "") + tail.lstrip("\n")
    assert edit(head + before + tail, **update) == expected


def test_new_and_removed_extra_keys() -> None:
    text = "---\ntitle: A\nold: 1\n# a comment\nkeep: [1, 2]\n---\nText.\n"
    post = newspost.parse(text)
    extra = {"keep": [1, 2], "new": {"a": "b"}}
    written = post.model_copy(update={"extra": extra}).to_markdown()
    assert written == "---\ntitle: A\n# a comment\nkeep: [1, 2]\nnew:\n  a: b\n---\nText.\n"


@pytest.mark.parametrize(
    ("before", "update", "after"),
    [
        ('title = "Old"', {"title": 'Say "hi"'}, 'title = "Say \\"hi\\""'),
        ("title = 'Old'", {"title": "New"}, "title = 'New'"),
        ('tags = ["a", "b"]', {"tags": ["c"]}, 'tags = ["c"]'),
        (
            'date = "2018-05-28 20:35:18+05:30"',
            {
                "date": datetime(
                    2019, 1, 1, 1, 2, 3, tzinfo=timezone(timedelta(hours=5, minutes=30))
                )
            },
            'date = "2019-01-01 01:02:03+05:30"',
        ),
        (
            "date = 2018-05-28T20:35:18Z",
            {"date": datetime(2019, 1, 1, tzinfo=timezone.utc)},
            "date = 2019-01-01T00:00:00Z",
        ),
    ],
)
def test_toml_field_keeps_the_files_style(
    before: str, update: dict[str, object], after: str
) -> None:
    head, tail = '+++\ntype = "blog"\n', '\nauthor = "x"\n\n[params]\nk = 1\n+++\nText.\n'
    assert edit(head + before + tail, **update) == head + after + tail


def test_toml_new_key_goes_before_the_first_table() -> None:
    text = '+++\ntitle = "A"\n\n[params]\nk = 1\n+++\nText.\n'
    written = edit(text, tags=["x", "y"])
    assert written == '+++\ntitle = "A"\ntags = ["x", "y"]\n\n[params]\nk = 1\n+++\nText.\n'


def test_json_front_matter() -> None:
    text = '{\n  "title": "A",\n  "tags": ["a"]\n}\nText.\n'
    assert edit(text, tags=["b", "c"]) == '{\n  "title": "A",\n  "tags": ["b", "c"]\n}\nText.\n'
    assert edit(text, layout="post") == (
        '{\n  "title": "A",\n  "tags": ["a"],\n  "layout": "post"\n}\nText.\n'
    )


def test_body_side_fields_rewrite_only_their_region() -> None:
    text = (
        "---\r\ntitle: A\r\n---\r\n> Lead.\r\n\r\n<p>One.</p>\r\n<p>（文章来源：新华社）</p>\r\n\r\n"
        "<http://x.org/1>\r\n\r\n[Back](//site/)｜[Home](//site/a/)\r\n"
    )
    post = newspost.parse(text)
    assert post.source is not None and post.source.name == "新华社"
    assert edit(text, lead="New lead.") == text.replace("> Lead.", "> New lead.")
    assert edit(text, body="<p>Two.</p>") == text.replace("<p>One.</p>", "<p>Two.</p>")
    assert edit(text, original_url="http://x.org/2") == text.replace("x.org/1", "x.org/2")
    links = [newspost.Link(text="Only", url="/")]
    assert edit(text, links=links) == text.replace(
        "[Back](//site/)｜[Home](//site/a/)", "[Only](/)"
    )
    assert edit(text, source=None) == text.replace("\r\n<p>（文章来源：新华社）</p>", "")


def test_a_field_the_file_cannot_hold_falls_back_to_the_conventional_form() -> None:
    # A parenthesis source follows the text: setting another one cannot be written
    # as such, so the post is written in the conventional shape (which keeps the text).
    post = newspost.parse("---\ntitle: 'A'\n---\nText.\n")
    changed = post.model_copy(update={"title": "  padded  "})  # the parser strips titles
    assert changed.to_markdown() == post.model_copy(update={"title": "  padded  "}).to_markdown()
    assert newspost.parse(changed.to_markdown()).title == "padded"


# The law: generated posts, written in the conventional shape, parsed (they now have an
# origin), one field changed: the diff touches that field's lines and nothing else.

_KEY_OF = {"title": "title", "layout": "layout", "date": "date", "tags": "tags"}


def _field_lines(text: str, key: str) -> set[int]:
    """Indices of the lines of top-level ``key`` in the front matter of ``text``."""
    lines = text.split("\n")
    inside, found = False, set()
    for index, line in enumerate(lines[1:], start=1):
        if line == "---":
            break
        if re.match(r"[^\s-]", line):
            inside = line.startswith(key + ":")
        if inside:
            found.add(index)
    return found


@given(
    posts(),
    st.sampled_from(sorted(_KEY_OF)),
    st.text(alphabet="abc xyz:#'\"-[]{}汉字", min_size=1, max_size=12),
)
def test_law_edit_one_field_diff_is_that_fields_lines(
    post: newspost.Post, field: str, value: str
) -> None:
    parsed = newspost.parse(post.to_markdown())
    original = parsed.to_markdown()
    new_value: object
    if field == "date":
        new_value = datetime(2020, 2, 29, 12, 0, tzinfo=EIGHT)
    elif field == "tags":
        new_value = list(dict.fromkeys(value.split())) or ["t"]
    else:
        new_value = value.strip() or "v"
    changed = parsed.model_copy(update={field: new_value})
    written = changed.to_markdown()
    again = newspost.parse(written)
    assert getattr(again, field) == new_value
    for name in ("title", "layout", "date", "tags", "categories", "extra", "body", "links"):
        if name != field:
            assert getattr(again, name) == getattr(parsed, name), name
    allowed = _field_lines(original, _KEY_OF[field])
    fm_end = original.split("\n").index("---", 1)
    before, after = original.split("\n"), written.split("\n")
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if tag == "equal":
            continue
        touched = set(range(i1, i2))
        # Removed lines are the field's; an added key goes at the end of the front matter.
        assert touched <= allowed, (tag, before[i1:i2], after)
        if not touched:
            assert i1 in allowed or i1 - 1 in allowed or i1 == fm_end, (tag, i1, after)


def test_an_indented_body_keeps_its_indent_once() -> None:
    text = "---\ntitle: A\n---\n\n  <div><p>One.</p>\n  </div>\n"
    post = newspost.parse(text)
    assert post.body.startswith("  <div>")
    body = post.body.replace("One.", "Two.")
    assert edit(text, body=body) == text.replace("One.", "Two.")


def test_private_attributes_start_empty_and_travel_with_the_post() -> None:
    import pickle

    from pydantic import PrivateAttr

    # A post built in code knows no file; a parsed one keeps it through a copy and a pickle.
    assert newspost.Post()._origin is None and newspost.Post()._article is None
    assert newspost.Post.model_construct(title="A")._origin is None
    text = "---\ntitle: A\n---\nSome *text*.\n"
    post = newspost.parse(text)
    for again in (pickle.loads(pickle.dumps(post)), post.model_copy(deep=True)):
        assert (
            again.to_markdown() == text
            and again.html == post.html == "<p>Some <em>text</em>.</p>\n"
        )

    # A subclass with private attributes of its own gets theirs and the post's.
    class Tagged(newspost.Post):
        _note: str = PrivateAttr(default="n")

    tagged = Tagged(title="B")
    assert (tagged._note, tagged._origin, tagged._article) == ("n", None, None)


def test_posts_own_post_init_gives_every_private_attribute_its_default() -> None:
    # Post sets its private attributes by hand (pydantic's generic loop was slow): the
    # names and defaults pydantic declares for it, so that one added later is not left
    # unset (reading it would raise AttributeError).
    declared = {
        name: private.get_default()
        for name, private in newspost.Post.__private_attributes__.items()
    }
    assert newspost.Post().__pydantic_private__ == declared
    assert newspost.Post.model_construct().__pydantic_private__ == declared
    assert newspost.Post.model_validate_json("{}").__pydantic_private__ == declared
