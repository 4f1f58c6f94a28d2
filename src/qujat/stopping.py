"""A stop asked for by the user (Ctrl-C, a kill): taken where the work can stop cleanly.

The command's signal handler (:mod:`qujat.cli.signals`) records the stop with :func:`ask`. It
raises :class:`Interrupted` at once only when the signal finds qujat's own code running; when
it comes inside a library (SQLAlchemy returning a connection to its pool, an import, a
destructor), which may catch and log or drop any exception, the stop waits for the next
:func:`check` of the work's loops (every row, page and file; every quarter second of a wait).
"""
from __future__ import annotations

_asked: int | None = None
_raised = False


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (``signum``).

    A subclass of KeyboardInterrupt, so that every ``except KeyboardInterrupt`` and ``finally``
    clean-up (temporary files, a split batch's partial sheet) handles it as Ctrl-C. Never
    KeyboardInterrupt itself: when that exact exception passes through ``exec()`` or ``eval()``
    of a string (dataclasses, namedtuple and typing do that on first import), CPython sets its
    "unhandled KeyboardInterrupt" flag even if the exception is caught later, and
    ``python -m qujat`` then kills itself with SIGINT at exit instead of exiting 130.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def ask(signum: int) -> None:
    """Record that the run is to stop (the first signal counts)."""
    global _asked
    if _asked is None:
        _asked = signum


def asked() -> int | None:
    """The signal that asked the run to stop, if one did."""
    return _asked


def taken() -> Interrupted:
    """The stop, now being raised: later :func:`check` calls (clean-up loops) let it run."""
    global _raised
    _raised = True
    return Interrupted(_asked or 2)


def check() -> None:
    """Raise :class:`Interrupted` if a stop was asked for and not yet raised; called between
    rows, pages and files, where stopping leaves nothing half done."""
    if _asked is not None and not _raised:
        raise taken()
