"""Word export: one native comment per finding, anchored on exactly the flagged words."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from assistant.export import ExportDocument, ReviewEntry, export, text_sha256, to_docx
from guardrails.report import ChecklistItem
from tests.test_export_support import (
    EN_TEXT,
    VI_TEXT,
    docx_comments,
    docx_parts,
    docx_paragraph_texts,
    finding,
    nfd,
    report,
)

# (case id, text, language, [(category, span, nth occurrence)])
CASES = [
    ("vi-basic", VI_TEXT, "vi", [
        ("compensation_promise", "sẽ hoàn tiền 100% cho tất cả", 0),
        ("absolute_guarantee", "cam kết không bao giờ tái diễn", 0),
        ("speculation", "Có lẽ do đối thủ chơi xấu", 0),
    ]),
    ("vi-nested-and-overlapping", VI_TEXT, "vi", [
        ("compensation_promise", "sẽ hoàn tiền 100% cho tất cả", 0),
        ("unsupported_claim", "100%", 0),                      # inside the first
        ("do_not_say", "tất cả và cam kết", 0),                # straddles two findings
        ("absolute_guarantee", "cam kết không bao giờ tái diễn", 0),
        ("speculation", "Có lẽ do đối thủ chơi xấu", 0),
        ("blame_shifting", "đối thủ chơi xấu", 0),             # shares its end
    ]),
    ("vi-nfd", nfd(VI_TEXT), "vi", [
        ("compensation_promise", nfd("sẽ hoàn tiền 100% cho tất cả"), 0),
        ("speculation", nfd("Có lẽ do đối thủ"), 0),
    ]),
    ("vi-same-span-twice", VI_TEXT, "vi", [
        ("compensation_promise", "hoàn tiền 100%", 0),
        ("unsupported_claim", "hoàn tiền 100%", 0),
    ]),
    ("vi-start-end-and-across-lines", VI_TEXT, "vi", [
        ("hostile_tone", "Chào mọi người", 0),
        ("unsupported_claim", "Linh Nguyễn Official.", 0),
        ("speculation", "chơi xấu.\nCập nhật", 0),          # runs over a line break
    ]),
    ("en-overlap", EN_TEXT, "en", [
        ("compensation_promise", "We will refund every buyer in full", 0),
        ("absolute_guarantee", "this will never happen again", 0),
        ("speculation", "probably sabotage by the delivery company", 0),
        ("do_not_say", "the delivery company", 0),
        ("unsupported_claim", "12", 0),
    ]),
]


@pytest.mark.parametrize("case, text, lang, specs", CASES, ids=[c[0] for c in CASES])
def test_one_comment_per_finding_anchored_on_the_span(case, text, lang, specs, brief_vi, brief_en):
    findings = [finding(text, cat, span, nth) for cat, span, nth in specs]
    doc = ExportDocument(brief=brief_vi if lang == "vi" else brief_en, text=text,
                         scan=report(lang, findings), language=lang)
    data = to_docx(doc)
    comments = docx_comments(data)

    assert len(comments) == len(findings)
    assert Counter(c.anchored for c in comments) == Counter(f.text for f in findings)
    for f in findings:
        matching = [c for c in comments if c.anchored == f.text and f.rationale in c.text]
        assert matching, f"no comment on {f.text!r} explaining {f.category}"
        assert "a safer wording" in matching[0].text
    # the statement itself is intact, line by line, in the document
    assert "\n".join(docx_paragraph_texts(data)).count(text) == 1


@pytest.mark.parametrize("lang, brief_name, category, expected", [
    ("vi", "brief_vi", "compensation_promise", ["Hứa bồi thường", "Luật sư", "Lý do", "Cách diễn đạt an toàn hơn"]),
    ("vi", "brief_vi", "minimizing", ["Giảm nhẹ tác hại", "Trưởng nhóm truyền thông"]),
    ("en", "brief_en", "compensation_promise", ["Promise of compensation", "Lawyer", "Why", "Safer wording"]),
    ("en", "brief_en", "hostile_tone", ["Hostile tone", "PR lead"]),
])
def test_comment_labels_follow_the_statement_language(lang, brief_name, category, expected, request):
    text = VI_TEXT if lang == "vi" else EN_TEXT
    span = text.split(".")[1].strip()[:20]
    doc = ExportDocument(brief=request.getfixturevalue(brief_name), text=text,
                         scan=report(lang, [finding(text, category, span)]), language=lang)
    (comment,) = docx_comments(to_docx(doc))
    for label in expected:
        assert label in comment.text


def test_a_finding_whose_offsets_are_stale_is_still_commented(brief_vi):
    text = VI_TEXT
    moved = finding(text, "compensation_promise", "sẽ hoàn tiền 100% cho tất cả").model_copy(update={"start": 3, "end": 31})
    lost = finding(text, "speculation", "Có lẽ").model_copy(update={"text": "không có trong văn bản"})
    doc = ExportDocument(brief=brief_vi, text=text, scan=report("vi", [moved, lost]), language="vi")
    comments = docx_comments(to_docx(doc))
    assert len(comments) == 2
    assert {c.anchored for c in comments} >= {"sẽ hoàn tiền 100% cho tất cả"}
    (unlocated,) = [c for c in comments if "không có trong văn bản" in c.text]
    assert "không tìm thấy" in unlocated.text


def test_signoff_is_prefilled_only_from_reviews_of_this_text(brief_vi):
    text = VI_TEXT
    now = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone.utc)
    reviews = [
        ReviewEntry(name="Luật sư Phạm Minh", role="lawyer", decision="approved", comment="ổn",
                    sha256=text_sha256(text), date=now),
        ReviewEntry(name="Chị Hà PR", role="pr", decision="approved", comment="bản cũ",
                    sha256=text_sha256(text + " (bản cũ)"), date=now),
    ]
    doc = ExportDocument(brief=brief_vi, text=text, scan=report("vi", []), language="vi", version=3, reviews=reviews)
    xml = docx_parts(to_docx(doc))["word/document.xml"]
    assert "Luật sư Phạm Minh" in xml and "2026-11-21 09:30" in xml and "đã duyệt" in xml
    assert "Chị Hà PR" not in xml  # approved another text: not a sign-off of this one
    assert "chưa duyệt" in xml
    assert doc.sha256 in xml


def test_checklist_and_brief_summary_are_in_the_document(brief_vi):
    checklist = [ChecklistItem(id="acknowledges", met=True, evidence="Mình xin lỗi vì lô serum SR-12-1025"),
                 ChecklistItem(id="contact", met=False)]
    doc = ExportDocument(brief=brief_vi, text=VI_TEXT, scan=report("vi", [], checklist), language="vi",
                         kind="apology", channel="facebook")
    xml = docx_parts(to_docx(doc))["word/document.xml"]
    for expected in ["Nêu rõ điều đã xảy ra", "đạt", "Mình xin lỗi vì lô serum SR-12-1025", "còn thiếu",
                     "37 khách hàng đã báo kích ứng qua hotline tính đến 20/11.", "Nguyên nhân gây kích ứng.",
                     "20:00 ngày 24/11/2026", "Trang Facebook Linh Nguyễn Official", "Lời xin lỗi"]:
        assert expected in xml, expected


def test_text_with_characters_xml_cannot_hold_still_exports(brief_en):
    text = "We are sorry.\x0bThe batch\x00 is FB-2211."
    doc = ExportDocument(brief=brief_en, text=text, scan=report("en", [finding(text, "unsupported_claim", "FB-2211")]),
                         language="en")
    data = export(doc, "docx")
    (comment,) = docx_comments(data)
    assert comment.anchored == "FB-2211"
    assert "We are sorry.\ufffdThe batch\ufffd is " in "\n".join(docx_paragraph_texts(data))
