"""The process's stop signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT), owned by the ``generate`` command.

An interrupted run cleans up through every ``finally`` and exits 130 (129 for SIGHUP, 131 for
SIGQUIT); nothing here knows what the command does.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import click

from qujat import stopping

#: Where qujat's own modules and click's are: a signal that finds only these on the stack above
#: the command may raise at once.
_OWN = (str(Path(stopping.__file__).resolve().parent), str(Path(click.__file__).resolve().parent))


def _ours(frame: FrameType | None) -> bool:
    """Whether the stack from ``frame`` out to the command's :func:`qujat.cli.app.run` is all
    qujat's (or click's) code, so that an exception raised here unwinds through qujat's own
    clean-up, never through a library that could swallow it."""
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith(_OWN):
            return False
        if frame.f_code.co_name == "run" and name.endswith(("cli/app.py", "cli\\app.py")):
            return True
        frame = frame.f_back
    return True


#: The signals that stop a run cleanly, by name (SIGHUP and SIGQUIT do not exist on Windows).
_STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


class Interrupts:
    """The process's stop signals, owned by the command: the first one asks the run to stop
    (:mod:`qujat.stopping`) and raises :class:`qujat.stopping.Interrupted` at once when it finds
    qujat's own code running, else at the work's next check; any later one is ignored, so it
    cannot cut the clean-up or the exit short; so is one that comes when the command has finished
    and the process is on its way out with the command's own exit status. In a process forked from
    this one (``--split --jobs N``), SIGINT is left to the parent (Ctrl-C reaches the whole
    process group) and any other stop signal (the pool's terminate) ends the worker quietly
    after its own clean-up."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.signum: int | None = None
        self.raised = False
        self.finished = False

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # signal handlers can only be set from the main thread
        for name in _STOP_SIGNALS:
            signum = getattr(signal, name, None)
            if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:  # nohup, `cmd &`
                signal.signal(signum, self._received)

    def _received(self, signum: int, frame: FrameType | None) -> None:
        if self.finished:
            return
        if os.getpid() != self.pid:  # a forked worker process
            if signum == signal.SIGINT or self.signum is not None:
                return
            self.signum = signum
            raise SystemExit(128 + signum)
        if self.signum is None:
            self.signum = signum
            stopping.ask(signum)
        if stopping.asked() is not None and _ours(frame) and not self.raised:
            self.raised = True
            raise stopping.taken()
        # inside a library: the work's next stopping.check() raises it

    def exit_code(self) -> int:
        """130 for Ctrl-C and for SIGTERM (a kill is an interruption like Ctrl-C); 128 + the
        signal's number for the others (129 SIGHUP, 131 SIGQUIT)."""
        if self.signum is None or self.signum in (signal.SIGINT, signal.SIGTERM):
            return 130
        return 128 + self.signum


def exit_interrupted(interrupts: Interrupts) -> None:
    """Say so and end the process with 130 (or 128 + the signal's number): every ``finally``
    and ``except KeyboardInterrupt`` has run by now, so no temporary file is left. The exit is
    ``os._exit`` after flushing the output: nothing else can run (or be interrupted) on the way
    out, and no flag of the interpreter's can turn the exit status into a death by signal."""
    if interrupts.signum is None:
        interrupts.signum = signal.SIGINT  # a KeyboardInterrupt or Abort not from a signal
    for stream, text in ((sys.stdout, None), (sys.stderr, "interrupted: no file was left half-written\n")):
        try:
            if text:
                stream.write(text)
            stream.flush()
        except (OSError, ValueError):  # a closed terminal (SIGHUP) or a closed pipe
            pass
    os._exit(interrupts.exit_code())
