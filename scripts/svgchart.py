"""One small SVG bar chart for the measuring scripts: panels of horizontal bars, one bar per row.

``scripts/conformance.py`` draws the per-site conformance table with it
(docs/img/conformance.svg) and ``benchmarks/bench.py`` the per-site speed table
(docs/img/performance.svg). Each panel is one column of the table: a title, a
value per row, and optionally the target, drawn as a dashed line, with each bar
green when it meets the target and red when it does not. Plain text out, no
dependency: the SVG is reviewed in diffs like the tables beside it.

Examples:
    >>> svg = panel_chart(["a", "b"], [Panel("speed", [1.0, 3.0], target=2.0, unit="×")])
    >>> svg.startswith("<svg") and svg.count("<rect") == 3
    True
    >>> ">3.00×<" in svg and 'fill="#c62828"' in svg and "target ≥ 2×" in svg
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Panel", "panel_chart"]

GOOD, BAD, NEUTRAL = "#2e7d32", "#c62828", "#5b7fbf"
# A white outline under a value's text keeps it readable where it crosses a target line.
_HALO = 'paint-order="stroke" stroke="white" stroke-width="3"'


@dataclass(frozen=True)
class Panel:
    """One column of a table as bars: ``values`` in the order of the chart's rows."""

    title: str
    values: Sequence[float]
    target: float | None = None
    higher_is_better: bool = True
    unit: str = ""
    digits: int = 2
    scale_max: float | None = None  # the value at the panel's right edge; default: from the data

    def meets(self, value: float) -> bool:
        if self.target is None:
            return True
        return value >= self.target if self.higher_is_better else value <= self.target

    def text(self, value: float) -> str:
        return f"{value:,.{self.digits}f}{self.unit}"


def panel_chart(
    labels: Sequence[str],
    panels: Sequence[Panel],
    *,
    panel_width: int = 260,
    label_width: int = 120,
) -> str:
    """Panels side by side, one bar per label in each, as SVG text.

    The defaults give two panels the width of a documentation page's column
    (about 690 pixels), where the chart shows at its own size, text included.
    """
    row_h, top, gap = 26, 48, 40
    height = top + row_h * len(labels) + 36
    width = label_width + len(panels) * (panel_width + gap) - gap + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    bottom = top + row_h * len(labels)
    for index, panel in enumerate(panels):
        x0 = label_width + index * (panel_width + gap)
        largest = max([*panel.values, panel.target or 0.0, 1e-9])
        scale = (panel_width - 60) / (panel.scale_max or largest * 1.15)
        parts.append(
            f'<text x="{x0}" y="{top - 24}" font-weight="bold">{escape(panel.title)}</text>'
        )
        values = []  # drawn last, over the target line, each on a white outline
        for i, value in enumerate(panel.values):
            y = top + i * row_h
            colour = NEUTRAL if panel.target is None else GOOD if panel.meets(value) else BAD
            length = max(value * scale, 0.5)
            parts.append(
                f'<rect x="{x0}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" '
                f'fill="{colour}"/>'
            )
            values.append(
                f'<text x="{x0 + length + 4:.1f}" y="{y + row_h / 2 + 4}" {_HALO}>'
                f"{escape(panel.text(value))}</text>"
            )
        parts.append(f'<line x1="{x0}" y1="{top - 6}" x2="{x0}" y2="{bottom + 4}" stroke="#444"/>')
        if panel.target is not None:
            tx = x0 + panel.target * scale
            parts.append(
                f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{bottom + 4}" '
                'stroke="black" stroke-dasharray="4 3"/>'
            )
            sign = "≥" if panel.higher_is_better else "≤"
            parts.append(
                f'<text x="{tx:.1f}" y="{bottom + 18}" text-anchor="middle">'
                f"target {sign} {panel.target:g}{escape(panel.unit)}</text>"
            )
        parts += values
    for i, label in enumerate(labels):
        y = top + i * row_h + row_h / 2 + 4
        parts.append(
            f'<text x="{label_width - 8}" y="{y}" text-anchor="end">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
