"""The ``newspost`` command: parse, check, show, schema."""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from typing import IO, Any, TextIO

from ._config import DEFAULT_MAX_BYTES, DEFAULT_PATTERNS
from ._errors import ParseError
from ._export import write_json, write_jsonl, write_markdown
from ._models import ParseFailure, Post
from ._parse import parse
from ._pool import Result, parse_dir
from ._site import SiteWarning
from ._version import __version__

_EPILOG_PARSE = """examples:
  newspost parse _posts/ -o posts.jsonl          every post under _posts/ as JSON Lines
  newspost parse site/ --format json > all.json  one JSON array on stdout
  newspost parse old/ --format markdown -o new/  the posts as Markdown files, tree mirrored
  cat post.md | newspost parse -                 one post from standard input
exit status: 0 when every file parsed, 1 when any failed (listed on stderr)."""

_EPILOG_CHECK = """examples:
  newspost check _posts/                 summary table and every problem as path:line: reason
  newspost check --strict _posts/ a.md   repairs count as failures
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

    run = command("parse", "Parse posts into JSON Lines, JSON or Markdown.", _EPILOG_PARSE)
    run.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads stdin")
    run.add_argument("-o", "--output", help="output file (folder for markdown); default stdout")
    run.add_argument("--format", choices=["jsonl", "json", "markdown"], default="jsonl")
    _add_parse_options(run)
    run.set_defaults(run=_run_parse)

    check = command("check", "Validate posts: a summary and every problem.", _EPILOG_CHECK)
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads stdin")
    _add_parse_options(check)
    check.set_defaults(run=_run_check)

    show = command("show", "Show one post, readable.", _EPILOG_SHOW)
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
    parser.add_argument("--workers", type=int, metavar="N", help="processes (default: cores)")
    _add_options(parser)
    parser.add_argument(
        "--pattern", action="append", help="file pattern (default *.md, *.markdown, *.html)"
    )
    parser.add_argument(
        "--no-drafts", dest="drafts", action="store_false", help="leave out unpublished posts"
    )
    parser.add_argument("--sections", action="store_true", help="include Hugo _index.md pages")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


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


def _results(args: argparse.Namespace) -> Iterator[Result]:
    for path in args.paths:
        if path == "-":
            yield _parse_stdin(args)
            continue
        yield from parse_dir(
            path,
            pattern=args.pattern,
            drafts=args.drafts,
            sections=args.sections,
            workers=args.workers,
            **_option_values(args),
        )


def _parse_stdin(args: argparse.Namespace) -> Result:
    try:
        return parse(sys.stdin.buffer.read(), path="<stdin>", **_option_values(args))
    except ParseError as error:
        return ParseFailure.from_error(error)


def _with_progress(results: Iterator[Result], quiet: bool) -> Iterator[Result]:
    if quiet or not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    return iter(tqdm(results, unit=" posts", file=sys.stderr, leave=False))


class _Failures:
    """Passes posts on; reports each failure on stderr as it comes."""

    def __init__(self) -> None:
        self.count = 0

    def posts(self, results: Iterator[Result]) -> Iterator[Post]:
        for result in results:
            if isinstance(result, ParseFailure):
                self.count += 1
                print(result, file=sys.stderr)
            else:
                yield result


def _run_parse(args: argparse.Namespace) -> int:
    failures = _Failures()
    posts = failures.posts(_with_progress(_results(args), args.quiet))
    if args.format == "markdown":
        if not args.output:
            print("newspost: --format markdown needs -o FOLDER", file=sys.stderr)
            return 2
        # The input tree is mirrored below the folder that holds every input.
        roots = [os.path.abspath(p) for p in args.paths if p != "-"]
        roots = [p if os.path.isdir(p) else os.path.dirname(p) for p in roots]
        try:
            write_markdown(posts, args.output, root=os.path.commonpath(roots) if roots else None)
        except (OSError, ValueError) as error:
            print(f"newspost: {error}", file=sys.stderr)
            return 1
    else:
        writer = write_jsonl if args.format == "jsonl" else write_json
        if not args.output:
            writer(posts, sys.stdout)
        else:
            input_path = _input_at(args.output, args)
            if input_path is not None:
                print(
                    f"newspost: the output {args.output} is an input ({input_path}); not"
                    " overwritten",
                    file=sys.stderr,
                )
                return 2
            with _replaced(args.output) as out:
                writer(posts, out)
    return 1 if failures.count else 0


def _input_at(output: str, args: argparse.Namespace) -> str | None:
    """The input path that ``output`` is (or would read), else None: the run would
    truncate the post it is about to read."""
    if not os.path.exists(output):
        return None
    real = os.path.realpath(output)
    patterns: Sequence[str] = args.pattern or DEFAULT_PATTERNS
    paths: list[str] = args.paths
    for path in paths:
        if path == "-" or not os.path.exists(path):
            continue
        if os.path.samefile(path, output):
            return path
        top = os.path.realpath(path)
        if os.path.isdir(path) and real.startswith(top.rstrip(os.sep) + os.sep):
            relative = os.path.relpath(real, top).replace(os.sep, "/")
            name = os.path.basename(real)
            if any(fnmatch.fnmatch(relative if "/" in p else name, p) for p in patterns):
                return path
    return None


@contextlib.contextmanager
def _replaced(target: str) -> Iterator[IO[str]]:
    """A temporary file beside ``target``, renamed onto it when the run completes: an
    interrupted or failed run leaves the previous ``target`` as it was."""
    folder = os.path.dirname(os.path.abspath(target))
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", dir=folder)
    try:
        with open(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
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
    files = ok = repaired = failed = 0
    for result in _with_progress(_results(args), args.quiet):
        files += 1
        if isinstance(result, ParseFailure):
            failed += 1
            print(result)
        elif result.warnings:
            repaired += 1
            for warning in result.warnings:
                line = f":{warning.line}" if warning.line is not None else ""
                print(f"{result.path}{line}: {warning.message} [{warning.code}]")
        else:
            ok += 1
    _table(sys.stdout, [("files", files), ("ok", ok), ("repaired", repaired), ("failed", failed)])
    return 1 if failed else 0


def _table(out: TextIO, rows: list[tuple[str, int]]) -> None:
    width = max(len(f"{n:,}") for _, n in rows)
    print(file=out)
    for name, number in rows:
        print(f"{name:<10}{number:>{width},}", file=out)


def _run_show(args: argparse.Namespace) -> int:
    if args.path == "-":
        result = _parse_stdin(args)
    else:
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
