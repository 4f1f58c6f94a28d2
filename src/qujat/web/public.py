"""The public verification page: the address a certificate's QR code opens, and a form for its
number and the short code printed under the code (never a number alone: numbers run in
sequence, so a look-up by number would list every holder).

A Starlette app, server-rendered, no JavaScript; no signing key, the registry read-only. Every
check goes through the one verification function (:func:`qujat.verification.check.verify`);
the page shows only the facts the signature vouches for (:mod:`.outcomes`), in kk, ru, en or
kk-Latn (``/ru/…``; without a prefix, from ``Accept-Language``).

Routes: ``/`` and ``/<lang>/`` (``?c=<payload>`` a QR code's check, ``?number=…&code=…`` a typed
one, else the form), ``/<lang>/offline`` (keys and revocation list for checking without a
network), ``/keys/<id>.pem``, ``/revocations.json``, ``/healthz``, ``/robots.txt``, ``/static/…``.
"""
from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qujat.errors import QujatError
from qujat.registry.signing import find_payload
from qujat.registry.store import Registry
from qujat.verification.check import verify
from qujat.verification.revocations import RevocationList, read_list
from qujat.web import languages
from qujat.web.guard import ACCESS_LOG, HEADERS, RateLimit, client_address, log_check, proxies, retry_after
from qujat.web.outcomes import ADVICE, CATEGORIES, CHECKLIST, ICONS, U_, WORDS, Kind, Outcome, outcome_of
from qujat.web.registry_access import Keys, fresh_view, open_read_only, payload_by_code, reachable, read_keys

STATIC = Path(__file__).with_name("static")
#: The longest ``c`` looked at (a payload's text is 150-300 characters, with the office's URL).
MAX_PAYLOAD_CHARS = 1024
MAX_TYPED_CHARS = 64
#: A revocation list larger than this is not published.
MAX_LIST_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class PublicConfig:
    """How the public page runs: the registry (a SQLite file or URL, or ``postgresql://…``),
    the signed revocation list to publish (``generate registry revocations -o FILE``, made
    where the key is), the proxies whose ``X-Forwarded-For`` is believed (addresses or
    networks), the rate limits (checks of a QR code's payload, typed look-ups: a count per so
    many seconds, per client address), how often the keys and trust list are read again, and
    the access log's logger name."""

    registry: str
    revocations: Path | None = None
    trusted_proxies: tuple[str, ...] = ()
    payload_limit: tuple[int, float] = (30, 60.0)
    lookup_limit: tuple[int, float] = (10, 600.0)
    refresh_seconds: float = 60.0
    access_log: str = ACCESS_LOG


@dataclass
class _Published:
    """The revocation list as published: its bytes, and what it says of itself."""

    data: bytes = b""
    checked: RevocationList | None = None
    stamp: tuple[float, int] = (0.0, -1)


@dataclass
class PublicPage:
    """The public page's state: the registry (read-only), its keys (read again every
    ``refresh_seconds``), the limits, the published list."""

    config: PublicConfig
    base: Registry
    keys: Keys
    view: Registry
    payload_limit: RateLimit
    lookup_limit: RateLimit
    log: logging.Logger
    published: _Published = field(default_factory=_Published)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # the registry -----------------------------------------------------------------------

    def current(self) -> tuple[Registry, Keys]:
        """The registry view and keys to check with, read again when they are old (and kept as
        they were when the registry cannot be reached)."""
        if time.monotonic() - self.keys.read_at > self.config.refresh_seconds:
            with self.lock:
                if time.monotonic() - self.keys.read_at > self.config.refresh_seconds:
                    try:
                        self.view, self.keys = fresh_view(self.base), read_keys(self.base)
                    except (SQLAlchemyError, QujatError):
                        self.keys = Keys(self.keys.own, self.keys.trusted, time.monotonic())
        return self.view, self.keys

    def check(self, text: str) -> Outcome:
        """The outcome of a QR code's payload ``text``: checked with the registry, or, when it
        cannot be reached, with the keys alone (its status then unknown)."""
        payload = find_payload(text) if len(text) <= MAX_PAYLOAD_CHARS else None
        if payload is None:
            return Outcome(Kind.NOT_RECOGNISED)
        registry, keys = self.current()
        try:
            verdict = verify(payload, registry)
        except (SQLAlchemyError, QujatError) as exc:  # unreachable, or its settings unreadable
            logging.getLogger(__name__).warning("registry not read: %s", type(exc).__name__)
            verdict = verify(payload, None, public_key=[k.public_key for k in keys.all])
        return outcome_of(verdict, keys.own.key_id, {k.key_id: k.name for k in keys.all})

    def look_up(self, number: str, code: str) -> tuple[Outcome, str]:
        """The outcome of a typed number and short code, and the certificate's payload when found."""
        registry, _ = self.current()
        try:
            payload = payload_by_code(registry, number[:MAX_TYPED_CHARS], code[:MAX_TYPED_CHARS])
        except (SQLAlchemyError, QujatError) as exc:
            logging.getLogger(__name__).warning("registry not read: %s", type(exc).__name__)
            return Outcome(Kind.UNAVAILABLE), ""
        if payload is None:
            return Outcome(Kind.NOT_FOUND), ""
        found = self.check(payload)
        return found, (find_payload(payload) or "") if found.has_facts else ""

    def revocation_list(self) -> _Published:
        """The published revocation list, read again when its file changed; none when it is not
        given, is not the registry's own, or its signature does not match."""
        path = self.config.revocations
        if path is None:
            return self.published
        try:
            status = path.stat()
            stamp = (status.st_mtime, status.st_size)
            if stamp != self.published.stamp:
                data = path.read_bytes() if status.st_size <= MAX_LIST_BYTES else b""
                _, keys = self.current()
                checked = read_list(path, [keys.own]) if data else None
                self.published = _Published(data if checked else b"", checked, stamp)
        except (OSError, QujatError) as exc:
            if self.published.stamp != (0.0, -2):
                logging.getLogger(__name__).warning("revocation list %s not published: %s", path,
                                                    str(exc).splitlines()[0][:200])
            self.published = _Published(stamp=(0.0, -2))
        return self.published


def open_page(config: PublicConfig) -> PublicPage:
    """Open the registry read-only and read its keys; :class:`QujatError` when it cannot be."""
    registry = open_read_only(config.registry)
    keys = read_keys(registry)
    page = PublicPage(config, registry, keys, fresh_view(registry), RateLimit(*config.payload_limit),
                      RateLimit(*config.lookup_limit), logging.getLogger(config.access_log))
    page.revocation_list()
    return page


# rendering ------------------------------------------------------------------------------------

def _render(request: Request, lang: str, template: str, status: int = 200, headers: dict[str, str] | None = None,
            switch: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A page of ``template`` in ``lang``; the language switcher's links keep ``switch`` (the
    query of a genuine certificate's check, nothing else)."""
    root = request.scope.get("root_path", "")
    query = f"?{urlencode(switch)}" if switch else ""
    here = context.pop("here", "")
    links = {other: f"{root}/{other}/{here}{query}" for other in languages.LANGUAGES}
    html = languages.environment(lang).get_template(template).render(
        root=root, languages=languages.own_names(), links=links, **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def outcome_context(found: Outcome, lang: str) -> dict[str, Any]:
    """What a verdict's template shows of ``found`` in ``lang`` (the public page's and the desk's)."""
    values = {"office": found.office or languages.translate(lang, U_("the issuing office")),
              "date": languages.long_date(found.replaced_on, lang)}
    checklist = [(mark, languages.translate(lang, line) % values) for mark, line in CHECKLIST.get(found.kind, ())]
    return {"outcome": found, "kind": found.kind.value, "icon_name": ICONS[found.kind], "checklist": checklist,
            "word": languages.translate(lang, WORDS[found.kind]),
            "advice": languages.translate(lang, ADVICE[found.kind]) % values,
            "award": languages.award_title(found.award, lang) if found.has_facts else "",
            "category": languages.translate(lang, CATEGORIES[found.category]) if found.category else "",
            "office": values["office"]}


def _language(request: Request) -> str | None:
    prefix = request.path_params.get("lang")
    if prefix is None:
        return languages.choose(request.headers.get("accept-language"))
    return languages.from_prefix(prefix)


def _too_many(request: Request, page: PublicPage, lang: str, wait: float) -> HTMLResponse:
    seconds = retry_after(wait)
    log_check(page.log, "", "rate-limited")
    return _render(request, lang, "message.html", 429, {"Retry-After": str(seconds)},
                   title=languages.translate(lang, U_("Too many checks")),
                   text=languages.translate(lang, U_("Too many checks came from your address. Try again in "
                                                     "%(minutes)s min.")) % {"minutes": max(1, -(-seconds // 60))})


async def verification(request: Request) -> Response:
    """``/`` and ``/<lang>/``: a QR code's check, a typed one, or the form."""
    page: PublicPage = request.app.state.page
    lang = _language(request)
    if lang is None:
        raise HTTPException(404)
    params = request.query_params
    address = client_address(request.client.host if request.client else "", request.headers.get("x-forwarded-for"),
                             request.app.state.proxies)
    if "c" in params:
        wait = page.payload_limit.hit(address, time.monotonic())
        if wait is not None:
            return _too_many(request, page, lang, wait)
        found = await run_in_threadpool(page.check, params["c"])
        switch = {"c": find_payload(params["c"]) or ""} if found.has_facts else None
    elif "number" in params or "code" in params:
        wait = page.lookup_limit.hit(address, time.monotonic())
        if wait is not None:
            return _too_many(request, page, lang, wait)
        found, payload = await run_in_threadpool(page.look_up, params.get("number", ""), params.get("code", ""))
        switch = {"c": payload} if payload else None
    else:
        return _render(request, lang, "home.html", office=page.keys.own.name)
    log_check(page.log, found.number, found.kind.value)
    return _render(request, lang, "verdict.html", switch=switch, own_office=page.keys.own.name,
                   **outcome_context(found, lang))


async def offline(request: Request) -> Response:
    """``/<lang>/offline``: the public keys and the revocation list, to check with no network."""
    page: PublicPage = request.app.state.page
    lang = _language(request)
    if lang is None:
        raise HTTPException(404)
    _, keys = page.current()
    published = await run_in_threadpool(page.revocation_list)
    listed = published.checked
    return _render(request, lang, "offline.html", here="offline", keys=keys.all, own=keys.own,
                   list_date=languages.long_date(listed.issued_at.date(), lang) if listed else "",
                   list_bytes=len(published.data), office=keys.own.name)


async def public_key(request: Request) -> Response:
    """``/keys/<id>.pem``: a public key the page checks with."""
    _, keys = request.app.state.page.current()
    pem = keys.pem(str(request.path_params["key_id"]).upper())
    if pem is None:
        raise HTTPException(404)
    name = f"qujat-{request.path_params['key_id'].upper()}.pem"
    return Response(pem, media_type="application/x-pem-file",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def revocations(request: Request) -> Response:
    """``/revocations.json``: the office's signed revocation list, as it made it."""
    published = await run_in_threadpool(request.app.state.page.revocation_list)
    if not published.data:
        raise HTTPException(404)
    return Response(published.data, media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="revocations.json"'})


async def health(request: Request) -> Response:
    """``/healthz``: ``ok`` (200) while the registry answers, else 503 (the page still checks
    signatures then)."""
    page: PublicPage = request.app.state.page
    registry, _ = page.current()
    if await run_in_threadpool(reachable, registry):
        return PlainTextResponse("ok\n")
    return PlainTextResponse("registry unreachable\n", status_code=503)


def _page_language(request: Request) -> str:
    """The language of a page that is not a route's own (an error): the address's prefix when it
    names one, else the browser's."""
    segment = request.url.path.removeprefix(request.scope.get("root_path", "")).strip("/").split("/")[0]
    return languages.from_prefix(segment) or languages.choose(request.headers.get("accept-language"))


async def robots(request: Request) -> Response:
    """``/robots.txt``: no page of the check is for search engines."""
    return PlainTextResponse("User-agent: *\nDisallow: /\n")


async def not_found(request: Request, exc: Exception) -> Response:
    lang = _page_language(request)
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    title = languages.translate(lang, U_("Page not found"))
    return _render(request, lang, "message.html", status, title=title,
                   text=languages.translate(lang, U_("This address is not a page of the certificate check.")))


async def server_error(request: Request, exc: Exception) -> Response:
    """A fault of the page's own: one line in the log (never the request), a page saying so."""
    logging.getLogger(__name__).error("internal error: %s", type(exc).__name__)
    lang = _page_language(request)
    response = _render(request, lang, "message.html", 500, title=languages.translate(lang, U_("Error")),
                       text=languages.translate(lang, U_("The check could not be made. Try again in a few minutes.")))
    response.headers.update(HEADERS)  # answered outside the middleware that adds them
    return response


class SecurityHeaders:
    """Every response's headers (:data:`qujat.web.guard.HEADERS`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower() not in _LOWER]
                headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


_LOWER = {key.lower() for key in HEADERS}


def public_app(config: PublicConfig, page: PublicPage | None = None) -> Starlette:
    """The public verification page as an ASGI app (for uvicorn); opens the registry read-only
    now (:class:`QujatError` when it cannot), and closes it when the server stops."""
    page = page or open_page(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        page.base.close()

    def slash(request: Request) -> Response:
        if languages.from_prefix(request.path_params["lang"]) is None:
            raise HTTPException(404)
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"{request.scope.get('root_path', '')}/{request.path_params['lang']}/{query}", 308)

    routes = [
        Route("/", verification, methods=["GET"]),
        Route("/healthz", health, methods=["GET"]),
        Route("/robots.txt", robots, methods=["GET"]),
        Route("/revocations.json", revocations, methods=["GET"]),
        Route("/keys/{key_id:str}.pem", public_key, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/{lang:str}/", verification, methods=["GET"]),
        Route("/{lang:str}/offline", offline, methods=["GET"]),
        Route("/{lang:str}", slash, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)], lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found, Exception: server_error})
    app.state.page = page
    app.state.proxies = proxies(config.trusted_proxies)
    return app
