"""The exception tree of claimgraph.

::

    ClaimgraphError            base; exit code 2 (usage or input error)
      SourceError              reading input went wrong
        ParseError             carries path, line, field
      MappingError             the model cannot be expressed in the vocabulary
      ShapesError              the SHACL shapes will not load
      OutputError              an output file cannot be written

Validation results are data, not exceptions: see :class:`claimgraph.ValidationReport`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar


class ClaimgraphError(Exception):
    """Base of every error claimgraph raises on purpose."""

    exit_code: ClassVar[int] = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class SourceError(ClaimgraphError):
    """An input could not be read."""


class ParseError(SourceError):
    """An input was read but does not have the expected form.

    The message starts with ``path:line`` (line when known) and names the field.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = ":".join(str(p) for p in (path, line) if p is not None)
        prefix = f"{where}: " + (f"field '{field}': " if field else "")
        super().__init__(prefix + message, hint=hint)
        self.path = Path(path)
        self.line = line
        self.field = field
        self.reason = message


class MappingError(ClaimgraphError):
    """The model cannot be expressed in the vocabulary."""


class ShapesError(ClaimgraphError):
    """The SHACL shapes cannot be loaded."""


class OutputError(ClaimgraphError):
    """An output file cannot be written."""
