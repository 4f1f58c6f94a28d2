"""Batch printing: a recipient list in; one combined PDF (or one per person) and a run sheet out."""
from __future__ import annotations

import collections
import contextlib
import datetime as dt
import functools
import glob
import itertools
import re
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qujat import stopping
from qujat.batch.partial_sheet import PartialSheet, read_run_sheet, reconcile
from qujat.batch.run_sheet import (
    FAILED,
    INTERRUPTED,
    ISSUED,
    NEW_LANGUAGE,
    PRINTED,
    REFUSED,
    REPRINTED,
    SheetRow,
    write_run_sheet,
)
from qujat.certificates.assemble import (
    DEFAULT_LANGUAGE,
    LANGUAGE,
    SCRIPT_NOTES,
    Assembled,
    Designs,
    Issuing,
    attempt,
    certificate_file_name,
)
from qujat.certificates.assemble import (
    REPRINTED as REPRINT,
)
from qujat.certificates.issuer import load_issuer
from qujat.certificates.reportlab_adapter import new_canvas
from qujat.errors import Location, OutputError, QujatError, RefusedError, RunError, UsageError
from qujat.i18n.spec import parse_language_spec
from qujat.i18n.ui import ui_translations
from qujat.lists.explain import explain
from qujat.lists.read import ListRow, RecipientList, read_list
from qujat.lists.recipients import cell_text, numbered_rows, row_recipient
from qujat.messages import M_, DecimalNumber, Message, Mn_, Number, Translations, listed, os_reason, text_of
from qujat.model import IssueSettings, Recipient
from qujat.output import INPUT_OF_RUN, Outputs, atomic_path, file_sha256, protected
from qujat.records.consistency import order_question
from qujat.settings import Settings, applied

if TYPE_CHECKING:
    from qujat.certificates.design import Design, PreparedPage

Progress = Callable[[int, "int | None"], None]


@dataclass
class BatchOptions:
    """How to print a batch; per-row award, language, date and number override these."""

    award: str | None = None
    lang: str | None = None
    date: dt.date | None = None
    place: str | None = None
    signatory: str | None = None
    #: an issuer file (organisation and signatory in each language), see qujat.certificates.issuer
    issuer: str | None = None
    occasion: str | None = None
    start: int | None = None
    rows: tuple[int, int] | None = None
    split: bool = False
    duplex: bool = False
    text_only: bool = False
    offset_mm: tuple[float, float] = (0.0, 0.0)
    strict: bool = False
    jobs: int = 1
    sheet: str | None = None
    header_row: int | None = None
    #: rows the workbook hides: "skip" or "include" (None: a list with hidden rows is refused)
    hidden_rows: str | None = None
    #: certificates per combined PDF (numbered parts); 0: one PDF; None: :data:`CHUNK_PAGES` above that
    chunk: int | None = None
    #: the language of the run sheet (its headings, statuses and reasons): the user's; None: English
    ui_lang: str | None = None


@dataclass
class BatchReport:
    """What a batch did: one run-sheet row per row, the files written, the time taken."""

    entries: list[SheetRow] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    sheets: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: int = 0  # rows outside --rows

    #: the registry was created by this run (its name), empty otherwise
    registry_created: str = ""
    replaced: list[str] = field(default_factory=list)  # split files that replaced different earlier ones

    def _count(self, status: str) -> int:
        return sum(e.status == status for e in self.entries)

    @property
    def issued(self) -> int:
        """New certificates: a new award and its number."""
        return self._count(ISSUED)

    @property
    def reprinted(self) -> int:
        """Rows whose person already held the award: the document reprinted unchanged."""
        return self._count(REPRINTED)

    @property
    def new_language(self) -> int:
        """Rows whose person held the award: a new document in this language, the same number."""
        return self._count(NEW_LANGUAGE)

    @property
    def refused(self) -> int:
        """Rows the registry refused to guess about (each reason says what settles it)."""
        return self._count(REFUSED)

    @property
    def failed(self) -> int:
        return self._count(FAILED)

    @property
    def printed(self) -> int:
        return sum(e.status in PRINTED for e in self.entries)

    @property
    def pages_per_second(self) -> float:
        return self.printed / self.seconds if self.seconds else 0.0

    @property
    def exit_code(self) -> int:
        """0 when every row was printed, 1 when some failed or were refused."""
        return 1 if self.failed or self.refused else 0

    def failures(self) -> list[str]:
        """One message per failed or refused row: «row 7: the name is empty»."""
        return [M_("row %(row)s: %(problem)s", code="batch.row-failed", row=e.row, problem=e.reason)
                for e in self.entries if e.status in (FAILED, REFUSED)]

    def summary(self) -> str:
        """One line: what the run did, counted apart."""
        line = M_("issued %(issued)s new, reprinted %(reprinted)s already awarded, %(new_language)s in another "
                  "language of an existing award, refused %(refused)s, failed %(failed)s, skipped %(skipped)s, "
                  "%(seconds)s s, %(rate)s certificates/s", code="batch.summary", issued=self.issued,
                  reprinted=self.reprinted, new_language=self.new_language, refused=self.refused, failed=self.failed,
                  skipped=self.skipped, seconds=DecimalNumber(self.seconds, 1),
                  rate=Number(round(self.pages_per_second)))
        if self.registry_created:
            return M_("%(summary)s; registry created: %(registry)s", code="batch.summary-created", summary=line,
                      registry=self.registry_created)
        return line


@dataclass
class _Row:
    """A list row with its run sheet entry, and the certificate to print unless the row failed."""

    item: ListRow
    entry: SheetRow
    certificate: Assembled | None = None


def _prepare(item: ListRow, settings: IssueSettings, designs: Designs, issuing: Issuing | None = None) -> _Row:
    """Validate one row and assemble its certificate (nothing is drawn yet); ``issuing`` (the
    registry) numbers and records it. A stop asked for (Ctrl-C) is taken here, between rows."""
    return _prepare_chunk([item], settings, designs, issuing or Issuing())[0]


#: Rows the registry issues in one transaction (read once, written together).
CHUNK_SIZE = 256


def _prepared(rows: Iterator[ListRow], settings: IssueSettings, designs: Designs, issuing: Issuing | None
              ) -> Iterator[_Row]:
    """The rows prepared as :func:`_prepare` does, a chunk at a time (one registry transaction each)."""
    chosen = issuing or Issuing()
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        yield from _prepare_chunk(chunk, settings, designs, chosen)


def _prepare_chunk(items: list[ListRow], settings: IssueSettings, designs: Designs, issuing: Issuing) -> list[_Row]:
    prepared: list[_Row] = []
    recipients: list[Recipient] = []
    readable: list[_Row] = []
    for item in items:
        stopping.check()
        values = item.values
        first_name = (next(iter(values["name"].values()), "") if isinstance(values.get("name"), dict)
                      else values.get("name"))
        entry = SheetRow(row=item.row, number="", name=str(first_name or "").strip(),
                         award=str(values.get("award") or settings.award or "").strip(),
                         language=str(values.get("language") or settings.lang or DEFAULT_LANGUAGE).replace(" ", ""),
                         date="", status="failed")
        prepared.append(_Row(item, entry))
        recipient = attempt(functools.partial(row_recipient, item, settings.date))
        if isinstance(recipient, Exception):
            _failed(entry, recipient)
        else:
            recipients.append(recipient)
            readable.append(prepared[-1])
    for row, certificate in zip(readable, issuing.issue_all(recipients, settings, designs)):
        if isinstance(certificate, Exception):
            _failed(row.entry, certificate)
            continue
        entry = row.entry
        entry.number, entry.name = certificate.number, certificate.printed_name
        entry.language, entry.date = certificate.spec.code, certificate.certificate.date.isoformat()
        entry.award = certificate.award
        entry.status = {REPRINT: REPRINTED, LANGUAGE: NEW_LANGUAGE}.get(certificate.outcome, ISSUED)
        entry.reason = certificate.note
        row.certificate = certificate
    return prepared


def _failed(entry: SheetRow, exc: Exception) -> None:
    """The row's entry says why it failed (refused, for a row the registry will not guess about)."""
    if isinstance(exc, RefusedError):
        entry.status, entry.reason = REFUSED, exc.problems[0][1]
    elif isinstance(exc, QujatError):
        entry.reason = exc.problems[0][1]
    else:
        entry.reason = text_of(exc).splitlines()[0] if not isinstance(text_of(exc), Message) else text_of(exc)


def _sliced(rows: Iterator[ListRow], span: tuple[int, int] | None, report: BatchReport | None = None
            ) -> Iterator[ListRow]:
    """Rows FROM..TO (1-based positions in the list, inclusive); the others are counted as skipped."""
    for item in rows:
        if span is None or span[0] <= item.index + 1 <= span[1]:
            yield item
        elif report is not None:
            report.skipped += 1


def _output_stem(source: str, opts: BatchOptions) -> str:
    stem = Path(source).stem
    if opts.rows:
        stem += f".rows-{opts.rows[0]}-{opts.rows[1]}"
    return stem


#: Certificates a combined PDF holds at most unless ``--chunk`` says otherwise: a longer list goes
#: into numbered parts (``<list>.part-01.pdf`` …), so that the memory a batch takes stays bounded
#: (reportlab holds every page of a file until it is saved; 10,000 pages took 241 MB).
CHUNK_PAGES = 5_000


def chunk_size(opts: BatchOptions, total: int | None) -> int | None:
    """Certificates per combined PDF: ``opts.chunk`` (0: one PDF whatever the size), else
    :data:`CHUNK_PAGES` for a list longer than that; None for one PDF."""
    if opts.chunk is not None:
        return opts.chunk or None
    return CHUNK_PAGES if total is not None and total > CHUNK_PAGES else None


def part_names(stem: str, total: int | None, chunk: int | None) -> Callable[[int], str]:
    """The name of the combined PDF's ``n``-th part (from 1): ``<stem>.pdf`` when there are no
    parts, else ``<stem>.part-01.pdf`` …, numbered to the width of the most parts there can be."""
    if chunk is None:
        return lambda n: f"{stem}.pdf"
    width = max(2, len(str(-(-(total or 1) // chunk))))
    return lambda n: f"{stem}.part-{n:0{width}d}.pdf"


@dataclass
class _Part:
    """One combined PDF: its certificates, for the registry to confirm once the file is in place,
    and while it is drawn, its temporary file (staged in the run's outputs) and canvas."""

    target: Path
    tmp: Path
    staging: contextlib.ExitStack
    canvas: Any = None
    pages: int = 0
    made: list[Assembled] = field(default_factory=list)
    entries: list[SheetRow] = field(default_factory=list)
    digest: str = ""


@dataclass
class _Landing:
    """The combined PDF's parts, for the registry to confirm once they are in place."""

    parts: list[_Part] = field(default_factory=list)


def _print_combined(prepared: Iterable[_Row], out: Path, stem: str, opts: BatchOptions, report: BatchReport,
                    progress: Progress | None, total: int | None, landing: _Landing,
                    outputs: Outputs) -> None:
    """All issued rows into one PDF, or parts of :func:`chunk_size` certificates each, page by
    page, staged in ``outputs`` (moved into place with the run sheet, once all are complete; only
    then does the registry hear of the files); each part is saved as soon as it is full, so only
    one part's pages are held at a time."""
    chunk = chunk_size(opts, total)
    name = part_names(stem, total, chunk)
    done = 0
    part: _Part | None = None
    with contextlib.ExitStack() as parts:
        for row in prepared:
            report.entries.append(row.entry)
            done += 1
            if row.certificate is not None:
                if part is not None and chunk is not None and len(part.entries) >= chunk:
                    _saved(part)
                    part = None
                if part is None:
                    target = out / name(len(landing.parts) + 1)
                    staging = parts.enter_context(contextlib.ExitStack())
                    part = _Part(target, staging.enter_context(outputs.path(target)), staging)
                    landing.parts.append(part)
                design = row.certificate.design
                if part.canvas is None:  # drawn into a file of the run's own, closed whatever happens
                    part.canvas = new_canvas(part.staging.enter_context(open(part.tmp, "wb")), design, design.title)
                design.draw(part.canvas, row.certificate.page, text_only=opts.text_only, offset_mm=opts.offset_mm)
                part.pages += 1
                row.entry.file, row.entry.page = part.target.name, part.pages
                part.entries.append(row.entry)
                part.made.append(row.certificate)  # the registry confirms them once the file lands
                if opts.duplex:
                    part.canvas.showPage()  # a blank back, so each certificate starts a sheet
                    part.pages += 1
            if progress:
                progress(done, total)
        if part is None:
            raise _NothingIssued()
        _saved(part)
    report.outputs.extend(made.target for made in landing.parts)


def _saved(part: _Part) -> None:
    """Save a part's PDF (its pages are let go) and give its rows its SHA-256."""
    part.canvas.save()
    part.canvas = None
    part.staging.close()  # the file closed and staged now, so the parts move into place in order
    part.digest = file_sha256(part.tmp)
    for entry in part.entries:
        if entry.status in PRINTED:
            entry.sha256 = part.digest


class _NothingIssued(Exception):
    pass


@dataclass(frozen=True)
class _Job:
    """One file of --split --jobs N for a worker: the list row to prepare there, or (the registry
    numbered it here) the prepared page of the batch's design for ``award`` and ``language``."""

    index: int
    name: str
    item: ListRow | None = None
    entry: SheetRow | None = None
    award: str = ""
    language: str = ""
    page: PreparedPage | None = None


_Share = tuple[list[_Job], BatchOptions, IssueSettings, Path, PartialSheet]
#: Rows a worker of --split --jobs N is given at a time (the parent hears back after each share).
SHARE_SIZE = 16
_worker_designs: list[tuple[IssueSettings, Designs]] = []


#: What a worker says of each file it wrote: the row's index, its file, page and SHA-256, and
#: whether it replaced a different file of the same name (an earlier run's).
_Written = tuple[int, str, int | None, str, bool]


def _split_worker(share: _Share) -> list[_Written]:
    """Render a share of the rows into their own files (runs in a worker process); each file's
    run-sheet row goes into the partial sheet as soon as the file is in place."""
    jobs, opts, settings, folder, partial = share
    if not _worker_designs or _worker_designs[0][0] != settings:
        _worker_designs[:] = [(settings, Designs(settings))]  # built once per worker process
    designs = _worker_designs[0][1]
    written: list[_Written] = []
    _drawing.append(True)
    try:
        for job in jobs:
            _stop_if_asked()
            if job.page is not None and job.entry is not None:
                entry, design = job.entry, designs.design(job.award, parse_language_spec(job.language))
                page = job.page
            else:
                assert job.item is not None
                row = _prepare(job.item, settings, designs)
                assert row.certificate is not None
                entry, design, page = row.entry, row.certificate.design, row.certificate.page
            replaced = _write_split(entry, design, page, folder, job.name, opts, partial)
            written.append((job.index, entry.file, entry.page, entry.sha256, replaced))
    finally:
        _drawing.clear()
    _stop_if_asked()  # asked while the share's last file was drawn
    return written


#: In a worker: whether it is drawing a share (then a stop waits for the file being drawn), and
#: the stop signal it was sent.
_drawing: list[bool] = []
_stop_asked: list[int] = []


def _worker_started() -> None:
    """In a worker of ``--jobs N``: the pool's end (SIGTERM, when a share failed or the run was
    stopped) ends the worker. The command's own handler, inherited by the fork, stops only
    between rows of qujat's code: a worker waiting in the pool's queue would never stop, and the
    pool's end would wait for it for ever."""
    signal.signal(signal.SIGTERM, _worker_stopped)


def _worker_stopped(signum: int, frame: object) -> None:
    """SIGTERM in a worker. Waiting in the pool's queue, it exits at once. Drawing a share, it
    stops before the share's next file (:func:`_stop_if_asked`), the file in hand whole and no
    temporary file left. An exception raised here, in the middle of a library's drawing, can be
    caught there and lost: about 1 run in 15 of a Ctrl-C'd ``--split --jobs 2`` beside a busy
    loop left a worker with its SIGTERM spent, waiting in the pool's queue for ever, and the run
    with it."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the clean-up is not cut short
    if _drawing:
        _stop_asked.append(signum)
        return
    raise SystemExit(128 + signum)


def _stop_if_asked() -> None:
    """In a worker drawing a share: stop here (in qujat's own code) if the pool's end asked."""
    if _stop_asked:
        raise SystemExit(128 + _stop_asked[0])


def _split_name(row: _Row, taken: set[str]) -> str:
    assert row.certificate is not None
    return certificate_file_name(row.certificate.number, row.certificate.printed_name, row.certificate.spec, taken)


def _write_split(entry: SheetRow, design: Design, page: PreparedPage, folder: Path, name: str, opts: BatchOptions,
                 partial: PartialSheet, confirm: Callable[[str, str], None] | None = None) -> bool:
    """``page`` into its own file ``folder/name``; its row into the partial sheet, and ``confirm(file,
    sha256)`` (the registry) once it is in place. Returns whether it replaced a different file of
    the same name (an earlier run's)."""
    target, written, digest = folder / name, f"{folder.name}/{name}", ""
    entry.file = written  # where it goes: the run sheet of a run that stops knows where to look
    before = file_sha256(target) if target.is_file() and not target.is_symlink() else ""
    try:
        with atomic_path(target) as tmp, open(tmp, "wb") as fh:
            canvas = new_canvas(fh, design, page.title)
            design.draw(canvas, page, text_only=opts.text_only, offset_mm=opts.offset_mm)
            if opts.duplex:
                canvas.showPage()
            canvas.save()
            fh.close()
            digest = file_sha256(tmp)
        entry.file, entry.page, entry.sha256 = written, 1, digest
        partial.append(entry)
        if confirm is not None:
            confirm(str(target), digest)
    except KeyboardInterrupt:
        # Ctrl-C may come after the rename, before the lines above record it: a file in place is
        # whole, and the run sheet (and the registry) must list it
        if digest and target.is_file() and file_sha256(target) == digest:
            if not entry.sha256:
                entry.file, entry.page, entry.sha256 = written, 1, digest
                partial.append(entry)
            if confirm is not None:
                confirm(str(target), digest)
        raise
    return bool(before) and before != digest


def _confirmer(issuing: Issuing | None, row: _Row) -> Callable[[str, str], None] | None:
    """What tells the registry that ``row``'s file landed."""
    if issuing is None:
        return None
    assert row.certificate is not None
    return functools.partial(issuing.confirm, [row.certificate])


def _check_options(opts: BatchOptions) -> None:
    """Usage errors before anything is read or written: an unknown --lang or --award."""

    if opts.lang:
        parse_language_spec(opts.lang)
    if opts.award:
        try:
            Designs(IssueSettings()).definition(opts.award)
        except QujatError as exc:
            raise UsageError(M_("--award: %(problem)s", code="batch.award", problem=exc.problems[0][1])) from None


def _problems(listing: RecipientList, settings: IssueSettings, designs: Designs,
              span: tuple[int, int] | None, issuing: Issuing | None = None, awarded: list[str] | None = None,
              notes: list[str] | None = None) -> list[str]:
    """Every row that would fail or be refused, with its reason; nothing is drawn or recorded.
    With a recording ``issuing``, who is already awarded goes into ``awarded``; a name printed in
    the other script than its certificate's language into ``notes``."""
    problems: list[str] = []
    planner = issuing if issuing is not None and issuing.records else None
    for item in _sliced(numbered_rows(listing.rows, settings.award, designs.series), span):
        row = _prepare(item, settings, designs)
        where = _where(listing, row.entry.row)
        if row.certificate is None:
            problems.append(M_("%(where)s: %(problem)s", code="located", where=where, problem=row.entry.reason))
            continue
        if notes is not None and _is_script_note(row.certificate.note):
            notes.append(M_("%(file)s: %(problem)s", file=listing.source, problem=M_(
                "%(where)s: %(problem)s", code="located", where=where, problem=row.certificate.note)))
        if planner is None:
            continue
        try:
            plan = planner.plan(row_recipient(item, settings.date), settings, designs, assembled=True)
        except QujatError as exc:
            problems.append(M_("%(where)s: %(problem)s", code="located", where=where, problem=exc.problems[0][1]))
            continue
        if plan.note and awarded is not None:
            awarded.append(M_("%(where)s: %(name)s: %(note)s", code="check.awarded", where=where,
                              name=row.entry.name, note=plan.note))
    return problems


def _screen(listing: RecipientList, settings: IssueSettings, designs: Designs, issuing: Issuing | None) -> None:
    """Let a recording ``issuing`` see the whole list first (two namesakes without ИИН in it are
    refused, both of them); only the rows' cells are read."""
    if issuing is None or not issuing.records:
        return
    recipients: list[Recipient] = []
    for item in listing.rows:
        try:
            recipients.append(row_recipient(item, settings.date))
        except (QujatError, ValueError):
            continue
    issuing.screen(recipients, settings, designs)


@dataclass
class ListCheck:
    """What ``generate batch LIST --check`` reports: how the list was read, and every problem."""

    understood: list[str]
    rows: int
    problems: list[str]
    warnings: list[str]
    #: rows whose person already holds the award (number and date), or another language of it
    awarded: list[str] = field(default_factory=list)


def check_list(source: str | Path, *, award: str | None = None, lang: str | None = None,
               date: dt.date | None = None, place: str | None = None, signatory: str | None = None,
               issuer: str | None = None, occasion: str | None = None, start: int | None = None,
               rows: tuple[int, int] | None = None, sheet: str | None = None, header_row: int | None = None,
               hidden_rows: str | None = None, issuing: Issuing | None = None,
               settings: Settings | None = None) -> ListCheck:
    """Read a list as :func:`run_batch` would, and check every row (texts rendered, fonts and
    fitting checked), writing nothing. The options are :func:`run_batch`'s; with a recording
    ``issuing`` (the award registry) also who is already awarded (number and date) and every
    row it would refuse, without writing to it."""
    with applied(settings):
        return _check(source, BatchOptions(award=award, lang=lang, date=date, place=place, signatory=signatory,
                                           issuer=issuer, occasion=occasion, start=start, rows=rows, sheet=sheet,
                                           header_row=header_row, hidden_rows=hidden_rows), issuing)


def _check(source: str | Path, opts: BatchOptions, issuing: Issuing | None) -> ListCheck:
    _check_options(opts)
    listing = read_list(source, sheet=opts.sheet, header_row=opts.header_row, hidden_rows=opts.hidden_rows)
    settings = batch_settings(listing.settings, opts)
    understood = explain(listing)
    try:
        warnings = _list_warnings(listing, settings)
    except QujatError as exc:
        return ListCheck(understood, listing.total or 0, [exc.problems[0][1]], [])
    designs = Designs(settings)
    _screen(listing, settings, designs, issuing)
    awarded: list[str] = []
    notes: list[str] = []
    problems = _problems(listing, settings, designs, opts.rows, issuing, awarded, notes)
    return ListCheck(understood, listing.total or 0, problems, warnings + notes, awarded)


def _where(listing: RecipientList, row: int) -> Message:
    """«row 7» of a spreadsheet, «line 7» of a text list."""
    return (M_("line %(row)s", code="where.line", row=row) if listing.row_label == "line" else
            M_("row %(row)s", code="where.row", row=row))


#: How many rows :func:`_script_notes` names one by one.
SHOWN_NOTES = 5


def _is_script_note(note: str) -> bool:
    return getattr(note, "code", "") in SCRIPT_NOTES


def _script_notes(entries: list[SheetRow], listing: RecipientList) -> list[str]:
    """The rows printed with a name in the other script than their certificate's language, the
    first few one by one, then how many more (the run sheet's reason column has every one)."""
    noted = [entry for entry in entries if entry.status in PRINTED and _is_script_note(entry.reason)]
    lines: list[str] = []
    for entry in noted[:SHOWN_NOTES]:
        lines.append(M_("%(file)s: %(problem)s", file=listing.source, problem=M_(
            "%(where)s: %(problem)s", code="located", where=_where(listing, entry.row), problem=entry.reason)))
    if len(noted) > SHOWN_NOTES:
        lines.append(Mn_("%(num)s more row the same: see the «reason» column of the run sheet",
                         "%(num)s more rows the same: see the «reason» column of the run sheet",
                         len(noted) - SHOWN_NOTES, code="batch.more-script-notes"))
    return lines


def _list_warnings(listing: RecipientList, settings: IssueSettings) -> list[str]:
    """What the whole list lacks: an award (an error), a date (certificates dated today)."""

    if "award" not in listing.columns and not settings.award:
        raise UsageError(M_("the list has no award column and no --award was given: give --award "
                            "(jubilee-medal, federation-badge …) or a column «Марапат» / «Награда» / «Award»",
                            code="batch.no-award"), Location(listing.source))
    warnings: list[str] = []
    if listing.unknown_columns:
        warnings.append(M_("%(file)s: columns not used: %(columns)s", code="check.columns-not-used",
                           file=listing.source, columns=", ".join(listing.unknown_columns)))
    if "date" not in listing.columns and settings.date is None:
        warnings.append(M_("%(file)s: the list has no date column and no --date was given: the certificates are "
                           "dated today, %(today)s", code="check.dated-today", file=listing.source,
                           today=dt.date.today().strftime("%d.%m.%Y")))
    for text in (settings.signatory or {}).values():
        question = order_question(text, settings.lang or settings.own_language or "kk")
        if question:
            warnings.append(M_("%(file)s: the signatory: %(question)s", code="check.signatory-order",
                               file=listing.source, question=question))
    return warnings


def batch_settings(defaults: IssueSettings, opts: BatchOptions) -> IssueSettings:
    """The list's own settings (a record's date, city, chair ...) under the command's options
    (an issuer file first, then the single options)."""
    if opts.issuer:

        defaults = load_issuer(opts.issuer).settings(defaults)
    return defaults.overridden(award=opts.award, lang=opts.lang, date=opts.date, place=cell_text(opts.place),
                               occasion=cell_text(opts.occasion), signatory=cell_text(opts.signatory),
                               start=opts.start)


def run_batch(source: str | Path, out_dir: str | Path = "output", *, award: str | None = None,
                lang: str | None = None, date: dt.date | None = None, place: str | None = None,
                signatory: str | None = None, issuer: str | None = None, occasion: str | None = None,
                start: int | None = None, rows: tuple[int, int] | None = None, split: bool = False,
                duplex: bool = False, text_only: bool = False, offset_mm: tuple[float, float] = (0.0, 0.0),
                strict: bool = False, jobs: int = 1, sheet: str | None = None, header_row: int | None = None,
                hidden_rows: str | None = None, chunk: int | None = None, ui_lang: str | None = None,
                progress: Progress | None = None, issuing: Issuing | None = None,
                settings: Settings | None = None) -> BatchReport:
    """Print certificates for every row of a recipient list (XLSX, XLS, ODS, CSV or YAML).

    Writes ``<out_dir>/<list>.pdf`` (one page per certificate, in list order) or, with
    ``split=True``, ``<out_dir>/<list>/<number> <name>.<lang>.pdf`` per person (``jobs``
    processes), and the run sheet ``<out_dir>/<list>.run-sheet.csv`` and ``.xlsx``.

    ``award``, ``lang``, ``date``, ``place``, ``occasion`` and ``signatory`` are for rows that
    give none; ``issuer`` an issuer file; ``start`` the first number; ``rows`` a ``(first, last)``
    slice numbered as in the full list; ``duplex`` a blank back after each page; ``text_only``
    and ``offset_mm`` the personal texts for pre-printed blanks; ``sheet`` and ``header_row``
    where a workbook's list is, ``hidden_rows`` ("skip" or "include") what to do with rows it
    hides (without it a list with hidden rows is refused); ``chunk`` the certificates per combined
    PDF, written as numbered parts ``<list>.part-01.pdf`` … (default: parts of :data:`CHUNK_PAGES`
    for a longer list; 0: one PDF whatever its size); ``ui_lang`` the language of the run sheet's
    headings, statuses and reasons (the user's: kk, ru, en, kk-Latn; English by default).
    ``progress(done, total)`` is called as pages are made;
    ``issuing`` (the award registry) numbers and records each certificate (then ``jobs`` draws in
    this process). A bad row is reported and skipped; the report's ``exit_code`` is 1 when any
    row failed. Raises :class:`QujatError` when the list is unusable, or with ``strict=True``
    when any row is bad (then nothing is written).

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> report = run_batch("records/awards-sample.csv", out, award="federation-badge", lang="kk", rows=(1, 2))
    >>> report.issued, [path.name for path in report.sheets]
    (2, ['awards-sample.rows-1-2.run-sheet.csv', 'awards-sample.rows-1-2.run-sheet.xlsx'])
    """
    opts = BatchOptions(award=award, lang=lang, date=date, place=place, signatory=signatory, issuer=issuer,
                        occasion=occasion, start=start, rows=rows, split=split, duplex=duplex, text_only=text_only,
                        offset_mm=offset_mm, strict=strict, jobs=jobs, sheet=sheet, header_row=header_row,
                        hidden_rows=hidden_rows, chunk=chunk, ui_lang=ui_lang)
    with applied(settings), protected([source, *([issuer] if issuer else [])], INPUT_OF_RUN):
        return _print(source, Path(out_dir), opts, progress, issuing)


def _print(source: str | Path, out: Path, opts: BatchOptions, progress: Progress | None,
           issuing: Issuing | None) -> BatchReport:
    started = time.perf_counter()
    _check_options(opts)
    listing = read_list(source, sheet=opts.sheet, header_row=opts.header_row, hidden_rows=opts.hidden_rows)
    stem = _output_stem(listing.source, opts)
    settings = batch_settings(listing.settings, opts)
    report = BatchReport(warnings=_list_warnings(listing, settings))
    translations = ui_translations(opts.ui_lang) if opts.ui_lang else None
    designs = Designs(settings)
    total = listing.total
    if opts.rows:
        total = max(0, min(opts.rows[1], total or opts.rows[1]) - opts.rows[0] + 1)

    _screen(listing, settings, designs, issuing)
    if opts.strict:
        bad = _problems(listing, settings, designs, opts.rows, issuing)
        if bad:
            raise QujatError(bad[0], problems=[(Location(listing.source), b) for b in bad])

    if issuing is not None:
        issuing.prepare()  # a registry that cannot be used stops the run before any file is touched
    rows = _sliced(numbered_rows(listing.rows, settings.award, designs.series), opts.rows, report)
    partial, kept = PartialSheet(out, stem), []
    if opts.split:  # the run sheet of the folder so far goes into the partial sheet, then this run's files
        kept = reconcile(out, stem, translations)
        partial.start(kept)
        for suffix in (".csv", ".xlsx"):
            (out / f"{stem}.run-sheet{suffix}").unlink(missing_ok=True)
    landing = _Landing()
    with Outputs() as outputs:  # the combined PDF and the run sheet move into place together
        try:
            _produce(rows, opts, settings, designs, out, stem, report, progress, total, issuing, outputs, partial,
                     landing)
        except BaseException as exc:
            if issuing is not None:  # reserved and never landed: given back (a kill leaves them reserved)
                _abandon(issuing)
            if isinstance(exc, KeyboardInterrupt):
                if opts.split:
                    _split_run_sheet(out, stem, report, kept, translations, INTERRUPTED,
                                     M_("not written: the batch was interrupted", code="batch.interrupted"))
                # a combined PDF is moved into place only with its run sheet: the old ones stand
                raise
            if opts.split and isinstance(exc, (QujatError, OSError)):
                # the files in place stay, whole: the run sheet says which they are
                raise _split_stopped(out, stem, report, kept, translations, total, exc) from None
            raise
        try:
            report.sheets = write_run_sheet(_with_kept(kept, report.entries), out / f"{stem}.run-sheet", outputs,
                                            translations)
            report.warnings += _script_notes(report.entries, listing)
            report.warnings += _replacing(outputs, out, stem, issuing)
            if not opts.split:
                report.warnings += _left_from_earlier(out, stem, report.outputs)
            if report.replaced:
                shown = ", ".join(f"«{Path(name).name}»" for name in report.replaced[:3])
                report.warnings.append(_keep_both(Mn_(
                    "%(num)s file in %(folder)s replaces a different one of an earlier run (%(files)s)",
                    "%(num)s files in %(folder)s replace different ones of an earlier run (%(files)s)",
                    len(report.replaced), code="batch.split-replaced", folder=str(out / stem),
                    files=shown + (" …" if len(report.replaced) > 3 else "")), issuing))
            outputs.commit()
        except BaseException:
            if issuing is not None:
                for part in landing.parts:
                    if _landed(part):  # in place (the run sheet's rename failed, or Ctrl-C came after)
                        issuing.confirm(part.made, str(part.target), part.digest)
                _abandon(issuing)
            raise
    if issuing is not None:
        for part in landing.parts:
            issuing.confirm(part.made, str(part.target), part.digest)
    partial.close()
    report.seconds = time.perf_counter() - started
    return report


class BatchStopped(QujatError):
    """A ``--split`` batch stopped part way (a full disk, a file that could not be written, a
    registry gone away): the files already in place are whole and kept, and the run sheet lists
    them; exit status 1, as for rows that failed, or the registry's own (75 for one away for now)."""

    exit_code = 1

    def __init__(self, message: str, location: Location, report: BatchReport, exit_code: int = 1) -> None:
        super().__init__(message, location)
        self.report = report
        self.exit_code = exit_code


def _split_run_sheet(out: Path, stem: str, report: BatchReport, kept: list[SheetRow],
                     translations: Translations | None, status: str, reason: str) -> None:
    """The run sheet of a split run that did not finish, made from its partial sheet: the files in
    place are whole, and the partial sheet lists them (workers' too); the rows not written are
    marked ``status`` with ``reason``; ``kept`` are the earlier runs' rows the run began with."""
    found = reconcile(out, stem, translations)
    listed = {e.file: e for e in found}
    earlier = {e.file: e.sha256 for e in kept}
    for entry in report.entries:
        if entry.status not in PRINTED or entry.sha256:
            continue
        target = out / entry.file if entry.file else None
        row = listed.get(entry.file)
        if row is not None and earlier.get(entry.file) != row.sha256:
            # a worker's file: in the partial sheet before the parent heard of it
            entry.sha256, entry.page = row.sha256, row.page
        elif target is not None and target.is_file() and not target.is_symlink() and entry.file not in earlier:
            # renamed into place, its partial line not yet written (a worker ended meanwhile): whole
            entry.sha256, entry.page = file_sha256(target), 1
        else:  # not written: an earlier run's file of that name, if any, stays as its row says
            entry.status, entry.file, entry.page, entry.reason = status, "", None, reason
    mine = {e.file for e in report.entries if e.file}
    earlier_rows = [e for e in found if e.file not in mine]
    wrote = any(e.status in PRINTED and e.sha256 for e in report.entries)
    # a run that wrote nothing leaves the folder as it was: the run sheet as the earlier runs left it
    write_run_sheet(earlier_rows + report.entries if wrote or status == INTERRUPTED else earlier_rows,
                    out / f"{stem}.run-sheet", translations=translations)


def _split_stopped(out: Path, stem: str, report: BatchReport, kept: list[SheetRow],
                   translations: Translations | None, total: int | None, error: QujatError | OSError) -> QujatError:
    """What a split run that a write failure stopped says: the error itself when it wrote nothing
    (exit 2: the folder is as it was), else :class:`BatchStopped` (exit 1) saying how many files
    it wrote and where they are listed."""
    if isinstance(error, QujatError):
        where, message = error.problems[0]
    else:
        where = Location(error.filename and str(error.filename))
        message = M_("cannot write: %(reason)s", code="output.cannot-write", reason=os_reason(error))
    sheet = out / f"{stem}.run-sheet.csv"
    try:
        _split_run_sheet(out, stem, report, kept, translations, FAILED,
                         M_("not written: %(reason)s", code="batch.not-written", reason=message))
        listing = str(sheet)
    except (QujatError, OSError):  # the disk is still full: the partial sheet, synced, tells the truth
        listing = str(PartialSheet(out, stem).path)
    written = sum(1 for e in report.entries if e.status in PRINTED and e.sha256)
    if written == 0 and isinstance(error, QujatError):
        return error
    registry = isinstance(error, RunError)  # the registry: its own status (75: away for now), its own advice
    return BatchStopped(_stopped_after(message, written, total, listing, registry), where, report,
                        error.exit_code if isinstance(error, RunError) else 1)


def _stopped_after(problem: str, written: int, total: int | None, listing: str, registry: bool) -> Message:
    """What a split run that stopped part way says: the problem, how many certificates it wrote
    (of how many) and where they are listed; ``registry``: the registry's problem, which says
    what to do itself (else: make room)."""
    values = {"problem": problem, "written": Number(written), "listed": listing}
    if registry and total:
        return Mn_("%(problem)s; the batch stopped after writing %(written)s of %(num)s certificate, listed in "
                   "%(listed)s (the files written are kept)",
                   "%(problem)s; the batch stopped after writing %(written)s of %(num)s certificates, listed in "
                   "%(listed)s (the files written are kept)", Number(total), code="batch.stopped-registry", **values)
    if registry:
        return Mn_("%(problem)s; the batch stopped after writing %(num)s certificate, listed in %(listed)s (the files "
                   "written are kept)",
                   "%(problem)s; the batch stopped after writing %(num)s certificates, listed in %(listed)s (the "
                   "files written are kept)", Number(written), code="batch.stopped-registry-count", **values)
    if total:
        return Mn_("%(problem)s; the batch stopped after writing %(written)s of %(num)s certificate, listed in "
                   "%(listed)s: make room and run it again (the files written are kept)",
                   "%(problem)s; the batch stopped after writing %(written)s of %(num)s certificates, listed in "
                   "%(listed)s: make room and run it again (the files written are kept)", Number(total),
                   code="batch.stopped", **values)
    return Mn_("%(problem)s; the batch stopped after writing %(num)s certificate, listed in %(listed)s: make room "
               "and run it again (the files written are kept)",
               "%(problem)s; the batch stopped after writing %(num)s certificates, listed in %(listed)s: make room "
               "and run it again (the files written are kept)", Number(written), code="batch.stopped-count",
               **values)


def _keep_both(line: str, issuing: Issuing | None) -> Message:
    """A warning that this run's files replace an earlier run's: ``line``, what the registry still
    holds, and how to keep both."""
    if issuing is not None and issuing.records:
        return M_("%(line)s; the registry still holds the certificates they carried; give -o another folder to keep "
                  "both", code="batch.replaced-recorded", line=line)
    return M_("%(line)s; give -o another folder to keep both", code="batch.replaced", line=line)


def _replacing(outputs: Outputs, out: Path, stem: str, issuing: Issuing | None) -> list[str]:
    """One line when this run's PDFs replace an earlier run's that differ from them (another list
    of the same name, into the same folder): which files, and what the earlier run sheet listed."""
    replaced = [path for path in outputs.replacing() if path.suffix == ".pdf"]
    if not replaced:
        return []
    earlier = [e for e in read_run_sheet(out / f"{stem}.run-sheet.csv") if e.status in PRINTED and e.number]
    numbers = sorted({e.number for e in earlier})
    span = f"{numbers[0]} … {numbers[-1]}" if len(numbers) > 1 else numbers[0] if len(earlier) == 1 else ""
    files = ", ".join(str(path) for path in replaced[:3]) + (" …" if len(replaced) > 3 else "")
    if not earlier:
        line = Mn_("%(files)s and its run sheet replace those of an earlier run, which differ",
                   "%(files)s and their run sheet replace those of an earlier run, which differ", len(replaced),
                   code="batch.replaced-files", files=files)
    else:
        certificates = Mn_("%(num)s certificate", "%(num)s certificates", len(earlier), code="batch.certificates")
        line = Mn_("%(files)s and its run sheet replace those of an earlier run (%(earlier)s), which differ",
                   "%(files)s and their run sheet replace those of an earlier run (%(earlier)s), which differ",
                   len(replaced), code="batch.replaced-files-of", files=files,
                   earlier=listed([certificates, span]) if span else certificates)
    return [_keep_both(line, issuing)]


def _left_from_earlier(out: Path, stem: str, written: list[Path]) -> list[str]:
    """One line naming the combined PDFs of the list in the folder that this run did not write (an
    earlier run's one PDF now in parts, or a part beyond this run's last): the new run sheet does
    not list them."""
    mine = {path.name for path in written}
    try:
        others = sorted(p.name for p in out.glob(f"{glob.escape(stem)}*.pdf")
                        if p.name not in mine and (p.name == f"{stem}.pdf" or _PART.fullmatch(p.name[len(stem):])))
    except OSError:
        return []
    if not others or not mine:
        return []
    return [Mn_("%(files)s in %(folder)s is left from an earlier run and not in this run sheet; remove or move it "
                "before printing",
                "%(files)s in %(folder)s are left from an earlier run and not in this run sheet; remove or move them "
                "before printing", len(others), code="batch.left-from-earlier", files=", ".join(others),
                folder=str(out))]


_PART = re.compile(r"\.part-\d+\.pdf")


def _with_kept(kept: list[SheetRow], entries: list[SheetRow]) -> list[SheetRow]:
    """The run sheet of the folder: earlier runs' rows whose files this run did not replace, then
    this run's rows."""
    replaced = {entry.file for entry in entries if entry.file}
    return [entry for entry in kept if entry.file not in replaced] + entries


def _landed(part: _Part) -> bool:
    """Whether a combined PDF is in place under its name, as this run wrote it."""
    return bool(part.digest) and part.target.is_file() and file_sha256(part.target) == part.digest


def _abandon(issuing: Issuing) -> None:
    """Give back what a failed run reserved; a registry that cannot be reached now keeps them
    reserved (never issued), for the next run to take."""
    with contextlib.suppress(Exception):  # the run's own error is the one to report
        issuing.abandon()


def _produce(rows: Iterator[ListRow], opts: BatchOptions, settings: IssueSettings, designs: Designs, out: Path,
             stem: str, report: BatchReport, progress: Progress | None, total: int | None,
             issuing: Issuing | None, outputs: Outputs, partial: PartialSheet, landing: _Landing) -> None:
    """Render the rows into the combined PDF or the split files, filling the report's entries."""
    if opts.split and (out / stem).is_symlink():

        raise OutputError(M_("is a link to another folder; qujat writes the files of --split only into a real folder "
                             "inside the output folder: remove the link", code="output.link"),
                          Location(str(out / stem)))
    if opts.split and opts.jobs > 1:
        _split_parallel(rows, opts, settings, designs, out / stem, report, progress, total, partial, issuing)
        return
    prepared = _prepared(rows, settings, designs, issuing)
    if opts.split:
        folder = out / stem
        taken: set[str] = set()
        for done, row in enumerate(prepared, start=1):
            report.entries.append(row.entry)
            if row.certificate is not None and _write_split(row.entry, row.certificate.design, row.certificate.page,
                                                            folder, _split_name(row, taken), opts, partial,
                                                            _confirmer(issuing, row)):
                report.replaced.append(row.entry.file)
            if progress:
                progress(done, total)
        report.outputs.append(folder)
        return
    with contextlib.suppress(_NothingIssued):  # no row could be issued: no PDF, only the run sheet
        _print_combined(prepared, out, stem, opts, report, progress, total, landing, outputs)


def _split_parallel(rows: Iterator[ListRow], opts: BatchOptions, settings: IssueSettings, designs: Designs,
                    folder: Path, report: BatchReport, progress: Progress | None, total: int | None,
                    partial: PartialSheet, issuing: Issuing | None) -> None:
    """--split with --jobs N: rows checked and named here in list order (so the files are the
    same whatever N is), then drawn and written by N processes in contiguous shares. With a
    registry, the rows are numbered and recorded here a chunk at a time while the workers draw
    the pages of earlier chunks; each file is confirmed here once a worker says it is in place."""
    import multiprocessing

    jobs = max(1, opts.jobs)
    shares = _shares(rows, opts, settings, designs, folder, report, partial, issuing)
    waiting: collections.deque[tuple[Any, list[tuple[_Row, str]]]] = collections.deque()
    done = 0

    def heard(written: list[_Written], drawn: list[tuple[_Row, str]]) -> None:
        """A share's files are in place: the run sheet's rows say so, and the registry, in one transaction."""
        nonlocal done
        landed = []
        for (_, file, page, digest, replaced), (row, name) in zip(written, drawn):
            row.entry.file, row.entry.page, row.entry.sha256 = file, page, digest
            if replaced:
                report.replaced.append(file)
            if row.certificate is not None:
                landed.append(([row.certificate], str(folder / name), digest))
        if issuing is not None:
            issuing.confirm_files(landed)
        done += len(written)

    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_started)
    try:
        for share, drawn, skipped in shares:
            done += skipped
            if share is not None:
                waiting.append((pool.apply_async(_split_worker, (share,)), drawn))
            while waiting and (len(waiting) > 2 * jobs or waiting[0][0].ready()):
                heard(_result(waiting[0][0]), waiting.popleft()[1])
            if progress:
                progress(done, total)
        while waiting:
            heard(_result(waiting[0][0]), waiting.popleft()[1])
            if progress:
                progress(done, total)
        pool.close()
    except BaseException:
        pool.terminate()
        pool.join()
        with contextlib.suppress(Exception):  # the run's own error is the one to report
            for _, drawn in waiting:  # a file a worker put in place, not heard of yet, is whole: it is listed
                for row, name in drawn:
                    target = folder / name
                    if not row.entry.sha256 and target.is_file() and not target.is_symlink():
                        heard([(0, f"{folder.name}/{name}", 1, file_sha256(target), False)], [(row, name)])
        raise
    pool.join()
    report.outputs.append(folder)


def _shares(rows: Iterator[ListRow], opts: BatchOptions, settings: IssueSettings, designs: Designs, folder: Path,
            report: BatchReport, partial: PartialSheet, issuing: Issuing | None
            ) -> Iterator[tuple[_Share | None, list[tuple[_Row, str]], int]]:
    """The workers' shares, a chunk of the list at a time (with each share, its rows and names, and
    how many rows before it were not issued). Without an issuer the workers prepare the rows
    themselves; with one (the registry), rows are issued here and the workers draw their pages."""
    taken: set[str] = set()
    while items := list(itertools.islice(rows, CHUNK_SIZE)):
        if issuing is None:  # checked here (and named in list order), prepared again by the workers
            prepared = [_prepare(item, settings, designs) for item in items]
        else:
            prepared = _prepare_chunk(items, settings, designs, issuing)
        report.entries.extend(row.entry for row in prepared)
        skipped, jobs, drawn = 0, [], []
        for row in prepared:
            if row.certificate is None:
                skipped += 1
                continue
            made, name = row.certificate, _split_name(row, taken)
            row.entry.file = f"{folder.name}/{name}"  # where it goes (see _write_split)
            if issuing is None:
                jobs.append(_Job(row.item.index, name, item=row.item))
            elif made.design is designs.design(made.award, made.spec):
                jobs.append(_Job(row.item.index, name, entry=row.entry, award=made.award, language=made.spec.code,
                                 page=made.page))
            else:  # a reprint in its own design (as first issued): drawn here
                if _write_split(row.entry, made.design, made.page, folder, name, opts, partial,
                                _confirmer(issuing, row)):
                    report.replaced.append(row.entry.file)
                skipped += 1
                continue
            drawn.append((row, name))
            if len(jobs) == SHARE_SIZE:
                yield (jobs, opts, settings, folder, partial), drawn, skipped
                skipped, jobs, drawn = 0, [], []
        yield ((jobs, opts, settings, folder, partial) if jobs else None), drawn, skipped


def _result(result: Any) -> list[_Written]:
    """A worker's share, waiting in short steps so that a stop asked for is taken."""
    while not result.ready():
        result.wait(0.25)
        stopping.check()
    written: list[_Written] = result.get()
    return written
