"""scripts/svgchart.py: the bar chart that the conformance and benchmark scripts share."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("svgchart", ROOT / "scripts" / "svgchart.py")
assert spec is not None and spec.loader is not None
svgchart = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = svgchart
spec.loader.exec_module(svgchart)

SVG = "{http://www.w3.org/2000/svg}"


def bars(svg: str) -> list[tuple[float, str]]:
    """(width, colour) of each bar: every rect but the background."""
    root = ElementTree.fromstring(svg)
    rects = root.findall(f"{SVG}rect")[1:]
    return [(float(r.get("width", "0")), r.get("fill", "")) for r in rects]


def test_bars_coloured_by_target_in_both_directions() -> None:
    higher = svgchart.Panel("speed", [1.0, 3.0], target=2.0, unit="×")
    lower = svgchart.Panel("loss", [0.2, 0.9], target=0.5, higher_is_better=False, unit="%")
    svg = svgchart.panel_chart(["a", "b"], [higher, lower])
    colours = [colour for _, colour in bars(svg)]
    assert colours == [svgchart.BAD, svgchart.GOOD, svgchart.GOOD, svgchart.BAD]
    texts = [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text")]
    assert texts == [
        "speed",
        "target ≥ 2×",
        "1.00×",
        "3.00×",
        "loss",
        "target ≤ 0.5%",
        "0.20%",
        "0.90%",
        "a",
        "b",
    ]


def test_lengths_are_proportional_and_scale_max_is_honoured() -> None:
    svg = svgchart.panel_chart(["a", "b"], [svgchart.Panel("p", [1.0, 2.0], scale_max=10.0)])
    (short, neutral), (long, _) = bars(svg)
    assert long == 2 * short and neutral == svgchart.NEUTRAL
    assert short == (260 - 60) / 10.0  # the panel's bar room over the scale's maximum
    assert not re.search(r"stroke-dasharray", svg)  # no target, no target line


def test_labels_are_escaped_and_zero_still_shows() -> None:
    svg = svgchart.panel_chart(["<b>&"], [svgchart.Panel("a < b", [0.0])])
    assert "&lt;b&gt;&amp;" in svg and "a &lt; b" in svg
    [(width, _)] = bars(svg)
    assert width == 0.5


def test_both_scripts_draw_with_it() -> None:
    for script in ("scripts/conformance.py", "benchmarks/bench.py"):
        source = (ROOT / script).read_text(encoding="utf-8")
        assert "from svgchart import Panel, panel_chart" in source
        assert "<svg" not in source  # no second chart drawn by hand
