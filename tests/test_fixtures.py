"""The project's own fixtures: one input file, its expected result beside it (tests/fixtures/).

Every input ``tests/fixtures/<stage>/NAME.<ext>`` is parsed with ``newspost.parse_file``
(its path given, so ``YYYY-MM-DD-slug`` names give the date and the slug), with the keyword
arguments of ``NAME.options.json`` when there is one, and compared whole with the stored
result: ``NAME.result.json`` (the record, ``Post.model_dump(mode="json")`` without the
absolute ``path``; or the ``error`` a strict parse raised), or for the ``writeback`` stage
``NAME.result.md`` (``Post.to_markdown()``). ``pytest --update-fixtures`` rewrites the
results from what the code does now; review the diff (tests/fixtures/README.md).
Only the public API is used, so the fixtures outlive any change inside ``src/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import newspost

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STAGES = ("frontmatter", "dates", "body", "attribution", "links", "writeback")
INPUT_SUFFIXES = {".md", ".markdown", ".html"}


def is_input(path: Path) -> bool:
    return (
        path.is_file()
        and path.suffix in INPUT_SUFFIXES
        and not path.name.endswith(".result.md")
        and path.name != "README.md"
    )


def fixture_inputs() -> list[Path]:
    return [p for stage in STAGES for p in sorted((FIXTURES / stage).iterdir()) if is_input(p)]


def beside(path: Path, suffix: str) -> Path:
    """``NAME.ext`` -> ``NAME<suffix>`` in the same folder."""
    return path.with_name(path.stem + suffix)


def options_of(path: Path) -> dict[str, Any]:
    options = beside(path, ".options.json")
    if not options.exists():
        return {}
    loaded: dict[str, Any] = json.loads(options.read_text(encoding="utf-8"))
    return loaded


def outcome(path: Path) -> tuple[Path, str]:
    """What parsing ``path`` gives now, as the stored result file and its text."""
    options = options_of(path)
    try:
        post = newspost.parse_file(path, **options)
    except newspost.ParseError as error:
        record: dict[str, Any] = {
            "error": {
                "code": error.code,
                "line": error.line,
                "column": error.column,
                "reason": error.reason,
            }
        }
        return beside(path, ".result.json"), dump(record)
    if path.parent.name == "writeback":
        return beside(path, ".result.md"), post.to_markdown()
    record = post.model_dump(mode="json")
    assert record.pop("path") == str(path)
    return beside(path, ".result.json"), dump(record)


def dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def test_every_stage_has_fixtures_and_names_are_unique() -> None:
    inputs = fixture_inputs()
    for stage in STAGES:
        assert any(p.parent.name == stage for p in inputs), stage
    stems = [(p.parent.name, p.stem) for p in inputs]
    assert len(stems) == len(set(stems)), "two inputs of one stage share a name"
    # No stale files: every result and options file belongs to an input.
    known = {(p.parent, p.stem) for p in inputs}
    for other in FIXTURES.glob("*/*"):
        for suffix in (".result.json", ".result.md", ".options.json"):
            if other.name.endswith(suffix):
                stem = other.name[: -len(suffix)]
                assert (other.parent, stem) in known, f"{other} has no input"


@pytest.mark.parametrize("path", fixture_inputs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(path: Path, request: pytest.FixtureRequest) -> None:
    result, got = outcome(path)
    if request.config.getoption("--update-fixtures"):
        if not result.exists() or result.read_bytes() != got.encode("utf-8"):
            result.write_bytes(got.encode("utf-8"))
        return
    assert result.exists(), f"no {result.name}: run pytest --update-fixtures and review it"
    assert got == result.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    "path",
    [p for p in fixture_inputs() if p.parent.name == "writeback"],
    ids=lambda p: p.name,
)
def test_written_back_posts_are_a_fixed_point(path: Path) -> None:
    """Parsing what was written and writing it again changes nothing."""
    once = newspost.parse_file(path, **options_of(path))
    written = once.to_markdown()
    again = newspost.parse(written, path=str(path), **options_of(path))
    assert again.to_markdown() == written
    # Only how the file is stored (kept as written, byte for byte) may still be noted.
    assert {w.code for w in again.warnings} <= {"bom", "line_endings"}
