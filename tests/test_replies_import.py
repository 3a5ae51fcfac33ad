"""Importing fan comments: paste, .txt, CSV exports in several shapes."""

from __future__ import annotations

import pytest

from assistant.replies.errors import CommentImportError, TextColumnUnclear
from assistant.replies.importing import read_comments, read_comments_file


@pytest.mark.parametrize("content, columns", [
    # Facebook export (en)
    ("id,from_name,message,created_time\n1,An,Có hoàn tiền không?,2026-11-20\n2,Bình,Cố lên chị,2026-11-21\n",
     {"id": "id", "author": "from_name", "text": "message", "time": "created_time"}),
    # Vietnamese headers, semicolon (Excel in vi locale)
    ("Mã bình luận;Tên;Nội dung bình luận;Thời gian\n1;An;Có hoàn tiền không?;20/11\n2;Bình;Cố lên chị;21/11\n",
     {"id": "Mã bình luận", "author": "Tên", "text": "Nội dung bình luận", "time": "Thời gian"}),
    # YouTube API style, tab separated
    ("commentId\tauthorDisplayName\ttextOriginal\tpublishedAt\nab\tAn\tWhen is the update?\t2026\ncd\tBinh\tStay strong\t2026\n",
     {"id": "commentId", "author": "authorDisplayName", "text": "textOriginal", "time": "publishedAt"}),
    # TikTok style with BOM
    ("\ufeffcomment_id,username,comment,timestamp\n1,an,Hóng kết quả,1\n2,binh,first,2\n",
     {"id": "comment_id", "author": "username", "text": "comment", "time": "timestamp"}),
    # Instagram, no id column, "text" + "username"
    ("username,text\nan,Cute\nbinh,When?\n", {"author": "username", "text": "text"}),
])
def test_csv_exports_are_recognised(content, columns):
    result = read_comments(content.encode("utf-8"), "export.csv")
    assert result.columns == columns
    assert len(result.comments) == 2
    assert result.problems == ()
    assert result.comments[0].line == 2 and result.comments[1].line == 3


def test_quoted_multiline_cells_keep_their_text_and_line_numbers():
    content = 'id,message\n1,"first line\nsecond line, with comma"\n2,"she said ""hi"""\n3,\n'
    result = read_comments(content, "c.csv")
    assert [c.text for c in result.comments] == ["first line\nsecond line, with comma", 'she said "hi"']
    assert [c.line for c in result.comments] == [2, 4]
    # the empty row is reported with its line, not silently skipped
    assert [(p.line, p.type) for p in result.problems] == [(5, "empty_text")]


def test_missing_text_column_asks_with_candidates():
    content = "user,note,score\nan,Cố lên chị ơi mình ủng hộ,5\nbinh,Bao giờ có kết quả vậy?,4\n"
    with pytest.raises(TextColumnUnclear) as err:
        read_comments(content, "odd.csv")
    assert err.value.candidates[0] == "note"  # the most text-like column first
    assert "--text-column" in err.value.message and "odd.csv" in err.value.message
    chosen = read_comments(content, "odd.csv", text_column="note")
    assert [c.text for c in chosen.comments] == ["Cố lên chị ơi mình ủng hộ", "Bao giờ có kết quả vậy?"]


def test_two_text_like_columns_ask():
    content = "message,comment\na,b\n"
    with pytest.raises(TextColumnUnclear) as err:
        read_comments(content, "two.csv")
    assert set(err.value.candidates) == {"message", "comment"}


def test_unknown_text_column_names_the_columns():
    with pytest.raises(CommentImportError) as err:
        read_comments("message\nhi\n", "x.csv", text_column="body")
    assert "'body'" in err.value.message and "'message'" in err.value.message


def test_paste_one_comment_per_line_with_line_numbers():
    result = read_comments("Cố lên chị\n\n  Có hoàn tiền ko?  \n", "paste")
    assert [(c.text, c.line) for c in result.comments] == [("Cố lên chị", 1), ("Có hoàn tiền ko?", 3)]


def test_more_than_the_limit_is_a_clear_error():
    content = "message\n" + "".join(f"comment {i}\n" for i in range(10_001))
    with pytest.raises(CommentImportError) as err:
        read_comments(content, "big.csv")
    assert "10,001" in err.value.message and "10,000" in err.value.message
    assert len(read_comments(content.rsplit("comment 10000\n", 1)[0], "ok.csv").comments) == 10_000


def test_txt_file_and_encoding_errors(tmp_path):
    good = tmp_path / "c.txt"
    good.write_text("một\nhai\n", encoding="utf-8")
    assert len(read_comments_file(good).comments) == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes("message\nC\xf3 ho\xe0n ti\xe8n\n".encode("latin-1"))
    with pytest.raises(CommentImportError) as err:
        read_comments_file(bad)
    assert "bad.csv" in err.value.message and "UTF-8" in err.value.message and "line 2" in err.value.message
    with pytest.raises(CommentImportError, match="file not found"):
        read_comments_file(tmp_path / "missing.csv")


def test_utf16_excel_unicode_text():
    data = "message\tname\nCố lên\tAn\n".encode("utf-16")
    result = read_comments(data, "excel.csv")
    assert result.comments[0].text == "Cố lên" and result.comments[0].author == "An"


def test_duplicate_ids_are_kept_and_reported():
    result = read_comments("id,message\n1,a\n1,b\n", "d.csv")
    assert [c.id for c in result.comments] == ["1", "1@3"]
    assert result.problems[0].type == "duplicate_id" and result.problems[0].line == 3


def test_headerless_single_column_csv_keeps_first_line():
    result = read_comments("Cố lên chị\nCó hoàn tiền ko\n", "one.csv")
    assert len(result.comments) == 2
