"""``crisis-desk playbook | incident | drill``: output, exit status 0/2 and messages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.cli import main
from tests.conftest import EXAMPLES, ROOT


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("lang, title", [("vi", "Sản phẩm gây hại cho người dùng"), ("en", "Product harm")])
def test_playbook_list_one_scenario_per_line_id_first(capsys, lang, title):
    from assistant.prepare.playbook import load_playbooks

    code, out, _ = run(capsys, "playbook", "list", "--lang", lang)
    lines = out.splitlines()
    assert code == 0 and [line.split("\t")[0] for line in lines] == list(load_playbooks())
    assert f"product_harm\thigh\t{title}" in lines


@pytest.mark.parametrize("lang, words", [("vi", ["Việc cần làm trong giờ đầu", "{speaker} đã đọc", "bắt buộc"]),
                                         ("en", ["First-hour checklist", "{speaker} has read", "Health or efficacy claim"])])
def test_playbook_show(capsys, lang, words):
    from assistant.prepare.playbook import get_playbook

    code, out, _ = run(capsys, "playbook", "show", "product_harm", "--lang", lang)
    assert code == 0 and all(w in out for w in words)
    assert f"SHA-256: {get_playbook('product_harm').template_sha256(lang)}" in out


@pytest.mark.parametrize("argv, words", [
    (["playbook", "show", "nope"], "unknown playbook 'nope'; known: account_hack"),
    (["drill", "start", "nope"], "unknown drill scenario 'nope'"),
    (["incident", "new", "--brief", "missing.yaml"], "missing.yaml: file not found"),
    (["incident", "new", "--brief", str(EXAMPLES / "brief.en.yaml"), "--playbook", "product_harm"],
     "slot product: is empty"),
    (["incident", "new", "--brief", str(EXAMPLES / "brief.en.yaml"), "--slot", "product=x"], "--slot needs --playbook"),
    (["incident", "new", "--brief", str(EXAMPLES / "brief.en.yaml"), "--playbook", "product_harm", "--slot", "product"],
     "must be NAME=VALUE"),
    (["incident", "new", "--brief", str(EXAMPLES / "brief.en.yaml"), "--playbook", "product_harm",
      "--slot", "product=x", "--slot", "colour=red"], "slot colour: not a slot"),
    (["drill", "score", "7"], "drill 7 does not exist"),
])
def test_bad_input_exits_2_with_a_clear_message(capsys, tmp_db, argv, words):
    code, out, err = run(capsys, *argv, *(["--db", tmp_db] if argv[0] != "playbook" else []))
    assert code == 2 and words in err and out == ""
    assert "Traceback" not in err


def test_incident_new_prints_the_id(capsys, tmp_db):
    from assistant.services.prepare import confirm_view
    from assistant.store import open_store

    code, out, _ = run(capsys, "incident", "new", "--brief", str(EXAMPLES / "brief.vi.yaml"), "--db", tmp_db)
    assert code == 0 and out == "1\n"
    code, out, err = run(capsys, "incident", "new", "--brief", str(EXAMPLES / "brief.en.yaml"), "--db", tmp_db,
                         "--playbook", "product_harm", "--slot", "product=the FreshBox meal kit")
    assert code == 0 and out == "2\n" and "submitted for review" in err
    store = open_store(tmp_db)
    draft = store.list_drafts(2)[0]
    view = confirm_view(store, draft.id)
    assert view.playbook_id == "product_harm" and view.slots["product"] == "the FreshBox meal kit"


def test_drill_start_then_score(capsys, tmp_db):
    code, out, _ = run(capsys, "drill", "start", "account_hack_drill", "--lang", "en", "--db", tmp_db)
    assert code == 0 and out == "1\n"
    code, out, _ = run(capsys, "drill", "score", "1", "--db", tmp_db)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("drill 1: account_hack_drill, team Maya Tran, running")
    assert [line.split(":")[0] for line in lines[1:]] == [
        "time to first approved statement", "required checklist items", "guardrail findings left open",
        "injects answered", "promises made"]
    assert "none yet (target 60 min)" in lines[1]


def test_the_commands_run_as_a_real_process(tmp_db):
    done = subprocess.run([sys.executable, "-m", "assistant", "playbook", "list", "--lang", "en"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and len(done.stdout.splitlines()) >= 9
    done = subprocess.run([sys.executable, "-m", "assistant", "playbook", "show", "x"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "unknown playbook" in done.stderr
