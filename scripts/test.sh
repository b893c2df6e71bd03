#!/usr/bin/env bash
# Everything CI checks: lint, format, types, the full test suite (with the
# README's and docs' examples), the documentation site and the release build.
# Sets everything up itself on a fresh clone; needs ../shared/corpus beside it.
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
echo "== pytest"
.venv/bin/python -m pytest
