"""Where qujat's templates live: inside the installed package, or templates/ in a checkout."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """The templates folder (award definitions, Jinja2 texts, the reference DOCX)."""
    installed = _PACKAGE / "templates"
    if installed.is_dir():
        return installed
    return _PACKAGE.parents[1] / "templates"
