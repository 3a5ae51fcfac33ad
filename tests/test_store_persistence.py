"""Durability: migrations (empty and older databases), restart, backup while writing,
concurrent writers, and the ``crisis-desk backup`` command."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from assistant.services.drafts import save_version, stored_scan

from assistant.cli import main
from assistant.errors import ConflictError
from assistant.store import db, open_store
from tests.test_store_support import incident, store, store_url  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
TABLES = {"incidents", "brief_versions", "drafts", "versions", "reviews", "publications", "working_copies",
          "audit_log", "alembic_version"}


def _heads() -> list[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    return list(ScriptDirectory.from_config(cfg).get_heads())


def test_open_creates_the_schema_at_head(store):
    names = set(inspect(store.engine).get_table_names())
    assert TABLES <= names
    assert [db.current_revision(store.engine)] == _heads()


def test_sqlite_connection_settings(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'settings.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS


def test_default_location_comes_from_the_environment(tmp_db, brief_en):
    store = open_store()
    assert store.url == tmp_db
    store.create_incident(brief_en, author="Linh")
    assert len(open_store(tmp_db).list_incidents()) == 1


def test_sqlite_folder_is_created(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'folder' / 'x.db'}"
    assert open_store(url).list_incidents() == []
    assert (tmp_path / "new" / "folder" / "x.db").exists()


@pytest.mark.parametrize("url,words", [
    ("not a url", ["CRISIS_DESK_DB", "not a database URL"]),
    ("nosuchdb://host/x", ["CRISIS_DESK_DB", "nosuchdb"]),
])
def test_bad_database_urls_say_what_to_fix(url, words):
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        open_store(url)
    assert all(w in caught.value.message for w in words)


def test_an_older_database_is_upgraded_with_its_data(tmp_path, brief_en):
    """A database created by the first release (revision 0001 only, rows written with
    plain SQL as that release would) opens with the current code: upgraded, data kept."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    db.migrate(old, "0001")
    now = dt.datetime(2026, 11, 20, 9, 30)
    with old.begin() as conn:
        conn.execute(text("INSERT INTO incidents (id, title, created_by, created_at, updated_at) "
                          "VALUES (1, :t, 'Linh', :n, :n)"), {"t": brief_en.incident.title, "n": now})
        conn.execute(text("INSERT INTO brief_versions (incident_id, number, brief_json, author, created_at) "
                          "VALUES (1, 1, :b, 'Linh', :n)"), {"b": brief_en.model_dump_json(), "n": now})
        conn.execute(text("INSERT INTO drafts (id, incident_id, kind, channel, language, author, created_at, "
                          "updated_at) VALUES (1, 1, 'holding', 'x', 'en', 'Linh', :n, :n)"), {"n": now})
        conn.execute(text("INSERT INTO versions (draft_id, number, text, sha256, author, created_at) "
                          "VALUES (1, 1, 'Old text.', :h, 'Linh', :n)"),
                     {"h": __import__("hashlib").sha256(b"Old text.").hexdigest(), "n": now})
    old_tables = set(inspect(old).get_table_names())
    old.dispose()
    assert _heads() != ["0001"], "no migration after 0001: this test would not exercise an upgrade"
    store = open_store(url)
    assert [db.current_revision(store.engine)] == _heads()
    assert set(inspect(store.engine).get_table_names()) > old_tables  # the later tables were added
    inc = store.get_incident(1)
    assert inc.brief == brief_en and inc.created_at == now.replace(tzinfo=dt.timezone.utc)
    v = store.get_version(1)
    assert v.text == "Old text." and v.backend == "human" and not v.is_conflict_copy and v.scan_json is None
    assert store.get_draft(1).status == "draft"
    # the old data keeps working with the new code
    v2 = save_version(store, 1, "New text.", author="An", parent=1)
    assert v2.number == 2 and stored_scan(v2) is not None


def test_restart_keeps_everything(tmp_path, brief_vi):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    first = open_store(url)
    inc = first.create_incident(brief_vi, author="Minh")
    draft = first.create_draft(inc.id, "apology", "facebook", "vi", author="Minh")
    v = first.add_version(draft.id, "Tôi thành thật xin lỗi.", author="Minh")
    first.submit_for_review(draft.id, 1, actor="Minh")
    first.review(draft.id, 1, reviewer="Lan", role="lawyer", decision="approved", comment="", sha256=v.sha256)
    first.save_working_copy(inc.id, "brief_form", {"title": "nửa chừng"})
    before = (first.list_incidents(), first.list_versions(draft.id), first.list_reviews(draft.id),
              first.audit_log(), first.get_draft(draft.id))
    first.close()
    db._engines.pop(db.normalise(url)).dispose()  # a new process: no cached engine
    db._migrated.discard(db.normalise(url))
    again = open_store(url)
    after = (again.list_incidents(), again.list_versions(draft.id), again.list_reviews(draft.id),
             again.audit_log(), again.get_draft(draft.id))
    assert after == before
    assert again.load_working_copy(inc.id, "brief_form") == {"title": "nửa chừng"}


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"])
def test_audit_log_triggers_refuse_changes_from_any_sqlite_client(tmp_path, brief_en, statement):
    path = tmp_path / "audit.db"
    open_store(f"sqlite:///{path}").create_incident(brief_en, author="Linh")
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(statement)
        assert conn.execute("SELECT actor, action FROM audit_log").fetchall() == [("Linh", "incident.create")]
    finally:
        conn.close()


def test_two_processes_opening_a_new_database_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'race.db'}"
    code = ("import sys; from assistant.store import open_store; s = open_store(sys.argv[1]); "
            "print(len(s.list_incidents()))")
    procs = [subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in outcomes]
    assert [out.strip() for out, _ in outcomes] == ["0", "0", "0"]


def test_backup_is_consistent_while_another_connection_writes(tmp_path, brief_en):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    store = open_store(url)
    inc = store.create_incident(brief_en, author="Linh")
    draft = store.create_draft(inc.id, "update", "facebook", "en", author="Linh")
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer():
        writer_store = open_store(url)
        n = 0
        try:
            while not stop.is_set() and n < 5000:
                n += 1
                writer_store.add_version(draft.id, f"Update text {n}.", author="Writer")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    deadline = dt.datetime.now() + dt.timedelta(seconds=20)
    while (store.get_draft(draft.id).latest_version or 0) < 20 and dt.datetime.now() < deadline:
        stop.wait(0.01)
    copies = [store.backup(tmp_path / f"copy{i}.db") for i in range(3)]
    still_writing = thread.is_alive()
    stop.set()
    thread.join(30)
    assert not errors and still_writing
    for copy in copies:
        conn = sqlite3.connect(copy)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            numbers = [r[0] for r in conn.execute("SELECT number FROM versions ORDER BY number")]
            audited = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'version.add'").fetchone()[0]
        finally:
            conn.close()
        assert numbers == list(range(1, len(numbers) + 1))
        assert len(numbers) >= 20
        assert audited == len(numbers)  # each version and its audit entry: same transaction
    restored = open_store(f"sqlite:///{copies[-1]}")
    assert restored.get_incident(inc.id).brief == brief_en


def test_backup_refuses_to_overwrite_the_database(tmp_path):
    from assistant.errors import StoreError

    store = open_store(f"sqlite:///{tmp_path / 'self.db'}")
    with pytest.raises(StoreError) as caught:
        store.backup(tmp_path / "self.db")
    assert "the database itself" in caught.value.message


def test_two_threads_adding_versions(store, incident):
    draft = store.create_draft(incident.id, "holding", "facebook", "en", author="Linh")
    base = store.add_version(draft.id, "Base.", author="Linh")
    results: dict[str, list] = {"saved": [], "conflicts": [], "errors": []}
    barrier = threading.Barrier(2)

    def editor(name: str):
        barrier.wait()
        for i in range(15):
            try:
                v = store.add_version(draft.id, f"{name} {i}", author=name, parent=store.get_version(draft.id).number)
                results["saved"].append(v.number)
            except ConflictError as exc:
                results["conflicts"].append(exc.kept_version)
            except BaseException as exc:  # noqa: BLE001
                results["errors"].append(exc)

    threads = [threading.Thread(target=editor, args=(n,)) for n in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results["errors"] == []
    versions = store.list_versions(draft.id)
    assert len(versions) == 31 and [v.number for v in versions] == list(range(1, 32))
    assert sorted(results["saved"] + results["conflicts"]) == list(range(2, 32))
    assert {v.number for v in versions if v.is_conflict_copy} == set(results["conflicts"])
    assert {v.text for v in versions} == {base.text} | {f"{n} {i}" for n in "AB" for i in range(15)}


# ---------------------------------------------------------------- the command

def test_backup_command_writes_a_readable_copy(tmp_db, tmp_path, brief_en, capsys):
    open_store(tmp_db).create_incident(brief_en, author="Linh")
    target = tmp_path / "backups" / "crisis-desk-copy.db"
    assert main(["backup", str(target)]) == 0
    assert "backed up" in capsys.readouterr().err
    assert open_store(f"sqlite:///{target}").list_incidents()[0].brief == brief_en


@pytest.mark.parametrize("db_url,expected", [
    ("postgresql://crisis:secret@db.example/crisis", "pg_dump"),
    ("not a url", "not a database URL"),
])
def test_backup_command_errors_exit_2_without_traceback(tmp_path, capsys, db_url, expected):
    assert main(["backup", str(tmp_path / "x.db"), "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and "secret" not in err


@pytest.mark.parametrize("url,normalised,shown", [
    ("postgresql://crisis:s3cret@db:5432/desk", "postgresql+psycopg://crisis:s3cret@db:5432/desk",
     "postgresql+psycopg://crisis:***@db:5432/desk"),
    ("postgres://crisis:s3cret@db/desk", "postgresql+psycopg://crisis:s3cret@db/desk",
     "postgresql+psycopg://crisis:***@db/desk"),
    ("postgresql+psycopg://crisis@db/desk", "postgresql+psycopg://crisis@db/desk", "postgresql+psycopg://crisis@db/desk"),
    ("sqlite:////var/lib/crisis-desk/desk.db", "sqlite:////var/lib/crisis-desk/desk.db",
     "sqlite:////var/lib/crisis-desk/desk.db"),
])
def test_database_urls_are_normalised_and_shown_without_password(url, normalised, shown):
    assert db.normalise(url) == normalised
    assert db.printable(db.normalise(url)) == shown
