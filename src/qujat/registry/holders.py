"""Who a name asks for, as a query: every person one of whose names holds the name (its folded
key, as part of theirs), or holds each of its words in Russian spelling and any order (the loose
key), so that ``--name жаксыбекова`` finds «Жақсыбекова Әсел» too. One place for ``registry
list --name`` and the desk's search."""
from __future__ import annotations

from sqlalchemy import Select, and_, or_, select

from qujat.identity import loose_parts, name_key
from qujat.registry.schema import person_names


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def holders_named(name: str) -> Select[tuple[int]]:
    """The ids of the persons ``name`` finds (see the module)."""
    key = name_key(name)
    loose = [person_names.c.loose.like(_like(word), escape="\\") for word in loose_parts(key)]
    found = person_names.c.key.like(_like(key), escape="\\")
    return select(person_names.c.person_id).where(or_(found, and_(*loose)) if loose else found)
