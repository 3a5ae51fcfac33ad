"""Exports of saved draft versions, through a real SQLite store (``tmp_db``)."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.errors import NotFoundError
from assistant.export import export
from assistant.services.drafts import save_version, stored_scan
from assistant.services.exports import document_from_store
from assistant.store import open_store
from tests.test_export_support import VI_TEXT, docx_comments, docx_parts

OLD_TEXT = "Mình xin lỗi vì lô serum SR-12-1025 đã khiến 37 khách hàng bị kích ứng da."


@pytest.fixture
def saved(tmp_db, brief_vi):
    """A draft with two versions; version 2 submitted and approved by the lawyer."""
    store = open_store(tmp_db)
    incident = store.create_incident(brief_vi, author="Linh")
    draft = store.create_draft(incident.id, kind="apology", channel="facebook", language="vi", author="Linh")
    save_version(store, draft.id, OLD_TEXT, author="Linh")
    v2 = save_version(store, draft.id, VI_TEXT, author="Hà", backend="offline", parent=1)
    store.submit_for_review(draft.id, 2, actor="Hà")
    store.review(draft.id, 2, reviewer="Luật sư Phạm Minh", role="lawyer", decision="approved",
                 comment="Đồng ý", sha256=v2.sha256)
    return store, draft.id, v2


def test_latest_version_with_its_reviews(saved):
    store, draft_id, v2 = saved
    doc = document_from_store(store, draft_id)
    assert (doc.version, doc.text, doc.sha256) == (2, VI_TEXT, v2.sha256)
    assert (doc.kind, doc.channel, doc.language, doc.author, doc.backend) == ("apology", "facebook", "vi", "Hà", "offline")
    assert doc.scan == stored_scan(v2)  # the report stored with the text, not a new scan
    assert doc.signoff("lawyer").name == "Luật sư Phạm Minh"
    data = export(doc, "docx")
    assert len(docx_comments(data)) == len(stored_scan(v2).findings)
    xml = docx_parts(data)["word/document.xml"]
    assert "Luật sư Phạm Minh" in xml and "Đồng ý" in xml and v2.sha256 in xml


def test_an_older_version_carries_no_later_approval(saved):
    store, draft_id, _ = saved
    doc = document_from_store(store, draft_id, 1)
    assert (doc.version, doc.text, doc.reviews) == (1, OLD_TEXT, [])
    assert "Phạm Minh" not in docx_parts(export(doc, "docx"))["word/document.xml"]


@pytest.mark.parametrize("draft_offset, number", [(1000, None), (0, 9)])
def test_unknown_draft_or_version(saved, draft_offset, number):
    store, draft_id, _ = saved
    with pytest.raises(NotFoundError):
        document_from_store(store, draft_id + draft_offset, number)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "md", "json"])
def test_cli_exports_a_saved_draft(saved, fmt, tmp_path, capsys):
    _, draft_id, v2 = saved
    out = tmp_path / f"draft.{fmt}"
    assert main(["export", str(draft_id), "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    assert f"exported {fmt}" in capsys.readouterr().err
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert (data["version"], data["sha256"], data["text"]) == (2, v2.sha256, VI_TEXT)


def test_cli_version_option_and_unknown_ids(saved, tmp_path, capsys):
    _, draft_id, _ = saved
    out = tmp_path / "v1.json"
    assert main(["export", str(draft_id), "--version", "1", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == OLD_TEXT
    capsys.readouterr()
    assert main(["export", "4242", "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "4242" in err and "Traceback" not in err
    assert main(["export", str(draft_id), "--version", "7", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "7" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_suggested_filenames(saved, brief_en):
    from assistant.export import suggested_filename
    from assistant.services.exports import document_from_text

    store, draft_id, _ = saved
    assert suggested_filename(document_from_store(store, draft_id), "docx") == f"crisis-desk-draft{draft_id}-v2.docx"
    adhoc = document_from_text("We are sorry.", brief_en, lang="en")
    assert suggested_filename(adhoc, "pdf") == f"crisis-desk-{adhoc.sha256[:8]}.pdf"
