"""The README opens with what a data user does first: install, then a folder to a table."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_opens_with_install_then_three_lines_to_a_table() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```(\w+)\n(.*?)```", text, re.S)
    (first_kind, install), (second_kind, example) = blocks[:2]
    assert first_kind == "console"
    assert install.strip().startswith('$ pip install "newspost')
    assert second_kind == "python"
    statements = [line for line in example.splitlines() if line.startswith(">>> ")]
    assert statements[0] == ">>> import newspost, tempfile"
    work = statements[1:]  # the three lines after the import
    assert len(work) == 3
    assert "parse_dir(" in work[0]
    assert "to_dataframe(" in work[1] and "write_parquet(" in work[2]
    # Nothing but the title and its one-line summary comes before the install.
    assert text.index("pip install") < text.index("## ")
