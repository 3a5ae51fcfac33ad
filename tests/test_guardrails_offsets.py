"""Offsets always point into the text as given (NFC, NFD, without diacritics), the same
rules fire on every form, and the text helpers (fold, sentences, language) behave."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from guardrails import scan
from guardrails.text import detect_language, fold, sentences
from tests.text_forms import FORMS as TEXT_FORMS

DATA = Path(__file__).parent / "data"



def _texts() -> list[str]:
    rows = []
    for name in ("guardrail_dev_cases.jsonl", "guardrails_holdout.jsonl"):
        with (DATA / name).open(encoding="utf-8") as fh:
            rows += [json.loads(line)["text"] for line in fh if line.strip()]
    return rows


TEXTS = _texts()
FORMS = {
    **TEXT_FORMS,
    # odd spacing, line breaks and a leading emoji must not shift offsets either
    "spaced": lambda t: "🙏  " + unicodedata.normalize("NFD", t).replace(" ", "  \n", 2),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_every_finding_points_into_the_original(form):
    checked = 0
    for text in TEXTS:
        given = FORMS[form](text)
        for f in scan(given).findings:
            assert given[f.start : f.end] == f.text, (form, given, f)
            assert f.text.strip() == f.text and f.text, (form, f)
            checked += 1
    assert checked > 150


def test_same_categories_in_every_form():
    differ = []
    for text in TEXTS:
        found = [sorted({f.category for f in scan(FORMS[form](text)).findings}) for form in ("nfc", "nfd", "plain")]
        if not found[0] == found[1] == found[2]:
            differ.append((text, found))
    assert not differ[:5]


@pytest.mark.parametrize(
    "text,word",
    [
        ("Chúng tôi sẽ HOÀN TIỀN", "HOÀN TIỀN"),
        (unicodedata.normalize("NFD", "Công ty sẽ đền bù"), unicodedata.normalize("NFD", "đền bù")),
        ("a\u00a0b  c\n\nđồng", "đồng"),
        ("“Quoted” — ĐẾN", "ĐẾN"),
        ("İstanbul ﬁne café", "café"),
    ],
)
def test_fold_span_maps_back(text, word):
    ft = fold(text)
    target = fold(word).folded
    i = ft.folded.index(target)
    a, b = ft.span(i, i + len(target))
    assert text[a:b] == word


@pytest.mark.parametrize(
    "text,folded",
    [
        ("Chúng tôi  sẽ\tđền", "chung toi se den"),
        (unicodedata.normalize("NFD", "Ừ, ĐƯỢC"), "u, duoc"),
        ("it’s “ok”", "it's \"ok\""),
    ],
)
def test_fold_text(text, folded):
    assert fold(text).folded == folded


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Mình xin lỗi 🙏 Tụi mình sẽ sửa! Thật đó…", ["Mình xin lỗi 🙏", "Tụi mình sẽ sửa!", "Thật đó…"]),
        ("Mr. Smith came. He left?", ["Mr. Smith came.", "He left?"]),
        ("TP.HCM, ngày 3.11. Giá 1.500.000đ.", ["TP.HCM, ngày 3.11.", "Giá 1.500.000đ."]),
        ("- một\n• hai\n1. ba\n\nbốn", ["một", "hai", "ba", "bốn"]),
        ("“Xin lỗi.” Rồi sao?", ["“Xin lỗi.”", "Rồi sao?"]),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert [text[a:b] for a, b in sentences(text)] == expected


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Chúng tôi xin lỗi vì sự cố.", "vi"),
        ("Chung toi xin loi vi su co nay.", "vi"),
        (unicodedata.normalize("NFD", "Cảm ơn mọi người"), "vi"),
        ("We are sorry for the delay.", "en"),
        ("It's a tiny issue affecting a tiny number of bottles.", "en"),
        ("Shop se hoan tien cho cac ban", "vi"),
        ("Ms. Nguyễn Thị Hoa is a liar and a fraud.", "en"),  # a Vietnamese name in English
        ("CHÚNG TÔI XIN LỖI VÌ SỰ CỐ", "vi"),
        ("Đà Nẵng", "vi"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_mixed_language_text_uses_each_sentence_language():
    text = "Chúng tôi cam kết không bao giờ tái diễn. Also, this cream cures acne."
    found = {f.category: f.text for f in scan(text).findings}
    assert "không bao giờ tái diễn" in found.get("absolute_guarantee", "")
    assert found.get("regulated_claim") == "cures acne"


@pytest.mark.parametrize(
    "text",
    [
        "We will not speculate about the cause.",
        "We are not accusing anyone.",
        "We cannot yet promise a date.",
        "I am sorry that my post hurt many of you.",
        "Some comments claim that the brand lied to customers.",
        'A fan wrote: "this cream cures acne in a week", which is not true.',
        "Chúng tôi không cáo buộc ai.",
        "Một số bình luận cho rằng shop lừa đảo khách hàng.",
        "Chung toi se khong hoan tien truoc khi co ket qua.",
    ],
)
def test_context_clears(text):
    assert scan(text).findings == []


def test_scan_is_deterministic_and_rejects_non_text():
    text = _texts()[0]
    assert scan(text) == scan(text)
    with pytest.raises(TypeError):
        scan(b"bytes")
    with pytest.raises(ValueError):
        scan("x", lang="fr")


def _combined_hits(pack, text: str) -> list[int]:
    out, pos = [], 0
    while (m := pack.combined.search(text, pos)) is not None:
        out.append(m.start())
        pos = m.start() + 1
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_first_word_dispatch_finds_what_the_combined_pattern_finds(lang):
    from guardrails.rulepack import load_pack

    pack = load_pack(lang)
    texts = [FORMS["plain"](t) for t in TEXTS] + [
        "we're refunding everyone; overreacting, detoxifies the liver, 10-year-old, 3 out of 4 doctors",
        "một bé 7 tháng tuổi, 9 trên 10 bác sĩ, hoàn tiền 100% cho tất cả",
    ]
    for text in texts:
        folded = fold(text).folded
        hits = pack.dispatch.hits(folded, 0, len(folded))
        assert [at for at, _ in hits] == _combined_hits(pack, folded), text
        for at, candidates in hits:  # every rule matching at a hit is among its candidates
            matching = {i for i, single in enumerate(pack.singles) if single.match(folded, at)}
            assert matching <= set(candidates), (text, at)


@pytest.mark.parametrize(
    "text,category",
    [
        ("Shop ko hoàn tiền đâu nha", None),  # teencode negation: "ko" = không
        ("Ad sẽ hoàn tiền 100% cho mn nha 💕", "compensation_promise"),
        ("They claimed we lied to customers, which is false.", None),  # reported speech
        ("Chị ấy cho rằng shop lừa đảo khách, điều này không đúng.", None),
        ("Shop sẽ refund full cho các bạn 🙏", "compensation_promise"),  # code-switching
    ],
)
def test_social_media_forms(text, category):
    found = {f.category for f in scan(text).findings}
    assert found == ({category} if category else set()), found
