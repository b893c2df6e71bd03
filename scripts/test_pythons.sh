#!/usr/bin/env bash
# The pytest suite on the other supported Pythons (3.10, 3.12, 3.13 by default; the main
# run in scripts/test.sh is 3.11). Each gets its own virtual environment, .venv-X.Y,
# created once and reused; it is reinstalled only when pyproject.toml changes. Lint,
# types, the documentation site and the release build run once, on the main Python.
#   NEWSPOST_PYTHONS="3.10 3.13" bash scripts/test_pythons.sh    # a subset
#   bash scripts/test_pythons.sh -k golden                        # extra pytest arguments
# Each version's interpreter is found under pyenv ($(pyenv root)/versions/X.Y.*), else
# as pythonX.Y on PATH. A version that is not on the machine is skipped, said in one
# line, unless NEWSPOST_REQUIRE_PYTHONS=1 (.ci/run sets it): then it is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=${NEWSPOST_PYTHONS-3.10 3.12 3.13}
pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
stamp=$(sha256sum pyproject.toml | cut -c1-16)
failed=""
for version in $versions; do
  python=""
  for candidate in "$pyenv_root"/versions/"$version".*/bin/python; do
    [ -x "$candidate" ] && python=$candidate
  done
  [ -n "$python" ] || python=$(command -v "python$version" || true)
  if [ -z "$python" ]; then
    if [ "${NEWSPOST_REQUIRE_PYTHONS:-0}" != 0 ]; then
      echo "Python $version not found (pyenv install $version), and NEWSPOST_REQUIRE_PYTHONS is set" >&2
      exit 1
    fi
    echo "== Python $version not found (pyenv install $version): the suite not run on it"
    continue
  fi
  venv=.venv-$version
  echo "== pytest on Python $version ($("$python" -c 'import sys; print(sys.version.split()[0])'))"
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  if [ "$(cat "$venv/.newspost-installed" 2>/dev/null)" != "$stamp" ]; then
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -e ".[test]"
    echo "$stamp" > "$venv/.newspost-installed"
  fi
  "$venv/bin/python" -m pytest -p no:cacheprovider -q "$@" || failed="$failed $version"
done
if [ -n "$failed" ]; then
  echo "== the suite failed on Python$failed" >&2
  exit 1
fi
