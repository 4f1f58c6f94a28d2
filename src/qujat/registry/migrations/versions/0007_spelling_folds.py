"""Kazakh names as Russian spelling writes them: the loose keys fold «о» with «у» and leave out a
short «і» or «ы» between consonants, and a father's name's final «й» before the Kazakh ending
(«Әбдірахманова Гүлнар Серікқызы» and «Абдрахманова Гульнар Сериковна», «Төлеген Жұмабайұлы»
and «Тулеген Жумабаевич»: :func:`qujat.identity.loose_key`), so that a holder recorded in one
spelling is asked about when a list writes the other, instead of being given a second award. The
names already recorded get their new loose and short keys and shortened forms here.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

from alembic import op

from qujat.registry.migrations.rekey import rekey_names

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rekey_names(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0006: restore a backup from before the upgrade")
