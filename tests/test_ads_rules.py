"""The sponsored-post check (scan kind ``sponsored_post``, issue 18) as data and behaviour:
the ads packs' rule examples, the disclosure / warning / unverified-use logic as a table,
every form of Vietnamese alike, offsets, legal basis in every rationale, malformed packs,
and the labelled sets: dev and held-out never overlap, the held-out set meets its floors."""

from __future__ import annotations

import copy
import unicodedata

import pytest

from guardrails import scan
from guardrails.ads import _rule_findings  # the ads rules alone
from guardrails.ads import AD_CATEGORIES, PRODUCT_CLASSES, AdContext, compile_ads_pack, load_ads_pack
from guardrails.categories import describe_category
from guardrails.report import ROUTES
from guardrails.rulepack import RULES_DIR, RulePackError, read_pack_file
from guardrails.text import fold
from tests import ads_eval

KIND = "sponsored_post"
SUPPLEMENT_USED = {"product_class": "health_supplement", "product_used": True}
WARNING_VI = "Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh."


def _strip_marks(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text)
    return "".join(c for c in nfd if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")


def _rows(kind: str):
    for lang in ("vi", "en"):
        for index, rule in enumerate(load_ads_pack(lang).rules.rules):
            for sample in getattr(rule, kind):
                yield pytest.param(lang, index, sample, id=f"{lang}:{rule.id}:{sample[:30]}")


@pytest.mark.parametrize("lang,index,sample", list(_rows("examples")))
def test_ads_rule_matches_its_examples_in_every_form(lang, index, sample):
    pack = load_ads_pack(lang).rules
    for form in (sample, unicodedata.normalize("NFD", sample), _strip_marks(sample)):
        assert pack.singles[index].search(fold(form).folded), form


@pytest.mark.parametrize("lang,index,sample", list(_rows("counter_examples")))
def test_ads_rule_ignores_its_counter_examples(lang, index, sample):
    rule = load_ads_pack(lang).rules.rules[index]
    found = {f.category for f in _rule_findings(sample, lang, fold(sample))}  # with negation/hedge context
    assert rule.category not in found, (rule.id, sample)


def test_both_ads_packs_have_the_same_rules_and_classes():
    vi, en = load_ads_pack("vi"), load_ads_pack("en")
    assert {(r.id, r.category) for r in vi.rules.rules} == {(r.id, r.category) for r in en.rules.rules}
    assert set(vi.classes) == set(en.classes) == set(PRODUCT_CLASSES)
    for name in PRODUCT_CLASSES:
        assert bool(vi.classes[name].required) == bool(en.classes[name].required), name


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_ads_rationale_names_its_legal_basis(lang):
    pack = load_ads_pack(lang)
    notices = [pack.disclosure.missing, pack.disclosure.hidden, pack.disclosure.denied,
               *(c.notice for c in pack.classes.values() if c.notice)]
    texts = [r.rationale for r in pack.rules.rules] + [n.rationale for n in notices]
    for text in texts:  # an article, or an honest word that the article number is unconfirmed
        assert "/" in text and any(w in text for w in ("Điều", "Art.", "Article", "chưa xác minh", "could not be confirmed")), text


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("category", AD_CATEGORIES)
def test_ad_categories_are_described_and_go_to_the_lawyer(lang, category):
    label, explanation = describe_category(category, lang)
    assert label and explanation.endswith(".") and ROUTES[category] == "lawyer"


@pytest.mark.parametrize("key,value", [("disclosure", {"labels": ["x"]}), ("colour", "red")])
def test_a_malformed_ads_pack_names_the_file_and_the_field(key, value):
    data = copy.deepcopy(read_pack_file(RULES_DIR / "ads.en.yaml"))
    data[key] = value
    with pytest.raises(RulePackError, match=rf"ads\.en\.yaml.*{key}"):
        compile_ads_pack(data, RULES_DIR / "ads.en.yaml")


def test_a_deal_context_with_an_unknown_class_is_refused():
    with pytest.raises(ValueError, match="product_class"):
        AdContext(product_class="potion")


# text, deal, categories that must be found (only those of AD_CATEGORIES + regulated_claim count)
CASES = [
    ("[Quảng cáo] Mình uống viên cá mỗi sáng từ tháng 9. " + WARNING_VI, SUPPLEMENT_USED, set()),
    ("Mình uống viên cá mỗi sáng từ tháng 9. " + WARNING_VI, SUPPLEMENT_USED, {"ad_disclosure"}),
    ("[Quảng cáo] Mình uống viên cá mỗi sáng từ tháng 9.", SUPPLEMENT_USED, {"ad_mandatory_warning"}),
    ("Quang cao. Minh uong vien ca moi sang. " + _strip_marks(WARNING_VI),
     {"product_class": "health_supplement", "product_used": False}, {"ad_unverified_use"}),
    ("Kem này review thật, mã GIAM10 ở giỏ hàng #skin #care #beauty #quangcao", {"product_class": "cosmetic"},
     {"ad_disclosure"}),
    ("#quangcao Kem này dưỡng ẩm tốt, mã GIAM10 ở giỏ hàng #skin #care #beauty", {"product_class": "cosmetic"},
     set()),
    ("Không phải quảng cáo đâu, link mua giảm 20% ở bio", None, {"ad_disclosure"}),
    ("Không phải quảng cáo đâu, chỉ là mình thích cái ấm này.", None, set()),
    ("Sponsored. This cream cures eczema for good.", {"product_class": "cosmetic", "product_used": True},
     {"regulated_claim"}),
    ("#ad I take these gummies every night.", {"product_class": "health_supplement", "product_used": True},
     {"ad_mandatory_warning"}),
    ("Paid partnership with Brew Co. Cold lager on a hot day. People under 18 must not drink alcohol.",
     {"product_class": "beer", "product_used": True}, set()),
    ("Quảng cáo | Bột ăn dặm cho bé từ 6 tháng, bé nhà mình ăn từ tháng 7.",
     {"product_class": "complementary_food", "product_used": True}, {"ad_mandatory_warning"}),
    ("I bought this kettle myself, nobody paid me.", None, set()),
]


@pytest.mark.parametrize("text,deal,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sponsored_post_check(text, deal, expected):
    found = {f.category for f in scan(text, kind=KIND, deal=deal).findings} & ads_eval.SCORED
    assert found == expected


@pytest.mark.parametrize("text,deal,expected", CASES[:6], ids=[c[0][:40] for c in CASES[:6]])
def test_every_form_of_vietnamese_gives_the_same_findings(text, deal, expected):
    forms = (text, unicodedata.normalize("NFD", text), _strip_marks(text))
    results = [{f.category for f in scan(form, kind=KIND, deal=deal).findings} & ads_eval.SCORED for form in forms]
    assert results[0] == results[1] == results[2] == expected


@pytest.mark.parametrize("post", ads_eval.load(ads_eval.DEV), ids=lambda p: p["id"])
def test_findings_point_at_the_text_and_go_to_the_lawyer(post):
    report = scan(post["text"], kind=KIND, deal=post["deal"])
    for f in report.findings:
        assert post["text"][f.start:f.end] == f.text
        if f.category in AD_CATEGORIES:
            assert f.route == "lawyer" and "lawyer" in report.needs_review
    assert report.checklist == []  # sponsored_post is not a statement kind


def test_the_other_kinds_do_not_run_the_ads_checks():
    text = "Mình dùng 2 tuần thấy da sáng hẳn, mã GIAM10 ở giỏ hàng nha"
    assert not {f.category for f in scan(text).findings} & set(AD_CATEGORIES)
    assert {f.category for f in scan(text, kind=KIND).findings} >= {"ad_disclosure", "ad_unverified_use"}


# ---------------------------------------------------------------- the labelled sets

def test_the_held_out_set_is_large_balanced_and_never_overlaps_the_dev_set():
    holdout, dev = ads_eval.load(ads_eval.HOLDOUT), ads_eval.load(ads_eval.DEV)
    assert len(holdout) >= 120
    compliant = sum(not p["expected"] for p in holdout)
    assert compliant == len(holdout) - compliant
    assert {p["lang"] for p in holdout} == {"vi", "en"}
    assert {p["channel"] for p in holdout} == {"facebook", "tiktok", "livestream"}
    plain = [p for p in holdout if p["lang"] == "vi" and p["text"] == _strip_marks(p["text"])]
    assert len(plain) >= 25  # written without diacritics
    norm = lambda t: " ".join(fold(t).folded.split())  # noqa: E731
    assert not {norm(p["text"]) for p in holdout} & {norm(p["text"]) for p in dev}
    assert not {p["id"] for p in holdout} & {p["id"] for p in dev}


def test_no_rule_example_is_taken_from_a_held_out_post():
    held = " ".join(fold(p["text"]).folded for p in ads_eval.load(ads_eval.HOLDOUT))
    for lang in ("vi", "en"):
        for rule in load_ads_pack(lang).rules.rules:
            for sample in rule.examples:
                assert " ".join(fold(sample).folded.split()) not in held, (rule.id, sample)


# each fresh batch was written after a round of rules froze and scored once with it; the
# floors are those first scores (later rounds may only do better on a batch already seen)
FRESH_FLOORS = {  # file: (recall, posts caught, compliant flagged)
    "ads_fresh_1.yaml": (0.86, 0.91, 0.09),  # round 1: 0.867, 0.914, 0.086
    "ads_fresh_2.yaml": (0.89, 0.91, 0.09),  # round 2: 0.891, 0.914, 0.086
    "ads_fresh_3.yaml": (0.91, 0.94, 0.03),  # round 3 (the current rules): 0.913, 0.943, 0.029
}


@pytest.mark.parametrize("name", sorted(FRESH_FLOORS))
def test_fresh_held_out_figures_meet_their_honest_floors(name):
    fresh = ads_eval.load([ads_eval.DATA / name])
    assert len(fresh) >= 70 and sum(not p["expected"] for p in fresh) * 2 == len(fresh)
    recall, caught, flagged = FRESH_FLOORS[name]
    m = ads_eval.measure(fresh)
    assert m["recall"] >= recall, m["misses"]
    assert m["post_recall"] >= caught, m["misses"]
    assert m["fp_rate"] <= flagged, m["alarms"]


def test_the_latest_fresh_batch_meets_the_issue_targets():
    m = ads_eval.measure(ads_eval.load([ads_eval.DATA / "ads_fresh_3.yaml"]))
    assert m["recall"] >= 0.90 and m["fp_rate"] <= 0.05


def test_every_fresh_batch_has_its_floor():
    assert {p.name for p in ads_eval.FRESH} == set(FRESH_FLOORS)


def test_fresh_and_dev_posts_never_overlap():
    norm = lambda t: " ".join(fold(t).folded.split())  # noqa: E731
    fresh = {norm(p["text"]) for p in ads_eval.load(ads_eval.FRESH)}
    assert len(fresh) == len(ads_eval.load(ads_eval.FRESH))
    assert not fresh & {norm(p["text"]) for p in ads_eval.load(ads_eval.DEV)}
    assert not fresh & {norm(p["text"]) for p in ads_eval.load(ads_eval.HOLDOUT)}


def test_held_out_figures_meet_their_floors():
    """The first held-out set (README: recall 0.970, flagged compliant 0.042 — but the rules'
    examples were first drawn from it, so this is a regression check, not a fair figure)."""
    m = ads_eval.measure(ads_eval.load(ads_eval.HOLDOUT))
    assert m["recall"] >= 0.90, m["misses"]
    assert m["post_recall"] >= 0.90, m["misses"]
    assert m["fp_rate"] <= 0.05, m["alarms"]


def test_dev_set_is_fully_caught():
    m = ads_eval.measure(ads_eval.load(ads_eval.DEV))
    assert m["recall"] == 1.0 and m["fp_rate"] == 0.0, (m["misses"], m["alarms"])
