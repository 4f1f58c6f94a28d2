"""One way to turn a pydantic validation error into located problems (file, line, column, message)."""
from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from qujat.errors import Location

FieldPath = tuple[str | int, ...]


def error_path(error: ErrorDetails, tags: frozenset[str] = frozenset()) -> FieldPath:
    """The field path of one pydantic error, without pydantic's own tags: ``tags`` names the
    members of a tagged union (an element's ``kind``), which pydantic puts after a list index."""
    path: list[str | int] = []
    for part in error["loc"]:
        if isinstance(part, str) and part in tags and path and isinstance(path[-1], int):
            continue
        if isinstance(part, (str, int)):
            path.append(part)
    return tuple(path)


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
                     describe: Callable[[ErrorDetails], str] | None = None,
                     tags: frozenset[str] = frozenset()) -> list[tuple[Location, str]]:
    """One ``(location, message)`` per error of ``exc``; ``locate`` finds a field path in the source
    file, ``describe`` words the message (default: ``path: message``); ``tags`` as for
    :func:`error_path`."""
    def default(error: ErrorDetails) -> str:
        return f"{dotted(error_path(error, tags)) or 'value'}: {plain_message(error)}"

    words = describe or default
    return [(locate(error_path(error, tags)), words(error)) for error in exc.errors()]
