"""``crisis-desk report INCIDENT_ID --format md|docx|pdf --out FILE [--db URL]``, in process
and as a real subprocess."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.cli import main


@pytest.fixture
def db(tmp_path, brief_vi):
    from assistant.store import open_store

    url = f"sqlite:///{tmp_path / 'report.db'}"
    store = open_store(url)
    store.create_incident(brief_vi, author="Linh")
    return url


@pytest.mark.parametrize("fmt, magic", [("md", b"# B"), ("docx", b"PK"), ("pdf", b"%PDF")])
def test_report_in_each_format(db, tmp_path, fmt, magic, capsys):
    out = tmp_path / f"report.{fmt}"
    assert main(["report", "1", "--format", fmt, "--out", str(out), "--db", db]) == 0
    assert out.read_bytes().startswith(magic)
    assert f"report of incident 1 written to {out}" in capsys.readouterr().err


def test_report_to_stdout_says_nothing_was_published(db, capsysbinary):
    assert main(["report", "1", "--format", "md", "--out", "-", "--db", db]) == 0
    assert "Sự cố này chưa có thông báo nào được đăng." in capsysbinary.readouterr().out.decode("utf-8")


@pytest.mark.parametrize("argv, message", [
    (["report", "7", "--format", "md", "--out", "-"], "incident 7 does not exist"),
    (["report", "1", "--format", "md", "--out", "/nonexistent-dir/r.md"], "cannot write the file"),
])
def test_report_errors_exit_2_with_a_message(db, argv, message, capsys):
    assert main(argv + ["--db", db]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["report", "1", "--format", "html", "--out", "-"], ["report", "x", "--format", "md", "--out", "-"]])
def test_bad_arguments_exit_2_as_a_subprocess(db, argv):
    run = subprocess.run([sys.executable, "-m", "assistant", *argv, "--db", db], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "usage:" in run.stderr
