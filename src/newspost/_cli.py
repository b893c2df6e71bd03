"""The ``newspost`` command: parse, check, show, schema."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

from ._config import DEFAULT_MAX_BYTES, Options, Selection
from ._dates import resolve_timezone
from ._discover import Item, Job, discover, split_glob
from ._errors import ParseError, SiteWarning
from ._export import JsonLine, json_line, write_lines, write_markdown, write_parquet
from ._models import ParseFailure, ParseWarning, Post
from ._parse import parse
from ._pool import Result, parse_dir, parse_found
from ._version import __version__

_R = TypeVar("_R")
_K = TypeVar("_K", Post, JsonLine)  # what a parsed post is passed on as

_EPILOG_PARSE = """examples:
  newspost parse _posts/ -o posts.jsonl          every post under _posts/ as JSON Lines
  newspost parse site/ --format json > all.json  one JSON array on stdout
  newspost parse _posts/ -o posts.parquet        a Parquet file (pip install 'newspost[arrow]')
  newspost parse old/ --format markdown -o new/  the posts as Markdown files, tree mirrored
  cat post.md | newspost parse -                 one post from standard input
A summary line ends on stderr: files, posts, repaired, failed, time, posts/s.
exit status: 0 when every file parsed; 1 when any failed (listed on stderr) or a
PATH matches no file (nothing is written then); 2 on a usage error."""

_EPILOG_CHECK = """examples:
  newspost check _posts/                 summary table and every problem as path:line: reason
  newspost check --strict _posts/ a.md   repairs count as failures
The table counts the files with each warning code (which repair, how often) and
each failure code, then the totals.
exit status: 0 when no file failed, 1 otherwise."""

_EPILOG_SHOW = """example:
  newspost show _posts/2021-12-28-NW202112282228090112.md --timezone Asia/Shanghai"""

_EPILOG_SCHEMA = """example:
  newspost schema > post.schema.json"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            # A run's warnings (the site's timezone is no zone) as one line each, once.
            warnings.simplefilter("once", SiteWarning)
            warnings.showwarning = _show_warning
            status: int = args.run(args)
    except BrokenPipeError:  # `newspost parse … | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C: one line, the shell's status for SIGINT
        print("newspost: interrupted", file=sys.stderr)
        return 130
    except (ParseError, ValueError, OSError) as error:
        print(f"newspost: {error}", file=sys.stderr)
        return 2
    return status


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    print(f"newspost: warning: {message}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newspost",
        description="Front-matter news posts to typed records, and back.",
        epilog="Run 'newspost COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"newspost {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, epilog: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help,
            description=help,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    run = command("parse", "Parse posts into JSON Lines, JSON, Parquet or Markdown.", _EPILOG_PARSE)
    run.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, folders, archives, URLs or quoted globs; - reads stdin",
    )
    run.add_argument("-o", "--output", help="output file (folder for markdown); default stdout")
    run.add_argument(
        "--format",
        choices=["jsonl", "json", "markdown", "parquet"],
        help="default jsonl; parquet when the output ends in .parquet",
    )
    _add_parse_options(run)
    run.set_defaults(run=_run_parse)

    check = command("check", "Validate posts: a summary and every problem.", _EPILOG_CHECK)
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads stdin")
    _add_parse_options(check)
    check.set_defaults(run=_run_check)

    show = command("show", "Show one post, readable.", _EPILOG_SHOW)
    show.set_defaults(usage=show.error)
    show.add_argument("path", metavar="FILE", help="a post file; - reads stdin")
    _add_options(show)
    show.set_defaults(run=_run_show)

    schema = command("schema", "Print the JSON Schema of one output record.", _EPILOG_SCHEMA)
    schema.set_defaults(run=_run_schema)
    return parser


def _add_options(parser: argparse.ArgumentParser) -> None:
    """The parse options of every entry point (newspost.Options), as flags."""
    parser.add_argument("--timezone", metavar="TZ", help="e.g. Asia/Shanghai, for naive dates")
    parser.add_argument("--strict", action="store_true", help="fail on anything lenient repairs")
    parser.add_argument("--encoding", metavar="NAME", help="the files' encoding (default: detect)")
    parser.add_argument("--site-url", metavar="URL", help="the site's address (default: config)")
    parser.add_argument(
        "--max-bytes",
        type=_max_bytes,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"larger files fail (default {DEFAULT_MAX_BYTES:,}; 0: no limit)",
    )


def _add_parse_options(parser: argparse.ArgumentParser) -> None:
    """The options of the commands that read many files (newspost.Selection too)."""
    parser.add_argument(
        "--workers", type=_positive, metavar="N", help="processes, 1 or more (default: cores)"
    )
    _add_options(parser)
    parser.add_argument(
        "--pattern", action="append", help="file pattern (default *.md, *.markdown, *.html)"
    )
    parser.add_argument(
        "--no-drafts", dest="drafts", action="store_false", help="leave out unpublished posts"
    )
    parser.add_argument("--sections", action="store_true", help="include Hugo _index.md pages")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no summary line"
    )
    parser.set_defaults(usage=parser.error)


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def _max_bytes(text: str) -> int | None:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or a positive number of bytes")
    return value or None


def _option_values(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "timezone": args.timezone,
        "strict": args.strict,
        "encoding": args.encoding,
        "site_url": args.site_url,
        "max_bytes": args.max_bytes,
    }


# One PATH's files, found before any is parsed (None for ``-``, standard input).
_Found = tuple[Job, list[Item | ParseFailure]] | None


def _results(
    args: argparse.Namespace, found: list[_Found], finish: Callable[[Post], _R]
) -> Iterator[ParseFailure | _R]:
    """Each PATH's results in order, each post passed through ``finish`` where it was
    parsed (in the workers)."""
    selection = Selection(args.pattern, args.drafts, args.sections)
    for files in found:
        if files is None:
            result = _parse_stdin(args)
            yield result if isinstance(result, ParseFailure) else finish(result)
        else:
            yield from parse_found(*files, selection, args.workers, finish)


def _post(post: Post) -> Post:
    """The post itself: what the Markdown and Parquet writers take."""
    return post


def _find(args: argparse.Namespace, output: str | None = None) -> list[_Found] | None:
    """Each PATH's files, listed once (their count is the progress bar's total);
    ``None`` (said on stderr) when a PATH matches none, before any output is written.
    An ``output`` that is one of the files is a usage error."""
    options = Options(**_option_values(args))
    resolve_timezone(options.timezone)  # a bad zone is a usage error, before any work
    selection = Selection(args.pattern, args.drafts, args.sections)
    found: list[_Found] = []
    empty = []
    for path in args.paths:
        if path == "-":
            found.append(None)
            continue
        job, files = discover(path, options, selection)
        listed = list(files)
        found.append((job, listed))
        if not any(not isinstance(item, ParseFailure) for item in listed):
            empty.append(path)
    if output:
        input_path = _input_at(output, args.paths, found)
        if input_path is not None:
            args.usage(f"the output {output} is an input ({input_path}); not overwritten")
    for path in empty:
        glob = split_glob(path)
        folder = glob[0] if glob is not None else path
        if not os.path.exists(folder) and "://" not in folder and "::" not in folder:
            print(f"newspost: {folder}: no such file or folder", file=sys.stderr)
        else:
            patterns = [glob[1]] if glob is not None and args.pattern is None else []
            patterns += selection.patterns if not patterns else []
            print(f"newspost: {path}: no file matches {', '.join(patterns)}", file=sys.stderr)
    return None if empty else found


def _count(found: list[_Found]) -> int:
    return sum(
        1 if files is None else sum(not isinstance(item, ParseFailure) for item in files[1])
        for files in found
    )


def _parse_stdin(args: argparse.Namespace) -> Result:
    try:
        return parse(sys.stdin.buffer.read(), path="<stdin>", **_option_values(args))
    except ParseError as error:
        return ParseFailure.from_error(error)


def _with_progress(results: Iterator[_R], quiet: bool, total: int) -> Iterator[_R]:
    if quiet or not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    # With the total known, tqdm shows the share done and the time left (ETA).
    return iter(tqdm(results, total=total, unit=" posts", file=sys.stderr, leave=False))


class _Tally:
    """Passes posts on; reports each failure on stderr as it comes, and counts."""

    def __init__(self) -> None:
        self.files = self.posts_seen = self.repaired = self.failed = 0
        self.start = time.perf_counter()

    def posts(self, results: Iterator[ParseFailure | _K]) -> Iterator[_K]:
        for result in results:
            self.files += 1
            if isinstance(result, ParseFailure):
                self.failed += 1
                print(result, file=sys.stderr)
            else:
                self.posts_seen += 1
                self.repaired += (
                    result.repaired if isinstance(result, JsonLine) else bool(result.warnings)
                )
                yield result

    def summary(self) -> str:
        seconds = time.perf_counter() - self.start
        rate = self.posts_seen / seconds if seconds > 0 else 0.0
        return (
            f"newspost: {self.files:,} files, {self.posts_seen:,} posts"
            f" ({self.repaired:,} repaired), {self.failed:,} failed"
            f" in {seconds:.2f} s ({rate:,.0f} posts/s)"
        )


def _folder_of(path: str) -> str:
    """The path itself, or the folder a glob starts from (``site`` of ``site/**/*.md``)."""
    glob = split_glob(path)
    return glob[0] if glob is not None else path


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output and Path(args.output).suffix.lower() in (".parquet", ".pq"):
        return "parquet"
    return "jsonl"


def _run_parse(args: argparse.Namespace) -> int:
    output_format = _output_format(args)
    if output_format in ("markdown", "parquet") and not args.output:
        kind = "FOLDER" if output_format == "markdown" else "FILE"
        args.usage(f"--format {output_format} needs -o {kind}")
    if output_format == "parquet":
        from ._export import _need_pyarrow

        _need_pyarrow()
    found = _find(args, args.output if output_format != "markdown" else None)
    if found is None:
        return 1
    tally = _Tally()
    if output_format in ("jsonl", "json"):
        # Each post's JSON is made where it is parsed: workers send bytes, not posts.
        lines = tally.posts(
            _with_progress(_results(args, found, json_line), args.quiet, _count(found))
        )
        array = output_format == "json"
        if not args.output:
            write_lines(lines, sys.stdout, array=array)
        else:
            with _replaced(args.output) as temporary:
                write_lines(lines, temporary, array=array)
        return _done(args, tally)
    posts = tally.posts(_with_progress(_results(args, found, _post), args.quiet, _count(found)))
    if output_format == "markdown":
        # The input tree is mirrored below the folder that holds every input.
        roots = [os.path.abspath(_folder_of(p)) for p in args.paths if p != "-"]
        roots = [p if os.path.isdir(p) else os.path.dirname(p) for p in roots]
        try:
            write_markdown(posts, args.output, root=os.path.commonpath(roots) if roots else None)
        except (OSError, ValueError) as error:
            print(f"newspost: {error}", file=sys.stderr)
            return 1
    else:
        with _replaced(args.output) as temporary:
            write_parquet(posts, temporary)
    return _done(args, tally)


def _done(args: argparse.Namespace, tally: _Tally) -> int:
    if not args.quiet:
        print(tally.summary(), file=sys.stderr)
    return 1 if tally.failed else 0


def _input_at(output: str, paths: list[str], found: list[_Found]) -> str | None:
    """The PATH whose files (``found``, as listed for the run) include ``output``, else
    None: writing it would replace a post. A file is the output when both resolve to
    one path; only a file with the output's inode can, so only such a file is resolved."""
    try:
        target = os.stat(output)
    except OSError:
        return None
    real = os.path.realpath(output)
    for path, listed in zip(paths, found, strict=True):
        if listed is None:
            continue
        if os.path.exists(path) and os.path.samefile(path, output):
            return path
        for item in listed[1]:
            if isinstance(item, ParseFailure):
                continue
            try:
                same = os.path.samestat(os.stat(item), target)
            except OSError:
                continue
            if same and os.path.realpath(item) == real:
                return path
    return None


@contextlib.contextmanager
def _replaced(target: str) -> Iterator[str]:
    """A temporary file beside ``target`` to write, renamed onto it when the run
    completes: an interrupted or failed run leaves the previous ``target`` as it was."""
    folder = os.path.dirname(os.path.abspath(target))
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", dir=folder)
    os.close(fd)
    try:
        yield temporary
        with contextlib.suppress(OSError):  # keep the permissions of the file it replaces
            os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        if not os.path.exists(target):
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _run_check(args: argparse.Namespace) -> int:
    found = _find(args)
    if found is None:
        return 1
    files = ok = repaired = failed = 0
    warned: Counter[str] = Counter()
    broken: Counter[str] = Counter()
    for result in _with_progress(_results(args, found, _problems), args.quiet, _count(found)):
        files += 1
        if isinstance(result, ParseFailure):
            failed += 1
            broken[result.code] += 1
            print(result)
        elif result[1]:
            path, problems = result
            repaired += 1
            warned.update({warning.code for warning in problems})
            for warning in problems:
                line = f":{warning.line}" if warning.line is not None else ""
                print(f"{path}{line}: {warning.message} [{warning.code}]")
        else:
            ok += 1
    totals = [("files", files), ("ok", ok), ("repaired", repaired), ("failed", failed)]
    _table(
        sys.stdout,
        _by_count("repairs (files)", warned),
        _by_count("failures (files)", broken),
        totals,
    )
    return 1 if failed else 0


def _problems(post: Post) -> tuple[str | None, list[ParseWarning]]:
    """What ``check`` needs of a post, all that a worker sends back: path and warnings."""
    return post.path, post.warnings


def _by_count(title: str, counts: Counter[str]) -> list[tuple[str, int]]:
    if not counts:
        return []
    return [(title, -1)] + [(f"  {code}", n) for code, n in sorted(counts.items(), key=_most)]


def _most(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _table(out: TextIO, *sections: list[tuple[str, int]]) -> None:
    """Sections of name/number rows, numbers aligned; a number of -1 is a heading."""
    rows = [row for section in sections for row in section]
    name_width = max(10, *(len(name) + 2 for name, n in rows if n >= 0))
    width = max(len(f"{n:,}") for _, n in rows)
    for section in sections:
        if not section:
            continue
        print(file=out)
        for name, number in section:
            if number < 0:
                print(name, file=out)
            else:
                print(f"{name:<{name_width}}{number:>{width},}", file=out)


def _run_show(args: argparse.Namespace) -> int:
    if args.path == "-":
        result = _parse_stdin(args)
    else:
        if os.path.isdir(args.path):
            _, listed = discover(args.path, Options(), Selection(sections=True))
            files = [str(item) for item in listed if not isinstance(item, ParseFailure)]
            if len(files) != 1:
                shown = ", ".join(files[:5]) + (
                    f", … ({len(files)} in all)" if len(files) > 5 else ""
                )
                args.usage(
                    f"{args.path} is a folder of {len(files)} post files; name one: {shown}"
                    if files
                    else f"{args.path} is a folder with no post file in it"
                )
            args.path = files[0]
        found = parse_dir(args.path, workers=1, pattern="*", sections=True, **_option_values(args))
        result_or_none = next(found, None)
        if result_or_none is None:
            print(f"newspost: no post file in {args.path}", file=sys.stderr)
            return 1
        result = result_or_none
    if isinstance(result, ParseFailure):
        print(result, file=sys.stderr)
        return 1
    print(_readable(result))
    return 0


def _readable(post: Post) -> str:
    fields = [
        ("title", post.title),
        ("date", post.date.isoformat() if post.date else None),
        ("source", post.source.name if post.source else None),
        ("categories", ", ".join(post.categories) or None),
        ("tags", ", ".join(post.tags) or None),
        ("original", post.original_url),
        ("path", post.path),
    ]
    lines = [f"{name:<11}{value}" for name, value in fields if value]
    lines += [f"{'link':<11}{link.text} <{link.url}>" for link in post.links]
    lines += [f"{'image':<11}{image.src}" for image in post.images]
    lines += [f"{'warning':<11}{warning}" for warning in post.warnings]
    if post.lead:
        lines += ["", f"> {post.lead}"]
    lines += ["", *(paragraph for p in post.paragraphs for paragraph in (p, ""))]
    return "\n".join(lines).rstrip("\n")


def _run_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Post.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False))
    return 0
