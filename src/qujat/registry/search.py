"""Finding awards as a clerk asks for them: by a certificate number, an ИИН, or a part of a
holder's name in any script; one page of results at a time, newest first.

>>> import tempfile, pathlib
>>> registry = Registry.open(pathlib.Path(tempfile.mkdtemp()) / "r.sqlite3", create=True)
>>> found = search(registry, "Жақсыбекова")
>>> found.total, found.entries
(0, [])
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from qujat.registry.holders import holders_named
from qujat.registry.schema import awards
from qujat.registry.store import Entry, Registry

_IIN = re.compile(r"\d{12}")
_NUMBER = re.compile(r"[^\W_]+[-/]?\d+", re.UNICODE)
#: Results on one page.
PAGE_SIZE = 50


@dataclass(frozen=True)
class Found:
    """One page of a search: its awards, how many match in all, and the page's offset."""

    entries: list[Entry]
    total: int
    offset: int = 0
    kind: str = "name"

    @property
    def more(self) -> bool:
        return self.offset + len(self.entries) < self.total


def search(registry: Registry, text: str, *, offset: int = 0, limit: int = PAGE_SIZE) -> Found:
    """The awards ``text`` asks for: a 12-digit ИИН, a certificate number (``A20-0007``, case and
    Cyrillic look-alike letters folded), else a part of any of the holder's names (compared as
    folded keys: case, script, spacing and look-alike letters do not matter); never free numbers."""
    query = " ".join(text.split())
    conditions = [awards.c.status != "free"]
    kind = "name"
    if _IIN.fullmatch(query.replace(" ", "")):
        kind = "iin"
        conditions.append(awards.c.iin == query.replace(" ", ""))
    elif _NUMBER.fullmatch(query) and any(ch.isdigit() for ch in query):
        kind = "number"
        number = query.upper().translate(_LOOKALIKES)
        conditions.append(or_(awards.c.number == number, awards.c.number == query))
    elif query:
        conditions.append(or_(awards.c.person_id.in_(holders_named(query)), awards.c.name.like(f"%{query}%")))
    with registry.reading() as conn:
        total = conn.execute(select(func.count()).select_from(awards).where(*conditions)).scalar_one()
        rows = conn.execute(select(awards).where(*conditions).order_by(awards.c.id.desc())
                            .offset(max(0, offset)).limit(max(1, limit))).fetchall()
        return Found(registry.entries_of(conn, rows), total, offset, kind)


_LOOKALIKES = str.maketrans({"А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
                             "С": "C", "Т": "T", "Х": "X", "–": "-", "—": "-"})
