"""Issuing a list from the desk: ``generate batch … --progress-json`` in a child process, the
command line's own run (numbering, the registry, the run sheet, Ctrl-C's clean stop), its
progress read from the JSON lines it prints; cancelling sends it SIGINT, as Ctrl-C does: it stops
between rows, leaves no half-written file and gives back the numbers it reserved."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RUNNING, DONE, CANCELLED, FAILED = "running", "done", "cancelled", "failed"
#: The command's exit statuses: done (0), some rows failed or refused (1), interrupted (130).
_FINISHED = {0: DONE, 1: DONE, 130: CANCELLED}


@dataclass
class Run:
    """One list being issued: the child process, how far it is, and its report when done."""

    list_file: Path
    folder: Path
    process: subprocess.Popen[bytes]
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    total: int | None = None
    report: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    state: str = RUNNING
    cancelled: bool = False
    finished_at: float | None = None

    def seconds_left(self) -> float | None:
        """The time left, from the rate so far (None before the first row or without a total)."""
        if not self.done or not self.total or self.state != RUNNING:
            return None
        elapsed = time.monotonic() - self.started
        return max(0.0, elapsed / self.done * (self.total - self.done))

    def status(self) -> dict[str, Any]:
        """What the progress bar shows, as data."""
        left = self.seconds_left()
        return {"state": self.state, "done": self.done, "total": self.total,
                "seconds_left": None if left is None else round(left)}

    def cancel(self) -> None:
        """Stop the run as Ctrl-C does (it finishes the row it is on, then cleans up)."""
        if self.state == RUNNING and self.process.poll() is None:
            self.cancelled = True
            self.process.send_signal(signal.SIGINT)

    def wait(self, timeout: float | None = None) -> str:
        """Wait for the run to end; its final state."""
        self.process.wait(timeout)
        self._reader.join(timeout)
        return self.state

    _reader: threading.Thread = field(init=False, repr=False)

    def _follow(self) -> None:
        assert self.process.stdout is not None and self.process.stderr is not None
        for raw in self.process.stdout:
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if isinstance(line, dict) and "done" in line:
                self.done, self.total = int(line["done"]), line.get("total")
            elif isinstance(line, dict) and "report" in line:
                self.report = _by_name(line["report"], self.list_file)
        self.errors = [text for text in self.process.stderr.read().decode("utf-8", "replace").splitlines()
                       if text.strip() and not text.startswith("registry:")][-20:]
        code = self.process.wait()
        self.state = _FINISHED.get(code, FAILED)
        if self.cancelled and code != 0:
            self.state = CANCELLED
        self.finished_at = time.monotonic()


def _by_name(report: dict[str, Any], list_file: Path) -> dict[str, Any]:
    """``report`` with its warnings naming the list by its own name, as the office dropped it, not
    by the desk's folder on the server."""
    where = str(list_file)
    warnings = [str(w).replace(where, list_file.name, 1) if str(w).startswith(where) else w
                for w in report.get("warnings", [])]
    return {**report, "warnings": warnings}


def batch_command(list_file: Path, folder: Path, registry: str, *, ui_lang: str, award: str | None = None,
                  lang: str | None = None, date: str | None = None, issuer: str | None = None, split: bool = False,
                  draft: bool = False, rows: str | None = None) -> list[str]:
    """The ``generate batch`` command line of a run."""
    command = [sys.executable, "-m", "qujat", "--ui-lang", ui_lang, "batch", str(list_file), "-o", str(folder),
               "--registry", registry, "--progress-json", "--quiet"]
    for option, value in (("--award", award), ("--lang", lang), ("--date", date), ("--issuer", issuer),
                          ("--rows", rows)):
        if value:
            command += [option, value]
    return command + (["--split"] if split else []) + (["--draft"] if draft else [])


def start_run(command: list[str], list_file: Path, folder: Path, *, user: str = "",
              signing_key: str | None = None) -> Run:
    """Start ``command`` (see :func:`batch_command`) as a child process in its own session (the
    desk's Ctrl-C does not reach it; the desk cancels it), the journal's user ``user``."""
    env = dict(os.environ)  # the same QUJAT_* settings as the desk was started with
    env["PYTHONUNBUFFERED"] = "1"
    if user:
        env["QUJAT_USER"] = user
    if signing_key:
        env["QUJAT_SIGNING_KEY"] = signing_key
    # stdin from nowhere: the child never shares the desk's own input (a test runner's channel)
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, start_new_session=True)
    run = Run(list_file, folder, process)
    run._reader = threading.Thread(target=run._follow, daemon=True, name="qujat-run")
    run._reader.start()
    return run
