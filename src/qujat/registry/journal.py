"""The registry's journal as a spreadsheet: exported (formula-safe, as the batch's run sheet is)
and imported from an office's own journal of certificates issued before qujat."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from qujat.certificates.definitions import load_award
from qujat.errors import QujatError
from qujat.lists.read import read_list
from qujat.lists.recipients import cell_word, row_name
from qujat.lists.values import cell_date
from qujat.output import write_atomic
from qujat.registry import numbering
from qujat.registry.persons import normalise_iin, person_key
from qujat.registry.recording import sequence_of
from qujat.registry.store import Registry
from qujat.spreadsheet import csv_bytes, xlsx_bytes

#: The journal's columns, in order.
COLUMNS = ("number", "award", "date", "name", "iin", "position", "organisation", "language", "place",
           "issuer", "status", "source", "row", "file", "sha256", "issued_at")


def journal_rows(registry: Registry) -> list[list[Any]]:
    """The journal: a header and one row per certificate, in number order."""
    rows: list[list[Any]] = [list(COLUMNS)]
    for entry in registry.list():
        values = {**entry.__dict__, "date": entry.date.isoformat(),
                  "issued_at": entry.issued_at.isoformat(sep=" ") if entry.issued_at else ""}
        rows.append(["" if values[c] is None else values[c] for c in COLUMNS])
    return rows


def export_journal(registry: Registry, file: str | os.PathLike[str]) -> Path:
    """Write the journal to ``file`` (.xlsx or .csv); no cell can run as a formula."""
    path = Path(file)
    rows = journal_rows(registry)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_atomic(path, csv_bytes(rows))
    if suffix != ".xlsx":
        raise QujatError(f"{path}: the journal is written as .xlsx or .csv")
    return write_atomic(path, xlsx_bytes("journal", rows[0], rows[1:]))


def import_journal(registry: Registry, file: str | os.PathLike[str], award: str | None = None) -> int:
    """Bring in the certificates of an office's journal (XLSX or CSV with columns such as
    «№», «ФИО», «Награда», «Дата», «ИИН») so that numbering continues after them; numbers
    already in the registry are skipped. Returns how many were added."""
    listing = read_list(Path(file))
    added = 0
    definitions: dict[str, Any] = {}
    with registry.writing() as conn:
        for item in listing.rows:
            values = item.values
            where = f"{listing.source}: {listing.row_label} {item.row}"
            number = cell_word(values.get("number"))
            award_id = cell_word(values.get("award")) or award
            names = row_name(values)
            name = next(iter(names.values())) if names else None
            if not number or not award_id or not name:
                raise QujatError(f"{where}: a journal row needs a number, a name and an award (or --award)")
            if award_id not in definitions:
                definitions[award_id] = load_award(award_id)
            if registry.get(number, conn) is not None:
                continue
            try:
                iin = normalise_iin(values.get("iin"))
                raw_date = values.get("date")
                date = cell_date(raw_date) if raw_date not in (None, "") else None
            except (QujatError, ValueError) as exc:
                message = exc.problems[0][1] if isinstance(exc, QujatError) else str(exc)
                raise QujatError(f"{where}: {message}") from None
            sequence = sequence_of(number, definitions[award_id].numbering)
            if sequence is not None:
                numbering.continue_after(conn, award_id, sequence)
            registry.record(conn, {
                "number": number, "award": award_id, "sequence": sequence, "name": name,
                "person_key": person_key(name, iin), "iin": iin,
                "position": cell_word(values.get("position")), "organisation": cell_word(values.get("organisation")),
                "language": cell_word(values.get("language")) or "", "date": date or dt.date.today(),
                "place": cell_word(values.get("place")), "issuer": None, "source": listing.source,
                "row": item.row, "status": "issued", "payload": None, "content": None}, kind="imported",
                detail=f"{listing.source}:{item.row}")
            added += 1
    return added
