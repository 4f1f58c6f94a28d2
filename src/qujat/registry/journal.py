"""The registry's journal as a spreadsheet: exported (formula-safe, as the batch register is)
and imported from an office's own journal of certificates issued before qujat."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from qujat.errors import QujatError
from qujat.registry.store import Registry

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
    from qujat.batch.register import inert
    from qujat.output import stable_zip, write_atomic

    path = Path(file)
    rows = journal_rows(registry)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        for row in rows:
            writer.writerow([inert(v) for v in row])
        return write_atomic(path, ("\ufeff" + buf.getvalue()).encode("utf-8"))
    if suffix != ".xlsx":
        raise QujatError(f"{path}: the journal is written as .xlsx or .csv")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from qujat.batch.register import FIXED_TIME
    from qujat.records.source import CONTROL_CHARS

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "qujat"
    workbook.properties.created = FIXED_TIME
    sheet = workbook.create_sheet("journal")
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=None)
            cell.value = CONTROL_CHARS.sub("\ufffd", value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with '='
            cells.append(cell)
        sheet.append(cells)
    data = io.BytesIO()
    workbook.save(data)
    return write_atomic(path, stable_zip(data.getvalue(), FIXED_TIME))


def import_journal(registry: Registry, file: str | os.PathLike[str], award: str | None = None) -> int:
    """Bring in the certificates of an office's journal (XLSX or CSV with columns such as
    «№», «ФИО», «Награда», «Дата», «ИИН») so that numbering continues after them; numbers
    already in the registry are skipped. Returns how many were added."""
    import datetime as dt

    from qujat.certificates.definitions import load_award
    from qujat.lists.read import read_list
    from qujat.lists.recipients import cell_word, row_name
    from qujat.lists.values import cell_date
    from qujat.registry import numbering
    from qujat.registry.issuing import _sequence_of
    from qujat.registry.persons import normalise_iin, person_key

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
            sequence = _sequence_of(number, definitions[award_id].numbering)
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
