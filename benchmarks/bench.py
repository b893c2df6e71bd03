"""newspost against the parser a user would otherwise write, on a replicated real corpus.

    .venv/bin/python benchmarks/bench.py            # 20,000 files, 3 rounds, docs/performance.md
    .venv/bin/python benchmarks/bench.py --files 3000 --rounds 1 --no-write   # a quick look

Every figure is a median over rounds, measured in this one run; the ratios
compare figures from the same run, never a number from elsewhere.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import frontmatter
from bs4 import BeautifulSoup

import newspost

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DOC = ROOT / "docs" / "performance.md"


def replicate(sources: list[Path], count: int, folder: Path) -> list[Path]:
    """``count`` files copied from ``sources`` round-robin into numbered subfolders."""
    files = []
    for i in range(count):
        source = sources[i % len(sources)]
        target = folder / f"copy-{i // len(sources):04d}" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        files.append(target)
    return files


def is_html(path: Path) -> bool:
    body = frontmatter.loads(path.read_text(encoding="utf-8")).content
    return "<p" in body or "<div" in body


def baseline(files: list[Path]) -> None:
    """What a user writes without newspost: python-frontmatter plus BeautifulSoup <p> texts."""
    for path in files:
        post = frontmatter.load(str(path))
        soup = BeautifulSoup(post.content, "html.parser")
        [p.get_text() for p in soup.find_all("p")]


def newspost_single(files: list[Path]) -> None:
    for path in files:
        newspost.parse_file(path, timezone="Asia/Shanghai")


def rate(run: Callable[[], object], count: int, rounds: int) -> float:
    """Median posts per second over ``rounds``."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return count / statistics.median(times)


def _parse_files(files: list[Path]) -> None:
    newspost_single(files)


def two_independent(files: list[Path]) -> None:
    """The machine's own ceiling for two processes: each parses half, nothing shared."""
    import multiprocessing

    halves = [files[0::2], files[1::2]]
    processes = [multiprocessing.Process(target=_parse_files, args=(half,)) for half in halves]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


def rates(runs: list[Callable[[], object]], count: int, rounds: int) -> list[float]:
    """Median posts per second of each run, the runs interleaved round by round.

    This machine's speed drifts by tens of percent within minutes; measuring
    the runs in turn lets the drift fall on all of them alike.
    """
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(rounds):
        for run, spent in zip(runs, times, strict=True):
            start = time.perf_counter()
            run()
            spent.append(time.perf_counter() - start)
    return [count / statistics.median(spent) for spent in times]


def consume(folder: Path, workers: int) -> None:
    for _ in newspost.parse_dir(folder, workers=workers, timezone="Asia/Shanghai"):
        pass


_PEAK = """
import resource, sys
import newspost
for _ in newspost.parse_dir(sys.argv[1], workers=int(sys.argv[2]), timezone="Asia/Shanghai"):
    pass
# VmHWM is this process's own peak; ru_maxrss would carry the parent's over exec.
with open("/proc/self/status") as status:
    own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(own / 1024, workers / 1024)
"""


def peak_mb(folder: Path, workers: int) -> tuple[float, float]:
    """Peak resident memory (MB) of a process streaming parse_dir, and of its largest worker."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(folder), str(workers)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    own, worker = out.stdout.split()
    return float(own), float(worker)


def rate_on_cluster(folder: Path, workers: int, count: int, rounds: int) -> float:
    """Posts per second through newspost.dask on a LocalCluster of ``workers`` processes.

    The records are counted on the workers, so what is measured is listing,
    scheduling and parsing, not shipping every record back.
    """
    from distributed import Client, LocalCluster

    import newspost.dask

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        return rate(
            lambda: newspost.dask.read_posts(folder, timezone="Asia/Shanghai").count().compute(),
            count,
            rounds,
        )


def cli(folder: Path, out: Path, workers: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "newspost", "parse", str(folder), "-o", str(out), "--workers",
         str(workers), "--quiet", "--timezone", "Asia/Shanghai"],
        check=True,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not write docs/performance.md")
    args = parser.parse_args()

    sources = sorted(p for p in CORPUS.rglob("*.md") if p.name != "README.md")
    html_sources = [p for p in sources if is_html(p)]
    rows: list[tuple[str, str]] = []

    def report(name: str, value: str) -> None:
        rows.append((name, value))
        print(f"{name:<58} {value}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        files = replicate(sources, args.files, base / "all")
        replicate(sources, 5_000, base / "five-thousand")
        html = replicate(html_sources, max(500, args.files // 20), base / "html")
        print(f"{len(files):,} files from {len(sources)} real posts; "
              f"HTML subset {len(html):,} files from {len(html_sources)}", flush=True)  # fmt: skip

        ours, theirs, one, two, ceiling = rates(
            [
                lambda: newspost_single(files),
                lambda: baseline(files),
                lambda: consume(base / "all", 1),
                lambda: consume(base / "all", 2),
                lambda: two_independent(files),
            ],
            len(files),
            args.rounds,
        )
        report("newspost full parse, 1 process (posts/s)", f"{ours:,.0f}")
        report("baseline frontmatter + BeautifulSoup `<p>` (posts/s)", f"{theirs:,.0f}")
        report("ratio newspost / baseline", f"{ours / theirs:.2f}x")
        report("parse_dir, 1 worker (posts/s)", f"{one:,.0f}")
        report("parse_dir, 2 workers (posts/s)", f"{two:,.0f}")
        report("ratio 2 workers / 1 worker", f"{two / one:.2f}x")
        report("2 independent processes, no parse_dir (posts/s)", f"{ceiling:,.0f}")
        report("ratio machine ceiling: 2 processes / 1", f"{ceiling / ours:.2f}x")

        for workers in (1, 2):
            cluster_rate = rate_on_cluster(base / "all", workers, len(files), args.rounds)
            report(
                f"newspost.dask on a LocalCluster, {workers} worker(s) (posts/s)",
                f"{cluster_rate:,.0f}",
            )

        out = base / "out.jsonl"
        by_cli = rate(lambda: cli(base / "all", out, 2), len(files), args.rounds)
        report("newspost parse -o out.jsonl --workers 2 (posts/s)", f"{by_cli:,.0f}")

        html_ours, html_theirs = rates(
            [lambda: newspost_single(html), lambda: baseline(html)], len(html), args.rounds * 3
        )
        report("HTML subset: newspost, 1 process (posts/s)", f"{html_ours:,.0f}")
        report("HTML subset: baseline (posts/s)", f"{html_theirs:,.0f}")
        report("HTML subset: ratio newspost / baseline", f"{html_ours / html_theirs:.2f}x")

        for workers in (1, 2):
            for folder, count in ((base / "five-thousand", 5_000), (base / "all", len(files))):
                own, worker = peak_mb(folder, workers)
                label = f"peak memory, {workers} worker(s), {count:,} files (MB)"
                value = f"{own:,.0f}" + (f" (+ {worker:,.0f} per worker)" if workers > 1 else "")
                report(label, value)

    if not args.no_write:
        write_doc(rows, args)
    return 0


def write_doc(rows: list[tuple[str, str]], args: argparse.Namespace) -> None:
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("newspost", "pydantic", "lxml", "cmarkgfm", "PyYAML", "python-frontmatter",
                     "beautifulsoup4")
    )  # fmt: skip
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    text = DOC.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = (
        f"{start}\nMeasured by `benchmarks/bench.py --files {args.files} --rounds {args.rounds}` "
        f"on {machine}; {packages}.\n\n| measure | median |\n|---|---|\n{table}\n{end}"
    )
    head, rest = text.split(start, 1)
    DOC.write_text(head + block + rest.split(end, 1)[1], encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    print(json.dumps(dict(rows), ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
