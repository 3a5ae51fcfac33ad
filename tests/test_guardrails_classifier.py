"""The statistical second opinion (``guardrails.classifier``): the shipped weights load and
score deterministically, its spans hold on NFC/NFD/diacritic-less input, it never fires on
the offline drafter's output, it stays quiet on the clean passages of the data sets, and it
catches some risky sentences written here (in no data file) that no rule catches.

Run with ``-s`` to see which of the unseen sentences it catches. The honest held-out
figures come from ``python -m tools.train_classifier --evaluate``.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from assistant.brief import load_brief
from assistant.catalog import CHANNELS, KINDS
from guardrails import scan
from guardrails.classifier import WEIGHTS_PATH, load_model, model_findings, score_sentence
from guardrails.rulepack import BRIEF_CATEGORIES
from guardrails.report import CATEGORIES, CATEGORY_ROUTES
from guardrails.scanner import rule_findings
from guardrails.text import fold

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "examples"


def _rows() -> list[dict]:
    files = [DATA / "guardrail_dev_cases.jsonl", DATA / "guardrails_holdout.jsonl"]
    files += sorted(DATA.glob("guardrails_fresh_*.jsonl"))
    rows = []
    for path in files:
        with path.open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def _plain(text: str) -> str:
    """Diacritics removed (đ→d), the way people type without a Vietnamese keyboard."""
    nfd = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


# Risky sentences written for this test (not in any data file), with the category a
# reviewer would give them. Only those the classifier catches where no rule does are
# asserted (see test_unseen_risky_sentences); the rest are printed.
UNSEEN = [
    ("en", "We will cover the repair bill of every household on the street.", "compensation_promise"),
    ("en", "Each family will receive five thousand dollars from us by Friday.", "compensation_promise"),
    ("en", "That reviewer has been paid by our competitor to trash us for months.", "defamation"),
    ("en", "Her so-called evidence was cooked up in a photo editor.", "defamation"),
    ("en", "The outage was most likely triggered by a disgruntled contractor.", "speculation"),
    ("en", "Our lawyers are already drafting letters to the accounts spreading this.", "threat_retaliation"),
    ("en", "The tea melts belly fat in two weeks and lowers blood pressure.", "regulated_claim"),
    ("en", "The driver who hit the cyclist lives on Hoang Dieu street with his two kids.", "privacy_disclosure"),
    ("en", "Anyone who actually read the label would have known to keep it in the fridge.", "blame_shifting"),
    ("en", "Only a handful of buyers noticed anything, so it is hardly a scandal.", "minimizing"),
    ("en", "Imagine getting this upset over a lipstick shade, get a life.", "hostile_tone"),
    ("en", "The inspectors will find nothing, this whole probe is a waste of time.", "legal_proceedings"),
    ("en", "Our deal with the agency pays them 40 million a quarter plus bonuses.", "confidential_info"),
    ("en", "We admit our warehouse ignored the safety code for years.", "liability_admission"),
    ("en", "Apologies to whoever felt hurt, if that's how you chose to read it.", "non_apology"),
    ("en", "Every bottle we sell from now on is guaranteed contamination-free.", "absolute_guarantee"),
    ("vi", "Chúng tôi sẽ chi trả toàn bộ viện phí cho các bé bị ngộ độc.", "compensation_promise"),
    ("vi", "Mỗi khách hàng sẽ nhận lại gấp đôi số tiền đã mua.", "compensation_promise"),
    ("vi", "Tay reviewer đó nhận tiền của đối thủ để bôi nhọ shop.", "defamation"),
    ("vi", "Chắc chắn là có kẻ cố tình phá hoại hệ thống của chúng tôi.", "speculation"),
    ("vi", "Ai còn bình luận sai sự thật sẽ nhận thư của luật sư.", "threat_retaliation"),
    ("vi", "Trà giảm cân này đánh tan mỡ bụng chỉ sau một tuần.", "regulated_claim"),
    ("vi", "Cô gái trong clip học lớp 9 trường Lê Quý Đôn, nhà ở hẻm 12.", "privacy_disclosure"),
    ("vi", "Tại khách tự bảo quản sai cách nên sản phẩm mới hỏng.", "blame_shifting"),
    ("vi", "Có mấy đơn giao trễ thôi mà làm như chuyện to tát.", "minimizing"),
    ("vi", "Mấy người rảnh rỗi ngồi soi mói thì nên đi làm việc khác.", "hostile_tone"),
    ("vi", "Cơ quan điều tra rồi cũng sẽ thấy chúng tôi trong sạch.", "legal_proceedings"),
    ("vi", "Phí hợp tác với nhãn hàng là 300 triệu cho ba bài đăng.", "confidential_info"),
    ("vi", "Chúng tôi thừa nhận đã vi phạm quy định an toàn thực phẩm.", "liability_admission"),
    ("vi", "Xin lỗi ai thấy khó chịu, nhưng đó là cảm nhận của các bạn.", "non_apology"),
    ("vi", "Từ nay sản phẩm của shop đảm bảo không còn một lỗi nào.", "absolute_guarantee"),
]

# Known to be caught by the classifier where no rule catches them (checked when this test
# was written; a rule that later learns the wording makes the case moot, not failing).
CAUGHT = {
    "Each family will receive five thousand dollars from us by Friday.": ("en", "compensation_promise"),
    "Every bottle we sell from now on is guaranteed contamination-free.": ("en", "absolute_guarantee"),
    "Mỗi khách hàng sẽ nhận lại gấp đôi số tiền đã mua.": ("vi", "compensation_promise"),
    "Chắc chắn là có kẻ cố tình phá hoại hệ thống của chúng tôi.": ("vi", "speculation"),
    "Cơ quan điều tra rồi cũng sẽ thấy chúng tôi trong sạch.": ("vi", "legal_proceedings"),
}


def _classifier_categories(text: str, lang: str) -> tuple[set[str], set[str]]:
    rules = rule_findings(text, lang)
    found = model_findings(text, lang, found=rules)
    return {f.category for f in rules}, {f.category for f in found}


# ----------------------------------------------------------------------------- weights

def test_weights_load_and_cover_the_learnable_categories():
    assert WEIGHTS_PATH.exists()
    assert WEIGHTS_PATH.stat().st_size < 3_000_000
    model = load_model()
    assert model is not None
    learnable = {c for c in CATEGORIES if c not in BRIEF_CATEGORIES}
    assert set(model.categories) == learnable
    for cat in model.categories:
        for lang in ("vi", "en"):
            assert 0.0 < model.thresholds[cat][lang] <= 1.0


@pytest.mark.parametrize("text", [
    "We will refund every customer in full, no questions asked.",
    "Chúng tôi sẽ hoàn tiền cho tất cả khách hàng.",
    "The weather in Hanoi is lovely this week.",
])
def test_scores_are_deterministic(text):
    folded = fold(text).folded
    first = score_sentence(folded)
    load_model.cache_clear()
    again = score_sentence(folded)
    assert first == again
    assert set(first) == set(load_model().categories)
    assert all(0.0 <= p <= 1.0 for p in first.values())


# ----------------------------------------------------------------------------- offsets

_FORMS = {
    "nfc": lambda t: unicodedata.normalize("NFC", t),
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "plain": _plain,
}


@pytest.mark.parametrize("form", sorted(_FORMS))
@pytest.mark.parametrize("lang,sentence,category", UNSEEN)
def test_offsets_hold_on_every_form(form, lang, sentence, category):
    text = "  " + _FORMS[form](f"Cập nhật mới.\n\n{sentence}  \n- {sentence} ") if lang == "vi" else \
        "  " + _FORMS[form](f"A new update.\n\n{sentence}  \n- {sentence} ")
    for f in model_findings(text, lang):
        assert text[f.start : f.end] == f.text
        assert f.text == f.text.strip() and f.text
        assert f.source == "model" and f.severity == "medium"
        assert f.route == CATEGORY_ROUTES[f.category]
        assert f.rationale


def test_same_findings_on_nfc_nfd_and_plain():
    for lang, sentence, _ in UNSEEN:
        cats = [{f.category for f in model_findings(form(sentence), lang)} for form in _FORMS.values()]
        assert cats[0] == cats[1], sentence  # NFC and NFD fold to the same text
        if lang == "en":
            assert cats[0] == cats[2], sentence


# ----------------------------------------------------------------------------- drafter

def _drafts():
    from assistant.services.drafting import draft

    out = []
    for name in ("vi", "en"):
        brief = load_brief(EXAMPLES / f"brief.{name}.yaml")
        for lang in ("vi", "en"):
            for kind in KINDS:
                for channel in CHANNELS:
                    d = draft(brief, kind=kind, channel=channel, lang=lang, backend="offline")
                    out.append((name, lang, kind, channel, d.text, d.language))
    return out


def test_offline_drafter_output_gets_no_classifier_finding():
    bad = []
    for name, lang, kind, channel, text, language in _drafts():
        found = model_findings(text, language)
        found += [f for f in scan(text, lang=language).findings if f.source == "model"]
        bad += [(name, lang, kind, channel, f.category, f.text) for f in found]
    assert not bad, bad


# ----------------------------------------------------------------------------- clean data

def test_clean_passages_rarely_get_a_classifier_finding():
    clean = [r for r in _rows() if not r["labels"]]
    flagged = [r for r in clean if model_findings(r["text"], r["lang"])]
    for r in flagged:
        print("classifier on a clean passage:", r["id"], r["text"])
    assert len(flagged) <= 0.03 * len(clean), f"{len(flagged)}/{len(clean)}"


# ----------------------------------------------------------------------------- unseen

def test_unseen_risky_sentences():
    caught_here, table = set(), []
    for lang, sentence, category in UNSEEN:
        rules, model = _classifier_categories(sentence, lang)
        status = ("rules" if category in rules else
                  "classifier" if category in model else "missed")
        table.append(f"  {status:<10} {category:<21} {lang} {sentence}  (classifier: {sorted(model)})")
        if status == "classifier":
            caught_here.add(sentence)
    print("\nunseen risky sentences:\n" + "\n".join(table))
    for sentence in CAUGHT:
        lang, category = CAUGHT[sentence]
        rules, model = _classifier_categories(sentence, lang)
        assert category in rules or category in model, (category, sentence)
        # and scan() reports it: from a rule if one learnt the wording, else from the model
        found = [f for f in scan(sentence, lang=lang).findings if f.category == category]
        assert found, (category, sentence)
        if category not in rules:
            assert found[0].source == "model" and found[0].text == sentence
