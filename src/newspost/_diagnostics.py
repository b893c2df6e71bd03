"""Collects what lenient parsing repairs; raises on it in strict mode."""

from __future__ import annotations

from ._errors import ParseError
from ._models import ParseWarning, WarningCode


class Diagnostics:
    """One parse's warnings.

    ``warn`` records a repair. A repair of input that breaks the format
    (``fatal=True``) raises [`ParseError`][newspost.ParseError] when parsing is strict; harmless
    normalisations (a BOM, CRLF line endings) are only recorded. Line numbers
    are the file's own.
    """

    __slots__ = ("path", "strict", "warnings")

    def __init__(self, path: str | None, strict: bool) -> None:
        self.path = path
        self.strict = strict
        self.warnings: list[ParseWarning] = []

    def warn(
        self,
        code: WarningCode,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        fatal: bool = True,
    ) -> None:
        if fatal and self.strict:
            raise ParseError(problem(message), path=self.path, line=line, column=column, code=code)
        self.warnings.append(ParseWarning(code=code, message=message, line=line))


# How a warning's message ends when it says what lenient parsing did about the problem.
_REPAIR_TAILS = (
    (": the whole file is the body", ""),
    (" replaced with U+FFFD", " in the text"),
    (" removed", " in the text"),
)


def problem(message: str) -> str:
    """A warning's message without the repair: what a strict error says.

    Warnings read "problem; what was done about it"; nothing is done in strict mode.

    Examples:
        >>> problem("front matter is not valid YAML: x; values recovered line by line")
        'front matter is not valid YAML: x'
        >>> problem("NUL bytes removed")
        'NUL bytes in the text'
    """
    message = message.split("; ", 1)[0]
    for tail, instead in _REPAIR_TAILS:
        if message.endswith(tail):
            return message[: -len(tail)] + instead
    return message
