"""The one protected-name matcher (guardrails/names.py): every form of a protected person
is found, common words that equal part of a name are not, and every place that must hide
a protected person (brief checks, drafting, model back end, replies, export) agrees,
because they all call it."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.backends.cleanup import protected_name_in as backend_check
from assistant.brief import validate_brief
from assistant.drafting.context import is_restricted, restricted_patterns
from assistant.export.spans import nfc, redact
from assistant.replies.grounding import knowledge
from guardrails.brief_checks import brief_findings
from guardrails.names import find_names, protected_name_in
from tests.text_forms import FORMS

NAMES = ["Đỗ Quỳnh Như", "Hoàng Văn Tâm", "Sophie Laurent", "@bong.gon_07"]


def found(text: str, names=NAMES) -> list[str]:
    return [text[h.start:h.end] for h in find_names(text, names)]


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Gia đình Đỗ Quỳnh Như đã nhận được hỗ trợ.", ["Đỗ Quỳnh Như"]),
        ("do quynh nhu da nhan ho tro", ["do quynh nhu"]),
        ("Bé Quỳnh Như đang ở cùng bố mẹ.", ["Quỳnh Như"]),
        ("mọi người đừng hỏi về em như nữa", ["như"]),
        ("Cháu Như đã đi học lại.", ["Như"]),
        ("Chú Tâm làm ở kho hàng.", ["Tâm"]),
        ("chu tam lam o kho hang", ["tam"]),
        ("Hôm qua anh Tâm đã gặp đội kỹ thuật.", ["Tâm"]),
        ("Cảm ơn Đ.Q.N đã đồng ý chia sẻ.", ["Đ.Q.N"]),
        ("Cảm ơn ĐQN đã đồng ý chia sẻ.", ["ĐQN"]),
        ("Đừng tag @quynhnhu.do vào bài nữa.", ["@quynhnhu.do"]),
        ("Sophie has asked for privacy.", ["Sophie"]),
        ("We thank Ms Laurent for her patience.", ["Laurent"]),
        ("Dr. Laurent was not involved.", ["Laurent"]),
        ("Please stop messaging @sophielaurent.", ["@sophielaurent"]),
        ("Thanks to S.L. for the tip.", ["S.L."]),
        ("Her account @bong.gon_07 is private.", ["@bong.gon_07"]),
        ("Tran hỏi về Sophie Laurent và Hoàng Văn Tâm.", ["Sophie Laurent", "Hoàng Văn Tâm"]),
    ],
)
@pytest.mark.parametrize("form", FORMS)
def test_every_form_of_a_protected_name_is_found(text, flagged, form):
    t = FORMS[form](text)
    assert [fold for fold in found(t)] == [FORMS[form](x) for x in flagged]


@pytest.mark.parametrize(
    "text",
    [
        "Chúng tôi luôn đặt tâm huyết vào từng sản phẩm.",
        "Tâm trạng của cả đội lúc này rất nặng nề.",
        "Như đã hứa, chúng tôi cập nhật lúc 20:00.",
        "Mọi việc vẫn như cũ, không có gì thay đổi.",
        "Chúng tôi quan tâm đến từng khách hàng.",
        "Hoàng hôn hôm đó rất đẹp.",
        "The laurel wreath on the poster is our logo.",
        "Đội Tâm An Logistics đã giao hàng.",
        "Laurent-Perrier was not a sponsor.",
        "SL 2 is the product code.",
        "Viết tắt DQ là của một nhãn hàng khác.",
    ],
)
@pytest.mark.parametrize("form", FORMS)
def test_common_words_equal_to_part_of_a_name_are_not_flagged(text, form):
    assert found(FORMS[form](text), NAMES[:3]) == []


def test_tone_marks_tell_apart_a_name_and_a_word():
    assert found("Chỉ Tâm mới biết.", ["Hoàng Văn Tâm"]) == ["Tâm"]  # capitalised inside the sentence
    assert found("Ban chỉ huy đã có mặt.", ["Nguyễn Văn Huy"]) == []  # "chỉ" is not "chị"
    assert found("Chị Huy đã có mặt.", ["Nguyễn Văn Huy"]) == ["Huy"]
    assert found("Hủy buổi diễn là cần thiết.", ["Nguyễn Văn Huy"]) == []


# ------------------------------------------------ every call site is the same matcher

BRIEF = validate_brief({
    "language": "vi",
    "speaker": {"name": "Tiệm Bánh Nhỏ"},
    "incident": {"title": "Phản ánh về bánh", "summary": "Khách phản ánh về bánh."},
    "fault": "unknown",
    "confirmed_facts": ["Có 5 khách phản ánh."],
    "protected_names": NAMES[:3],
})
FRAGMENTS = [
    "Đỗ Quỳnh Như", "do quynh nhu", "bé Như", "em như", "như", "Như", "tâm", "anh Tâm", "Tâm",
    "tâm huyết", "Sophie", "sophie", "Ms Laurent", "laurent", "S.L.", "Đ.Q.N", "@quynhnhu",
    "@sophie_laurent", "chỉ", "chị", "khách", "đã", "nói", "là", ".", ",", " ", "\n", "😀", "Khách",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12), st.sampled_from(["nfc", "nfd"]))
def test_drafting_guardrails_replies_backend_and_export_agree(parts, form):
    text = " ".join(parts)
    if form == "nfd":
        text = unicodedata.normalize("NFD", text)
    hits = find_names(text, BRIEF.protected_names)
    named = bool(hits)
    privacy = [f for f in brief_findings(text, BRIEF, "vi") if f.category == "privacy_disclosure"]
    assert [(f.start, f.end) for f in privacy] == [(h.start, h.end) for h in hits]
    assert is_restricted(text, restricted_patterns(BRIEF)) is named
    assert (backend_check(text, BRIEF.protected_names) is not None) is named
    assert (protected_name_in(text, BRIEF.protected_names) is not None) is named
    assert (redact(text, BRIEF.protected_names) != nfc(text)) is named or not text.strip()
    assert redact(text, BRIEF.protected_names).count("[…]") == len(hits)
    statement = (text + ".") if text.strip() else ""
    quoted = [f.text for f in knowledge(BRIEF, statement) if f.source == "statement"]
    assert not any(find_names(q, BRIEF.protected_names) for q in quoted)
