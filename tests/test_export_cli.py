"""``crisis-desk export --text FILE --brief FILE``: in process, through assistant.cli.main."""

from __future__ import annotations

import json
import shutil

import pytest

from assistant.cli import main
from guardrails import scan
from tests.conftest import EXAMPLES
from tests.test_export_support import VI_TEXT, collapse, docx_comments, pdf_pages_text

RISKY_VI = (
    "Chúng tôi sẽ hoàn tiền 100% cho tất cả và cam kết không bao giờ tái diễn. "
    "Có lẽ do đối thủ chơi xấu, bên đó lừa đảo. Chỉ là chuyện nhỏ thôi mà. "
    "Ai chia sẻ sẽ bị khởi kiện. Liên hệ chị Trần Thị B, 0912 345 678."
)
RISKY_EN = (
    "We will refund every buyer in full and this will never happen again. "
    "It was probably sabotage; the delivery company lied to us. It was just a small mistake. "
    "We will sue anyone who shares this."
)


@pytest.fixture
def files(tmp_path):
    text = tmp_path / "statement.txt"
    text.write_text(VI_TEXT, encoding="utf-8")
    brief = tmp_path / "brief.yaml"
    shutil.copy(EXAMPLES / "brief.vi.yaml", brief)
    return tmp_path, text, brief


@pytest.mark.parametrize("fmt, suffix", [("docx", ".docx"), ("pdf", ".pdf"), ("md", ".md"), ("json", ".json")])
@pytest.mark.parametrize("explicit", [True, False])
def test_each_format_from_option_or_suffix(files, fmt, suffix, explicit, capsys):
    tmp, text, brief = files
    out = tmp / f"out{suffix}"
    argv = ["export", "--text", str(text), "--brief", str(brief), "--out", str(out), "--kind", "apology",
            "--channel", "facebook", "--lang", "vi"] + (["--format", fmt] if explicit else [])
    assert main(argv) == 0
    data = out.read_bytes()
    if fmt == "docx":
        assert data[:2] == b"PK"
    elif fmt == "pdf":
        assert data[:5] == b"%PDF-" and collapse(VI_TEXT) in collapse(pdf_pages_text(data)[0])
    elif fmt == "json":
        assert json.loads(data)["text"] == VI_TEXT and json.loads(data)["kind"] == "apology"
    else:
        assert "Linh Nguyễn" in data.decode("utf-8")
    assert f"exported {fmt} to {out}" in capsys.readouterr().err


def test_markdown_to_stdout(files, capsysbinary):
    tmp, text, brief = files
    assert main(["export", "--text", str(text), "--brief", str(brief), "--format", "md", "--out", "-"]) == 0
    assert "Cập nhật tiếp theo lúc 20:00" in capsysbinary.readouterr().out.decode("utf-8")


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# (case, how to break the command, text expected in the error message)
ERRORS = [
    ("missing text file", lambda t, x, b: ["--text", str(t / "nope.txt"), "--brief", str(b)], ["nope.txt", "file not found"]),
    ("text is a folder", lambda t, x, b: ["--text", str(t), "--brief", str(b)], ["is a directory"]),
    ("text not utf-8", lambda t, x, b: ["--text", str(_write(t / "latin.txt", "Xin lỗi".encode("cp1258", "replace") + b"\xff")), "--brief", str(b)], ["latin.txt", "not UTF-8"]),
    ("empty text", lambda t, x, b: ["--text", str(_write(t / "empty.txt", "  \n")), "--brief", str(b)], ["empty.txt", "empty"]),
    ("missing brief", lambda t, x, b: ["--text", str(x), "--brief", str(t / "nobrief.yaml")], ["nobrief.yaml", "file not found"]),
    ("invalid brief", lambda t, x, b: ["--text", str(x), "--brief", str(_write(t / "bad.yaml", "language: fr\nspeaker: {name: A}\n"))], ["bad.yaml", "language", "incident"]),
    ("brief with a typo", lambda t, x, b: ["--text", str(x), "--brief", str(_write(t / "typo.yaml", (EXAMPLES / "brief.vi.yaml").read_text(encoding="utf-8") + "confirmed_fact: [x]\n"))], ["typo.yaml", "confirmed_fact", "unknown field"]),
    ("text without brief", lambda t, x, b: ["--text", str(x)], ["--text FILE and --brief FILE"]),
    ("nothing to export", lambda t, x, b: [], ["DRAFT_ID"]),
    ("id and text", lambda t, x, b: ["7", "--text", str(x), "--brief", str(b)], ["not both"]),
    ("id not a number", lambda t, x, b: ["seven"], ["DRAFT_ID must be a number", "seven"]),
    ("version with text", lambda t, x, b: ["--text", str(x), "--brief", str(b), "--version", "2"], ["--version"]),
    ("kind with an id", lambda t, x, b: ["7", "--kind", "apology"], ["--text only"]),
    ("unknown suffix", lambda t, x, b: ["--text", str(x), "--brief", str(b), "--out", str(t / "out.rtf")], ["--format", "out.rtf"]),
    ("unwritable output", lambda t, x, b: ["--text", str(x), "--brief", str(b), "--format", "md", "--out", str(t / "no" / "dir" / "o.md")], ["o.md", "cannot write"]),
]


@pytest.mark.parametrize("case, build, expected", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_exit_2_and_name_the_problem(case, build, expected, files, capsys, tmp_db):
    tmp, text, brief = files
    argv = ["export"] + build(tmp, text, brief)
    if "--out" not in argv:
        argv += ["--out", str(tmp / "out.md")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("crisis-desk export: ") and "Traceback" not in err
    for piece in expected:
        assert piece in err, (piece, err)
    assert not list(tmp.glob("out.*")) and not list(tmp.glob(".o*"))  # nothing half-written


@pytest.mark.parametrize("text, lang, brief_file", [(RISKY_VI, "vi", "brief.vi.yaml"), (RISKY_EN, "en", "brief.en.yaml")])
def test_end_to_end_with_the_real_scanner(text, lang, brief_file, tmp_path):
    """One Word comment per finding of the real guardrails scan (whatever it finds, zero too)."""
    from assistant.brief import load_brief

    statement = _write(tmp_path / "risky.txt", text)
    out = tmp_path / "risky.docx"
    assert main(["export", "--text", str(statement), "--brief", str(EXAMPLES / brief_file), "--lang", lang,
                 "--kind", "apology", "--out", str(out)]) == 0
    findings = scan(text, brief=load_brief(EXAMPLES / brief_file), lang=lang, kind="apology").findings
    comments = docx_comments(out.read_bytes())
    assert len(comments) == len(findings)
    located = [f for f in findings if text[f.start:f.end] == f.text]
    assert sorted(c.anchored for c in comments if c.anchored) == sorted(f.text for f in located)
