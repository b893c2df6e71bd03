"""This tree's newspost against an earlier release of itself, on the same files.

Issue 9 asks that fidelity be paid for without falling below 0.1's speed on the
whole shared corpus. This script installs the given git revision (default: the
0.1 line, ``ab4c047``) into a throw-away virtual environment, then times
``parse_file`` over every post file of each site, in one process per round, the
two versions interleaved round by round so that load on the machine falls on
both alike. It prints posts/s per site and overall and the ratio
(this tree ÷ the revision), for a first pass over the files (with what a
process pays once: a module imported on first use, a site's ``_data/``) and a
second (the steady state of a long run); ``--write`` also puts the table into
``docs/performance.md`` between its ``against`` markers.

    .venv/bin/python benchmarks/against.py [--rev ab4c047] [--rounds 5] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NEWSPOST_CORPUS", ROOT.parent / "shared" / "corpus"))
PATTERNS = ("*.md", "*.markdown", "*.html")
SKIP = {"_layouts", "_includes", "layouts", "static", "themes", "_site", "public"}
START, END = "<!-- against:start -->", "<!-- against:end -->"

# Run inside each environment: time parse_file over the listed files twice, print JSON.
# The first pass pays what a process pays once (a module imported on first use,
# the site's _data/ read when a template names it); the second is the steady
# state of a long run, where those costs have faded.
DRIVER = """
import json, sys, time
import newspost
files = json.load(sys.stdin)
for path in files[:3]:
    newspost.parse_file(path)  # warm the imports and the site cache
passes = []
for _ in range(2):
    start = time.perf_counter()
    for path in files:
        newspost.parse_file(path)
    passes.append(time.perf_counter() - start)
print(json.dumps(passes))
"""


def post_files(site: Path) -> list[str]:
    """Every post file of a site: the same list for both versions."""
    found = set()
    for pattern in PATTERNS:
        for path in site.rglob(pattern):
            parts = set(path.relative_to(site).parts)
            if not parts & SKIP and path.name.lower() != "readme.md":
                found.add(str(path))
    return sorted(found)


def install(rev: str, where: Path) -> Path:
    """A virtual environment with newspost at ``rev`` installed; its Python."""
    source = where / "src"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(source), rev], check=True
    )
    try:
        venv.create(where / "venv", with_pip=True)
        python = where / "venv" / "bin" / "python"
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(source)], check=True)
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(source)], check=True
        )
    return python


def seconds(python: str, files: list[str]) -> list[float]:
    """One round: the times ``python``'s newspost takes over ``files``, first pass and second."""
    done = subprocess.run(
        [python, "-c", DRIVER],
        input=json.dumps(files),
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    return [float(value) for value in json.loads(done.stdout)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rev", default="ab4c047", help="the git revision to compare with (default: 0.1's line)"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--write", action="store_true", help="put the table into docs/performance.md"
    )
    args = parser.parse_args()
    sites = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        old = str(install(args.rev, Path(tmp)))
        new = sys.executable
        rows = []
        totals = {"new": [0.0, 0.0], "old": [0.0, 0.0], "files": 0}
        for site in sites:
            files = post_files(site)
            times: dict[str, list[list[float]]] = {"new": [], "old": []}
            for _ in range(args.rounds):
                times["new"].append(seconds(new, files))
                times["old"].append(seconds(old, files))
            new_s = [statistics.median(t[i] for t in times["new"]) for i in (0, 1)]
            old_s = [statistics.median(t[i] for t in times["old"]) for i in (0, 1)]
            for i in (0, 1):
                totals["new"][i] += new_s[i]
                totals["old"][i] += old_s[i]
            totals["files"] += len(files)
            rows.append((site.name, len(files), new_s, old_s))
    rows.append(("whole corpus", int(totals["files"]), totals["new"], totals["old"]))
    table = [
        f"| site | files | this tree, posts/s (first pass, second) | {args.rev}, posts/s"
        " (first, second) | ratio, first pass | ratio, second pass |",
        "|---|--:|--:|--:|--:|--:|",
        *(
            f"| {name} | {n:,} | {n / a[0]:,.0f}, {n / a[1]:,.0f} | {n / b[0]:,.0f},"
            f" {n / b[1]:,.0f} | {b[0] / a[0]:.2f}× | {b[1] / a[1]:.2f}× |"
            for name, n, a, b in rows
        ),
    ]
    text = "\n".join(table)
    print(text)
    if args.write:
        page = ROOT / "docs" / "performance.md"
        content = page.read_text(encoding="utf-8")
        head, _, rest = content.partition(START)
        _, _, tail = rest.partition(END)
        page.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
