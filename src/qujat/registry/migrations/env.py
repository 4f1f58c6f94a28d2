"""Alembic environment: always online, on the connection the registry hands over."""
from __future__ import annotations

from alembic import context

from qujat.registry.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table="qujat_alembic_version",
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
