"""The office desk: every job of the ``generate`` command in a browser, for the staff of one
office (:mod:`.access`: the local machine with a one-time token, or accounts on a server).

Routes only read the form, call the library (or, to issue a list, the command's own run in a
child process, :mod:`.runs`) and render a template; what to do lives in the library. Every word
comes from the ``qujat-ui`` catalogs, in the address's language (``/kk/``, ``/ru/``, ``/en/``,
``/kk-Latn/``).

Routes: ``/<lang>/`` (the four jobs), ``lists`` (drop a list, its reading, proofs, issuing),
``proofs/<id>`` (the drafts, each shown as it is drawn), ``runs/<id>`` (progress by server-sent
events, cancel, downloads), ``records`` (a record's check and its minutes, the office's kept
templates; ``templates/remove``), ``registry`` (search, a holder's page, revoke, duplicate, reprint, link, the
journal, a backup), ``verify``, ``login`` / ``logout``, ``files/<item>/<name>``.
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import json
import secrets
import tempfile
import threading
import warnings
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from qujat.batch.reading import ListReading, read_for_issue
from qujat.certificates.definitions import award_ids
from qujat.errors import Location, QujatError, QujatWarning
from qujat.i18n.localizer import UI_DOMAIN, translations
from qujat.identity import masked_iin
from qujat.messages import Message, Mn_, render
from qujat.minutes.compose import minutes_bytes, minutes_pdf_bytes
from qujat.output import write_atomic
from qujat.pages import page_images
from qujat.records.schema import load_record
from qujat.registry.journal import export_journal
from qujat.registry.linking import link
from qujat.registry.recording import RegistryIssuing, print_again
from qujat.registry.search import search
from qujat.registry.signing import find_payload
from qujat.registry.store import REVOCATION_CATEGORIES, Registry
from qujat.settings import Settings, applied, current
from qujat.tasks.check_record import record_findings
from qujat.verification.check import verify
from qujat.verification.verdict import Status, Verdict, verdict_lines
from qujat.web import languages
from qujat.web.access import SESSION_COOKIE, DeskGate, Gate, page_language
from qujat.web.accounts import Accounts
from qujat.web.office_templates import OfficeTemplates, templates_beside
from qujat.web.outcomes import CATEGORIES, U_, Category, outcome_of
from qujat.web.public import STATIC, outcome_context
from qujat.web.registry_access import read_keys
from qujat.web.runs import Run, batch_command, start_run
from qujat.web.sessions import SessionStore, kept_secret, sessions_beside
from qujat.web.uploads import CHECKABLE, LISTS, RECORDS, TEMPLATES, Workspace

#: The largest file taken (a list of 100,000 rows is about 10 MB as XLSX).
MAX_UPLOAD = 20 * 1024 * 1024
#: The documents' languages a clerk chooses from.
DOCUMENT_LANGUAGES = ("kk", "ru", "en", "kk-Latn", "kk+ru")
#: How long a session lasts (its cookie, and its entry in the sessions file).
SESSION_HOURS = 12
#: Rows of a list shown in its table (the counts are of every row).
SHOWN_ROWS = 200
#: The certificate pages drawn as proofs.
PROOF_ROWS = 3
HEADERS = {
    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
                                "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
}


#: The registry's words a page shows (statuses, kinds of document and of event: schema.events), translated.
WORDS = {
    "issued": U_("issued"), "revoked": U_("revoked"), "reserved": U_("reserved"), "replaced": U_("replaced"),
    "original": U_("original"), "duplicate": U_("duplicate"), "reprint": U_("reprint"), "imported": U_("imported"),
    "linked": U_("linked"), "reprinted": U_("reprinted"), "distinct": U_("distinct"),
    "duplicate issued": U_("duplicate issued"), "document": U_("printed in another language"),
    "released": U_("reservation released"),
}


@dataclass(frozen=True)
class DeskConfig:
    """How the desk runs: the registry (URL or SQLite file) and its signing key file, the
    accounts file (None: the local machine only, by the one-time token), the largest upload, the
    folder of the office's kept minutes templates (None: beside a SQLite registry; none kept for
    a PostgreSQL registry without one), the sessions file (None: beside a SQLite registry, or
    beside the accounts file; sessions then survive a restart; none: they end with the desk)."""

    registry: str
    signing_key: str | None = None
    accounts: Path | None = None
    templates: Path | None = None
    sessions: Path | None = None
    max_upload: int = MAX_UPLOAD
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))


@dataclass
class Desk:
    """The desk's state: its registry, the gate, the temporary files, the runs."""

    config: DeskConfig
    registry: Registry
    gate: Gate
    workspace: Workspace
    templates: OfficeTemplates | None = None
    runs: dict[str, tuple[str, Run]] = field(default_factory=dict)

    def settings(self, request: Request) -> Settings:
        """The settings of a request's work: the desk's, with the signed-in clerk as the journal's user."""
        base = current()
        return Settings(**{**base.__dict__, "user": request.session.get("user") or base.user})


# rendering ------------------------------------------------------------------------------------

def _lang(request: Request) -> str:
    lang = languages.from_prefix(request.path_params.get("lang", ""))
    if lang is None:
        raise HTTPException(404)
    return lang


def say(lang: str, message: Any) -> str:
    """A message (a :class:`qujat.messages.Message`, or a ``U_`` text) in ``lang``."""
    catalog = translations(lang, UI_DOMAIN)
    return str(render(message, catalog)) if isinstance(message, Message) else catalog.gettext(str(message))


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = page_language(request.url.path, request.headers.get("accept-language"))
    here = request.url.path.split("/", 2)[2] if request.url.path.count("/") >= 2 else ""
    links = {other: f"/{other}/{here}" for other in languages.LANGUAGES}
    context.setdefault("errors", [])
    html = languages.environment(lang).get_template(template).render(
        root="", languages=languages.own_names(), links=links, say=lambda m: say(lang, m),
        term=lambda w: say(lang, WORDS[w]) if w in WORDS else w,
        user=request.scope.get("session", {}).get("user", ""), accounts=request.app.state.desk.gate.accounts,
        **context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


_REFUSALS = {
    "local": U_("The desk answers only on the computer it runs on."),
    "cross-site": U_("This form was sent from another site, so it was refused. Use the desk's own pages."),
    "length": U_("The form came without its length, so it was refused."),
    "too-large": U_("The file is larger than %(limit)s MB, so it was refused. Split the list into smaller ones."),
    "no-session": U_("Open the desk with the address the command printed (it holds a one-time key), or start it "
                     "again with: generate serve"),
}


async def refuse(request: Request, status: int, why: str) -> Response:
    """The page of a request the gate refused, in the page's language."""
    lang = page_language(request.url.path, request.headers.get("accept-language"))
    limit = request.app.state.desk.config.max_upload // (1024 * 1024)
    return _page(request, "desk/message.html", status, title=say(lang, U_("Refused")),
                 text=say(lang, _REFUSALS[why]) % {"limit": limit}, lang_code=lang)


async def _form(request: Request) -> Any:
    try:
        return await request.form(max_files=4, max_fields=40, max_part_size=64 * 1024)
    except MultiPartException:
        raise HTTPException(400) from None


def _sid(request: Request) -> str:
    return str(request.session["sid"])


async def _kept(request: Request, upload: Any, kinds: tuple[str, ...]) -> Path | None:
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read()
    desk: Desk = request.app.state.desk
    return desk.workspace.keep(_sid(request), upload.filename, data, kinds)


def _problem(lang: str, exc: QujatError) -> list[str]:
    return [say(lang, message) for _, message in exc.problems]


# home, sign-in --------------------------------------------------------------------------------

async def root(request: Request) -> Response:
    return RedirectResponse(f"/{languages.choose(request.headers.get('accept-language'))}/", 303)


async def home(request: Request) -> Response:
    _lang(request)
    return _page(request, "desk/home.html", registry=request.app.state.desk.registry.name)


async def login(request: Request) -> Response:
    lang = _lang(request)
    desk: Desk = request.app.state.desk
    failed = False
    if request.method == "POST" and desk.config.accounts is not None:
        form = await _form(request)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        if await run_in_threadpool(Accounts(desk.config.accounts).check, name, password):
            desk.gate.open_session(request.session, name)
            return RedirectResponse(f"/{lang}/", 303)
        failed = True
    return _page(request, "desk/login.html", 401 if failed else 200, failed=failed)


async def logout(request: Request) -> Response:
    lang = _lang(request)
    request.app.state.desk.workspace.end(_sid(request))
    request.app.state.desk.gate.end_session(request.session)
    return RedirectResponse(f"/{lang}/login" if request.app.state.desk.gate.accounts else f"/{lang}/", 303)


# lists -> certificates ------------------------------------------------------------------------

def _list_options(form: Any) -> dict[str, Any]:
    return {"award": str(form.get("award") or "") or None, "lang": str(form.get("lang") or "") or None,
            "date": str(form.get("date") or "") or None}


async def lists(request: Request) -> Response:
    """``lists``: the form to drop a list on (GET), or the list as it was read (POST)."""
    lang = _lang(request)
    desk: Desk = request.app.state.desk
    context: dict[str, Any] = {"awards": award_ids(), "doc_languages": DOCUMENT_LANGUAGES, "options": {}}
    if request.method == "GET":
        return _page(request, "desk/lists.html", **context)
    form = await _form(request)
    options = _list_options(form)
    context["options"] = options
    try:
        kept = await _kept(request, form.get("list"), LISTS)
        issuer = await _kept(request, form.get("issuer"), (".yaml", ".yml"))
        if kept is None:
            return _page(request, "desk/lists.html", 400, errors=[say(lang, U_("Choose a list to read."))], **context)
        if issuer is not None:
            (kept.parent / "issuer.yaml").write_bytes(issuer.read_bytes())
        (kept.parent / "options.json").write_text(json.dumps(options), encoding="utf-8")
        reading = await run_in_threadpool(_read, desk, kept, options, request)
    except QujatError as exc:
        return _page(request, "desk/lists.html", 400, errors=_problem(lang, exc), **context)
    return _page(request, "desk/list_read.html", reading=reading, item=kept.parent.name, file=kept.name,
                 masked=masked_iin, **context)


def _issuer_file(folder: Path) -> str | None:
    path = folder / "issuer.yaml"
    return str(path) if path.is_file() else None


def _read(desk: Desk, kept: Path, options: dict[str, Any], request: Request) -> ListReading:
    planner = RegistryIssuing(desk.registry, str(kept))
    date = dt.date.fromisoformat(options["date"]) if options.get("date") else None
    return read_for_issue(kept, award=options["award"], lang=options["lang"], date=date,
                          issuer=_issuer_file(kept.parent), issuing=planner, limit=SHOWN_ROWS,
                          settings=desk.settings(request))


def _list_item(request: Request) -> tuple[Path, dict[str, Any]]:
    desk: Desk = request.app.state.desk
    folder = desk.workspace.item(_sid(request), request.path_params["item"])
    found = [p for p in folder.iterdir() if p.suffix.lower() in LISTS] if folder else []
    if folder is None or not found:
        raise HTTPException(404)
    return found[0], json.loads((folder / "options.json").read_text(encoding="utf-8"))


async def proofs(request: Request) -> Response:
    """``lists/<item>/proofs``: start drawing the first certificates as drafts (watermarked,
    nothing recorded), each to a file of its own; the proofs' page shows each as it is drawn."""
    lang = _lang(request)
    desk: Desk = request.app.state.desk
    kept, options = _list_item(request)
    out = desk.workspace.new_item(_sid(request))
    command = batch_command(kept, out, desk.config.registry, ui_lang=lang, draft=True, split=True,
                            rows=f"1-{PROOF_ROWS}", issuer=_issuer_file(kept.parent), **options)
    run = start_run(command, kept, out, user=request.session.get("user", ""), signing_key=desk.config.signing_key)
    desk.runs[out.name] = (_sid(request), run)
    return RedirectResponse(f"/{lang}/proofs/{out.name}", 303)


def _proof_images(run: Run) -> list[str]:
    """The page images of the drafts drawn so far, in the order they were drawn (each PDF is
    whole once it has its name: the run writes through a temporary file)."""
    drawn = sorted(run.folder.glob("*/*.pdf"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    names = []
    for index, pdf in enumerate(drawn[:PROOF_ROWS]):
        image = run.folder / f"proof-{index + 1}.png"
        if not image.is_file():
            write_atomic(image, page_images(pdf.read_bytes(), width=800)[0])
        names.append(image.name)
    return names


async def proofs_page(request: Request) -> Response:
    """``proofs/<run>``: the drafts drawn so far; the page's script adds the others as they come."""
    _lang(request)
    run = _run(request)
    images = await run_in_threadpool(_proof_images, run)
    return _page(request, "desk/proofs.html", item=run.list_file.parent.name, proof_item=run.folder.name,
                 images=images, drawing=run.state == "running",
                 errors=run.errors if not images and run.state != "running" else [])


async def proofs_drawn(request: Request) -> Response:
    """``runs/<run>/proofs``: the drafts' images drawn so far and whether more are coming, as JSON."""
    run = _run(request)
    drawing = run.state == "running"  # read first: every image drawn before the run ended is listed
    images = await run_in_threadpool(_proof_images, run)
    return JSONResponse({"images": [f"/files/{run.folder.name}/{name}" for name in images], "drawing": drawing},
                        headers={"Cache-Control": "no-store"})


async def issue(request: Request) -> Response:
    """``lists/<item>/issue``: start issuing the list for real; the run's page shows its progress."""
    lang = _lang(request)
    desk: Desk = request.app.state.desk
    kept, options = _list_item(request)
    form = await _form(request)
    out = desk.workspace.new_item(_sid(request))
    command = batch_command(kept, out, desk.config.registry, ui_lang=lang, split=form.get("split") == "1",
                            issuer=_issuer_file(kept.parent), **options)
    run = start_run(command, kept, out, user=request.session.get("user", ""), signing_key=desk.config.signing_key)
    desk.runs[out.name] = (_sid(request), run)
    return RedirectResponse(f"/{lang}/runs/{out.name}", 303)


def _run(request: Request) -> Run:
    desk: Desk = request.app.state.desk
    owner, run = desk.runs.get(request.path_params["run"], ("", None))
    if run is None or owner != _sid(request):
        raise HTTPException(404)
    return run


async def run_page(request: Request) -> Response:
    _lang(request)
    run = _run(request)
    return _page(request, "desk/run.html", run=run, run_id=request.path_params["run"], progress=run.status(),
                 downloads=_downloads(run))


async def run_events(request: Request) -> Response:
    """``runs/<id>/events``: the run's progress as server-sent events, one a quarter second."""
    run = _run(request)

    async def events() -> AsyncIterator[str]:
        while True:
            status = run.status()
            yield f"data: {json.dumps(status)}\n\n"
            if status["state"] != "running":
                return
            await asyncio.sleep(0.25)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


async def cancel(request: Request) -> Response:
    lang = _lang(request)
    run = _run(request)
    run.cancel()
    await run_in_threadpool(run.wait, 120)
    return RedirectResponse(f"/{lang}/runs/{request.path_params['run']}", 303)


def _downloads(run: Run) -> dict[str, Path]:
    """What a finished run offers: the combined PDF, the split files (as one ZIP), the run sheet."""
    if run.state == "running":
        return {}
    found: dict[str, Path] = {}
    for path in run.folder.iterdir():
        if path.suffix == ".pdf":
            found["pdf"] = path
        elif path.is_dir():
            found["zip"] = path
        elif path.name.endswith(".run-sheet.xlsx"):
            found["sheet"] = path
        elif path.name.endswith(".run-sheet.csv"):
            found["csv"] = path
    return found


async def run_file(request: Request) -> Response:
    run = _run(request)
    path = _downloads(run).get(request.path_params["kind"])
    if path is None:
        raise HTTPException(404)
    if path.is_dir():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for member in sorted(path.glob("*.pdf")):
                archive.write(member, member.name)
        return Response(buffer.getvalue(), media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{path.name}.zip"'})
    return FileResponse(path, filename=path.name)


async def session_file(request: Request) -> Response:
    """``files/<item>/<name>``: a file the desk made for this session (a page image, minutes)."""
    desk: Desk = request.app.state.desk
    folder = desk.workspace.item(_sid(request), request.path_params["item"])
    name = request.path_params["name"]
    if folder is None or "/" in name or name.startswith(".") or not (folder / name).is_file():
        raise HTTPException(404)
    return FileResponse(folder / name, filename=name if not name.endswith(".png") else None)


# records -> minutes ---------------------------------------------------------------------------

def _templates_context(desk: Desk) -> dict[str, Any]:
    return {"doc_languages": DOCUMENT_LANGUAGES, "keeps": desk.templates is not None,
            "kept": desk.templates.names() if desk.templates else []}


async def records(request: Request) -> Response:
    """``records``: drop a record (GET the form, and the office's kept templates); its check's
    findings at their lines (POST)."""
    lang = _lang(request)
    context = _templates_context(request.app.state.desk)
    if request.method == "GET":
        return _page(request, "desk/records.html", **context)
    form = await _form(request)
    try:
        kept = await _kept(request, form.get("record"), RECORDS)
    except QujatError as exc:
        return _page(request, "desk/records.html", 400, errors=_problem(lang, exc), **context)
    if kept is None:
        return _page(request, "desk/records.html", 400, errors=[say(lang, U_("Choose a record to check."))],
                     **context)
    findings = await run_in_threadpool(record_findings, kept, settings=request.app.state.desk.settings(request))
    lines = kept.read_text(encoding="utf-8", errors="replace").splitlines()
    return _page(request, "desk/record_checked.html", item=kept.parent.name, file=kept.name, findings=findings,
                 lines=lines, valid=not any(f.severity == "error" for f in findings), **context)


async def minutes(request: Request) -> Response:
    """``records/<item>/minutes``: the minutes in the chosen language and format, to download and to look at."""
    lang = _lang(request)
    desk: Desk = request.app.state.desk
    folder = desk.workspace.item(_sid(request), request.path_params["item"])
    found = [p for p in folder.iterdir() if p.suffix.lower() in RECORDS] if folder else []
    if folder is None or not found:
        raise HTTPException(404)
    form = await _form(request)
    doc_lang = str(form.get("doc_lang") or "") or None
    as_pdf = form.get("format") == "pdf"

    def refused(errors: list[str]) -> Response:
        return _page(request, "desk/record_checked.html", 400, item=folder.name, file=found[0].name, findings=[],
                     lines=[], valid=True, errors=errors, **_templates_context(desk))

    chosen = str(form.get("kept") or "")
    kept_template = desk.templates.path(chosen) if desk.templates and chosen else None
    if chosen and kept_template is None:
        return refused([say(lang, U_("The office has no template «%(name)s» (it was removed): choose another."))
                        % {"name": chosen}])
    try:
        template = await _kept(request, form.get("template"), TEMPLATES)
        if template is not None and kept_template is not None:
            return refused([say(lang, U_("Both a kept template and a new one were given: choose one of them."))])
        name, notes = await run_in_threadpool(_write_minutes, found[0], doc_lang, template or kept_template,
                                              as_pdf, desk.settings(request))
    except QujatError as exc:
        return refused(_problem(lang, exc))
    if template is not None and desk.templates is not None and form.get("keep") == "1":
        original = getattr(form.get("template"), "filename", "") or template.name
        await run_in_threadpool(desk.templates.keep, original, template.read_bytes())
    images = []
    if as_pdf:
        for index, png in enumerate(await run_in_threadpool(page_images, (folder / name).read_bytes(), width=800)):
            (folder / f"page-{index + 1}.png").write_bytes(png)
            images.append(f"page-{index + 1}.png")
    return _page(request, "desk/minutes.html", item=folder.name, name=name, images=images,
                 notes=[say(lang, _desk_note(note)) for note in notes])


async def remove_template(request: Request) -> Response:
    """``templates/remove``: the office's kept template ``name`` removed; back to the records page."""
    lang = _lang(request)
    desk: Desk = request.app.state.desk
    form = await _form(request)
    if desk.templates is None or not desk.templates.remove(str(form.get("name", ""))):
        raise HTTPException(404)
    return RedirectResponse(f"/{lang}/records", 303)


def _desk_note(note: Any) -> Any:
    """A library warning as the desk shows it: files by the names the clerk gave them (not the
    desk's working folders), and no command line to type."""
    if not isinstance(note, Message):
        return note
    values = {key: (replace(value, file=Path(value.file).name) if isinstance(value, Location) and value.file
                    else Path(value).name if key in ("file", "path") and isinstance(value, str) else value)
              for key, value in note.values.items()}
    if note.code == "minutes.untranslated" and note.n is not None:
        return Mn_("%(where)s: %(num)s text of the record has no %(languages)s text and is printed in the record's "
                   "language (%(own)s); add the translation to the record",
                   "%(where)s: %(num)s texts of the record have no %(languages)s text and are printed in the "
                   "record's language (%(own)s), the first here; add the translations to the record", note.n,
                   code="desk.untranslated", **{k: v for k, v in values.items() if k != "num"})
    return Message(note.id, values, plural=note.plural, count=note.n, code=note.code)


#: ``warnings.catch_warnings`` changes the whole process's warning filters: one minutes at a time
#: records what it was told, so that two clerks' notes never mix (minutes take a second or two).
_NOTES_HELD = threading.Lock()


def _write_minutes(path: Path, lang: str | None, template: Path | None, as_pdf: bool, settings: Settings
                   ) -> tuple[str, list[Any]]:
    """The minutes of the record at ``path`` written beside it: the file's name, and what the
    library said while making them (texts printed in another language, the template's own
    header kept …), as the command line prints its warnings."""
    with _NOTES_HELD, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QujatWarning)
        record = load_record(path)
        chosen = lang or record.language
        if as_pdf:
            data, suffix = minutes_pdf_bytes(record, lang=chosen, template=template, settings=settings), "pdf"
        else:
            data, suffix = minutes_bytes(record, lang=chosen, template=template, settings=settings), "docx"
    name = f"{path.stem}.{chosen}.{suffix}"
    (path.parent / name).write_bytes(data)
    notes = [w.message.args[0] if isinstance(w.message, QujatWarning) and w.message.args else str(w.message)
             for w in caught if issubclass(w.category, QujatWarning)]
    return name, notes


# the registry -----------------------------------------------------------------------------------

async def registry_search(request: Request) -> Response:
    _lang(request)
    desk: Desk = request.app.state.desk
    query = request.query_params.get("q", "")[:200]
    offset = int(request.query_params.get("from", "0") or 0) if request.query_params.get("from", "0").isdigit() else 0
    found = await run_in_threadpool(search, desk.registry, query, offset=offset)
    return _page(request, "desk/registry.html", query=query, found=found, masked=masked_iin,
                 backup=desk.registry.path is not None)


def _categories(lang: str) -> list[tuple[str, str]]:
    return [(c, say(lang, CATEGORIES[Category(c)])) for c in REVOCATION_CATEGORIES]


async def holder(request: Request, errors: list[str] | None = None, done: str = "", status: int = 200) -> Response:
    """``registry/<number>``: the award, its documents and history; what can be done with it."""
    lang = _lang(request)
    desk: Desk = request.app.state.desk
    number = request.path_params["number"]
    entry = await run_in_threadpool(desk.registry.get, number)
    if entry is None:
        raise HTTPException(404)
    history = await run_in_threadpool(desk.registry.history, number)
    return _page(request, "desk/holder.html", status, entry=entry, history=history, masked=masked_iin,
                 categories=_categories(lang), award=languages.award_title(entry.award, lang), errors=errors or [],
                 done=done)


async def registry_action(request: Request) -> Response:
    """``registry/<number>/<action>``: revoke (reason and category), duplicate, reprint, link."""
    lang = _lang(request)
    desk: Desk = request.app.state.desk
    number, action = request.path_params["number"], request.path_params["action"]
    form = await _form(request)
    settings = desk.settings(request)
    try:
        if action == "revoke":
            reason, category = str(form.get("reason", "")).strip(), str(form.get("category", ""))
            if not reason or category not in REVOCATION_CATEGORIES:
                return await holder(request, [say(lang, U_("Give the reason and the category of the revocation."))],
                                    status=400)
            with applied(settings):
                await run_in_threadpool(desk.registry.revoke, number, reason, category)
            return await holder(request, done=say(lang, U_("Revoked.")))
        if action in ("duplicate", "reprint"):
            folder = desk.workspace.new_item(_sid(request))
            target = folder / f"{number}.{action}.pdf"
            with applied(settings):
                await run_in_threadpool(print_again, desk.registry, number, target, action == "duplicate",
                                        str(form.get("language") or "") or None)
            return RedirectResponse(f"/files/{folder.name}/{target.name}", 303)
        if action == "link":
            with applied(settings):
                said = await run_in_threadpool(link, desk.registry, number, str(form.get("iin", "")),
                                               form.get("different") == "1")
            return await holder(request, done=say(lang, said))
    except QujatError as exc:
        return await holder(request, _problem(lang, exc), status=400)
    raise HTTPException(404)


async def journal(request: Request) -> Response:
    """``registry/journal.xlsx``: the whole journal, headings in the page's language."""
    desk: Desk = request.app.state.desk
    lang = page_language(request.url.path, request.headers.get("accept-language"))
    folder = desk.workspace.new_item(_sid(request))
    path = folder / "journal.xlsx"
    await run_in_threadpool(export_journal, desk.registry, path, lang if lang in ("kk", "ru", "en") else "ru")
    return FileResponse(path, filename=f"journal-{dt.date.today().isoformat()}.xlsx")


async def backup(request: Request) -> Response:
    """``registry/backup``: a consistent copy of a SQLite registry, to download."""
    desk: Desk = request.app.state.desk
    folder = desk.workspace.new_item(_sid(request))
    path = await run_in_threadpool(desk.registry.backup, folder / "registry-backup.sqlite3")
    return FileResponse(path, filename=f"registry-{dt.date.today().isoformat()}.sqlite3")


# verify ---------------------------------------------------------------------------------------

async def verify_page(request: Request) -> Response:
    """``verify``: a PDF or a photo dropped, or a payload pasted: the verdict the CLI and the public page give."""
    lang = _lang(request)
    if request.method == "GET":
        return _page(request, "desk/verify.html")
    desk: Desk = request.app.state.desk
    form = await _form(request)
    try:
        kept = await _kept(request, form.get("file"), CHECKABLE)
    except QujatError as exc:
        return _page(request, "desk/verify.html", 400, errors=_problem(lang, exc))
    pasted = str(form.get("payload", "")).strip()[:2048]
    target: str | Path = kept if kept is not None else (find_payload(pasted) or pasted)
    if not target:
        return _page(request, "desk/verify.html", 400,
                     errors=[say(lang, U_("Drop a PDF or a photo, or paste a code."))])
    verdict = await run_in_threadpool(verify, target, desk.registry)
    checks = await run_in_threadpool(_checks, desk.registry, verdict, lang)
    return _page(request, "desk/verify.html", checks=checks,
                 verdict_lines=[line for line in verdict_lines(verdict, lang) if line])


def _checks(registry: Registry, verdict: Verdict, lang: str) -> list[dict[str, Any]]:
    """What the page shows of a verdict: one outcome, or one per page of a document of several
    pages (as ``generate verify`` prints them; the whole document's worst status is no page's).
    A page whose printed name could not be read gets no outcome box (the public page's outcomes
    would call its genuine code "not recognised"): the check in full says what was found."""
    keys = read_keys(registry)
    offices = {k.key_id: k.name for k in keys.all}
    return [{**outcome_context(outcome_of(one, keys.own.key_id, offices), lang), "page": one.page}
            if one.status is not Status.NAME_UNCHECKED else {"page": one.page}
            for one in (verdict.pages or (verdict,))]


# the app ----------------------------------------------------------------------------------------

async def not_found(request: Request, exc: Exception) -> Response:
    lang = page_language(request.url.path, request.headers.get("accept-language"))
    return _page(request, "desk/message.html", 404, title=say(lang, U_("Not found")),
                 text=say(lang, U_("There is no such page on the desk.")))


def _session_store(config: DeskConfig, registry: Registry) -> SessionStore | None:
    """Where the desk keeps its sessions: the configured file, else beside the accounts file or a
    SQLite registry; None (sessions end with the desk) when there is no such folder."""
    path = config.sessions
    if path is None and config.accounts is not None:
        path = config.accounts.with_name(config.accounts.name.removesuffix(".accounts.json") + ".desk-sessions.json")
    if path is None and registry.path is not None:
        path = sessions_beside(registry.path)
    return SessionStore(path, SESSION_HOURS * 3600) if path is not None else None


def desk_app(config: DeskConfig, registry: Registry | None = None, workspace: Path | None = None) -> Starlette:
    """The desk as an ASGI app: opens (or is given) the registry read-write, keeps uploads in a
    temporary folder (removed when the server stops, as are runs still going: cancelled)."""
    opened = registry or Registry.open(config.registry, create=True, signing_key=config.signing_key)
    room = Workspace(workspace or Path(tempfile.mkdtemp(prefix="qujat-desk-")))
    store = _session_store(config, opened)
    accounts = Accounts(config.accounts) if config.accounts is not None else None
    gate = Gate(accounts=accounts is not None, max_body=config.max_upload + 64 * 1024, store=store,
                member=(lambda name: name in accounts.names()) if accounts is not None else None)
    folder = config.templates or (templates_beside(opened.path) if opened.path is not None else None)
    desk = Desk(config, opened, gate, room, OfficeTemplates(folder) if folder is not None else None)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        for _, run in desk.runs.values():
            run.cancel()
        for _, run in desk.runs.values():
            await run_in_threadpool(run.wait, 60)
        room.close()
        if registry is None:
            opened.close()

    lang = "{lang:str}"
    routes = [
        Route("/", root), Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/healthz", lambda request: Response("ok\n")),
        Route("/files/{item:str}/{name:str}", session_file),
        Route("/runs/{run:str}/events", run_events), Route("/runs/{run:str}/files/{kind:str}", run_file),
        Route("/registry/journal.xlsx", journal), Route("/registry/backup", backup, methods=["POST"]),
        Route(f"/{lang}/", home), Route(f"/{lang}/login", login, methods=["GET", "POST"]),
        Route(f"/{lang}/logout", logout, methods=["POST"]),
        Route(f"/{lang}/lists", lists, methods=["GET", "POST"]),
        Route(f"/{lang}/lists/{{item:str}}/proofs", proofs, methods=["POST"]),
        Route(f"/{lang}/lists/{{item:str}}/issue", issue, methods=["POST"]),
        Route(f"/{lang}/proofs/{{run:str}}", proofs_page), Route("/runs/{run:str}/proofs", proofs_drawn),
        Route(f"/{lang}/runs/{{run:str}}", run_page),
        Route(f"/{lang}/runs/{{run:str}}/cancel", cancel, methods=["POST"]),
        Route(f"/{lang}/records", records, methods=["GET", "POST"]),
        Route(f"/{lang}/records/{{item:str}}/minutes", minutes, methods=["POST"]),
        Route(f"/{lang}/templates/remove", remove_template, methods=["POST"]),
        Route(f"/{lang}/registry", registry_search),
        Route(f"/{lang}/registry/{{number:str}}", holder),
        Route(f"/{lang}/registry/{{number:str}}/{{action:str}}", registry_action, methods=["POST"]),
        Route(f"/{lang}/verify", verify_page, methods=["GET", "POST"]),
    ]
    secret = kept_secret(store.secret_path) if store is not None else config.secret
    middleware = [Middleware(SessionMiddleware, secret_key=secret, session_cookie=SESSION_COOKIE,
                             same_site="strict", https_only=False, max_age=SESSION_HOURS * 3600),
                  Middleware(DeskGate, gate=gate, refuse=refuse)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found})
    app.state.desk = desk
    return app
