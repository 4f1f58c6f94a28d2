"""Each name's loose key in any script: a name typed in Latin letters («Qaliev Serik») shares its
loose key with the same name in Cyrillic («Қалиев Серік»), so that the registry asks whether it
is the same person instead of giving them a second award (:func:`qujat.identity.loose_key`); the
names already recorded get their new keys here.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from qujat.identity import loose_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    names = sa.table("qujat_person_names", sa.column("id"), sa.column("key"), sa.column("loose"))
    rows = bind.execute(sa.select(names.c.id, names.c.key, names.c.loose)).fetchall()
    changed = [{"row_id": row.id, "value": loose_key(row.key)} for row in rows if loose_key(row.key) != row.loose]
    if changed:
        bind.execute(sa.update(names).where(names.c.id == sa.bindparam("row_id")).values(loose=sa.bindparam("value")),
                     changed)


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0004: restore a backup from before the upgrade")
