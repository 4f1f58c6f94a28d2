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

import sqlalchemy as sa
from alembic import op

from qujat.identity import abbreviations, loose_key, short_key

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
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


def downgrade() -> None:
    raise NotImplementedError("a registry is not taken back to 0006: restore a backup from before the upgrade")
