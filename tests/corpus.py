"""Where the shared corpus is, and what it holds.

The corpus (``../shared/corpus`` beside the repository) is real third-party data that the
project may not publish, so a fresh clone does not have it. Every test that reads it is
marked ``@pytest.mark.corpus`` (or sits in a module with ``pytestmark = CORPUS_MARK``):
tests/conftest.py skips those tests, with one line saying so, when the folder is absent,
and turns the skip into a failure when ``NEWSPOST_REQUIRE_CORPUS=1`` (set by ``.ci/run``).
The helpers below return empty lists when the corpus is absent, so that modules which
parametrize over it still import; :func:`corpus_params` then gives one placeholder case,
so such a test is reported as the corpus skip and not as pytest's "empty parameter set".
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(
    os.environ.get(
        "NEWSPOST_CORPUS", Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
)
FINEWS = CORPUS / "finews"
REQUIRE_VARIABLE = "NEWSPOST_REQUIRE_CORPUS"
CORPUS_MARK = pytest.mark.corpus
SKIP_REASON = f"shared corpus not found at {CORPUS}: corpus tests not run"


def corpus_present() -> bool:
    """Whether the shared corpus is there (its README.md is the sign)."""
    return (CORPUS / "README.md").is_file()


def corpus_required() -> bool:
    """Whether a missing corpus is an error (CI) rather than a skip (a fresh clone)."""
    return os.environ.get(REQUIRE_VARIABLE, "") not in {"", "0"}


def corpus_posts() -> list[Path]:
    """Every post file of the shared corpus; empty when the corpus is absent."""
    if not corpus_present():
        return []
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in {".md", ".markdown", ".html"})
    files = [p for p in files if p.name != "README.md"]
    assert len(files) > 250, f"the shared corpus at {CORPUS} is incomplete"
    return files


def expected_rows() -> list[dict[str, object]]:
    """finews/expected.jsonl, one dict a line; empty when the corpus is absent."""
    if not corpus_present():
        return []
    with (FINEWS / "expected.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def corpus_params(values: Iterable[Any], ids: Callable[[Any], str]) -> list[Any]:
    """``values`` as parameters named by ``ids``; one placeholder when the corpus is absent."""
    values = list(values)
    if not values:
        return [pytest.param(None, id="corpus-absent")]
    return [pytest.param(value, id=ids(value)) for value in values]
