"""The house rules as tests: one set of options everywhere, contracts as data, public names."""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
from pathlib import Path

import pytest

import newspost
import newspost.dask
from newspost._cli import _parser
from newspost._config import OPTION_NAMES, SELECTION_NAMES, Options, Selection
from newspost._models import WarningCode

DOCS = Path(__file__).resolve().parent.parent / "docs"

ONE_POST = [newspost.parse, newspost.parse_file]
MANY_POSTS = [newspost.parse_dir, newspost.dask.read_posts, newspost.dask.to_dataframe]


@pytest.mark.parametrize("entry", ONE_POST + MANY_POSTS, ids=lambda f: f.__qualname__)
def test_every_entry_point_takes_every_parse_option_with_the_same_default(entry: object) -> None:
    parameters = inspect.signature(entry).parameters  # type: ignore[arg-type]
    for option in dataclasses.fields(Options):
        assert option.name in parameters, f"{entry} has no {option.name}"
        assert parameters[option.name].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[option.name].default == option.default, option.name


@pytest.mark.parametrize("entry", MANY_POSTS, ids=lambda f: f.__qualname__)
def test_every_collection_entry_point_takes_every_selection_option(entry: object) -> None:
    parameters = inspect.signature(entry).parameters  # type: ignore[arg-type]
    for option in dataclasses.fields(Selection):
        assert option.name in parameters, f"{entry} has no {option.name}"
        assert parameters[option.name].default == option.default, option.name


@pytest.mark.parametrize("command", ["parse", "check"])
def test_the_command_line_takes_every_option(command: str) -> None:
    args = _parser().parse_args([command, "x"])
    for name in OPTION_NAMES + SELECTION_NAMES:
        assert hasattr(args, name), f"newspost {command} has no flag for {name}"


def test_show_takes_every_parse_option() -> None:
    args = _parser().parse_args(["show", "x"])
    for name in OPTION_NAMES:
        assert hasattr(args, name), name


def test_warning_codes_are_the_documented_ones_both_ways() -> None:
    table = (DOCS / "errors.md").read_text(encoding="utf-8")
    section = table.split("## Warning codes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
    assert documented == set(typing.get_args(WarningCode))


def test_every_public_name_has_the_public_module() -> None:
    for name in newspost.__all__:
        value = getattr(newspost, name)
        if name.startswith("__"):
            continue
        assert value.__module__ == "newspost", name


def test_the_public_api_error_pickles_under_its_public_name() -> None:
    import pickle

    error = newspost.ParseError("bad", path="a.md", line=3, code="yaml_invalid")
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.code) == (
        newspost.ParseError,
        str(error),
        "yaml_invalid",
    )


def test_options_refuse_what_no_parse_could_use() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        newspost.parse("x", max_bytes=0)
    with pytest.raises(ValueError, match="unknown encoding"):
        newspost.parse(b"x", encoding="no-such-codec")
    with pytest.raises(ValueError, match="workers"):
        list(newspost.parse_dir(".", workers=0))


def test_a_file_over_max_bytes_is_a_failure_naming_the_limit(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_text("---\ntitle: A\n---\n" + "x" * 200)
    with pytest.raises(newspost.ParseError, match="over the limit of 100") as raised:
        newspost.parse_file(tmp_path / "big.md", max_bytes=100)
    assert raised.value.code == "too_large"
    [failure] = newspost.parse_dir(tmp_path, max_bytes=100, workers=1)
    assert isinstance(failure, newspost.ParseFailure)
    assert failure.code == "too_large"
    assert newspost.parse_file(tmp_path / "big.md", max_bytes=None).title == "A"
