"""Recorded names keyed again: their loose and short keys and shortened forms as
:mod:`qujat.identity` makes them now (the migrations that change how names fold, 0007 and 0008)."""
from __future__ import annotations

import sqlalchemy as sa

from qujat.identity import abbreviations, loose_key, short_key


def rekey_names(bind: sa.Connection) -> None:
    """Give every recorded name its loose and short keys, and every person the shortened forms
    of their names, as the identity module folds them now."""
    names = sa.table("qujat_person_names", sa.column("id"), sa.column("person_id"), sa.column("key"),
                     sa.column("loose"), sa.column("short"))
    rows = bind.execute(sa.select(names.c.id, names.c.person_id, names.c.key).order_by(names.c.id)).fetchall()
    changed = [{"row_id": row.id, "new_loose": loose_key(row.key), "new_short": short_key(row.key)} for row in rows]
    if changed:
        bind.execute(sa.update(names).where(names.c.id == sa.bindparam("row_id"))
                     .values(loose=sa.bindparam("new_loose"), short=sa.bindparam("new_short")), changed)
    forms = sa.table("qujat_name_forms", sa.column("person_id"), sa.column("form"), sa.column("whole"))
    bind.execute(sa.delete(forms))
    made = sorted({(row.person_id, form, whole) for row in rows
                   for whole, shortened in zip((True, False), abbreviations(row.key)) for form in shortened})
    if made:
        bind.execute(sa.insert(forms), [{"person_id": person_id, "form": form, "whole": whole}
                                        for person_id, form, whole in made])
