"""Which run a reserved document belongs to.

A document is *reserved* while its run prints it. Another run may take a reservation over only
when the run that made it has ended without confirming it (killed, cut off), never while it is
still printing: the reserving run's lease (:mod:`qujat.registry.leases`) is recorded with the
document. Reservations made before have none, and are taken as an ended run's.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("ALTER TABLE qujat_documents ADD COLUMN reserved_by VARCHAR(32)"))


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0003: restore the backup made before the upgrade")
