"""The ``generate`` command: parses arguments and calls the library; nothing more.

``main`` is the console script's entry point; ``run`` runs the command in-process (for tests and
embedding) without taking over any signal. Importing this package loads nothing but
:mod:`signal`: ``main`` holds the stop signals before the command's modules (click, the
commands) are imported, so that a Ctrl-C during those imports is the command's to take.
"""
from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qujat.cli.app import cli, run

__all__ = ["cli", "main", "run"]

#: The stop signals, held from ``main``'s first line until its handlers are in place.
_STOPS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
                   if hasattr(signal, name))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``generate`` console script and of ``python -m qujat``.

    Takes over SIGINT, SIGTERM, SIGHUP and SIGQUIT for the rest of the process first of all
    (they are held meanwhile, so one that comes while the command is being loaded waits for the
    handlers): an interrupted run cleans up and exits 130 (129 for SIGHUP, 131 for SIGQUIT)."""
    holding = hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS) if holding else set()
    try:
        import click

        from qujat import stopping
        from qujat.cli import collector
        from qujat.cli.signals import Interrupts, exit_interrupted

        collector.take()

        interrupts = Interrupts()
        interrupts.install()
    finally:
        if holding:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # one that came meanwhile is taken now
    try:
        try:
            if stopping.asked() is None:  # a stop that came while the command loaded: nothing is begun
                from qujat.cli.app import run

                run(argv)
        finally:
            interrupts.finished = True  # the exit status is decided; a late signal cannot change it
    except (KeyboardInterrupt, click.exceptions.Abort):  # also one that comes while an error is reported
        exit_interrupted(interrupts)
    except SystemExit:
        if stopping.asked() is not None:  # a stop that came inside a library, after the last check
            exit_interrupted(interrupts)
        raise
    if stopping.asked() is not None:
        exit_interrupted(interrupts)


def __getattr__(name: str) -> Any:
    """``cli`` and ``run``, loaded on first use (see the module's docstring)."""
    if name in ("cli", "run"):
        from qujat.cli import app

        return getattr(app, name)
    raise AttributeError(f"module 'qujat.cli' has no attribute '{name}'")
