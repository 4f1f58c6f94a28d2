"""A revocation's category beside its free-text reason.

The reason («ошибка в фамилии», or words about a person's health or discipline) is for the
office's own eyes; the category (issued in error, data corrected, replaced, withdrawn) is what
a public page may show. Revocations made before have none (shown as withdrawn).

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a column added is no UPDATE: the event log's append-only triggers stay as they are
    op.execute(sa.text("ALTER TABLE qujat_award_events ADD COLUMN category VARCHAR(32)"))


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0002: restore the backup made before the upgrade")
