#!/usr/bin/env bash
# The release, minus the upload: build the sdist and the wheel, check them with
# twine, install the wheel into a fresh virtual environment far from the source
# tree, and smoke-test it there (import, parse an example post, the command), then
# run the README's examples there against the installed wheel (README.md and
# examples/ copied beside it, no src/ in reach).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rm -rf dist
.venv/bin/python -m build --sdist --wheel --outdir dist . > /dev/null
.venv/bin/twine check --strict dist/*
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
# With what the README's examples install: the pandas and arrow extras, and BeautifulSoup.
wheel=$(ls dist/*.whl)
"$work/venv/bin/python" -m pip install --quiet "$wheel[pandas,arrow]" beautifulsoup4
cp examples/site/_posts/2024-03-18-NW202403180001.md "$work/post.md"
cd "$work"
"$work/venv/bin/python" - <<'PY'
import importlib.resources, pathlib
import newspost
assert pathlib.Path(newspost.__file__).is_relative_to(pathlib.Path.cwd() / "venv"), newspost.__file__
assert importlib.resources.files("newspost").joinpath("py.typed").is_file(), "py.typed not shipped"
post = newspost.parse_file("post.md", timezone="Asia/Shanghai")
assert post.source.name == "示例证券报" and post.date.isoformat() == "2024-03-18T09:30:00+08:00"
print(f"wheel smoke test: newspost {newspost.__version__} parsed {post.title!r}")
PY
"$work/venv/bin/newspost" --version
"$work/venv/bin/newspost" parse post.md --quiet | "$work/venv/bin/python" -c "import json,sys; r=json.loads(sys.stdin.read()); assert r['title']; print('command smoke test: ok')"
cp "$root/README.md" "$work/README.md"
cp -r "$root/examples" "$work/examples"
"$work/venv/bin/python" - <<'PY'
import doctest, pathlib, sys
import newspost
assert pathlib.Path(newspost.__file__).is_relative_to(pathlib.Path.cwd() / "venv"), newspost.__file__
flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
failed, attempted = doctest.testfile("README.md", module_relative=False, optionflags=flags)
assert attempted > 0, "README.md holds no examples"
print(f"README examples on the installed wheel: {attempted} ran, {failed} failed")
sys.exit(1 if failed else 0)
PY
ls "$root"/dist
