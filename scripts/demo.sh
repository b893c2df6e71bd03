#!/usr/bin/env bash
# The main job on the bundled example site: check it, parse it to JSON Lines,
# show one post. Sets everything up itself on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
echo "== newspost check examples/site"
.venv/bin/newspost check examples/site || true
echo
echo "== newspost parse examples/site -o out/posts.jsonl"
.venv/bin/newspost parse examples/site -o out/posts.jsonl --quiet
echo "wrote $(wc -l < out/posts.jsonl) records to out/posts.jsonl"
echo
echo "== newspost show examples/site/_posts/2024-03-18-NW202403180001.md"
.venv/bin/newspost show examples/site/_posts/2024-03-18-NW202403180001.md
