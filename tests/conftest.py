"""Shared fixtures. Real network is blocked: only loopback connections are allowed."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.openai_stub import OpenAIStub

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in ("localhost", "::1") and not host.startswith("127.") and self.family != socket.AF_UNIX:
        raise RuntimeError(f"test tried to reach {host!r}: only loopback network is allowed in tests")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    # No test may pick up a developer's real key or server.
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CRISIS_DESK_MODEL", "CRISIS_DESK_TIMEOUT",
                "CRISIS_DESK_BACKEND", "CRISIS_DESK_MAX_RETRIES"):
        monkeypatch.delenv(var, raising=False)
    # A test that configures a model for drafting does not also get the model review of
    # its scans (it would consume the stub's script); tests/test_model_review.py turns it on.
    monkeypatch.setenv("CRISIS_DESK_MODEL_REVIEW", "off")
    yield


@pytest.fixture
def tmp_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'crisis-desk.db'}"
    monkeypatch.setenv("CRISIS_DESK_DB", url)
    return url


@pytest.fixture
def brief_vi():
    from assistant.brief import load_brief
    return load_brief(EXAMPLES / "brief.vi.yaml")


@pytest.fixture
def brief_en():
    from assistant.brief import load_brief
    return load_brief(EXAMPLES / "brief.en.yaml")


@pytest.fixture
def openai_stub():
    with OpenAIStub() as server:
        yield server


@pytest.fixture
def artifacts_dir():
    d = ROOT / "tests" / "artifacts"
    d.mkdir(parents=True, exist_ok=True)
    return d
