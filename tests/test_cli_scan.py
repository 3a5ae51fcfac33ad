"""``crisis-desk scan``: text and JSON output, exit codes 0/1/2, errors that name the file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main

ROOT = Path(__file__).resolve().parent.parent
RISKY_VI = "Chúng tôi xin lỗi. Công ty sẽ hoàn tiền 100% cho tất cả và cam kết không bao giờ tái diễn.\n"
RISKY_EN = "It was just a joke. We will refund every buyer in full.\n"
CLEAN_EN = "We are sorry. The next update will be posted on our page at noon on Friday.\n"


def _write(tmp_path, name, data):
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "text,code,expected",
    [
        (RISKY_VI, 1, ["»", "«", "compensation_promise", "absolute_guarantee", "luật sư", "Cách viết an toàn hơn"]),
        (RISKY_EN, 1, ["just a joke«", "minimizing", "PR lead", "compensation_promise", "Safer wording"]),
        (CLEAN_EN, 0, ["Nothing needs review."]),
    ],
)
def test_text_output(tmp_path, capsys, text, code, expected):
    assert main(["scan", _write(tmp_path, "d.txt", text)]) == code
    out = capsys.readouterr().out
    for part in expected:
        assert part in out


@pytest.mark.parametrize("text,code", [(RISKY_VI, 1), (RISKY_EN, 1), (CLEAN_EN, 0)])
def test_json_output_is_the_report(tmp_path, capsys, text, code):
    assert main(["scan", _write(tmp_path, "d.txt", text), "--format", "json"]) == code
    raw = capsys.readouterr().out
    data = json.loads(raw)
    assert set(data) == {"language", "needs_review", "findings", "checklist", "omitted"}  # omitted: past the per-category cap
    assert bool(data["needs_review"]) == (code == 1)
    for f in data["findings"]:
        assert text[f["start"] : f["end"]] == f["text"]
    if "Chúng" in text:
        assert "hoàn tiền" in raw  # ensure_ascii=False: Vietnamese stays readable


def test_kind_adds_checklist_and_lang_is_honoured(tmp_path, capsys):
    assert main(["scan", _write(tmp_path, "d.txt", CLEAN_EN), "--kind", "holding", "--lang", "en", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["language"] == "en" and data["checklist"]


def test_brief_enables_brief_checks(tmp_path, capsys):
    text = "Write to care@mayacooks.com or maya.tran@mayacooks.com. We are sorry, Emily Chen."
    path = _write(tmp_path, "d.txt", text)
    assert main(["scan", path, "--format", "json"]) == 1
    without = {f["text"]: f["category"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert main(["scan", path, "--format", "json", "--brief", str(ROOT / "examples/brief.en.yaml")]) == 1
    with_brief = {f["text"]: f["category"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert without.get("maya.tran@mayacooks.com") == "privacy_disclosure"  # a person's address
    assert "care@mayacooks.com" not in without and "care@mayacooks.com" not in with_brief  # a role mailbox
    assert "Emily Chen" not in without  # only the brief knows she is protected
    assert with_brief.get("Emily Chen") == "privacy_disclosure"


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RISKY_EN.encode("utf-8"))))
    assert main(["scan", "-", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"]


@pytest.mark.parametrize(
    "setup,expected",
    [
        (lambda p: str(p / "missing.txt"), "missing.txt: file not found"),
        (lambda p: _write(p, "latin1.txt", "Chúng tôi".encode("cp1258")), "latin1.txt: not UTF-8"),
        (lambda p: _write(p, "empty.txt", "  \n"), "empty.txt: the draft is empty"),
        (lambda p: str(p), "is a directory"),
    ],
)
def test_unreadable_input_exits_2_naming_the_file(tmp_path, capsys, setup, expected):
    assert main(["scan", setup(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_bad_brief_exits_2(tmp_path, capsys):
    brief = _write(tmp_path, "brief.yaml", "language: vi\nspeaker: {name: A}\nnope: 1\n")
    assert main(["scan", _write(tmp_path, "d.txt", RISKY_EN), "--brief", brief]) == 2
    assert "brief.yaml" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["scan", "--lang", "fr"], ["scan", "--format", "xml"], ["scan", "--kind", "poem"]])
def test_bad_usage_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_real_process_utf8_bom_and_exit_code(tmp_path):
    path = _write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + RISKY_VI.encode("utf-8"))
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "scan", path, "--format", "json"],
        capture_output=True, cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 1, proc.stderr.decode()
    data = json.loads(proc.stdout.decode("utf-8"))
    text = RISKY_VI
    assert all(text[f["start"] : f["end"]] == f["text"] for f in data["findings"])
