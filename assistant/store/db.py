"""Engines, connection settings, migrations and backups.

One engine per URL, cached and shared by every thread (the Streamlit server calls the
store from several threads); a session per call. SQLite runs in WAL mode with foreign keys
on and a busy timeout, and write transactions start with ``BEGIN IMMEDIATE`` so two
writers queue instead of failing half-way. The schema is created and upgraded by Alembic
on open, from the ``migrations`` folder of this package (no alembic.ini needed).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import StaticPool

from assistant.errors import ConfigError, StoreError

ENV_VAR = "CRISIS_DESK_DB"
BUSY_TIMEOUT_MS = 15_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WRITE_OPTION = "crisis_desk_write"
MIGRATION_LOCK = 0x43524953  # "CRIS": a PostgreSQL advisory lock held while migrating

_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_lock = threading.RLock()


def default_url() -> str:
    """``CRISIS_DESK_DB`` if set, else a SQLite file in the user's data directory."""
    url = os.environ.get(ENV_VAR, "").strip()
    if url:
        return url
    import platformdirs

    folder = Path(platformdirs.user_data_dir("crisis-desk"))
    return f"sqlite:///{folder / 'crisis-desk.db'}"


def normalise(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            f"{ENV_VAR}/--db: {url!r} is not a database URL (examples: "
            "sqlite:////path/to/crisis-desk.db, postgresql+psycopg://user@host/crisisdesk)"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        # The `postgres` extra installs psycopg 3; use it unless psycopg2 is what is there.
        try:
            import psycopg2  # noqa: F401

            parsed = parsed.set(drivername="postgresql")
        except ImportError:
            parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def printable(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for in-memory)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite otherwise defers it and
    # breaks SAVEPOINT and IMMEDIATE transactions).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_begin(conn) -> None:
    write = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def get_engine(url: str) -> Engine:
    """The shared engine for ``url``: created once, migrated to the newest schema."""
    url = normalise(url)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url)
            _engines[url] = engine
        if url not in _migrated:
            migrate(engine)
            _migrated.add(url)
    return engine


def _create(url: str) -> Engine:
    kwargs: dict = {}
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is None:
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"{ENV_VAR}: cannot create the folder {path.parent} ({exc.strerror})") from None
            kwargs.update(connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
    else:
        kwargs.update(pool_pre_ping=True)
    try:
        engine = create_engine(url, **kwargs)
    except NoSuchModuleError:
        raise ConfigError(f"{ENV_VAR}: no SQLAlchemy driver for {printable(url)!r}") from None
    except ImportError as exc:
        raise ConfigError(
            f"{ENV_VAR}: the database driver is not installed ({exc.name}); for PostgreSQL "
            "install the extra: pip install 'crisis-desk[postgres]'"
        ) from None
    if is_sqlite(url):
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (default: the newest) with Alembic."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    try:
        # One writer at a time: two processes opening a new database must not both create it.
        with engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
    except OperationalError as exc:
        raise StoreError(
            f"cannot open the database {printable(str(engine.url))}: {exc.orig}. "
            f"Check {ENV_VAR} (or --db), the server and the file permissions."
        ) from None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(engine: Engine, destination: Path) -> Path:
    """A consistent copy of a live SQLite database (the sqlite3 online backup API)."""
    source_path = sqlite_path(str(engine.url))
    destination = destination.expanduser().resolve()
    if source_path is not None and destination == source_path.expanduser().resolve():
        from assistant.store.messages import refusal

        raise refusal(StoreError, "store.backup_is_database", path=str(destination))
    if destination.is_dir():
        raise StoreError(f"backup: {destination} is a folder; give a file name")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"backup: cannot create the folder {destination.parent} ({exc.strerror})") from None
    partial = destination.with_name(destination.name + ".partial")
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # a self-contained single file
        finally:
            target.close()
        os.replace(partial, destination)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"backup: cannot write {destination} ({exc})") from None
    finally:
        raw.close()
    return destination
