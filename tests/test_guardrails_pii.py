"""Personal-data detectors: phones, e-mails, ID numbers, street addresses, minors —
positive and negative tables in both languages, offsets on NFC/NFD/diacritic-less text,
the allow-list for official contacts, and the dev set's privacy cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardrails.pii import pii_findings
from tests.text_forms import FORMS

DEV = Path(__file__).parent / "data" / "guardrail_dev_cases.jsonl"  # the copy of shared/spec kept in the repo




POSITIVE = [
    # (lang, text, flagged span)
    ("vi", "Khách hàng là chị Lan, số điện thoại 0912 345 678.", "0912 345 678"),
    ("vi", "Gọi cho bạn ấy: 0912.345.678 nhé.", "0912.345.678"),
    ("vi", "Số của anh ấy là 0912-345-678.", "0912-345-678"),
    ("vi", "Liên hệ bác sĩ qua +84 912 345 678.", "+84 912 345 678"),
    ("vi", "Zalo: 84912345678", "84912345678"),
    ("vi", "Nhà chị ấy có số bàn 028 3823 4567.", "028 3823 4567"),
    ("en", "Her cousin's number is +1 415 555 0100.", "+1 415 555 0100"),
    ("en", "He lives in London, call +44 20 7946 0958.", "+44 20 7946 0958"),
    ("en", "Write to her at lan.nguyen92@gmail.com if you want.", "lan.nguyen92@gmail.com"),
    ("vi", "Email riêng của bạn ấy: tuan_le@yahoo.com.vn", "tuan_le@yahoo.com.vn"),
    ("vi", "Số CCCD 079123456789 của khách đã bị lộ.", "CCCD 079123456789"),
    ("vi", "số CCCD 0790… của chị ấy", "CCCD 0790…"),
    ("vi", "CMND: 123456789", "CMND: 123456789"),
    ("vi", "Căn cước công dân số 001 098 765 432 đã bị chụp lại.", "Căn cước công dân số 001 098 765 432"),
    ("en", "Her ID number is 079123456789.", "ID number is 079123456789"),
    ("vi", "Mã 079123456789 trong ảnh là của khách.", "079123456789"),
    ("vi", "Em bé ở số 5 Trần Hưng Đạo.", "số 5 Trần Hưng Đạo"),
    ("en", "She lives at 12 Le Loi street.", "12 Le Loi street"),
    ("vi", "Shop gửi hàng tới 123 Nguyễn Huệ, Quận 1.", "123 Nguyễn Huệ, Quận 1"),
    ("en", "The office at 45 Baker Street.", "45 Baker Street"),
    ("vi", "Nhà anh ấy ở hẻm 45 Lê Văn Sỹ.", "hẻm 45 Lê Văn Sỹ"),
    ("vi", "Địa chỉ 7 đường Lê Lợi, Phường Bến Nghé.", "Địa chỉ 7 đường Lê Lợi, Phường Bến Nghé"),
    ("en", "We visited her home at 12/4 Pham Van Dong, Thu Duc.", "12/4 Pham Van Dong, Thu Duc"),
    ("en", "The girl, 15-year-old Mai Anh Thu, is fine.", "15-year-old Mai Anh Thu"),
    ("vi", "Bé Nguyễn Minh Khôi 10 tuổi đang được chăm sóc.", "Bé Nguyễn Minh Khôi 10 tuổi"),
    ("vi", "Cháu gái 13 tuổi là con của anh Tư bán bánh mì.", "13 tuổi"),
]


@pytest.mark.parametrize("lang, text, span", POSITIVE)
@pytest.mark.parametrize("form", FORMS)
def test_personal_data_is_flagged(lang, text, span, form):
    t = FORMS[form](text)
    found = pii_findings(t, lang)
    assert FORMS[form](span) in [f.text for f in found]
    for f in found:
        assert t[f.start:f.end] == f.text
        assert f.category == "privacy_disclosure" and f.route == "lawyer" and f.severity == "high"


NEGATIVE = [
    ("vi", "37 khách hàng đã báo kích ứng qua hotline tính đến 20/11."),
    ("vi", "Lô hàng bị ảnh hưởng là lô SR-12-1025."),
    ("vi", "Linh sẽ cập nhật lúc 20:00 ngày 24/11/2026."),
    ("vi", "Hợp đồng trị giá 2.000.000.000 đồng."),
    ("vi", "Chúng tôi hoàn tiền 2.500.000 đồng cho mỗi đơn."),
    ("vi", "Phiên bản 1.2.3 của ứng dụng đã sửa lỗi."),
    ("vi", "Gọi tổng đài 1900 1234 hoặc 1800 6868 (miễn phí)."),
    ("vi", "Có 12 khách hàng ở Quận 3 báo lỗi."),
    ("vi", "Cập nhật số 2 Linh Nguyễn gửi tới mọi người."),
    ("vi", "Cháu gái 13 tuổi đã được đưa về nhà an toàn."),
    ("vi", "Mình năm nay 25 tuổi, Linh Nguyễn xin lỗi."),
    ("en", "12 buyers reported illness by 17 November 2026."),
    ("en", "We paused 3 Lotus products on 20 November."),
    ("en", "The recall covers kits made between 2026-11-01 and 2026-11-15."),
    ("en", "The next update is at 8 pm on 21 November."),
    ("en", "Order #20261125 and batch FB-2211 are affected."),
    ("en", "We refunded $1,250,000 in total."),
    ("en", "Version 10.4.1 fixes the bug."),
    ("en", "A 14-year-old fan wrote to us."),
]


@pytest.mark.parametrize("lang, text", NEGATIVE)
@pytest.mark.parametrize("form", FORMS)
def test_no_false_alarm(lang, text, form):
    assert pii_findings(FORMS[form](text), lang) == []


@pytest.mark.parametrize(
    "allow, text",
    [
        (["linh.team@linhnguyen.vn"], "Mọi thắc mắc xin gửi về Linh.Team@LinhNguyen.vn."),
        (["0912 345 678"], "Hotline chính thức: 0912.345.678"),
        (["+84 912 345 678"], "Hotline: 0912345678"),
        (["maya.tran@mayacooks.com", "mayacooks.com/updates"], "Write to maya.tran@mayacooks.com."),
        (["Văn phòng: 12 Lê Lợi, Quận 1, TP.HCM"], "Mời bạn ghé văn phòng ở 12 Le Loi, Quan 1."),
    ],
)
def test_official_contact_is_not_personal_data(allow, text):
    assert pii_findings(text, "vi", allow=allow) == []
    assert len(pii_findings(text, "vi")) == 1  # without the allow-list it is flagged


def test_rationale_in_the_text_language_cites_the_law():
    (vi,) = pii_findings("Số của chị ấy: 0912 345 678", "vi")
    (en,) = pii_findings("Her number: 0912 345 678", "en")
    assert "Nghị định 13/2023/NĐ-CP" in vi.rationale and "dữ liệu cá nhân" in vi.rationale
    assert "Decree 13/2023" in en.rationale and "91/2025/QH15" in en.rationale
    assert vi.suggestion and en.suggestion


def test_minor_rationale_mentions_guardian_consent():
    (f,) = pii_findings("The girl, 15-year-old Mai Anh Thu, is fine.", "en")
    assert "guardian" in f.rationale


def _dev_cases():
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_dev_set_privacy_cases_are_caught_and_others_are_clean():
    cases = _dev_cases()
    privacy = [c for c in cases if "privacy_disclosure" in c["labels"]]
    others = [c for c in cases if "privacy_disclosure" not in c["labels"]]
    missed = [c["id"] for c in privacy if not pii_findings(c["text"], c["lang"])]
    noisy = [c["id"] for c in others if pii_findings(c["text"], c["lang"])]
    assert len(privacy) >= 4
    assert missed == []
    assert noisy == []


def test_empty_text():
    assert pii_findings("", "vi") == []


@pytest.mark.parametrize(
    "args, error, message",
    [((None, "vi"), TypeError, "needs the text as str"), (("0912 345 678", "de"), ValueError, "'vi' or 'en'")],
)
def test_bad_arguments_are_clear_errors(args, error, message):
    with pytest.raises(error, match=message):
        pii_findings(*args)


@pytest.mark.parametrize(
    "text,flagged",
    [
        ("Liên hệ hotro@congty.vn để được hỗ trợ.", None),
        ("Báo chí liên hệ press@school.edu.vn.", None),
        ("Write to support@brand.com for help.", None),
        ("Email chị Lan: lan.nguyen88@gmail.com", "lan.nguyen88@gmail.com"),
        ("Write to support@brand.com or to john.smith@gmail.com", "john.smith@gmail.com"),
    ],
)
def test_role_mailboxes_are_not_personal_data(text, flagged):
    found = [f.text for f in pii_findings(text, None) if f.category == "privacy_disclosure"]
    assert found == ([flagged] if flagged else [])
