"""The ways a list shortens a full name with initials: a holder recorded as «Қалиев Серік
Болатұлы» is asked about when a list writes «Қалиев С.Б.», «С. Қалиев» or «Kaliev S.B.», and
the reverse, instead of being given a second award (:func:`qujat.identity.abbreviations`). A
name with two initials also gets a short key without the second (the patronymic's), and a Latin
name's one-letter initials are Latin letters in its key («B. Zh. Abdirayim»); the names already
recorded get their new keys and forms here.

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from qujat.identity import abbreviations, loose_key, name_key, short_key

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("qujat_name_forms",
                    sa.Column("form", sa.Text, primary_key=True),
                    sa.Column("whole", sa.Boolean, primary_key=True),
                    sa.Column("person_id", sa.Integer, sa.ForeignKey("qujat_persons.id"), primary_key=True),
                    sqlite_with_rowid=False)
    bind = op.get_bind()
    names = sa.table("qujat_person_names", sa.column("id"), sa.column("person_id"), sa.column("name"),
                     sa.column("key"), sa.column("loose"), sa.column("short"))
    rows = bind.execute(sa.select(names.c.id, names.c.person_id, names.c.name, names.c.key)
                        .order_by(names.c.id)).fetchall()
    seen: set[tuple[int, str]] = set()
    changed, gone = [], []
    for row in rows:
        key = name_key(row.name) or row.key
        if (row.person_id, key) in seen:  # two names of one person that now fold to one key
            gone.append({"row_id": row.id})
            continue
        seen.add((row.person_id, key))
        changed.append({"row_id": row.id, "new_key": key, "new_loose": loose_key(key), "new_short": short_key(key)})
    if gone:
        bind.execute(sa.delete(names).where(names.c.id == sa.bindparam("row_id")), gone)
    if changed:
        bind.execute(sa.update(names).where(names.c.id == sa.bindparam("row_id"))
                     .values(key=sa.bindparam("new_key"), loose=sa.bindparam("new_loose"),
                             short=sa.bindparam("new_short")), changed)
    forms = sorted({(person_id, form, whole) for person_id, key in seen
                    for whole, shortened in zip((True, False), abbreviations(key)) for form in shortened})
    if forms:
        table = sa.table("qujat_name_forms", sa.column("person_id"), sa.column("form"), sa.column("whole"))
        bind.execute(sa.insert(table), [{"person_id": person_id, "form": form, "whole": whole}
                                        for person_id, form, whole in forms])


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0005: restore a backup from before the upgrade")
