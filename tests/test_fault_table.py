"""One fault table, through the REAL loopback server, for every way the model is used:
``crisis-desk draft`` (not streamed), a streamed draft, ``crisis-desk replies`` and the UI's
Generate. Each fault gives the same warning everywhere (``warning:`` on stderr,
``warnings`` in JSON, the UI banner) and exit 3 with the real reason under
``--no-fallback``. Nothing of ours is mocked."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.cli import main
from assistant.errors import BackendError
from assistant.services.drafting import stream_draft
from tests.openai_stub import Behaviour, OpenAIStub

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT / "examples" / "brief.en.yaml"
STATEMENT = "We are checking every report about the FreshBox meal kits. Next update at 8 pm."
COMMENTS = "When will the test results be out?\n"
FAST_429 = {"retry-after-ms": "10"}
TIMEOUT_S = 0.5
HTML_PAGE = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"


@dataclass(frozen=True)
class Fault:
    id: str
    script: tuple[Behaviour, ...]  # the server's answers in order (the last repeats)
    detail: str | None  # what the warning says; None: the model's answer is used


def _ok(payload: dict) -> Behaviour:
    if "response_format" in payload:  # a fan reply: the JSON object asked for
        return Behaviour(content=json.dumps({"category": "question",
                                             "reply": "Thank you for asking; we will post the results on our page."}))
    return Behaviour(content="We are checking every report and will post the results on our page.")


OK = Behaviour(content="__ok__")  # replaced per request by _ok
FAULTS = [
    Fault("ok", (OK,), None),
    Fault("429-once", (Behaviour(status=429, headers=FAST_429), OK), None),
    Fault("500", (Behaviour(status=500),), "server error (HTTP 500) after 1 retries"),
    Fault("hang", (Behaviour(delay=3 * TIMEOUT_S),), f"timeout after {TIMEOUT_S:g} s"),
    Fault("empty", (Behaviour(content=""),), "the model returned an empty answer"),
    Fault("non-json-body", (Behaviour(raw_body=b"this is not json {"),),
          "the server's answer was not a Chat Completions response"),
    Fault("html-page", (Behaviour(raw_body=HTML_PAGE, content_type="text/html; charset=utf-8"),),
          "the server's answer was not a Chat Completions response"),
    Fault("json-wrong-shape", (Behaviour(raw_body=b'{"status": "ok", "result": [1, 2]}'),),
          "the server's answer was not a Chat Completions response"),
]
DRAFT_TAIL = "the offline draft is shown"
REPLY_TAIL = "offline replies are used"


@pytest.fixture(scope="module")
def _server():
    with OpenAIStub() as server:
        yield server


@pytest.fixture
def stub(_server, monkeypatch):
    def play(fault: Fault) -> None:
        calls = iter(range(10_000))

        def responder(payload: dict) -> Behaviour:
            b = fault.script[min(next(calls), len(fault.script) - 1)]
            return _ok(payload) if b is OK else b

        _server.reset(responder)

    monkeypatch.delenv("CRISIS_DESK_BACKEND", raising=False)
    _server.configure(monkeypatch, key="sk-test-fault-table", timeout=TIMEOUT_S, retries=1)
    _server.play = play
    return _server


def warning_line(fault: Fault, tail: str) -> str | None:
    return None if fault.detail is None else f"Model unavailable ({fault.detail}) — {tail}"


def stderr_warnings(err: str) -> list[str]:
    return [line.removeprefix("warning: ") for line in err.splitlines() if line.startswith("warning: ")]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_draft_cli(stub, fault, capsys, tmp_path):
    stub.play(fault)
    out = tmp_path / "d.json"
    code = main(["draft", "--brief", str(BRIEF), "--kind", "holding", "--channel", "facebook",
                 "--backend", "openai", "--format", "json", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    expected = warning_line(fault, DRAFT_TAIL)
    if expected is None:
        assert data["backend"] == "openai" and "results on our page" in data["text"]
        assert not [w for w in data["warnings"] if w.startswith("Model unavailable")]
        assert not [w for w in stderr_warnings(err) if w.startswith("Model unavailable")]
    else:
        assert data["backend"] == "offline" and data["text"].strip()
        assert data["warnings"][0] == expected
        assert stderr_warnings(err)[0] == expected
        assert "Traceback" not in err

    stub.play(fault)
    code = main(["draft", "--brief", str(BRIEF), "--kind", "holding", "--channel", "facebook",
                 "--backend", "openai", "--no-fallback", "--out", str(tmp_path / "d.txt")])
    err = capsys.readouterr().err
    if expected is None:
        assert code == 0
    else:
        assert code == 3 and fault.detail in err and "Traceback" not in err
        assert "sk-test-fault-table" not in err


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_streamed_draft(stub, fault, brief_en):
    stub.play(fault)
    s = stream_draft(brief_en, "holding", "facebook", backend="openai")
    shown = "".join(s)
    d = s.result
    expected = warning_line(fault, DRAFT_TAIL)
    assert stub.requests and stub.requests[0].get("stream") is True
    if expected is None:
        assert d.backend == "openai" and "results on our page" in shown
    else:
        assert d.backend == "offline" and d.warnings[0] == expected
        assert shown == d.text or s.interrupted  # the offline draft is what was streamed
        stub.play(fault)
        with pytest.raises(BackendError) as info:
            "".join(stream_draft(brief_en, "holding", "facebook", backend="openai", no_fallback=True))
        assert info.value.exit_code == 3 and fault.detail in info.value.message


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_replies_cli(stub, fault, capsys, tmp_path):
    statement, comments = tmp_path / "statement.txt", tmp_path / "comments.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    comments.write_text(COMMENTS, encoding="utf-8")
    args = ["replies", "--brief", str(BRIEF), "--statement", str(statement), "--comments", str(comments),
            "--backend", "openai", "--out", str(tmp_path / "r.csv")]
    stub.play(fault)
    code = main(args)
    err = capsys.readouterr().err
    assert code == 0, err
    expected = warning_line(fault, REPLY_TAIL)
    csv_text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    if expected is None:
        assert stderr_warnings(err) == [] and "results on our page" in csv_text
    else:
        assert stderr_warnings(err) == [expected] and "Traceback" not in err
        assert "offline fallback: 1" in err

    stub.play(fault)
    code = main(args + ["--no-fallback"])
    err = capsys.readouterr().err
    if expected is None:
        assert code == 0
    else:
        assert code == 3 and fault.detail in err and "Traceback" not in err


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_ui_generate(stub, fault, tmp_db, brief_en):
    from assistant.store import open_store

    store = open_store(tmp_db)
    incident = store.create_incident(brief_en, author="test")
    stub.play(fault)
    at = AppTest.from_string("from assistant.ui.pages import draft\ndraft.render()\n", default_timeout=60)
    at.query_params["incident"] = str(incident.id)
    at.session_state["ui_lang"] = "en"
    at.run()
    at.selectbox(key="dr_backend").set_value("openai")
    at.button(key="dr_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [record] = store.list_drafts(incident.id)
    version = store.get_version(record.id)
    expected = warning_line(fault, DRAFT_TAIL)
    banners = [w.value.replace("\\", "") for w in at.warning]  # the UI escapes Markdown
    if expected is None:
        assert version.backend == "openai" and not any("Model unavailable" in b for b in banners)
    else:
        assert version.backend == "offline"
        assert any(expected in b for b in banners), banners


def test_every_row_reaches_the_server():
    """The table covers the rows the issue names (a guard against a row silently dropped)."""
    assert [f.id for f in FAULTS] == ["ok", "429-once", "500", "hang", "empty", "non-json-body", "html-page",
                                      "json-wrong-shape"]
    assert replace(FAULTS[0]).detail is None


def _refusal_body(payload: dict) -> Behaviour:
    """A structured-output refusal: no content, the model's ``refusal`` message instead."""
    return Behaviour(raw_body=json.dumps({
        "id": "c", "object": "chat.completion", "created": 1, "model": "stub-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": None, "refusal": "I can't help with that."}}],
    }).encode())


@pytest.mark.parametrize("answer, refused", [
    ("I'm sorry, but I can't help with that.", True),
    ("I’m sorry, I cannot assist with this request.", True),
    ("Xin lỗi, tôi không thể hỗ trợ yêu cầu này.", True),
    ("I'm sorry for what happened. We are checking every report and will post the results on our page.", False),
])
def test_a_refusal_is_a_failure_like_any_other(stub, brief_en, answer, refused):
    stub.reset(lambda p: Behaviour(content=answer))
    s = stream_draft(brief_en, "holding", "facebook", backend="openai")
    "".join(s)
    if refused:
        assert s.result.backend == "offline"
        assert s.result.warnings[0] == f"Model unavailable (the model refused to answer) — {DRAFT_TAIL}"
    else:
        assert s.result.backend == "openai"


def test_a_structured_refusal_falls_back_for_a_fan_reply(stub, capsys, tmp_path):
    statement, comments = tmp_path / "statement.txt", tmp_path / "comments.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    comments.write_text(COMMENTS, encoding="utf-8")
    stub.reset(_refusal_body)
    code = main(["replies", "--brief", str(BRIEF), "--statement", str(statement), "--comments", str(comments),
                 "--backend", "openai", "--out", str(tmp_path / "r.csv")])
    assert code == 0
    assert stderr_warnings(capsys.readouterr().err) == [f"Model unavailable (the model refused to answer) — {REPLY_TAIL}"]
