#!/usr/bin/env bash
# Everything CI checks: lint, format, types, the full test suite (with the
# README's and docs' examples), the documentation site, the release build (the
# README's examples again, on the installed wheel), then the test suite on the other
# supported Pythons (scripts/test_pythons.sh: 3.10, 3.12, 3.13).
# Sets everything up itself on a fresh clone. The tests that read ../shared/corpus
# run when it is there and are skipped, in one line, when it is not; .ci/run
# requires it (NEWSPOST_REQUIRE_CORPUS=1). NEWSPOST_PYTHONS="" skips the other Pythons; NEWSPOST_PYTHONS="3.13" runs only that one.
set -euo pipefail
cd "$(dirname "$0")/.."
NEWSPOST_EXTRAS=dev bash scripts/setup.sh
echo "== ruff"
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
echo "== mypy --strict"
.venv/bin/mypy
echo "== documentation site (mkdocs --strict)"
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
echo "== release build, twine check, wheel smoke test"
bash scripts/release_check.sh
echo "== pytest on Python $(.venv/bin/python -c 'import sys; print(sys.version.split()[0])')"
.venv/bin/python -m pytest
bash scripts/test_pythons.sh
