"""Collects what lenient parsing repairs; raises on it in strict mode."""

from __future__ import annotations

from ._errors import ParseError
from ._model import ParseWarning


class Diagnostics:
    """One parse's warnings.

    ``warn`` records a repair. A repair of input that breaks the format
    (``fatal=True``) raises :class:`ParseError` when parsing is strict; harmless
    normalisations (a BOM, CRLF line endings) are only recorded.
    """

    __slots__ = ("line_offset", "path", "strict", "warnings")

    def __init__(self, path: str | None, strict: bool) -> None:
        self.path = path
        self.strict = strict
        self.warnings: list[ParseWarning] = []
        # Lines removed before the text reached the parser (blank lines before the
        # opening ``---``), so that reported line numbers are those of the file.
        self.line_offset = 0

    def warn(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        fatal: bool = True,
    ) -> None:
        if line is not None:
            line += self.line_offset
        if fatal and self.strict:
            raise ParseError(message, path=self.path, line=line, column=column, code=code)
        self.warnings.append(ParseWarning(code=code, message=message, line=line))
