"""A list as a page shows it before printing: which sheet column is which field, and each row's
values and outcome (ready, already awarded, refused, failed) with its reason, as data. The same
reading and checks as ``generate batch LIST --check`` (:func:`qujat.batch.run.check_list`);
nothing is drawn or written.

>>> reading = read_for_issue("records/awards-sample.csv", award="federation-badge", lang="kk", limit=3)
>>> [(c.letters, c.field) for c in reading.columns][:3]
[('A', 'name'), ('B', 'position'), ('C', 'organisation')]
>>> [(r.row, r.outcome) for r in reading.rows]
[(2, 'ready'), (3, 'ready'), (4, 'ready')]
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qujat.batch.run import BatchOptions, _check_options, _list_warnings, _prepare, _screen, batch_settings
from qujat.certificates.assemble import NEW, Designs, Issuing
from qujat.errors import QujatError
from qujat.identity import masked_iin, normalise_iin
from qujat.lists.headings import FIELD_WORDS
from qujat.lists.read import read_list
from qujat.lists.recipients import numbered_rows, row_recipient
from qujat.messages import Message
from qujat.settings import Settings, applied

#: The fields a page shows of each row, in order.
SHOWN = ("name", "position", "organisation", "award", "language", "date", "iin")
READY, AWARDED, REFUSED, FAILED = "ready", "awarded", "refused", "failed"


@dataclass(frozen=True)
class ColumnReading:
    """One field and the sheet columns it was read from (``B`` or ``B–D``), under its heading."""

    letters: str
    heading: str
    field: str
    meaning: str


@dataclass(frozen=True)
class RowReading:
    """One row: its number as the spreadsheet shows it, its values (the ИИН as its last four
    digits), and what printing would do with it, and why."""

    row: int
    values: dict[str, str]
    outcome: str
    reason: str = ""


@dataclass
class ListReading:
    """How a list was read, as data: its columns, the rows (the first ``limit``), the list's
    own warnings and notes, and how many rows it has and of each outcome."""

    source: str
    columns: list[ColumnReading]
    rows: list[RowReading]
    total: int
    warnings: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _shown(values: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in SHOWN:
        value = values.get(key)
        if isinstance(value, dict):
            value = next(iter(value.values()), "")
        if key == "iin":
            try:
                value = masked_iin(normalise_iin(value))
            except (QujatError, ValueError):
                value = "?"
        elif isinstance(value, dt.date):
            value = value.strftime("%d.%m.%Y")
        found[key] = "" if value is None else str(value).strip()
    return found


def read_for_issue(source: str | Path, *, award: str | None = None, lang: str | None = None,
                   date: dt.date | None = None, issuer: str | None = None, sheet: str | None = None,
                   header_row: int | None = None, hidden_rows: str | None = None, issuing: Issuing | None = None,
                   limit: int | None = None, settings: Settings | None = None) -> ListReading:
    """Read and check the list at ``source`` as printing it would (the options are
    :func:`qujat.batch.run.run_batch`'s); with a recording ``issuing`` (the registry, only read)
    also who already holds the award. Raises :class:`QujatError` when the list is unusable."""
    opts = BatchOptions(award=award, lang=lang, date=date, issuer=issuer, sheet=sheet, header_row=header_row,
                        hidden_rows=hidden_rows)
    with applied(settings):
        return _read(source, opts, issuing, limit)


def _read(source: str | Path, opts: BatchOptions, issuing: Issuing | None, limit: int | None) -> ListReading:
    _check_options(opts)
    listing = read_list(source, sheet=opts.sheet, header_row=opts.header_row, hidden_rows=opts.hidden_rows)
    settings = batch_settings(listing.settings, opts)
    columns = [ColumnReading(c.letters(), c.heading, c.field, FIELD_WORDS.get(c.field, Message(c.field)))
               for c in (listing.layout.columns if listing.layout else ())]
    reading = ListReading(listing.source, columns, [], listing.total or 0,
                          unused=list(listing.layout.unused) if listing.layout else list(listing.unknown_columns))
    reading.warnings = _list_warnings(listing, settings) + list(listing.notes)
    designs = Designs(settings)
    _screen(listing, settings, designs, issuing)
    planner = issuing if issuing is not None and issuing.records else None
    counts = dict.fromkeys((READY, AWARDED, REFUSED, FAILED), 0)
    for item in numbered_rows(listing.rows, settings.award, designs.series):
        prepared = _prepare(item, settings, designs)
        # a row ready to print may have a note (a name in the other script than its language's)
        outcome, reason = ((FAILED, prepared.entry.reason) if prepared.certificate is None else
                           (READY, prepared.certificate.note))
        if prepared.certificate is not None and planner is not None:
            try:
                plan = planner.plan(row_recipient(item, settings.date), settings, designs, assembled=True)
                outcome, reason = (READY, plan.note or reason) if plan.outcome == NEW else (AWARDED, plan.note)
            except QujatError as exc:
                outcome, reason = REFUSED, exc.problems[0][1]
        counts[outcome] += 1
        if limit is None or len(reading.rows) < limit:
            reading.rows.append(RowReading(item.row, _shown(item.values), outcome, reason))
    reading.counts = counts
    return reading
