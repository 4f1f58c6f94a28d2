"""Batch printing: a recipient list in; one combined PDF (or one per person) and a register out."""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from qujat.errors import Location, QujatError
from qujat.output import atomic_path, safe_file_name, unique_name
from qujat.lists.read import ListRow, RecipientList, parse_date, read_list
from qujat.batch.register import RegisterEntry, write_register
from qujat.records.text import OWN
from qujat.records.source import CONTROL_CHARS

Progress = Callable[[int, "int | None"], None]


@dataclass
class BatchOptions:
    """How to print a batch; per-row award, language, date and number override these."""

    award: str | None = None
    lang: str | None = None
    date: dt.date | None = None
    place: str | None = None
    signatory: str | None = None
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


@dataclass
class BatchReport:
    """What a batch did: one register entry per row, the files written, the time taken."""

    entries: list[RegisterEntry] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    registers: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: int = 0  # rows outside --rows

    @property
    def issued(self) -> int:
        return sum(e.status == "issued" for e in self.entries)

    @property
    def failed(self) -> int:
        return sum(e.status == "failed" for e in self.entries)

    @property
    def pages_per_second(self) -> float:
        return self.issued / self.seconds if self.seconds else 0.0

    @property
    def exit_code(self) -> int:
        """0 when every row was issued, 1 when some failed."""
        return 1 if self.failed else 0

    def failures(self) -> list[str]:
        return [f"row {e.row}: {e.reason}" for e in self.entries if e.status == "failed"]


class _Row:
    """A list row turned into a certificate to print, or the reason it cannot be."""

    def __init__(self, item: ListRow, certificate: Any = None, design: Any = None, page: Any = None,
                 entry: RegisterEntry | None = None) -> None:
        self.item, self.certificate, self.design, self.page, self.entry = item, certificate, design, page, entry


class _Designs:
    """Certificate designs by (award, language), built on first use."""

    def __init__(self, organisation: Any, own_language: str | None) -> None:
        self.organisation, self.own_language = organisation, own_language
        self.cache: dict[tuple[str, str], Any] = {}

        self.definitions: dict[str, Any] = {}

    def definition(self, award_id: str) -> Any:
        """The award definition, read once per batch."""
        from qujat.certificates.definitions import load_award

        if award_id not in self.definitions:
            self.definitions[award_id] = load_award(award_id)
        return self.definitions[award_id]

    def get(self, award_id: str, lang: str) -> Any:
        """The design of ``award_id`` in ``lang`` (one language, or two as ``kk+ru``), built once
        per batch."""
        from qujat.certificates.design import make_design

        key = (award_id, lang)
        if key not in self.cache:
            self.cache[key] = make_design(self.definition(award_id), lang, self.organisation, self.own_language)
        return self.cache[key]


def _text(value: Any) -> dict[str, str] | None:
    """A cell or record field as a record text mapping (None for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return {OWN: text} if text else None


def _check_text(name: str, value: Any) -> None:
    texts = value.values() if isinstance(value, dict) else [value]
    for text in texts:
        if isinstance(text, str) and CONTROL_CHARS.search(text):
            char = CONTROL_CHARS.search(text).group()  # type: ignore[union-attr]
            raise ValueError(f"{name} holds the control character U+{ord(char):04X}")


def _prepare(item: ListRow, opts: BatchOptions, designs: _Designs, defaults: dict[str, Any]) -> _Row:
    """Validate one row and render its certificate (nothing is drawn yet)."""
    from qujat.certificates.model import Certificate
    from qujat.certificates.design import certificate_languages
    from qujat.i18n.localizer import Localizer
    from qujat.records.schema import Person

    v = item.values
    award_id = str(v.get("award") or opts.award or "").strip()
    lang = str(v.get("language") or opts.lang or defaults.get("language") or "kk").replace(" ", "")
    entry = RegisterEntry(row=item.row, number="", name="", award=award_id, language=lang, date="", status="failed")
    try:
        name = _text(v.get("name"))
        if not name:
            raise ValueError("the name is empty")
        entry.name = next(iter(name.values()))
        for key in ("name", "position", "organisation", "occasion", "place"):
            _check_text(key, v.get(key))
        if not award_id:
            raise ValueError("no award: give an award column or --award")
        langs = certificate_languages(lang)  # "kk", or two languages "kk+ru" on one certificate
        entry.name = Localizer(langs[0], defaults.get("own_language")).text(name)
        definition = designs.definition(award_id)
        raw_date = v.get("date") or opts.date or defaults.get("date") or dt.date.today()
        date = parse_date(raw_date)
        start = opts.start if opts.start is not None else definition.numbering.start
        number = str(v.get("number") or "").strip() or definition.numbering.format(start + item.sequence)
        if isinstance(v.get("number"), float) and v["number"].is_integer():
            number = str(int(v["number"]))
        entry.number, entry.date = number, date.isoformat()
        person = Person.model_validate({"name": name, "position": _text(v.get("position")),
                                        "organisation": _text(v.get("organisation"))})
        certificate = Certificate(person=person, number=number, date=date,
                                  place=_text(v.get("place") or opts.place or defaults.get("place")),
                                  occasion=_text(v.get("occasion") or opts.occasion),
                                  signatory=_text(opts.signatory or defaults.get("signatory")),
                                  own_language=defaults.get("own_language") or langs[0])
        design = designs.get(award_id, lang)
        page = design.prepare(certificate)
    except QujatError as exc:
        entry.reason = exc.problems[0][1]
        return _Row(item, entry=entry)
    except ValueError as exc:
        entry.reason = str(exc).splitlines()[0]
        return _Row(item, entry=entry)
    entry.status = "issued"
    return _Row(item, certificate, design, page, entry)


def _sliced(rows: Iterator[ListRow], span: tuple[int, int] | None, default_award: str | None,
            report: BatchReport | None = None) -> Iterator[ListRow]:
    """Rows FROM..TO (1-based positions in the list, inclusive), each numbered by its place
    among all the list's rows of the same award, so a slice numbers as the full run does."""
    counters: dict[str, int] = {}
    for item in rows:
        award = str(item.values.get("award") or default_award or "").strip()
        item.sequence = counters.get(award, 0)
        counters[award] = item.sequence + 1
        if span is None or span[0] <= item.index + 1 <= span[1]:
            yield item
        elif report is not None:
            report.skipped += 1


def _output_stem(source: str, opts: BatchOptions) -> str:
    stem = Path(source).stem
    if opts.rows:
        stem += f".rows-{opts.rows[0]}-{opts.rows[1]}"
    return stem


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _print_combined(prepared: Iterable[_Row], target: Path, opts: BatchOptions, report: BatchReport,
                    progress: Progress | None, total: int | None) -> None:
    """All issued rows into one PDF, page by page, renamed into place only when complete."""
    from qujat.certificates.pdf import new_canvas

    canvas = None
    page_number = 0
    done = 0
    with atomic_path(target) as tmp:
        for row in prepared:
            report.entries.append(row.entry)
            done += 1
            if row.page is not None:
                if canvas is None:
                    canvas = new_canvas(str(tmp), row.design, row.design.title)
                row.design.draw(canvas, row.page, text_only=opts.text_only, offset_mm=opts.offset_mm)
                page_number += 1
                row.entry.file, row.entry.page = target.name, page_number
                if opts.duplex:
                    canvas.showPage()  # a blank back, so each certificate starts a sheet
                    page_number += 1
            if progress:
                progress(done, total)
        if canvas is None:
            raise _NothingIssued()
        canvas.save()
    digest = _sha256(target)
    for entry in report.entries:
        if entry.status == "issued":
            entry.sha256 = digest
    report.outputs.append(target)


class _NothingIssued(Exception):
    pass


def _split_worker(args: tuple) -> list[tuple[int, str, int, str]]:
    """Render a share of the rows into their own files (runs in a worker process)."""
    items, names, opts, defaults, folder = args
    designs = _Designs(defaults.get("organisation_of_issuer"), defaults.get("own_language"))
    written = []
    for item, name in zip(items, names):
        row = _prepare(item, opts, designs, defaults)
        _write_split(row, folder, name, opts)
        written.append((item.index, row.entry.file, row.entry.page, row.entry.sha256))
    return written


def _split_name(row: _Row, taken: set[str]) -> str:
    return unique_name(safe_file_name(f"{row.entry.number} {row.entry.name}"), f".{row.entry.language}.pdf", taken)


def _write_split(row: _Row, folder: Path, name: str, opts: BatchOptions) -> None:
    from qujat.certificates.pdf import new_canvas

    target, written, digest = folder / name, f"{folder.name}/{name}", ""
    try:
        with atomic_path(target) as tmp:
            canvas = new_canvas(str(tmp), row.design, row.page.title)
            row.design.draw(canvas, row.page, text_only=opts.text_only, offset_mm=opts.offset_mm)
            if opts.duplex:
                canvas.showPage()
            canvas.save()
            digest = _sha256(tmp)
        row.entry.file, row.entry.page, row.entry.sha256 = written, 1, digest
    except KeyboardInterrupt:
        # Ctrl-C may come after the rename, before the lines above record it: a file in place is
        # whole, and the register must list it
        if digest and not row.entry.sha256 and target.is_file() and _sha256(target) == digest:
            row.entry.file, row.entry.page, row.entry.sha256 = written, 1, digest
        raise


def print_batch(source: str | Path, out_dir: str | Path = "output", progress: Progress | None = None,
                **options: Any) -> BatchReport:
    """Print certificates for every row of a recipient list (XLSX, CSV or YAML).

    Writes ``<out_dir>/<list>.pdf`` (one page per certificate, in list order) or, with
    ``split=True``, ``<out_dir>/<list>/<number> <name>.<lang>.pdf`` per person, and the register
    ``<out_dir>/<list>.register.csv`` and ``.xlsx``. Options are the fields of
    :class:`BatchOptions` (award, lang, date, start, rows, split, duplex, text_only,
    offset_mm, strict, jobs, sheet ...). A bad row is reported and skipped; the report's
    ``exit_code`` is 1 when any row failed. Raises :class:`QujatError` when the list is
    unusable, or with ``strict=True`` when any row is bad (then nothing is written).

    >>> report = print_batch("awards.xlsx", award="federation-badge", lang="kk")  # doctest: +SKIP
    """
    opts = BatchOptions(**options)
    started = time.perf_counter()
    listing = read_list(source, opts.sheet)
    report = BatchReport()
    if listing.unknown_columns:
        report.warnings.append(f"{listing.source}: columns not used: {', '.join(listing.unknown_columns)}")
    out = Path(out_dir)
    stem = _output_stem(listing.source, opts)
    designs = _Designs(listing.defaults.get("organisation_of_issuer"), listing.defaults.get("own_language"))
    total = listing.total
    if opts.rows:
        total = max(0, min(opts.rows[1], total or opts.rows[1]) - opts.rows[0] + 1)

    if opts.strict:
        bad = [f"{listing.row_label} {r.entry.row}: {r.entry.reason}"
               for r in (_prepare(i, opts, designs, listing.defaults) for i in _sliced(listing.rows, opts.rows, opts.award))
               if r.page is None]
        if bad:
            raise QujatError(bad[0], problems=[(Location(listing.source), b) for b in bad])
        listing = read_list(source, opts.sheet)

    rows = _sliced(listing.rows, opts.rows, opts.award, report)
    try:
        _produce(rows, opts, listing, designs, out, stem, report, progress, total)
    except KeyboardInterrupt:
        if opts.split:
            # files already renamed into place are complete: the register says which they are
            for entry in report.entries:
                if entry.status == "issued" and not entry.sha256:
                    entry.status, entry.file, entry.page = "interrupted", "", None
                    entry.reason = "not written: the batch was interrupted"
            write_register(report.entries, out / f"{stem}.register")
        # a combined PDF is renamed into place only when complete: the old PDF and register stand
        raise
    report.registers = write_register(report.entries, out / f"{stem}.register")
    report.seconds = time.perf_counter() - started
    return report


def _produce(rows: Iterator[ListRow], opts: BatchOptions, listing: RecipientList, designs: _Designs, out: Path,
             stem: str, report: BatchReport, progress: Progress | None, total: int | None) -> None:
    """Render the rows into the combined PDF or the split files, filling the report's entries."""
    if opts.split and opts.jobs > 1:
        _split_parallel(rows, opts, listing, designs, out / stem, report, progress, total)
        return
    prepared = (_prepare(item, opts, designs, listing.defaults) for item in rows)
    if opts.split:
        folder = out / stem
        taken: set[str] = set()
        for done, row in enumerate(prepared, start=1):
            report.entries.append(row.entry)
            if row.page is not None:
                _write_split(row, folder, _split_name(row, taken), opts)
            if progress:
                progress(done, total)
        report.outputs.append(folder)
        return
    try:
        _print_combined(prepared, out / f"{stem}.pdf", opts, report, progress, total)
    except _NothingIssued:
        pass


def _split_parallel(rows: Iterable[ListRow], opts: BatchOptions, listing: RecipientList, designs: _Designs,
                    folder: Path, report: BatchReport, progress: Progress | None, total: int | None) -> None:
    """--split with --jobs N: rows checked and named here in list order (so the files are the
    same whatever N is), then drawn and written by N processes in contiguous shares."""
    import multiprocessing

    prepared = [_prepare(item, opts, designs, listing.defaults) for item in rows]
    taken: set[str] = set()
    issued = [(row, _split_name(row, taken)) for row in prepared if row.page is not None]
    jobs = max(1, min(opts.jobs, len(issued)))
    size = -(-len(issued) // jobs) if issued else 1
    shares = [([r.item for r, _ in issued[i:i + size]], [n for _, n in issued[i:i + size]], opts,
               listing.defaults, folder) for i in range(0, len(issued), size)]
    by_index = {row.item.index: row.entry for row in prepared}
    report.entries.extend(row.entry for row in prepared)
    done = len(prepared) - len(issued)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for written in pool.imap(_split_worker, shares):
            for index, file, page, digest in written:
                entry = by_index[index]
                entry.file, entry.page, entry.sha256 = file, page, digest
            done += len(written)
            if progress:
                progress(done, total)
    report.outputs.append(folder)
