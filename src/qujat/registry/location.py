"""Where an office's registry lives, found the same way from any folder.

An explicit location (``--registry`` / ``$QUJAT_REGISTRY``, read by the command line and passed
in) comes first; else a ``qujat.toml`` in the folder or any parent names it::

    [registry]
    url = "registry/qujat-registry.sqlite3"   # relative to the qujat.toml; or postgresql://…
    signing_key = "registry/qujat-registry.key"  # optional

else the per-user default, ``qujat-registry.sqlite3`` in the user's data folder (platformdirs:
``~/.local/share/qujat`` on Linux, ``%LOCALAPPDATA%\\qujat`` on Windows). Never a new registry
per working folder.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qujat.errors import Location as Where
from qujat.errors import QujatError
from qujat.messages import M_

CONFIG_FILE = "qujat.toml"
#: The origin of the per-user default location (its folder is made when the registry is created).
USER_DEFAULT = "the per-user default"
DEFAULT_FILE = "qujat-registry.sqlite3"


@dataclass(frozen=True)
class Location:
    """A registry's URL or file, the signing key that goes with it (None: beside a SQLite file)
    and where that was decided (shown to the user)."""

    url: str
    signing_key: Path | None = None
    origin: str = ""


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 (tomli is declared for it)
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        with open(path, "rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except (OSError, ValueError) as exc:
        raise QujatError(M_("cannot be read: %(detail)s", code="config.unreadable", detail=str(exc).splitlines()[0]),
                         Where(str(path))) from None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``qujat.toml`` in ``start`` (default: the current folder) or a parent."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
    return None


def user_registry() -> Path:
    """The per-user default registry file."""
    import platformdirs

    return platformdirs.user_data_path("qujat", appauthor=False) / DEFAULT_FILE


def default_location(start: Path | None = None) -> Location:
    """The registry used when none is given: the nearest ``qujat.toml``'s, else the per-user one."""
    config = find_config(start)
    if config is not None:
        section = _load_toml(config).get("registry")
        if not isinstance(section, dict) or not isinstance(section.get("url"), str) or not section["url"].strip():
            raise QujatError(M_("give the registry as [registry] url = \"FILE-OR-URL\"", code="config.no-url"),
                             Where(str(config)))
        url = section["url"].strip()
        if "://" not in url:
            url = str((config.parent / Path(url).expanduser()).resolve())
        key = section.get("signing_key")
        if key is not None and not isinstance(key, str):
            raise QujatError(M_("[registry] signing_key is a file name", code="config.key"), Where(str(config)))
        return Location(url, (config.parent / Path(key).expanduser()).resolve() if key else None, str(config))
    return Location(str(user_registry()), None, USER_DEFAULT)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite registry (a path, or a ``sqlite:///`` URL); None for a server's URL."""
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None if "://" in url else Path(url).expanduser()


def resolve(explicit: str | None = None, signing_key: str | Path | None = None,
            start: Path | None = None) -> Location:
    """The registry to use: ``explicit`` (a file or URL) when given, else :func:`default_location`;
    ``signing_key`` overrides the key the location names."""
    found = Location(explicit, None, "given") if explicit else default_location(start)
    if signing_key:
        return Location(found.url, Path(signing_key).expanduser(), found.origin)
    return found
