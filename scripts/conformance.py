"""Hold newspost against the site's own generator (Jekyll or Hugo), site by site.

Each site folder of the shared corpus has a ``generator.jsonl``: one object per post
that the real generator published from the same files (``path``, ``title``, ``date``,
``categories``, ``tags``, ``slug``, ``url``, ``html``, ``text``). This script parses
the site with newspost's public API and reports, per site:

- **meta**: generator lines whose title, date (the same instant), categories, tags,
  slug and url agree with newspost's post for the same file;
- **leak**: newspost paragraphs a reader of the generated page does not see;
- **loss**: lines of the generated page found in no newspost field.

Text is compared whitespace-free, with the generators' typography folded (see
:func:`fold`). Run ``python scripts/conformance.py --help``; the method and today's
figures are in ``docs/conformance.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import newspost

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by a test
from svgchart import Panel, panel_chart

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
RECORD = REPO / "docs" / "conformance.json"
META_FIELDS = ("title", "date", "categories", "tags", "slug", "url")

# --- folding -------------------------------------------------------------------------

# kramdown and goldmark's typography, and characters that are not text to compare.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u2010": "-",  # ‐
        "\u2011": "-",  # ‑
        "\u2012": "-",  # ‒
        "\u2013": "-",  # – (kramdown and goldmark: --)
        "\u2014": "-",  # — (---)
        "\u2015": "-",  # ―
        "\u2026": "...",  # … (...)
        "\u00ab": "<<",  # « (<<)
        "\u00bb": ">>",  # » (>>)
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,  # soft hyphen
    }
)
_DASHES = re.compile(r"-{2,}")


def fold(text: str) -> str:
    """``text`` with all whitespace removed and typography folded, for comparison.

    Curly quotes become straight, every dash (and any run of ``-``, which kramdown
    and goldmark turn into en and em dashes) one ``-``, ``…`` three dots, ``«``
    and ``»`` the ``<<`` and ``>>`` they are typed as; zero-width characters go.
    Whitespace is every Unicode space, so also U+3000 and the no-break space.

    >>> fold("“Don’t” — she said…\\u3000ok")
    '"Don\\'t"-shesaid...ok'
    """
    text = "".join(text.translate(_TYPOGRAPHY).split())
    return _DASHES.sub("-", text)


def leaking(paragraphs: Iterable[str], page_text: str) -> list[str]:
    """The paragraphs whose folded text is not in the folded ``page_text``.

    A paragraph that folds to nothing (only whitespace) is never counted.

    >>> leaking(["Hello  world", "**bold**", " "], "Hello world\\nbold")
    ['**bold**']
    """
    page = fold(page_text)
    return [p for p in paragraphs if (folded := fold(p)) and folded not in page]


def lost(
    page_lines: Iterable[str],
    fields: Sequence[str],
    running: Sequence[str] = (),
    *,
    assembled: bool = True,
) -> list[str]:
    """The page lines (non-empty once folded) that are in no field.

    ``running`` is text read in order (the paragraphs), joined without a boundary
    so that a page line spanning two of them still counts as found; each of
    ``fields`` (title, lead, link texts, captions, ...) is searched on its own. A
    line made of several fields and separators only (``Home｜Back``, two link
    texts on one line) is found too: what is left once every field or paragraph
    (of two characters or more) is taken out has no letter or digit. With
    ``assembled=False`` only whole lines count (``lost_verbatim`` in the report).

    >>> lost(["Title", "one two", "three", "gone", "  "], ["Title"], ["one", "two three"])
    ['gone']
    >>> lost(["Back｜Home", "Back｜Away", "<>"], ["Back", "Home"])
    ['Back｜Away', '<>']
    """
    folded_fields = [fold(f) for f in fields]
    hay = "".join(fold(text) for text in running) + "\0" + "\0".join(folded_fields)
    pieces = sorted(
        {piece for piece in [*folded_fields, *map(fold, running)] if len(piece) >= 2},
        key=len,
        reverse=True,
    )
    gone = []
    for line in page_lines:
        folded = fold(line)
        if not folded or folded in hay:
            continue
        if not assembled:
            gone.append(line)
            continue
        rest = folded
        for piece in pieces:
            if piece in rest:
                rest = rest.replace(piece, "\0")
        if rest == folded or any(char.isalnum() for char in rest):
            gone.append(line)
    return gone


def front_matter_lines(text: str) -> set[str]:
    """The folded lines of a file's front matter block, fences included.

    Jekyll shows front matter that follows blank lines as text (newspost reads it
    as front matter, with a warning): those page lines are a known divergence.

    >>> sorted(front_matter_lines("\\n\\n---\\ntitle: A\\n---\\nBody\\n"))
    ['-', 'title:A']
    """
    lines = text.lstrip("\ufeff").lstrip().splitlines()
    if not lines or lines[0].strip() not in {"---", "+++"}:
        return set()
    fence = lines[0].strip()
    block = [fence]
    for line in lines[1:]:
        block.append(line)
        if line.strip() in {fence, "..."}:
            break
    return {folded for line in block if (folded := fold(line))}


def generator_showed_front_matter(raw: str, page_lines: Iterable[str]) -> bool:
    """Whether the page shows the file's front matter as text (it is not at the very top).

    >>> generator_showed_front_matter("\\n---\\ntitle: A\\n---\\nBody", ["title: A", "Body"])
    True
    >>> generator_showed_front_matter("---\\ntitle: A\\n---\\nBody", ["title: A", "Body"])
    False
    """
    if raw.lstrip("\ufeff").startswith(("---", "+++")):
        return False
    shown = front_matter_lines(raw) - {"-", "+++"}
    return any(fold(line) in shown for line in page_lines)


# --- meta ----------------------------------------------------------------------------

_OFFSET = re.compile(r"(?:Z|[+-]\d{1,2}:?\d{2}|\bUTC\b|\bGMT\b)\s*\)?\s*['\"]?\s*$", re.IGNORECASE)
_DATE_LINE = re.compile(r"""^\s*["']?date["']?\s*[:=]\s*(.*?)\s*,?\s*$""")


def written_with_offset(text: str) -> bool | None:
    """Whether the front matter's ``date`` is written with an offset; ``None``: no date.

    >>> written_with_offset("---\\ntitle: x\\ndate: 2021-12-08 10:00:00 +0800\\n---\\n")
    True
    >>> written_with_offset("+++\\ndate = 2021-12-08T10:00:00\\n+++\\n")
    False
    >>> written_with_offset("---\\ntitle: x\\n---\\ndate: 2021-12-08 +0800\\n") is None
    True
    """
    lines = text.lstrip("\ufeff").lstrip().splitlines()
    if not lines or lines[0].strip() not in {"---", "+++", "{"}:
        return None
    fence = {"---": {"---", "..."}, "+++": {"+++"}, "{": {"}"}}[lines[0].strip()]
    for line in lines[1:200]:
        if line.strip() in fence:
            break
        match = _DATE_LINE.match(line)
        if match:
            value = match.group(1)
            return bool(value.strip("'\"")) and bool(_OFFSET.search(value))
    return None


def _instant(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def date_agrees(ours: datetime | None, theirs: str | None, offset_written: bool | None) -> bool:
    """Whether newspost's date and the generator's are the same instant.

    A date written without an offset is read by Jekyll (Ruby's YAML) as UTC and by
    newspost in the site's time zone (a documented divergence): then the wall clock
    is compared instead, with the generator's date as it wrote it or in UTC (Jekyll
    prints the UTC instant in the build machine's zone). A naive newspost date is
    compared by wall clock too.

    >>> from datetime import timedelta
    >>> cst = timezone(timedelta(hours=8))
    >>> date_agrees(datetime(2021, 12, 8, 10, tzinfo=cst), "2021-12-08T02:00:00+00:00", True)
    True
    >>> date_agrees(datetime(2021, 12, 8, 10, tzinfo=cst), "2021-12-08T10:00:00+00:00", False)
    True
    >>> date_agrees(datetime(2021, 12, 8, 10, tzinfo=cst), "2021-12-08T10:00:00+00:00", True)
    False
    >>> date_agrees(datetime(2021, 12, 8, 10), "2021-12-08T18:00:00+08:00", False)
    True
    """
    if not theirs:
        return ours is None
    if ours is None:
        return False
    generated = datetime.fromisoformat(theirs.replace("Z", "+00:00"))
    if ours.tzinfo is not None and _instant(ours) == _instant(generated):
        return True
    if ours.tzinfo is None or not offset_written:
        wall = ours.replace(tzinfo=None)
        in_utc = generated.astimezone(timezone.utc) if generated.tzinfo else generated
        return wall in (generated.replace(tzinfo=None), in_utc.replace(tzinfo=None))
    return False


def _unique(values: Iterable[object]) -> list[str]:
    """The values as strings, each once, in order (Jekyll keeps a repeated tag twice)."""
    return list(dict.fromkeys(str(v) for v in values))


def _spaced(text: str | None) -> str | None:
    """``text`` with whitespace runs folded to one space and trimmed; ``None`` when empty."""
    return " ".join(text.split()) or None if text else None


def meta_disagreements(post: Any, line: dict[str, Any], offset_written: bool | None) -> list[str]:
    """The meta fields (of those the generator line has) where ``post`` differs."""
    bad = []
    if "title" in line and _spaced(line["title"]) != _spaced(post.title):
        bad.append("title")
    if "date" in line and not date_agrees(post.date, line["date"], offset_written):
        bad.append("date")
    for name in ("categories", "tags"):
        ours = post.categories if name == "categories" else post.tags
        if name in line and _unique(line[name] or []) != _unique(ours):
            bad.append(name)
    if line.get("slug") is not None and line["slug"] != post.slug:
        bad.append("slug")
    ours_url = getattr(post, "url", None)
    if line.get("url") is not None and ours_url is not None and line["url"] != ours_url:
        bad.append("url")
    return bad


# --- text fields ---------------------------------------------------------------------


def post_fields(post: Any) -> list[str]:
    """Every text newspost gives for a post, besides its paragraphs."""
    fields: list[str | None] = [post.title, post.lead, post.original_url]
    if post.source is not None:
        fields += [post.source.text, post.source.name]
    for link in post.links:
        fields += [link.text, link.url]
    for image in post.images:
        fields += [image.alt, image.caption]
    return [f for f in fields if f]


# --- scoring -------------------------------------------------------------------------


@dataclass
class SiteScore:
    """What one site scores: counts, and the items behind them."""

    site: str
    generator_lines: int = 0
    meta_agree: int = 0
    meta_disagree: Counter[str] = field(default_factory=Counter)
    date_by_wall_clock: int = 0
    front_matter_unread: int = 0
    paragraphs: int = 0
    leaking: int = 0
    page_lines: int = 0
    lost: int = 0
    front_matter_shown: int = 0
    lost_verbatim: int = 0
    unpublished: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    found_only_when_named: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    leak_examples: list[tuple[str, str]] = field(default_factory=list)
    loss_examples: list[tuple[str, str]] = field(default_factory=list)
    meta_examples: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def worst_field(self) -> str | None:
        """The meta field that disagreed most often."""
        return self.meta_disagree.most_common(1)[0][0] if self.meta_disagree else None

    def summary(self) -> dict[str, Any]:
        """The counts, as recorded in docs/conformance.json."""
        return {
            "generator_lines": self.generator_lines,
            "meta_agree": self.meta_agree,
            "meta_disagree": dict(self.meta_disagree.most_common()),
            "date_by_wall_clock": self.date_by_wall_clock,
            "front_matter_unread": self.front_matter_unread,
            "paragraphs": self.paragraphs,
            "leaking": self.leaking,
            "page_lines": self.page_lines,
            "lost": self.lost,
            "front_matter_shown": self.front_matter_shown,
            "lost_verbatim": self.lost_verbatim,
            "unpublished": dict(self.unpublished),
            "missing": len(self.missing),
            "found_only_when_named": len(self.found_only_when_named),
            "failures": len(self.failures),
        }

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(self.summary())
        data.update(site=self.site, seconds=round(self.seconds, 3), worst_field=self.worst_field)
        return data


def read_generator(site: Path) -> list[dict[str, Any]]:
    with (site / "generator.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _relative(path: str | None, site: Path) -> str | None:
    if path is None:
        return None
    candidate = Path(path)
    for base in (site, site.resolve()):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    try:
        return candidate.resolve().relative_to(site.resolve()).as_posix()
    except (ValueError, OSError):
        return candidate.as_posix()


def _unpublished_kind(post: Any, relative: str) -> str:
    if Path(relative).name.startswith("_index."):
        return "section"
    if getattr(post, "published", None) is False or getattr(post, "draft", None) is True:
        return "draft"
    if "_drafts/" in f"/{relative}":
        return "draft"
    return "other"


def score_site(site: Path, *, keep: int = 0) -> SiteScore:
    """Parse ``site`` with newspost and hold every post against ``generator.jsonl``.

    ``keep`` is how many examples of each kind (meta, leak, loss) to keep.
    """
    site = Path(site)
    started = time.perf_counter()
    score = SiteScore(site=site.name)
    lines = read_generator(site)
    score.generator_lines = len(lines)
    published = {line["path"]: line for line in lines}
    posts: dict[str, Any] = {}
    for result in newspost.parse_dir(site, workers=1):
        relative = _relative(result.path, site) or ""
        if isinstance(result, newspost.ParseFailure):
            if relative in published:
                score.failures.append(f"{relative}: {result.reason}")
            continue
        if relative in published:
            posts[relative] = result
        else:
            score.unpublished[_unpublished_kind(result, relative)] += 1
    for relative in published:
        if relative in posts or not (site / relative).is_file():
            continue
        # A file the generator publishes that parse_dir's default pattern does not
        # find (Hugo's .html content files): named, it is still scored.
        for result in newspost.parse_dir(site / relative, workers=1):
            if result.ok:
                posts[relative] = result
                score.found_only_when_named.append(relative)
    for relative, line in published.items():
        post = posts.get(relative)
        page_lines = [text for text in line.get("text", "").split("\n") if fold(text)]
        score.page_lines += len(page_lines)
        if post is None:
            score.missing.append(relative)
            score.meta_disagree["missing"] += 1
            score.lost += len(page_lines)
            continue
        raw = (site / relative).read_text("utf-8", errors="replace")
        offset = written_with_offset(raw)
        bad = meta_disagreements(post, line, offset)
        if bad and post.title and generator_showed_front_matter(raw, page_lines):
            # The generator did not read this front matter (it follows blank lines) and
            # made its values up from the file name; newspost read it: a divergence.
            score.front_matter_unread += 1
            bad = []
        if not bad:
            score.meta_agree += 1
            if "date" in line and post.date is not None and line["date"]:
                generated = datetime.fromisoformat(line["date"].replace("Z", "+00:00"))
                if post.date.tzinfo is None or _instant(post.date) != _instant(generated):
                    score.date_by_wall_clock += 1
        score.meta_disagree.update(bad)
        for name in bad:
            if len(score.meta_examples) < keep:
                ours = getattr(post, name, None)
                if isinstance(ours, datetime):
                    ours = ours.isoformat()
                score.meta_examples.append((relative, name, repr(line.get(name)), repr(ours)))
        paragraphs = [p for p in post.paragraphs if fold(p)]
        score.paragraphs += len(paragraphs)
        leaks = leaking(paragraphs, line.get("text", ""))
        score.leaking += len(leaks)
        gone = lost(page_lines, post_fields(post), post.paragraphs)
        score.lost_verbatim += len(
            lost(page_lines, post_fields(post), post.paragraphs, assembled=False)
        )
        if gone:
            shown = front_matter_lines(raw)
            score.front_matter_shown += sum(1 for g in gone if fold(g) in shown)
            gone = [g for g in gone if fold(g) not in shown]
        score.lost += len(gone)
        score.leak_examples += [
            (relative, p) for p in leaks[: max(0, keep - len(score.leak_examples))]
        ]
        score.loss_examples += [
            (relative, g) for g in gone[: max(0, keep - len(score.loss_examples))]
        ]
    score.seconds = time.perf_counter() - started
    return score


def default_sites(corpus: Path = CORPUS) -> list[Path]:
    """Every folder of ``corpus`` that has a ``generator.jsonl``, sorted by name."""
    if not corpus.is_dir():
        return []
    return sorted(p.parent for p in corpus.glob("*/generator.jsonl"))


# --- output --------------------------------------------------------------------------


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def rows(scores: Sequence[SiteScore]) -> list[list[str]]:
    """The table: one row per site."""
    table = []
    for s in scores:
        worst = s.worst_field or ""
        if worst:
            worst = f"{worst} ({s.meta_disagree[worst]})"
        table.append(
            [
                s.site,
                f"{s.meta_agree}/{s.generator_lines}",
                worst or "-",
                f"{s.leaking:,}/{s.paragraphs:,} ({_percent(s.leaking, s.paragraphs)})",
                f"{s.lost:,}/{s.page_lines:,} ({_percent(s.lost, s.page_lines)})",
                ", ".join(f"{n} {k}" for k, n in sorted(s.unpublished.items())) or "0",
                str(len(s.missing)),
            ]
        )
    return table


HEADER = [
    "site",
    "meta agrees",
    "worst meta field",
    "leaking paragraphs",
    "lost page lines",
    "not published",
    "missing",
]


def markdown_table(scores: Sequence[SiteScore]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in rows(scores)]
    return "\n".join(lines)


def plain_table(scores: Sequence[SiteScore]) -> str:
    table = [HEADER, *rows(scores)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    )


# The goal of issue 9, on every site: drawn as the charts' target lines.
GOAL_META, GOAL_LEAK, GOAL_LOSS = 99.5, 0.5, 0.5


def svg_chart(scores: Sequence[SiteScore]) -> str:
    """The per-site table as SVG: meta agreement, leaking paragraphs, lost page lines, in %."""
    meta = [100 * s.meta_agree / s.generator_lines if s.generator_lines else 100.0 for s in scores]
    leak = [100 * s.leaking / s.paragraphs if s.paragraphs else 0.0 for s in scores]
    loss = [100 * s.lost / s.page_lines if s.page_lines else 0.0 for s in scores]
    # Leak and loss share one scale, so that their bars compare across the two panels.
    small = max([*leak, *loss, GOAL_LEAK, GOAL_LOSS]) * 1.15
    return panel_chart(
        [s.site for s in scores],
        [
            Panel("meta agrees %", meta, GOAL_META, unit="%", digits=1, scale_max=100.0),
            Panel("leaking paragraphs %", leak, GOAL_LEAK, False, "%", 2, small),
            Panel("lost page lines %", loss, GOAL_LOSS, False, "%", 2, small),
        ],
        panel_width=160,
        label_width=110,
    )


def _trim(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def examples(scores: Sequence[SiteScore]) -> str:
    out = []
    for s in scores:
        out.append(f"== {s.site}")
        for path, name, theirs, ours in s.meta_examples:
            out.append(
                f"  meta {name}: {path}: generator {_trim(theirs, 60)} newspost {_trim(ours, 60)}"
            )
        for path in s.missing[:5]:
            out.append(f"  missing: {path}")
        for path, text in s.leak_examples:
            out.append(f"  leak: {Path(path).name}: {_trim(text)}")
        for path, text in s.loss_examples:
            out.append(f"  lost: {Path(path).name}: {_trim(text)}")
    return "\n".join(out)


def record(scores: Sequence[SiteScore], path: Path = RECORD) -> None:
    """Write the counts of ``scores`` to ``path`` (the ratchet the tests hold)."""
    data = {
        "newspost": newspost.__version__,
        "sites": {s.site: s.summary() for s in scores},
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--site", action="append", type=Path, help="a site folder with generator.jsonl (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--markdown", action="store_true", help="the table as Markdown")
    parser.add_argument(
        "--examples",
        type=int,
        default=0,
        metavar="N",
        help="print the first N items of each kind per site",
    )
    parser.add_argument(
        "--svg", type=Path, metavar="PATH", help="write a bar chart of leak%% and loss%%"
    )
    parser.add_argument(
        "--record", action="store_true", help=f"write the counts to {RECORD.relative_to(REPO)}"
    )
    args = parser.parse_args(argv)
    sites = args.site or default_sites()
    if not sites:
        print(f"no site folders: {CORPUS} is missing; name one with --site", file=sys.stderr)
        return 2
    scores = [score_site(site, keep=args.examples) for site in sites]
    if args.json:
        print(json.dumps([s.to_json() for s in scores], indent=2, ensure_ascii=False))
    elif args.markdown:
        print(markdown_table(scores))
    else:
        print(plain_table(scores))
        print(f"({sum(s.seconds for s in scores):.1f} s)")
    if args.examples and not args.json:
        print(examples(scores))
    if args.svg:
        args.svg.parent.mkdir(parents=True, exist_ok=True)
        args.svg.write_text(svg_chart(scores), encoding="utf-8")
    if args.record:
        record(scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
