"""Reading an input file whole, never more than a limit: regular files, pipes and devices alike."""
from __future__ import annotations

from pathlib import Path

from qujat.errors import Location, QujatError


def read_limited(path: str | Path, limit: int, error: type[QujatError] = QujatError,
                 variable: str | None = None) -> bytes:
    """The bytes of ``path``, refused with ``error`` when there are more than ``limit`` of them.

    The size is counted while reading, so a pipe (``<(...)``) or a device (``/dev/zero``) is
    stopped at the limit like a large file; ``variable`` names the setting that raises it.
    """
    name = str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise error("no such file", Location(name)) from None
    except IsADirectoryError:
        raise error("is a folder, not a file", Location(name)) from None
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror or exc}", Location(name)) from None
    if len(data) > limit:
        setting = f" (${variable} sets it)" if variable else ""
        raise error(f"is more than {limit:,} bytes, over the limit of {limit}{setting}; refused", Location(name))
    return data
