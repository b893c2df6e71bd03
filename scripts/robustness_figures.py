"""The figures of docs/robustness.md, measured again: each attack of issue 11, timed, and
the peak of Python's allocations (tracemalloc), each in a fresh process.

    .venv/bin/python scripts/robustness_figures.py           # the table, in Markdown
    .venv/bin/python scripts/robustness_figures.py --growth  # also the cost tests' ratios
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_ONE = """
import json, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
import newspost
from scripts.robustness_figures import ATTACKS
make = ATTACKS[sys.argv[2]][1]
text = make()
def run():
    try:
        post = newspost.parse(text)
        codes = sorted({w.code for w in post.warnings} - {"date_missing", "no_front_matter"})
        return len(post.to_json()), codes
    except newspost.ParseError as error:
        return 0, [error.code]
start = time.perf_counter()
run()
seconds = time.perf_counter() - start  # timed without tracemalloc, which slows allocation
tracemalloc.start()
size, codes = run()
peak = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps({"s": seconds, "mb": peak, "json": size, "codes": codes, "n": len(text)}))
"""


def _merge_keys() -> str:
    anchor = "a: &a {" + ", ".join(f"k{i}: v" for i in range(1_000)) + "}\n"
    merges = "".join(f"m{i}: {{<<: *a}}\n" for i in range(4_000))
    return f"---\ntitle: T\n{anchor}{merges}---\nx"


def _alias_bytes() -> str:
    aliases = ", ".join(["*s"] * 20_000)
    return f'---\ntitle: T\ns: &s "{"x" * 100_000}"\nl: [{aliases}]\n---\nx'


# name -> (what the issue measured on 0.1.0, the input)
ATTACKS = {
    "front-matter line k + 64 KB of spaces + v": (
        "7.7 s",
        lambda: "---\nk" + " " * 65_536 + "v\n---\nx",
    ),
    "last line [a]( + 64 KB of spaces": ("14 s", lambda: "---\n---\nx\n\n[a](" + " " * 65_536),
    "tags with 80,000 terms": (
        "30 s",
        lambda: "---\ntags: [" + ", ".join(f"t{i}" for i in range(80_000)) + "]\n---\nx",
    ),
    "merge keys <<: *a (1,000 keys) 4,000 times": ("25 s, 672 MB", _merge_keys),
    "alias of a 100 KB string 20,000 times": ("2 GB of JSON", _alias_bytes),
    "YAML [ nested 20,000 deep": (
        "ValidationError / RecursionError",
        lambda: "---\na: " + "[" * 20_000 + "]" * 20_000 + "\n---\nx",
    ),
    "JSON front matter, 100,000 unclosed [": (
        "RecursionError",
        lambda: '{\n"a": ' + "[" * 100_000 + "\nx",
    ),
    "HTML nested 100,000 deep, script inside": (
        "script text leaked",
        lambda: "---\n---\n" + "<div>" * 100_000 + "<script>s()</script><p>shown</p>",
    ),
    "64 MB + 1 byte (max_bytes)": ("no limit", lambda: "x" * (64 * 2**20 + 1)),
}


def measure(name: str) -> dict[str, object]:
    result = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", _ONE, str(ROOT), name],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    measured: dict[str, object] = json.loads(result.stdout)
    return measured


def main() -> int:
    print("| input | 0.1.0 | now: time | peak Python memory | JSON out | warnings |")
    print("|---|---|---|---|---|---|")
    for name, (before, _) in ATTACKS.items():
        m = measure(name)
        print(
            f"| {name} | {before} | {m['s']:.2f} s | {m['mb']:.0f} MB"
            f" | {int(m['json']) // 1024:,} KB | {', '.join(m['codes']) or '-'} |",  # type: ignore[call-overload]
            flush=True,
        )
    if "--growth" in sys.argv:
        from tests.test_attacks import _COST_FACTOR, _COST_SIZE, _INPUTS, _growth

        print(f"\n{_COST_SIZE:,} characters, then {_COST_FACTOR}x that:\n")
        print("| input | time growth | plain text alongside | ratio (bound 4) |")
        print("|---|---|---|---|")
        for name in sorted(set(_INPUTS) - {"plain-text"}):
            hostile, plain = _growth(name)
            print(f"| {name} | {hostile:.1f}x | {plain:.1f}x | {hostile / plain:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
