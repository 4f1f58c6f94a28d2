"""The desk for tests: a registry in a temporary folder, the desk served by uvicorn in a thread
on a free port, and a browser tab signed in with the one-time token."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from qujat.registry.store import Registry
from qujat.web.desk import DeskConfig, desk_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServedDesk:
    """The desk on 127.0.0.1:<port> while the ``with`` block runs."""

    def __init__(self, folder: Path, accounts: Path | None = None, max_upload: int = 20 * 1024 * 1024,
                 registry: str | None = None, signing_key: Path | None = None) -> None:
        """``registry``: a PostgreSQL registry's URL (with its ``signing_key`` file), else a SQLite
        file in ``folder``."""
        self.folder = folder
        self.registry_path = folder / "office.sqlite3"
        where = registry or str(self.registry_path)
        key = str(signing_key) if signing_key else None
        with Registry.open(where, create=True, signing_key=key) as opened:
            opened.set_setting("office_name", "Алматы қалалық кәсіподақтар кеңесі")
        self.config = DeskConfig(where, signing_key=key, accounts=accounts, max_upload=max_upload,
                                 templates=folder / "templates" if registry else None)
        self.app = desk_app(self.config, workspace=folder / "work")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    @property
    def token(self) -> str:
        return str(self.app.state.desk.gate.token)

    def __enter__(self) -> ServedDesk:
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


#: The desk's browser tests' window: a clerk's desktop screen.
WIDE = {"width": 1280, "height": 900}


@pytest.fixture(scope="module", name="desk")
def desk_of_the_module(tmp_path_factory: Any) -> Iterator[ServedDesk]:
    """A desk served for one test module (import this fixture, with ``tab``, into the module)."""
    with ServedDesk(tmp_path_factory.mktemp("desk")) as served:
        yield served


@pytest.fixture(scope="module", name="tab")
def tab_of_the_module(browser: Any, desk: ServedDesk) -> Iterator[Any]:
    """A Chromium tab on the module's desk (Russian locale, downloads on, a minute's patience a
    step), let in by the desk's one-time token."""
    context = browser.new_context(viewport=WIDE, accept_downloads=True, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{desk.url}/?token={desk.token}")
    yield page
    context.close()
