"""Where the shared corpus is, and what it holds."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FINEWS = CORPUS / "finews"


def corpus_posts() -> list[Path]:
    """Every post file of the shared corpus (it must be there: tests never skip it)."""
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in {".md", ".markdown", ".html"})
    files = [p for p in files if p.name != "README.md"]
    assert len(files) > 250, f"the shared corpus is missing at {CORPUS}"
    return files


def expected_rows() -> list[dict[str, object]]:
    with (FINEWS / "expected.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]
