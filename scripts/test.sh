#!/usr/bin/env bash
# Everything CI checks: lint, format, types, the full test suite (with the
# README's and docs' examples), the release build and the documentation site.
# Sets everything up itself on a fresh clone; needs ../shared/corpus beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
NEWSPOST_EXTRAS=dev bash scripts/setup.sh
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/mypy
.venv/bin/python -m pytest
