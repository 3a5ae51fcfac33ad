"""The OpenAI-compatible back end and its settings, against the REAL loopback server
``tests/openai_stub.py`` (nothing of ours is mocked).

Every failure the issue lists — 429 beyond retries, persistent 5xx, a hang past the time
limit, an empty answer, a non-JSON body, a refused connection — must fall back to the
offline draft with a visible reason, or raise ``BackendError`` (exit 3) with
``no_fallback``; the API key must never show up anywhere but the Authorization header.
"""

from __future__ import annotations

import json
import logging

import pytest
from pydantic import SecretStr

from assistant.backends import ModelFailure, get_backend, run
from assistant.backends.cleanup import protected_name_in
from assistant.backends.failures import messages
from assistant.backends.openai_compat import OpenAIBackend
from assistant.drafting import build_request
from assistant.services.drafting import draft, stream_draft
from assistant.drafting.offline import render_offline
from assistant.drafting.pipeline import model_request
from assistant.drafting.prompting import build_messages
from assistant.errors import BackendError, ConfigError
from assistant.backends.connection import check_connection
from assistant.settings import PLACEHOLDER_KEY, BackendSettings
from tests.openai_stub import Behaviour, OpenAIStub

CANARY = "sk-test-CANARY-4f1e9a-do-not-leak"

FAST_429 = {"retry-after-ms": "10"}  # the SDK honours it: retries stay fast


@pytest.fixture(scope="module")
def _server():
    with OpenAIStub() as server:
        yield server


@pytest.fixture
def openai_stub(_server):
    """One loopback server for the module (stopping one costs 0.5 s), fresh script per test."""
    return _server.reset()


def authorization(stub: OpenAIStub) -> str:
    return {k.lower(): v for k, v in stub.headers[-1].items()}["authorization"]


def model_warnings(d) -> list[str]:
    return [w for w in d.warnings if w.startswith("Model unavailable")]


def stub_settings(stub: OpenAIStub, *, key: str | None = CANARY, timeout: float = 5.0,
                  max_retries: int = 1, model: str = "stub-model") -> BackendSettings:
    return BackendSettings(backend="openai", base_url=stub.base_url,
                           api_key=SecretStr(key) if key else None,
                           timeout=timeout, max_retries=max_retries, model=model)


# --------------------------------------------------------------------------- settings

@pytest.mark.parametrize(
    "env, secrets, resolved, sdk_key",
    [
        ({}, None, "offline", PLACEHOLDER_KEY),
        ({"OPENAI_API_KEY": "k-1"}, None, "openai", "k-1"),
        ({"OPENAI_BASE_URL": "http://localhost:11434/v1"}, None, "openai", PLACEHOLDER_KEY),
        ({"OPENAI_API_KEY": "   "}, None, "offline", PLACEHOLDER_KEY),  # blank means unset
        ({"CRISIS_DESK_BACKEND": "offline", "OPENAI_API_KEY": "k-1"}, None, "offline", "k-1"),
        ({"CRISIS_DESK_BACKEND": "OpenAI", "OPENAI_API_KEY": "k-1"}, None, "openai", "k-1"),
        ({}, {"OPENAI_API_KEY": "from-secrets"}, "openai", "from-secrets"),
        ({"OPENAI_API_KEY": "from-env"}, {"OPENAI_API_KEY": "from-secrets"}, "openai", "from-env"),
    ],
    ids=["nothing", "key", "base-url-only", "blank-key", "forced-offline", "case", "secrets", "env-wins"],
)
def test_auto_selection(env, secrets, resolved, sdk_key):
    settings = BackendSettings.from_env(secrets, environ=env)
    assert settings.resolved_backend() == resolved
    assert settings.sdk_key() == sdk_key


def test_defaults_and_env(monkeypatch):
    s = BackendSettings.from_env()
    assert (s.backend, s.timeout, s.max_retries, s.api_key, s.base_url) == ("auto", 60.0, 2, None, None)
    monkeypatch.setenv("CRISIS_DESK_TIMEOUT", "2.5")
    monkeypatch.setenv("CRISIS_DESK_MODEL", "llama3.1:8b")
    monkeypatch.setenv("CRISIS_DESK_MAX_RETRIES", "0")
    s = BackendSettings.from_env({"CRISIS_DESK_MODEL": "ignored: env first"})
    assert (s.timeout, s.model, s.max_retries) == (2.5, "llama3.1:8b", 0)
    assert s.with_overrides(model="other").model == "other"


@pytest.mark.parametrize(
    "var, value, expected",
    [
        ("CRISIS_DESK_TIMEOUT", "abc", "CRISIS_DESK_TIMEOUT=abc: must be a number of seconds"),
        ("CRISIS_DESK_TIMEOUT", "0", "CRISIS_DESK_TIMEOUT=0: must be a number of seconds greater than 0"),
        ("CRISIS_DESK_TIMEOUT", "-3", "CRISIS_DESK_TIMEOUT=-3: must be a number of seconds greater than 0"),
        ("CRISIS_DESK_TIMEOUT", "nan", "CRISIS_DESK_TIMEOUT=nan: must be a number of seconds greater than 0"),
        ("CRISIS_DESK_MAX_RETRIES", "two", "CRISIS_DESK_MAX_RETRIES=two: must be a whole number"),
        ("CRISIS_DESK_MAX_RETRIES", "99", "CRISIS_DESK_MAX_RETRIES=99: must be between 0 and 10"),
        ("CRISIS_DESK_BACKEND", "gpt", "CRISIS_DESK_BACKEND=gpt: must be one of auto, offline, openai"),
        ("OPENAI_BASE_URL", "localhost:11434", "OPENAI_BASE_URL=localhost:11434: must be an http(s) URL"),
    ],
)
def test_bad_settings_name_the_variable(var, value, expected):
    with pytest.raises(ConfigError) as info:
        BackendSettings.from_env(environ={var: value})
    assert str(info.value).startswith(expected)
    assert info.value.exit_code == 2


def test_key_is_secret_everywhere():
    s = BackendSettings(api_key=SecretStr(CANARY), base_url="http://user:pw@localhost:8000/v1?api-key=" + CANARY)
    for shown in (repr(s), str(s), s.model_dump_json(), json.dumps(s.model_dump(mode="json")),
                  s.server_label(), repr(OpenAIBackend(s))):
        assert CANARY not in shown and ":pw@" not in shown
    plain = s.model_copy(update={"base_url": "http://localhost:8000/v1"})
    assert CANARY not in repr(OpenAIBackend(plain).client)
    assert s.redact(f"server said: bad key {CANARY}") == "server said: bad key ***"


def test_openai_without_key_or_url_is_a_config_error():
    with pytest.raises(ConfigError, match="OPENAI_API_KEY nor OPENAI_BASE_URL"):
        get_backend(BackendSettings(backend="openai"))


def test_client_uses_chat_completions_with_our_limits(openai_stub, brief_en):
    backend = OpenAIBackend(stub_settings(openai_stub, timeout=7, max_retries=3))
    assert backend.client.timeout == 7 and backend.client.max_retries == 3
    openai_stub.script = [Behaviour(content="We are checking.")]
    assert run(backend, model_request(build_request(brief_en, "holding", "email"))).text == "We are checking."
    assert openai_stub.requests[0]["messages"] and "input" not in openai_stub.requests[0]


# --------------------------------------------------------------------------- what is sent

@pytest.mark.parametrize("streamed", [False, True], ids=["invoke", "stream"])
def test_request_carries_principles_and_facts(openai_stub, brief_vi, streamed):
    openai_stub.script = [Behaviour(content="Chúng tôi đang kiểm tra các phản ánh.")]
    request = build_request(brief_vi, "holding", "facebook")
    backend = OpenAIBackend(stub_settings(openai_stub))
    text = run(backend, model_request(request, stream=streamed)).text
    assert text == "Chúng tôi đang kiểm tra các phản ánh."
    (payload,) = openai_stub.requests
    assert payload["model"] == "stub-model"
    assert bool(payload.get("stream")) is streamed
    assert "input" not in payload  # the Responses API would send "input", not "messages"
    expected = build_messages(request)
    assert [m["role"] for m in payload["messages"]] == ["system", "user"]
    assert [m["content"] for m in payload["messages"]] == [content for _, content in expected]
    assert payload["messages"][0]["content"].strip()
    sent = "\n".join(m["content"] for m in payload["messages"])
    for fact in brief_vi.confirmed_facts:
        assert fact in sent
    assert protected_name_in(sent, brief_vi.protected_names) is None  # never sent to a model
    assert authorization(openai_stub) == f"Bearer {CANARY}"


def test_base_url_without_key_sends_placeholder_only_to_the_server(openai_stub, brief_en):
    openai_stub.script = [Behaviour(content="We are checking the reports.")]
    d = draft(brief_en, "holding", "email", settings=stub_settings(openai_stub, key=None))
    assert d.backend == "openai" and d.fallback_reason is None and not model_warnings(d)
    assert authorization(openai_stub) == f"Bearer {PLACEHOLDER_KEY}"
    assert PLACEHOLDER_KEY not in d.model_dump_json()


@pytest.mark.parametrize("streamed", [False, True], ids=["invoke", "stream"])
def test_streamed_and_plain_answers_arrive_whole(openai_stub, brief_en, streamed):
    answer = "We know some of you became ill after eating FreshBox kits. We are checking what happened."
    openai_stub.script = [Behaviour(content=answer, chunk_size=7)]
    settings = stub_settings(openai_stub)
    if streamed:
        s = stream_draft(brief_en, "holding", "facebook", settings=settings)
        chunks = list(s)
        assert len(chunks) >= len(answer) // 7 and "".join(chunks) == answer
        d = s.result
    else:
        d = draft(brief_en, "holding", "facebook", settings=settings)
    assert (d.backend, d.model, model_warnings(d), d.fallback_reason) == ("openai", "stub-model", [], None)
    assert answer in d.text


def test_fenced_long_x_thread_from_the_model_is_resplit(openai_stub, brief_en):
    sentence = "We are checking every report about batch FB-2211 with the FreshBox quality team. "
    answer = f"```\n**1/2** {sentence * 4}\n\n**2/2** Next update: 8 pm on 21 November 2026.\n```"
    openai_stub.script = [Behaviour(content=answer)]
    d = draft(brief_en, "holding", "x", settings=stub_settings(openai_stub))
    assert d.backend == "openai" and "```" not in d.text and "**" not in d.text
    n = len(d.posts)
    assert n >= 2 and all(p.startswith(f"{i}/{n} ") and len(p) <= 280 for i, p in enumerate(d.posts, 1))
    body = " ".join(" ".join(p.split()[1:]) for p in d.posts)
    assert body.count("We are checking every report") == 4 and "1/2" not in body and "Next update" in body


def test_429_then_success_retries(openai_stub, brief_en):
    openai_stub.script = [Behaviour(status=429, headers=FAST_429), Behaviour(content="We are checking.")]
    d = draft(brief_en, "holding", "email", settings=stub_settings(openai_stub, max_retries=2))
    assert openai_stub.calls == 2
    assert d.backend == "openai" and not model_warnings(d) and "We are checking." in d.text


# --------------------------------------------------------------------------- failures

def _cut_off(streamed: bool) -> bytes:
    """A raw answer whose finish_reason is "length" (the output limit cut it)."""
    if not streamed:
        return json.dumps({"id": "c", "object": "chat.completion", "created": 1, "model": "stub-model",
                           "choices": [{"index": 0, "finish_reason": "length",
                                        "message": {"role": "assistant", "content": "We are chec"}}]}).encode()
    events = [{"delta": {"content": "We are chec"}, "finish_reason": None}, {"delta": {}, "finish_reason": "length"}]
    return b"".join(
        b"data: " + json.dumps({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "stub-model",
                                "choices": [{"index": 0, **e}]}).encode() + b"\n\n" for e in events
    ) + b"data: [DONE]\n\n"


@pytest.mark.parametrize("streamed", [False, True], ids=["invoke", "stream"])
def test_cut_off_answer_falls_back(openai_stub, brief_en, streamed):
    openai_stub.script = [Behaviour(raw_body=_cut_off(streamed))]
    settings = stub_settings(openai_stub)
    if streamed:
        s = stream_draft(brief_en, "holding", "email", settings=settings)
        assert list(s) == ["We are chec"] and s.interrupted
        d = s.result
    else:
        d = draft(brief_en, "holding", "email", settings=settings)
    assert d.backend == "offline" and d.fallback_reason.code == "model_truncated"
    assert "cut off" in d.warnings[0]


FAILURES = [
    # id, script, settings overrides, failure code, words in the warning, expected calls
    ("429-beyond-retries", [Behaviour(status=429, headers=FAST_429)], {"max_retries": 1}, "rate_limited", "429", 2),
    ("persistent-5xx", [Behaviour(status=503)], {"max_retries": 1}, "server_error", "HTTP 503", 2),
    ("hang", [Behaviour(delay=3)], {"timeout": 1, "max_retries": 0}, "timeout", "timeout after 1 s", 1),
    ("empty", [Behaviour(content="")], {}, "empty", "empty answer", 1),
    ("fence-only", [Behaviour(content="```\n\n```")], {}, "empty", "empty answer", 1),
    ("non-json", [Behaviour(raw_body=b"<html>502 Bad Gateway</html>")], {}, "bad_response", "not a Chat Completions", 1),
    ("unknown-model", [Behaviour(status=404)], {}, "model_not_found", "not found", 1),
    ("bad-key", [Behaviour(status=401)], {}, "auth", "refused the API key", 1),
    ("protected-name", [Behaviour(content="We spoke with Emily Chen's family.")], {}, "protected_name", "protected", 1),
    ("protected-name-folded", [Behaviour(content="We spoke with EMILY  chen.")], {}, "protected_name", "protected", 1),
]


# answers whose words were already streamed when they turned out unusable
SHOWN_BEFORE_FAILING = {"fence-only", "protected-name", "protected-name-folded"}


@pytest.mark.parametrize("streamed", [False, True], ids=["invoke", "stream"])
@pytest.mark.parametrize("case", FAILURES, ids=[c[0] for c in FAILURES])
def test_failures_fall_back_with_a_reason(openai_stub, brief_en, case, streamed, caplog):
    caplog.set_level(logging.DEBUG)
    _, script, overrides, code, words, calls = case
    openai_stub.script = list(script)
    settings = stub_settings(openai_stub, **overrides)
    if streamed:
        s = stream_draft(brief_en, "holding", "facebook", settings=settings)
        shown = "".join(s)
        d = s.result
    else:
        d = draft(brief_en, "holding", "facebook", settings=settings)
    offline = draft(brief_en, "holding", "facebook", backend="offline")
    assert (d.backend, d.model, d.text) == ("offline", None, offline.text)
    assert d.warnings[0].startswith("Model unavailable (") and words in d.warnings[0]
    assert d.warnings[0].endswith("— the offline draft is shown")
    assert d.fallback_reason.code == f"model_{code}" and d.fallback_reason.vi.startswith("Không dùng được mô hình")
    assert openai_stub.calls == calls
    if streamed:
        # before the first chunk: the offline draft is streamed instead; after: stopped
        assert s.interrupted is (case[0] in SHOWN_BEFORE_FAILING)
        if not s.interrupted:
            assert shown == render_offline(build_request(brief_en, "holding", "facebook"))
    everything = d.model_dump_json() + repr(d) + caplog.text + (shown if streamed else "")
    assert CANARY not in everything


@pytest.mark.parametrize("case", FAILURES[:6], ids=[c[0] for c in FAILURES[:6]])
def test_no_fallback_raises_backend_error(openai_stub, brief_en, case):
    _, script, overrides, code, words, _ = case
    openai_stub.script = list(script)
    with pytest.raises(BackendError) as info:
        draft(brief_en, "holding", "x", no_fallback=True, settings=stub_settings(openai_stub, **overrides))
    err = info.value
    assert isinstance(err, ModelFailure) and err.code == code and err.exit_code == 3
    assert words in err.message and openai_stub.base_url in err.message
    assert err.hint("en") in err.message and err.hint("en").strip()  # what the operator should do
    assert CANARY not in err.message


def test_refused_connection_falls_back(brief_en):
    with OpenAIStub() as stub:
        settings = stub_settings(stub, max_retries=0)
    d = draft(brief_en, "holding", "x", settings=settings)  # the server is gone now
    assert d.backend == "offline"
    assert "could not connect" in d.warnings[0] and CANARY not in d.model_dump_json()


def test_failure_in_the_middle_of_a_stream_falls_back(brief_en):
    with OpenAIStub() as stub:
        # one good event, then an event whose JSON is broken
        stub.script = [Behaviour(raw_body=b'data: {"id":"x","object":"chat.completion.chunk","created":1,'
                                          b'"model":"m","choices":[{"index":0,"delta":{"content":"We are"},'
                                          b'"finish_reason":null}]}\n\ndata: {"id": broken\n\n')]
        s = stream_draft(brief_en, "holding", "facebook", settings=stub_settings(stub, max_retries=0))
        chunks = list(s)
        d = s.result
    assert d.backend == "offline" and d.warnings
    assert chunks == ["We are"] and s.interrupted
    assert d.text == draft(brief_en, "holding", "facebook", backend="offline").text


@pytest.mark.parametrize("code", sorted(messages().failures))
def test_every_failure_reads_in_both_languages(code):
    failure = ModelFailure(code, server="http://localhost:11434/v1", model="llama3.1",
                           timeout="60", retries=2, status=500, detail="bad model name")
    for lang in ("en", "vi"):
        for text in (failure.warning(lang), failure.error(lang), failure.hint(lang)):
            assert text.strip() and "{" not in text and "?" not in text.replace("?)", "")
    assert failure.warning("vi") != failure.warning("en")
    assert failure.notice().code == f"model_{code}"


# --------------------------------------------------------------------------- test connection

def test_connection_ok_and_missing_model(openai_stub):
    ok, message = check_connection(stub_settings(openai_stub))
    assert ok and "stub-model" in message
    check = check_connection(stub_settings(openai_stub, model="llama-missing"))
    assert (check.ok, check.code) == (False, "model_not_found")
    assert "llama-missing" in check.message and "stub-model" in check.message
    assert CANARY not in check.message


def test_connection_refused_and_offline():
    with OpenAIStub() as stub:
        settings = stub_settings(stub)
    check = check_connection(settings)
    assert (check.ok, check.code) == (False, "connection") and CANARY not in check.message
    assert check_connection(BackendSettings()).code == "offline"
    assert check_connection(BackendSettings(backend="openai")).code == "not_configured"
