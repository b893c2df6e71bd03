"""The test house's switches.

- Hypothesis profiles: "ci" keeps the suite fast; "fuzz" is the long run (docs/robustness.md).
- The shared corpus (tests/corpus.py): tests marked ``corpus`` run when it is present; when
  it is absent they are skipped, reported in one line, unless ``NEWSPOST_REQUIRE_CORPUS=1``
  (``.ci/run`` sets it), which makes its absence an error before any test runs.
- ``--update-fixtures`` rewrites the stored expectations (tests/fixtures/**/*.result.*,
  tests/corpus_digest.txt) from what the code does now: run it after a deliberate change
  of behaviour and review the diff (tests/fixtures/README.md).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.corpus import (
    CORPUS,
    REQUIRE_VARIABLE,
    SKIP_REASON,
    corpus_present,
    corpus_required,
)

# tests/fixtures holds data (inputs in any encoding, expected results) and update.py,
# a script: test_fixtures.py reads them; pytest is not to collect them as doctests.
collect_ignore = ["fixtures"]

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=200_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-fixtures",
        action="store_true",
        default=False,
        help="rewrite tests/fixtures/**/*.result.* and tests/corpus_digest.txt from the "
        "current behaviour (after a deliberate change; review the diff)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if corpus_required() and not corpus_present():
        raise pytest.UsageError(
            f"{REQUIRE_VARIABLE}=1 but the shared corpus is not at {CORPUS}: "
            "the corpus tests must run here"
        )


def pytest_report_header(config: pytest.Config) -> str:
    if corpus_present():
        return f"shared corpus: {CORPUS} (corpus tests run)"
    return f"shared corpus: not found at {CORPUS} (corpus tests skipped)"


def _not_run() -> None:
    """Skip a ``corpus`` test when the corpus is absent (or fail it, should CI get here)."""
    if corpus_required():  # pragma: no cover - pytest_configure stops the run first
        pytest.fail(SKIP_REASON)
    pytest.skip(SKIP_REASON)


@pytest.fixture(autouse=True)
def _corpus_gate(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("corpus") is not None and not corpus_present():
        _not_run()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """Give every corpus skip one location, so that ``-ra`` folds them into one line."""
    report: pytest.TestReport = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and longrepr[2].endswith(SKIP_REASON):
        report.longrepr = (__file__, _not_run.__code__.co_firstlineno, longrepr[2])
    return report
