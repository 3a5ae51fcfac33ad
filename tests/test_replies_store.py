"""Fan replies kept with the incident in the store: migration 0002, resume from the store."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import inspect

from assistant.errors import NotFoundError
from assistant.services.replies import answer_comments, revise_reply
from assistant.replies.models import Comment
from assistant.replies.storage import StoreReplyCache, load_comments, load_statement, save_comments, save_statement
from assistant.store import open_store
from tests.openai_stub import Behaviour

STATEMENT = "Lô hàng bị ảnh hưởng là lô SR-12-1025."


def _comments(n: int) -> list[Comment]:
    from tests.test_replies_batch import QUESTIONS

    return [Comment(id=str(i), text=QUESTIONS[i], line=i + 1) for i in range(n)]


def test_migration_creates_the_table(tmp_db):
    store = open_store(tmp_db)
    inspector = inspect(store.engine)
    assert "fan_replies" in inspector.get_table_names()
    cols = {c["name"] for c in inspector.get_columns("fan_replies")}
    assert {"incident_id", "statement_sha256", "group_hash", "reply_json"} <= cols


def test_replies_resume_from_the_store_across_processes(tmp_db, brief_vi, openai_stub, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("CRISIS_DESK_MAX_RETRIES", "0")
    ok = Behaviour(content=json.dumps({"category": "question", "reply": "Cảm ơn bạn, mình sẽ cập nhật trên trang chính thức."}))
    openai_stub.script = [ok, ok, ok, Behaviour(status=500)]
    store = open_store(tmp_db)
    incident = store.create_incident(brief_vi, author="pr@team")
    from assistant.errors import BackendError
    with pytest.raises(BackendError):
        answer_comments(_comments(6), brief_vi, STATEMENT, backend="openai", concurrency=1,
                        cache=StoreReplyCache(store, incident.id), no_fallback=True)
    openai_stub.script = [ok]
    openai_stub._calls = 0
    before = openai_stub.calls
    reopened = open_store(tmp_db)  # a new session: only the database remembers
    result = answer_comments(_comments(6), brief_vi, STATEMENT, backend="openai", concurrency=2,
                             cache=StoreReplyCache(reopened, incident.id))
    assert result.reused == 3 and openai_stub.calls - before == 3
    stored = StoreReplyCache(reopened, incident.id).all(result.statement_sha256)
    assert set(stored) == {g.key for g in result.groups}


def test_an_edit_is_kept_and_rescanned(tmp_db, brief_vi):
    store = open_store(tmp_db)
    incident = store.create_incident(brief_vi, author="pr@team")
    cache = StoreReplyCache(store, incident.id)
    result = answer_comments(_comments(1), brief_vi, STATEMENT, backend="offline", cache=cache)
    reply = next(iter(result.replies.values()))
    edited = revise_reply(reply, "Chúng tôi sẽ hoàn tiền 100% cho tất cả mọi người.", brief_vi)
    cache.put(edited)
    again = answer_comments(_comments(1), brief_vi, STATEMENT, backend="offline", cache=StoreReplyCache(store, incident.id))
    kept = next(iter(again.replies.values()))
    assert kept.backend == "human" and kept.text.startswith("Chúng tôi sẽ hoàn tiền")
    assert kept.needs_review and "compensation_promise" in {f.category for f in kept.findings}
    assert again.reused == 1
    saved = [e for e in store.audit_log(incident.id) if e.action == "reply.save"]  # fan replies are in the audit chain
    assert saved and saved[-1].detail["advice"] == edited.action


def test_comments_and_statement_survive_a_refresh(tmp_db, brief_vi):
    store = open_store(tmp_db)
    incident = store.create_incident(brief_vi, author="pr@team")
    save_comments(store, incident.id, _comments(3), "fb.csv")
    save_statement(store, incident.id, STATEMENT)
    source, comments = load_comments(open_store(tmp_db), incident.id)
    assert source == "fb.csv" and comments == _comments(3)
    assert load_statement(store, incident.id) == STATEMENT


def test_unknown_incident_is_a_clear_error(tmp_db):
    store = open_store(tmp_db)
    with pytest.raises(NotFoundError) as err:
        StoreReplyCache(store, 999)
    assert re.search(r"999", err.value.message)
