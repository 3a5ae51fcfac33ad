"""Alembic environment for the store. Run programmatically by ``assistant.store.db``
(a ``Config`` built in code, the open connection passed in ``config.attributes``), so no
alembic.ini is needed at run time. ``alembic`` on the command line also works when a URL is
given with ``-x url=...`` or ``CRISIS_DESK_DB``."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from assistant.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("CRISIS_DESK_DB")
    if not url:
        raise SystemExit("give the database with -x url=... or CRISIS_DESK_DB")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():  # pragma: no cover - SQL script generation
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
