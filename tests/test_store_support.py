"""Fixtures shared by the store tests: the same suite runs on a real SQLite file and,
when ``CRISIS_DESK_TEST_PG`` names a PostgreSQL server (an SQLAlchemy URL to a database
the test user may CREATE DATABASE from, e.g. postgresql+psycopg://postgres@127.0.0.1/postgres),
on a fresh PostgreSQL database per test."""

from __future__ import annotations

import os
import uuid

import pytest

PG_ENV = "CRISIS_DESK_TEST_PG"

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not os.environ.get(PG_ENV),
                                                         reason=f"{PG_ENV} not set: no PostgreSQL server")),
]


def _pg_database(server_url: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"crisis_desk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        from assistant.store import db

        engine = db._engines.pop(db.normalise(url), None)
        if engine is not None:
            engine.dispose()
        db._migrated.discard(db.normalise(url))
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    url, drop = _pg_database(os.environ[PG_ENV])
    try:
        yield url
    finally:
        drop()


@pytest.fixture
def store(store_url):
    from assistant.store import open_store

    return open_store(store_url)


@pytest.fixture
def incident(store, brief_en):
    return store.create_incident(brief_en, author="Linh (PR)")
