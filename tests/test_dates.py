"""Dates: the written forms, timezones, file-name dates, and what is no date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import newspost

CST = timezone(timedelta(hours=8))


def date_of(value: str, **kwargs: object) -> datetime | None:
    return newspost.parse(f"---\ndate: {value}\n---\n", **kwargs).date  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021-12-08 10:46:18 +0800", datetime(2021, 12, 8, 10, 46, 18, tzinfo=CST)),
        ("2018-02-24  +0800", datetime(2018, 2, 24, tzinfo=CST)),
        ("2021-12-08T10:00:00Z", datetime(2021, 12, 8, 10, tzinfo=timezone.utc)),
        ("2021-12-08T10:00:00+08:00", datetime(2021, 12, 8, 10, tzinfo=CST)),
        # hours alone, as Ruby's Time.parse reads it (this was read as UTC)
        ("2021-12-08 10:00 +08", datetime(2021, 12, 8, 10, tzinfo=CST)),
        (
            "2021-12-08 10:00:00 -05",
            datetime(2021, 12, 8, 10, tzinfo=timezone(-timedelta(hours=5))),
        ),
        ("2021/12/08 10:00", datetime(2021, 12, 8, 10)),
        ("2020-3-9", datetime(2020, 3, 9)),
        (
            "'2021-12-08 10:46:18.250000 -0530'",
            datetime(
                2021, 12, 8, 10, 46, 18, 250000, tzinfo=timezone(-timedelta(hours=5, minutes=30))
            ),
        ),
        ("Wed, 08 Dec 2021 10:00:00 +0800", datetime(2021, 12, 8, 10, tzinfo=CST)),
        ("December 8, 2021", datetime(2021, 12, 8)),
        ("2021年12月8日 10:46", datetime(2021, 12, 8, 10, 46)),
        ("2021年12月08日", datetime(2021, 12, 8)),
    ],
)
def test_written_forms(written: str, expected: datetime) -> None:
    got = date_of(written)
    assert got == expected
    assert (got.utcoffset() is None) == (expected.utcoffset() is None)  # type: ignore[union-attr]


def test_naive_dates_take_the_given_timezone() -> None:
    got = date_of("2021-12-08 10:46:18", timezone="Asia/Shanghai")
    assert got is not None and got.isoformat() == "2021-12-08T10:46:18+08:00"
    assert date_of("2021-12-08 10:46:18 +0000", timezone="Asia/Shanghai") == datetime(
        2021, 12, 8, 10, 46, 18, tzinfo=timezone.utc
    )
    assert date_of("2021-12-08", timezone="+05:30").isoformat() == "2021-12-08T00:00:00+05:30"  # type: ignore[union-attr]


def test_unknown_timezone_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown timezone"):
        newspost.parse("x", timezone="Mars/Olympus")


@pytest.mark.parametrize(
    "written", ["+0800", "", "tomorrow", "12", "2021-13-45", "[1, 2]", "99999-01-01"]
)
def test_invalid_dates_fall_back_to_the_file_name(written: str) -> None:
    text = f"---\ndate: {written}\n---\n"
    post = newspost.parse(text, path="_posts/2020-3-29-slug.md", timezone="Asia/Shanghai")
    assert post.date is not None and post.date.isoformat() == "2020-03-29T00:00:00+08:00"
    assert [w.code for w in post.warnings] == ["date_from_filename"]
    assert post.warnings[0].line == 2
    with pytest.raises(newspost.ParseError) as info:
        newspost.parse(text, path="_posts/2020-3-29-slug.md", strict=True)
    assert info.value.line == 2
    none = newspost.parse(text, path="_posts/slug.md")
    assert none.date is None
    assert [w.code for w in none.warnings] == ["date_missing"]


def test_missing_date_uses_file_name_without_failing_strict_mode() -> None:
    post = newspost.parse("---\ntitle: T\n---\n", path="2021-12-08-x.md", strict=True)
    assert post.date == datetime(2021, 12, 8)


def test_hugo_and_feed_names_for_the_date() -> None:
    for key in ("publishDate", "pubDate", "published", "published_at"):
        post = newspost.parse(f"---\n{key}: 2021-12-08 10:00:00 +0800\n---\n")
        assert post.date == datetime(2021, 12, 8, 10, tzinfo=CST)
        assert key in post.extra
    post = newspost.parse("---\npublished: 2020-01-01\ndate: 2021-12-08\n---\n")
    assert post.date == datetime(2021, 12, 8)
