"""The ``generate`` command: parses arguments and calls the library; nothing more.

``main`` is the console script's entry point; ``run`` runs the command in-process (for tests and
embedding) without taking over any signal.
"""
from __future__ import annotations

import click

from qujat import stopping
from qujat.cli.app import cli, run
from qujat.cli.signals import Interrupts, exit_interrupted

__all__ = ["cli", "main", "run"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``generate`` console script and of ``python -m qujat``.

    Takes over SIGINT, SIGTERM, SIGHUP and SIGQUIT for the rest of the process first of all:
    an interrupted run cleans up and exits 130 (129 for SIGHUP, 131 for SIGQUIT)."""
    interrupts = Interrupts()
    interrupts.install()
    try:
        try:
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
