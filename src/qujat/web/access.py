"""Who may use the desk, checked before any route runs: the local machine with the one-time
token the command printed (as Jupyter's), or, on an office's server, a person signed in with an
account; a form posted from another site refused (``Origin`` and ``Sec-Fetch-Site``); a body
larger than the limit refused before it is read.

>>> same_site_post({"origin": "http://127.0.0.1:8765", "host": "127.0.0.1:8765"})
True
>>> same_site_post({"origin": "https://evil.example", "host": "127.0.0.1:8765"})
False
>>> same_site_post({"sec-fetch-site": "cross-site", "host": "127.0.0.1:8765"})
False
>>> local_host("localhost:8765"), local_host("evil.example:8765")
(True, False)
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from qujat.web import languages
from qujat.web.sessions import SessionStore

#: Paths anyone may open: the style sheet and script, the sign-in page, the health check.
OPEN_PATHS = ("/static/", "/healthz")
SESSION_COOKIE = "qujat_desk"


@dataclass
class Gate:
    """How the desk lets people in: ``token`` (local mode: used once, then gone) or accounts
    (``accounts``: sign-in required, ``member`` says whether a name is still an account), the
    largest request body taken, and the sessions kept across a restart (``store``; None: a
    session lasts as long as the desk runs)."""

    accounts: bool
    max_body: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    token_used: bool = False
    store: SessionStore | None = None
    member: Callable[[str], bool] | None = None

    def open_session(self, session: dict[str, Any], user: str) -> None:
        """Begin a new session (a new id) for ``user`` ("" in local mode)."""
        session.clear()
        session.update({"sid": secrets.token_hex(16), "user": user})
        if self.store is not None:
            self.store.add(session["sid"], user)

    def end_session(self, session: dict[str, Any]) -> None:
        """End the session, on the server too."""
        if self.store is not None and session.get("sid"):
            self.store.remove(str(session["sid"]))
        session.clear()

    def session_open(self, session: dict[str, Any]) -> bool:
        """Whether the cookie's session is one the desk opened and has not ended."""
        sid, user = str(session.get("sid") or ""), str(session.get("user") or "")
        if not sid:
            return False
        if self.accounts and (self.member is None or not self.member(user)):
            return False
        return self.store is None or self.store.known(sid, user)

    def take_token(self, offered: str) -> bool:
        """Whether ``offered`` is the one-time token, still unused (it is used up now)."""
        if self.accounts or self.token_used or not hmac.compare_digest(offered.encode(), self.token.encode()):
            return False
        self.token_used = True
        return True


def same_site_post(headers: Mapping[str, str]) -> bool:
    """Whether a POST comes from the desk's own pages: ``Sec-Fetch-Site: same-origin`` when the
    browser sends it (every current one does; its ``Origin`` is then ``null`` under the pages'
    no-referrer policy), else an ``Origin`` naming this host; neither is refused."""
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    host = headers.get("host", "")
    return headers.get("origin") in (f"http://{host}", f"https://{host}")


def local_host(host: str) -> bool:
    """Whether a Host header names this machine (a page of another site that a DNS trick points
    at 127.0.0.1 sends its own name, and is refused)."""
    name = host.rsplit(":", 1)[0].strip("[]") if not host.startswith("[") or "]:" in host else host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def loopback(address: str) -> bool:
    """Whether a client's address is this machine's."""
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


Refusal = Callable[[Request, int, str], Awaitable[Response]]


class DeskGate:
    """The middleware under the session's: lets a request through to the routes only when the
    gate's rules allow it, else answers with ``refuse(request, status, why)`` (a page in the
    visitor's language) or a redirect to the sign-in page."""

    def __init__(self, app: ASGIApp, gate: Gate, refuse: Refusal) -> None:
        self.app, self.gate, self.refuse = app, gate, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        answer = await self._check(request, Headers(scope=scope))
        if answer is None:
            await self.app(scope, receive, send)
        else:
            await answer(scope, receive, send)

    async def _check(self, request: Request, headers: Headers) -> Response | None:
        path = request.url.path
        client = request.client.host if request.client else ""
        if not self.gate.accounts and not (loopback(client) and local_host(headers.get("host", ""))):
            return await self.refuse(request, 403, "local")
        if request.method == "POST":
            if not same_site_post(headers):
                return await self.refuse(request, 403, "cross-site")
            length = headers.get("content-length")
            if length is None or not length.isdigit():
                return await self.refuse(request, 411, "length")
            if int(length) > self.gate.max_body:
                return await self.refuse(request, 413, "too-large")
        if path.startswith(OPEN_PATHS) or path.endswith("/login"):
            return None
        session = request.session
        if not self.gate.accounts and request.method == "GET" and "token" in request.query_params:
            if self.gate.take_token(request.query_params["token"]):
                self.gate.open_session(session, "")
            query = urlencode([(k, v) for k, v in parse_qsl(request.url.query) if k != "token"])
            return RedirectResponse(path + (f"?{query}" if query else ""), 303)
        if not self.gate.session_open(session):
            session.clear()
            if self.gate.accounts:
                return RedirectResponse(f"/{page_language(path, headers.get('accept-language'))}/login", 303)
            return await self.refuse(request, 403, "no-session")
        return None


def page_language(path: str, accept_language: str | None) -> str:
    """The language of a page: its address's prefix when it names one, else the browser's."""
    return languages.from_prefix(path.strip("/").split("/")[0]) or languages.choose(accept_language)
