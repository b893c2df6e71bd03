"""newspost against the pipelines a user would otherwise write, per site, and at scale.

    .venv/bin/python benchmarks/bench.py --quick            # about a minute and a half
    .venv/bin/python benchmarks/bench.py --write            # the full run; updates the docs

One command measures, in one run (every ratio compares figures of this run):

1. per shared site (``../shared/corpus/<site>``, each apart), in posts per
   second, the files read into memory first, the pipelines interleaved round
   by round and each figure a median over the rounds:

   - **newspost**: the work ``parse_dir(site, workers=1)`` does per file, on
     its bytes in memory (and, apart, ``newspost.parse_file(path)``);
   - **naive**: ``frontmatter.loads``, Python-Markdown (raw HTML passes
     through), ``BeautifulSoup(html, "html.parser").get_text()``; a file it
     raises on (broken YAML) counts as done, its time counted, and is reported;
   - **expert-minimal**: front matter split by hand on ``---``/``+++``, PyYAML's
     ``CSafeLoader`` (TOML: tomllib), cmark-gfm (``cmarkgfm.markdown_to_html``,
     raw HTML kept) on the body, ``lxml.html.fromstring(html).text_content()``;

2. on a corpus replicating the shared posts (``--files``, 20,000 by default;
   hard links, so nothing is copied): ``parse_dir`` with 1 and 2 workers,
   ``newspost parse DIR -o out.jsonl`` with 1 and 2 workers, and two
   processes sharing nothing, each ``parse_dir`` over half the files, started
   together (the machine's own ceiling for two processes);

3. peak resident memory (VmHWM) of a process streaming ``parse_dir`` with one
   worker over ``--memory-files`` files (5,000 and 50,000 by default).

``--write`` puts the tables into docs/performance.md (between the
``bench:start``/``bench:end`` markers) and draws docs/img/performance.svg.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import cmarkgfm
import frontmatter
import lxml.html
import markdown
import yaml
from bs4 import BeautifulSoup
from cmarkgfm.cmark import Options as CmarkOptions

import newspost
from newspost._config import DEFAULT_PATTERNS, Options, Selection
from newspost._discover import discover
from newspost._parse import parse_with, site_zone
from newspost._site import find_site

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from svgchart import Panel, panel_chart

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DOC = ROOT / "docs" / "performance.md"
SVG = ROOT / "docs" / "img" / "performance.svg"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# The targets of issue 14.
TARGET_NAIVE = 4.0  # newspost / naive, on every site
TARGET_EXPERT = 0.7  # newspost / expert-minimal, on every site
TARGET_CLI = 0.9  # CLI with 1 worker / in-process parse_dir with 1 worker
TARGET_SCALING = 1.7  # 2 workers / 1 worker, parse_dir and the CLI
TARGET_MEMORY_MB = 100.0  # peak with 1 worker, flat over the file counts

# Folders parse_dir never reads, and Hugo's section pages (not posts).
_NOT_POSTS = frozenset(
    """
    _layouts _includes _sass _site _data _plugins _config node_modules vendor
    layouts static themes public resources assets archetypes data i18n
    """.split()
)
_SECTION_PAGES = frozenset({"_index.md", "_index.markdown", "_index.html"})


# --- the files -------------------------------------------------------------------------


def site_files(site: Path) -> list[Path]:
    """The post files ``parse_dir(site, workers=1)`` yields, in its order."""
    found = []
    for pattern in DEFAULT_PATTERNS:
        for path in site.rglob(pattern):
            parts = path.relative_to(site).parts
            if path.name in _SECTION_PAGES or not path.is_file():
                continue
            if any(part.startswith(".") or part in _NOT_POSTS for part in parts[:-1]):
                continue
            found.append(path)
    return sorted(set(found), key=lambda path: path.relative_to(site).parts)


def sites(corpus: Path, only: Sequence[str]) -> list[Path]:
    return [
        folder
        for folder in sorted(corpus.iterdir())
        if folder.is_dir() and not folder.name.startswith(".") and (not only or folder.name in only)
    ]


def replicate(corpus: Path, site_dirs: list[Path], count: int, folder: Path) -> int:
    """``count`` post files of the sites, round-robin, as hard links (copies if links fail)."""
    posts = [path for site in site_dirs for path in site_files(site)]
    for i in range(count):
        source = posts[i % len(posts)]
        link(source, folder / f"copy-{i // len(posts):04d}" / source.relative_to(corpus))
    return count


def link(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (a copy if links fail), folders made."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# --- the three pipelines -----------------------------------------------------------------


@dataclass
class Loaded:
    """A site's post files, read into memory, and how newspost's parse_dir would parse them."""

    name: str
    paths: list[Path]
    data: list[bytes]
    newspost: Callable[[], int]


def load_site(site: Path) -> Loaded:
    paths = site_files(site)
    data = [path.read_bytes() for path in paths]
    options = Options()
    job, _ = discover(site, options, Selection())
    names = [str(path) for path in paths]

    def run() -> int:
        """parse_dir's per-file work (``parse_item``), the bytes already read."""
        for name, raw in zip(names, data, strict=True):
            site_ = job.site if job.site.root is not None else find_site(name)
            parse_with(raw, name, options, site_, site_zone(options, site_))
        return 0

    return Loaded(site.name, paths, data, run)


def newspost_files(paths: list[Path]) -> int:
    """The public call, file by file (reads each file: from the page cache here)."""
    for path in paths:
        newspost.parse_file(path)
    return 0


def naive(data: list[bytes]) -> int:
    """What a user writes first; returns the number of files it raised on."""
    failed = 0
    for raw in data:
        try:
            post = frontmatter.loads(raw.decode("utf-8"))
            html = markdown.markdown(post.content)
            BeautifulSoup(html, "html.parser").get_text()
        except Exception:
            failed += 1
    return failed


_FENCED = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n(.*?)^\1[ \t]*\r?$\n?", re.DOTALL | re.M)
_UNSAFE = CmarkOptions.CMARK_OPT_UNSAFE


def expert_minimal(data: list[bytes]) -> int:
    """The fastest text today's C libraries give; returns the number of files it raised on.

    ``cmarkgfm.markdown_to_html`` (cmark-gfm's core, no extensions) leaks only
    the rendered HTML per call; its ``*_with_extensions`` leaks the whole
    document tree (theacodes/cmarkgfm#53), which a long run cannot afford.
    """
    failed = 0
    for raw in data:
        try:
            text = raw.decode("utf-8")
            body = text
            match = _FENCED.match(text)
            if match is not None:
                fence, front = match.group(1), match.group(2)
                if fence == "---":
                    yaml.load(front, Loader=yaml.CSafeLoader)
                else:
                    tomllib.loads(front)
                body = text[match.end() :]
            html = cmarkgfm.markdown_to_html(body, options=_UNSAFE)
            if html.strip():
                lxml.html.fromstring(html).text_content()
        except Exception:
            failed += 1
    return failed


# --- timing -----------------------------------------------------------------------------


def interleaved(runs: list[Callable[[], object]], rounds: int) -> list[list[float]]:
    """Seconds of each run per round, the runs taken in turn in every round.

    This machine's speed drifts by tens of percent within minutes; measuring
    the runs in turn lets the drift fall on all of them alike.
    """
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(rounds):
        for run, spent in zip(runs, times, strict=True):
            start = time.perf_counter()
            run()
            spent.append(time.perf_counter() - start)
    return times


def median_rate(count: int, seconds: list[float]) -> float:
    return count / statistics.median(seconds)


@dataclass
class SiteRow:
    site: str
    files: int
    newspost: float
    parse_file: float
    naive: float
    naive_failed: int
    expert: float
    expert_failed: int

    @property
    def vs_naive(self) -> float:
        return self.newspost / self.naive

    @property
    def vs_expert(self) -> float:
        return self.newspost / self.expert


def measure_site(site: Path, rounds: int, min_batch: float) -> SiteRow:
    """Posts per second of the four runs on one site, and the pipelines' failures.

    A warm-up pass of each run also times it; a run then goes over the site's
    files as many times per round as takes ``min_batch`` seconds, so that even
    a short site is timed over a measurable span.
    """
    loaded = load_site(site)
    failures: dict[str, int] = {}
    passes: list[Callable[[], object]] = [
        loaded.newspost,
        lambda: newspost_files(loaded.paths),
        lambda: failures.__setitem__("naive", naive(loaded.data)),
        lambda: failures.__setitem__("expert", expert_minimal(loaded.data)),
    ]
    runs: list[Callable[[], object]] = []
    repeats: list[int] = []
    for one_pass in passes:
        start = time.perf_counter()
        one_pass()
        repeat = max(1, math.ceil(min_batch / (time.perf_counter() - start)))
        repeats.append(repeat)
        runs.append(lambda one_pass=one_pass, repeat=repeat: [one_pass() for _ in range(repeat)])
    times = interleaved(runs, rounds)
    ours, public, naive_rate, expert_rate = (
        median_rate(len(loaded.paths) * repeat, spent)
        for repeat, spent in zip(repeats, times, strict=True)
    )
    return SiteRow(
        loaded.name, len(loaded.paths), ours, public, naive_rate,
        failures["naive"], expert_rate, failures["expert"],
    )  # fmt: skip


def stage_costs(site: Path, passes: int) -> dict[str, float]:
    """CPU microseconds per post of each pipeline stage, and of building the Post, on a site.

    CPU time (``time.process_time``), so that the shares survive a loaded machine.
    """
    from newspost import _pipeline

    loaded = load_site(site)
    loaded.newspost()  # warm: caches, the lxml parser, the site's config
    spent: dict[str, float] = {name: 0.0 for name, _ in _pipeline.STAGES}
    spent["build Post"] = 0.0

    def timed(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def measured(*args: object) -> object:
            start = time.process_time()
            try:
                return function(*args)
            finally:
                spent[name] += time.process_time() - start

        return measured

    stages, build = list(_pipeline.STAGES), _pipeline.build_post
    try:
        _pipeline.STAGES[:] = [(name, timed(name, stage)) for name, stage in stages]  # type: ignore[misc]
        _pipeline.build_post = timed("build Post", build)  # type: ignore[assignment]
        start = time.process_time()
        for _ in range(passes):
            loaded.newspost()
        total = time.process_time() - start
    finally:
        _pipeline.STAGES[:] = stages
        _pipeline.build_post = build
    posts = passes * len(loaded.paths)
    return {"total": total / posts * 1e6} | {name: s / posts * 1e6 for name, s in spent.items()}


def stage_table(costs: dict[str, dict[str, float]]) -> str:
    names = [name for name in next(iter(costs.values())) if name != "total"]
    lines = [
        "| site | total (µs/post) | " + " | ".join(names) + " |",
        "|---|--:|" + "--:|" * len(names),
    ]
    for site, cost in costs.items():
        total = cost["total"]
        shares = " | ".join(f"{cost[name]:,.0f} ({cost[name] / total:.0%})" for name in names)
        lines.append(f"| {site} | {total:,.0f} | {shares} |")
    return "\n".join(lines)


# --- the whole run ------------------------------------------------------------------------


_CONSUME = """
import resource, sys, time
import newspost

def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

if len(sys.argv) > 3:  # start at the same moment as the other processes
    time.sleep(max(0.0, float(sys.argv[3]) - time.time()))
start, used = time.time(), cpu()
for _ in newspost.parse_dir(sys.argv[1], workers=int(sys.argv[2])):
    pass
print(start, time.time(), cpu() - used)
"""


def consume(folder: Path, workers: int) -> tuple[float, float]:
    """(wall, CPU seconds) of ``parse_dir`` in a process of its own, timed from inside it.

    In-process as a user runs it, start-up left out; not inside this benchmark's
    process, whose many objects would slow its garbage collector (and, forked,
    the workers') and make ``parse_dir`` look slower than it is.
    """
    return consume_together([folder], workers)


def consume_together(folders: list[Path], workers: int) -> tuple[float, float]:
    """``consume`` over each folder at once, each in a process of its own, all started
    at one moment once imported: (from the first start to the last end, CPU of all).

    Over the two halves of the files, one worker each, this is the machine's own
    ceiling for two processes: nothing shared, nothing sent between them.
    """
    at = [str(time.time() + 1.0)] if len(folders) > 1 else []
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _CONSUME, str(folder), str(workers), *at],
            stdout=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    reports = []
    for process in processes:
        out, _ = process.communicate()
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, process.args, out)
        reports.append([float(value) for value in out.split()])
    wall = max(end for _, end, _ in reports) - min(start for start, _, _ in reports)
    return wall, sum(cpu for _, _, cpu in reports)


def halves(paths: list[Path], base: Path, folder: Path) -> list[Path]:
    """The files (below ``base``) in two folders below ``folder``: every other one in
    each, as hard links."""
    made = [folder / "half-0", folder / "half-1"]
    for half, part in zip(made, (paths[0::2], paths[1::2]), strict=True):
        for path in part:
            link(path, half / path.relative_to(base))
    return made


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (workers, commands)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(run: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU seconds) of ``run``, every process it started included, or its own report.

    Unlike the wall clock, CPU seconds barely change with the machine's load: CPU
    with one worker over CPU with two (all processes) is the share of the second
    core that goes to parsing, which two workers reach on an idle machine.
    """
    start, used = time.perf_counter(), cpu_seconds()
    reported = run()
    if isinstance(reported, tuple):
        return reported
    return time.perf_counter() - start, cpu_seconds() - used


def command() -> list[str]:
    script = Path(sys.executable).parent / "newspost"
    return [str(script)] if script.exists() else [sys.executable, "-m", "newspost"]


def cli(folder: Path, out: Path, workers: int) -> None:
    subprocess.run(
        [*command(), "parse", str(folder), "-o", str(out), "--workers", str(workers), "--quiet"],
        check=True,
    )


def startup() -> None:
    subprocess.run([*command(), "--version"], check=True, capture_output=True)


_PEAK = """
import resource, sys
import newspost
for _ in newspost.parse_dir(sys.argv[1], workers=1):
    pass
# VmHWM is this process's own peak; ru_maxrss would carry the parent's over exec.
with open("/proc/self/status") as status:
    print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024)
"""


def peak_mb(folder: Path) -> float:
    """Peak resident memory (MB) of a process streaming parse_dir with one worker."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(folder)], capture_output=True, text=True, check=True
    )
    return float(out.stdout)


# --- output -------------------------------------------------------------------------------


def verdict(value: float, target: float, above: bool = True) -> str:
    met = value >= target if above else value < target
    return "met" if met else "**missed**"


def site_table(rows: list[SiteRow]) -> str:
    lines = [
        "| site | files | newspost (posts/s) | `parse_file` (posts/s) | naive (posts/s)"
        " | expert-minimal (posts/s) | vs naive (≥ 4×) | vs expert-minimal (≥ 0.7×) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        failed = f" ({row.naive_failed} failed)" if row.naive_failed else ""
        expert_failed = f" ({row.expert_failed} failed)" if row.expert_failed else ""
        lines.append(
            f"| {row.site} | {row.files} | {row.newspost:,.0f} | {row.parse_file:,.0f}"
            f" | {row.naive:,.0f}{failed} | {row.expert:,.0f}{expert_failed}"
            f" | {row.vs_naive:.2f}× {mark(row.vs_naive, TARGET_NAIVE)}"
            f" | {row.vs_expert:.2f}× {mark(row.vs_expert, TARGET_EXPERT)} |"
        )
    return "\n".join(lines)


def mark(value: float, target: float) -> str:
    return "✓" if value >= target else "✗"


def run_table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| measure | median | target |", "|---|--:|---|"]
    lines += [f"| {name} | {value} | {target} |" for name, value, target in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                "",
            )
    except OSError:
        pass
    return (
        f"{platform.machine()}{', ' + cpu if cpu else ''}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def packages() -> str:
    names = ("newspost", "pydantic", "lxml", "cmarkgfm", "PyYAML", "python-frontmatter",
             "Markdown", "beautifulsoup4")  # fmt: skip
    return ", ".join(f"{name} {version(name)}" for name in names)


def svg_chart(rows: list[SiteRow]) -> str:
    """Two panels of horizontal bars, one bar per site, the target drawn as a line."""
    return panel_chart(
        [row.site for row in rows],
        [
            Panel("newspost / naive", [r.vs_naive for r in rows], TARGET_NAIVE, unit="×"),
            Panel(
                "newspost / expert-minimal", [r.vs_expert for r in rows], TARGET_EXPERT, unit="×"
            ),
        ],
    )


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    DOC.write_text(f"{head}{START}\n{block}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")


# --- main ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="a look in under two minutes: 1,500 files, fewer rounds, "
                             "memory at 1,000 and 3,000 files")  # fmt: skip
    parser.add_argument("--files", type=int, help="files of the whole run (default 20,000)")
    parser.add_argument("--rounds", type=int, help="rounds per site (default 7; quick 3)")
    parser.add_argument("--run-rounds", type=int, help="rounds of the whole run (default 3)")
    parser.add_argument("--memory-files", help="file counts for peak memory (default 5000,50000)")
    parser.add_argument("--sites", nargs="*", default=[], help="only these sites")
    parser.add_argument("--skip-sites", action="store_true", help="no per-site table")
    parser.add_argument("--skip-run", action="store_true", help="no whole run, no memory")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--write", action="store_true",
                        help="update docs/performance.md and docs/img/performance.svg")  # fmt: skip
    args = parser.parse_args(argv)
    quick = args.quick
    files = args.files or (1_500 if quick else 20_000)
    rounds = args.rounds or (3 if quick else 7)
    run_rounds = args.run_rounds or (2 if quick else 3)
    memory_files = [
        int(n) for n in (args.memory_files or ("1000,3000" if quick else "5000,50000")).split(",")
    ]
    site_dirs = sites(args.corpus, args.sites)
    began = time.perf_counter()
    print(f"{machine()}\n{packages()}\n", flush=True)

    site_rows: list[SiteRow] = []
    costs: dict[str, dict[str, float]] = {}
    if not args.skip_sites:
        for site in site_dirs:
            row = measure_site(site, rounds, 0.2 if quick else 0.5)
            site_rows.append(row)
            print(
                f"{row.site:<14} {row.files:>4} files  newspost {row.newspost:7,.0f}/s "
                f"(parse_file {row.parse_file:,.0f})  naive {row.naive:7,.0f}/s "
                f"[{row.naive_failed} failed]  expert {row.expert:7,.0f}/s "
                f"[{row.expert_failed} failed]  x{row.vs_naive:.2f} naive  "
                f"x{row.vs_expert:.2f} expert",
                flush=True,
            )
        print("\n" + site_table(site_rows) + "\n", flush=True)
        costs = {site.name: stage_costs(site, 3 if quick else 5) for site in site_dirs}
        print(stage_table(costs) + "\n", flush=True)

    run_rows: list[tuple[str, str, str]] = []

    def report(name: str, value: str, target: str = "") -> None:
        run_rows.append((name, value, target))
        print(f"{name:<62} {value:>10}  {target}", flush=True)

    if not args.skip_run:
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            replicate(args.corpus, site_dirs, files, base / "all")
            paths = site_files(base / "all")
            count = len(paths)
            print(f"{count:,} files replicated from {len(site_dirs)} sites", flush=True)
            out = base / "out.jsonl"
            consume(base / "all", 1)  # warm the page cache
            names = ["parse_dir 1", "parse_dir 2", "cli 1", "cli 2", "two", "startup"]
            cpu: dict[str, list[float]] = {name: [] for name in names}
            split = halves(paths, base / "all", base)
            runs: list[Callable[[], object]] = [
                lambda: consume(base / "all", 1),
                lambda: consume(base / "all", 2),
                lambda: cli(base / "all", out, 1),
                lambda: cli(base / "all", out, 2),
                lambda: consume_together(split, 1),
                startup,
            ]
            times: dict[str, list[float]] = {name: [] for name in names}
            for _ in range(run_rounds):  # interleaved, as the per-site runs
                for name, run in zip(names, runs, strict=True):
                    wall, used = measure(run)
                    times[name].append(wall)
                    cpu[name].append(used)
            cpu_of = {name: statistics.median(spent) for name, spent in cpu.items()}
            rate = {name: median_rate(count, spent) for name, spent in times.items()}
            cli_ratio = rate["cli 1"] / rate["parse_dir 1"]
            dir_scaling = rate["parse_dir 2"] / rate["parse_dir 1"]
            cli_scaling = rate["cli 2"] / rate["cli 1"]
            report(
                f"`parse_dir`, 1 worker, {count:,} files (posts/s)", f"{rate['parse_dir 1']:,.0f}"
            )
            report("`parse_dir`, 2 workers (posts/s)", f"{rate['parse_dir 2']:,.0f}")
            for workers in (1, 2):
                report(f"`newspost parse DIR -o out.jsonl --workers {workers}` (posts/s)",
                       f"{rate[f'cli {workers}']:,.0f}")  # fmt: skip
            report("CLI, 1 worker / `parse_dir`, 1 worker", f"{cli_ratio:.2f}×",
                   f"≥ {TARGET_CLI}×: {verdict(cli_ratio, TARGET_CLI)}")  # fmt: skip
            report("`parse_dir`, 2 workers / 1", f"{dir_scaling:.2f}×",
                   f"≥ {TARGET_SCALING}×: {verdict(dir_scaling, TARGET_SCALING)}")  # fmt: skip
            report("CLI, 2 workers / 1", f"{cli_scaling:.2f}×",
                   f"≥ {TARGET_SCALING}×: {verdict(cli_scaling, TARGET_SCALING)}")  # fmt: skip
            report("machine ceiling: 2 processes, half the files each / `parse_dir` 1 worker",
                   f"{rate['two'] / rate['parse_dir 1']:.2f}×")  # fmt: skip
            report("CLI start-up, `newspost --version` (s)",
                   f"{statistics.median(times['startup']):.2f}")  # fmt: skip
            report("machine load: load average while measuring (2 cores)",
                   f"{os.getloadavg()[0]:.1f}")  # fmt: skip
            # CPU seconds, every process counted: steady under load, unlike the wall clock.
            report("CPU: CLI, 1 worker / `parse_dir`, 1 worker (above 1: what the command adds)",
                   f"{cpu_of['cli 1'] / cpu_of['parse_dir 1']:.2f}×")  # fmt: skip
            for label, one, two in (("`parse_dir`", "parse_dir 1", "parse_dir 2"),
                                    ("CLI", "cli 1", "cli 2")):  # fmt: skip
                report(f"CPU: {label}, 1 worker / 2 workers (× 2 = the idle machine's speed-up)",
                       f"{cpu_of[one] / cpu_of[two]:.2f}")  # fmt: skip

            peaks = []
            for n in memory_files:
                folder = base / f"memory-{n}"
                replicate(args.corpus, site_dirs, n, folder)
                peaks.append(peak_mb(folder))
                shutil.rmtree(folder)
            flat = max(peaks) - min(peaks) < 10 and max(peaks) < TARGET_MEMORY_MB
            memory_target = f"flat, < {TARGET_MEMORY_MB:.0f} MB: {'met' if flat else '**missed**'}"
            for n, peak in zip(memory_files, peaks, strict=True):
                report(f"peak memory, `parse_dir` 1 worker, {n:,} files (MB)", f"{peak:,.0f}",
                       memory_target)  # fmt: skip
        print("\n" + run_table(run_rows), flush=True)

    elapsed = time.perf_counter() - began
    print(f"\n{elapsed:.0f} s", flush=True)
    if args.write:
        invocation = "benchmarks/bench.py" + (" --quick" if quick else "")
        for option, value, default in (
            ("--files", args.files, None), ("--rounds", args.rounds, None),
            ("--run-rounds", args.run_rounds, None), ("--memory-files", args.memory_files, None),
        ):  # fmt: skip
            if value != default:
                invocation += f" {option} {value}"
        parts = [
            f"Measured by `{invocation}` on {machine()}; {packages()}.",
            f"Per site: medians of {rounds} interleaved rounds, the files in memory.",
        ]
        if site_rows:
            parts.append(site_table(site_rows))
            SVG.parent.mkdir(exist_ok=True)
            SVG.write_text(svg_chart(site_rows), encoding="utf-8")
            parts.append("![newspost against the two pipelines, per site](img/performance.svg)")
            parts.append(
                "Where newspost's time goes: CPU microseconds per post in each stage of the"
                " pipeline (`newspost._pipeline.STAGES`), the files in memory."
            )
            parts.append(stage_table(costs))
        if run_rows:
            parts.append(f"Whole run: medians of {run_rounds} interleaved rounds.")
            parts.append(run_table(run_rows))
        write_doc("\n\n".join(parts))
        print(
            f"wrote {DOC.relative_to(ROOT)}" + (f" and {SVG.relative_to(ROOT)}" * bool(site_rows))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
