"""Hugo shortcodes: inner text kept, markers removed, in linear time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newspost import _shortcodes
from newspost._shortcodes import strip_shortcodes


def test_text_without_shortcodes_is_returned_as_it_is() -> None:
    assert strip_shortcodes("a {{ b }} c") == ("a {{ b }} c", [])


def test_paired_shortcodes_keep_their_inner_text() -> None:
    text = '{{< note title="x" >}}Inner **text**.{{< /note >}} and {{% tip %}}a tip{{% /tip %}}'
    assert strip_shortcodes(text) == ("Inner **text**. and a tip", [])


def test_nested_shortcodes() -> None:
    text = "{{< outer >}}a {{< inner >}}b{{< /inner >}} c{{< /outer >}}"
    assert strip_shortcodes(text) == ("a b c", [])


def test_standalone_and_self_closing_shortcodes_are_dropped_and_named() -> None:
    text = "See {{< video id=42 >}} and {{< figure src=a.png />}} here."
    assert strip_shortcodes(text) == ("See  and  here.", ["video", "figure"])


def test_escaped_shortcode_is_text() -> None:
    assert strip_shortcodes("Write {{</* note */>}} like that.") == (
        "Write {{< note >}} like that.",
        [],
    )


def test_an_unclosed_marker_is_left_as_text() -> None:
    assert strip_shortcodes("a {{< b") == ("a {{< b", [])


def count_finds(monkeypatch: object, text: str) -> int:
    """How many characters the scan looks at: the sum of the spans ``str.find`` covers."""
    covered = 0

    class Counting(str):
        def find(self, sub: str, start: int = 0, *args: int) -> int:  # type: ignore[override]
            nonlocal covered
            found = str.find(self, sub, start, *args)
            covered += (found if found >= 0 else len(self)) - start + len(sub)
            return found

    _shortcodes._markers(Counting(text))
    return covered


def test_the_scan_is_linear() -> None:
    # Many markers of one kind and an unclosed opener of the other at the end: a
    # scan that searched from scratch for each marker would be quadratic.
    def shape(n: int) -> str:
        return "{{< a >}}x{{< /a >}}" * n + "{{% open"

    small, large = count_finds(None, shape(1000)), count_finds(None, shape(2000))
    assert large <= 2.5 * small


settings_ = settings(max_examples=300, deadline=None)


@settings_
@given(
    st.lists(
        st.sampled_from(["{{<", ">}}", "{{%", "%}}", "/", "a", "b", " ", "*", "/*", "*/"]),
        max_size=80,
    ).map("".join)
)
def test_strip_shortcodes_never_raises(text: str) -> None:
    out, dropped = strip_shortcodes(text)
    assert isinstance(out, str) and len(out) <= len(text) + 2 * text.count("{{")
    assert all(isinstance(name, str) for name in dropped)
