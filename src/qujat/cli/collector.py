"""The garbage collector of the console script's own process, tuned for a long batch.

Python collects cycles every 700 new container objects and, now and then, scans every object the
process holds. Once the modules (SQLAlchemy, reportlab, pydantic, Jinja2: some 80,000 objects)
are loaded, each such full scan costs tens of milliseconds and finds nothing, since modules,
classes and compiled templates live as long as the process. Measured on a batch of 3,000
certificates into a registry: 0.41 s of collections, 0.10 s with the objects of the start-up
frozen (``gc.freeze``: never scanned again) and a first generation of 20,000 objects.

Only :func:`qujat.cli.main` (the process is the command's) takes the collector over; a program
that runs a command in-process (:func:`qujat.cli.run`, the tests) keeps its own settings.
"""
from __future__ import annotations

import gc

#: New container objects between two collections of the youngest generation (Python's: 700).
FIRST_GENERATION = 20_000
_owned: list[bool] = []


def take() -> None:
    """The process is the command's: collect less often from now on."""
    _owned[:] = [True]
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(FIRST_GENERATION, middle, oldest)


def settle() -> None:
    """The command's modules are loaded and its long job begins: what the process holds now is
    kept for its life, so it is frozen out of every later collection (in the console script only)."""
    if _owned:
        gc.freeze()  # no collection first: one would cost more than the start-up's little garbage
