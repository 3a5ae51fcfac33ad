"""``crisis-desk deal`` and ``crisis-desk scan --kind sponsored_post``: the record from YAML,
list/show/ready/export, and bad input exiting 2 with a message naming the file, field, id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from assistant.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "deal_supplement.vi.yaml")
UNDISCLOSED = "Mình uống viên Omega-3 An Khang mỗi sáng, mua ở giỏ hàng nha #omega3 #healthy #songkhoe\n"


@pytest.fixture
def db(tmp_db):
    return tmp_db


def _added(capsys) -> int:
    assert main(["deal", "add", EXAMPLE, "--by", "Thu Hà"]) == 0
    return int(capsys.readouterr().out.split()[1])


def test_add_list_show(db, capsys):
    deal_id = _added(capsys)
    assert main(["deal", "list"]) == 0
    assert "Viên uống Omega-3 An Khang\thealth_supplement\t1 post(s), 0 ready" in capsys.readouterr().out
    assert main(["deal", "show", str(deal_id), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "GCN ĐKDN 0312345678 — checked by Nguyễn Thu Hà (quản lý) on 2026-11-20" in out
    assert "[x] Advertiser verified" in out and "[x] Mandatory warning present" in out
    assert main(["deal", "show", str(deal_id), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["created_by"] == "Thu Hà" and all(i["met"] for i in data["checklists"][str(data["posts"][0]["id"])])


def test_ready_only_when_the_checklist_passes(db, capsys, tmp_path):
    deal_id = _added(capsys)
    assert main(["deal", "ready", str(deal_id), "1", "--by", "Luật sư Minh"]) == 0
    assert "ready (by Luật sư Minh)" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(EXAMPLE).read_text(encoding="utf-8").replace(
        "[Quảng cáo] Hợp tác cùng Dược phẩm An Khang. ", "").replace(
        " Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh.", " Link mua ở bio."),
        encoding="utf-8")
    assert main(["deal", "add", str(bad)]) == 0
    second = int(capsys.readouterr().out.split()[1])
    assert main(["deal", "ready", str(second), "2"]) == 2
    err = capsys.readouterr().err
    assert "cannot be marked ready" in err or "not ready" in err
    assert "Post says it is an ad" in err or "Bài ghi rõ là quảng cáo" in err


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_export_the_record(db, capsys, tmp_path, suffix):
    deal_id = _added(capsys)
    out = tmp_path / f"deal.{suffix}"
    assert main(["deal", "export", str(deal_id), "--out", str(out), "--lang", "en"]) == 0
    if suffix == "docx":
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        tables = " ".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
        tables = text
    assert "Advertising deal record" in text
    assert "Luật sư Trần Minh" in tables and "2026-11-22" in tables
    assert "Thực phẩm này không phải là thuốc" in text


@pytest.mark.parametrize("argv,needle", [
    (["deal", "show", "99"], "advertising deal 99 does not exist"),
    (["deal", "ready", "99", "1"], "advertising deal 99 does not exist"),
    (["deal", "add", "missing.yaml"], "missing.yaml: file not found"),
    (["deal", "export", "1", "--out", "deal.txt"], "--out: say --format docx|pdf"),
])
def test_bad_input_exits_2_and_says_what(db, capsys, argv, needle):
    assert main(argv) == 2
    assert needle in capsys.readouterr().err


@pytest.mark.parametrize("yaml_text,needle", [
    ("advertiser: X\nproduct: Y\nproduct_class: potion\n", "line 3: product_class"),
    ("advertiser: X\nproduct: Y\nproduct_class: cosmetic\nuse: {used: true}\n", "line 4: use"),
    ("advertiser: X\nproduct: Y\nproduct_class: cosmetic\nprice: 3\n", "price: unknown field"),
    ("advertiser: [unclosed\n", "not valid YAML"),
])
def test_a_bad_deal_file_names_the_field_and_line(db, capsys, tmp_path, yaml_text, needle):
    path = tmp_path / "d.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    assert main(["deal", "add", str(path)]) == 2
    assert needle in capsys.readouterr().err
    assert main(["deal", "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing half-stored


def test_scan_sponsored_post_with_the_deal_as_context(db, capsys, tmp_path):
    deal_id = _added(capsys)
    post = tmp_path / "post.txt"
    post.write_text(UNDISCLOSED, encoding="utf-8")
    assert main(["scan", str(post), "--kind", "sponsored_post", "--deal", str(deal_id), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {f["category"] for f in report["findings"]}
    assert {"ad_disclosure", "ad_mandatory_warning"} <= found and "ad_unverified_use" not in found  # used since Sept
    assert report["needs_review"] == ["lawyer"] and report["checklist"] == []
    assert main(["scan", str(post), "--kind", "sponsored_post"]) == 1  # no record: use not on record
    assert "ad_unverified_use" in capsys.readouterr().out
    assert main(["scan", str(post), "--deal", str(deal_id)]) == 2
    assert "--deal: only with --kind sponsored_post" in capsys.readouterr().err
    assert main(["scan", str(post), "--kind", "sponsored_post", "--deal", "42"]) == 2
