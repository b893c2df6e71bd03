"""Site-specific heuristics, in one place: each is named, documented and tested as such.

Everything else in newspost follows the formats (YAML, TOML, JSON, CommonMark,
kramdown, HTML) and the generators (Jekyll, Hugo). What follows is knowledge of
particular publishers whose markup a reader never sees as text.

- **East Money stock-quote charts** (``finews`` and every site that mirrors
  East Money): a chart image sits between ``<!--StockImg_Start-->`` and
  ``<!--StockImg_End-->`` comments. It is not an image of the article.
"""

from __future__ import annotations

__all__ = ["stock_quote_marker"]

_STOCK_QUOTE_START = "StockImg_Start"
_STOCK_QUOTE_END = "StockImg_End"


def stock_quote_marker(comment: str, inside: bool) -> bool:
    """Whether the images after an HTML ``comment`` are inside a stock-quote chart block.

    Examples:
        >>> stock_quote_marker("StockImg_Start", False), stock_quote_marker("StockImg_End", True)
        (True, False)
        >>> stock_quote_marker(" a note ", True)
        True
    """
    if _STOCK_QUOTE_START in comment:
        return True
    if _STOCK_QUOTE_END in comment:
        return False
    return inside
