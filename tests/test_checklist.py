"""Principles checklist: each item met or missing with its evidence sentence, required items
per statement kind, with and without a brief, in Vietnamese (NFC, NFD, no diacritics) and
English."""

from __future__ import annotations

import pytest

from guardrails.checklist import REQUIRED_ITEMS, build_checklist
from guardrails.report import CHECKLIST_IDS
from guardrails.text import sentences
from tests.text_forms import FORMS

FULL = {
    "vi": (
        "Linh đã nhận được phản ánh về tình trạng kích ứng da sau khi dùng serum SR-12. "
        "Linh thành thật xin lỗi các bạn. "
        "Tính đến 20/11, 37 khách hàng đã báo kích ứng qua hotline. "
        "Linh đã dừng quảng cáo serum SR-12 từ 20/11 và sẽ gửi mẫu đi kiểm nghiệm độc lập. "
        "Linh sẽ cập nhật lúc 20:00 ngày 24/11/2026 trên Trang Facebook Linh Nguyễn Official. "
        "Mọi thắc mắc xin liên hệ hotro@linhnguyen.vn."
    ),
    "en": (
        "We are aware that some buyers fell ill after eating the FreshBox chicken meal kit. "
        "I am truly sorry to everyone who got sick. "
        "As of 17 November, 12 buyers reported stomach illness to our support line. "
        "We have paused all FreshBox promotions and shared the reports with FreshBox's quality team. "
        "The next update will be posted at 8 pm on 21 November 2026 on Maya Tran's official Instagram account. "
        "You can write to care@mayacooks.com."
    ),
}


def _sentences_of(text):
    return {text[a:b] for a, b in sentences(text)}


@pytest.mark.parametrize("kind", REQUIRED_ITEMS)
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("with_brief", [True, False])
def test_a_complete_statement_meets_every_required_item(kind, lang, with_brief, brief_vi, brief_en):
    brief = (brief_vi if lang == "vi" else brief_en) if with_brief else None
    text = FULL[lang]
    items = build_checklist(text, lang, kind, brief)
    assert [i.id for i in items] == list(CHECKLIST_IDS)
    assert {i.id for i in items if i.required} == set(REQUIRED_ITEMS[kind])
    assert [i.id for i in items if i.required and not i.met] == []
    for item in items:
        assert item.evidence in _sentences_of(text)


@pytest.mark.parametrize("form", FORMS)
def test_vietnamese_forms_give_the_same_result(form, brief_vi):
    text = FORMS[form](FULL["vi"])
    items = build_checklist(text, "vi", "apology", brief_vi)
    assert all(i.met for i in items)
    for item in items:
        assert item.evidence in _sentences_of(text)


ITEM_CASES = [
    ("vi", "acknowledges", "Linh đã nhận được phản ánh về tình trạng kích ứng da.", "Chúc mọi người một ngày vui vẻ."),
    ("vi", "apologizes", "Linh thành thật xin lỗi các bạn.", "Linh xin lỗi nếu ai thấy phiền."),
    ("vi", "specific_facts", "Tính đến 20/11, 37 khách hàng đã báo kích ứng.", "Nhiều bạn đã nhắn tin cho Linh."),
    ("vi", "actions", "Linh đã dừng quảng cáo serum này.", "Linh rất buồn."),
    ("vi", "next_update", "Linh sẽ cập nhật lúc 20:00 ngày 24/11.", "Linh sẽ cập nhật sau."),
    ("vi", "official_channel", "Thông tin chính thức chỉ đăng trên trang Facebook của Linh.", "Mọi người theo dõi nhé."),
    ("vi", "contact", "Mọi thắc mắc xin liên hệ hotro@linhnguyen.vn.", "Cảm ơn mọi người."),
    ("en", "acknowledges", "We are aware that some buyers fell ill.", "Have a good day."),
    ("en", "apologizes", "I am sorry for the harm this caused.", "I'm sorry if anyone was offended."),
    ("en", "specific_facts", "As of 17 November, 12 buyers reported stomach illness.", "Many people wrote to us."),
    ("en", "actions", "We have paused all FreshBox promotions.", "We feel terrible."),
    ("en", "next_update", "The next update will be posted at 8 pm on 21 November.", "We will update you later."),
    ("en", "official_channel", "News will be posted on Maya's Instagram.", "Stay tuned."),
    ("en", "contact", "You can write to care@mayacooks.com.", "Thank you all."),
]


@pytest.mark.parametrize(
    "lang, item, meets, misses, form",
    [(*case, form) for case in ITEM_CASES for form in (FORMS if case[0] == "vi" else ["nfc"])],
)
def test_each_item_met_or_missing(lang, item, meets, misses, form):
    good, bad = FORMS[form](meets), FORMS[form](misses)
    got = {i.id: i for i in build_checklist(good, lang, "apology")}
    assert got[item].met and got[item].evidence == good
    got = {i.id: i for i in build_checklist(bad, lang, "apology")}
    assert not got[item].met and got[item].evidence is None


@pytest.mark.parametrize(
    "lang, item, text, met_with_brief, met_without",
    [
        # the brief's next-update time, without the word "update"
        ("vi", "next_update", "Hẹn gặp lại các bạn lúc 20:00 ngày 24/11.", True, False),
        # a brief channel that names no platform and says no "official"
        ("en", "official_channel", "Follow mayacooks.com/updates for news.", True, False),
        # a figure that is not a confirmed fact does not count with a brief
        ("vi", "specific_facts", "Đã có 40 khách hàng báo kích ứng.", False, True),
        ("en", "specific_facts", "So far 15 buyers have reported illness.", False, True),
        # a confirmed fact in other words
        ("vi", "specific_facts", "Lô hàng bị ảnh hưởng là lô SR-12-1025.", True, True),
        # a planned action of the brief
        ("en", "actions", "Next, the findings of the batch test will be published.", True, False),
    ],
)
def test_the_brief_adds_and_restricts_evidence(lang, item, text, met_with_brief, met_without, brief_vi, brief_en):
    brief = brief_vi if lang == "vi" else brief_en
    with_brief = {i.id: i.met for i in build_checklist(text, lang, "update", brief)}
    without = {i.id: i.met for i in build_checklist(text, lang, "update")}
    assert (with_brief[item], without[item]) == (met_with_brief, met_without)


@pytest.mark.parametrize(
    "kind, missing",
    [
        ("holding", {"acknowledges", "next_update", "official_channel"}),
        ("update", {"specific_facts", "actions", "next_update", "official_channel"}),
        ("correction", {"specific_facts", "official_channel"}),
        ("sponsor_notice", {"acknowledges", "actions", "contact"}),
        ("closing", {"acknowledges", "apologizes", "actions", "official_channel"}),
    ],
)
def test_a_bad_statement_misses_what_its_kind_requires(kind, missing):
    text = "Chuyện nhỏ thôi mà, mọi người bình tĩnh nhé."
    items = build_checklist(text, "vi", kind)
    assert {i.id for i in items if i.required and not i.met} == missing


def test_apology_may_skip_next_update():
    assert "next_update" not in REQUIRED_ITEMS["apology"]
    assert set(REQUIRED_ITEMS["apology"]) == set(CHECKLIST_IDS) - {"next_update"}


def test_nothing_to_apologise_for_when_fault_is_none(brief_vi):
    cleared = brief_vi.model_copy(update={"fault": "none"})
    items = {i.id: i for i in build_checklist("Thông tin này là sai sự thật.", "vi", "closing", cleared)}
    assert not items["apologizes"].required
    items = {i.id: i for i in build_checklist("Thông tin này là sai sự thật.", "vi", "closing", brief_vi)}
    assert items["apologizes"].required


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown statement kind 'memo'.*holding"):
        build_checklist("x", "vi", "memo")


def test_empty_text_misses_everything():
    items = build_checklist("", "en", "holding")
    assert [i.met for i in items] == [False] * len(CHECKLIST_IDS)


@pytest.mark.parametrize(
    "args, error, message",
    [((None, "vi", "holding"), TypeError, "needs the statement as str"),
     (("x", "fr", "holding"), ValueError, "'vi' or 'en'")],
)
def test_bad_arguments_are_clear_errors(args, error, message):
    with pytest.raises(error, match=message):
        build_checklist(*args)


@pytest.mark.parametrize(
    "lang, text, met",
    [
        ("en", "We will post updates on Instagram.", False),
        ("en", "We will share more as soon as we can.", False),
        ("en", "The next update will be posted on Instagram at noon on Thursday.", True),
        ("en", "We will post progress every Monday.", True),
        ("en", "We will update you within 48 hours.", True),
        ("vi", "Tôi sẽ cập nhật thêm cho mọi người.", False),
        ("vi", "Chúng tôi sẽ cập nhật vào trang chính thức.", False),
        ("vi", "Chúng tôi sẽ cập nhật tối nay.", True),
        ("vi", "Shop sẽ cập nhật trong vòng 24 giờ.", True),
        ("vi", "Thông tin tiếp theo sẽ có vào thứ Hai tuần tới.", True),
    ],
)
def test_next_update_needs_a_time(lang, text, met):
    items = {i.id: i for i in build_checklist(text, lang, "holding")}
    assert items["next_update"].met is met


@pytest.mark.parametrize(
    "lang, text, met",
    [
        ("en", "This is our official statement.", False),
        ("en", "Official news will be posted on our website.", True),
        ("en", "Please follow my official Instagram account.", True),
        ("vi", "Đây là tuyên bố của Linh.", False),
        ("vi", "Mọi thông tin sẽ được đăng trên fanpage chính thức.", True),
        ("vi", "Moi thong tin moi ve vu viec se chi duoc dang tren trang chinh thuc cua shop.", True),
    ],
)
def test_official_channel_needs_a_place(lang, text, met):
    items = {i.id: i for i in build_checklist(text, lang, "holding")}
    assert items["official_channel"].met is met


@pytest.mark.parametrize("brief_file, item, quoted", [
    ("brief.en.yaml", "official_channel", "the official Instagram account @mayacooks"),
    ("brief.en.yaml", "contact", "care@mayacooks.com"),
    ("brief.vi.yaml", "contact", "hotro@linhnguyen.vn"),
    ("brief.vi.yaml", "official_channel", "Trang Facebook Linh Nguyễn Official"),
])
def test_evidence_quotes_the_sentence_that_meets_the_item(brief_file, item, quoted):
    from pathlib import Path

    from assistant.brief import load_brief

    brief = load_brief(Path(__file__).resolve().parent.parent / "examples" / brief_file)
    text = ("We have reached out to everyone involved and contacted our partners. " if brief.language == "en"
            else "Chúng tôi đã liên hệ với các đối tác và những người liên quan. ")
    text += f"Please write to {brief.contact} with any question. " if brief.language == "en" else f"Mọi thắc mắc xin gửi về {brief.contact}. "
    text += (f"Updates will be posted on {brief.official_channels[0]}." if brief.language == "en"
             else f"Thông tin sẽ được đăng trên {brief.official_channels[0]}.")
    [entry] = [i for i in build_checklist(text, brief.language, "apology", brief) if i.id == item]
    assert entry.met and quoted in entry.evidence
