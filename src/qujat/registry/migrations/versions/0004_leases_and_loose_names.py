"""Which run a reserved document belongs to; each name's loose key.

- A document is *reserved* while its run prints it. Another run may take a reservation over only
  when the run that made it has ended without confirming it (killed, cut off), never while it is
  still printing: the reserving run's lease (:mod:`qujat.registry.leases`) is recorded with the
  document. Reservations made before have none, and are taken as an ended run's.
- A person's name gets its loose key (:func:`qujat.identity.loose_key`: the words in any order,
  Kazakh letters as Russian spelling writes them), so that «Калиев Серик» is found to be perhaps
  «Қалиев Серік» and refused rather than given a second award; the names already recorded get
  theirs here.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from qujat.identity import loose_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("ALTER TABLE qujat_documents ADD COLUMN reserved_by VARCHAR(32)"))
    op.execute(sa.text("ALTER TABLE qujat_person_names ADD COLUMN loose TEXT"))
    bind = op.get_bind()
    names = sa.table("qujat_person_names", sa.column("id"), sa.column("key"), sa.column("loose"))
    rows = bind.execute(sa.select(names.c.id, names.c.key)).fetchall()
    if rows:
        bind.execute(sa.update(names).where(names.c.id == sa.bindparam("row_id")).values(loose=sa.bindparam("value")),
                     [{"row_id": row.id, "value": loose_key(row.key)} for row in rows])
    op.create_index("ix_qujat_person_names_loose", "qujat_person_names", ["loose"])


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0003: restore the backup made before the upgrade")
