"""How a list was understood, in words, for ``generate batch LIST --check``."""
from __future__ import annotations

from qujat.lists.headings import FIELD_WORDS
from qujat.lists.read import RecipientList
from qujat.messages import M_


def explain(listing: RecipientList) -> list[str]:
    """One line for where the headings are, one per column, the headings not used, the rows that
    are not people and the dates read by a choice (:attr:`RecipientList.notes`)."""
    layout = listing.layout
    if layout is None:
        return [M_("%(file)s: fields %(fields)s", code="check.fields", file=listing.source,
                   fields=", ".join(listing.columns))]
    rows = [r + 1 for r in layout.heading_rows]
    heading = M_("headings in row %(row)s", code="check.heading-row", row=rows[0]) if len(rows) == 1 else \
        M_("headings in rows %(first)s–%(last)s", code="check.heading-rows", first=rows[0], last=rows[-1])
    if listing.sheet:
        lines: list[str] = [M_("%(file)s: sheet «%(sheet)s», %(heading)s, data from row %(row)s",
                               code="check.layout-sheet", file=listing.source, sheet=listing.sheet, heading=heading,
                               row=layout.first_data + 1)]
    else:
        lines = [M_("%(file)s: %(heading)s, data from row %(row)s", code="check.layout", file=listing.source,
                    heading=heading, row=layout.first_data + 1)]
    for column in layout.columns:
        meaning: str = FIELD_WORDS.get(column.field, column.field)
        if len(column.indexes) > 1:
            lines.append(M_("  columns %(columns)s «%(heading)s»: %(meaning)s (joined)", code="check.columns",
                            columns=column.letters(), heading=column.heading, meaning=meaning))
        else:
            lines.append(M_("  column %(column)s «%(heading)s»: %(meaning)s", code="check.column",
                            column=column.letters(), heading=column.heading, meaning=meaning))
    if "surname" in listing.columns:
        lines.append(M_("  the name is joined in each language's order (kk, ru: surname first; en: given name first)",
                        code="check.name-parts"))
    for unused in layout.unused:
        lines.append(M_("  «%(heading)s»: not used", code="check.unused", heading=unused))
    return lines + list(listing.notes)
