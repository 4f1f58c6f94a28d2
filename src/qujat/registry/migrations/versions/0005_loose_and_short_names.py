"""Each name's loose key in any script, and its short key: a name typed in Latin letters
(«Qaliev Serik») or with a Russian patronymic («Калиев Серик Болатович») shares its loose key
with the same name in Cyrillic («Қалиев Серік Болатұлы»), and a name written without its
patronymic («Қалиев Серік») is the full name's short key, so that the registry asks whether it
is the same person instead of giving them a second award (:func:`qujat.identity.loose_key`,
:func:`qujat.identity.short_key`); the names already recorded get their new keys here.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from qujat.identity import loose_key, short_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("ALTER TABLE qujat_person_names ADD COLUMN short TEXT"))
    bind = op.get_bind()
    names = sa.table("qujat_person_names", sa.column("id"), sa.column("key"), sa.column("loose"), sa.column("short"))
    rows = bind.execute(sa.select(names.c.id, names.c.key)).fetchall()
    if rows:
        bind.execute(sa.update(names).where(names.c.id == sa.bindparam("row_id"))
                     .values(loose=sa.bindparam("new_loose"), short=sa.bindparam("new_short")),
                     [{"row_id": row.id, "new_loose": loose_key(row.key), "new_short": short_key(row.key)}
                      for row in rows])
    op.create_index("ix_qujat_person_names_short", "qujat_person_names", ["short"])


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0004: restore a backup from before the upgrade")
