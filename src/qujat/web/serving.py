"""Running the public page (one uvicorn process on the loopback, behind a TLS proxy) and the
office desk (on this machine, or an office's server with accounts).

uvicorn's own access log is off (it would write each address with its query string, and a
QR code's query is the holder's name); the page logs the time, number and verdict of each check
on standard error instead. Forwarded addresses are read by the page itself, from the proxies
it is told to trust, never by uvicorn.
"""
from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
import webbrowser
from collections.abc import Callable, Iterator

import uvicorn

from qujat.web.desk import DeskConfig, desk_app
from qujat.web.guard import ACCESS_LOG
from qujat.web.public import PublicConfig, public_app


def access_logging(stream: object = None) -> logging.Logger:
    """The access log's logger, writing its lines (time, number, verdict) to ``stream`` (stderr)."""
    logger = logging.getLogger(ACCESS_LOG)
    if not logger.handlers:
        handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
        handler.setFormatter(logging.Formatter("check %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


class _Server(uvicorn.Server):
    """uvicorn's server, for which SIGINT and SIGTERM are the normal end: it stops gracefully
    (requests in flight are answered) and the command exits 0, the signal not handed on."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        stops = (signal.SIGINT, signal.SIGTERM)
        before = {signum: signal.signal(signum, self.handle_exit) for signum in stops}
        try:
            yield
        finally:
            for signum, handler in before.items():
                signal.signal(signum, handler)


def serve_public(config: PublicConfig, host: str = "127.0.0.1", port: int = 8000, root_path: str = "") -> None:
    """Open the registry read-only and serve the public page at ``host``:``port`` until stopped
    (SIGINT or SIGTERM); :class:`qujat.errors.QujatError` before listening when the registry
    cannot be opened."""
    access_logging()
    app = public_app(config)
    server = _Server(uvicorn.Config(app, host=host, port=port, root_path=root_path, access_log=False,
                                           proxy_headers=False, server_header=False, date_header=True,
                                           log_level="info", lifespan="on", timeout_keep_alive=5,
                                           limit_concurrency=512, h11_max_incomplete_event_size=16 * 1024))
    server.run()


def serve_desk(config: DeskConfig, host: str = "127.0.0.1", port: int = 8765, open_browser: bool = True,
               announce: Callable[[str], None] = print) -> None:
    """Serve the office desk at ``host``:``port`` until stopped (SIGINT or SIGTERM): ``announce``
    is told the address to open (with its one-time token when there are no accounts), and the
    browser opens it when ``open_browser`` and the machine has a display."""
    app = desk_app(config)
    gate = app.state.desk.gate
    shown = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/" + ("" if gate.accounts else f"?token={gate.token}")
    server = _Server(uvicorn.Config(app, host=host, port=port, access_log=False, proxy_headers=False,
                                    server_header=False, log_level="warning", lifespan="on", timeout_keep_alive=5))
    announce(address)
    if open_browser:
        threading.Timer(0.8, webbrowser.open, (address,)).start()
    server.run()
