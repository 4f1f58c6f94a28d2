"""The registry's first tables: settings, counters, certificates, events.

Revision ID: 0001
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = """
CREATE TRIGGER qujat_events_no_{what} BEFORE {what} ON qujat_events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
"""
_APPEND_ONLY_PG = """
CREATE OR REPLACE FUNCTION qujat_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER qujat_events_append_only BEFORE UPDATE OR DELETE ON qujat_events
FOR EACH ROW EXECUTE FUNCTION qujat_events_append_only();
"""


def upgrade() -> None:
    op.create_table("qujat_meta", sa.Column("key", sa.String(64), primary_key=True),
                    sa.Column("value", sa.Text, nullable=False))
    op.create_table("qujat_counters", sa.Column("series", sa.String(64), primary_key=True),
                    sa.Column("next_value", sa.BigInteger, nullable=False))
    op.create_table(
        "qujat_certificates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(64), nullable=False, unique=True),
        sa.Column("award", sa.String(64), nullable=False),
        sa.Column("sequence", sa.BigInteger, nullable=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("person_key", sa.Text, nullable=False),
        sa.Column("iin", sa.String(12), nullable=True),
        sa.Column("position", sa.Text, nullable=True),
        sa.Column("organisation", sa.Text, nullable=True),
        sa.Column("language", sa.String(32), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("place", sa.Text, nullable=True),
        sa.Column("issuer", sa.Text, nullable=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("row", sa.Integer, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("file", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=True),
        sa.Column("content", sa.Text, nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("award", "sequence", name="uq_qujat_certificates_award_sequence"),
    )
    op.create_index("ix_qujat_certificates_person", "qujat_certificates", ["award", "person_key"])
    op.create_index("ix_qujat_certificates_source", "qujat_certificates", ["source", "row"])
    op.create_table(
        "qujat_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("certificate_id", sa.Integer, sa.ForeignKey("qujat_certificates.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
    )
    op.create_index("ix_qujat_events_certificate_id", "qujat_events", ["certificate_id"])
    if op.get_bind().dialect.name == "sqlite":
        for what in ("UPDATE", "DELETE"):
            op.execute(_APPEND_ONLY_SQLITE.format(what=what))
    else:
        op.execute(_APPEND_ONLY_PG)


def downgrade() -> None:
    op.drop_table("qujat_events")
    op.drop_table("qujat_certificates")
    op.drop_table("qujat_counters")
    op.drop_table("qujat_meta")
