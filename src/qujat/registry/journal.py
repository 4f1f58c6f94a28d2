"""The registry's journal as a spreadsheet: exported (formula-safe, as the batch's run sheet is,
headings in the office's language, dates as date cells, every award, document and event) and
imported from an office's own journal of certificates issued before qujat."""
from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from qujat.certificates.definitions import AwardDefinition, load_award
from qujat.errors import Location, QujatError
from qujat.i18n.localizer import N_, localizer
from qujat.identity import normalise_iin
from qujat.lists.read import read_list
from qujat.lists.recipients import cell_word, row_name
from qujat.lists.values import cell_date
from qujat.messages import M_, Number
from qujat.output import atomic_path
from qujat.registry import numbering, persons
from qujat.registry.recording import sequence_of
from qujat.registry.schema import counters
from qujat.registry.store import NewAward, NewDocument, Registry, RegistryError
from qujat.spreadsheet import write_csv, write_xlsx_book

#: The journal's columns (awards), as catalog messages, in order.
COLUMNS = (N_("Certificate number"), N_("Award"), N_("Date"), N_("Full name"), N_("IIN"), N_("Position"),
           N_("Organisation"), N_("Language"), N_("Place"), N_("Issuer"), N_("Status"), N_("Source"), N_("Row"),
           N_("File"), N_("SHA-256"), N_("Issued at"))
DOCUMENT_COLUMNS = (N_("Certificate number"), N_("Language"), N_("Kind"), N_("Status"), N_("Printed on"),
                    N_("Full name"), N_("File"), N_("SHA-256"))
#: An event's category is a revocation's (issued-in-error, data-corrected, replaced, withdrawn).
EVENT_COLUMNS = (N_("Certificate number"), N_("Event"), N_("Category"), N_("Time"), N_("User"),
                 N_("Reason"), N_("Detail"))
#: An imported number more than this far past its series' next number is refused unless allowed.
MAX_JUMP = 1000


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    """A time as a spreadsheet cell takes it: UTC, without a zone."""
    if value is None:
        return None
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def journal_tables(registry: Registry, lang: str = "ru") -> list[tuple[str, list[str], list[list[Any]]]]:
    """The journal as three tables (awards, documents, events), headings in ``lang``."""
    with registry.reading() as conn:
        return [(name, header, [list(row) for row in rows]) for name, header, rows in _tables(registry, conn, lang)]


def _tables(registry: Registry, conn: Any, lang: str) -> list[tuple[str, list[str], Iterator[list[Any]]]]:
    """The journal's three tables with their rows streamed from ``conn``'s transaction."""
    _ = localizer(lang).gettext
    award_rows, document_rows, event_rows = registry.journal(conn)

    def timed(rows: Iterator[Any], column: int) -> Iterator[list[Any]]:
        for row in rows:
            cells = list(row)
            cells[column] = _naive(cells[column])
            yield cells

    return [(_(N_("Awards")), [_(c) for c in COLUMNS], timed(award_rows, 15)),
            (_(N_("Documents")), [_(c) for c in DOCUMENT_COLUMNS], (list(row) for row in document_rows)),
            (_(N_("Events")), [_(c) for c in EVENT_COLUMNS], timed(event_rows, 3))]


def journal_rows(registry: Registry, lang: str = "ru") -> list[list[Any]]:
    """The awards table of the journal: a header and one row per award, in number order."""
    _, header, rows = journal_tables(registry, lang)[0]
    return [header, *rows]


def export_journal(registry: Registry, file: str | os.PathLike[str], lang: str = "ru") -> list[Path]:
    """Write the journal to ``file``: an .xlsx workbook with the sheets awards, documents and
    events, or .csv files (``file`` the awards, ``<file>.documents.csv`` and ``<file>.events.csv``
    beside it); headings in ``lang``; no cell can run as a formula. Returns the files written.

    The rows are streamed from one reading transaction (a consistent journal while others
    issue) into the files: a registry of 100,000 awards is exported in the memory of a block of
    rows. A file appears whole under its name or not at all."""
    path = Path(file)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise QujatError(M_("the journal is written as .xlsx or .csv", code="journal.format"), Location(str(path)))
    with registry.reading() as conn:
        tables = _tables(registry, conn, lang)
        if suffix == ".xlsx":
            with atomic_path(path) as tmp:
                write_xlsx_book(tmp, tables)
            return [path]
        written = []
        for (_, header, rows), tail in zip(tables, ("", ".documents", ".events")):
            target = path.with_name(path.stem + tail + path.suffix) if tail else path
            with atomic_path(target) as tmp, open(tmp, "wb") as fh:
                write_csv(fh, itertools.chain([header], rows))
            written.append(target)
        return written


def _checked_sequence(number: str, definition: AwardDefinition, next_value: int | None, allow_jump: bool,
                      where: Location) -> int | None:
    scheme = definition.numbering
    sequence = sequence_of(number, scheme)
    if sequence is None:
        return None
    digits = len(number) - len(scheme.prefix)
    if digits > scheme.digits or sequence >= 10 ** max(scheme.digits, 12):
        raise QujatError(M_("%(number)s has %(digits)s digits, more than the series' %(most)s (%(form)s…): correct the "
                            "number (a typo?)", code="journal.digits", number=number, digits=digits,
                            most=scheme.digits, form=scheme.format(0)[:-1]), where)
    expected = next_value if next_value is not None else scheme.start
    if not allow_jump and sequence > expected + MAX_JUMP:
        raise QujatError(M_("%(number)s is %(jump)s past the series' next number %(next)s: correct it (a typo?), or "
                            "import with --allow-jump if the series really continues there", code="journal.jump",
                            number=number, jump=Number(sequence - expected), next=scheme.format(expected)), where)
    return sequence


def import_journal(registry: Registry, file: str | os.PathLike[str], award: str | None = None,
                   allow_jump: bool = False) -> int:
    """Bring in the certificates of an office's journal (XLSX or CSV with columns such as
    «№», «ФИО», «Награда», «Дата», «ИИН») so that numbering continues after them; numbers
    already in the registry are skipped. A number far past its series' next one (a typo such
    as A20-00071234), or with more digits than the series has, is refused with its row, and
    nothing is imported. Returns how many were added."""
    listing = read_list(Path(file))
    added = 0
    definitions: dict[str, AwardDefinition] = {}
    with registry.issuing() as conn:
        for item in listing.rows:
            values = item.values
            where = (Location(listing.source, row=item.row) if listing.row_label == "row" else
                     Location(listing.source, field=M_("line %(row)s", code="where.line", row=item.row)))
            number = cell_word(values.get("number"))
            award_id = cell_word(values.get("award")) or award
            names = row_name(values)
            name = next(iter(names.values())) if names else None
            if not number or not award_id or not name:
                raise QujatError(M_("a journal row needs a number, a name and an award (or --award)",
                                    code="journal.row"),
                                 where)
            if award_id not in definitions:
                definitions[award_id] = load_award(award_id)
            definition = definitions[award_id]
            try:
                number = numbering.checked_number(conn, number, definition.numbering)
            except QujatError as exc:
                raise QujatError(exc.problems[0][1], where) from None
            if registry.get(number, conn) is not None:
                continue
            try:
                iin = normalise_iin(values.get("iin"))
                raw_date = values.get("date")
                date = cell_date(raw_date) if raw_date not in (None, "") else None
            except (QujatError, ValueError) as exc:
                message = exc.problems[0][1] if isinstance(exc, QujatError) else str(exc)
                raise QujatError(message, where) from None
            next_value = conn.execute(select(counters.c.next_value).where(counters.c.series == definition.id)).scalar()
            sequence = _checked_sequence(number, definition, next_value, allow_jump, where)
            if sequence is not None:
                numbering.continue_after(conn, definition.id, sequence)
            try:
                identity = persons.identity_of({"*": name}, iin)
            except QujatError as exc:  # a name without a letter, an ИИН of the other sex
                raise QujatError(exc.problems[0][1], where) from None
            pid = persons.by_iin(conn, iin) if iin else None
            if pid is not None and not persons.named_so(conn, pid, identity):
                raise QujatError(M_("«%(name)s» has the ИИН %(iin)s, which the registry holds for «%(earlier)s»: "
                                    "correct the ИИН or the name in the journal", code="journal.iin-other-name",
                                    name=name, iin=iin, earlier=persons.recorded_name(conn, pid)), where)
            if pid is None and not iin:
                matches = persons.by_names(conn, identity.keys)
                pid = matches[0][0] if len(matches) == 1 else None
            if pid is None:
                pid = persons.new_person(conn, iin)
            persons.add_names(conn, pid, identity.names)
            held = registry.held(conn, definition.id, pid, True)
            try:
                registry.record(conn, NewAward(
                    number=number, award=definition.id, sequence=sequence, person_id=pid,
                    once_only=definition.once_per_person and held is None, date=date or dt.date.today(), name=name,
                    iin=iin, position=cell_word(values.get("position")),
                    organisation=cell_word(values.get("organisation")), place=cell_word(values.get("place")),
                    source=listing.source, row=item.row, status="issued"),
                    NewDocument(language=cell_word(values.get("language")) or "", name=name,
                                printed_on=date or dt.date.today(), status="issued"),
                    event="imported", detail=f"{listing.source}:{item.row}")
            except RegistryError as exc:
                raise QujatError(exc.problems[0][1], where) from None
            added += 1
    return added
