"""How a list was understood, in words, for ``generate batch LIST --check``."""
from __future__ import annotations

from qujat.lists.read import RecipientList

#: What each field means, as the check prints it.
FIELD_WORDS = {
    "name": "the full name", "surname": "the surname", "given_name": "the given name",
    "patronymic": "the patronymic", "position": "the position", "organisation": "the organisation",
    "award": "the award (an id or a name)", "language": "the language", "date": "the date of the award",
    "place": "the place", "occasion": "the occasion", "number": "the certificate number",
    "serial": "the row's serial number (not printed)", "iin": "the ИИН",
}


def explain(listing: RecipientList) -> list[str]:
    """One line for where the headings are, one per column, the headings not used, the rows that
    are not people and the dates read by a choice (:attr:`RecipientList.notes`)."""
    layout = listing.layout
    if layout is None:
        return [f"{listing.source}: fields {', '.join(listing.columns)}"]
    rows = [r + 1 for r in layout.heading_rows]
    where = f"sheet «{listing.sheet}», " if listing.sheet else ""
    heading = f"headings in row {rows[0]}" if len(rows) == 1 else f"headings in rows {rows[0]}–{rows[-1]}"
    lines = [f"{listing.source}: {where}{heading}, data from row {layout.first_data + 1}"]
    for column in layout.columns:
        joined = " (joined)" if len(column.indexes) > 1 else ""
        kind = "columns" if len(column.indexes) > 1 else "column"
        lines.append(f"  {kind} {column.letters()} «{column.heading}»: {FIELD_WORDS.get(column.field, column.field)}"
                     f"{joined}")
    if "surname" in listing.columns:
        lines.append("  the name is joined in each language's order (kk, ru: surname first; en: given name first)")
    for heading in layout.unused:
        lines.append(f"  «{heading}»: not used")
    return lines + listing.notes
