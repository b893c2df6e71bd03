"""scripts/conformance.py: its folding and matching, and the ratchet on the shared sites.

The ratchet holds every shared site to the figures recorded in docs/conformance.json
(``python scripts/conformance.py --record`` writes them): meta agreement may only
rise, leaking paragraphs and lost page lines may only fall.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest

from tests.corpus import CORPUS

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "conformance.py"
RECORD = Path(__file__).resolve().parent.parent / "docs" / "conformance.json"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newspost_conformance", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


conformance = _load()
SITES = conformance.default_sites(CORPUS)


# --- folding and matching: always run --------------------------------------------------


def test_the_script_doctests_pass() -> None:
    result = doctest.testmod(conformance, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10
    assert result.failed == 0


@pytest.mark.parametrize(
    ("generated", "written"),
    [
        ("“Quoted” and ‘single’", "\"Quoted\" and 'single'"),
        ("It’s", "It's"),
        ("a – b — c", "a -- b --- c"),
        ("wait…", "wait..."),
        ("«x»", "<<x>>"),
        ("全角\u3000空格\u00a0和\u200b零宽", "全角 空格 和零宽"),
        ("line one\nline two", "lineone linetwo"),
    ],
)
def test_fold_makes_typography_and_whitespace_equal(generated: str, written: str) -> None:
    assert conformance.fold(generated) == conformance.fold(written)


def test_fold_keeps_what_a_reader_tells_apart() -> None:
    fold = conformance.fold
    assert fold("**bold**") != fold("bold")
    assert fold("| a | b |") != fold("a b")
    assert fold("{{ page.title }}") != fold("Title")
    assert fold("a-b") == "a-b"


def test_a_paragraph_leaks_when_the_page_does_not_show_it() -> None:
    page = "He said “yes”—then left.\nA table cell\nanother cell"
    paragraphs = [
        'He said "yes" -- then left.',
        "A table cell",
        "| A table cell | another cell |",
        "{% highlight ruby %}",
        "   ",
    ]
    assert conformance.leaking(paragraphs, page) == [
        "| A table cell | another cell |",
        "{% highlight ruby %}",
    ]


def test_a_page_line_is_lost_when_no_field_holds_it() -> None:
    lines = ["The title", "First half of a", "paragraph.", "Back｜Home", "<>", "A caption", "Gone"]
    fields = ["The title", "Back", "Home", "A caption"]
    assert conformance.lost(lines, fields, ["First half of a paragraph."]) == ["<>", "Gone"]
    verbatim = conformance.lost(lines, fields, ["First half of a paragraph."], assembled=False)
    assert verbatim == ["Back｜Home", "<>", "Gone"]


def test_a_line_of_markup_around_known_text_is_not_lost() -> None:
    assert conformance.lost(["> * An item"], [], ["An item"]) == []
    assert conformance.lost(["> * An item and more"], [], ["An item"]) == ["> * An item and more"]


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("---\ndate: 2021-12-08 10:00:00 +0800\n---\n", True),
        ("---\ndate: 2021-12-08T10:00:00Z\n---\n", True),
        ("---\ndate: 2014-10-27 12:00:00 (UTC)\n---\n", True),
        ('+++\ndate = "2018-05-28 20:35:18+05:30"\n+++\n', True),
        ("---\ndate: 2021-12-08 10:00:00\n---\n", False),
        ("---\ndate:  +0800\n---\n", True),
        ("---\ndate: ''\n---\n", False),
        ("---\ntitle: x\n---\n", None),
        ("no front matter\n", None),
    ],
)
def test_written_with_offset(front_matter: str, expected: bool | None) -> None:
    assert conformance.written_with_offset(front_matter) is expected


def test_dates_agree_on_the_instant_or_on_the_wall_clock_when_no_offset_was_written() -> None:
    agrees = conformance.date_agrees
    cst = timezone(timedelta(hours=8))
    ours = datetime(2021, 12, 8, 10, tzinfo=cst)
    assert agrees(ours, "2021-12-08T02:00:00+00:00", True)
    assert not agrees(ours, "2021-12-08T10:00:00+00:00", True)
    assert agrees(ours, "2021-12-08T10:00:00+00:00", False)  # Jekyll read it as UTC
    assert agrees(datetime(2021, 12, 8, 10), "2021-12-08T18:00:00+08:00", False)
    assert not agrees(None, "2021-12-08T10:00:00+00:00", False)
    assert agrees(None, None, None)


def _site(tmp_path: Path, files: dict[str, str], lines: list[dict[str, object]]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with (tmp_path / "generator.jsonl").open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return tmp_path


def test_score_site_on_a_small_site(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "_posts/2024-01-02-good.md": "---\ntitle: Good\ndate: 2024-01-02 10:00:00 +0000\n"
            "tags: [a, b]\n---\nIt's a “good” day.\n\nSecond paragraph.\n",
            "_posts/2024-01-03-leaky.md": "---\ntitle: Leaky\n---\nKept \\| {{< shown >}}\n",
            "_drafts/not-yet.md": "---\ntitle: Draft\n---\nLater.\n",
        },
        [
            {
                "path": "_posts/2024-01-02-good.md",
                "title": "Good",
                "date": "2024-01-02T10:00:00+00:00",
                "categories": [],
                "tags": ["a", "b", "a"],
                "slug": "good",
                "text": "It’s a “good” day.\nSecond paragraph.\nShown only by the generator",
            },
            {
                "path": "_posts/2024-01-03-leaky.md",
                "title": "Leaky",
                "date": "2024-01-03T00:00:00+00:00",
                "categories": [],
                "tags": [],
                "slug": "leaky",
                "text": "Kept",
            },
            {"path": "_posts/2024-01-04-gone.md", "title": "Gone", "text": "Nothing"},
        ],
    )
    score = conformance.score_site(site, keep=5)
    assert score.generator_lines == 3
    assert score.meta_agree == 2  # the repeated tag "a" counts once
    assert score.missing == ["_posts/2024-01-04-gone.md"]
    assert score.meta_disagree["missing"] == 1
    assert score.paragraphs == 3
    assert score.leaking == 1
    assert score.leak_examples == [("_posts/2024-01-03-leaky.md", "Kept |")]
    assert score.page_lines == 5
    assert (
        score.lost == 2
    )  # the generator-only line and the missing post's line ("Kept" is in a paragraph)
    assert sum(score.unpublished.values()) == 1


def test_reports_render(tmp_path: Path) -> None:
    score = conformance.SiteScore(site="demo", generator_lines=4, meta_agree=3)
    score.meta_disagree["date"] = 1
    score.paragraphs, score.leaking, score.page_lines, score.lost = 200, 3, 100, 1
    table = conformance.markdown_table([score])
    assert "| demo | 3/4 | date (1) | 3/200 (1.5%) | 1/100 (1.0%) | 0 | 0 |" in table
    svg = conformance.svg_chart([score])
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert ">75.0%<" in svg and ">1.50%<" in svg and ">1.00%<" in svg
    assert svg.count('fill="#c62828"') == 3  # each figure misses its goal
    assert "target ≥ 99.5%" in svg and svg.count("target ≤ 0.5%") == 2
    out = tmp_path / "record.json"
    conformance.record([score], out)
    assert json.loads(out.read_text())["sites"]["demo"]["leaking"] == 3


# --- the ratchet on the shared sites ---------------------------------------------------


def _recorded() -> dict[str, dict[str, int]]:
    sites: dict[str, dict[str, int]] = json.loads(RECORD.read_text(encoding="utf-8"))["sites"]
    return sites


@pytest.mark.corpus
def test_every_shared_site_is_recorded() -> None:
    assert {site.name for site in SITES} == set(_recorded())
    assert len(SITES) >= 5


@pytest.mark.corpus
@pytest.mark.parametrize("site", SITES, ids=[site.name for site in SITES])
def test_site_does_not_fall_below_its_record(site: Path) -> None:
    record = _recorded()[site.name]
    score = conformance.score_site(site, keep=5)
    print(conformance.examples([score]))
    assert score.generator_lines == record["generator_lines"]
    assert score.meta_agree >= record["meta_agree"], dict(score.meta_disagree)
    assert score.leaking <= record["leaking"], score.leak_examples
    assert score.lost <= record["lost"], score.loss_examples
    assert not score.failures
