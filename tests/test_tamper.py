"""Tamper evidence on a real SQLite file and a real PostgreSQL: an edited version text is
refused by review, publish and export; a forged audit row, DROP TRIGGER + DELETE, an edited
approval — `crisis-desk verify` names each (row, draft, version) and exits 1; clean is 0."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from assistant.cli import main
from assistant.errors import StoreError, WorkflowError
from assistant.services.identity import verify
from tests.test_store_support import incident, store, store_url  # noqa: F401

TEXT = "We have read the reports. We will refund every buyer in full."
EDITED = "We have read the reports. Nothing happened."


@pytest.fixture
def raw(store_url):
    """A connection that goes around the app, as an attacker with database access would."""
    engine = create_engine(store_url.replace("postgresql+psycopg", "postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        yield conn
    engine.dispose()


@pytest.fixture
def approved(store, incident):
    d = store.create_draft(incident.id, "holding", "facebook", "en", author="Linh")
    v = store.add_version(d.id, TEXT, author="Linh")
    store.submit_for_review(d.id, 1, actor="Linh")
    for role in store.required_roles(d.id, 1) or ["lawyer"]:
        store.review(d.id, 1, reviewer="An", role=role, decision="approved", comment="", sha256=v.sha256)
    return d, v


def _verify_cli(store_url, capsys) -> tuple[int, str]:
    code = main(["verify", "--db", store_url])
    return code, capsys.readouterr().out


def test_a_clean_database_verifies(store_url, store, approved, capsys):
    d, v = approved
    store.publish(d.id, 1, channel="facebook", actor="Linh", sha256=v.sha256)
    assert verify(store) == []
    assert _verify_cli(store_url, capsys) == (0, "")


def test_an_edited_version_text_is_refused_and_reported(store_url, store, approved, raw, capsys):
    d, v = approved
    raw.execute(text("UPDATE versions SET text = :t WHERE id = :id"), {"t": EDITED, "id": v.id})
    with pytest.raises(WorkflowError) as caught:  # publish re-hashes the exact text it would publish
        store.publish(d.id, 1, channel="facebook", actor="Linh", sha256=v.sha256)
    assert "no longer matches its SHA-256" in caught.value.translations["en"]
    assert "không còn khớp SHA-256" in caught.value.translations["vi"]
    with pytest.raises(WorkflowError, match="no longer matches"):
        store.review(d.id, 1, reviewer="Minh", role="pr", decision="approved", comment="", sha256=v.sha256)
    from assistant.services.exports import document_from_store

    with pytest.raises(StoreError, match="SHA-256"):
        document_from_store(store, d.id, 1)
    code, out = _verify_cli(store_url, capsys)
    assert code == 1
    assert f"draft {d.id}, version 1: the stored text does not match its SHA-256" in out


def test_an_edited_text_with_a_recomputed_hash_is_caught_by_the_chain(store_url, store, approved, raw, capsys):
    from assistant.store.workflow import text_sha256

    d, v = approved
    raw.execute(text("UPDATE versions SET text = :t, sha256 = :h WHERE id = :id"),
                {"t": EDITED, "h": text_sha256(EDITED), "id": v.id})
    code, out = _verify_cli(store_url, capsys)
    assert code == 1
    assert "no audit entry records this version" in out  # the chain recorded the old hash


def test_a_forged_audit_insert_is_reported(store_url, store, approved, raw, capsys):
    raw.execute(text("INSERT INTO audit_log (at, actor, action, target_type, target_id, incident_id, detail_json) "
                     "VALUES ('2026-12-01 10:00:00', 'lan@firm.vn', 'review.approved', 'draft', 1, 1, '{}')"))
    code, out = _verify_cli(store_url, capsys)
    assert code == 1 and "is not in the hash chain" in out


def test_drop_trigger_then_delete_is_reported(store_url, store, approved, raw, capsys):
    if raw.dialect.name == "sqlite":
        raw.execute(text("DROP TRIGGER audit_log_no_delete"))
    else:
        raw.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
    added = raw.execute(text("SELECT min(seq) FROM audit_log WHERE action = 'version.add'")).scalar()
    raw.execute(text("DELETE FROM audit_log WHERE seq = :seq"), {"seq": added})
    code, out = _verify_cli(store_url, capsys)
    assert code == 1
    assert "of the chain are missing (deleted)" in out
    assert "no audit entry records this version" in out


def test_deleting_the_tail_of_the_log_is_reported(store_url, store, approved, raw, capsys):
    raw.execute(text("DROP TRIGGER audit_log_no_delete") if raw.dialect.name == "sqlite"
                else text("DROP TRIGGER audit_log_append_only ON audit_log"))
    raw.execute(text("DELETE FROM audit_log WHERE action = 'review.approved'"))
    code, out = _verify_cli(store_url, capsys)
    assert code == 1 and "has no audit entry" in out


def test_a_forged_approval_row_is_reported(store_url, store, approved, raw, capsys):
    d, v = approved
    raw.execute(text("INSERT INTO reviews (version_id, reviewer, role, decision, comment, sha256, created_at) "
                     "VALUES (:v, 'Linh', 'pr', 'approved', '', :h, '2026-12-01 10:00:00')"), {"v": v.id, "h": v.sha256})
    code, out = _verify_cli(store_url, capsys)
    assert code == 1
    assert "Linh approved her own version" in out and "has no audit entry" in out


def test_with_a_server_key_a_row_forged_with_the_right_hash_is_caught(store_url, store, incident, raw, monkeypatch,
                                                                     capsys):
    """Anyone can recompute SHA-256; only the server can sign."""
    from assistant.store import chain

    monkeypatch.setenv(chain.KEY_ENV, "server-signing-key-0123456789")
    store.create_draft(incident.id, "holding", "x", "en", author="Linh")  # a signed row
    last = raw.execute(text("SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1")).one()
    import datetime as dt

    at = dt.datetime(2026, 12, 1, 10, 0)
    digest = chain.row_hash(last.seq + 1, at, "lan@firm.vn", "review.approved", "draft", 1, 1, "{}", last.row_hash)
    raw.execute(text("INSERT INTO audit_log (at, actor, action, target_type, target_id, incident_id, detail_json, "
                     "seq, prev_hash, row_hash) VALUES (:at, 'lan@firm.vn', 'review.approved', 'draft', 1, 1, '{}', "
                     ":seq, :prev, :hash)"), {"at": at, "seq": last.seq + 1, "prev": last.row_hash, "hash": digest})
    code, out = _verify_cli(store_url, capsys)
    assert code == 1 and "is not signed with the server key" in out
    monkeypatch.delenv(chain.KEY_ENV)
    assert _verify_cli(store_url, capsys)[0] == 0  # without the key only the hashes can be checked: they hold


def test_upgrading_an_old_database_chains_its_existing_log(tmp_path, brief_en, capsys):
    """A database from before migration 0003 keeps its history, chained on upgrade."""
    from assistant.store import db, open_store

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = db._create(db.normalise(url))
    db.migrate(engine, "0002")
    with engine.begin() as conn:
        for i in range(3):
            conn.execute(text("INSERT INTO audit_log (at, actor, action, target_type, detail_json) "
                              "VALUES (:at, 'Linh', 'store.backup', 'database', '{}')"),
                         {"at": f"2026-11-0{i + 1} 08:00:00.000000"})
    engine.dispose()
    store = open_store(url)
    assert [e.action for e in store.audit_log()] == ["store.backup"] * 3
    assert verify(store) == []
    store.create_incident(brief_en, author="Linh")
    assert _verify_cli(url, capsys)[0] == 0


def test_exports_are_in_the_audit_chain(store_url, store, approved, tmp_path, monkeypatch, capsys):
    d, v = approved
    monkeypatch.setenv("CRISIS_DESK_DB", store_url)
    assert main(["export", str(d.id), "--format", "md", "--out", str(tmp_path / "s.md")]) == 0
    [entry] = [e for e in store.audit_log() if e.action == "draft.export"]
    assert (entry.target_id, entry.detail["number"], entry.detail["sha256"], entry.detail["format"]) == \
        (d.id, 1, v.sha256, "md")
    capsys.readouterr()
    assert _verify_cli(store_url, capsys) == (0, "")
