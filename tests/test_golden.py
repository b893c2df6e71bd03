"""The shared corpus: finews parses to what expected.jsonl says, every file parses, and the
JSON Lines of the whole corpus match a stored digest (tests/corpus_digest.txt)."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest

import newspost
from newspost import Options
from newspost._parse import parse_with, site_zone
from newspost._site import find_site
from tests.corpus import CORPUS, CORPUS_MARK, FINEWS, corpus_params, corpus_posts, expected_rows

pytestmark = CORPUS_MARK
ROWS = expected_rows()
DIGEST = Path(__file__).resolve().parent / "corpus_digest.txt"


def test_expected_covers_the_finews_folder() -> None:
    on_disk = {str(p.relative_to(FINEWS)) for p in FINEWS.rglob("*.md")}
    assert {row["file"] for row in ROWS} == on_disk
    assert len(ROWS) == 149


@pytest.mark.parametrize("row", corpus_params(ROWS, ids=lambda r: str(r["file"])))
def test_finews_post_matches_expected(row: dict[str, object]) -> None:
    post = newspost.parse_file(FINEWS / str(row["file"]), timezone="Asia/Shanghai")
    # Every key expected.jsonl has (it has these; a key added to it is compared too).
    got = {
        "file": row["file"],
        "title": post.title,
        "date": post.date.isoformat() if post.date else None,
        "layout": post.layout,
        "categories": post.categories,
        "tags": post.tags,
        "lead": post.lead,
        "source": post.source.name if post.source else None,
        "original_url": post.original_url,
        "links": [{"text": link.text, "url": link.url} for link in post.links],
        "text": post.text,
    }
    assert set(row) <= set(got), (
        f"expected.jsonl has keys this test does not know: {set(row) - set(got)}"
    )
    assert {key: got[key] for key in row} == row


@pytest.mark.parametrize(
    "path", corpus_params(corpus_posts(), ids=lambda p: str(p.relative_to(CORPUS)))
)
def test_every_corpus_file_parses_leniently_and_round_trips(path: Path) -> None:
    post = newspost.parse_file(path, timezone="Asia/Shanghai")
    # Every real post has text; a Hugo section page (_index.md) may have none.
    assert post.paragraphs or post.kind == "section", "every real post has text"
    allowed = {
        "leading_blank_lines",
        "date_missing",
        "date_offset_invalid",  # +18:00 and the like, written on a real site
        "liquid_unrendered",  # {% include %} of a template the corpus does not hold
        "shortcode_dropped",  # Hugo shortcodes of the theme, with no text of their own
    }
    assert {w.code for w in post.warnings} <= allowed
    # to_markdown is idempotent after one parse, and keeps every carried field.
    once = post.to_markdown()
    # parse_file found the post's site; read the written text on that same site.
    site = find_site(path)
    options = Options(timezone="Asia/Shanghai")
    again = parse_with(once, str(path), options, site, site_zone(options, site))
    assert again.to_markdown() == once
    for field in ("title", "date", "layout", "categories", "tags", "extra", "lead", "body"):
        assert getattr(again, field) == getattr(post, field), field
    for field in ("paragraphs", "images", "source", "original_url", "links"):
        assert getattr(again, field) == getattr(post, field), field


def test_the_reference_example_in_full() -> None:
    post = newspost.parse_file(
        FINEWS / "old_post/2021-12-28-NW202112282228090112.md", timezone="Asia/Shanghai"
    )
    assert post.slug == "NW202112282228090112"
    assert post.date is not None and post.date.isoformat() == "2021-12-28T10:33:15+08:00"
    assert post.source == newspost.Source(
        name="中国发展网",
        text="（文章来源：中国发展网）",
        kind="attribution",
        markup='<p class="em_media">（文章来源：中国发展网）</p>',
    )
    assert post.body.endswith("扩大产业规模。</p>")
    assert len(post.paragraphs) == 6
    assert post.links[1] == newspost.Link(text="返回首页", url="//finews.withounder.com/")
    assert post.warnings == []


def corpus_jsonl() -> str:
    """The whole corpus through ``parse_dir`` (one process, default options) as JSON Lines:
    one whole record a line (every field, ``text`` and warnings included; a failure as its
    fields), paths relative to the corpus so that the digest does not depend on where it is."""
    lines = []
    for result in newspost.parse_dir(CORPUS, workers=1):
        record = result.model_dump(mode="json")
        record["path"] = Path(str(result.path)).relative_to(CORPUS).as_posix()
        if isinstance(result, newspost.ParseFailure):
            record = {"failure": record}
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return "".join(lines)


def test_whole_corpus_matches_the_stored_digest(request: pytest.FixtureRequest) -> None:
    """Any change in what the corpus parses to (any field of any post) changes this digest:
    only a deliberate behaviour change may update it, with ``pytest --update-fixtures``."""
    jsonl = corpus_jsonl()
    digest = hashlib.sha256(jsonl.encode("utf-8")).hexdigest()
    count = jsonl.count("\n")
    stored = f"{digest}  {count} records\n"
    if request.config.getoption("--update-fixtures"):
        DIGEST.write_text(stored, encoding="utf-8")
        return
    assert DIGEST.exists(), f"no {DIGEST.name}: run pytest --update-fixtures after a review"
    if DIGEST.read_text(encoding="utf-8") != stored:
        out = Path(tempfile.mkdtemp(prefix="newspost-corpus-")) / "corpus.jsonl"
        out.write_text(jsonl, encoding="utf-8")
        pytest.fail(
            f"the corpus parses differently from {DIGEST.name} "
            f"({DIGEST.read_text(encoding='utf-8').strip()}; now {stored.strip()}).\n"
            f"The new JSON Lines (one record a line, sorted by path) are in {out}.\n"
            "To see what changed, write the old ones and compare:\n"
            "  git stash && .venv/bin/python -m tests.test_golden /tmp/old.jsonl; git stash pop\n"
            f"  diff /tmp/old.jsonl {out}     # or: diff <(jq -S . /tmp/old.jsonl) <(jq -S . {out})\n"
            "If every difference is intended: pytest --update-fixtures, and commit "
            f"tests/{DIGEST.name} with the change that caused it."
        )


if __name__ == "__main__":  # python -m tests.test_golden OUT.jsonl: the corpus as JSON Lines
    import sys

    Path(sys.argv[1]).write_text(corpus_jsonl(), encoding="utf-8")
