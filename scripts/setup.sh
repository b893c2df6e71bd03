#!/usr/bin/env bash
# Creates .venv (if missing) and installs newspost into it, editable, with the
# extras named in $NEWSPOST_EXTRAS (default: none). Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
extras=${NEWSPOST_EXTRAS:-}
.venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
