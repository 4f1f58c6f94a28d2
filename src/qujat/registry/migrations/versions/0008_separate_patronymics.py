"""More of the ways Russian and Soviet-era spelling write a Kazakh name: a patronymic's ending
written as a word of its own («Нұрлан қызы», «Болат-ұлы», «Nurlan qyzy») is one word with the
father's name, «дж» is «ж» («Джумабаев», «Жұмабаев») and «х» is «қ» («Бахытжан», «Бақытжан»)
in the loose keys (:func:`qujat.identity.loose_key`), so that a holder recorded in one spelling
is asked about when a list writes the other, instead of being given a second award. The names
already recorded get their new loose and short keys and shortened forms here, as in 0007.

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

from alembic import op

from qujat.registry.migrations.rekey import rekey_names

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rekey_names(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0007: restore a backup from before the upgrade")
