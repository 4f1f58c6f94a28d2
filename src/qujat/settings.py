"""The limits and places a run works with, as one typed value.

The library never reads the environment: the ``generate`` command makes a :class:`Settings`
from its ``QUJAT_*`` variables (:func:`qujat.cli.environment.settings_from`) and a script
passes its own, or none for the defaults::

    >>> from qujat.settings import Settings, applied, current
    >>> current().max_list_rows
    100000
    >>> with applied(Settings(max_list_rows=500)):
    ...     current().max_list_rows
    500

Public functions take ``settings=`` and apply it for the duration of the call; the modules that
enforce a limit read :func:`current`.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Limits and places: award definition folders searched before the shipped ones, the size
    limits of records, lists and minutes templates (DOCX), how long a template may run, how long
    a run waits for a registry in use, the LibreOffice program."""

    awards_path: tuple[Path, ...] = ()
    max_yaml_bytes: int = 5 * 1024 * 1024
    max_list_rows: int = 100_000
    max_list_bytes: int = 50 * 1024 * 1024
    max_template_bytes: int = 20 * 1024 * 1024
    template_seconds: float = 5.0
    #: how long a run waits for a registry another run is writing to (SQLite's lock, PostgreSQL's
    #: locks), saying so, before it stops with exit 75
    registry_wait_seconds: float = 60.0
    soffice: str | None = None
    user: str | None = None


_CURRENT: ContextVar[Settings] = ContextVar("qujat_settings", default=Settings())  # noqa: B039 (frozen)


def current() -> Settings:
    """The settings in force (the defaults unless a caller applied others)."""
    return _CURRENT.get()


@contextlib.contextmanager
def applied(settings: Settings | None) -> Iterator[Settings]:
    """Put ``settings`` in force inside the ``with`` block (``None``: keep those in force)."""
    if settings is None:
        yield current()
        return
    token = _CURRENT.set(settings)
    try:
        yield settings
    finally:
        _CURRENT.reset(token)
