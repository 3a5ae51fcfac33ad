"""``crisis-desk draft`` as cli.md describes it: in-process through ``assistant.cli.main``
and once as a real ``python -m assistant`` subprocess, against the loopback stub."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.backends.failures import messages
from assistant.brief import load_brief
from assistant.cli import main
from assistant.services.drafting import draft
from tests.conftest import EXAMPLES, ROOT
from tests.openai_stub import Behaviour, OpenAIStub

CANARY = "sk-test-CANARY-cli-77c2-do-not-leak"
BRIEF_EN = str(EXAMPLES / "brief.en.yaml")
BRIEF_VI = str(EXAMPLES / "brief.vi.yaml")


@pytest.fixture(scope="module")
def _server():
    with OpenAIStub() as server:
        yield server


@pytest.fixture
def model_server(_server, monkeypatch):
    """The stub as the configured model server, with a recognisable key in the env."""
    with _server._lock:
        _server.script, _server.responder = [Behaviour()], None
        _server.requests.clear()
        _server.headers.clear()
        _server._calls = 0
    monkeypatch.setenv("OPENAI_BASE_URL", _server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    monkeypatch.setenv("CRISIS_DESK_MAX_RETRIES", "0")
    monkeypatch.setenv("CRISIS_DESK_MODEL", "stub-model")
    return _server


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["draft", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("channel", ["x", "facebook", "video_script"])
def test_text_output_offline(capsys, channel):
    code, out, err = run(capsys, "--brief", BRIEF_VI, "--kind", "holding", "--channel", channel, "--backend", "offline")
    expected = draft(load_brief(BRIEF_VI), "holding", channel, backend="offline")
    assert code == 0
    assert out == ("\n\n".join(expected.posts) if channel == "x" else expected.text) + "\n"
    assert "guardrails:" in err
    # the only warning an offline draft may carry here: the example's next update has passed
    assert all("next_update" in line for line in err.splitlines() if line.startswith("warning:"))


def test_json_output_is_the_draft(capsys):
    code, out, err = run(capsys, "--brief", BRIEF_EN, "--kind", "apology", "--channel", "x",
                         "--backend", "offline", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data == draft(load_brief(BRIEF_EN), "apology", "x", backend="offline").model_dump(mode="json")
    assert list(data)[:9] == ["kind", "channel", "language", "backend", "model", "text", "posts", "warnings", "scan"]
    assert data["backend"] == "offline" and data["model"] is None and data["language"] == "en"


def test_out_file_and_lang(capsys, tmp_path):
    target = tmp_path / "statement.json"
    code, out, _ = run(capsys, "--brief", BRIEF_VI, "--kind", "holding", "--channel", "email",
                       "--lang", "en", "--backend", "offline", "--format", "json", "--out", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["language"] == "en"


def test_model_answer_and_fallback_warning(capsys, model_server):
    model_server.script = [Behaviour(content="We know some of you fell ill. We are checking.")]
    code, out, err = run(capsys, "--brief", BRIEF_EN, "--kind", "holding", "--channel", "facebook", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["backend"] == "openai" and data["model"] == "stub-model"
    assert "We know some of you fell ill." in data["text"] and "Model unavailable" not in err

    model_server.script = [Behaviour(status=503)]
    code, out, err = run(capsys, "--brief", BRIEF_EN, "--kind", "holding", "--channel", "facebook", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["backend"] == "offline"
    assert data["warnings"][0].startswith("Model unavailable (server error (HTTP 503)")
    assert f"warning: {data['warnings'][0]}" in err.splitlines()
    assert CANARY not in out + err


def test_findings_are_summarised_on_stderr_and_exit_0(capsys, model_server):
    model_server.script = [Behaviour(content="We will refund every buyer in full. This will never happen again.")]
    code, out, err = run(capsys, "--brief", BRIEF_EN, "--kind", "holding", "--channel", "facebook")
    assert code == 0 and "We will refund every buyer in full." in out  # draft is not scan
    assert "need review by lawyer" in err and "  - compensation_promise (lawyer): " in err
    assert "checklist: missing" in err and "next_update" in err


@pytest.mark.parametrize(
    "script, words, code",
    [([Behaviour(status=500)], "HTTP 500", "server_error"), ([Behaviour(content="")], "empty answer", "empty"),
     ([Behaviour(raw_body=b"not json at all")], "not a Chat Completions response", "bad_response")],
    ids=["5xx", "empty", "non-json"],
)
def test_no_fallback_exits_3(capsys, model_server, script, words, code):
    model_server.script = list(script)
    status, out, err = run(capsys, "--brief", BRIEF_EN, "--kind", "holding", "--channel", "x", "--no-fallback")
    assert status == 3 and out == ""
    assert err.startswith("crisis-desk draft: the model failed:") and words in err
    assert model_server.base_url in err and messages().failures[code].hint.en in err  # what to check
    assert CANARY not in err


def test_bad_brief_names_file_field_and_line(capsys, tmp_path):
    bad = tmp_path / "bad-brief.yaml"
    bad.write_text((EXAMPLES / "brief.en.yaml").read_text(encoding="utf-8").replace("fault: unknown", "fault: maybe"),
                   encoding="utf-8")
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("fault:"))
    code, out, err = run(capsys, "--brief", str(bad), "--kind", "holding", "--channel", "x", "--backend", "offline")
    assert code == 2 and out == ""
    assert str(bad) in err and "fault" in err and f"line {line}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv, env, words",
    [
        (["--brief", "missing.yaml"], {}, "missing.yaml: file not found"),
        (["--brief", BRIEF_EN, "--previous", "nope.txt", "--kind", "update"], {}, "nope.txt: --previous: file not found"),
        (["--brief", BRIEF_EN], {"CRISIS_DESK_TIMEOUT": "abc"}, "CRISIS_DESK_TIMEOUT=abc: must be a number of seconds"),
        (["--brief", BRIEF_EN, "--backend", "openai"], {}, "neither OPENAI_API_KEY nor OPENAI_BASE_URL is set"),
    ],
    ids=["missing-brief", "missing-previous", "bad-timeout", "openai-unconfigured"],
)
def test_bad_input_exits_2(capsys, monkeypatch, argv, env, words):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    if "--kind" not in argv:
        argv = [*argv, "--kind", "holding"]
    code, out, err = run(capsys, *argv, "--channel", "x")
    assert code == 2 and out == "" and words in err and "Traceback" not in err


def test_bad_choice_is_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["draft", "--brief", BRIEF_EN, "--kind", "press", "--channel", "x"])
    assert info.value.code == 2
    assert "--kind" in capsys.readouterr().err


def test_previous_statements(capsys, tmp_path):
    earlier = tmp_path / "update-1.txt"
    earlier.write_text("Update 1: we paused all FreshBox promotions.", encoding="utf-8")
    code, out, _ = run(capsys, "--brief", BRIEF_EN, "--kind", "update", "--channel", "email",
                       "--backend", "offline", "--previous", str(earlier))
    expected = draft(load_brief(BRIEF_EN), "update", "email", backend="offline",
                     previous=[earlier.read_text(encoding="utf-8")])
    assert code == 0 and out == expected.text + "\n"


def test_help_says_findings_do_not_fail(capsys):
    with pytest.raises(SystemExit) as info:
        main(["draft", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert info.value.code == 0
    assert "even when the guardrails flag phrases" in help_text and "--no-fallback" in help_text


def test_python_dash_m_subprocess(model_server):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    model_server.script = [Behaviour(status=502)]
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "draft", "--brief", BRIEF_VI, "--kind", "holding",
         "--channel", "x", "--no-fallback"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 3, proc.stderr
    assert "the model failed: server error (HTTP 502)" in proc.stderr
    assert CANARY not in proc.stdout + proc.stderr

    model_server.script = [Behaviour(content="Chúng tôi đang kiểm tra lô SR-12-1025.")]
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "draft", "--brief", BRIEF_VI, "--kind", "holding",
         "--channel", "x", "--format", "json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["backend"] == "openai" and "Chúng tôi đang kiểm tra lô SR-12-1025." in data["text"]
    assert CANARY not in proc.stdout + proc.stderr
