"""Model settings belong to the operator: endpoints come from the environment / secrets,
the UI picks among them, and no address from the session ever receives the key."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from streamlit.testing.v1 import AppTest

from assistant.errors import ConfigError
from assistant.settings import endpoints

KEY = "sk-operator-SECRET-0123456789"


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"object": "list", "data": []}')

    do_POST = do_GET


@pytest.fixture
def attacker():
    """A server a visitor would like the key to be sent to."""
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", _Recorder.seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("environ, secrets, expected", [
    ({}, {}, {"default": (None, "gpt-4o-mini", False)}),
    ({"OPENAI_API_KEY": KEY}, {}, {"default": (None, "gpt-4o-mini", True)}),
    ({"OPENAI_API_KEY": KEY, "CRISIS_DESK_ENDPOINT_LOCAL_BASE_URL": "http://localhost:11434/v1",
      "CRISIS_DESK_ENDPOINT_LOCAL_MODEL": "llama3"}, {},
     {"default": (None, "gpt-4o-mini", True), "local": ("http://localhost:11434/v1", "llama3", False)}),
    ({}, {"endpoints": {"Vllm": {"base_url": "http://10.1.2.3:8000/v1", "api_key": "k2", "model": "qwen"}}},
     {"default": (None, "gpt-4o-mini", False), "vllm": ("http://10.1.2.3:8000/v1", "qwen", True)}),
])
def test_endpoints_come_from_the_operator_and_keep_their_own_key(environ, secrets, expected):
    found = endpoints(secrets, environ)
    assert {n: (s.base_url, s.model, s.api_key is not None) for n, s in found.items()} == expected
    assert all(s.endpoint == n for n, s in found.items())


@pytest.mark.parametrize("environ, variable", [
    ({"CRISIS_DESK_ENDPOINT_X_MODEL": "m"}, "CRISIS_DESK_ENDPOINT_X_BASE_URL"),
    ({"CRISIS_DESK_ENDPOINT_X_BASE_URL": "ftp://host"}, "endpoint x base_url"),
])
def test_a_bad_endpoint_is_a_config_error_naming_it(environ, variable):
    with pytest.raises(ConfigError, match=variable):
        endpoints({}, environ)


def _settings_page() -> AppTest:
    at = AppTest.from_string("from assistant.ui.pages import settings\nsettings.render()\n", default_timeout=60)
    at.session_state["ui_lang"] = "en"
    return at


def test_a_url_in_the_session_never_receives_the_key(tmp_db, monkeypatch, attacker, openai_stub):
    """The old settings page let a visitor type any base URL and press Test connection,
    which sent the server's key there. Now a URL in the session is ignored."""
    url, seen = attacker
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    at = _settings_page()
    at.session_state["backend_overrides"] = {"base_url": url, "api_key": "x"}  # forged session values
    at.run()
    assert not at.exception
    assert all(w.key != "st_base_url" for w in at.text_input)  # nothing to type an address into
    at.button(key="st_test").click().run()
    assert not at.exception
    assert seen == []  # the attacker's server got nothing, let alone the key
    text = " ".join(str(e.value) for e in list(at.error) + list(at.success)).replace("\\", "")
    assert "127.0.0.1" in text and KEY not in text


def test_the_page_chooses_among_the_operators_endpoints(tmp_db, monkeypatch, openai_stub):
    monkeypatch.setenv("CRISIS_DESK_ENDPOINT_STUB_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("CRISIS_DESK_ENDPOINT_STUB_MODEL", "stub-model")
    at = _settings_page()
    at.run()
    box = at.selectbox(key="st_endpoint")
    assert box.options[0].startswith("default") and any(o.startswith("stub") for o in box.options)
    box.select("stub")
    at.run()
    at.text_input(key="st_model").set_value("stub-model")
    at.button(key="st_apply").click().run()
    at.button(key="st_test").click().run()
    assert not at.exception
    assert any(s.value.startswith("Connected") for s in at.success), [e.value for e in at.error]
