"""One way to turn a pydantic validation error into located problems (file, line, column, message)."""
from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from qujat.errors import Location

FieldPath = tuple[str | int, ...]


def error_path(error: ErrorDetails) -> FieldPath:
    """The field path of one pydantic error, without pydantic's own tags (union members)."""
    return tuple(part for part in error["loc"] if isinstance(part, (str, int)))


def dotted(path: FieldPath) -> str:
    """A field path as a user writes it: ``agenda[0].resolutions[1].vote``.

    >>> dotted(("agenda", 0, "title"))
    'agenda[0].title'
    """
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def plain_message(error: ErrorDetails) -> str:
    """pydantic's message without its prefixes: ``is required but missing`` or the validator's words."""
    if error["type"] == "missing":
        return "is required but missing"
    return error["msg"].removeprefix("Value error, ")


def located_problems(exc: ValidationError, locate: Callable[[FieldPath], Location],
                     describe: Callable[[ErrorDetails], str] | None = None) -> list[tuple[Location, str]]:
    """One ``(location, message)`` per error of ``exc``; ``locate`` finds a field path in the source
    file, ``describe`` words the message (default: ``path: message``)."""
    def default(error: ErrorDetails) -> str:
        return f"{dotted(error_path(error)) or 'value'}: {plain_message(error)}"

    words = describe or default
    return [(locate(error_path(error)), words(error)) for error in exc.errors()]
