"""The rule packs as data: every rule's examples match it, its counter-examples do not,
every rule exists in both languages, and a malformed pack fails with a message naming the
file, the rule and the problem."""

from __future__ import annotations

import copy
import unicodedata

import pytest

from guardrails.categories import describe_category, describe_checklist_item
from guardrails.report import CATEGORY_ROUTES, CHECKLIST_IDS
from guardrails.rulepack import (
    BRIEF_CATEGORIES,
    RULES_DIR,
    RulePackError,
    compile_pack,
    load_pack,
    read_pack_file,
)
from guardrails.scanner import rule_findings
from guardrails.text import fold

RULE_CATEGORIES = [c for c in CATEGORY_ROUTES if c not in BRIEF_CATEGORIES]


def _strip_marks(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text)
    return "".join(c for c in nfd if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")


def _rule_rows(kind: str):
    for lang in ("vi", "en"):
        pack = load_pack(lang)
        for index, rule in enumerate(pack.rules):
            for sample in getattr(rule, kind):
                yield pytest.param(lang, index, sample, id=f"{lang}:{rule.id}:{sample[:30]}")


def _matches(lang: str, index: int, sample: str) -> bool:
    pack = load_pack(lang)
    return pack.singles[index].search(fold(sample).folded) is not None


@pytest.mark.parametrize("lang,index,sample", list(_rule_rows("examples")))
def test_rule_matches_its_examples_in_every_form(lang, index, sample):
    for form in (sample, unicodedata.normalize("NFD", sample), _strip_marks(sample)):
        assert _matches(lang, index, form), form


@pytest.mark.parametrize("lang,index,sample", list(_rule_rows("counter_examples")))
def test_rule_ignores_its_counter_examples(lang, index, sample):
    pack = load_pack(lang)
    rule = pack.rules[index]
    found = {f.category for f in rule_findings(sample, lang)}
    assert rule.category not in found, (rule.id, sample)


def test_every_rule_exists_in_both_languages():
    vi = {(r.id, r.category) for r in load_pack("vi").rules}
    en = {(r.id, r.category) for r in load_pack("en").rules}
    assert vi == en, f"only vi: {sorted(vi - en)}; only en: {sorted(en - vi)}"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("category", RULE_CATEGORIES)
def test_every_rule_category_has_rules(lang, category):
    assert any(r.category == category for r in load_pack(lang).rules)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_rules_carry_rationale_and_suggestion(lang):
    for rule in load_pack(lang).rules:
        assert len(rule.rationale) > 40, rule.id
        assert rule.suggestion and rule.suggestion.lower() not in {"rephrase", "viết lại"}, rule.id


def _pack_data():
    return copy.deepcopy(read_pack_file(RULES_DIR / "en.yaml"))


def _typo_key(d):
    d["rules"][0]["patern"] = d["rules"][0].pop("pattern")


def _bad_fragment(d):
    d["rules"][1]["pattern"] = "{no_such_fragment} will"


def _bad_regex(d):
    d["rules"][2]["pattern"] = "(unclosed"


def _bad_category(d):
    d["rules"][0]["category"] = "rudeness"


def _diacritics(d):
    d["rules"][0]["pattern"] = "hoàn tiền"


def _duplicate(d):
    d["rules"].append(copy.deepcopy(d["rules"][0]))


@pytest.mark.parametrize(
    "spoil,expected",
    [
        (_typo_key, ["my.yaml", "patern", "Extra inputs"]),
        (_bad_fragment, ["my.yaml", "liability.negligence", "unknown fragment {no_such_fragment}"]),
        (_bad_regex, ["my.yaml", "liability.accept_liability", "invalid pattern"]),
        (_bad_category, ["my.yaml", "rudeness"]),
        (_duplicate, ["my.yaml", "liability.breach_of_law", "duplicate rule id"]),
        (_diacritics, ["my.yaml", "liability.breach_of_law", "diacritics"]),
    ],
)
def test_malformed_pack_names_file_rule_and_problem(spoil, expected):
    data = _pack_data()
    spoil(data)
    with pytest.raises(RulePackError) as info:
        compile_pack(data, "my.yaml")
    for part in expected:
        assert part in str(info.value)


def test_pack_compiles_from_data_without_python():
    data = _pack_data()
    data["rules"] = [
        {
            "id": "hostile.new_insult",
            "category": "hostile_tone",
            "pattern": "{we} (?:\\S+ )?(?:laugh at|mock) (?:you|them|critics)",
            "rationale": "Mocking critics reads as contempt and gets screenshotted.",
            "suggestion": "We hear the criticism.",
            "examples": ["we laugh at critics"],
        }
    ]
    pack = compile_pack(data, "new.yaml")
    assert pack.combined.search(fold("Honestly, WE just mock them.").folded)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("category", list(CATEGORY_ROUTES))
def test_every_category_is_described(lang, category):
    label, explanation = describe_category(category, lang)
    assert label and explanation.endswith(".") and label != category


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("item", CHECKLIST_IDS)
def test_every_checklist_item_is_described(lang, item):
    label, explanation = describe_checklist_item(item, lang)
    assert label and explanation


def test_descriptions_differ_by_language():
    assert describe_category("defamation", "vi") != describe_category("defamation", "en")
    with pytest.raises(KeyError):
        describe_category("rudeness", "en")
