"""``crisis-desk replies`` end to end, and the replies CSV (BOM, formula guard, columns)."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.cli import main
from tests.conftest import EXAMPLES
from tests.openai_stub import Behaviour

STATEMENT = "Mình xin lỗi vì serum SR-12 đã khiến nhiều bạn bị kích ứng da.\nLô hàng bị ảnh hưởng là lô SR-12-1025.\n"
COMMENTS = (
    "id;Tên;Nội dung bình luận\n"
    "1;An;Lô SR-12-1025 có được hoàn tiền ko?\n"
    "2;Bình;lo sr-12-1025 co duoc hoan tien khong\n"
    '3;Chi;"=HYPERLINK(""http://evil.example"",""bấm"")"\n'
    "4;Dũng;\n"
    "5;@Em;Tôi sẽ kiện\n"
    "6;Giang;-1 điểm, thất vọng quá\n"
)


@pytest.fixture
def files(tmp_path):
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    comments = tmp_path / "comments.csv"
    comments.write_text(COMMENTS, encoding="utf-8")
    return tmp_path, statement, comments


def _rows(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read Vietnamese
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_replies_command_writes_the_csv_and_a_summary(files, capsys):
    tmp, statement, comments = files
    out = tmp / "replies.csv"
    code = main(["replies", "--brief", str(EXAMPLES / "brief.vi.yaml"), "--statement", str(statement),
                 "--comments", str(comments), "--backend", "offline", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0
    assert "line 5" in err and "empty" in err  # the empty row is reported with its line
    assert "5 comments in 4 groups" in err and "needs review" in err
    rows = _rows(out)
    assert rows[0][:4] == ["comment id", "author", "comment", "class"]
    by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert set(by_id) == {"1", "2", "3", "5", "6"}
    assert by_id["1"]["reply"] == by_id["2"]["reply"] and by_id["1"]["group"] == by_id["2"]["group"]
    assert by_id["5"]["action"] == "lawyer" and by_id["5"]["reply"] == "" and by_id["5"]["needs review"] == "yes"
    # formula injection: cells starting with = + - @ are neutralised
    assert by_id["3"]["comment"].startswith("'=HYPERLINK")
    assert by_id["5"]["author"] == "'@Em" and by_id["6"]["comment"].startswith("'-1")


def test_vietnamese_headers(files):
    tmp, statement, comments = files
    out = tmp / "r.csv"
    assert main(["replies", "--brief", str(EXAMPLES / "brief.vi.yaml"), "--statement", str(statement),
                 "--comments", str(comments), "--backend", "offline", "--out", str(out), "--lang", "vi"]) == 0
    assert _rows(out)[0][:3] == ["mã bình luận", "người bình luận", "bình luận"]


@pytest.mark.parametrize("change, needle", [
    ({"--statement": "missing.txt"}, "file not found"),
    ({"--comments": "missing.csv"}, "file not found"),
    ({"--brief": "missing.yaml"}, "file not found"),
    ({"--text-column": "body"}, "no column named 'body'"),
    ({"--concurrency": "0"}, "between 1 and 64"),
    ({"comments_text": "user,note\nan,hello there\n"}, "--text-column"),
    ({"comments_text": "message\n" + "x\n" * 10_001}, "10,000"),
    ({"statement_text": "   \n"}, "empty"),
])
def test_bad_input_exits_2_with_a_clear_message(files, capsys, change, needle):
    tmp, statement, comments = files
    if "comments_text" in change:
        comments.write_text(change.pop("comments_text"), encoding="utf-8")
    if "statement_text" in change:
        statement.write_text(change.pop("statement_text"), encoding="utf-8")
    args = {"--brief": str(EXAMPLES / "brief.vi.yaml"), "--statement": str(statement), "--comments": str(comments),
            "--backend": "offline", "--out": str(tmp / "o.csv")}
    args.update({k: (str(tmp / v) if k in ("--statement", "--comments", "--brief") else v) for k, v in change.items()})
    code = main(["replies", *[x for kv in args.items() for x in kv]])
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err and "Traceback" not in err


def test_no_fallback_exits_3(files, capsys, openai_stub, monkeypatch):
    tmp, statement, comments = files
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("CRISIS_DESK_MAX_RETRIES", "0")
    openai_stub.script = [Behaviour(status=500)]
    code = main(["replies", "--brief", str(EXAMPLES / "brief.vi.yaml"), "--statement", str(statement),
                 "--comments", str(comments), "--backend", "openai", "--no-fallback", "--out", str(tmp / "o.csv")])
    assert code == 3
    assert "500" in capsys.readouterr().err


def test_incident_in_the_store_resumes(files, capsys, tmp_db):
    from assistant.brief import load_brief
    from assistant.store import open_store

    tmp, statement, comments = files
    incident = open_store(tmp_db).create_incident(load_brief(EXAMPLES / "brief.vi.yaml"), author="pr")
    argv = ["replies", "--statement", str(statement), "--comments", str(comments), "--backend", "offline",
            "--incident", str(incident.id), "--db", tmp_db, "--out", str(tmp / "o.csv")]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(argv) == 0
    assert "4 groups reused" in capsys.readouterr().err


def test_readme_example(tmp_path, capsys):
    """The example of the README: the files in tests/data, the offline back end."""
    data = EXAMPLES.parent / "tests" / "data"
    out = tmp_path / "replies.csv"
    code = main(["replies", "--brief", str(EXAMPLES / "brief.vi.yaml"),
                 "--statement", str(data / "fan_comments_statement.vi.txt"),
                 "--comments", str(data / "fan_comments_example.csv"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0
    assert "13 comments in 10 groups" in err
    assert "most asked: 3× 'Lô SR-12-1025 có được hoàn tiền không ạ?'" in err
    rows = {r[0]: r for r in _rows(out)[1:]}
    assert rows["c12"][10] == "lawyer" and rows["c10"][10] == "hide" and rows["c13"][10] == "hide"
    assert "SR-12-1025" in rows["c1"][7] and rows["c1"][7] == rows["c2"][7] == rows["c3"][7]
    assert "scammer" not in "".join(r[7] for r in rows.values())
