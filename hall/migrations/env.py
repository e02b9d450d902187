"""Alembic's environment for Hall: always online, on the connection hall.migrations passes in."""

from alembic import context

from hall.store import models  # noqa: F401  (registers the tables on Base.metadata)
from hall.store.db import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode copies the table instead.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
