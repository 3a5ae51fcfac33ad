"""Brief-aware guardrails: unsupported figures and names, the do-not-say list, protected
names — against the example briefs, in NFC, NFD and diacritic-less Vietnamese."""

from __future__ import annotations

import unicodedata

import pytest

from guardrails.brief_checks import brief_findings
from guardrails.numbers import find_mentions
from guardrails.pii import pii_findings
from guardrails.report import CATEGORY_ROUTES
from guardrails.text import fold_plain
from tests.text_forms import FORMS


def by_category(findings, category):
    return [f.text for f in findings if f.category == category]


# ------------------------------------------------------------------ figures: normaliser

@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("ba mươi bảy khách hàng", "number", 37.0),
        ("thirty-seven buyers", "number", 37.0),
        ("hai trăm linh năm người", "number", 205.0),
        ("hai mươi lăm người", "number", 25.0),
        ("2 tỷ", "number", 2e9),
        ("2.000.000 đồng", "number", 2e6),
        ("2,5 triệu", "number", 2.5e6),
        ("hai triệu rưỡi", "number", 2.5e6),
        ("2 million dollars", "number", 2e6),
        ("50%", "percent", 50.0),
        ("năm mươi phần trăm", "percent", 50.0),
        ("fifty percent", "percent", 50.0),
        ("20/11", "date", (20, 11, None)),
        ("ngày 20-11", "date", (20, 11, None)),
        ("ngày 20 tháng 11", "date", (20, 11, None)),
        ("20 November", "date", (20, 11, None)),
        ("Nov 20th", "date", (20, 11, None)),
        ("2026-11-20", "date", (20, 11, 2026)),
        ("27/11/2026", "date", (27, 11, 2026)),
        ("20:00", "time", (20, 0)),
        ("20h", "time", (20, 0)),
        ("20h30", "time", (20, 30)),
        ("8 pm", "time", (20, 0)),
        ("8 giờ tối", "time", (20, 0)),
        ("lô SR-12-1025", "code", "sr-12-1025"),
        ("năm 2026", "year", 2026),
    ],
)
def test_figures_are_normalised(text, kind, value):
    mentions = find_mentions(fold_plain(text))
    assert [(m.kind, m.value) for m in mentions] == [(kind, value)]


@pytest.mark.parametrize(
    "text",
    [
        "Cập nhật số 2", "Update #2", "Update 2", "1/3 Linh xin lỗi", "2. Linh đã dừng bán",
        "(khoảng 2 phút)", "(about 2 min)", "hotline 24/7", "Nghị định 13/2023/NĐ-CP",
        "gọi 0912 345 678", "hotro@linhnguyen.vn", "mayacooks.com/updates", "@linhnguyen",
        "một số khách hàng", "bây giờ", "tên nhà máy", "sau khi dùng", "tạm dừng", "[0:00-0:15]",
    ],
)
def test_structural_numbers_and_ambiguous_words_are_not_figures(text):
    assert find_mentions(fold_plain(text), "vi" if not text.isascii() else None) == []


# ----------------------------------------------------------------- unsupported_claim

KNOWN_VI = [
    "Đã có ba mươi bảy khách hàng báo kích ứng qua hotline.",
    "Tính đến 20/11, 37 khách hàng đã báo kích ứng.",
    "Linh dừng quảng cáo từ ngày 20 tháng 11.",
    "Linh dừng quảng cáo từ 20-11.",
    "Kết quả kiểm nghiệm dự kiến trước 27/11/2026.",
    "Linh sẽ cập nhật lúc 20h ngày 24/11.",
    "Linh sẽ cập nhật lúc 8 giờ tối ngày 24/11/2026.",
    "Lô bị ảnh hưởng là lô SR-12-1025.",
    "Cập nhật số 2 (khoảng 2 phút)",
    "1/3 Linh Nguyễn xin lỗi mọi người.",
    "Sự việc bắt đầu từ ngày 18/11.",
    "Mọi thông tin trên Trang Facebook Linh Nguyễn Official.",
]
KNOWN_EN = [
    "Twelve buyers reported stomach illness by 17 November.",
    "12 buyers have reported illness since Nov 17.",
    "The next update comes at 8 pm on 21 November.",
    "The next update comes at 20:00 on 21/11/2026.",
    "We will publish the findings of the batch test on November 24.",
    "The reports concern batch FB-2211.",
    "Update #2 (about 2 min)",
    "Follow Maya Tran's official Instagram account and mayacooks.com/updates.",
    "The FreshBox chicken meal kits were paused.",
]


@pytest.mark.parametrize("text", KNOWN_VI)
@pytest.mark.parametrize("form", FORMS)
def test_figures_and_names_from_the_brief_are_not_flagged_vi(brief_vi, text, form):
    t = FORMS[form](text)
    assert by_category(brief_findings(t, brief_vi, "vi"), "unsupported_claim") == []


@pytest.mark.parametrize("text", KNOWN_EN)
def test_figures_and_names_from_the_brief_are_not_flagged_en(brief_en, text):
    assert by_category(brief_findings(text, brief_en, "en"), "unsupported_claim") == []


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Đã có 40 khách hàng báo kích ứng.", ["40"]),
        ("Linh sẽ cập nhật vào 25/11.", ["25/11"]),
        ("Hợp đồng quảng cáo trị giá 2 tỷ.", ["2 tỷ"]),
        ("Có năm mươi phần trăm khách hàng đã khỏi.", ["năm mươi phần trăm"]),
        ("Lô SR-12-1030 không bị ảnh hưởng.", ["SR-12-1030"]),
        ("Linh sẽ cập nhật lúc 21:00 ngày 24/11.", ["21:00"]),
        ("Linh đã gặp ông Nguyễn Văn An tại Hà Nội.", ["ông Nguyễn Văn An", "Hà Nội"]),
        ("Chị Lan đã nhận lại tiền.", ["Chị Lan"]),
        ("Khách hàng ở Quận 3 báo nhiều nhất.", ["Quận 3"]),
    ],
)
@pytest.mark.parametrize("form", FORMS)
def test_figures_and_names_missing_from_the_brief_are_flagged_vi(brief_vi, text, flagged, form):
    t = FORMS[form](text)
    found = by_category(brief_findings(t, brief_vi, "vi"), "unsupported_claim")
    assert found == [FORMS[form](x) for x in flagged]


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("15 buyers reported illness.", ["15"]),
        ("Thirty buyers reported illness.", ["Thirty"]),
        ("We will pay $2 million.", ["$2 million"]),
        ("The next update comes on 22 November.", ["22 November"]),
        ("About 50% of the buyers are better.", ["50%"]),
        ("John Smith from Green Farm Logistics called us.", ["John Smith", "Green Farm Logistics"]),
        ("Batch FB-2212 is not affected.", ["FB-2212"]),
    ],
)
def test_figures_and_names_missing_from_the_brief_are_flagged_en(brief_en, text, flagged):
    assert by_category(brief_findings(text, brief_en, "en"), "unsupported_claim") == flagged


@pytest.mark.parametrize(
    "lang, text, closest",
    [
        ("vi", "Đã có 40 khách hàng báo kích ứng.", '"37"'),
        ("vi", "Linh sẽ cập nhật vào 25/11.", "24/11/2026"),
        ("en", "15 buyers reported illness.", '"12"'),
    ],
)
def test_suggestion_points_to_the_closest_brief_figure(brief_vi, brief_en, lang, text, closest):
    brief = brief_vi if lang == "vi" else brief_en
    (finding,) = brief_findings(text, brief, lang)
    assert closest in finding.suggestion
    assert finding.route == CATEGORY_ROUTES["unsupported_claim"] == "lawyer"


def test_rationale_is_in_the_text_language(brief_vi, brief_en):
    (vi,) = brief_findings("Đã có 40 khách hàng.", brief_vi, "vi")
    (en,) = brief_findings("40 buyers.", brief_en, "en")
    assert "brief" in vi.rationale and "xác nhận" in vi.rationale
    assert "confirmed facts" in en.rationale and "xác nhận" not in en.rationale


# ------------------------------------------------------------------------ do_not_say

@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Chúng tôi sẽ công bố tên nhà máy sản xuất.", "tên nhà máy sản xuất"),
        ("TÊN NHÀ MÁY SẢN XUẤT sẽ được công bố.", "TÊN NHÀ MÁY SẢN XUẤT"),
        ("Tên của nhà máy là Hòa Bình.", "Tên của nhà máy"),
        ("Tên nhà máy đã sản xuất lô này là X.", "Tên nhà máy đã sản xuất"),
    ],
)
@pytest.mark.parametrize("form", FORMS)
def test_do_not_say_variants_vi(brief_vi, text, flagged, form):
    t = FORMS[form](text)
    assert by_category(brief_findings(t, brief_vi, "vi"), "do_not_say") == [FORMS[form](flagged)]


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("We can now share the name of the delivery company.", ["name of the delivery company"]),
        ("We did not know the name of the delivery company was SpeedyGo.", ["name of the delivery company"]),
        ("The delivery company's name stays private.", ["delivery company's name"]),
        ("The names of the delivery companies are known.", ["names of the delivery companies"]),
        ("The delivery was late.", []),
        ("Our company name is FreshBox.", []),
    ],
)
def test_do_not_say_variants_en(brief_en, text, flagged):
    assert by_category(brief_findings(text, brief_en, "en"), "do_not_say") == flagged


@pytest.mark.parametrize(
    "lang, text",
    [
        ("vi", "Chúng tôi không nêu tên nhà máy sản xuất."),
        ("vi", "Linh chưa thể tiết lộ tên của nhà máy lúc này."),
        ("en", "We will not share the name of the delivery company."),
        ("en", "We won't name the delivery company."),
        ("en", "We will not publicly disclose the delivery company's name."),
    ],
)
def test_saying_it_will_not_be_said_is_clean(brief_vi, brief_en, lang, text):
    brief = brief_vi if lang == "vi" else brief_en
    assert by_category(brief_findings(text, brief, lang), "do_not_say") == []


@pytest.mark.parametrize(
    "brief_lang, lang, text, flagged",
    [
        ("vi", "en", "The factory's name is Hoa Binh.", "factory's name"),
        ("vi", "en", "Here is the name of the factory: Hoa Binh.", "name of the factory"),
        ("en", "vi", "Tên đơn vị giao hàng là SpeedyGo.", "Tên đơn vị giao hàng"),
        ("en", "vi", "Tên công ty giao hàng là SpeedyGo.", "Tên công ty giao hàng"),
    ],
)
def test_do_not_say_is_found_in_the_other_language(brief_vi, brief_en, brief_lang, lang, text, flagged):
    brief = brief_vi if brief_lang == "vi" else brief_en
    assert by_category(brief_findings(text, brief, lang), "do_not_say") == [flagged]


def test_do_not_say_ignores_related_but_different_words(brief_vi):
    text = "Chúng tôi đang làm việc với nhà sản xuất để kiểm tra."
    assert by_category(brief_findings(text, brief_vi, "vi"), "do_not_say") == []


# ------------------------------------------------------------------- protected names

@pytest.mark.parametrize(
    "spelling",
    ["Trần Thị B", "Tran Thi B", "TRẦN THỊ B", "Trần  Thị B", "trần thị b",
     unicodedata.normalize("NFD", "Trần Thị B"), "Trần\u00a0Thị B", "Trần Thị B."],
)
def test_protected_name_in_every_spelling(brief_vi, spelling):
    text = f"Linh đã gặp {spelling} để xin lỗi."
    found = [f for f in brief_findings(text, brief_vi, "vi") if f.category == "privacy_disclosure"]
    assert len(found) == 1
    assert text[found[0].start:found[0].end] == found[0].text
    assert fold_plain(found[0].text).split() == ["tran", "thi", "b"]


@pytest.mark.parametrize("spelling", ["Emily Chen", "EMILY  CHEN", "emily chen"])
def test_protected_name_en(brief_en, spelling):
    found = brief_findings(f"We spoke with {spelling} today.", brief_en, "en")
    assert [f.category for f in found] == ["privacy_disclosure"]


@pytest.mark.parametrize("text, flagged", [("Linh gặp chị Trần Thị Bích.", []), ("Linh gặp chị B.", ["B"])])
def test_protected_name_is_a_whole_word_and_a_given_name_counts(brief_vi, text, flagged):
    assert by_category(brief_findings(text, brief_vi, "vi"), "privacy_disclosure") == flagged


# ---------------------------------------------------------------- offsets and layers

MIXED_VI = (
    "Cập nhật số 2: Có 40 khách hàng, ngày 25/11, Trần Thị B, tên nhà máy sản xuất, "
    "chị Lan ở 12 Lê Lợi, Quận 1, gọi 0912 345 678. Linh sẽ cập nhật lúc 20h ngày 24/11 "
    "trên Trang Facebook Linh Nguyễn Official, hỏi hotro@linhnguyen.vn."
)


@pytest.mark.parametrize("form", FORMS)
def test_offsets_point_into_the_text_as_given(brief_vi, form):
    text = FORMS[form](MIXED_VI)
    findings = brief_findings(text, brief_vi, "vi")
    assert [f.category for f in findings] == [
        "unsupported_claim", "unsupported_claim", "privacy_disclosure", "do_not_say", "unsupported_claim",
    ]
    for f in findings:
        assert text[f.start:f.end] == f.text
    assert [fold_plain(f.text) for f in findings] == ["40", "25/11", "tran thi b", "ten nha may san xuat", "chi lan"]


def test_personal_data_is_left_to_pii_and_not_duplicated(brief_vi):
    text = "Gọi 0912 345 678 hoặc ghé 12 Lê Lợi, Quận 1; hỏi thêm qua hotro@linhnguyen.vn."
    assert brief_findings(text, brief_vi, "vi") == []
    assert [f.text for f in pii_findings(text, "vi", allow=[brief_vi.contact])] == ["0912 345 678", "12 Lê Lợi, Quận 1"]


def test_no_brief_no_findings():
    assert brief_findings("Có 40 khách hàng, Trần Thị B.", None, "vi") == []


def test_a_plain_mapping_works_as_a_brief(brief_vi):
    as_dict = brief_vi.model_dump(mode="json")
    text = "Có 40 khách hàng, Trần Thị B."
    assert brief_findings(text, as_dict, "vi") == brief_findings(text, brief_vi, "vi")


# ------------------------------------------------- the offline drafter's own statements

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_statements_written_from_the_brief_carry_no_brief_findings(lang, brief_vi, brief_en):
    """Every kind x channel the offline drafter writes from a brief states only the brief's
    facts, so nothing may be flagged; the same text with one figure changed, or with a
    protected name, must be."""
    from assistant.catalog import CHANNELS, KINDS
    from assistant.drafting.offline import render_offline
    from assistant.drafting.request import build_request

    brief = brief_vi if lang == "vi" else brief_en
    fact = "37" if lang == "vi" else "12"
    checked = 0
    for kind in KINDS:
        for channel in CHANNELS:
            text = render_offline(build_request(brief, kind, channel, lang, update_number=2))
            assert brief_findings(text, brief, lang) == [], (kind, channel)
            if f"{fact} " in text:
                changed = text.replace(f"{fact} ", "41 ", 1)
                assert by_category(brief_findings(changed, brief, lang), "unsupported_claim") == ["41"]
                checked += 1
            named = text + "\n" + brief.protected_names[0]
            assert by_category(brief_findings(named, brief, lang), "privacy_disclosure") == [brief.protected_names[0]]
    assert checked >= len(KINDS)


@pytest.mark.parametrize(
    "text",
    [
        "1/3 Linh xin lỗi mọi người.\n\n2/3 Linh đã dừng quảng cáo.\n\n3/3 Cảm ơn mọi người.",
        "Linh xin lỗi mọi người. (1/2)\nLinh đã dừng quảng cáo. (2/2)",
        "Các bước:\n1. Dừng quảng cáo\n2. Gửi mẫu kiểm nghiệm\n3. Cập nhật",
    ],
)
def test_numbering_after_a_line_break_is_not_a_figure(brief_vi, text):
    assert brief_findings(text, brief_vi, "vi") == []


@pytest.mark.parametrize(
    "text",
    [
        "What Happened\nNext Steps\nWe are taking the next steps with FreshBox.",
        "A Message From Maya Tran\nThank you for your patience.",
        "Follow Maya Tran's official Instagram account.",
        "On Monday, 17 November, we paused the FreshBox promotions.",
    ],
)
def test_headings_and_capitalised_common_words_are_not_names(brief_en, text):
    assert by_category(brief_findings(text, brief_en, "en"), "unsupported_claim") == []


def test_any_object_with_the_brief_fields_works(brief_en):
    from types import SimpleNamespace

    data = brief_en.model_dump()
    duck = SimpleNamespace(**{k: v for k, v in data.items() if k not in ("speaker", "incident")})
    duck.speaker = SimpleNamespace(**data["speaker"])
    duck.incident = SimpleNamespace(**data["incident"])
    text = "As of 17 November, 15 buyers fell ill; Emily Chen was one of them."
    assert brief_findings(text, duck, "en") == brief_findings(text, brief_en, "en")
    assert [f.text for f in brief_findings(text, duck, "en")] == ["15", "Emily Chen"]


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((b"bytes", "vi"), TypeError, "needs the draft as str"),
        (("text", "fr"), ValueError, "language must be 'vi' or 'en'"),
    ],
)
def test_bad_arguments_are_clear_errors(brief_vi, args, error, message):
    with pytest.raises(error, match=message):
        brief_findings(args[0], brief_vi, args[1])


def test_language_is_detected_when_not_given(brief_vi):
    (finding,) = brief_findings("Đã có 40 khách hàng báo kích ứng.", brief_vi, None)
    assert "xác nhận" in finding.rationale


def test_offsets_hold_on_mixed_and_odd_text(brief_vi, brief_en):
    """Seeded mixes of the hard fragments (NFD marks, emoji, ligatures, line breaks, names,
    figures, contacts): every finding points at its own text, trimmed and non-empty."""
    import random

    fragments = [
        "Trần Thị B", "0912 345 678", "20/11", "24/11/2026", "ba mươi bảy", "40", "2 tỷ", "50%",
        "SR-12-1025", "số 5 Trần Hưng Đạo", "Quận 1", "chị Lan", "13 tuổi", "Emily Chen", "\n\n",
        "\n1/3 ", "2. ", "(khoảng 2 phút)", "😀", "…", "  ", "tên nhà máy sản xuất",
        "name of the delivery company", "hotro@linhnguyen.vn", "20h", "8 pm", "Nov 20", "\u0301",
        "Đ", "ﬁ", "İ", "ß", "\t", "\u200b", "12/4", "CCCD", ".", ",", "(", ")",
    ]
    rng = random.Random(2026)
    found = 0
    for _ in range(300):
        text = "".join(rng.choice(fragments) + rng.choice(["", " "]) for _ in range(rng.randint(0, 20)))
        if rng.random() < 0.3:
            text = unicodedata.normalize("NFD", text)
        lang, brief = rng.choice([("vi", brief_vi), ("en", brief_en)])
        for f in brief_findings(text, brief, lang) + pii_findings(text, lang):
            assert text[f.start:f.end] == f.text and f.text == f.text.strip() and f.text
            found += 1
    assert found > 300


# ------------------------------------------- do-not-say items with aliases (issue 11)

def _brief(**over):
    from assistant.brief import validate_brief

    data = {
        "language": "vi", "speaker": {"name": "Tiệm Gốm Nhỏ"},
        "incident": {"title": "Hàng bị vỡ khi giao", "summary": "Khách nhận hàng vỡ."}, "fault": "partial",
        "confirmed_facts": ["52 khách đã báo nhận hàng bị vỡ.", "Tiệm đã gửi lại hàng mới cho 30 khách."],
        "under_investigation": ["Nguyên nhân khiến hàng bị vỡ."],
        "actions_taken": ["Đã tạm dừng nhận đơn mới."],
        "do_not_say": [{"topic": "đơn vị vận chuyển", "aliases": ["J&T", "Viettel Post"]}, "mức đền bù cho khách"],
    }
    return validate_brief(data | over)


@pytest.mark.parametrize(
    "text, item",
    [
        ("Hàng được giao qua Viettel Post.", "đơn vị vận chuyển"),
        ("hang duoc giao qua viettel post", "đơn vị vận chuyển"),
        ("Đơn vị vận chuyển đã làm rơi hàng.", "đơn vị vận chuyển"),
        ("Mỗi khách được đền bù 200 nghìn đồng.", "mức đền bù cho khách"),
    ],
)
def test_do_not_say_by_alias_and_by_meaning_names_the_item(text, item):
    (finding,) = [f for f in brief_findings(text, _brief(), "vi") if f.category == "do_not_say"]
    assert f'"{item}"' in finding.rationale


@pytest.mark.parametrize(
    "text",
    [
        "Tiệm sẽ không nêu tên đơn vị vận chuyển trong lúc này.",
        "Tiệm sẽ đền bù cho từng khách theo đúng chính sách.",  # no figure: the amount is not said
        "Bưu điện gần nhà bạn vẫn nhận hàng đổi trả.",
        "Mỗi khách đều được xin lỗi trực tiếp qua điện thoại.",
    ],
)
def test_do_not_say_leaves_unrelated_and_withheld_alone(text):
    assert by_category(brief_findings(text, _brief(), "vi"), "do_not_say") == []


def test_old_plain_string_briefs_still_load_and_write_back_as_strings(brief_vi):
    from assistant.brief import parse_brief

    assert [str(i) for i in brief_vi.do_not_say] == ["tên nhà máy sản xuất"]
    assert "- tên nhà máy sản xuất" in brief_vi.to_yaml()
    b = _brief()
    assert parse_brief(b.to_yaml()) == b
    assert b.do_not_say[0].phrases == ["đơn vị vận chuyển", "J&T", "Viettel Post"]


def test_a_do_not_say_item_with_a_typo_is_a_clear_error():
    from assistant.errors import BriefError

    with pytest.raises(BriefError, match=r"do_not_say\[0\]\.alias: unknown field"):
        _brief(do_not_say=[{"topic": "đơn vị vận chuyển", "alias": ["J&T"]}])


# ------------------------------------------------- claims against the brief (issue 11)

@pytest.mark.parametrize(
    "text, kind, quoted",
    [
        ("Không có khách nào nhận hàng bị vỡ cả.", "contradiction", "52 khách đã báo nhận hàng bị vỡ."),
        ("khong co khach nao nhan hang bi vo", "contradiction", "52 khách đã báo nhận hàng bị vỡ."),
        ("Tiệm đã gửi lại hàng mới cho toàn bộ khách.", "contradiction", "Tiệm đã gửi lại hàng mới cho 30 khách."),
        ("Tiệm chưa hề tạm dừng nhận đơn mới.", "contradiction", "Đã tạm dừng nhận đơn mới."),
        ("Hàng bị vỡ là do khâu đóng gói quá sơ sài.", "open_item", "Nguyên nhân khiến hàng bị vỡ."),
        ("Thủ phạm là anh shipper đã ném hàng.", "open_item", "Nguyên nhân khiến hàng bị vỡ."),
    ],
)
def test_claims_against_the_brief_quote_the_item(text, kind, quoted):
    (finding,) = [f for f in brief_findings(text, _brief(), "vi") if f.category == "unsupported_claim"]
    assert f'"{quoted}"' in finding.rationale and finding.route == "lawyer"
    assert ("đang điều tra" in finding.rationale) == (kind == "open_item")


@pytest.mark.parametrize(
    "text",
    [
        "52 khách đã báo nhận hàng bị vỡ, tiệm xin lỗi từng người.",
        "Nguyên nhân khiến hàng bị vỡ vẫn đang được kiểm tra.",
        "Tiệm chưa thể kết luận vì sao hàng bị vỡ.",
        "Tiệm đã gửi lại hàng mới cho 30 khách và sẽ gửi tiếp.",
        "Không có khách nào phải trả thêm phí đổi hàng.",
    ],
)
def test_claims_that_agree_with_the_brief_are_clean(text):
    assert by_category(brief_findings(text, _brief(), "vi"), "unsupported_claim") == []


@pytest.mark.parametrize(
    "title, quoted",
    [("Shipper làm vỡ 52 đơn gốm", True), ("Phản ánh về hàng bị vỡ khi giao", False)],
)
def test_a_title_that_asserts_a_cause_is_internal(title, quoted):
    from guardrails.claims import title_asserts

    brief = _brief(incident={"title": title, "summary": "Khách nhận hàng vỡ."})
    text = f"Về việc {title.lower()}, tiệm xin lỗi."
    found = [f for f in brief_findings(text, brief, "vi") if "tiêu đề nội bộ" in f.rationale]
    assert bool(found) is quoted is title_asserts(title)
