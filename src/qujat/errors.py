"""Errors that carry where the problem is: file, line, column, row or field, and what it is: a
:class:`qujat.messages.Message` (id, values, code), rendered in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qujat.messages import M_, Message, Translations, render


@dataclass(frozen=True)
class Location:
    """Where a problem was found; every part is optional."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        return self.render()

    def render(self, translations: Translations | None = None) -> str:
        """``file:line:column: row N: field``, the word «row» in the reader's language."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        head = ":".join(parts)
        if self.row is not None:
            row = M_("row %(row)s", code="where.row", row=self.row).render(translations)
            head = f"{head}: {row}" if head else row
        if self.field:
            field = render(self.field, translations)
            head = f"{head}: {field}" if head else field
        return head

    def structured(self) -> dict[str, Any]:
        """Where, as data: file, line, column, row, field (absent parts are None)."""
        return {"file": self.file, "line": self.line, "column": self.column, "row": self.row, "field": self.field}


class QujatError(Exception):
    """A user-facing problem: bad input, a missing file, an unwritable output.

    ``problems`` holds one ``(Location, message)`` pair per problem, so one error can
    report everything wrong with a record at once. A message is a
    :class:`qujat.messages.Message` (a ``str`` with an id, values and a code), or a plain string.
    """

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None,
                 problems: list[tuple[Location, str]] | None = None) -> None:
        self.problems: list[tuple[Location, str]] = problems or [(location or Location(), message)]
        super().__init__(self.render())

    @property
    def location(self) -> Location:
        return self.problems[0][0]

    def render(self, translations: Translations | None = None) -> str:
        """One line per problem: ``file:line:col: message``, in the language of ``translations``."""
        lines = []
        for loc, msg in self.problems:
            where = loc.render(translations)
            text = render(msg, translations)
            lines.append(f"{where}: {text}" if where else text)
        return "\n".join(lines)

    def structured(self) -> list[dict[str, Any]]:
        """Every problem as data, for a page that shows it in its own language: where (file,
        line, column, row, field), the message's code, id and values, and its English text."""
        found = []
        for loc, msg in self.problems:
            message = msg if isinstance(msg, Message) else Message(msg)
            found.append({**loc.structured(), "kind": type(self).__name__, **message.structured()})
        return found


class RecordError(QujatError):
    """The meeting record cannot be read or does not follow the schema."""


class TemplateError(QujatError):
    """A template, catalog or award definition is broken."""


class OutputError(QujatError):
    """An output file cannot be written."""


class UsageError(QujatError):
    """A command-line option or argument names something qujat does not have."""


class RunError(QujatError):
    """A problem of the whole run, never of one row (the registry cannot be opened or stopped
    answering, its signing key is unusable): the run stops, exit 2, and an earlier run's files
    stand."""


class TemporaryError(RunError):
    """The registry is away for now: in use by another run past the wait, its server down or
    unreachable, its disk full. The run stops with nothing recorded that is not written, exit 75
    (EX_TEMPFAIL): the same command succeeds once the cause has passed."""

    exit_code = 75


class RefusedError(QujatError):
    """A row refused rather than guessed at (a person the registry cannot tell from another):
    its message says what settles it."""


class QujatWarning(UserWarning):
    """Something was changed to make a document possible (e.g. a forbidden character removed)."""


class ToolError(QujatError):
    """An outside program qujat needs (LibreOffice for PDF minutes) is missing or failed."""
