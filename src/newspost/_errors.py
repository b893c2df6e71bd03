"""The library's one error type."""

from __future__ import annotations

__all__ = ["ParseError", "SiteWarning"]


class ParseError(ValueError):
    """A post could not be parsed (strict mode), or a file could not be read.

    It carries where the problem is, so a user can open the file at that line:

    Examples:
        >>> err = ParseError("title is not valid YAML", path="_posts/a.md", line=3, column=8)
        >>> str(err)
        '_posts/a.md:3:8: title is not valid YAML'
        >>> err.line, err.reason
        (3, 'title is not valid YAML')
    """

    def __init__(
        self,
        reason: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        code: str = "error",
    ) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
        self.code = code
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or "<text>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.reason}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling, which the
        # process pool of parse_dir relies on.
        return (_rebuild, (self.reason, self.path, self.line, self.column, self.code))


def _rebuild(
    reason: str, path: str | None, line: int | None, column: int | None, code: str
) -> ParseError:
    return ParseError(reason, path=path, line=line, column=column, code=code)


class SiteWarning(UserWarning):
    """Something in a site's config newspost ignores: a config file that does not
    load (it is then no config), a timezone that is not a zone.

    [parse_dir][newspost.parse_dir] warns once per run, through Python's
    ``warnings`` (filter it as ``newspost.SiteWarning``); each post also carries
    a ``site_config_invalid`` warning, or ``timezone_invalid`` when its date
    stays naive because of the timezone.
    """
